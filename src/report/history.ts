// HISTORY.md, history.json and history.html of `codeaudit history`: formatting of a HistoryReport only.
import type { HistoryFinding, HistoryReport } from "../model/history.js";
import type { AuditTrendPoint } from "../model/trend.js";
import { escapeHtml } from "./html/escape.js";
import { renderPage } from "./html/page.js";
import { trendSection } from "./html/trend-chart.js";
import { trendChart } from "./html/view-model.js";

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

/** The page shell, styles and trend chart of audit.html (no script): runs, new and fixed findings, areas. */
export function renderHistoryHtml(report: HistoryReport): string {
  const e = escapeHtml;
  const runs = report.runs
    .map(
      (run) =>
        `<tr><td>${e(run.runId)}</td><td>${e(run.recordedAt.slice(0, 16).replace("T", " "))}</td><td><code>${e(shortCommit(run))}</code></td><td>${e(run.grade)}</td><td>${run.score}</td>${SEVERITY_COLUMNS.map((s) => `<td>${run.counts[s] ?? 0}</td>`).join("")}<td>${e(run.verdictStatus)}</td></tr>`,
    )
    .join("\n");
  const findingList = (findings: HistoryFinding[]): string =>
    findings.length === 0
      ? "<p>None.</p>"
      : `<ul>${findings.map((f) => `<li><span class="sev sev-${e(f.severity)}">${e(f.severity)}</span> ${e(f.title)} <code>${e(f.ruleId)}</code>${f.path ? ` — <code>${e(f.path)}${f.line ? `:${f.line}` : ""}</code>` : ""}</li>`).join("")}</ul>`;
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
              `<tr><td>${e(area.title)}</td>${area.scores.map((score) => `<td>${score === null ? "–" : score}</td>`).join("")}</tr>`,
          )
          .join("")}</table>`
      : "";
  return renderPage({
    title: `History of ${report.repository.name}`,
    body: `<h1>History of ${e(report.repository.name)}</h1>
<p><code>${e(report.repository.identity)}</code> — ${report.runs.length} ${e(report.kind)} run(s)</p>
${trendSection(trendChart(report.runs))}
<table><tr><th>run</th><th>date</th><th>commit</th><th>grade</th><th>score</th><th>critical</th><th>high</th><th>medium</th><th>low</th><th>verdict</th></tr>
${runs}</table>
${comparison}
${areas}`,
  });
}

function shortCommit(run: AuditTrendPoint): string {
  return run.commit ? run.commit.slice(0, 12) : "working tree";
}

function findingLine(finding: HistoryFinding): string {
  const where = finding.path ? ` — \`${finding.path}${finding.line ? `:${finding.line}` : ""}\`` : "";
  return `**${finding.severity}** ${finding.title} (\`${finding.ruleId}\`)${where}`;
}
