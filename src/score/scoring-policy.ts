// The documented scoring policy: deductions per severity, caps, grade bands and status thresholds.
import type { Severity } from "../model/severity.js";

/** Points one finding takes off its area's 100. */
export const DEDUCTION: Record<Severity, number> = { critical: 25, high: 12, medium: 5, low: 1.5, info: 0 };

/**
 * One rule can take at most this many times its largest single deduction from an area: fifty copies of the same
 * problem are one problem to fix, and should not hide every other finding of the area.
 */
export const PER_RULE_CAP_MULTIPLIER = 2.5;

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

export const SCORING_DOC = [
  `Each area starts at 100 and loses points per finding: ${Object.entries(DEDUCTION)
    .map(([severity, points]) => `${severity} ${points}`)
    .join(", ")}.`,
  `Heuristic findings count ${HEURISTIC_FACTOR * 100}% of a certain one; one rule takes at most ${PER_RULE_CAP_MULTIPLIER}× its largest single deduction from an area; an area never goes below 0.`,
  "Status: FAIL with a critical finding or a score under 50; NEEDS ATTENTION with a high finding or a score under 75; NEEDS REVIEW with a medium finding; GOOD with only low/info findings; PASS with none; NOT APPLICABLE when no check could look at anything.",
  "The overall score is the weighted mean of applicable areas (weights renormalised over them); grades: " +
    GRADE_BANDS.map(([floor, grade]) => `${grade} ≥ ${floor}`).join(", ") +
    ".",
];
