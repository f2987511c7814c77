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

  it("lowers a focus that excludes nothing under a per-file runner, and keeps it high when it does or the runner is global", async () => {
    const findings = await findingsOf("node/focused-or-skipped-test", {
      // jest: every test of the file is focused (or inside a focused group), so nothing stops running.
      "test/all-focused.spec.ts":
        "jest.mock('./rates');\ndescribe('calc', () => {\n  it.only('buys', () => {});\n  it.only('sells', () => {});\n  it.skip('later', () => {});\n});\n",
      "test/focused-group.spec.ts":
        "import { describe, it } from 'vitest';\ndescribe.only('calc', () => {\n  it('buys', () => {});\n});\n",
      // jest, with a plain sibling that the focus now excludes.
      "test/one-focused.spec.ts":
        "jest.mock('./rates');\nit.only('buys', () => {});\nit.each([1, 2])('sells %i', () => {});\n",
      // mocha: .only narrows the whole run, even when every test in this file is focused.
      "test/mocha.test.js": "const { expect } = require('chai');\nit.only('buys', () => {});\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["test/all-focused.spec.ts", 3, "low"],
      ["test/all-focused.spec.ts", 4, "low"],
      ["test/all-focused.spec.ts", 5, "low"],
      ["test/focused-group.spec.ts", 2, "low"],
      ["test/mocha.test.js", 2, "high"],
      ["test/one-focused.spec.ts", 2, "high"],
    ]);
    expect(findings[0]?.message).toContain("excludes no test today");
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
