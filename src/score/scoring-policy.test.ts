import { describe, expect, it } from "vitest";
import { GRADE_CAPS, SCORING_DOC, gradeFor, maxScoreOf } from "./scoring-policy.js";

describe("grade bands", () => {
  it("gives each band from its floor, and the band below one point under it", () => {
    const floors: Array<[number, string, string]> = [
      [97, "A+", "A"],
      [93, "A", "A-"],
      [90, "A-", "B+"],
      [87, "B+", "B"],
      [83, "B", "B-"],
      [80, "B-", "C+"],
      [77, "C+", "C"],
      [73, "C", "C-"],
      [70, "C-", "D+"],
      [67, "D+", "D"],
      [63, "D", "D-"],
      [60, "D-", "F"],
    ];
    for (const [floor, grade, below] of floors) {
      expect(gradeFor(floor), `${floor}`).toBe(grade);
      expect(gradeFor(floor - 1), `${floor - 1}`).toBe(below);
    }
    expect([gradeFor(100), gradeFor(0)]).toEqual(["A+", "F"]);
  });

  it("caps a grade at the top score of its band", () => {
    expect([maxScoreOf("A+"), maxScoreOf("B-"), maxScoreOf("C+"), maxScoreOf("D"), maxScoreOf("F")]).toEqual([
      100, 82, 79, 66, 59,
    ]);
    for (const grade of Object.values(GRADE_CAPS)) expect(gradeFor(maxScoreOf(grade))).toBe(grade);
  });

  it("documents the numbers it uses", () => {
    const doc = SCORING_DOC.join("\n");
    expect(doc).toContain("critical 25, high 12, medium 5, low 1.5, info 0");
    expect(doc).toContain("Heuristic findings count 60%");
    expect(doc).toContain("2.5× its largest single deduction");
    expect(doc).toContain("a critical finding caps it at C+");
  });
});
