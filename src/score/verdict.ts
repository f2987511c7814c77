// The verdict: what blocks a release (each blocker linked to its findings), the grade caps those blockers set, and
// Ready / Ready after N fixes / Not ready.
import type { AreaReport, Blocker, BlockerKind, GradeCap, VerdictStatus } from "../model/audit.js";
import type { Finding } from "../model/finding.js";
import { isAtLeast } from "../model/severity.js";
import { placeOf, rankOf } from "./ranking.js";
import {
  BLOCKER_LABELS,
  BLOCKING_RULES,
  GRADE_CAPS,
  gradeFor,
  maxScoreOf,
  type BlockingRule,
} from "./scoring-policy.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export interface Verdict {
  status: VerdictStatus;
  fixesBeforeReady: number;
  blockers: Blocker[];
  /** The lowest cap among the blockers, when it is below the weighted mean. */
  cap: GradeCap | null;
  score: number;
  grade: string;
  sentence: string;
}

/** Order in which blockers are listed: the most fundamental first. */
const KIND_ORDER: BlockerKind[] = [
  "does-not-parse",
  "critical-finding",
  "live-secret",
  "security-stub",
  "unauthenticated-writes",
  "no-ci",
  "no-tests",
  "failing-area",
];

const STATE_CHANGING = /\b(POST|PUT|PATCH|DELETE)\b|:(create|update|delete|destroy)\b/i;

export function decideVerdict(
  findings: readonly Finding[],
  areas: readonly AreaReport[],
  uncappedScore: number,
  blockingRules: Record<string, BlockingRule> = BLOCKING_RULES,
): Verdict {
  const found = findBlockers(findings, areas, blockingRules);
  const blockers: Blocker[] = found.map(({ headline: _headline, ...blocker }) => blocker);
  const caps: GradeCap[] = found.map((blocker) => ({
    kind: blocker.kind,
    grade: GRADE_CAPS[blocker.kind],
    maxScore: maxScoreOf(GRADE_CAPS[blocker.kind]),
    reason: `${BLOCKER_LABELS[blocker.kind]}: ${blocker.headline}`,
  }));
  const binding = caps
    .filter((cap) => cap.maxScore < uncappedScore)
    .sort((a, b) => a.maxScore - b.maxScore || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind))[0];
  const score = binding ? binding.maxScore : uncappedScore;
  const highs = findings.filter((finding) => finding.severity === "high").length;
  const status: VerdictStatus = blockers.length > 0 ? "not-ready" : highs > 0 ? "ready-after-fixes" : "ready";
  return {
    status,
    fixesBeforeReady: status === "ready-after-fixes" ? highs : 0,
    blockers,
    cap: binding ?? null,
    score,
    grade: gradeFor(score),
    sentence: sentenceFor(status, blockers, highs),
  };
}

/** A blocker with the short form the grade cap quotes. */
type FoundBlocker = Blocker & { headline: string };

function findBlockers(
  findings: readonly Finding[],
  areas: readonly AreaReport[],
  blockingRules: Record<string, BlockingRule>,
): FoundBlocker[] {
  const blockers: FoundBlocker[] = [];
  const production = findings.filter((finding) => placeOf(finding) !== "tooling");

  const criticals = production.filter((finding) => finding.severity === "critical");
  for (const group of groupBy(criticals, (finding) => finding.ruleId).values()) {
    const first = group[0] as Finding;
    blockers.push({
      kind: "critical-finding",
      reason: `Critical: ${first.title} (${where(group)})`,
      headline: `${first.title} (${where(group)})`,
      area: first.area,
      findingIds: group.map((finding) => finding.id),
    });
  }

  const byKind = new Map<BlockerKind, Finding[]>();
  for (const finding of production) {
    const rule = blockingRules[finding.ruleId];
    if (!rule || !isAtLeast(finding.severity, rule.minSeverity)) continue;
    if (rule.certainOnly && finding.confidence !== "certain") continue;
    if (rule.stateChanging && !STATE_CHANGING.test(finding.message)) continue;
    if (rule.unlessMessage?.test(finding.message)) continue;
    // A critical finding already blocks on its own; say it once.
    if (finding.severity === "critical" && rule.kind !== "no-ci") continue;
    byKind.set(rule.kind, [...(byKind.get(rule.kind) ?? []), finding]);
  }
  for (const [kind, group] of byKind) {
    blockers.push({
      kind,
      reason: `${capitalise(BLOCKER_LABELS[kind])}: ${describeGroup(kind, group)}`,
      headline: where(group),
      area: group[0]?.area ?? null,
      findingIds: group.map((finding) => finding.id),
    });
  }

  for (const area of areas.filter((a) => a.status === "FAIL")) {
    const areaFindings = findings
      .filter((finding) => finding.area === area.id)
      .sort((a, b) => rankOf(b) - rankOf(a));
    const worst = areaFindings.filter((finding) => isAtLeast(finding.severity, "medium"));
    blockers.push({
      kind: "failing-area",
      reason: `${area.title} is FAIL (${area.score}/100${worst.length > 0 ? `: ${summariseRules(worst)}` : ""})`,
      headline: `${area.title} is FAIL (${area.score}/100)`,
      area: area.id,
      findingIds: (worst.length > 0 ? worst : areaFindings).map((finding) => finding.id),
    });
  }
  return blockers.sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compareCodeUnits(a.reason, b.reason),
  );
}

function describeGroup(kind: BlockerKind, group: readonly Finding[]): string {
  const first = group[0] as Finding;
  if (kind === "no-ci") return first.message;
  const more = group.length > 1 ? ` and ${group.length - 1} more` : "";
  return `${first.message}${first.location ? ` (${first.location.path}:${first.location.startLine})` : ""}${more}`;
}

/** "3 × SQL built by concatenation, 2 × Hard-coded secret": what drives an area to FAIL. */
function summariseRules(findings: readonly Finding[]): string {
  const counts = new Map<string, { title: string; count: number; rank: number }>();
  for (const finding of findings) {
    const entry = counts.get(finding.ruleId);
    const rank = ["critical", "high", "medium", "low", "info"].indexOf(finding.severity);
    if (entry) {
      entry.count++;
      entry.rank = Math.min(entry.rank, rank);
    } else counts.set(finding.ruleId, { title: finding.title, count: 1, rank });
  }
  const sorted = [...counts.values()].sort(
    (a, b) => a.rank - b.rank || b.count - a.count || compareCodeUnits(a.title, b.title),
  );
  const shown = sorted.slice(0, 3).map((entry) => `${entry.count} × ${entry.title}`);
  return shown.join(", ") + (sorted.length > 3 ? `, and ${sorted.length - 3} more rule(s)` : "");
}

function where(group: readonly Finding[]): string {
  const first = group[0] as Finding;
  // A repository-level finding (no CI, no tests) has no place to point at: its message says what is missing.
  const at = first.location ? `${first.location.path}:${first.location.startLine}` : first.message;
  return group.length > 1 ? `${at} and ${group.length - 1} more` : at;
}

function sentenceFor(status: VerdictStatus, blockers: readonly Blocker[], highs: number): string {
  if (status === "not-ready") {
    const kinds = [...new Set(blockers.map((blocker) => BLOCKER_LABELS[blocker.kind]))];
    return `Not ready: ${blockers.length} blocker(s) to clear first (${kinds.join("; ")}).`;
  }
  if (status === "ready-after-fixes")
    return `Ready after ${highs} fix(es): no blocker stands, but the ${highs} high-severity finding(s) should be fixed before release.`;
  return "Ready: no blocker and no high-severity finding; the remaining findings are refinements.";
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
