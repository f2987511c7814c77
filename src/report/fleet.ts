// fleet.json and fleet.html of `codeaudit fleet report`: formatting of a FleetReport only.
import type { FleetReport } from "../model/fleet.js";
import { escapeHtml } from "./html/render-html.js";

export function renderFleetJson(report: FleetReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One self-contained page: grades and verdicts, the most common findings, one row per repository. */
export function renderFleetHtml(report: FleetReport): string {
  const e = escapeHtml;
  const total = report.repositories.length;
  const grades = Object.entries(report.grades)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([grade, count]) => `<li>${e(grade)}: ${count}</li>`)
    .join("");
  const verdicts = Object.entries(report.verdicts)
    .map(([verdict, count]) => `<li>${e(verdict)}: ${count}</li>`)
    .join("");
  const common = report.commonFindings
    .map(
      (finding) =>
        `<tr><td class="n">${finding.repositories}</td><td>${finding.repositories === 1 ? "repository" : "repositories"}: ${e(finding.title)} <code>${e(finding.ruleId)}</code></td><td>${e(finding.severity)}</td><td class="n">${finding.findings}</td></tr>`,
    )
    .join("\n");
  const rows = report.repositories
    .map(
      (repo) =>
        `<tr><td>${e(repo.name)}<br><small><code>${e(repo.identity)}</code></small></td><td>${e(repo.grade)}</td><td class="n">${repo.score}</td><td>${e(repo.verdictStatus)}</td><td class="n">${repo.counts.critical ?? 0}/${repo.counts.high ?? 0}/${repo.counts.medium ?? 0}</td><td>${repo.worstAreas.map((area) => `${e(area.title)} ${area.score}`).join(", ")}</td><td class="n">${repo.trend.runs} run(s), ${repo.trend.scoreChange >= 0 ? "+" : ""}${repo.trend.scoreChange}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>codeaudit fleet: ${total} repositories</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2430;background:#fff}
table{border-collapse:collapse;margin:1rem 0;width:100%}td,th{border-bottom:1px solid #d5dae1;padding:.25rem .6rem;text-align:left;vertical-align:top}
.n{text-align:right}ul.inline{display:flex;gap:1.5rem;list-style:none;padding:0}
@media (prefers-color-scheme:dark){body{background:#15181d;color:#e3e6ea}td,th{border-color:#39404a}}
</style></head><body>
<h1>${total} repositories</h1>
<h2>Grades</h2><ul class="inline">${grades}</ul>
<h2>Verdicts</h2><ul class="inline">${verdicts}</ul>
<h2>Most common findings</h2>
<table><tr><th>repositories</th><th>finding</th><th>severity</th><th>findings</th></tr>
${common}</table>
<h2>Repositories</h2>
<table><tr><th>repository</th><th>grade</th><th>score</th><th>verdict</th><th>critical/high/medium</th><th>worst areas</th><th>trend</th></tr>
${rows}</table>
</body></html>
`;
}
