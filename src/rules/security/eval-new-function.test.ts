import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/eval-new-function", () => {
  it("fires on eval and new Function with run-time strings", async () => {
    const findings = await findingsOf("node/eval-new-function", {
      "src/calc.ts":
        "export function calc(expr: string) {\n  return eval(expr);\n}\nexport const make = (body: string) => new Function('x', body);\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [2, "high"],
      [4, "high"],
    ]);
  });

  it("stays silent on methods named eval, identifiers, tests, and lowers literals and scripts", async () => {
    const findings = await findingsOf("node/eval-new-function", {
      "src/a.ts":
        "const r = model.eval(input);\nconst f = Function.prototype.call;\nconst evaluate = (s: string) => parse(s);\n",
      "test/a.test.ts": "eval(code);\n",
      "src/b.ts": "const g = eval('1 + 1');\n",
      "scripts/gen.js": "new Function('a', src);\n",
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["scripts/gen.js", "low"],
      ["src/b.ts", "medium"],
    ]);
  });
});
