// audit.html: one self-contained page (inline CSS and SVG charts, no scripts, no external assets).
import type { Audit, AreaReport } from "../../model/audit.js";
import type { Finding } from "../../model/finding.js";
import { formatEffort } from "../../model/format.js";

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string,
  );
}

const SEVERITY_COLOR = {
  critical: "#b00020",
  high: "#e4572e",
  medium: "#f0a202",
  low: "#3a86ff",
  info: "#8d99ae",
} as const;
const STATUS_COLOR: Record<AreaReport["status"], string> = {
  PASS: "#2a9d8f",
  GOOD: "#2a9d8f",
  "NEEDS REVIEW": "#f0a202",
  "NEEDS ATTENTION": "#e4572e",
  FAIL: "#b00020",
  "NOT APPLICABLE": "#adb5bd",
};

export function renderHtml(audit: Audit): string {
  const e = escapeHtml;
  const byId = new Map(audit.findings.map((f) => [f.id, f]));
  const areas = audit.areas
    .map((area, i) => {
      const findings = area.findingIds.map((id) => byId.get(id)).filter((f): f is Finding => Boolean(f));
      return `<section id="area-${area.id}"><h2>${i + 1}. ${e(area.title)} <span class="status" style="background:${STATUS_COLOR[area.status]}">${e(area.status)}</span>${area.status === "NOT APPLICABLE" ? "" : ` <small>${area.score}/100</small>`}</h2>
${area.facts.length ? `<ul class="facts">${area.facts.map((f) => `<li><b>${e(f.label)}:</b> ${e(f.value)}${f.location ? ` <code>${e(`${f.location.path}:${f.location.startLine}`)}</code>` : ""}</li>`).join("")}</ul>` : ""}
${(area.tables ?? []).map((t) => `<table class="facts-table"><caption>${e(t.title)}</caption><thead><tr>${t.columns.map((c) => `<th>${e(c)}</th>`).join("")}</tr></thead><tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>${t.note ? `<p class="note">${e(t.note)}</p>` : ""}`).join("")}
${findings.length ? `<table><thead><tr><th>Severity</th><th>Finding</th><th>Where</th></tr></thead><tbody>${findings.map(findingRow).join("")}</tbody></table>` : `<p class="none">No issues (${area.checks.filter((c) => c.status === "passed").length} checks passed).</p>`}
</section>`;
    })
    .join("\n");
  const actions = audit.actions
    .map(
      (a) =>
        `<tr><td>${a.priority}</td><td>${e(a.title)}</td><td>${a.area}</td><td>${a.count}</td><td>${formatEffort(a.effortMinutes)}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Code Audit — ${e(audit.repository.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#1d2330}
h1{margin-bottom:0}.meta{color:#5c677d}.grade{font-size:48px;font-weight:700}
.status{color:#fff;border-radius:4px;padding:2px 8px;font-size:12px;vertical-align:middle}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
code,pre{background:#f3f4f6;border-radius:4px}pre{padding:8px;overflow:auto;max-height:240px}.sev{color:#fff;border-radius:3px;padding:1px 6px;font-size:12px}
section{border-top:1px solid #d0d5dd;margin-top:24px}.none{color:#2a9d8f}
</style></head><body>
<h1>Code Audit — ${e(audit.repository.name)}</h1>
<p class="meta">${audit.repository.commit ? `commit <code>${e(audit.repository.commit)}</code> · ` : ""}${audit.generatedAt ? e(audit.generatedAt) + " · " : ""}codeaudit ${e(audit.tool.version)}</p>
<div><span class="grade">${e(audit.summary.grade)}</span> <span>${audit.summary.score}/100 — ${e(audit.summary.verdict)}</span></div>
${summaryDetails(audit, byId)}
${severityChart(audit)}
${areaChart(audit)}
${duplicationBlock(audit)}
<h2>Action items</h2><table><thead><tr><th>Priority</th><th>Action</th><th>Area</th><th>Places</th><th>Effort</th></tr></thead><tbody>${actions}</tbody></table>
${areas}
</body></html>
`;
}

/** Verdict, blockers with their findings, the grade cap, ranked risks, strengths and what was left out. */
function summaryDetails(audit: Audit, byId: Map<string, Finding>): string {
  const e = escapeHtml;
  const { summary, coverage } = audit;
  const place = (f: Finding | undefined): string =>
    f?.location ? `<code>${e(`${f.location.path}:${f.location.startLine}`)}</code>` : "repository";
  const parts: string[] = [];
  if (summary.cap)
    parts.push(
      `<p class="cap">Capped at ${e(summary.cap.grade)} by ${e(summary.cap.reason)}; the weighted mean of the areas is ${summary.uncappedScore} (${e(summary.uncappedGrade)}).</p>`,
    );
  if (summary.blockers.length > 0)
    parts.push(
      `<h2>Blocking</h2><ol>${summary.blockers
        .map(
          (b) =>
            `<li>${e(b.reason)}${b.area ? ` — <a href="#area-${b.area}">${e(b.area)}</a>` : ""}${
              b.findingIds.length > 0
                ? `<br><small>${b.findingIds
                    .slice(0, 5)
                    .map((id) => place(byId.get(id)))
                    .join(
                      ", ",
                    )}${b.findingIds.length > 5 ? ` and ${b.findingIds.length - 5} more` : ""}</small>`
                : ""
            }</li>`,
        )
        .join("")}</ol>`,
    );
  if (summary.topRisks.length > 0)
    parts.push(`<h2>Top risks</h2><ol>${summary.topRisks.map((r) => `<li>${e(r)}</li>`).join("")}</ol>`);
  if (audit.strengths.length > 0)
    parts.push(
      `<h2>Strengths</h2><ul>${audit.strengths
        .map(
          (s) =>
            `<li><b>${e(s.title)}</b>: ${e(s.detail)} ${s.evidence.map((ev) => `<code>${e(`${ev.path}:${ev.line}`)}</code>`).join(" ")}</li>`,
        )
        .join("")}</ul>`,
    );
  const left = [
    ...coverage.excludedFolders.map(
      (f) => `<li><code>${e(f.path)}/</code> — ${f.files} file(s): ${e(f.reason)}</li>`,
    ),
    ...coverage.uncoveredFrameworks.map(
      (f) =>
        `<li>${e(f.name)} (<code>${e(`${f.evidence.path}:${f.evidence.line}`)}</code>) — in use, no check reads it; would feed ${e(f.areas.join(", "))}</li>`,
    ),
  ];
  if (left.length > 0) parts.push(`<h2>Not analysed</h2><ul>${left.join("")}</ul>`);
  return parts.join("\n");
}

/** Duplicated-lines density with a bar per language and the largest clone classes. */
function duplicationBlock(audit: Audit): string {
  const duplication = audit.duplication;
  if (!duplication) return "";
  const e = escapeHtml;
  const bar = (percent: number): string =>
    `<svg width="200" height="10" role="img" aria-label="${percent}%"><rect width="200" height="10" fill="#e5e7eb"/><rect width="${Math.round(Math.min(100, percent) * 2)}" height="10" fill="#f0a202"/></svg>`;
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
  return `<h2>Duplication</h2>
<p><b>${duplication.total.identicalPercent}%</b> of code lines are in identical copies (${duplication.total.identicalLines} of ${duplication.total.codeLines} lines); <b>${duplication.total.percent}%</b> counting copies with renamed identifiers or literals (${duplication.classes} clone classes, minimum ${duplication.minTokens} tokens and ${duplication.minLines} lines).</p>
<table><thead><tr><th>Language</th><th>Identical copies</th><th>With renamed copies</th><th>Lines</th></tr></thead><tbody>${rows}</tbody></table>
${classes ? `<ul>${classes}</ul>` : ""}`;
}

function findingRow(f: Finding): string {
  const e = escapeHtml;
  const where = f.location ? `<code>${e(`${f.location.path}:${f.location.startLine}`)}</code>` : "repository";
  return `<tr><td><span class="sev" style="background:${SEVERITY_COLOR[f.severity]}">${f.severity}</span></td><td><b>${e(f.title)}</b><br>${e(f.message)}${f.evidence.snippet ? `<pre>${e(f.evidence.snippet)}</pre>` : ""}<i>Fix:</i> ${e(f.fix.text)}${f.patch ? `<details><summary>Patch (<code>git apply</code> accepts it)</summary><pre>${e(f.patch)}</pre></details>` : ""}</td><td>${where}</td></tr>`;
}

function severityChart(audit: Audit): string {
  const entries = Object.entries(audit.summary.counts) as Array<[keyof typeof SEVERITY_COLOR, number]>;
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const bars = entries
    .map(([severity, n], i) => {
      const width = Math.round((n / max) * 300);
      return `<text x="0" y="${i * 22 + 15}" font-size="12">${severity}</text><rect x="70" y="${i * 22 + 3}" width="${width}" height="16" fill="${SEVERITY_COLOR[severity]}"/><text x="${76 + width}" y="${i * 22 + 15}" font-size="12">${n}</text>`;
    })
    .join("");
  return `<h2>Findings by severity</h2><svg role="img" aria-label="findings by severity" width="420" height="${entries.length * 22 + 4}">${bars}</svg>`;
}

function areaChart(audit: Audit): string {
  const rows = audit.areas.filter((a) => a.status !== "NOT APPLICABLE");
  const bars = rows
    .map((area, i) => {
      const width = Math.round(area.score * 3);
      return `<text x="0" y="${i * 22 + 15}" font-size="12">${escapeHtml(area.title)}</text><rect x="170" y="${i * 22 + 3}" width="${width}" height="16" fill="${STATUS_COLOR[area.status]}"/><text x="${176 + width}" y="${i * 22 + 15}" font-size="12">${area.score}</text>`;
    })
    .join("");
  return `<h2>Area scores</h2><svg role="img" aria-label="area scores" width="520" height="${rows.length * 22 + 4}">${bars}</svg>`;
}
