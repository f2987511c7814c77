import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";
const REPO = "defmodule A.Repo do\n  use Ecto.Repo, otp_app: :a, adapter: Ecto.Adapters.Postgres\nend\n";

describe("elixir/raw-postgrex-query", () => {
  it("fires on Postgrex.query! in application code beside an Ecto Repo", async () => {
    const findings = await findingsOf("elixir/raw-postgrex-query", {
      "mix.exs": MIX,
      "lib/a/repo.ex": REPO,
      "lib/a/stats.ex":
        'defmodule A.Stats do\n  def totals(conn), do: Postgrex.query!(conn, "SELECT count(*) FROM orders", [])\nend\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: "medium",
      location: { path: "lib/a/stats.ex", startLine: 2 },
    });
    expect(findings[0]?.message).toContain("raises");
  });

  it("is low when the application opens its own Postgrex connections to other databases", async () => {
    const findings = await findingsOf("elixir/raw-postgrex-query", {
      "mix.exs": MIX,
      "lib/a/repo.ex": REPO,
      "lib/a/tenants.ex":
        'defmodule A.Tenants do\n  def connect(opts), do: Postgrex.start_link(opts)\n  def version(conn), do: Postgrex.query(conn, "SELECT version()", [])\nend\n',
    });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      [
        "low",
        "Postgrex.query bypasses the Repo; the application opens its own Postgrex connections (lib/a/tenants.ex:2), so this probably queries another database",
      ],
    ]);
  });

  it("stays silent on Repo queries, Postgrex in tests, and applications without an Ecto Repo", async () => {
    expect(
      await findingsOf("elixir/raw-postgrex-query", {
        "mix.exs": MIX,
        "lib/a/repo.ex": REPO,
        "lib/a/stats.ex":
          'defmodule A.Stats do\n  def totals, do: Repo.query!("SELECT count(*) FROM orders", [])\nend\n',
        "test/a/stats_test.exs":
          'defmodule A.StatsTest do\n  test "x", do: Postgrex.query!(:conn, "SELECT 1", [])\nend\n',
      }),
    ).toEqual([]);
    expect(
      await findingsOf("elixir/raw-postgrex-query", {
        "mix.exs": MIX,
        "lib/a/stats.ex":
          'defmodule A.Stats do\n  def one(conn), do: Postgrex.query!(conn, "SELECT 1", [])\nend\n',
      }),
    ).toEqual([]);
  });
});
