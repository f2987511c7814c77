// delta.html: the delta report (SPEC §6) as a page with the audit dashboard's styles and components: score
// change, quality gates with PASS/FAIL, new and fixed findings, the change map as tables, ready-to-apply patches.
import { escapeHtml as e, inlineMarkdown } from "../report/html/escape.js";
import { findingCard } from "../report/html/finding-card.js";
import { renderPage } from "../report/html/page.js";
import { scoreBand } from "../report/html/view-model.js";
import type { DeltaReport, GateStatus } from "./types.js";

const GATE_CLASS: Record<GateStatus, string> = { PASS: "gate-PASS", FAIL: "gate-FAIL", "N/A": "gate-NA" };

export function renderDeltaHtml(report: DeltaReport): string {
  const range = report.range;
  const title = `Delta Audit — ${report.repository.name} ${range.baseRef}..${range.headRef}`;
  const body = [
    header(report),
    gates(report),
    findings(report),
    changeMap(report),
    commits(report),
    patches(report),
    notes(report),
  ]
    .filter((part) => part !== "")
    .join("\n");
  return renderPage({ title, body });
}

function header(report: DeltaReport): string {
  const { range, scores } = report;
  const count = (status: GateStatus): number => report.gates.filter((g) => g.status === status).length;
  const kinds = report.changeMap.view.kinds.map((k) => `${k.count} ${k.kind}`).join(", ") || "none";
  return `<header id="summary"><h1>Delta Audit — ${e(report.repository.name)} <code>${e(`${range.baseRef}..${range.headRef}`)}</code></h1>
<p class="meta"><code>${e(range.base.slice(0, 12))}</code> → <code>${e(range.head.slice(0, 12))}</code> · ${range.commits.length} commit(s) · ${range.files.length} changed file(s) (${e(kinds)}) · +${range.insertions} / −${range.deletions}${report.generatedAt ? ` · ${e(report.generatedAt)}` : ""}</p>
<div class="headline"><span class="grade band-${scoreBand(scores.base.score)}">${e(scores.base.grade)}</span><span>→</span><span class="grade band-${scoreBand(scores.head.score)}">${e(scores.head.grade)}</span>
<div><b>${scores.base.score} → ${scores.head.score}</b><div class="counts"><span class="count"><span class="sev gate-PASS">PASS</span> ${count("PASS")}</span><span class="count"><span class="sev gate-FAIL">FAIL</span> ${count("FAIL")}</span><span class="count"><span class="sev gate-NA">N/A</span> ${count("N/A")}</span>
<span class="count">${report.findings.new.length} new</span><span class="count">${report.findings.fixed.length} fixed</span><span class="count">${report.findings.unchanged.length} unchanged</span></div></div></div>
<nav class="toc" aria-label="contents"><ol><li><a href="#gates">Quality gates</a></li><li><a href="#new">New findings</a></li><li><a href="#fixed">Fixed findings</a></li><li><a href="#change-map">Change map</a></li><li><a href="#commits">Commits</a></li>${report.patches.length > 0 ? `<li><a href="#patches">Patches</a></li>` : ""}</ol></nav>
</header>`;
}

function gates(report: DeltaReport): string {
  return `<section id="gates"><h2>Quality gates</h2><table><thead><tr><th>Status</th><th>Gate</th><th>Evidence</th><th>Fix</th></tr></thead><tbody>${report.gates
    .map(
      (g) =>
        `<tr class="gate" data-status="${g.status}"><td><span class="sev ${GATE_CLASS[g.status]}">${g.status}</span></td><td>${e(g.title)}</td><td>${inlineMarkdown(g.evidence)}</td><td>${g.fix ? inlineMarkdown(g.fix) : "—"}</td></tr>`,
    )
    .join("")}</tbody></table></section>`;
}

function findings(report: DeltaReport): string {
  const fresh = report.findings.new;
  const introduced = fresh.filter((f) => f.introduced).length;
  return `<section id="new"><h2>New findings (${fresh.length}, ${introduced} on changed lines)</h2>
${fresh.length === 0 ? `<p class="none">No new finding.</p>` : fresh.map((f) => findingCard(f, { badge: f.introduced ? "on changed lines" : "elsewhere", snippet: f.headLines || undefined })).join("\n")}
</section>
<section id="fixed"><h2>Fixed findings (${report.findings.fixed.length})</h2>
${report.findings.fixed.length === 0 ? `<p>None.</p>` : report.findings.fixed.map((f) => findingCard(f, { badge: "fixed" })).join("\n")}
</section>`;
}

function changeMap(report: DeltaReport): string {
  const view = report.changeMap.view;
  const modules = view.modules
    .map(
      (m) =>
        `<tr><td><code>${e(m.folder)}</code></td><td>${m.files}</td><td>+${m.insertions} / −${m.deletions}</td><td>${e(m.kinds.map((k) => `${k.count} ${k.kind}`).join(", "))}</td></tr>`,
    )
    .join("");
  const files = report.range.files
    .map(
      (f) =>
        `<tr><td><code>${e(f.path)}</code>${f.oldPath ? ` <small>(from <code>${e(f.oldPath)}</code>)</small>` : ""}</td><td>${f.status}</td><td>${f.kind}</td><td>${f.insertions === null ? "binary" : `+${f.insertions} / −${f.deletions ?? 0}`}</td></tr>`,
    )
    .join("");
  const edges = report.changeMap.edges
    .map((edge) => `<li><code>${e(edge.from)}</code> imports <code>${e(edge.to)}</code></li>`)
    .join("");
  const facts = view.facts.rows
    .map(
      (row) =>
        `<tr><td>${e(row.area)}</td><td>${e(row.label)}</td><td>${row.files.map((f) => `<code>${e(f.line === null ? f.path : `${f.path}:${f.line}`)}</code> (${f.change})`).join(", ")}${row.more > 0 ? ` +${row.more} more` : ""}</td></tr>`,
    )
    .join("");
  return `<section id="change-map"><h2>Change map</h2>
<h3>Modules</h3><table><thead><tr><th>Folder</th><th>Files</th><th>Lines</th><th>Kinds</th></tr></thead><tbody>${modules}</tbody></table>
<details><summary>Changed files (${report.range.files.length})</summary><table><thead><tr><th>Path</th><th>Status</th><th>Kind</th><th>Lines</th></tr></thead><tbody>${files}</tbody></table></details>
<h3>Imports among changed files</h3>${edges ? `<ul>${edges}</ul>` : "<p>None.</p>"}
<h3>Facts touched</h3>${facts ? `<table><thead><tr><th>Area</th><th>Fact</th><th>Files</th></tr></thead><tbody>${facts}</tbody></table>` : "<p>No fact the facts packs collect lies on a changed line.</p>"}
</section>`;
}

function commits(report: DeltaReport): string {
  return `<section id="commits"><h2>Commits (${report.range.commits.length})</h2><table><thead><tr><th>Commit</th><th>Date</th><th>Author</th><th>Subject</th></tr></thead><tbody>${report.range.commits
    .map(
      (c) =>
        `<tr><td><code>${e(c.hash.slice(0, 12))}</code></td><td>${e(c.date)}</td><td>${e(c.author)}</td><td>${e(c.subject)}</td></tr>`,
    )
    .join("")}</tbody></table></section>`;
}

function patches(report: DeltaReport): string {
  if (report.patches.length === 0) return "";
  return `<section id="patches"><h2>Ready-to-apply patches</h2><p>Each applies with <code>git apply</code> from the repository root at the head commit.</p>${report.patches
    .map(
      (p) =>
        `<details class="patch"><summary><code>${e(p.path)}</code> — ${p.findingIds.length} fix(es)${p.combined ? "" : "; changes lines another patch changes: apply on its own"}</summary><pre>${e(p.patch)}</pre></details>`,
    )
    .join("")}</section>`;
}

function notes(report: DeltaReport): string {
  return report.notes.length === 0
    ? ""
    : `<section id="notes"><h2>Notes</h2><ul>${report.notes.map((n) => `<li>${inlineMarkdown(n)}</li>`).join("")}</ul></section>`;
}
