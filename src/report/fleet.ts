// fleet.json and fleet.html of `codeaudit fleet report`: formatting of a FleetReport only.
import type { FleetReport } from "../model/fleet.js";
import { escapeHtml } from "./html/escape.js";
import { renderPage } from "./html/page.js";

export function renderFleetJson(report: FleetReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** audit.html's page shell and styles (no script): grades and verdicts, the most common findings, one row per repository. */
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
        `<tr><td>${finding.repositories}</td><td>${finding.repositories === 1 ? "repository" : "repositories"}: ${e(finding.title)} <code>${e(finding.ruleId)}</code></td><td><span class="sev sev-${e(finding.severity)}">${e(finding.severity)}</span></td><td>${finding.findings}</td></tr>`,
    )
    .join("\n");
  const rows = report.repositories
    .map(
      (repo) =>
        `<tr><td>${e(repo.name)}<br><small><code>${e(repo.identity)}</code></small></td><td>${e(repo.grade)}</td><td>${repo.score}</td><td>${e(repo.verdictStatus)}</td><td>${repo.counts.critical ?? 0}/${repo.counts.high ?? 0}/${repo.counts.medium ?? 0}</td><td>${repo.worstAreas.map((area) => `${e(area.title)} ${area.score}`).join(", ")}</td><td>${repo.trend.runs} run(s), ${repo.trend.scoreChange >= 0 ? "+" : ""}${repo.trend.scoreChange}</td></tr>`,
    )
    .join("\n");
  return renderPage({
    title: `codeaudit fleet: ${total} repositories`,
    body: `<h1>${total} repositories</h1>
<h2>Grades</h2><ul>${grades}</ul>
<h2>Verdicts</h2><ul>${verdicts}</ul>
<h2>Most common findings</h2>
<table><tr><th>repositories</th><th>finding</th><th>severity</th><th>findings</th></tr>
${common}</table>
<h2>Repositories</h2>
<table><tr><th>repository</th><th>grade</th><th>score</th><th>verdict</th><th>critical/high/medium</th><th>worst areas</th><th>trend</th></tr>
${rows}</table>`,
  });
}
