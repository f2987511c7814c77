import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const orchestrator = (extra: string, steps = 20): string =>
  [
    "defmodule Orchestrator do",
    ...Array.from({ length: steps }, (_, i) => `  def step_${i}(x), do: run(x, ${i})`),
    extra,
    "end",
  ].join("\n");

describe("generic/duplicate-module", () => {
  it("fires on the same file name with near-identical content in two folders", async () => {
    const findings = await findingsOf("generic/duplicate-module", {
      "lib/integration/build_tool_orchestrator.ex": orchestrator(""),
      "lib/integration/platforms/build_tool_orchestrator.ex": orchestrator("  def extra(x), do: x"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity, f.message])).toEqual([
      [
        "lib/integration/build_tool_orchestrator.ex",
        "low",
        "lib/integration/build_tool_orchestrator.ex (22 lines of code) is copied in lib/integration/platforms/build_tool_orchestrator.ex: 21 code lines are in every copy (95% of their lines)",
      ],
    ]);
    expect(findings[0]?.related).toEqual([
      { path: "lib/integration/platforms/build_tool_orchestrator.ex", startLine: 1, endLine: 1 },
    ]);
  });

  it("reports a group of copies once, medium when they share a module's worth of code", async () => {
    const module = orchestrator("", 120);
    const findings = await findingsOf("generic/duplicate-module", {
      "packages/common/src/kernel/io.ex": module,
      "packages/desktop/src/kernel/io.ex": module,
      "packages/web/src/kernel/io.ex": module,
    });
    expect(findings.map((f) => [f.location?.path, f.severity, f.related?.map((r) => r.path)])).toEqual([
      [
        "packages/common/src/kernel/io.ex",
        "medium",
        ["packages/desktop/src/kernel/io.ex", "packages/web/src/kernel/io.ex"],
      ],
    ]);
    expect(findings[0]?.message).toContain("is copied in 2 places");
    // The same module once per database backend (store/db/mysql, store/db/sqlite) is alike by design: low.
    const perDialect = await findingsOf("generic/duplicate-module", {
      "store/db/mysql/io.ex": module,
      "store/db/sqlite/io.ex": module,
    });
    expect(perDialect.map((f) => f.severity)).toEqual(["low"]);
    // A copy kept under compat/ is frozen for old callers on purpose: low.
    const compat = await findingsOf("generic/duplicate-module", {
      "themes/admin/js/compat/io.ex": module,
      "themes/core/js/io.ex": module,
    });
    expect(compat.map((f) => f.severity)).toEqual(["low"]);
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

  it("stays silent on files alike on purpose: fixtures, migrations, per-package config, translations, versions", async () => {
    const config = `export default [\n${Array.from({ length: 20 }, (_, i) => `  { rule${i}: "error" },`).join("\n")}\n];\n`;
    const schema = `export const V2 = {\n${Array.from({ length: 20 }, (_, i) => `  field${i}: string(),`).join("\n")}\n};\n`;
    const migration = orchestrator("");
    const findings = await findingsOf("generic/duplicate-module", {
      "test/fixtures/app-a/lib/orchestrator.ex": orchestrator(""),
      "test/fixtures/app-b/lib/orchestrator.ex": orchestrator(""),
      "apps/a/priv/repo/migrations/20240101_create.ex": migration,
      "apps/b/priv/repo/migrations/20240101_create.ex": migration,
      "packages/a/eslint.config.mjs": config,
      "packages/b/eslint.config.mjs": config,
      "packages/data/src/environment/v/2.ts": schema,
      "packages/data/src/global-environment/v/2.ts": schema,
      "app/locales/en/messages.js": config,
      "app/locales/fr/messages.js": config,
    });
    expect(findings).toEqual([]);
  });
});
