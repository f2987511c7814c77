// AUDIT.md: every section of SPEC §5, rendered from the Audit model alone.
import type { ActionItem, AreaReport, Audit } from "../../model/audit.js";
import type { Finding } from "../../model/finding.js";
import { formatEffort } from "../../model/format.js";
import { code, fenceLanguage, fenced, md } from "./escape.js";

const STATUS_ICON: Record<AreaReport["status"], string> = {
  PASS: "✅",
  GOOD: "✅",
  "NEEDS REVIEW": "⚠️",
  "NEEDS ATTENTION": "⚠️",
  FAIL: "❌",
  "NOT APPLICABLE": "➖",
};

/** How many findings of one rule an area section shows in full before pointing at audit.json. */
const EVIDENCE_SHOWN = 10;
const SNIPPETS_SHOWN = 3;
/** Files whose combined patch an issue shows; audit.json has every finding's patch. */
const PATCH_FILES_SHOWN = 3;

export function renderMarkdown(audit: Audit): string {
  const byId = new Map(audit.findings.map((finding) => [finding.id, finding]));
  const out: string[] = [];
  out.push(...header(audit));
  out.push(...executiveSummary(audit));
  audit.areas.forEach((area, index) => out.push(...areaSection(area, index + 1, byId, audit.actions)));
  out.push(...actionSummary(audit.actions));
  out.push(...positiveFindings(audit));
  out.push(...readinessChecklist(audit));
  out.push(...gradeBreakdown(audit));
  out.push(...conclusion(audit));
  out.push(...notAnalysed(audit));
  out.push(...appendix(audit));
  return out.join("\n").replace(/\n{3,}/g, "\n\n") + "\n";
}

function header(audit: Audit): string[] {
  const repo = audit.repository;
  const apps =
    repo.apps.length === 0
      ? "none detected"
      : repo.apps.map((app) => `${md(app.name)} (${app.ecosystem}, ${code(app.manifest)})`).join("; ");
  return [
    `# Code Audit — ${md(repo.name)}`,
    "",
    "| | |",
    "|---|---|",
    `| Repository | ${md(repo.name)} |`,
    `| Commit | ${repo.commit ? code(repo.commit) : "not a git repository"}${repo.dirty ? " (working tree has uncommitted changes)" : ""} |`,
    `| Branch | ${repo.branch ? code(repo.branch) : repo.ref ? `ref ${code(repo.ref)}` : "—"} |`,
    `| Date | ${audit.generatedAt ?? "omitted (--no-timestamp)"} |`,
    `| Tool | codeaudit ${audit.tool.version} (report schema ${audit.schemaVersion}) |`,
    `| Apps detected | ${apps} |`,
    `| Method | ${md(audit.method)} |`,
    "",
  ];
}

function executiveSummary(audit: Audit): string[] {
  const { summary } = audit;
  const lines = [
    "## Executive Summary",
    "",
    `**Overall grade: ${summary.grade} (${summary.score}/100)** — ${md(summary.verdict)}`,
    "",
    "| Critical | High | Medium | Low | Info |",
    "|---:|---:|---:|---:|---:|",
    `| ${summary.counts.critical} | ${summary.counts.high} | ${summary.counts.medium} | ${summary.counts.low} | ${summary.counts.info} |`,
    "",
  ];
  if (summary.topRisks.length > 0) {
    lines.push("**Top risks**", "", ...summary.topRisks.map((risk, i) => `${i + 1}. ${md(risk)}`), "");
  }
  if (summary.strengths.length > 0) {
    lines.push("**Strengths**", "", ...summary.strengths.map((strength) => `- ${md(strength)}`), "");
  }
  lines.push("---", "");
  return lines;
}

function areaSection(
  area: AreaReport,
  number: number,
  byId: Map<string, Finding>,
  actions: readonly ActionItem[],
): string[] {
  const lines = [
    `## ${number}. ${area.title}`,
    "",
    `**Status:** ${STATUS_ICON[area.status]} ${area.status}${area.status === "NOT APPLICABLE" ? "" : ` — score ${area.score}/100`}`,
    "",
  ];
  if (area.status === "NOT APPLICABLE") {
    const reasons = [
      ...new Set(area.checks.map((check) => check.reason).filter((r): r is string => Boolean(r))),
    ];
    // Facts still describe what the repository has (an inventory, a version) even when no check applies.
    if (area.facts.length > 0) lines.push("### Findings", "", ...area.facts.map(factLine), "");
    lines.push(
      area.checks.length === 0
        ? "No check of this area exists for the languages and files of this repository."
        : `No applicable checks: ${reasons.map(md).join("; ") || "nothing to examine"} (${area.checks.length} checks considered).`,
      "",
      "---",
      "",
    );
    return lines;
  }
  lines.push("### Findings", "");
  if (area.facts.length === 0) lines.push("No facts recorded for this area.");
  for (const fact of area.facts) lines.push(factLine(fact));
  lines.push("");
  const unknown = area.checks.filter((check) => check.status === "unknown");
  for (const check of unknown)
    lines.push(`- ⚠️ Not checked: ${md(check.title)} — ${md(check.reason ?? "data missing")}`);
  if (unknown.length > 0) lines.push("");

  lines.push("### Issues", "");
  const findings = area.findingIds.map((id) => byId.get(id)).filter((f): f is Finding => f !== undefined);
  if (findings.length === 0) {
    const passed = area.checks.filter((check) => check.status === "passed");
    lines.push(
      passed.length > 0
        ? `None identified (${passed.length} checks ran: ${passed.map((c) => md(c.title)).join("; ")}).`
        : "None identified.",
    );
    lines.push("");
  } else {
    // One issue per rule: the action items already group the area's findings and total their effort.
    actions
      .filter((action) => action.area === area.id)
      .forEach((action, index) => {
        const group = action.findingIds
          .map((id) => byId.get(id))
          .filter((f): f is Finding => f !== undefined);
        lines.push(...issueBlock(action, group, index + 1));
      });
  }
  lines.push("### Recommendations", "");
  if (area.recommendations.length === 0) lines.push("- Keep the checks above passing; no change needed.");
  for (const recommendation of area.recommendations)
    lines.push(
      `- ${recommendation.replace(/^(\*\*[A-Z]+:\*\* )(.*)$/, (_m, p: string, rest: string) => p + md(rest))}`,
    );
  lines.push("", "---", "");
  return lines;
}

function factLine(fact: AreaReport["facts"][number]): string {
  const where = fact.location ? ` (${code(`${fact.location.path}:${fact.location.startLine}`)})` : "";
  return `- **${md(fact.label)}:** ${md(fact.value)}${where}`;
}

function issueBlock(action: ActionItem, group: Finding[], number: number): string[] {
  const first = group[0] as Finding;
  const severity = action.severity;
  const count = group.length > 1 ? ` (${group.length} places)` : "";
  const lines = [
    `${number}. **${severity.toUpperCase()} — ${md(first.title)}**${count}`,
    `   - **Rule:** ${code(first.ruleId)} · **Confidence:** ${first.confidence} · **Effort:** ${formatEffort(action.effortMinutes)}`,
    `   - **Risk:** ${md(first.risk)}`,
    `   - **Impact:** ${md(first.impact)}`,
    `   - **Evidence:**`,
  ];
  group.slice(0, EVIDENCE_SHOWN).forEach((finding, i) => {
    const where = finding.location
      ? code(
          `${finding.location.path}:${finding.location.startLine}${finding.location.endLine > finding.location.startLine ? `-${finding.location.endLine}` : ""}`,
        )
      : "repository";
    const sev = group.some((f) => f.severity !== severity) ? ` (${finding.severity})` : "";
    lines.push(`     - ${where}${sev} — ${md(finding.message)}`);
    if (finding.evidence.searched) lines.push(`       Searched: ${md(finding.evidence.searched)}`);
    if (finding.related && finding.related.length > 0)
      lines.push(`       Also: ${finding.related.map((r) => code(`${r.path}:${r.startLine}`)).join(", ")}`);
    if (i < SNIPPETS_SHOWN && finding.evidence.snippet) {
      lines.push(
        indent(
          fenced(finding.evidence.snippet, finding.location ? fenceLanguage(finding.location.path) : ""),
          7,
        ),
      );
    }
  });
  if (group.length > EVIDENCE_SHOWN)
    lines.push(`     - … and ${group.length - EVIDENCE_SHOWN} more (every location is in audit.json)`);
  lines.push(`   - **Suggested fix:** ${md(first.fix.text)}`);
  if (first.fix.code)
    lines.push(indent(fenced(first.fix.code, first.location ? fenceLanguage(first.location.path) : ""), 5));
  lines.push(...patchLines(action));
  lines.push("");
  return lines;
}

/** The action's patches: one as it is; several combined per file (computed in score/), the first few files shown. */
function patchLines(action: ActionItem): string[] {
  const patches = action.patches;
  if (!patches) return [];
  const shown = patches.files.slice(0, PATCH_FILES_SHOWN);
  if (patches.count === 1)
    return [
      `   - **Patch** (\`git apply\` accepts it):`,
      indent(fenced(shown.map((file) => file.patch).join(""), "diff"), 5),
    ];
  const notes: string[] = [];
  if (patches.files.length > shown.length)
    notes.push(`the patches for ${patches.files.length - shown.length} more file(s) are in audit.json`);
  if (patches.leftOutIds.length > 0)
    notes.push(
      `${patches.leftOutIds.length} patch(es) change lines another one changes and are left out: audit again after applying`,
    );
  return [
    `   - **Patch** for ${patches.count} places, combined per file (\`git apply\` accepts it)${notes.length > 0 ? `; ${notes.join("; ")}` : ""}:`,
    indent(fenced(shown.map((file) => file.patch).join(""), "diff"), 5),
  ];
}

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line ? pad + line : line))
    .join("\n");
}

function actionSummary(actions: readonly ActionItem[]): string[] {
  const lines = ["## Summary of Action Items", ""];
  const groups: Array<[string, ActionItem["priority"][]]> = [
    ["Critical and high priority (do first)", ["P0", "P1"]],
    ["Medium priority (plan for the next iteration)", ["P2"]],
    ["Low priority (technical debt)", ["P3", "P4"]],
  ];
  if (actions.length === 0) lines.push("No action items: no check found a problem.", "");
  for (const [title, priorities] of groups) {
    const items = actions.filter((action) => priorities.includes(action.priority));
    if (items.length === 0) continue;
    const effort = formatEffort(items.reduce((sum, a) => sum + a.effortMinutes, 0));
    lines.push(`### ${title} — ${items.length} action(s), about ${effort}`, "");
    lines.push(
      "| # | Priority | Action | Area | Places | Effort | Where |",
      "|---:|---|---|---|---:|---:|---|",
    );
    items.forEach((action, i) => {
      const where =
        action.examples.map(code).join(", ") + (action.count > action.examples.length ? ", …" : "");
      lines.push(
        `| ${i + 1} | ${action.priority} | ${md(action.title)} | ${action.area} | ${action.count} | ${formatEffort(action.effortMinutes)} | ${where} |`,
      );
    });
    lines.push("");
  }
  lines.push("---", "");
  return lines;
}

function positiveFindings(audit: Audit): string[] {
  const lines = ["## Positive Findings", ""];
  if (audit.positives.length === 0) lines.push("No area passed all of its checks without a finding.");
  audit.positives.forEach((positive, i) => {
    lines.push(`${i + 1}. ✅ **${md(positive.title)}** — checked: ${positive.checked.map(md).join("; ")}`);
  });
  lines.push("", "---", "");
  return lines;
}

function readinessChecklist(audit: Audit): string[] {
  const lines = ["## Production Readiness Checklist", ""];
  const sections: Array<[string, string, "ready" | "needs attention" | "not ready"]> = [
    ["### ✅ Ready", "[x]", "ready"],
    ["### ⚠️ Needs attention", "[ ]", "needs attention"],
    ["### ❌ Not ready", "[ ]", "not ready"],
  ];
  for (const [title, box, status] of sections) {
    const items = audit.readiness.filter((item) => item.status === status);
    lines.push(title, "");
    if (items.length === 0) lines.push("- none");
    for (const item of items) lines.push(`- ${box} ${md(item.item)} — ${md(item.evidence)}`);
    lines.push("");
  }
  lines.push("---", "");
  return lines;
}

function gradeBreakdown(audit: Audit): string[] {
  const lines = ["## Grade Breakdown", "", "| Area | Score | Weight | Weighted |", "|---|---:|---:|---:|"];
  for (const row of audit.gradeBreakdown)
    lines.push(`| ${row.title} | ${row.score} | ${row.weight.toFixed(2)}% | ${row.weighted.toFixed(2)} |`);
  const total = audit.gradeBreakdown.reduce((sum, row) => sum + row.weighted, 0);
  lines.push(
    `| **Total** | | **100%** | **${total.toFixed(2)}** |`,
    "",
    `**Final grade: ${audit.summary.grade} (${audit.summary.score}/100)**`,
  );
  const excluded = audit.areas.filter((area) => area.status === "NOT APPLICABLE").map((area) => area.title);
  if (excluded.length > 0) lines.push("", `Not applicable, so not weighted: ${excluded.join(", ")}.`);
  lines.push("", "---", "");
  return lines;
}

function conclusion(audit: Audit): string[] {
  return [
    "## Conclusion and Next Steps",
    "",
    md(audit.summary.verdict),
    "",
    ...audit.nextSteps.map((step, i) => `${i + 1}. ${step}`),
    "",
    "---",
    "",
  ];
}

function notAnalysed(audit: Audit): string[] {
  const { coverage } = audit;
  const lines = [
    "## What Was Not Analysed",
    "",
    `${coverage.filesAnalysed} of ${coverage.filesTotal} files analysed (${coverage.bytesAnalysed} bytes); ${coverage.suppressed} finding(s) suppressed by \`codeaudit-ignore\` comments${coverage.baselined ? `, ${coverage.baselined} by the baseline` : ""}.`,
    "",
  ];
  const byKind = new Map<string, typeof audit.diagnostics>();
  for (const diagnostic of audit.diagnostics) {
    const group = byKind.get(diagnostic.kind);
    if (group) group.push(diagnostic);
    else byKind.set(diagnostic.kind, [diagnostic]);
  }
  if (byKind.size === 0) lines.push("Every file was read and parsed; no data was missing.");
  for (const [kind, list] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`- **${kind}** (${list.length}):`);
    for (const diagnostic of list.slice(0, 10))
      lines.push(
        `  - ${diagnostic.path ? `${code(diagnostic.path)}: ` : ""}${md(diagnostic.message.split("\n")[0] ?? "")}`,
      );
    if (list.length > 10) lines.push(`  - … and ${list.length - 10} more (see audit.json)`);
  }
  const unknown = audit.areas.flatMap((area) => area.checks.filter((check) => check.status === "unknown"));
  if (unknown.length > 0) {
    lines.push("", "Checks that could not run for lack of data:");
    for (const check of unknown)
      lines.push(`- ${md(check.title)} (${code(check.ruleId)}): ${md(check.reason ?? "data missing")}`);
  }
  lines.push(
    "",
    "### Languages",
    "",
    "| Language | Files | Code | Comment | Blank |",
    "|---|---:|---:|---:|---:|",
  );
  for (const row of coverage.languages)
    lines.push(`| ${row.language} | ${row.files} | ${row.code} | ${row.comment} | ${row.blank} |`);
  lines.push("", "---", "");
  return lines;
}

function appendix(audit: Audit): string[] {
  const summary = {
    schemaVersion: audit.schemaVersion,
    commit: audit.repository.commit,
    grade: audit.summary.grade,
    score: audit.summary.score,
    counts: audit.summary.counts,
    areas: Object.fromEntries(
      audit.areas.map((area) => [area.id, { status: area.status, score: area.score }]),
    ),
    actions: audit.actions.map((action) => ({
      priority: action.priority,
      rule: action.ruleId,
      count: action.count,
      effortMinutes: action.effortMinutes,
    })),
  };
  return [
    "## Machine-Readable Appendix",
    "",
    "The complete report, every finding with its evidence, is in `audit.json`. Summary:",
    "",
    fenced(JSON.stringify(summary, null, 2), "json"),
  ];
}
