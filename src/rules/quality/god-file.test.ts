import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pythonFunctions = (count: number, bodyLines: number): string =>
  Array.from(
    { length: count },
    (_, i) => `def handler_${i}(x):\n${"    x = x + 1\n".repeat(bodyLines)}    return x\n`,
  ).join("\n");

describe("generic/god-file", () => {
  it("fires low over the line limit or with too many public functions, medium only over 2,000 lines of logic", async () => {
    const findings = await findingsOf("generic/god-file", {
      "app/agent.py": pythonFunctions(30, 30),
      "app/api.py": pythonFunctions(45, 1),
      "app/monolith.py": pythonFunctions(70, 30),
    });
    expect(findings.map((f) => [f.location?.path, f.severity, f.message])).toEqual([
      [
        "app/agent.py",
        "low",
        "app/agent.py: 960 lines of logic (limit 800; 960 lines of code); 30 functions in all",
      ],
      ["app/api.py", "low", "app/api.py: 45 public functions (limit 40); 45 functions in all"],
      [
        "app/monolith.py",
        "medium",
        "app/monolith.py: 2240 lines of logic (limit 800; 2240 lines of code), 70 public functions (limit 40); 70 functions in all",
      ],
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

  it("does not count translation tables, templates and other data as logic", async () => {
    const entries = Array.from({ length: 3000 }, (_, i) => `    "key.${i}": "Text ${i}",`).join("\n");
    const templates = Array.from(
      { length: 60 },
      (_, i) =>
        `export const template${i} = (t: T) => ({\n  name: t("template_${i}"),\n${"  questions: [{ id: 'q', type: 'open' }],\n".repeat(20)}});\n`,
    ).join("\n");
    const icons = Array.from(
      { length: 120 },
      (_, i) =>
        `export const Icon${i} = createIcon(\n  <g>\n${'    <path d="M0 0h24v24H0z" fill="none" />\n'.repeat(6)}  </g>,\n  { width: 24 },\n);\n`,
    ).join("\n");
    const findings = await findingsOf("generic/god-file", {
      "src/components/icons.tsx": icons,
      "src/i18n/utils.ts": `export const translations = {\n  en: {\n${entries}\n  },\n};\nexport function t(key: string) {\n  return key;\n}\n`,
      "src/templates.ts": templates,
    });
    expect(findings).toEqual([]);
  });

  it("counts an Elixir function's clauses as one public function", async () => {
    const clauses = Array.from({ length: 15 }, (_, i) =>
      [
        `  def handle_${i}(:a), do: ${i}`,
        `  def handle_${i}(:b), do: ${i + 1}`,
        `  def handle_${i}(_), do: nil`,
      ].join("\n"),
    ).join("\n");
    const findings = await findingsOf("generic/god-file", {
      "lib/dispatch.ex": `defmodule Dispatch do\n${clauses}\nend\n`,
    });
    expect(findings).toEqual([]);
  });

  it("does not judge migrations or code under a generated/ folder", async () => {
    const findings = await findingsOf("generic/god-file", {
      "app/migrations/0001_initial.py": pythonFunctions(30, 30),
      "src/generated/api.py": pythonFunctions(30, 30),
    });
    expect(findings).toEqual([]);
  });
  it("does not judge a registry module with no function; the same size of statements inside a function fires", async () => {
    const names = Array.from({ length: 2100 }, (_, i) => `Icon${i}`);
    const registry = [
      "import {",
      ...names.map((name) => `  Md${name} as ${name},`),
      '} from "react-icons/md";',
      "",
      "export {",
      ...names.map((name) => `  ${name},`),
      "};",
      "",
    ].join("\n");
    const statements = names.map((name, i) => `  registry.set("${name}", ${i});`).join("\n");
    const findings = await findingsOf("generic/god-file", {
      "src/icons/icon-registry.ts": registry,
      "src/icons/registry-builder.ts": `export function build(registry: Map<string, number>) {\n${statements}\n}\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["src/icons/registry-builder.ts", "medium"],
    ]);
  });
});
