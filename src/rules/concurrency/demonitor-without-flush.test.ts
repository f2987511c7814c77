import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

describe("elixir/demonitor-without-flush", () => {
  it("fires on Process.demonitor/1", async () => {
    const findings = await findingsOf("elixir/demonitor-without-flush", {
      "lib/a.ex": "defmodule A do\n  def unwatch(ref), do: Process.demonitor(ref)\nend\n",
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toMatchObject({ path: "lib/a.ex", startLine: 2 });
    expect(findings[0]?.patch).toBe(
      [
        "--- a/lib/a.ex",
        "+++ b/lib/a.ex",
        "@@ -1,3 +1,3 @@",
        " defmodule A do",
        "-  def unwatch(ref), do: Process.demonitor(ref)",
        "+  def unwatch(ref), do: Process.demonitor(ref, [:flush])",
        " end",
        "",
      ].join("\n"),
    );
  });

  it("gives patches that apply together (nearby calls in one file) and leave no finding; none with options", async () => {
    const source = [
      "defmodule A do",
      "  def a(ref), do: Process.demonitor(ref)",
      "  def b(ref), do: :erlang.demonitor(ref)",
      "  def c(ref), do: Process.demonitor(ref, [:info])",
      "end",
      "",
    ].join("\n");
    const check = await checkPatches("elixir/demonitor-without-flush", { "lib/a.ex": source });
    expect(check.findings.map((f) => f.patch !== null)).toEqual([true, true, false]);
    expect(check.leftOut).toEqual([]);
    expect(check.texts["lib/a.ex"]).toContain(
      "Process.demonitor(ref, [:flush])\n  def b(ref), do: :erlang.demonitor(ref, [:flush])",
    );
    expect(check.remaining.map((f) => f.location?.startLine)).toEqual([4]);
  });

  it("stays silent with [:flush] (alone or with :info)", async () => {
    const findings = await findingsOf("elixir/demonitor-without-flush", {
      "lib/a.ex":
        "defmodule A do\n  def a(ref), do: Process.demonitor(ref, [:flush])\n  def b(ref), do: Process.demonitor(ref, [:flush, :info])\nend\n",
    });
    expect(findings).toEqual([]);
  });
});
