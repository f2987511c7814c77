// AUDIT.md: every section of SPEC §5, rendered from the Audit model alone.
import type { ActionItem, AreaReport, Audit } from "../../model/audit.js";
import type { Finding } from "../../model/finding.js";
import { formatEffort } from "../../model/format.js";
import { code, fenceLanguage, fenced, md } from "./escape.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

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
  out.push(...executiveSummary(audit, byId));
  audit.areas.forEach((area, index) =>
    out.push(...areaSection(area, index + 1, byId, audit.actions, audit.coverage.uncoveredFrameworks)),
  );
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
    ...scopeRow(audit),
    `| Method | ${md(audit.method)} |`,
    "",
  ];
}

/** A subfolder of a larger repository: say so, and what was read from the enclosing root. */
function scopeRow(audit: Audit): string[] {
  const { scope } = audit.repository;
  if (!scope.subfolder) return [];
  const context =
    scope.contextFiles.length > 0
      ? `; read from the repository root: ${scope.contextFiles.map(code).join(", ")}`
      : "";
  return [
    `| Scope | subfolder ${code(scope.subfolder)} of the repository; paths are relative to it${context} |`,
  ];
}

const VERDICT_LABEL: Record<Audit["summary"]["verdictStatus"], string> = {
  ready: "✅ Ready",
  "ready-after-fixes": "⚠️ Ready after fixes",
  "not-ready": "❌ Not ready",
};

function executiveSummary(audit: Audit, byId: Map<string, Finding>): string[] {
  const { summary } = audit;
  const lines = [
    "## Executive Summary",
    "",
    `**Overall grade: ${summary.grade} (${summary.score}/100)**${capNote(audit)}`,
    "",
    `**Verdict: ${VERDICT_LABEL[summary.verdictStatus]}${summary.verdictStatus === "ready-after-fixes" ? ` (${summary.fixesBeforeReady} high-severity finding(s))` : ""}** — ${md(summary.verdict)}`,
    "",
  ];
  if (summary.blockers.length > 0) {
    lines.push("**Blocking**", "");
    summary.blockers.forEach((blocker, i) => {
      // The places of the blocker's findings, worst first; a single one its reason already names is not repeated.
      const located = blocker.findingIds
        .map((id) => byId.get(id))
        .filter((f): f is Finding => f?.location !== undefined && f.location !== null);
      const places = located.slice(0, 3).map((f) => `${f.location?.path}:${f.location?.startLine}`);
      const more = located.length > places.length ? ` and ${located.length - places.length} more` : "";
      const named = located.length === 1 && blocker.reason.includes(places[0] ?? "");
      const at =
        places.length > 0 && !named
          ? `; ${located.length === 1 ? "finding" : "findings"} at ${places.map(code).join(", ")}${more}`
          : "";
      const see = blocker.area
        ? ` — see [${md(areaTitle(audit, blocker.area))}](#${areaAnchor(blocker.area)})`
        : "";
      lines.push(`${i + 1}. ${md(blocker.reason)}${see}${at}`);
    });
    lines.push("");
  }
  lines.push(
    "| Critical | High | Medium | Low | Info |",
    "|---:|---:|---:|---:|---:|",
    `| ${summary.counts.critical} | ${summary.counts.high} | ${summary.counts.medium} | ${summary.counts.low} | ${summary.counts.info} |`,
    "",
  );
  if (summary.risks.length > 0) {
    lines.push(
      "**Top risks** (by severity × confidence × where the code runs)",
      "",
      ...summary.risks.map(
        (risk, i) => `${i + 1}. ${md(summary.topRisks[i] ?? risk.title)} — ${PLACE_LABEL[risk.place]}`,
      ),
      "",
    );
  }
  if (summary.strengths.length > 0) {
    lines.push("**Strengths**", "", ...summary.strengths.map((strength) => `- ${md(strength)}`), "");
  }
  lines.push("---", "");
  return lines;
}

const PLACE_LABEL: Record<Audit["summary"]["risks"][number]["place"], string> = {
  request: "request path",
  auth: "authentication code",
  data: "data layer",
  payment: "payment code",
  library: "application code",
  browser: "browser code",
  pipeline: "build and deploy files",
  tooling: "scripts, examples or tests",
  repository: "repository-wide",
};

/** " — capped at C+ (mean 88, B+): Security is FAIL …" when a blocker holds the grade down. */
function capNote(audit: Audit): string {
  const { cap, uncappedScore, uncappedGrade } = audit.summary;
  if (!cap) return "";
  return ` — capped at ${cap.grade} by ${md(cap.reason)}; the weighted mean of the areas is ${uncappedScore} (${uncappedGrade})`;
}

function areaAnchor(area: string): string {
  return `area-${area}`;
}

function areaTitle(audit: Audit, area: string): string {
  return audit.areas.find((a) => a.id === area)?.title ?? area;
}

function areaSection(
  area: AreaReport,
  number: number,
  byId: Map<string, Finding>,
  actions: readonly ActionItem[],
  uncovered: Audit["coverage"]["uncoveredFrameworks"],
): string[] {
  const lines = [
    `<a id="${areaAnchor(area.id)}"></a>`,
    "",
    `## ${number}. ${area.title}`,
    "",
    `**Status:** ${STATUS_ICON[area.status]} ${area.status}${area.status === "NOT APPLICABLE" ? "" : ` — score ${area.score}/100`}`,
    "",
  ];
  // A framework no check reads would feed this area: say so rather than let the area look checked.
  const unread = uncovered.filter((framework) => framework.areas.includes(area.id));
  if (unread.length > 0)
    lines.push(
      `> Not analysed here: ${unread.map((f) => `${md(f.name)} (${code(`${f.evidence.path}:${f.evidence.line}`)})`).join(", ")} — in use, but no check reads ${unread.length === 1 ? "it" : "them"}.`,
      "",
    );
  if (area.status === "NOT APPLICABLE") {
    const distinct = [
      ...new Set(area.checks.map((check) => check.reason).filter((r): r is string => Boolean(r))),
    ];
    // "no Prisma models" says nothing that "no Prisma models and no Drizzle tables" does not.
    const reasons = distinct.filter((r) => !distinct.some((other) => other !== r && other.startsWith(r)));
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
  for (const table of area.tables ?? []) lines.push(...tableLines(table));
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
        ? `None identified (${passed.length} ${passed.length === 1 ? "check" : "checks"} ran: ${passed.map((c) => md(c.title)).join("; ")}).`
        : "None identified.",
    );
    lines.push("");
  } else {
    // One issue per rule and severity: the action items already group the area's findings and total their effort.
    const searchedShown = new Set<string>();
    actions
      .filter((action) => action.area === area.id)
      .forEach((action, index) => {
        const group = action.findingIds
          .map((id) => byId.get(id))
          .filter((f): f is Finding => f !== undefined);
        const shown = action.shownIds.map((id) => byId.get(id)).filter((f): f is Finding => f !== undefined);
        lines.push(...issueBlock(action, group, shown, index + 1, searchedShown));
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

function tableLines(table: NonNullable<AreaReport["tables"]>[number]): string[] {
  const cell = md;
  return [
    `**${md(table.title)}**`,
    "",
    `| ${table.columns.map(cell).join(" | ")} |`,
    `|${table.columns.map(() => "---").join("|")}|`,
    ...table.rows.map((row) => `| ${row.map((c, i) => (i === 0 ? code(c) : cell(c))).join(" | ")} |`),
    "",
    ...(table.note ? [md(table.note), ""] : []),
  ];
}

function factLine(fact: AreaReport["facts"][number]): string {
  const where = fact.location ? ` (${code(`${fact.location.path}:${fact.location.startLine}`)})` : "";
  return `- **${md(fact.label)}:** ${md(fact.value)}${where}`;
}

function issueBlock(
  action: ActionItem,
  group: Finding[],
  shown: Finding[],
  number: number,
  searchedShown: Set<string>,
): string[] {
  const first = group[0] as Finding;
  const count = group.length > 1 ? ` (${group.length} places)` : "";
  const effort = `${formatEffort(action.effortMinutes)}${action.effortNote ? ` ${md(action.effortNote)}` : ""}`;
  const lines = [
    `${number}. **${action.severity.toUpperCase()} — ${md(action.title)}**${count}`,
    `   - **Rule:** ${code(first.ruleId)} · **Confidence:** ${first.confidence} · **Effort:** ${effort}`,
    `   - **Risk:** ${md(first.risk)}`,
    `   - **Impact:** ${md(first.impact)}`,
    action.collapsed
      ? `   - **Evidence:** ${group.length} places; the ${shown.length} worst (largest, most certain) first — every place is in audit.json and audit.html:`
      : `   - **Evidence:**`,
  ];
  const listed = action.collapsed ? shown : shown.slice(0, EVIDENCE_SHOWN);
  listed.forEach((finding, i) => {
    const where = finding.location
      ? code(
          `${finding.location.path}:${finding.location.startLine}${finding.location.endLine > finding.location.startLine ? `-${finding.location.endLine}` : ""}`,
        )
      : "repository";
    lines.push(`     - ${where} — ${md(finding.message)}`);
    // A search note repeated by every finding of a section is printed once.
    if (finding.evidence.searched && !searchedShown.has(finding.evidence.searched)) {
      searchedShown.add(finding.evidence.searched);
      lines.push(`       Searched: ${md(finding.evidence.searched)}`);
    }
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
  if (!action.collapsed && group.length > EVIDENCE_SHOWN)
    lines.push(`     - … and ${group.length - EVIDENCE_SHOWN} more (every location is in audit.json)`);
  if (action.collapsed) lines.push(`     - … and ${group.length - listed.length} more of the same kind`);
  lines.push(`   - **Suggested fix:** ${md(first.fix.text)}`);
  // The example is in the finding's own language, or absent: the fix then stands as text.
  if (first.fix.code) lines.push(indent(fenced(first.fix.code, first.fix.language ?? ""), 5));
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
        `| ${i + 1} | ${action.priority} | ${md(action.title)} | ${action.area} | ${action.count} | ${formatEffort(action.effortMinutes)}${action.collapsed ? ` (${action.shownIds.length} worst)` : ""} | ${where} |`,
      );
    });
    lines.push("");
    if (items.some((action) => action.collapsed))
      lines.push(
        "Effort for a rule with many places is estimated for its worst places only: the rest take the same fix, best made when that code is next changed.",
        "",
      );
  }
  lines.push("---", "");
  return lines;
}

function positiveFindings(audit: Audit): string[] {
  const lines = ["## Positive Findings", ""];
  if (audit.strengths.length === 0) lines.push("No strength stood out in the facts collected.");
  audit.strengths.forEach((strength, i) => {
    const evidence = strength.evidence.map((e) => code(`${e.path}:${e.line}`)).join(", ");
    lines.push(
      `${i + 1}. ✅ **${md(strength.title)}** — ${md(strength.detail)}${evidence ? ` (${evidence})` : ""}`,
    );
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
  lines.push(`| **Total** | | **100%** | **${total.toFixed(2)}** |`, "");
  const { cap } = audit.summary;
  if (cap)
    lines.push(
      `Weighted mean: ${audit.summary.uncappedScore} (${audit.summary.uncappedGrade}). Capped at ${cap.grade} (${cap.maxScore}) by ${md(cap.reason)}: the grade never outranks a blocker.`,
      "",
    );
  lines.push(`**Final grade: ${audit.summary.grade} (${audit.summary.score}/100)**`);
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
  if (coverage.excludedFolders.length > 0) {
    lines.push("Folders left out of every check:", "");
    for (const folder of coverage.excludedFolders)
      lines.push(
        `- ${code(`${folder.path}/`)} — ${folder.files} file(s)${folder.lines > 0 ? `, ${folder.lines} lines of code` : ""}: ${md(folder.reason)}`,
      );
    lines.push("");
  }
  if (coverage.uncoveredFrameworks.length > 0) {
    lines.push("Frameworks in use that no check reads (their areas may look cleaner than they are):", "");
    for (const framework of coverage.uncoveredFrameworks)
      lines.push(
        `- ${md(framework.name)} (${code(`${framework.evidence.path}:${framework.evidence.line}`)}) — would feed ${framework.areas.map((id) => md(areaTitle(audit, id))).join(", ")}`,
      );
    lines.push("");
  }
  const byKind = new Map<string, typeof audit.diagnostics>();
  for (const diagnostic of audit.diagnostics) {
    const group = byKind.get(diagnostic.kind);
    if (group) group.push(diagnostic);
    else byKind.set(diagnostic.kind, [diagnostic]);
  }
  if (byKind.size === 0) lines.push("Every file was read and parsed; no data was missing.");
  for (const [kind, list] of [...byKind].sort(([a], [b]) => compareCodeUnits(a, b))) {
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
    ...(audit.duplication
      ? {
          duplicatedLinesPercent: audit.duplication.total.percent,
          identicalDuplicatedLinesPercent: audit.duplication.total.identicalPercent,
        }
      : {}),
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
