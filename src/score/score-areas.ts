// Area scores and statuses from findings and check results (SPEC §5 "Scoring").
import type { AreaReport, AreaStatus, AreaTable, Audit, CheckResult } from "../model/audit.js";
import { AREAS, type AreaId } from "../model/areas.js";
import type { Finding } from "../model/finding.js";
import type { AreaFactEntry } from "../facts/repo-facts.js";
import { isAtLeast } from "../model/severity.js";
import {
  AREA_SCORE_CEILING,
  ATTENTION_BELOW,
  DEDUCTION,
  FAIL_BELOW,
  HEURISTIC_FACTOR,
  PER_RULE_CAP_MULTIPLIER,
} from "./scoring-policy.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export function scoreFindings(findings: readonly Finding[]): number {
  const byRule = new Map<string, number>();
  const capByRule = new Map<string, number>();
  for (const finding of findings) {
    const points = DEDUCTION[finding.severity] * (finding.confidence === "heuristic" ? HEURISTIC_FACTOR : 1);
    capByRule.set(
      finding.ruleId,
      Math.max(capByRule.get(finding.ruleId) ?? 0, points * PER_RULE_CAP_MULTIPLIER),
    );
    byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + points);
  }
  let total = 0;
  for (const [ruleId, points] of byRule) total += Math.min(points, capByRule.get(ruleId) ?? points);
  const ceiling = Math.min(100, ...[...byRule.keys()].map((ruleId) => AREA_SCORE_CEILING[ruleId] ?? 100));
  return Math.max(0, Math.min(ceiling, Math.round(100 - total)));
}

/**
 * An area's status. FAIL is decided by what matters: a critical finding, or medium-and-higher findings that on their
 * own bring the area under the FAIL line. Low findings still lower the score (and can make it NEEDS ATTENTION), but
 * never fail an area — a failing area blocks the release, and one more low finding must not flip the verdict.
 */
export function statusFor(
  score: number,
  findings: readonly Finding[],
  checks: readonly CheckResult[],
): AreaStatus {
  const applicable = checks.filter((check) => check.status === "passed" || check.status === "failed");
  if (applicable.length === 0 && findings.length === 0) return "NOT APPLICABLE";
  const has = (severity: Finding["severity"]): boolean =>
    findings.some((finding) => finding.severity === severity);
  if (has("critical")) return "FAIL";
  if (
    score < FAIL_BELOW &&
    scoreFindings(findings.filter((f) => isAtLeast(f.severity, "medium"))) < FAIL_BELOW
  )
    return "FAIL";
  if (has("high") || score < ATTENTION_BELOW) return "NEEDS ATTENTION";
  if (has("medium")) return "NEEDS REVIEW";
  if (findings.length > 0) return "GOOD";
  return "PASS";
}

export function buildAreas(
  findings: readonly Finding[],
  checks: readonly CheckResult[],
  areaFacts: readonly AreaFactEntry[],
  checkArea: (ruleId: string) => AreaId,
  weights: Partial<Record<AreaId, number>>,
  tables: Partial<Record<AreaId, AreaTable[]>> = {},
): AreaReport[] {
  return AREAS.map((area) => {
    const areaFindings = findings.filter((finding) => finding.area === area.id);
    const areaChecks = checks.filter((check) => checkArea(check.ruleId) === area.id);
    const score = scoreFindings(areaFindings);
    const status = statusFor(score, areaFindings, areaChecks);
    return {
      id: area.id,
      title: area.title,
      status,
      score: status === "NOT APPLICABLE" ? 0 : score,
      weight: weights[area.id] ?? area.weight,
      facts: areaFacts
        .filter((fact) => fact.area === area.id)
        .map(({ label, value, location }) => (location ? { label, value, location } : { label, value })),
      ...(tables[area.id]?.length ? { tables: tables[area.id] } : {}),
      findingIds: areaFindings.map((finding) => finding.id),
      checks: areaChecks,
      recommendations: recommendationsFor(areaFindings),
    };
  });
}

/**
 * The overall score before grade caps: the mean of the applicable areas' scores weighted by their weights,
 * renormalised over those areas (an area with nothing to look at neither helps nor hurts).
 */
export function weightedScore(areas: readonly AreaReport[]): {
  gradeBreakdown: Audit["gradeBreakdown"];
  score: number;
} {
  const applicable = areas.filter((area) => area.status !== "NOT APPLICABLE");
  const totalWeight = applicable.reduce((sum, area) => sum + area.weight, 0);
  const gradeBreakdown = applicable.map((area) => ({
    area: area.id,
    title: area.title,
    score: area.score,
    weight: totalWeight > 0 ? round2((area.weight / totalWeight) * 100) : 0,
    weighted: totalWeight > 0 ? round2((area.score * area.weight) / totalWeight) : 0,
  }));
  return { gradeBreakdown, score: Math.round(gradeBreakdown.reduce((sum, row) => sum + row.weighted, 0)) };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** One recommendation per rule that fired, most severe first, in the words of the rule's fix. */
function recommendationsFor(findings: readonly Finding[]): string[] {
  const seen = new Map<string, { finding: Finding; count: number }>();
  for (const finding of findings) {
    const entry = seen.get(finding.ruleId);
    if (entry) entry.count++;
    else seen.set(finding.ruleId, { finding, count: 1 });
  }
  const severityOrder = ["critical", "high", "medium", "low", "info"];
  return [...seen.values()]
    .sort(
      (a, b) =>
        severityOrder.indexOf(a.finding.severity) - severityOrder.indexOf(b.finding.severity) ||
        compareCodeUnits(a.finding.ruleId, b.finding.ruleId),
    )
    .map(
      ({ finding, count }) =>
        `**${finding.severity.toUpperCase()}:** ${finding.fix.text}${count > 1 ? ` (${count} places)` : ""}`,
    );
}
