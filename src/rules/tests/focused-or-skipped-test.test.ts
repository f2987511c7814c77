import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

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
});
