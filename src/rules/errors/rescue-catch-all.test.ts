import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/rescue-catch-all", () => {
  it("counts swallowing catch-all clauses per file", async () => {
    const source = [
      "defmodule A.Fetch do",
      "  def a(url) do",
      "    try do",
      "      Req.get!(url).body",
      "    rescue",
      "      _ -> nil",
      "    catch",
      "      _, _ -> nil",
      "    end",
      "  end",
      "  def b(x) do",
      "    x.()",
      "  rescue",
      "    _e -> :error",
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/rescue-catch-all", { "lib/a/fetch.ex": source });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe("3 catch-all rescue/catch clause(s) swallow errors (lines 6, 8, 14)");
    expect(findings[0]?.location).toMatchObject({ path: "lib/a/fetch.ex", startLine: 6, endLine: 14 });
  });

  it("stays silent on typed rescues, re-raising and logging clauses", async () => {
    const source = [
      "defmodule A.Fetch do",
      "  require Logger",
      "  def a(url) do",
      "    Req.get!(url).body",
      "  rescue",
      "    e in [Req.TransportError] -> {:error, e}",
      "  end",
      "  def b(x) do",
      "    x.()",
      "  rescue",
      "    e -> reraise e, __STACKTRACE__",
      "  end",
      "  def c(x) do",
      "    x.()",
      "  rescue",
      "    e ->",
      "      Logger.error(Exception.message(e))",
      "      :error",
      "  end",
      "end",
    ].join("\n");
    expect(await findingsOf("elixir/rescue-catch-all", { "lib/a/fetch.ex": source })).toEqual([]);
  });
});
