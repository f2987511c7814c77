import { describe, expect, it } from "vitest";
import type { Finding } from "../model/finding.js";
import { buildActions } from "./actions.js";

function finding(index: number, over: Partial<Finding> = {}): Finding {
  return {
    id: `f${index}`,
    ruleId: "generic/long-function",
    area: "quality",
    severity: "medium",
    title: "Long function",
    message: `fn${index} is long`,
    location: { path: `src/m${String(index).padStart(3, "0")}.ts`, startLine: 1, endLine: 60 + index },
    evidence: { snippet: "" },
    risk: "",
    impact: "",
    fix: { text: "", code: "" },
    effortMinutes: 60,
    confidence: "heuristic",
    patch: null,
    ...over,
  };
}

describe("action list", () => {
  it("collapses a flood into the 5 worst places, with the effort of those only", () => {
    const findings = Array.from({ length: 40 }, (_, i) => finding(i));
    const [action] = buildActions(findings);
    expect(action?.collapsed).toBe(true);
    expect(action?.count).toBe(40);
    expect(action?.findingIds).toHaveLength(40);
    // Worst first: the longest functions.
    expect(action?.shownIds).toEqual(["f39", "f38", "f37", "f36", "f35"]);
    expect(action?.effortMinutes).toBe(5 * 60);
    expect(action?.effortNote).toBe(
      "for the 5 worst of 40 places; the other 35 take the same fix, best made when that code is next changed",
    );
  });

  it("keeps ten places or fewer as they are, summed", () => {
    const [action] = buildActions(Array.from({ length: 10 }, (_, i) => finding(i)));
    expect([action?.collapsed, action?.shownIds.length, action?.effortMinutes, action?.effortNote]).toEqual([
      false,
      10,
      600,
      null,
    ]);
  });

  it("splits one rule's findings by severity, so a group's heading matches every item", () => {
    const actions = buildActions([
      finding(1, { ruleId: "ci/unpinned-action", severity: "medium", area: "ci" }),
      finding(2, { ruleId: "ci/unpinned-action", severity: "low", area: "ci" }),
      finding(3, { ruleId: "ci/unpinned-action", severity: "low", area: "ci" }),
    ]);
    expect(actions.map((a) => [a.ruleId, a.severity, a.count, a.priority])).toEqual([
      ["ci/unpinned-action", "medium", 1, "P2"],
      ["ci/unpinned-action", "low", 2, "P3"],
    ]);
  });
});

describe("action list order and floods", () => {
  it("collapses from the eleventh finding of one rule", () => {
    const [action] = buildActions(Array.from({ length: 11 }, (_, i) => finding(i)));
    expect([action?.collapsed, action?.shownIds.length, action?.effortMinutes]).toEqual([true, 5, 300]);
  });

  it("orders actions by priority (critical P0 first), then by count", () => {
    const actions = buildActions([
      finding(1, { ruleId: "generic/low-one", severity: "low" }),
      finding(2, { ruleId: "generic/critical-one", severity: "critical" }),
      finding(3, { ruleId: "generic/high-one", severity: "high" }),
      finding(4, { ruleId: "generic/high-two", severity: "high" }),
      finding(5, { ruleId: "generic/high-two", severity: "high" }),
    ]);
    expect(actions.map((a) => [a.priority, a.ruleId, a.count])).toEqual([
      ["P0", "generic/critical-one", 1],
      ["P1", "generic/high-two", 2],
      ["P1", "generic/high-one", 1],
      ["P3", "generic/low-one", 1],
    ]);
  });
});
