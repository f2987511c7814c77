import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/raw-postgrex-query", () => {
  it("fires on Postgrex.query! in application code", async () => {
    const findings = await findingsOf("elixir/raw-postgrex-query", {
      "lib/a/stats.ex":
        'defmodule A.Stats do\n  def totals(conn), do: Postgrex.query!(conn, "SELECT count(*) FROM orders", [])\nend\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toMatchObject({ path: "lib/a/stats.ex", startLine: 2 });
    expect(findings[0]?.message).toContain("raises");
  });

  it("stays silent on Repo queries and Postgrex in tests", async () => {
    const findings = await findingsOf("elixir/raw-postgrex-query", {
      "lib/a/stats.ex":
        'defmodule A.Stats do\n  def totals, do: Repo.query!("SELECT count(*) FROM orders", [])\n  def start, do: Postgrex.start_link([])\nend\n',
      "test/a/stats_test.exs":
        'defmodule A.StatsTest do\n  test "x", do: Postgrex.query!(:conn, "SELECT 1", [])\nend\n',
    });
    expect(findings).toEqual([]);
  });
});
