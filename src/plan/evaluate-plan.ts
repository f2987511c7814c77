// Evaluates a whole plan against one audit run: each item decided, per-stage and overall weighted percentages,
// the audit's high and critical findings the plan does not cover, risk areas, effort left and a verdict line.
import type { EngineResult } from "../engine/run-engine.js";
import type { Audit } from "../model/audit.js";
import { compareCodeUnits } from "../util/compare-code-units.js";
import { evaluateItem } from "./evaluate-item.js";
import { PlanContext, scopeMatcher } from "./plan-context.js";
import type { PlanCheck, PlanFile, PlanItem } from "./plan-file.js";
import {
  PLAN_SCHEMA_VERSION,
  type ItemState,
  type PlanItemResult,
  type PlanReport,
  type PlanStageResult,
  type RiskArea,
  type UncoveredFinding,
} from "./types.js";

export interface EvaluatePlanInput {
  plan: PlanFile;
  planFile: string;
  engine: EngineResult;
  audit: Audit;
  generatedAt: string | null;
}

/** Areas whose missing items are called out as risks: security, data and CI. */
const RISK_AREAS = ["security", "database", "ci"] as const;

export function evaluatePlan(input: EvaluatePlanInput): PlanReport {
  const ctx = new PlanContext(input.engine);
  const ruleArea = new Map(input.engine.ruleSet.allRules.map((rule) => [rule.id, rule.area as string]));
  const stages: PlanStageResult[] = input.plan.stages.map((stage) => {
    const items = stage.items.map((item) => itemResult(item, stage.id, ctx, ruleArea));
    return { id: stage.id, title: stage.title, percent: percentOf(items), counts: countStates(items), items };
  });
  const allItems = stages.flatMap((stage) => stage.items);
  const counts = countStates(allItems);
  const decidable = allItems.filter((item) => item.state !== "not-decidable").length;
  const open = allItems.filter((item) => item.state === "missing" || item.state === "partial");
  const remainingMinutes = open.reduce((sum, item) => sum + (item.remainingMinutes ?? 0), 0);
  const unestimated = open.filter((item) => item.remainingMinutes === null).length;
  const uncoveredFindings = uncovered(input.plan, input.audit);
  const riskAreas = risks(open);
  const percent = percentOf(allItems);
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    tool: input.audit.tool,
    repository: {
      root: input.audit.repository.root,
      commit: input.audit.repository.commit ?? null,
      ref: input.engine.index.ref,
    },
    generatedAt: input.generatedAt,
    plan: { title: input.plan.title, file: input.planFile },
    summary: {
      percent,
      counts,
      items: allItems.length,
      decidable,
      remainingMinutes,
      unestimated,
      verdict: verdictOf(stages, percent, counts, decidable, allItems.length, uncoveredFindings, riskAreas),
    },
    stages,
    uncoveredFindings,
    riskAreas,
    diagnostics: input.audit.diagnostics
      .filter((d) => d.kind === "grammar-missing" || d.kind === "invalid-config")
      .map((d) => `${d.path ? `${d.path}: ` : ""}${d.message}`),
  };
}

function itemResult(
  item: PlanItem,
  stage: string,
  ctx: PlanContext,
  ruleArea: Map<string, string>,
): PlanItemResult {
  const decision = evaluateItem(item, ctx);
  const open = decision.state === "missing" || decision.state === "partial";
  return {
    id: item.id,
    stage,
    title: item.title,
    kind: item.check.kind,
    state: decision.state,
    fraction: round(decision.fraction, 3),
    weight: item.weight,
    effortMinutes: item.effortMinutes,
    remainingMinutes:
      open && item.effortMinutes !== null
        ? Math.round(item.effortMinutes * (1 - decision.fraction))
        : open
          ? null
          : 0,
    area: item.area ?? inferArea(item.check, item.title, ruleArea),
    source: item.source,
    planLine: item.line,
    summary: decision.summary,
    missing: decision.missing,
    evidence: decision.evidence,
    searched: decision.searched,
  };
}

/** Weighted share done over decidable items (done elsewhere counts as done), one decimal; null when none decidable. */
function percentOf(items: readonly PlanItemResult[]): number | null {
  const decidable = items.filter((item) => item.state !== "not-decidable");
  const total = decidable.reduce((sum, item) => sum + item.weight, 0);
  if (total === 0) return null;
  const done = decidable.reduce((sum, item) => sum + item.weight * item.fraction, 0);
  return round((done / total) * 100, 1);
}

function countStates(items: readonly PlanItemResult[]): Record<ItemState, number> {
  const counts: Record<ItemState, number> = {
    done: 0,
    "done-elsewhere": 0,
    partial: 0,
    missing: 0,
    "not-decidable": 0,
  };
  for (const item of items) counts[item.state]++;
  return counts;
}

/** An item's area: given, or what its check is about, or words of its title. */
function inferArea(check: PlanCheck, title: string, ruleArea: Map<string, string>): string | null {
  switch (check.kind) {
    case "ci":
      return "ci";
    case "migration":
    case "table":
      return "database";
    case "dependency":
      return "dependencies";
    case "env":
    case "config":
      return "config";
    case "coverage":
    case "tests":
      return "tests";
    case "rule":
      return ruleArea.get(check.ruleId) ?? null;
    default:
      break;
  }
  const text = title.toLowerCase();
  if (
    /\b(auth\w*|secur\w*|secrets?|tokens?|csrf|tls|encrypt\w*|permissions?|passwords?|credentials?|sanitiz\w*|xss|injection)\b/.test(
      text,
    )
  )
    return "security";
  if (/\b(persist\w*|migrations?|database|backups?|transactions?|data loss|state loss|storage)\b/.test(text))
    return "database";
  if (/\b(ci|pipelines?|deploy\w*|release pipeline)\b/.test(text)) return "ci";
  return null;
}

function risks(open: readonly PlanItemResult[]): RiskArea[] {
  return RISK_AREAS.map((area) => ({
    area,
    items: open.filter((item) => item.area === area).map((item) => `${item.id} ${item.title}`),
  })).filter((risk) => risk.items.length > 0);
}

/** High and critical findings whose rule no `rule:` item names (with a scope that holds the finding). */
function uncovered(plan: PlanFile, audit: Audit): UncoveredFinding[] {
  const ruleItems = plan.stages
    .flatMap((stage) => stage.items)
    .flatMap((item) => (item.check.kind === "rule" ? [item.check] : []));
  return audit.findings
    .filter((finding) => finding.severity === "critical" || finding.severity === "high")
    .filter(
      (finding) =>
        !ruleItems.some(
          (check) =>
            check.ruleId === finding.ruleId &&
            (check.scope.length === 0 ||
              (finding.location !== null &&
                check.scope.some((glob) => scopeMatcher(glob).test(finding.location?.path ?? "")))),
        ),
    )
    .map((finding) => ({
      id: finding.id,
      ruleId: finding.ruleId,
      area: finding.area,
      severity: finding.severity,
      title: finding.title,
      path: finding.location?.path ?? null,
      line: finding.location?.startLine ?? null,
    }))
    .sort(
      (a, b) =>
        (a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1) ||
        compareCodeUnits(a.path ?? "", b.path ?? "") ||
        (a.line ?? 0) - (b.line ?? 0) ||
        compareCodeUnits(a.ruleId, b.ruleId),
    );
}

function verdictOf(
  stages: readonly PlanStageResult[],
  percent: number | null,
  counts: Record<ItemState, number>,
  decidable: number,
  total: number,
  uncoveredFindings: readonly UncoveredFinding[],
  riskAreas: readonly RiskArea[],
): string {
  const undecided =
    counts["not-decidable"] > 0 ? `; ${counts["not-decidable"]} item(s) not decidable: check by hand` : "";
  if (percent === null)
    return `Not decidable: none of the ${total} item(s) can be decided from the code; check them by hand.`;
  const done = counts.done + counts["done-elsewhere"];
  const findings =
    uncoveredFindings.length > 0
      ? `; ${uncoveredFindings.length} high/critical finding(s) outside the plan`
      : "";
  if (done === decidable && uncoveredFindings.length === 0)
    return `Complete: ${done} of ${decidable} decidable item(s) done${undecided}.`;
  const behind = [...stages]
    .filter((stage) => stage.percent !== null && stage.percent < 100)
    .sort((a, b) => (a.percent ?? 0) - (b.percent ?? 0))[0];
  const status =
    riskAreas.length > 0 || uncoveredFindings.some((f) => f.severity === "critical")
      ? `not ready: open items in ${riskAreas.map((risk) => risk.area).join(", ") || "no risk area"}${findings}`
      : done === decidable
        ? `plan items done${findings}`
        : `in progress${findings}`;
  return `${percent}% complete (${done} of ${decidable} decidable item(s) done, ${counts.partial} partial, ${counts.missing} missing${behind ? `; furthest behind: stage ${behind.id} ${behind.title} at ${behind.percent}%` : ""}) — ${status}${undecided}.`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
