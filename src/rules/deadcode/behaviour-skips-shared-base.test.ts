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
});
