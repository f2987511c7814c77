import { describe, expect, it } from "vitest";
import type { CheckResult } from "../model/audit.js";
import { makeArea, makeFinding, makeFindings } from "../../test/helpers/make-finding.js";
import { buildAreas, scoreFindings, statusFor, weightedScore } from "./score-areas.js";

const passed: CheckResult = { ruleId: "generic/x", title: "x", status: "passed", findings: 0 };

describe("scoreFindings", () => {
  it("takes the documented points off 100 per severity", () => {
    const one = (severity: "critical" | "high" | "medium" | "low" | "info") =>
      scoreFindings([makeFinding({ ruleId: `generic/${severity}`, severity })]);
    expect([one("critical"), one("high"), one("medium"), one("info")]).toEqual([75, 88, 95, 100]);
    // Two lows of different rules: 1.5 each.
    expect(
      scoreFindings([
        makeFinding({ ruleId: "generic/a", severity: "low" }),
        makeFinding({ ruleId: "generic/b", severity: "low" }),
      ]),
    ).toBe(97);
    expect(scoreFindings([])).toBe(100);
  });

  it("counts a heuristic finding at 60% of a certain one", () => {
    expect(
      scoreFindings([makeFinding({ ruleId: "generic/a", severity: "critical", confidence: "heuristic" })]),
    ).toBe(85);
  });

  it("caps one rule at 2.5 times its largest single deduction, so a repeated problem does not hide the others", () => {
    // Four highs of one rule: 48 points, capped at 30.
    expect(scoreFindings(makeFindings(4, { ruleId: "generic/same", severity: "high" }))).toBe(70);
    // The same four highs from four rules are four problems: no cap.
    expect(
      scoreFindings([1, 2, 3, 4].map((n) => makeFinding({ ruleId: `generic/rule-${n}`, severity: "high" }))),
    ).toBe(52);
    // The cap follows the largest single deduction (a certain high, 12 × 2.5), not the smallest (heuristic, 7.2).
    expect(
      scoreFindings([
        makeFinding({ ruleId: "generic/mixed", severity: "high" }),
        ...makeFindings(3, { ruleId: "generic/mixed", severity: "high", confidence: "heuristic" }),
      ]),
    ).toBe(70);
  });

  it("caps the area at 60 when a finding says its subject is missing, however light the finding", () => {
    const noCi = makeFinding({ ruleId: "ci/no-ci-workflow", severity: "medium", confidence: "heuristic" });
    expect(scoreFindings([noCi])).toBe(60);
    expect(statusFor(scoreFindings([noCi]), [noCi], [])).toBe("NEEDS ATTENTION");
    // Below the ceiling the deductions decide.
    expect(
      scoreFindings([
        noCi,
        ...[1, 2, 3, 4].map((n) => makeFinding({ ruleId: `ci/r${n}`, severity: "high" })),
      ]),
    ).toBe(49);
    // Another medium of the area is not capped.
    expect(
      scoreFindings([
        makeFinding({ ruleId: "ci/missing-gate", severity: "medium", confidence: "heuristic" }),
      ]),
    ).toBe(97);
  });

  it("never goes below 0", () => {
    const criticals = [1, 2, 3, 4, 5].map((n) =>
      makeFinding({ ruleId: `generic/rule-${n}`, severity: "critical" }),
    );
    expect(scoreFindings(criticals)).toBe(0);
  });
});

describe("statusFor", () => {
  it("is FAIL with a critical finding even when the score is high", () => {
    const critical = [makeFinding({ ruleId: "generic/a", severity: "critical" })];
    expect(statusFor(scoreFindings(critical), critical, [])).toBe("FAIL");
    expect(statusFor(99, critical, [passed])).toBe("FAIL");
  });

  it("is NEEDS ATTENTION under 75 whatever the severities, but FAIL under 50 only on medium-and-higher findings", () => {
    const lows = [makeFinding({ ruleId: "generic/a", severity: "low" })];
    expect(statusFor(49, lows, [])).toBe("NEEDS ATTENTION");
    expect(statusFor(74, lows, [])).toBe("NEEDS ATTENTION");
    expect(statusFor(75, lows, [])).toBe("GOOD");
    const highs = [1, 2, 3, 4, 5].map((n) => makeFinding({ ruleId: `generic/high-${n}`, severity: "high" }));
    expect(statusFor(scoreFindings(highs), highs, [])).toBe("FAIL");
  });

  it("does not let one more low finding fail an area (plane's CI/CD went 50 → 48 on one low and blocked the release)", () => {
    // Two missing gates (high, heuristic), write-all tokens and unpinned actions (medium): 62 on their own.
    const serious = [
      ...makeFindings(2, { ruleId: "ci/missing-gate", severity: "high", confidence: "heuristic" }),
      ...makeFindings(3, { ruleId: "ci/missing-gate", severity: "medium", confidence: "heuristic" }),
      ...makeFindings(2, { ruleId: "ci/workflow-permissions", severity: "medium" }),
      ...makeFindings(2, { ruleId: "ci/unpinned-action", severity: "medium" }),
    ];
    const lows = [
      ...makeFindings(3, { ruleId: "ci/workflow-permissions", severity: "low" }),
      ...makeFindings(5, { ruleId: "ci/unpinned-action", severity: "low" }),
      ...makeFindings(4, { ruleId: "ci/no-job-timeout", severity: "low" }),
      ...makeFindings(3, { ruleId: "ci/no-concurrency-cancel", severity: "low" }),
    ];
    const before = [...serious, ...lows];
    const after = [...before, makeFinding({ ruleId: "ci/format-rewrite-not-checked", severity: "low" })];
    expect(scoreFindings(before)).toBe(50);
    expect(scoreFindings(after)).toBe(48);
    expect(statusFor(scoreFindings(before), before, [])).toBe("NEEDS ATTENTION");
    expect(statusFor(scoreFindings(after), after, [])).toBe("NEEDS ATTENTION");
    // Lows never fail an area however many rules they come from.
    const manyLows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((n) =>
      makeFindings(3, { ruleId: `generic/low-${n}`, severity: "low" }),
    );
    expect(scoreFindings(manyLows.flat())).toBeLessThan(50);
    expect(statusFor(scoreFindings(manyLows.flat()), manyLows.flat(), [])).toBe("NEEDS ATTENTION");
  });

  it("goes by the worst severity: high → NEEDS ATTENTION, medium → NEEDS REVIEW, low → GOOD, none → PASS", () => {
    const of = (severity: "high" | "medium" | "low" | "info") => [
      makeFinding({ ruleId: "generic/a", severity }),
    ];
    expect(statusFor(95, of("high"), [])).toBe("NEEDS ATTENTION");
    expect(statusFor(95, of("medium"), [])).toBe("NEEDS REVIEW");
    expect(statusFor(99, of("low"), [])).toBe("GOOD");
    expect(statusFor(100, of("info"), [])).toBe("GOOD");
    expect(statusFor(100, [], [passed])).toBe("PASS");
  });

  it("is NOT APPLICABLE when no check could look at anything and nothing was found", () => {
    expect(statusFor(100, [], [])).toBe("NOT APPLICABLE");
    expect(
      statusFor(
        100,
        [],
        [
          { ...passed, status: "not-applicable" },
          { ...passed, status: "unknown" },
        ],
      ),
    ).toBe("NOT APPLICABLE");
  });
});

describe("buildAreas", () => {
  it("scores each area from its own findings, with the configured weight over the default", () => {
    const critical = makeFinding({ ruleId: "generic/a", severity: "critical", area: "security" });
    const medium = makeFinding({ ruleId: "generic/b", severity: "medium", area: "quality" });
    const areas = buildAreas([critical, medium], [passed], [], () => "docs", { quality: 30 });
    const byId = new Map(areas.map((area) => [area.id, area]));
    expect(areas).toHaveLength(18);
    expect(byId.get("security")).toMatchObject({ status: "FAIL", score: 75, findingIds: [critical.id] });
    expect(byId.get("quality")).toMatchObject({ status: "NEEDS REVIEW", score: 95, weight: 30 });
    expect(byId.get("docs")).toMatchObject({ status: "PASS", score: 100, weight: 3 });
    // Nothing to look at: shown as such, never as a 100.
    expect(byId.get("database")).toMatchObject({ status: "NOT APPLICABLE", score: 0 });
  });

  it("recommends one fix per rule, most severe first, with the count of places", () => {
    const findings = [
      makeFinding({ ruleId: "generic/low-one", severity: "low", area: "quality" }),
      ...makeFindings(2, { ruleId: "generic/high-one", severity: "high", area: "quality" }),
    ];
    const quality = buildAreas(findings, [], [], () => "quality", {}).find((area) => area.id === "quality");
    expect(quality?.recommendations).toEqual([
      "**HIGH:** fix for generic/high-one (2 places)",
      "**LOW:** fix for generic/low-one",
    ]);
  });
});

describe("weightedScore", () => {
  it("weights the applicable areas, renormalising their weights and leaving NOT APPLICABLE ones out", () => {
    const { score, gradeBreakdown } = weightedScore([
      makeArea("security", "PASS", 100, 10),
      makeArea("quality", "NEEDS REVIEW", 60, 30),
      makeArea("database", "NOT APPLICABLE", 0, 60),
    ]);
    expect(score).toBe(70);
    expect(gradeBreakdown.map((row) => [row.area, row.weight, row.weighted])).toEqual([
      ["security", 25, 25],
      ["quality", 75, 45],
    ]);
  });

  it("is 0 with no applicable area", () => {
    expect(weightedScore([makeArea("database", "NOT APPLICABLE", 0)]).score).toBe(0);
  });
});
