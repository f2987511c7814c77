import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/missing-dialyzer", () => {
  it("fires at repository level when neither dialyxir nor a dialyzer: key exists", async () => {
    const findings = await findingsOf("elixir/missing-dialyzer", {
      "mix.exs":
        'defmodule A.MixProject do\n  use Mix.Project\n  def project, do: [app: :a, deps: [{:jason, "~> 1.4"}]]\nend\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toBeFalsy();
    expect(findings[0]?.evidence.searched).toContain("mix.exs");
  });

  it("stays silent with a dialyzer: key or a dialyxir dependency, and without mix.exs", async () => {
    expect(
      await findingsOf("elixir/missing-dialyzer", {
        "mix.exs":
          "defmodule A.MixProject do\n  def project, do: [app: :a, dialyzer: [plt_add_apps: [:mix]]]\nend\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("elixir/missing-dialyzer", {
        "mix.exs":
          'defmodule A.MixProject do\n  def project, do: [app: :a, deps: [{:dialyxir, "~> 1.4", only: :dev, runtime: false}]]\nend\n',
      }),
    ).toEqual([]);
    expect(await findingsOf("elixir/missing-dialyzer", { "lib/a.ex": "defmodule A do\nend\n" })).toEqual([]);
  });
});
