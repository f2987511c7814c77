// The sections of audit.html, printed from the Audit model and its dashboard view model (no computing here).
import type { Audit } from "../../model/audit.js";
import { escapeHtml as e, inlineMarkdown } from "./escape.js";
import type { DashboardView, Facet } from "./view-model.js";

export function headerSection(audit: Audit, view: DashboardView): string {
  const counts = (Object.entries(audit.summary.counts) as Array<[string, number]>)
    .map(
      ([severity, n]) =>
        `<span class="count"><span class="sev sev-${severity}">${severity}</span> ${n}</span>`,
    )
    .join("");
  return `<header id="summary"><h1>Code Audit — ${e(audit.repository.name)}</h1>
<p class="meta">${audit.repository.commit ? `commit <code>${e(audit.repository.commit)}</code> · ` : ""}${audit.repository.branch ? `branch <code>${e(audit.repository.branch)}</code> · ` : ""}${audit.generatedAt ? `${e(audit.generatedAt)} · ` : ""}codeaudit ${e(audit.tool.version)}</p>
<div class="headline"><span class="grade band-${view.scoreBand}">${e(audit.summary.grade)}</span><div><b>${audit.summary.score}/100</b> — ${inlineMarkdown(audit.summary.verdict)}<div class="counts">${counts}</div></div></div>
${audit.summary.cap ? `<p class="cap">Capped at ${e(audit.summary.cap.grade)} by ${e(audit.summary.cap.reason)}; the weighted mean of the areas is ${audit.summary.uncappedScore} (${e(audit.summary.uncappedGrade)}).</p>` : ""}
</header>`;
}

export function tocSection(view: DashboardView): string {
  return `<nav class="toc" aria-label="contents"><ol>${view.toc.map((t) => `<li><a href="#${t.id}">${e(t.title)}</a></li>`).join("")}</ol></nav>`;
}

export function blockersSection(view: DashboardView): string {
  if (view.blockers.length === 0) return "";
  return `<section id="blocking"><h2>Blocking</h2><ol>${view.blockers
    .map(
      (b) =>
        `<li>${inlineMarkdown(b.reason)}${b.areaHref && b.area ? ` — <a href="${b.areaHref}">${e(b.area)}</a>` : ""}${
          b.links.length > 0
            ? `<br><small>${b.links.map((l) => `<a href="${e(l.href)}"><code>${e(l.label)}</code></a>`).join(", ")}${b.more > 0 ? ` and ${b.more} more` : ""}</small>`
            : ""
        }</li>`,
    )
    .join("")}</ol></section>`;
}

export function risksSection(view: DashboardView): string {
  if (view.risks.length === 0) return "";
  return `<section id="top-risks"><h2>Top risks</h2><ol>${view.risks
    .map(
      (r) =>
        `<li><span class="sev sev-${r.severity}">${r.severity}</span> <a class="risk-link" href="${e(r.href)}">${r.titleHtml}</a>${r.where ? ` <code>${e(r.where)}</code>` : ""}${r.more > 0 ? ` and ${r.more} more` : ""} <span class="chip">${e(r.place)}</span></li>`,
    )
    .join("")}</ol></section>`;
}

export function strengthsSection(audit: Audit): string {
  if (audit.strengths.length === 0) return "";
  return `<section id="strengths"><h2>Strengths</h2><ul>${audit.strengths
    .map(
      (s) =>
        `<li><b>${e(s.title)}</b>: ${inlineMarkdown(s.detail)} ${s.evidence.map((ev) => `<code>${e(`${ev.path}:${ev.line}`)}</code>`).join(" ")}</li>`,
    )
    .join("")}</ul></section>`;
}

export function actionsSection(view: DashboardView): string {
  if (view.actions.length === 0) return "";
  return `<section id="actions"><h2>Action items</h2><table><thead><tr><th>Priority</th><th>Action</th><th>Area</th><th>Places</th><th>Effort</th></tr></thead><tbody>${view.actions
    .map(
      (a) =>
        `<tr><td>${e(a.priority)}</td><td><span class="sev sev-${a.severity}">${a.severity}</span> <a class="action-link" href="${e(a.firstHref)}">${inlineMarkdown(a.title)}</a></td><td>${e(a.areaTitle)}</td><td><a href="${e(a.allHref)}">${a.count}</a></td><td class="nowrap">${e(a.effort)}</td></tr>`,
    )
    .join("")}</tbody></table></section>`;
}

export function chartsSection(audit: Audit, view: DashboardView): string {
  const severities = Object.entries(audit.summary.counts) as Array<[string, number]>;
  const max = Math.max(1, ...severities.map(([, n]) => n));
  const severityBars = severities
    .map(([severity, n], i) => {
      const width = Math.round((n / max) * 300);
      return `<a href="#findings?sev=${severity}"><text x="0" y="${i * 22 + 15}">${severity}</text><rect class="sev-bar" x="70" y="${i * 22 + 3}" width="${width}" height="16" style="fill:var(--${severity})"/><text x="${76 + width}" y="${i * 22 + 15}">${n}</text></a>`;
    })
    .join("");
  const areaBars = view.areaBars
    .map((bar, i) => {
      const width = Math.round(bar.score * 3);
      return `<a href="${e(bar.href)}"><text x="0" y="${i * 22 + 15}">${e(bar.title)}</text><rect class="track" x="190" y="${i * 22 + 3}" width="300" height="16"/><rect class="fill-${bar.band}" x="190" y="${i * 22 + 3}" width="${width}" height="16"><title>${e(`${bar.title}: ${bar.score}/100, ${bar.status}, ${bar.findings} finding(s)`)}</title></rect><text x="${496}" y="${i * 22 + 15}">${bar.score}</text></a>`;
    })
    .join("");
  const legend = view.legend
    .map((band) => `<span><i class="band-${band.id}"></i>${e(band.label)}</span>`)
    .join("");
  return `<section id="charts"><h2>Scores</h2>
<h3>Area scores</h3><svg role="img" aria-label="area scores" width="540" height="${view.areaBars.length * 22 + 4}">${areaBars}</svg>
<div class="legend" aria-label="score colours">${legend}</div>
<h3>Findings by severity</h3><svg role="img" aria-label="findings by severity" width="420" height="${severities.length * 22 + 4}">${severityBars}</svg></section>`;
}

/** Duplicated-lines density with a bar per language and the largest clone classes. */
export function duplicationSection(audit: Audit): string {
  const duplication = audit.duplication;
  if (!duplication) return "";
  const bar = (percent: number): string =>
    `<svg width="200" height="10" role="img" aria-label="${percent}%"><rect class="track" width="200" height="10"/><rect width="${Math.round(Math.min(100, percent) * 2)}" height="10" style="fill:var(--medium)"/></svg>`;
  const rows = duplication.byLanguage
    .map(
      (row) =>
        `<tr><td>${e(row.language)}</td><td>${bar(row.identicalPercent)} ${row.identicalPercent}%</td><td>${bar(row.percent)} ${row.percent}%</td><td>${row.duplicatedLines} / ${row.codeLines}</td></tr>`,
    )
    .join("");
  const classes = duplication.largestClasses
    .slice(0, 5)
    .map(
      (c) =>
        `<li>${c.places.length} copies of ${c.lines} lines (${c.tokens} tokens, ${c.kind}): ${c.places
          .slice(0, 4)
          .map((p) => `<code>${e(`${p.path}:${p.startLine}-${p.endLine}`)}</code>`)
          .join(", ")}${c.places.length > 4 ? ` and ${c.places.length - 4} more` : ""}</li>`,
    )
    .join("");
  return `<section id="duplication"><h2>Duplication</h2>
<p><b>${duplication.total.identicalPercent}%</b> of code lines are in identical copies (${duplication.total.identicalLines} of ${duplication.total.codeLines} lines); <b>${duplication.total.percent}%</b> counting copies with renamed identifiers or literals (${duplication.classes} clone classes, minimum ${duplication.minTokens} tokens and ${duplication.minLines} lines).</p>
<table><thead><tr><th>Language</th><th>Identical copies</th><th>With renamed copies</th><th>Lines</th></tr></thead><tbody>${rows}</tbody></table>
${classes ? `<ul>${classes}</ul>` : ""}</section>`;
}

function options(facets: Facet[], all: string): string {
  return `${all ? `<option value="">${e(all)}</option>` : ""}${facets.map((f) => `<option value="${e(f.value)}">${e(f.label)} (${f.count})</option>`).join("")}`;
}

/** The filter controls and the (script-filled) list; the findings themselves are in the JSON block. */
export function findingsSection(view: DashboardView): string {
  const pager = `<div class="pager"><button type="button" class="prev">‹ Previous</button><span class="page-info"></span><button type="button" class="next">Next ›</button></div>`;
  return `<section id="findings"><h2>Findings <small id="result-count">${view.findings.length} findings</small></h2>
<div class="controls" role="search">
<label>Area<select id="f-area">${options(view.facets.areas, "All areas")}</select></label>
<label>Severity<select id="f-sev" multiple size="5">${options(view.facets.severities, "")}</select></label>
<label>Rule<select id="f-rule">${options(view.facets.rules, "All rules")}</select></label>
<label>Confidence<select id="f-conf">${options(view.facets.confidences, "Any")}</select></label>
<label>Path (contains; / anchors at the root)<input id="f-path" type="text" placeholder="src/api/"></label>
<label>Search<input id="f-q" type="search" placeholder="text in title, message, rule, path, evidence"></label>
<button type="button" id="f-clear">Clear</button>
<span id="f-action" class="chip" hidden><span class="label"></span> <button type="button" aria-label="clear action filter">×</button></span>
</div>
<noscript><p>The findings list is drawn by a script: open this file with scripts enabled (audit.json, when written, holds the same findings).</p></noscript>
${pager}<div id="finding-list"></div>${pager}
</section>`;
}

export function areasSection(audit: Audit, view: DashboardView): string {
  const hrefOf = new Map(view.areaBars.map((bar) => [bar.id, bar]));
  const areas = audit.areas
    .map((area, i) => {
      const bar = hrefOf.get(area.id);
      const passed = area.checks.filter((c) => c.status === "passed").length;
      return `<section id="area-${area.id}"><h3>${i + 1}. ${e(area.title)} <span class="status">${e(area.status)}</span>${bar ? ` <span class="sev band-${bar.band}">${area.score}/100</span>` : ""}</h3>
${area.facts.length ? `<ul class="facts">${area.facts.map((f) => `<li><b>${e(f.label)}:</b> ${inlineMarkdown(f.value)}${f.location ? ` <code>${e(`${f.location.path}:${f.location.startLine}`)}</code>` : ""}</li>`).join("")}</ul>` : ""}
${(area.tables ?? []).map((t) => `<table class="facts-table"><caption>${e(t.title)}</caption><thead><tr>${t.columns.map((c) => `<th>${e(c)}</th>`).join("")}</tr></thead><tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>${t.note ? `<p class="note">${e(t.note)}</p>` : ""}`).join("")}
${area.findingIds.length > 0 && bar ? `<p><a href="${e(bar.href)}">${area.findingIds.length} finding(s) in this area</a> · ${passed} check(s) passed</p>` : `<p class="none">No issues (${passed} checks passed).</p>`}
${area.recommendations.length ? `<ul>${area.recommendations.map((r) => `<li>${inlineMarkdown(r)}</li>`).join("")}</ul>` : ""}
</section>`;
    })
    .join("\n");
  return `<section id="areas"><h2>Areas</h2>${areas}</section>`;
}

export function notAnalysedSection(audit: Audit): string {
  const { coverage } = audit;
  const left = [
    ...coverage.excludedFolders.map(
      (f) => `<li><code>${e(f.path)}/</code> — ${f.files} file(s): ${e(f.reason)}</li>`,
    ),
    ...coverage.uncoveredFrameworks.map(
      (f) =>
        `<li>${e(f.name)} (<code>${e(`${f.evidence.path}:${f.evidence.line}`)}</code>) — in use, no check reads it; would feed ${e(f.areas.join(", "))}</li>`,
    ),
  ];
  return left.length > 0
    ? `<section id="not-analysed"><h2>Not analysed</h2><ul>${left.join("")}</ul></section>`
    : "";
}
