// PLAN.md: the plan audit as Markdown — verdict, stages with their items and evidence, what is outside the plan.
// Formatting only: every number and sentence comes from the PlanReport.
import { formatEffort } from "../model/format.js";
import { code, md } from "../report/markdown/escape.js";
import type { ItemState, PlanEvidence, PlanItemResult, PlanReport, PlanStageResult } from "./types.js";

const STATE_LABEL: Record<ItemState, string> = {
  done: "done",
  "done-elsewhere": "done elsewhere",
  partial: "partial",
  missing: "missing",
  "not-decidable": "not decidable",
};

const STATE_MARK: Record<ItemState, string> = {
  done: "✅",
  "done-elsewhere": "↪️",
  partial: "⚠️",
  missing: "❌",
  "not-decidable": "❔",
};

export function renderPlanMarkdown(report: PlanReport): string {
  const out: string[] = [];
  const s = report.summary;
  out.push(`# Plan audit: ${md(report.plan.title)}`, "");
  out.push(
    `Repository: ${code(report.repository.root)}${report.repository.commit ? ` at ${code(report.repository.commit.slice(0, 12))}` : ""}${report.repository.ref ? ` (ref ${code(report.repository.ref)})` : ""}  `,
    `Plan: ${code(report.plan.file)}  `,
    `Tool: ${md(report.tool.name)} ${md(report.tool.version)}${report.generatedAt ? `  \nGenerated: ${report.generatedAt}` : ""}`,
    "",
  );
  out.push(`**Verdict: ${md(s.verdict)}**`, "");
  out.push("## Summary", "");
  out.push(
    "| stage | complete | done | done elsewhere | partial | missing | not decidable |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const stage of report.stages)
    out.push(stageRow(`${stage.id} ${stage.title}`, stage.percent, stage.counts));
  out.push(stageRow("**Overall** (weighted)", s.percent, s.counts), "");
  out.push(
    `${s.items} item(s), ${s.decidable} decidable. Percentages are weighted over the decidable items; an item the code cannot decide is listed for a check by hand and never counted as done.`,
    "",
  );
  out.push(
    `Effort to completion: ${s.remainingMinutes > 0 ? formatEffort(s.remainingMinutes) : "none estimated"}${s.unestimated > 0 ? ` (${s.unestimated} open item(s) without an estimate)` : ""}.`,
    "",
  );
  for (const stage of report.stages) out.push(...renderStage(stage));
  out.push("## Outside the plan: high and critical findings", "");
  if (report.uncoveredFindings.length === 0)
    out.push("None: every high or critical finding of the audit is covered by a `rule:` item.", "");
  else {
    out.push("Findings of the audit that no `rule:` item of the plan covers:", "");
    for (const f of report.uncoveredFindings)
      out.push(
        `- **${f.severity}** ${md(f.title)} (${code(f.ruleId)})${f.path ? ` — ${code(f.line ? `${f.path}:${f.line}` : f.path)}` : ""}`,
      );
    out.push("");
  }
  out.push("## Risk areas", "");
  if (report.riskAreas.length === 0) out.push("No open item in security, database or CI.", "");
  else {
    for (const risk of report.riskAreas) out.push(`- **${risk.area}**: ${risk.items.map(md).join("; ")}`);
    out.push("");
  }
  if (report.diagnostics.length > 0) {
    out.push("## Not analysed", "");
    for (const d of report.diagnostics) out.push(`- ${md(d)}`);
    out.push("");
  }
  return out.join("\n").replace(/\n+$/, "\n");
}

function stageRow(label: string, percent: number | null, counts: Record<ItemState, number>): string {
  return `| ${label === "**Overall** (weighted)" ? label : md(label)} | ${percent === null ? "n/a" : `${percent}%`} | ${counts.done} | ${counts["done-elsewhere"]} | ${counts.partial} | ${counts.missing} | ${counts["not-decidable"]} |`;
}

function renderStage(stage: PlanStageResult): string[] {
  const out = [
    `## Stage ${md(stage.id)}: ${md(stage.title)} — ${stage.percent === null ? "not decidable" : `${stage.percent}%`}`,
    "",
  ];
  const groups: Array<[string, ItemState[]]> = [
    ["Done", ["done", "done-elsewhere"]],
    ["Partial", ["partial"]],
    ["Missing", ["missing"]],
    ["Not decidable: check by hand", ["not-decidable"]],
  ];
  for (const [heading, states] of groups) {
    const items = stage.items.filter((item) => states.includes(item.state));
    if (items.length === 0) continue;
    out.push(`### ${heading}`, "");
    for (const item of items) out.push(...renderItem(item));
    out.push("");
  }
  return out;
}

function renderItem(item: PlanItemResult): string[] {
  const meta = [
    item.weight !== 1 ? `weight ${item.weight}` : null,
    item.effortMinutes !== null ? `effort ${formatEffort(item.effortMinutes)}` : null,
    item.area ? `area ${item.area}` : null,
    item.source ? `from ${code(item.source)}` : null,
  ].filter(Boolean);
  const lines = [
    `- ${STATE_MARK[item.state]} **${md(item.id)}** ${md(item.title)} — ${STATE_LABEL[item.state]}: ${md(item.summary)}${meta.length ? ` (${meta.join(", ")})` : ""}`,
  ];
  for (const evidence of item.evidence) lines.push(`  - ${evidenceText(evidence)}`);
  if (item.searched && item.state !== "done") lines.push(`  - searched: ${md(item.searched)}`);
  return lines;
}

function evidenceText(evidence: PlanEvidence): string {
  return `${code(evidence.line === null ? evidence.path : `${evidence.path}:${evidence.line}`)} ${md(evidence.text)}`;
}
