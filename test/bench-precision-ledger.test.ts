// The precision ledger's matching and arithmetic: labels found by id or by place, verdicts counted per rule.
import { describe, expect, it } from "vitest";
import {
  formatLabels,
  matchLabels,
  parseLabels,
  precisionByRule,
  precisionOf,
  type Label,
  type LedgerFinding,
} from "../bench/precision/ledger.js";

const finding = (over: Partial<LedgerFinding>): LedgerFinding => ({
  id: "a1",
  ruleId: "go/ignored-error",
  severity: "medium",
  path: "main.go",
  line: 10,
  message: "error ignored",
  ...over,
});
const label = (over: Partial<Label>): Label => ({
  id: "a1",
  ruleId: "go/ignored-error",
  severity: "medium",
  path: "main.go",
  line: 10,
  verdict: "true",
  reason: "main.go:10 drops the error of Close",
  ...over,
});

describe("precision ledger", () => {
  it("matches by id, then by rule, path and line when the id changed", () => {
    const matched = matchLabels(
      [finding({ id: "new-id" }), finding({ id: "b2", line: 20 })],
      [label({ id: "old-id" }), label({ id: "zz", line: 99 })],
    );
    expect(matched[0]!.label?.id).toBe("old-id");
    expect(matched[1]!.label).toBeNull();
  });

  it("never matches a repository-level finding by place, and never uses one label twice", () => {
    const repoLevel = matchLabels(
      [finding({ id: "x", path: null, line: null })],
      [label({ id: "y", path: null, line: null })],
    );
    expect(repoLevel[0]!.label).toBeNull();
    const twice = matchLabels([finding({ id: "a1" }), finding({ id: "a2" })], [label({ id: "a1" })]);
    expect(twice.map((m) => m.label?.id ?? null)).toEqual(["a1", null]);
  });

  it("computes strict and lenient precision over labelled findings only", () => {
    const matched = matchLabels(
      [
        finding({ id: "1" }),
        finding({ id: "2", line: 2 }),
        finding({ id: "3", line: 3 }),
        finding({ id: "4", line: 4 }),
      ],
      [
        label({ id: "1" }),
        label({ id: "2", line: 2, verdict: "overstated" }),
        label({ id: "3", line: 3, verdict: "false" }),
      ],
    );
    const row = precisionOf("all", matched);
    expect(row).toMatchObject({ findings: 4, labelled: 3, true: 1, overstated: 1, false: 1 });
    expect(row.strict).toBeCloseTo(1 / 3);
    expect(row.lenient).toBeCloseTo(2 / 3);
    expect(precisionOf("none", [{ finding: finding({}), label: null }]).strict).toBeNull();
  });

  it("sorts rules worst first", () => {
    const matched = matchLabels(
      [finding({ id: "1" }), finding({ id: "2", ruleId: "ci/unpinned-action", line: 5 })],
      [label({ id: "1" }), label({ id: "2", ruleId: "ci/unpinned-action", line: 5, verdict: "false" })],
    );
    expect(precisionByRule(matched).map((r) => r.key)).toEqual(["ci/unpinned-action", "go/ignored-error"]);
  });

  it("round-trips labels and names the line of a bad entry", () => {
    const labels = [label({ id: "2", line: 30 }), label({ id: "1", line: 3 })];
    const text = formatLabels(labels);
    expect(parseLabels(text, "x.jsonl").map((l) => l.id)).toEqual(["1", "2"]);
    expect(() => parseLabels(text + '{"id":"3"}\n', "x.jsonl")).toThrow(/x\.jsonl:3: "ruleId"/);
    expect(() => parseLabels(text.replace('"true"', '"maybe"'), "x.jsonl")).toThrow(/verdict "maybe"/);
  });
});
