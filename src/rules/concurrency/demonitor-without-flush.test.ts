import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

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

  it("stays silent with [:flush] (alone or with :info)", async () => {
    const findings = await findingsOf("elixir/demonitor-without-flush", {
      "lib/a.ex":
        "defmodule A do\n  def a(ref), do: Process.demonitor(ref, [:flush])\n  def b(ref), do: Process.demonitor(ref, [:flush, :info])\nend\n",
    });
    expect(findings).toEqual([]);
  });
});
