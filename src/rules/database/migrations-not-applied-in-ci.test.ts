import { describe, expect, it } from "vitest";
import { findingsIn, findingsOf } from "../../../test/helpers/audit-harness.js";
import { auditFixture } from "../../../test/helpers/fixture-audit.js";

const RULE = "generic/migrations-not-applied-in-ci";

const WORKFLOW = (steps: string[]): string =>
  [
    "on: [push]",
    "jobs:",
    "  test:",
    "    runs-on: ubuntu-latest",
    "    services:",
    "      db:",
    "        image: postgres:16",
    "    steps:",
    "      - uses: actions/checkout@v4",
    ...steps.map((step) => `      - run: ${step}`),
    "",
  ].join("\n");

describe(RULE, () => {
  it("fires medium on a Drizzle service whose CI tests push the schema from the models instead of migrating", async () => {
    const findings = findingsIn(RULE, await auditFixture("ts-orm-drizzle"));
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      [".github/workflows/test.yml", 17, "medium"],
    ]);
    expect(findings[0]!.message).toBe(
      "CI runs tests against postgres:16 (.github/workflows/test.yml#test) but no step or test setup applies the migrations of drizzle (drizzle, 1 files); the schema comes from `npm run db:push` (.github/workflows/test.yml:17), which builds it from the models and bypasses the migrations",
    );
  });

  it("is silent when a CI step runs the migrations through a package script", async () => {
    expect(findingsIn(RULE, await auditFixture("ts-orm-typeorm"))).toEqual([]);
  });

  it("fires low on Prisma migrations when CI tests beside PostgreSQL and nothing builds the schema", async () => {
    const findings = await findingsOf(RULE, {
      "package.json": '{ "name": "app", "scripts": { "test": "vitest run" } }\n',
      "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
      "prisma/migrations/20240101000000_init/migration.sql": "CREATE TABLE x (id int);\n",
      ".github/workflows/ci.yml": WORKFLOW(["npm ci", "npm test"]),
    });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      [
        "low",
        "CI runs tests against postgres:16 (.github/workflows/ci.yml#test) but no step or test setup applies the migrations of prisma/migrations (prisma, 1 files)",
      ],
    ]);
  });

  it("is silent when Ecto's test alias, pytest-django or a test setup file applies the migrations", async () => {
    const ecto = await findingsOf(RULE, {
      "mix.exs":
        'defmodule App.MixProject do\n  use Mix.Project\n  def project, do: [app: :app, aliases: aliases()]\n  defp aliases do\n    [test: ["ecto.create --quiet", "ecto.migrate --quiet", "test"]]\n  end\nend\n',
      "priv/repo/migrations/20240101000000_create_users.exs":
        "defmodule App.Repo.Migrations.CreateUsers do\n  use Ecto.Migration\n  def change do\n    create table(:users)\n  end\nend\n",
      ".github/workflows/ci.yml": WORKFLOW(["mix test"]),
    });
    const django = await findingsOf(RULE, {
      "requirements-dev.txt": "pytest-django==4.8.0\n",
      "shop/migrations/0001_initial.py":
        "from django.db import migrations\nclass Migration(migrations.Migration):\n    operations = []\n",
      ".github/workflows/ci.yml": WORKFLOW(["pip install -r requirements-dev.txt", "pytest"]),
    });
    const setup = await findingsOf(RULE, {
      "package.json": '{ "name": "app", "scripts": { "test": "vitest run" } }\n',
      "drizzle.config.ts":
        'export default defineConfig({ schema: "./src/schema.ts", out: "./drizzle", dialect: "postgresql" });\n',
      "drizzle/0000_init.sql": "CREATE TABLE x (id int);\n",
      "test/global-setup.ts": 'await migrate(db, { migrationsFolder: "./drizzle" });\n',
      ".github/workflows/ci.yml": WORKFLOW(["npm ci", "npm test"]),
    });
    expect([ecto, django, setup]).toEqual([[], [], []]);
    const ectoWithoutAlias = await findingsOf(RULE, {
      "mix.exs": "defmodule App.MixProject do\n  use Mix.Project\n  def project, do: [app: :app]\nend\n",
      "priv/repo/migrations/20240101000000_create_users.exs":
        "defmodule App.Repo.Migrations.CreateUsers do\n  use Ecto.Migration\n  def change do\n    create table(:users)\n  end\nend\n",
      ".github/workflows/ci.yml": WORKFLOW(["mix test"]),
    });
    expect(ectoWithoutAlias.map((f) => f.severity)).toEqual(["low"]);
  });
});

describe(`${RULE} through docker compose`, () => {
  const files = (compose: string, steps: string[]) => ({
    "package.json":
      '{ "name": "app", "scripts": { "test": "vitest run", "migrate": "prisma migrate deploy" } }\n',
    "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
    "prisma/migrations/20240101000000_init/migration.sql": "CREATE TABLE x (id int);\n",
    "docker-compose.ci.yml": compose,
    ".github/workflows/ci.yml": WORKFLOW(steps),
  });
  const migrate = "services:\n  app:\n    build: .\n  migrate:\n    build: .\n    command: npm run migrate\n";

  it("is silent when a CI step starts a compose service whose command migrates (run by name, or up)", async () => {
    const run = await findingsOf(
      RULE,
      files(migrate, ["docker compose -f docker-compose.ci.yml run --rm -e CI=1 migrate", "npm test"]),
    );
    const up = await findingsOf(
      RULE,
      files(migrate, ["docker compose -f docker-compose.ci.yml up -d", "npm test"]),
    );
    expect([run, up]).toEqual([[], []]);
  });

  it("still fires when the step starts other services only, or no compose service migrates", async () => {
    const other = await findingsOf(
      RULE,
      files(migrate, ["docker compose -f docker-compose.ci.yml up -d app", "npm test"]),
    );
    const none = await findingsOf(
      RULE,
      files("services:\n  app:\n    build: .\n    command: npm start\n", [
        "docker compose up -d",
        "npm test",
      ]),
    );
    expect([other.map((f) => f.severity), none.map((f) => f.severity)]).toEqual([["low"], ["low"]]);
  });
});
