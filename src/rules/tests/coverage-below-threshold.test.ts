import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const lcov = (hit: number, found: number): string =>
  `TN:\nSF:src/a.ts\nLF:${found}\nLH:${hit}\nend_of_record\n`;

describe("tests/coverage-below-threshold", () => {
  it("fires when an lcov report is under the vitest threshold", async () => {
    const findings = await findingsOf("tests/coverage-below-threshold", {
      "coverage/lcov.info": lcov(60, 100),
      "vitest.config.ts": "export default { test: { coverage: { thresholds: { lines: 80 } } } };\n",
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("60% coverage, below the 80% threshold");
    expect(findings[0]?.related).toEqual([{ path: "vitest.config.ts", startLine: 1, endLine: 1 }]);
  });

  it("stays silent at or above the threshold, and without a threshold", async () => {
    expect(
      await findingsOf("tests/coverage-below-threshold", {
        "coverage/lcov.info": lcov(80, 100),
        "vitest.config.ts": "export default { test: { coverage: { thresholds: { lines: 80 } } } };\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("tests/coverage-below-threshold", { "coverage/lcov.info": lcov(10, 100) }),
    ).toEqual([]);
  });
});
