import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pythonFunctions = (count: number, bodyLines: number): string =>
  Array.from(
    { length: count },
    (_, i) => `def handler_${i}(x):\n${"    x = x + 1\n".repeat(bodyLines)}    return x\n`,
  ).join("\n");

describe("generic/god-file", () => {
  it("fires on a file over the line limit and on one with too many public functions", async () => {
    const findings = await findingsOf("generic/god-file", {
      "app/agent.py": pythonFunctions(30, 30),
      "app/api.py": pythonFunctions(45, 1),
    });
    expect(findings.map((f) => [f.location?.path, f.message])).toEqual([
      ["app/agent.py", "app/agent.py: 960 lines of code (limit 800); 30 functions in all"],
      ["app/api.py", "app/api.py: 45 public functions (limit 40); 45 functions in all"],
    ]);
  });

  it("stays silent under the limits, for private helpers and for tests", async () => {
    const privateHelpers = Array.from({ length: 45 }, (_, i) => `def _helper_${i}(x):\n    return x\n`).join(
      "\n",
    );
    const findings = await findingsOf("generic/god-file", {
      "app/small.py": pythonFunctions(20, 30),
      "app/helpers.py": privateHelpers,
      "tests/test_big.py": pythonFunctions(30, 30),
    });
    expect(findings).toEqual([]);
  });
});
