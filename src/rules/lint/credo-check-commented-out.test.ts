import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";

describe("elixir/credo-check-commented-out", () => {
  it("fires on a custom check commented out in .credo.exs", async () => {
    const findings = await findingsOf("elixir/credo-check-commented-out", {
      "mix.exs": MIX,
      ".credo.exs":
        '%{configs: [%{name: "default", checks: %{enabled: [\n  # {A.Credo.NoRawSend, []},\n  {Credo.Check.Warning.IoInspect, []}\n]}}]}\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toMatchObject({ path: ".credo.exs", startLine: 2 });
    expect(findings[0]?.message).toContain("A.Credo.NoRawSend");
  });

  it("stays silent on commented built-in checks and on custom checks that are enabled elsewhere", async () => {
    const findings = await findingsOf("elixir/credo-check-commented-out", {
      "mix.exs": MIX,
      ".credo.exs":
        '%{configs: [%{name: "default", checks: %{enabled: [\n  # {Credo.Check.Readability.Specs, []},\n  # old: {A.Credo.NoRawSend, []},\n  {A.Credo.NoRawSend, []}\n]}}]}\n',
    });
    expect(findings).toEqual([]);
  });
});
