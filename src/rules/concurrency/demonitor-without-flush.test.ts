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

  it("stays silent in the clause handling the monitor's own :DOWN; fires when another ref is demonitored there", async () => {
    const source = [
      "defmodule A do",
      "  use GenServer",
      "  def handle_info({:DOWN, _ref, :process, _pid, _reason}, {monitor_ref}) do",
      "    Process.demonitor(monitor_ref)",
      "    {:noreply, {watch()}}",
      "  end",
      "  def handle_info({:DOWN, ref, :process, _pid, _}, state) do",
      "    Process.demonitor(ref)",
      "    Process.demonitor(state.other)",
      "    {:noreply, state}",
      "  end",
      "  def wait(ref) do",
      "    receive do",
      "      {:DOWN, ^ref, :process, _, _} -> Process.demonitor(ref)",
      "      {:done, other} -> Process.demonitor(other)",
      "    end",
      "  end",
      "end",
      "",
    ].join("\n");
    const findings = await findingsOf("elixir/demonitor-without-flush", { "lib/a.ex": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([9, 15]);
  });
});
