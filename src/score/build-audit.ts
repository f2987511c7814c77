// Builds the Audit document from the engine's result: areas, grade, actions, readiness, positives, coverage.
import { combinePatches } from "../util/combine-patches.js";
import type {
  ActionItem,
  ActionPatches,
  ActionPriority,
  AppInfo,
  Audit,
  AreaReport,
  PositiveFinding,
  ReadinessItem,
} from "../model/audit.js";
import { SCHEMA_VERSION } from "../model/audit.js";
import type { AreaId } from "../model/areas.js";
import type { Finding } from "../model/finding.js";
import { SEVERITIES, type Severity } from "../model/severity.js";
import type { EngineResult } from "../engine/run-engine.js";
import { buildAreas } from "./score-areas.js";
import { gradeFor } from "./scoring-policy.js";
import { formatEffort } from "../model/format.js";

export interface BuildAuditOptions {
  toolVersion: string;
  /** ISO timestamp, or null for byte-identical reruns (`--no-timestamp`). */
  generatedAt: string | null;
  weights: Partial<Record<AreaId, number>>;
  baselined?: number;
}

const PRIORITY: Record<Severity, ActionPriority> = {
  critical: "P0",
  high: "P1",
  medium: "P2",
  low: "P3",
  info: "P4",
};

export function buildAudit(result: EngineResult, options: BuildAuditOptions): Audit {
  const { facts, findings } = result;
  const ruleArea = new Map(result.ruleSet.allRules.map((rule) => [rule.id, rule.area]));
  const areas = buildAreas(
    findings,
    result.checks,
    result.areaFacts,
    (ruleId) => ruleArea.get(ruleId) ?? "quality",
    options.weights,
  );
  const applicable = areas.filter((area) => area.status !== "NOT APPLICABLE");
  const totalWeight = applicable.reduce((sum, area) => sum + area.weight, 0);
  const gradeBreakdown = applicable.map((area) => ({
    area: area.id,
    title: area.title,
    score: area.score,
    weight: totalWeight > 0 ? round2((area.weight / totalWeight) * 100) : 0,
    weighted: totalWeight > 0 ? round2((area.score * area.weight) / totalWeight) : 0,
  }));
  const score = Math.round(gradeBreakdown.reduce((sum, row) => sum + row.weighted, 0));
  const counts = Object.fromEntries(
    SEVERITIES.map((severity) => [severity, findings.filter((f) => f.severity === severity).length]),
  ) as Record<Severity, number>;
  const actions = buildActions(findings);
  const apps: AppInfo[] = (facts.apps ?? []).map((app) => ({
    name: app.name,
    ecosystem: app.ecosystem,
    path: app.path,
    manifest: app.manifest,
  }));
  const languages = languageTable(result);
  const files = result.index.files;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "codeaudit", version: options.toolVersion },
    repository: {
      root: result.index.root,
      name: result.index.name,
      commit: result.index.git?.commit ?? null,
      branch: result.index.git?.branch ?? null,
      dirty: result.index.git?.dirty ?? null,
      ref: result.index.ref,
      apps,
    },
    generatedAt: options.generatedAt,
    method:
      `Static analysis of ${result.index.ref ? `commit ${result.index.git?.commit ?? result.index.ref}` : "the working tree"}: ${facts.files.length} files analysed, ${facts.files.filter((f) => f.parsed).length} of them parsed into syntax trees, ` +
      `${result.checks.length} checks over facts from manifests, configuration, CI and code; the audited code was not executed.`,
    summary: {
      grade: gradeFor(score),
      score,
      counts,
      topRisks: topRisks(findings),
      strengths: strengths(areas),
      verdict: verdict(counts, score),
    },
    areas,
    findings,
    actions,
    readiness: readiness(areas, findings),
    positives: positives(areas),
    gradeBreakdown,
    nextSteps: nextSteps(actions),
    coverage: {
      filesTotal: files.filter((f) => f.skip !== "skipped-vendored").length,
      filesAnalysed: facts.files.length,
      filesSkipped: result.diagnostics.filter((d) => d.kind.startsWith("skipped-")).length,
      bytesAnalysed: facts.files.reduce((sum, f) => sum + f.bytes, 0),
      languages,
      grammarsMissing: result.grammarsMissing,
      suppressed: result.suppressed,
      baselined: options.baselined ?? 0,
    },
    diagnostics: result.diagnostics,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function languageTable(result: EngineResult): Audit["coverage"]["languages"] {
  const table = new Map<
    string,
    { language: string; files: number; code: number; comment: number; blank: number }
  >();
  for (const file of result.facts.files) {
    const row = table.get(file.language) ?? {
      language: file.language,
      files: 0,
      code: 0,
      comment: 0,
      blank: 0,
    };
    row.files++;
    row.code += file.lines.code;
    row.comment += file.lines.comment;
    row.blank += file.lines.blank;
    table.set(file.language, row);
  }
  return [...table.values()].sort((a, b) => b.code - a.code || a.language.localeCompare(b.language));
}

/** One action per rule that fired: priority from its most severe finding, effort summed over its findings. */
function buildActions(findings: readonly Finding[]): ActionItem[] {
  const byRule = new Map<string, Finding[]>();
  // Push, never copy: copying the group on every finding made 80k findings of one rule quadratic.
  for (const finding of findings) {
    const group = byRule.get(finding.ruleId);
    if (group) group.push(finding);
    else byRule.set(finding.ruleId, [finding]);
  }
  const actions: ActionItem[] = [];
  for (const [ruleId, group] of byRule) {
    const worst = [...group].sort(
      (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
    )[0] as Finding;
    actions.push({
      priority: PRIORITY[worst.severity],
      ruleId,
      title: worst.title,
      area: worst.area,
      severity: worst.severity,
      count: group.length,
      effortMinutes: group.reduce((sum, f) => sum + f.effortMinutes, 0),
      findingIds: group.map((f) => f.id),
      examples: group
        .slice(0, 5)
        .map((f) => (f.location ? `${f.location.path}:${f.location.startLine}` : "repository")),
      patches: actionPatches(group),
    });
  }
  return actions.sort(
    (a, b) => a.priority.localeCompare(b.priority) || b.count - a.count || a.ruleId.localeCompare(b.ruleId),
  );
}

function actionPatches(group: readonly Finding[]): ActionPatches | null {
  const patched = group.filter((f) => f.patch);
  if (patched.length === 0) return null;
  const combined = combinePatches(patched.map((f) => f.patch ?? ""));
  const idOf = (index: number): string => patched[index]?.id ?? "";
  return {
    count: patched.length,
    files: combined.files.map((file) => ({
      path: file.path,
      patch: file.patch,
      findingIds: file.sources.map(idOf),
    })),
    leftOutIds: combined.leftOut.map(idOf),
  };
}

function topRisks(findings: readonly Finding[]): string[] {
  const seen = new Set<string>();
  const risks: string[] = [];
  for (const severity of ["critical", "high", "medium"] as const) {
    for (const finding of findings.filter((f) => f.severity === severity)) {
      if (seen.has(finding.ruleId) || risks.length >= 5) continue;
      seen.add(finding.ruleId);
      const count = findings.filter((f) => f.ruleId === finding.ruleId).length;
      const where = finding.location
        ? ` (${finding.location.path}:${finding.location.startLine}${count > 1 ? ` and ${count - 1} more` : ""})`
        : "";
      risks.push(`${severity.toUpperCase()}: ${finding.title}${where}`);
    }
  }
  return risks;
}

function strengths(areas: readonly AreaReport[]): string[] {
  return areas
    .filter((area) => area.status === "PASS" && area.checks.some((check) => check.status === "passed"))
    .map(
      (area) =>
        `${area.title}: ${area.checks.filter((c) => c.status === "passed").length} checks passed with no finding`,
    );
}

function verdict(counts: Record<Severity, number>, score: number): string {
  if (counts.critical > 0)
    return `Not ready for production: ${counts.critical} critical finding(s) to fix first.`;
  if (counts.high > 0)
    return `Ready for production after the ${counts.high} high-severity finding(s) are fixed.`;
  if (score >= 85) return "Ready for production; the remaining findings are refinements.";
  return "Ready with reservations: the medium findings below deserve a plan.";
}

function readiness(areas: readonly AreaReport[], findings: readonly Finding[]): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  for (const area of areas) {
    if (area.status === "NOT APPLICABLE") continue;
    const status =
      area.status === "FAIL"
        ? "not ready"
        : area.status === "NEEDS ATTENTION" || area.status === "NEEDS REVIEW"
          ? "needs attention"
          : "ready";
    const areaFindings = findings.filter((f) => f.area === area.id);
    const evidence =
      areaFindings.length === 0
        ? `${area.checks.filter((c) => c.status === "passed").length} checks passed`
        : SEVERITIES.filter((s) => areaFindings.some((f) => f.severity === s))
            .map((s) => `${areaFindings.filter((f) => f.severity === s).length} ${s}`)
            .join(", ");
    items.push({ item: area.title, area: area.id, status, evidence });
  }
  return items;
}

function positives(areas: readonly AreaReport[]): PositiveFinding[] {
  return areas
    .filter((area) => area.findingIds.length === 0 && area.checks.some((c) => c.status === "passed"))
    .map((area) => ({
      area: area.id,
      title: area.title,
      checked: area.checks.filter((c) => c.status === "passed").map((c) => c.title),
    }));
}

function nextSteps(actions: readonly ActionItem[]): string[] {
  const steps: string[] = [];
  const urgent = actions.filter((a) => a.priority === "P0" || a.priority === "P1");
  const medium = actions.filter((a) => a.priority === "P2");
  const effort = (list: readonly ActionItem[]): string =>
    formatEffort(list.reduce((sum, a) => sum + a.effortMinutes, 0));
  if (urgent.length > 0)
    steps.push(`Fix the ${urgent.length} critical/high action(s) first (about ${effort(urgent)}).`);
  if (medium.length > 0)
    steps.push(
      `Plan the ${medium.length} medium action(s) for the next iteration (about ${effort(medium)}).`,
    );
  const low = actions.filter((a) => a.priority === "P3" || a.priority === "P4");
  if (low.length > 0)
    steps.push(`Track the ${low.length} low/info action(s) as technical debt (about ${effort(low)}).`);
  steps.push(
    "Re-run `codeaudit audit` after the fixes; finding ids are stable, so fixed findings disappear from the report by id.",
  );
  return steps;
}
