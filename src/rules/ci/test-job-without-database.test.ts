import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const app = {
  "mix.exs": [
    "defmodule App.MixProject do",
    "  use Mix.Project",
    "  def project, do: [app: :app, deps: deps()]",
    '  defp deps, do: [{:ecto_sql, "~> 3.12"}, {:postgrex, ">= 0.0.0"}]',
    "end",
    "",
  ].join("\n"),
  "config/test.exs": [
    "import Config",
    "config :app, App.Repo,",
    '  username: "postgres",',
    "  pool: Ecto.Adapters.SQL.Sandbox",
    "",
  ].join("\n"),
};

const workflow = (...job: string[]): string =>
  [
    "on: push",
    "jobs:",
    "  test:",
    "    runs-on: ubuntu-latest",
    ...job,
    "    steps:",
    "      - run: mix test",
    "",
  ].join("\n");

describe("ci/test-job-without-database", () => {
  it("fires when the test job starts no database for an Ecto Repo on Postgres", async () => {
    const findings = await findingsOf("ci/test-job-without-database", {
      ...app,
      ".github/workflows/ci.yml": workflow(),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[6, "medium"]]);
    expect(findings[0]?.message).toContain(
      "the test configuration sets App.Repo (config/test.exs:3) on postgrex",
    );
  });

  it("stays silent with a service container, a compose step, or a SQLite adapter", async () => {
    const withService = await findingsOf("ci/test-job-without-database", {
      ...app,
      ".github/workflows/ci.yml": workflow("    services:", "      db:", "        image: postgres:16"),
      ".github/workflows/b.yml": [
        "on: push",
        "jobs:",
        "  test:",
        "    runs-on: x",
        "    steps:",
        "      - run: docker compose up -d db",
        "      - run: mix test",
        "",
      ].join("\n"),
    });
    expect(withService).toEqual([]);
    const sqlite = await findingsOf("ci/test-job-without-database", {
      ...app,
      "mix.exs": app["mix.exs"].replace("{:postgrex", '{:ecto_sqlite3, "~> 0.17"}, {:postgrex'),
      ".github/workflows/ci.yml": workflow(),
    });
    expect(sqlite).toEqual([]);
  });
});
