// The change map's facts over a real git history (issue #7): a Phoenix change that adds runtime config, a
// migration and a schema and edits a CI job; the touches and links in delta.json (valid against the schema) and
// the area hexagons, fact-labelled edges, dotted links and "Facts touched" table in DELTA.md.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDeltaJson, type DeltaJson } from "../src/delta/delta-json.js";
import { renderDeltaMarkdown } from "../src/delta/render-delta-md.js";
import { runDelta, type DeltaRun } from "../src/delta/run-delta.js";
import { tempRepo, type TempRepo } from "./delta-git-repo.js";

const MIX = `defmodule MyApp.MixProject do
  use Mix.Project

  def project, do: [app: :my_app, version: "0.1.0", deps: deps()]

  defp deps, do: [{:ecto_sql, "~> 3.11"}]
end
`;

const RELEASE = `defmodule MyApp.Release do
  def database_url, do: System.get_env("DATABASE_URL")

  def migrate do
    MyApp.Repo.config()
  end
end
`;

const workflow = (testCommand: string): string => `name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
      - run: ${testCommand}
`;

describe("delta change map with the facts a change touches", () => {
  let repo: TempRepo;
  let run: DeltaRun;
  beforeAll(async () => {
    repo = tempRepo();
    const base = repo.commit("base", {
      "README.md": "# My app\n",
      "mix.exs": MIX,
      "lib/my_app/repo.ex":
        "defmodule MyApp.Repo do\n  use Ecto.Repo, otp_app: :my_app, adapter: Ecto.Adapters.Postgres\nend\n",
      "lib/my_app/release.ex": RELEASE,
      ".github/workflows/ci.yml": workflow("mix test"),
    });
    const head = repo.commit("users", {
      "config/runtime.exs": `import Config

config :my_app, MyApp.Repo,
  url: System.get_env("DATABASE_URL"),
  pool_size: 10
`,
      "priv/repo/migrations/20240101000000_create_users.exs": `defmodule MyApp.Repo.Migrations.CreateUsers do
  use Ecto.Migration

  def change do
    create table(:users) do
      add :email, :string
    end
  end
end
`,
      "lib/my_app/accounts/user.ex": `defmodule MyApp.Accounts.User do
  use Ecto.Schema

  schema "users" do
    field :email, :string
  end
end
`,
      "lib/my_app/release.ex": RELEASE.replace(
        "MyApp.Repo.config()",
        "MyApp.Repo.config() |> Keyword.keys()",
      ),
      ".github/workflows/ci.yml": workflow("mix test --cover"),
    });
    run = await runDelta({ path: repo.root, range: `${base}..${head}`, jobs: 1, noTimestamp: true });
  });
  afterAll(() => repo.cleanup());

  it("records the touches and the links through shared facts", () => {
    const touches = run.report.changeMap.touches.map(
      (t) => `${t.area} ${t.label} ${t.change} ${t.path}:${t.line}`,
    );
    expect(touches).toEqual([
      "database Ecto Repo MyApp.Repo added config/runtime.exs:4",
      "database users table added lib/my_app/accounts/user.ex:1",
      "database users table added priv/repo/migrations/20240101000000_create_users.exs:5",
      "config DATABASE_URL added config/runtime.exs:4",
      "ci CI job test changed .github/workflows/ci.yml:9",
    ]);
    expect(run.report.changeMap.links).toEqual([
      {
        area: "database",
        label: "users table",
        paths: ["lib/my_app/accounts/user.ex", "priv/repo/migrations/20240101000000_create_users.exs"],
      },
      { area: "config", label: "DATABASE_URL", paths: ["config/runtime.exs", "lib/my_app/release.ex"] },
    ]);
  });

  it("writes them to delta.json, which the schema accepts", () => {
    const json = JSON.parse(renderDeltaJson(run.report)) as DeltaJson;
    const schema = JSON.parse(
      readFileSync(new URL("../schema/delta.schema.json", import.meta.url), "utf8"),
    ) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
    validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(json.change_map.touches).toContainEqual({
      path: "config/runtime.exs",
      area: "config",
      label: "DATABASE_URL",
      kind: "env-var",
      change: "added",
      line: 4,
    });
    expect(json.change_map.links).toHaveLength(2);
    expect(json.change_map.edges).toEqual(run.report.changeMap.edges);
  });

  it("draws area hexagons with fact-labelled edges, a dotted link and the facts table", () => {
    const md = renderDeltaMarkdown(run.report);
    const map = md.slice(md.indexOf("```mermaid"), md.indexOf("**Module impact:**"));
    const id = (name: string): string =>
      /(f\d+)\["/.exec(map.slice(map.indexOf(`${name} (`) - 12))?.[1] ?? "?";
    expect(map).toContain('a_database{{"database"}}');
    expect(map).toContain('a_config{{"config"}}');
    expect(map).toContain('a_ci{{"ci"}}');
    expect(map).toContain(`${id("runtime.exs")} -->|"Ecto Repo MyApp.Repo"| a_database`);
    expect(map).toContain(`${id("runtime.exs")} -->|"DATABASE_URL"| a_config`);
    expect(map).toContain(`${id("user.ex")} -->|"users table"| a_database`);
    expect(map).toContain(`${id("20240101000000_create_users.exs")} -->|"users table"| a_database`);
    expect(map).toContain(`${id("ci.yml")} -->|"CI job test"| a_ci`);
    // release.ex reads DATABASE_URL on a line the range did not change: linked, not touched.
    expect(map).toContain(`${id("runtime.exs")} -.-|"DATABASE_URL"| ${id("release.ex")}`);
    expect(map).toContain(
      "| database | users table | `lib/my_app/accounts/user.ex:1` (added), `priv/repo/migrations/20240101000000_create_users.exs:5` (added) |",
    );
    expect(map).toContain(
      "| config | DATABASE\\_URL | `config/runtime.exs:4` (added), `lib/my_app/release.ex` (related) |",
    );
  });
});
