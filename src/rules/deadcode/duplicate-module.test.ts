import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const orchestrator = (extra: string): string =>
  [
    "defmodule Orchestrator do",
    ...Array.from({ length: 20 }, (_, i) => `  def step_${i}(x), do: run(x, ${i})`),
    extra,
    "end",
  ].join("\n");

describe("generic/duplicate-module", () => {
  it("fires on the same file name with near-identical content in two folders", async () => {
    const findings = await findingsOf("generic/duplicate-module", {
      "lib/integration/build_tool_orchestrator.ex": orchestrator(""),
      "lib/integration/platforms/build_tool_orchestrator.ex": orchestrator("  def extra(x), do: x"),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location?.path).toBe("lib/integration/platforms/build_tool_orchestrator.ex");
    expect(findings[0]?.related).toEqual([
      { path: "lib/integration/build_tool_orchestrator.ex", startLine: 1, endLine: 1 },
    ]);
  });

  it("stays silent on same-named files with different content and on small files", async () => {
    const other = [
      "defmodule Other do",
      ...Array.from({ length: 20 }, (_, i) => `  def other_${i}(y), do: y * ${i}`),
      "end",
    ].join("\n");
    const findings = await findingsOf("generic/duplicate-module", {
      "lib/a/orchestrator.ex": orchestrator(""),
      "lib/b/orchestrator.ex": other,
      "src/a/index.ts": "export * from './x';\n",
      "src/b/index.ts": "export * from './x';\n",
    });
    expect(findings).toEqual([]);
  });
});
