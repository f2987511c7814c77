import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const RULE = "generic/behaviour-skips-shared-base";

const agent = (name: string, body: string): string =>
  `defmodule App.Agents.${name} do\n  @behaviour App.Agent\n${body}  def handle(x), do: x\nend\n`;

const elixirBase = {
  "lib/app/agent.ex": "defmodule App.Agent do\n  @callback handle(term) :: term\nend\n",
  "lib/app/persistent_agent.ex":
    "defmodule App.PersistentAgent do\n  defmacro __using__(_) do\n    quote do\n      def save(s), do: s\n    end\n  end\nend\n",
};

describe(RULE, () => {
  it("fires (medium) on the one Elixir implementation of five that skips the shared `use`", async () => {
    const findings = await findingsOf(RULE, {
      ...elixirBase,
      ...Object.fromEntries(
        ["Billing", "Search", "Mail", "Ledger", "Audit"].map((name) => [
          `lib/app/agents/${name.toLowerCase()}.ex`,
          agent(name, "  use App.PersistentAgent\n"),
        ]),
      ),
      "lib/app/agents/reports.ex": agent("Reports", ""),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`)).toEqual([
      "lib/app/agents/reports.ex:1 medium",
    ]);
    expect(findings[0]?.message).toContain(
      "5 of the 6 implementations of `App.Agent` build on `App.PersistentAgent`",
    );
  });

  it("stays silent when the few use the shared module through another one, or there is no clear majority", async () => {
    const through = await findingsOf(RULE, {
      ...elixirBase,
      "lib/app/cached_agent.ex":
        "defmodule App.CachedAgent do\n  use App.PersistentAgent\n  defmacro __using__(_), do: nil\nend\n",
      ...Object.fromEntries(
        ["Billing", "Search", "Mail"].map((name) => [
          `lib/app/agents/${name.toLowerCase()}.ex`,
          agent(name, "  use App.PersistentAgent\n"),
        ]),
      ),
      "lib/app/agents/reports.ex": agent("Reports", "  use App.CachedAgent\n"),
    });
    expect(through).toEqual([]);
    const split = await findingsOf(RULE, {
      ...elixirBase,
      "lib/app/agents/a.ex": agent("A", "  use App.PersistentAgent\n"),
      "lib/app/agents/b.ex": agent("B", "  use App.PersistentAgent\n"),
      "lib/app/agents/c.ex": agent("C", ""),
      "lib/app/agents/d.ex": agent("D", ""),
    });
    expect(split).toEqual([]);
  });

  it("fires (low) on the Python subclass that skips the mixin its siblings add", async () => {
    const findings = await findingsOf(RULE, {
      "shop/__init__.py": "",
      "shop/base.py": "class BaseView:\n    pass\n\n\nclass AuditedMixin:\n    pass\n",
      "shop/views.py":
        "from shop.base import AuditedMixin, BaseView\n\n\nclass A(AuditedMixin, BaseView):\n    pass\n\n\nclass B(AuditedMixin, BaseView):\n    pass\n\n\nclass C(AuditedMixin, BaseView):\n    pass\n\n\nclass Export(BaseView):\n    pass\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`)).toEqual([
      "shop/views.py:16 low",
    ]);
  });

  it("stays silent on a Python intermediate base whose own subclasses add the mixin, and Python stays low", async () => {
    const findings = await findingsOf(RULE, {
      "shop/__init__.py": "",
      "shop/base.py": "class BaseForm:\n    pass\n\n\nclass TaggedMixin:\n    pass\n",
      "shop/forms.py":
        "from shop.base import BaseForm, TaggedMixin\n\n\n" +
        ["A", "B", "C", "D", "E"].map((n) => `class ${n}(TaggedMixin, BaseForm):\n    pass\n\n\n`).join("") +
        "class WithDuration(BaseForm):\n    pass\n\n\nclass Sleep(TaggedMixin, WithDuration):\n    pass\n",
    });
    expect(findings).toEqual([]);
  });

  const tsContract = {
    "src/exporters/exporter.ts": "export interface Exporter {\n  run(job: string): void;\n}\n",
    "src/exporters/base.ts":
      'import type { Exporter } from "./exporter";\n\nexport abstract class BaseExporter implements Exporter {\n  abstract run(job: string): void;\n  retry(job: string) {\n    return job;\n  }\n}\n',
  };
  const tsExporter = (name: string, heritage: string, body = ""): string =>
    `import { BaseExporter } from "./base";\nimport type { Exporter } from "@/exporters/exporter";\n\nexport class ${name} ${heritage} {\n  run(job: string) {}\n${body}}\n`;
  const tsSharing = Object.fromEntries(
    ["Csv", "Json", "Xml", "Pdf", "Zip"].map((name) => [
      `src/exporters/${name.toLowerCase()}.ts`,
      tsExporter(name, "extends BaseExporter implements Exporter"),
    ]),
  );
  const tsconfig = {
    "package.json": '{ "name": "app", "main": "src/index.ts" }\n',
    "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }\n',
  };

  it("fires (medium) on the TS class that implements the interface itself and writes the base's method again", async () => {
    const findings = await findingsOf(RULE, {
      ...tsconfig,
      ...tsContract,
      ...tsSharing,
      "src/exporters/yaml.ts": tsExporter(
        "Yaml",
        "implements Exporter",
        "  retry(job: string) {\n    return job;\n  }\n",
      ),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`)).toEqual([
      "src/exporters/yaml.ts:4 medium",
    ]);
    expect(findings[0]?.message).toContain(
      "5 of the 6 implementations of `Exporter` build on `BaseExporter`; this one does not: `Yaml` (src/exporters/yaml.ts:4, writes `retry` again)",
    );
  });

  it("keeps a TS skipper low when it writes none of the base's methods again", async () => {
    const findings = await findingsOf(RULE, {
      ...tsconfig,
      ...tsContract,
      ...tsSharing,
      "src/exporters/yaml.ts": tsExporter("Yaml", "implements Exporter"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`)).toEqual([
      "src/exporters/yaml.ts:4 low",
    ]);
  });

  it("stays silent on TS classes that all extend the base, on interfaces only, and on framework base classes", async () => {
    const allExtend = await findingsOf(RULE, {
      ...tsconfig,
      ...tsContract,
      ...tsSharing,
      "src/exporters/yaml.ts": tsExporter("Yaml", "extends BaseExporter"),
    });
    expect(allExtend).toEqual([]);
    const interfacesOnly = await findingsOf(RULE, {
      ...tsconfig,
      ...tsContract,
      ...Object.fromEntries(
        ["Csv", "Json", "Xml", "Pdf", "Zip", "Yaml"].map((name) => [
          `src/exporters/${name.toLowerCase()}.ts`,
          tsExporter(name, "implements Exporter"),
        ]),
      ),
    });
    expect(interfacesOnly).toEqual([]);
    const framework = await findingsOf(RULE, {
      ...tsconfig,
      ...tsContract,
      ...Object.fromEntries(
        ["Csv", "Json", "Xml", "Pdf", "Zip"].map((name) => [
          `src/exporters/${name.toLowerCase()}.ts`,
          `import { Component } from "react";\nimport type { Exporter } from "./exporter";\n\nexport class ${name} extends Component implements Exporter {\n  run() {}\n}\n`,
        ]),
      ),
      "src/exporters/yaml.ts": tsExporter("Yaml", "implements Exporter"),
    });
    expect(framework).toEqual([]);
  });
});
