import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";

describe("elixir/deprecated-only-in-comment", () => {
  it("fires on a module whose @moduledoc says deprecated without @deprecated", async () => {
    const findings = await findingsOf("elixir/deprecated-only-in-comment", {
      "mix.exs": MIX,
      "lib/a/reporter.ex":
        'defmodule A.Reporter do\n  @moduledoc """\n  Deprecated: use A.Stats.\n  """\n  def totals, do: 0\nend\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toMatchObject({ path: "lib/a/reporter.ex", startLine: 2 });
  });

  it("stays silent with @deprecated, on function-level deprecation comments and in tests", async () => {
    const findings = await findingsOf("elixir/deprecated-only-in-comment", {
      "mix.exs": MIX,
      "lib/a/reporter.ex":
        'defmodule A.Reporter do\n  @moduledoc "Deprecated: use A.Stats."\n  @deprecated "Use A.Stats.totals/0"\n  def totals, do: 0\nend\n',
      "lib/a/search.ex":
        'defmodule A.Search do\n  @moduledoc "Search."\n  def run, do: :ok\n\n  # Deprecated\n  def old_run, do: run()\nend\n',
      "test/support/legacy.ex": 'defmodule A.Legacy do\n  @moduledoc "Deprecated helper."\nend\n',
    });
    expect(findings).toEqual([]);
  });
});
