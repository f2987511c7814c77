// Facts a change touches (issue #7): env vars and Repo config in a config file, a migration and a schema on one
// table, a workflow job, a README-only change, removed facts, unchanged lines left out, and the bounded map view.
import { describe, expect, it } from "vitest";
import { classifyChange } from "../src/delta/classify.js";
import {
  factMapView,
  factTouches,
  MAX_EDGE_LABEL_CHARS,
  MAX_FILES_PER_AREA,
  MAX_ROWS_PER_AREA,
} from "../src/delta/fact-touches.js";
import type { AddedLines, ChangedFile, FactTouch } from "../src/delta/types.js";
import { analyseFiles } from "./helpers/audit-harness.js";

type Files = Record<string, string>;

/**
 * Touches between two in-memory trees. Added files gain all their lines; a modified file gains the lines
 * `changed` names (all of them when not named) and loses the same lines at base.
 */
async function touchesBetween(
  before: Files,
  after: Files,
  changed: Record<string, Array<[number, number]>> = {},
): Promise<ReturnType<typeof factTouches>> {
  const [base, head] = await Promise.all([analyseFiles(before), analyseFiles(after)]);
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const files: ChangedFile[] = [];
  const addedLines: AddedLines = new Map();
  const removedLines: AddedLines = new Map();
  const lineCount = (text: string): number => text.split("\n").length;
  for (const path of paths) {
    const was = before[path];
    const now = after[path];
    if (was === now) continue;
    const status = was === undefined ? "added" : now === undefined ? "deleted" : "modified";
    files.push({ path, oldPath: null, status, kind: classifyChange(path), insertions: 1, deletions: 0 });
    if (now !== undefined) addedLines.set(path, changed[path] ?? [[1, lineCount(now)]]);
    if (was !== undefined) removedLines.set(path, changed[path] ?? [[1, lineCount(was)]]);
  }
  return factTouches(
    { files, addedLines, removedLines },
    { facts: head.facts, areaFacts: head.areaFacts },
    { facts: base.facts, areaFacts: base.areaFacts },
  );
}

const brief = (touches: FactTouch[]): string[] =>
  touches.map((t) => `${t.area} ${t.label} ${t.change} ${t.path}:${t.line ?? "-"}`);

const MIX = `defmodule MyApp.MixProject do
  use Mix.Project

  def project, do: [app: :my_app, version: "0.1.0", deps: []]
end
`;

const REPO = `defmodule MyApp.Repo do
  use Ecto.Repo, otp_app: :my_app, adapter: Ecto.Adapters.Postgres
end
`;

const RUNTIME = `import Config

if config_env() == :prod do
  database_url = System.get_env("DATABASE_URL") || raise "DATABASE_URL is missing"

  config :my_app, MyApp.Repo,
    url: database_url,
    pool_size: 10

  config :my_app, MyAppWeb.Endpoint, secret_key_base: System.fetch_env!("SECRET_KEY_BASE")
end
`;

const RELEASE = `defmodule MyApp.Release do
  def database_url, do: System.get_env("DATABASE_URL")

  def migrate do
    :ok
  end
end
`;

const MIGRATION = `defmodule MyApp.Repo.Migrations.CreateUsers do
  use Ecto.Migration

  def change do
    create table(:users) do
      add :email, :string
      timestamps()
    end

    create unique_index(:users, [:email])
  end
end
`;

const SCHEMA = `defmodule MyApp.Accounts.User do
  use Ecto.Schema

  schema "users" do
    field :email, :string
    timestamps()
  end
end
`;

describe("facts a change touches", () => {
  it("a config file that reads DATABASE_URL and configures the Repo touches config and database", async () => {
    const base = { "mix.exs": MIX, "lib/my_app/repo.ex": REPO };
    const { touches, links } = await touchesBetween(base, { ...base, "config/runtime.exs": RUNTIME });
    expect(brief(touches)).toEqual([
      "database Ecto Repo MyApp.Repo added config/runtime.exs:7",
      "config DATABASE_URL added config/runtime.exs:4",
      "config SECRET_KEY_BASE added config/runtime.exs:10",
      "config config MyAppWeb.Endpoint added config/runtime.exs:10",
    ]);
    expect(touches.find((t) => t.label === "DATABASE_URL")?.kind).toBe("env-var");
    // The Repo module did not change, so nothing links to it.
    expect(links).toEqual([]);
  });

  it("links changed files through a shared fact, naming the ones that hold it on unchanged lines", async () => {
    const base = { "mix.exs": MIX, "lib/my_app/repo.ex": REPO, "lib/my_app/release.ex": RELEASE };
    const { touches, links } = await touchesBetween(
      base,
      {
        ...base,
        "config/runtime.exs": RUNTIME,
        "lib/my_app/repo.ex": REPO.replace("end\n", "\n  def stats, do: :ok\nend\n"),
        "lib/my_app/release.ex": RELEASE.replace(":ok", ":migrated"),
      },
      { "lib/my_app/repo.ex": [[3, 4]], "lib/my_app/release.ex": [[5, 5]] },
    );
    expect(brief(touches)).toContain("database Ecto Repo MyApp.Repo changed lib/my_app/repo.ex:3");
    // release.ex changed a line that reads no env var: it holds DATABASE_URL without touching it.
    expect(touches.filter((t) => t.path === "lib/my_app/release.ex")).toEqual([]);
    expect(links).toEqual([
      {
        area: "database",
        label: "Ecto Repo MyApp.Repo",
        paths: ["config/runtime.exs", "lib/my_app/repo.ex"],
      },
      { area: "config", label: "DATABASE_URL", paths: ["config/runtime.exs", "lib/my_app/release.ex"] },
    ]);
  });

  it("links a migration and a schema on the same table", async () => {
    const base = { "mix.exs": MIX, "lib/my_app/repo.ex": REPO };
    const { touches, links } = await touchesBetween(base, {
      ...base,
      "priv/repo/migrations/20240101000000_create_users.exs": MIGRATION,
      "lib/my_app/accounts/user.ex": SCHEMA,
    });
    expect(brief(touches)).toEqual([
      "database users table added lib/my_app/accounts/user.ex:1",
      "database users table added priv/repo/migrations/20240101000000_create_users.exs:5",
    ]);
    expect(links).toEqual([
      {
        area: "database",
        label: "users table",
        paths: ["lib/my_app/accounts/user.ex", "priv/repo/migrations/20240101000000_create_users.exs"],
      },
    ]);
  });

  it("a workflow change touches the CI job it edits, and a deleted Dockerfile removes its stages", async () => {
    const workflow = (extra: string): string => `name: CI
on: [push]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: mix format --check-formatted
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: mix test${extra}
`;
    const dockerfile =
      "FROM elixir:1.16 AS build\nRUN mix release\n\nFROM debian:bookworm AS runtime\nUSER nobody\n";
    const { touches } = await touchesBetween(
      { "mix.exs": MIX, ".github/workflows/ci.yml": workflow(""), Dockerfile: dockerfile },
      { "mix.exs": MIX, ".github/workflows/ci.yml": workflow(" --cover") },
      { ".github/workflows/ci.yml": [[13, 13]] },
    );
    const ci = touches.filter((t) => t.path === ".github/workflows/ci.yml");
    expect(ci.length).toBeGreaterThan(0);
    expect(ci.every((t) => t.area === "ci")).toBe(true);
    expect(brief(ci)).toContain("ci CI job test changed .github/workflows/ci.yml:13");
    // The untouched lint job is not part of the change.
    expect(ci.some((t) => t.label === "CI job lint")).toBe(false);
    expect(brief(touches.filter((t) => t.path === "Dockerfile"))).toEqual([
      "containers Dockerfile stage build removed Dockerfile:1",
      "containers Dockerfile stage runtime removed Dockerfile:4",
    ]);
  });

  it("leaves out facts on unchanged lines of a modified file", async () => {
    const base = { "mix.exs": MIX, "lib/my_app/repo.ex": REPO, "config/runtime.exs": RUNTIME };
    const { touches } = await touchesBetween(
      base,
      { ...base, "config/runtime.exs": RUNTIME.replace("pool_size: 10", "pool_size: 20") },
      { "config/runtime.exs": [[8, 8]] },
    );
    expect(brief(touches)).toEqual(["database Ecto Repo MyApp.Repo changed config/runtime.exs:8"]);
  });

  it("finds nothing beyond docs for a README-only change", async () => {
    const readme = (usage: string): string =>
      `# Demo\n\nA demo project.\n\n## Installation\n\nRun mix deps.get.\n\n## Usage\n\n${usage}\n`;
    const base = { "mix.exs": MIX, "lib/my_app/repo.ex": REPO, "README.md": readme("Run mix phx.server.") };
    const { touches, links } = await touchesBetween(
      base,
      { ...base, "README.md": readme("Run iex -S mix phx.server.") },
      { "README.md": [[11, 11]] },
    );
    expect(brief(touches)).toEqual(["docs README section Usage changed README.md:11"]);
    expect(links).toEqual([]);
  });
});

describe("fact map view", () => {
  const touch = (path: string, label: string, area: FactTouch["area"] = "config"): FactTouch => ({
    path,
    area,
    label,
    kind: "env-var",
    change: "added",
    line: 1,
  });

  it("caps the files drawn per area and the facts written per edge, and counts the rest", () => {
    const touches = Array.from({ length: 20 }, (_, i) =>
      touch(`config/f${String(i).padStart(2, "0")}.exs`, "X"),
    );
    touches.push(...["A", "B", "C", "D", "E"].map((label) => touch("config/f19.exs", label)));
    const drawn = new Set(touches.map((t) => t.path));
    const view = factMapView({ touches, links: [] }, drawn);
    expect(view.areas).toEqual([{ area: "config", files: 20, hiddenFiles: 20 - MAX_FILES_PER_AREA }]);
    expect(view.fileEdges).toHaveLength(MAX_FILES_PER_AREA);
    // The file with the most facts is drawn first, with three labels and the rest counted.
    expect(view.fileEdges.find((e) => e.from === "config/f19.exs")).toEqual({
      from: "config/f19.exs",
      area: "config",
      labels: ["A", "B", "C"],
      more: 3,
    });
    expect(view.folderEdges).toEqual([{ from: "config", area: "config", labels: ["X", "A", "B"], more: 3 }]);
    expect(view.rows.length).toBe(MAX_ROWS_PER_AREA);
    // Six facts fill the area's rows; the row of X lists six of its twenty files.
    expect(view.rows.map((row) => row.label)).toEqual(["X", "A", "B", "C", "D", "E"]);
    expect(view.rows[0]).toMatchObject({ more: 14 });
    expect(view.areasLeft).toEqual([]);
    const more = factMapView({ touches: [...touches, touch("config/f19.exs", "F")], links: [] }, drawn);
    expect(more.areasLeft).toEqual([{ area: "config", facts: 1 }]);
  });

  it("shortens long fact labels on edges and keeps them whole in the table", () => {
    const label = "README section How To Use It - Alternative With Copier";
    const view = factMapView(
      { touches: [touch("README.md", label, "docs")], links: [] },
      new Set(["README.md"]),
    );
    expect(view.fileEdges[0]?.labels).toEqual([`${label.slice(0, MAX_EDGE_LABEL_CHARS - 1)}…`]);
    expect(view.rows[0]?.label).toBe(label);
  });

  it("gives a fact of one file (a route) a row per file and a shared fact (an env var) one row", () => {
    const route = (path: string): FactTouch => ({ ...touch(path, "GET /", "web"), kind: "route" });
    const touches = [route("articles/routers.go"), route("users/routers.go")];
    touches.push(touch("a.py", "TOKEN"), touch("b.py", "TOKEN"));
    const view = factMapView({ touches, links: [] }, new Set());
    expect(view.rows.map((row) => `${row.label}: ${row.files.map((f) => f.path).join(" ")}`)).toEqual([
      "GET /: articles/routers.go",
      "GET /: users/routers.go",
      "TOKEN: a.py b.py",
    ]);
  });

  it("draws a dotted link only to a file that holds the shared fact without showing it", () => {
    const touches = [touch("config/dev.exs", "DATABASE_URL"), touch("config/runtime.exs", "DATABASE_URL")];
    const links = [
      {
        area: "config" as const,
        label: "DATABASE_URL",
        paths: ["config/dev.exs", "config/runtime.exs", "lib/release.ex"],
      },
    ];
    const view = factMapView(
      { touches, links },
      new Set(["config/dev.exs", "config/runtime.exs", "lib/release.ex"]),
    );
    expect(view.linkEdges).toEqual([
      { from: "config/dev.exs", to: "lib/release.ex", labels: ["DATABASE_URL"], more: 0 },
    ]);
    expect(view.rows[0]?.files).toEqual([
      { path: "config/dev.exs", line: 1, change: "added" },
      { path: "config/runtime.exs", line: 1, change: "added" },
      { path: "lib/release.ex", line: null, change: "related" },
    ]);
  });
});
