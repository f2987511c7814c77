// HISTORY.md, history.json and history.html of `codeaudit history`: formatting of a HistoryReport only.
import type { HistoryFinding, HistoryReport } from "../model/history.js";
import type { AuditTrendPoint } from "../model/trend.js";
import { escapeHtml } from "./html/render-html.js";

const SEVERITY_COLUMNS = ["critical", "high", "medium", "low"] as const;

export function renderHistoryJson(report: HistoryReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderHistoryMarkdown(report: HistoryReport): string {
  const lines = [
    `# History of ${report.repository.name}`,
    "",
    `Repository: \`${report.repository.identity}\` — ${report.runs.length} ${report.kind} run(s).`,
    "",
  ];
  lines.push("| run | date | commit | grade | score | critical | high | medium | low | verdict |");
  lines.push("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const run of report.runs)
    lines.push(
      `| ${run.runId} | ${run.recordedAt.slice(0, 16).replace("T", " ")} | ${shortCommit(run)} | ${run.grade} | ${run.score} | ${SEVERITY_COLUMNS.map((s) => run.counts[s] ?? 0).join(" | ")} | ${run.verdictStatus} |`,
    );
  lines.push("");
  const comparison = report.comparison;
  if (comparison) {
    const { from, to } = comparison;
    const delta = Math.round((to.score - from.score) * 10) / 10;
    lines.push(
      `## Run ${from.runId} (${shortCommit(from)}) → run ${to.runId} (${shortCommit(to)})`,
      "",
      `Grade ${from.grade} → ${to.grade}, score ${from.score} → ${to.score} (${delta >= 0 ? "+" : ""}${delta}); ${comparison.new.length} new finding(s), ${comparison.fixed.length} fixed.`,
      "",
    );
    for (const [title, findings] of [
      ["New findings", comparison.new],
      ["Fixed findings", comparison.fixed],
    ] as const) {
      lines.push(`### ${title}`, "");
      if (findings.length === 0) lines.push("None.");
      for (const finding of findings) lines.push(`- ${findingLine(finding)}`);
      lines.push("");
    }
  } else lines.push("Only one run is stored: nothing to compare yet.", "");
  if (report.areas.length > 0 && report.runs.length > 1) {
    lines.push(
      "## Areas over time",
      "",
      `| area | ${report.runs.map((run) => shortCommit(run)).join(" | ")} |`,
    );
    lines.push(`| --- | ${report.runs.map(() => "---:").join(" | ")} |`);
    for (const area of report.areas)
      lines.push(
        `| ${area.title} | ${area.scores.map((score) => (score === null ? "–" : String(score))).join(" | ")} |`,
      );
    lines.push("");
  }
  return lines.join("\n");
}

/** A self-contained page (no scripts, no network): score line chart, runs table, new and fixed findings, areas. */
export function renderHistoryHtml(report: HistoryReport): string {
  const e = escapeHtml;
  const runs = report.runs
    .map(
      (run) =>
        `<tr><td>${e(run.runId)}</td><td>${e(run.recordedAt.slice(0, 16).replace("T", " "))}</td><td><code>${e(shortCommit(run))}</code></td><td>${e(run.grade)}</td><td class="n">${run.score}</td>${SEVERITY_COLUMNS.map((s) => `<td class="n">${run.counts[s] ?? 0}</td>`).join("")}<td>${e(run.verdictStatus)}</td></tr>`,
    )
    .join("\n");
  const findingList = (findings: HistoryFinding[]): string =>
    findings.length === 0
      ? "<p>None.</p>"
      : `<ul>${findings.map((f) => `<li><span class="sev ${e(f.severity)}">${e(f.severity)}</span> ${e(f.title)} <code>${e(f.ruleId)}</code>${f.path ? ` — <code>${e(f.path)}${f.line ? `:${f.line}` : ""}</code>` : ""}</li>`).join("")}</ul>`;
  const comparison = report.comparison
    ? `<h2>Run ${e(report.comparison.from.runId)} → run ${e(report.comparison.to.runId)}</h2>
<h3>New findings (${report.comparison.new.length})</h3>${findingList(report.comparison.new)}
<h3>Fixed findings (${report.comparison.fixed.length})</h3>${findingList(report.comparison.fixed)}`
    : "<p>Only one run is stored: nothing to compare yet.</p>";
  const areas =
    report.areas.length > 0
      ? `<h2>Areas over time</h2><table><tr><th>area</th>${report.runs.map((run) => `<th>${e(shortCommit(run))}</th>`).join("")}</tr>${report.areas
          .map(
            (area) =>
              `<tr><td>${e(area.title)}</td>${area.scores.map((score) => `<td class="n">${score === null ? "–" : score}</td>`).join("")}</tr>`,
          )
          .join("")}</table>`
      : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>History of ${e(report.repository.name)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d2430;background:#fff}
table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #d5dae1;padding:.25rem .6rem;text-align:left}
.n{text-align:right}.sev{font-size:.8em;padding:0 .3em;border-radius:3px;background:#e6e9ee}
.sev.critical,.sev.high{background:#f6d5d5}.sev.medium{background:#f8e7c4}
@media (prefers-color-scheme:dark){body{background:#15181d;color:#e3e6ea}td,th{border-color:#39404a}.sev{background:#333a44}}
</style></head><body>
<h1>History of ${e(report.repository.name)}</h1>
<p><code>${e(report.repository.identity)}</code> — ${report.runs.length} ${e(report.kind)} run(s)</p>
${scoreChart(report.runs)}
<table><tr><th>run</th><th>date</th><th>commit</th><th>grade</th><th>score</th><th>critical</th><th>high</th><th>medium</th><th>low</th><th>verdict</th></tr>
${runs}</table>
${comparison}
${areas}
</body></html>
`;
}

/** Score (0–100) per run as an inline SVG polyline. */
function scoreChart(runs: AuditTrendPoint[]): string {
  if (runs.length < 2) return "";
  const width = 600;
  const height = 160;
  const step = width / (runs.length - 1);
  const points = runs.map(
    (run, i) => `${Math.round(i * step)},${Math.round(height - (run.score / 100) * height)}`,
  );
  return `<svg role="img" aria-label="score per run" viewBox="-10 -10 ${width + 20} ${height + 20}" width="100%" height="${height + 20}"><polyline fill="none" stroke="#2f6fde" stroke-width="2" points="${points.join(" ")}"/>${points
    .map((point) => {
      const [x, y] = point.split(",");
      return `<circle cx="${x}" cy="${y}" r="3" fill="#2f6fde"/>`;
    })
    .join("")}</svg>`;
}

function shortCommit(run: AuditTrendPoint): string {
  return run.commit ? run.commit.slice(0, 12) : "working tree";
}

function findingLine(finding: HistoryFinding): string {
  const where = finding.path ? ` — \`${finding.path}${finding.line ? `:${finding.line}` : ""}\`` : "";
  return `**${finding.severity}** ${finding.title} (\`${finding.ruleId}\`)${where}`;
}
