import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const branches = (n: number): string =>
  Array.from({ length: n }, (_, i) => `  if (kind === "k${i}") return ${i};`).join("\n");

describe("generic/complex-function", () => {
  it("fires on a function with more than 20 decision points", async () => {
    const findings = await findingsOf("generic/complex-function", {
      "src/price.ts": `export function price(kind: string): number {\n${branches(24)}\n  return -1;\n}\n`,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe("price has cyclomatic complexity 25 (limit 20)");
    expect(findings[0]?.location).toEqual({ path: "src/price.ts", startLine: 1, endLine: 27 });
  });

  it("stays silent at 20 and below", async () => {
    const findings = await findingsOf("generic/complex-function", {
      "src/price.ts": `export function price(kind: string): number {\n${branches(19)}\n  return -1;\n}\n`,
    });
    expect(findings).toEqual([]);
  });
});
