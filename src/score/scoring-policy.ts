// The documented scoring policy: deductions per severity, caps, grade bands and status thresholds.
import type { BlockerKind } from "../model/audit.js";
import type { Severity } from "../model/severity.js";

/** Points one finding takes off its area's 100. */
export const DEDUCTION: Record<Severity, number> = { critical: 25, high: 12, medium: 5, low: 1.5, info: 0 };

/**
 * One rule can take at most this many times its largest single deduction from an area: fifty copies of the same
 * problem are one problem to fix, and should not hide every other finding of the area.
 */
export const PER_RULE_CAP_MULTIPLIER = 2.5;

/**
 * Findings that say an area's subject is missing altogether cap that area's score: a repository with no CI has no
 * CI/CD to speak of, and one medium finding would otherwise leave the area at 97. Kept at or above the FAIL line, so
 * the cap never adds a "failing area" blocker on top of the rule's own.
 */
export const AREA_SCORE_CEILING: Record<string, number> = { "ci/no-ci-workflow": 60 };

/**
 * An area is FAIL under this score — counting only its medium-and-higher findings (or with a critical), so that low
 * findings never fail an area and never, through the failing-area blocker, flip the verdict.
 */
export const FAIL_BELOW = 50;
/** An area is NEEDS ATTENTION under this score (all its findings counted) or with a high finding. */
export const ATTENTION_BELOW = 75;

/** Heuristic findings (inferences) count for this share of a certain one. */
export const HEURISTIC_FACTOR = 0.6;

export const GRADE_BANDS: Array<[number, string]> = [
  [97, "A+"],
  [93, "A"],
  [90, "A-"],
  [87, "B+"],
  [83, "B"],
  [80, "B-"],
  [77, "C+"],
  [73, "C"],
  [70, "C-"],
  [67, "D+"],
  [63, "D"],
  [60, "D-"],
  [0, "F"],
];

export function gradeFor(score: number): string {
  for (const [floor, grade] of GRADE_BANDS) if (score >= floor) return grade;
  return "F";
}

/**
 * The highest grade each blocker allows. A blocker says the code cannot ship as it is; the weighted mean of the
 * areas must not say otherwise, so the overall grade is the lower of the mean and the lowest cap that applies.
 * Calibrated on the precision ledger's repositories and the fixtures (docs/calibration.md).
 */
export const GRADE_CAPS: Record<BlockerKind, string> = {
  "does-not-parse": "D",
  "critical-finding": "C+",
  "live-secret": "C+",
  "security-stub": "C+",
  "unauthenticated-writes": "C+",
  "failing-area": "C+",
  "no-ci": "B-",
  "no-tests": "B-",
};

/** Why each blocker blocks, as the report prints it beside the cap. */
export const BLOCKER_LABELS: Record<BlockerKind, string> = {
  "does-not-parse": "production code that does not parse or resolve",
  "critical-finding": "a critical finding",
  "live-secret": "a live secret committed to the repository",
  "security-stub": "a security check that is a stub",
  "unauthenticated-writes": "state-changing routes reachable without authentication",
  "failing-area": "an area at FAIL",
  "no-ci": "an application with no CI",
  "no-tests": "an application with no tests at all",
};

/**
 * Rules whose findings are blockers of a kind, from a severity up. Findings in tests, examples and scripts never
 * block. `stateChanging` keeps only routes that write (POST, PUT, PATCH, DELETE; Phoenix create/update/delete).
 */
export interface BlockingRule {
  kind: BlockerKind;
  minSeverity: Severity;
  /** Only findings the rule reports as certain (a pattern it recognises, not an inference). */
  certainOnly?: boolean;
  stateChanging?: boolean;
  /** Findings whose message says they are not this blocker (a local development password is not a live secret). */
  unlessMessage?: RegExp;
}

export const BLOCKING_RULES: Record<string, BlockingRule> = {
  // The symbol index: an identifier no scope of its Go package defines, a call to a function the in-repository
  // module does not define, a TS/JS import of a value the in-repository module does not export, a Python import
  // of a module or name its own package lacks — code that does
  // not build, or fails on first call.
  "go/undefined-identifier": { kind: "does-not-parse", minSeverity: "high" },
  "elixir/undefined-remote-call": { kind: "does-not-parse", minSeverity: "high" },
  "node/import-not-exported": { kind: "does-not-parse", minSeverity: "high" },
  "python/unresolved-import": { kind: "does-not-parse", minSeverity: "high" },
  "ci/no-ci-workflow": { kind: "no-ci", minSeverity: "medium" },
  // The repository has no test of any kind for its largest application: nothing checks a change but a person.
  // When other parts of the repository are tested, the untested app is a finding to act on, not a blocker.
  "tests/no-tests": {
    kind: "no-tests",
    minSeverity: "high",
    unlessMessage: /other parts of the repository are tested/,
  },
  // A provider credential (cloud, VCS, payment, chat, mail tokens, private keys) is live until rotated; a password in a
  // connection string, a JWT or a high-entropy value may be a local default or a documentation sample.
  "security/hardcoded-secret": {
    kind: "live-secret",
    minSeverity: "high",
    certainOnly: true,
    unlessMessage: /^(password in a connection string|JSON Web Token|high-entropy value)/i,
  },
  "security/auth-stub": { kind: "security-stub", minSeverity: "high" },
  "python/route-without-auth": { kind: "unauthenticated-writes", minSeverity: "medium", stateChanging: true },
  "elixir/scope-without-auth": { kind: "unauthenticated-writes", minSeverity: "medium", stateChanging: true },
  "security/route-missing-auth": {
    kind: "unauthenticated-writes",
    minSeverity: "medium",
    stateChanging: true,
  },
  "go/route-without-auth-middleware": {
    kind: "unauthenticated-writes",
    minSeverity: "medium",
    stateChanging: true,
  },
};

/** The highest score of a grade band: the cap a blocker puts on the weighted mean. */
export function maxScoreOf(grade: string): number {
  const index = GRADE_BANDS.findIndex(([, band]) => band === grade);
  if (index <= 0) return 100;
  return (GRADE_BANDS[index - 1]?.[0] ?? 101) - 1;
}

/** How many findings of one rule in one area a report lists before collapsing them into one counted entry. */
export const FLOOD_THRESHOLD = 10;
/** The worst places a collapsed entry shows, and estimates effort for. */
export const FLOOD_SHOWN = 5;

export const SCORING_DOC = [
  `Each area starts at 100 and loses points per finding: ${Object.entries(DEDUCTION)
    .map(([severity, points]) => `${severity} ${points}`)
    .join(", ")}.`,
  `Heuristic findings count ${HEURISTIC_FACTOR * 100}% of a certain one; one rule takes at most ${PER_RULE_CAP_MULTIPLIER}× its largest single deduction from an area; an area never goes below 0.`,
  `Status: FAIL with a critical finding, or when the area's medium-and-higher findings alone bring it under ${FAIL_BELOW} (low findings lower the score but never fail an area, so one more low finding cannot flip the verdict); NEEDS ATTENTION with a high finding or a score under ${ATTENTION_BELOW}; NEEDS REVIEW with a medium finding; GOOD with only low/info findings; PASS with none; NOT APPLICABLE when no check could look at anything.`,
  "The overall score is the weighted mean of applicable areas (weights renormalised over them); grades: " +
    GRADE_BANDS.map(([floor, grade]) => `${grade} ≥ ${floor}`).join(", ") +
    ".",
  "Blockers cap the grade, because the weighted mean must never outrank them: " +
    (Object.keys(GRADE_CAPS) as BlockerKind[])
      .map((kind) => `${BLOCKER_LABELS[kind]} caps it at ${GRADE_CAPS[kind]}`)
      .join("; ") +
    ". The report prints the cap and the blocker that set it.",
  "Verdict: Not ready when any blocker stands; Ready after N fixes when none does but N high findings remain; Ready otherwise.",
];
