import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

describe("node/focused-or-skipped-test", () => {
  it("fires on .only (high) and .skip/xit (low) in test files", async () => {
    const findings = await findingsOf("node/focused-or-skipped-test", {
      "src/order.test.ts":
        "describe('orders', () => {\n  it.only('creates', () => {});\n  it.skip('refunds', () => {});\n  xit('cancels', () => {});\n});\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [2, "high"],
      [3, "low"],
      [4, "low"],
    ]);
  });

  it("stays silent on conditional skips, normal tests and production code", async () => {
    const findings = await findingsOf("node/focused-or-skipped-test", {
      "test/a.test.ts":
        "it.skipIf(isCI)('x', () => {});\ndescribe.runIf(hasDb)('db', () => {});\n(process.env.DB ? it : it.skip)('y', () => {});\nit('z', () => {});\n",
      "src/query.ts": "const rows = query.skip(10).only(5);\n",
      "test/fixtures/app/a.test.ts": "it.only('sample project test', () => {});\n",
    });
    expect(findings).toEqual([]);
  });

  it("patches focused tests to unfocused ones and leaves skipped tests without a patch", async () => {
    const source = [
      "fdescribe('orders', () => {",
      "  it.only('creates', () => {});",
      "  fit('lists', () => {});",
      "  it.skip('refunds', () => {});",
      "});",
      "",
    ].join("\n");
    const check = await checkPatches("node/focused-or-skipped-test", { "src/order.test.ts": source });
    expect(check.findings.map((f) => [f.location?.startLine, f.patch !== null])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(check.texts["src/order.test.ts"]).toBe(
      source.replace("fdescribe(", "describe(").replace("it.only(", "it(").replace("fit(", "it("),
    );
    expect(check.remaining.map((f) => [f.location?.startLine, f.severity])).toEqual([[4, "low"]]);
  });
});
