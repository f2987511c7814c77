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

/** A workflow whose job `test` runs `command`, with extra job keys. */
const jobRunning =
  (command: string) =>
  (...job: string[]): string =>
    [
      "on: push",
      "jobs:",
      "  test:",
      "    runs-on: ubuntu-latest",
      ...job,
      "    steps:",
      `      - run: ${command}`,
      "",
    ].join("\n");
const workflow = jobRunning("mix test");

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

  it("stays silent on `mix test.compile`-style aliases of other tasks and on a tag whose run the test helper sets up without the Repo", async () => {
    const mix = app["mix.exs"].replace(
      "end\n",
      '  defp aliases, do: ["test.compile": ["compile --warnings-as-errors"]]\nend\n',
    );
    const helper =
      "if !(:igniter in ExUnit.configuration()[:include]), do: App.TestSetup.start_repo()\nExUnit.start(exclude: [:igniter])\n";
    const findings = await findingsOf("ci/test-job-without-database", {
      ...app,
      "mix.exs": mix,
      "test/test_helper.exs": helper,
      ".github/workflows/compile.yml": jobRunning("mix test.compile")(),
      ".github/workflows/igniter.yml": jobRunning("mix test --only igniter")(),
      // Near miss: another tag the helper does not speak of still needs the Repo.
      ".github/workflows/slow.yml": jobRunning("mix test --only slow")(),
    });
    expect(findings.map((f) => f.location?.path)).toEqual([".github/workflows/slow.yml"]);
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

  const django = {
    "requirements.txt": "Django==5.1\npytest-django==4.9\n",
    "manage.py": "import os\n",
    "app/settings.py": [
      "DATABASES = {",
      '    "default": {',
      '        "ENGINE": "django.db.backends.postgresql",',
      '        "NAME": "app",',
      "    }",
      "}",
      "",
    ].join("\n"),
  };
  const pyWorkflow = jobRunning("pytest");

  it("fires for a Django project whose settings use PostgreSQL and a pytest job without a service", async () => {
    const findings = await findingsOf("ci/test-job-without-database", {
      ...django,
      ".github/workflows/ci.yml": pyWorkflow(),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[6, "medium"]]);
    expect(findings[0]?.message).toContain("starts no PostgreSQL: app/settings.py:3 (Django settings)");
  });

  it("stays silent when Django's test settings use SQLite, or the job has a postgres service or a DATABASE_URL", async () => {
    expect(
      await findingsOf("ci/test-job-without-database", {
        ...django,
        "app/test_settings.py":
          'from .settings import *\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n',
        ".github/workflows/ci.yml": pyWorkflow(),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/test-job-without-database", {
        ...django,
        ".github/workflows/ci.yml": pyWorkflow("    services:", "      pg:", "        image: postgres:16"),
        ".github/workflows/b.yml": pyWorkflow("    env:", "      DATABASE_URL: ${{ secrets.DB }}"),
      }),
    ).toEqual([]);
  });

  it("fires for a conftest.py pointing the tests at Redis, silent when it uses fakeredis", async () => {
    const conftest = 'import redis\nclient = redis.Redis.from_url("redis://localhost:6379/0")\n';
    const findings = await findingsOf("ci/test-job-without-database", {
      "pyproject.toml": '[project]\nname = "x"\ndependencies = ["redis"]\n',
      "tests/conftest.py": conftest,
      ".github/workflows/ci.yml": pyWorkflow("    services:", "      pg:", "        image: postgres:16"),
    });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining("starts no Redis: tests/conftest.py:2 (conftest.py)"),
    ]);
    expect(
      await findingsOf("ci/test-job-without-database", {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["redis"]\n',
        "tests/conftest.py": "import fakeredis\n" + conftest,
        ".github/workflows/ci.yml": pyWorkflow(),
      }),
    ).toEqual([]);
  });

  const nodeApp = (deps: Record<string, string>) => ({
    "package.json": JSON.stringify(
      {
        name: "api",
        scripts: { "test:e2e": "prisma migrate reset --force && vitest run e2e", test: "vitest run unit" },
        devDependencies: { vitest: "^2.0.0", prisma: "^5.0.0", ...deps },
      },
      null,
      2,
    ),
    "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
  });
  const nodeWorkflow = (command: string): string =>
    [
      "on: push",
      "jobs:",
      "  e2e:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      `      - run: ${command}`,
      "",
    ].join("\n");

  it("fires for a Node test script that migrates a database first, run by a job without one", async () => {
    const findings = await findingsOf("ci/test-job-without-database", {
      ...nodeApp({}),
      ".github/workflows/ci.yml": nodeWorkflow("npm run test:e2e"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[6, "medium"]]);
    expect(findings[0]?.message).toContain("starts no database server: package.json:4 (script test:e2e)");
  });

  it("stays silent for the unit test script, and when the tests start their own with testcontainers", async () => {
    expect(
      await findingsOf("ci/test-job-without-database", {
        ...nodeApp({}),
        ".github/workflows/ci.yml": nodeWorkflow("npm test"),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/test-job-without-database", {
        ...nodeApp({ "@testcontainers/postgresql": "^10.0.0" }),
        ".github/workflows/ci.yml": nodeWorkflow("npm run test:e2e"),
      }),
    ).toEqual([]);
  });

  const envApp = (deps: Record<string, string>, config: Record<string, string>, envTest: string) => ({
    "package.json": JSON.stringify({
      name: "web",
      scripts: { test: "vitest run" },
      devDependencies: { vitest: "^2.0.0", ...deps },
    }),
    ".env.test": envTest,
    ...config,
  });

  it("reads a .env.test the test run loads by itself (dotenv-flow, a vitest config calling loadEnv)", async () => {
    const url = "DATABASE_URL=postgres://app:app@localhost:5432/app_test\n";
    const viaFlow = await findingsOf("ci/test-job-without-database", {
      ...envApp({ "dotenv-flow": "^4.0.0" }, {}, url),
      ".github/workflows/ci.yml": nodeWorkflow("npm test"),
    });
    expect(viaFlow.map((f) => f.message)).toEqual([
      expect.stringContaining(".env.test:1 (.env.test (loaded by dotenv-flow when NODE_ENV is test))"),
    ]);
    const viaLoadEnv = await findingsOf("ci/test-job-without-database", {
      ...envApp(
        {},
        {
          "vitest.config.ts":
            "import { loadEnv } from 'vite';\nexport default { test: { env: loadEnv('test', process.cwd(), '') } };\n",
        },
        url,
      ),
      ".github/workflows/ci.yml": nodeWorkflow("npm test"),
    });
    expect(viaLoadEnv.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("stays silent when nothing loads .env.test, it names SQLite, or the job starts the database", async () => {
    const url = "DATABASE_URL=postgres://app:app@localhost:5432/app_test\n";
    expect(
      await findingsOf("ci/test-job-without-database", {
        ...envApp({}, {}, url),
        ".github/workflows/ci.yml": nodeWorkflow("npm test"),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/test-job-without-database", {
        ...envApp({ "dotenv-flow": "^4.0.0" }, {}, "DATABASE_URL=file:./test.sqlite\n"),
        ".github/workflows/ci.yml": nodeWorkflow("npm test"),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/test-job-without-database", {
        ...envApp({ "dotenv-flow": "^4.0.0" }, {}, url),
        ".github/workflows/ci.yml": nodeWorkflow("docker compose up -d db && npm test"),
      }),
    ).toEqual([]);
  });

  const scriptEnvApp = (script: string, envFiles: Record<string, string>) => ({
    "package.json": JSON.stringify({
      name: "api",
      scripts: { test: script },
      devDependencies: { jest: "^29.0.0", "dotenv-cli": "^7.0.0" },
    }),
    ...envFiles,
    ".github/workflows/ci.yml": nodeWorkflow("npm test"),
  });

  it("reads the env file a test script names (dotenv-cli -e, DOTENV_CONFIG_PATH with -r dotenv/config)", async () => {
    const url = "DATABASE_URL=postgres://app:app@localhost:5432/app_test\n";
    const viaCli = await findingsOf(
      "ci/test-job-without-database",
      scriptEnvApp("dotenv -e .env.test -- jest", { ".env.test": url }),
    );
    expect(viaCli.map((f) => f.message)).toEqual([
      expect.stringContaining(".env.test:1 (env file of script test)"),
    ]);
    const viaPreload = await findingsOf(
      "ci/test-job-without-database",
      scriptEnvApp("DOTENV_CONFIG_PATH=./config/.env.ci node -r dotenv/config node_modules/.bin/jest", {
        "config/.env.ci": url,
      }),
    );
    expect(viaPreload.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("stays silent when the env file a test script loads is a template of the deployed configuration", async () => {
    // The tests load the example so config validation passes; its URL points at the deployment's server.
    const example =
      "POSTGRES_PASSWORD=<INSERT_POSTGRES_PASSWORD>\nDATABASE_URL=postgresql://user:${POSTGRES_PASSWORD}@postgres:5432/db\n";
    expect(
      await findingsOf(
        "ci/test-job-without-database",
        scriptEnvApp("npx dotenv-cli -e .env.example -- jest", { ".env.example": example }),
      ),
    ).toEqual([]);
    expect(
      await findingsOf(
        "ci/test-job-without-database",
        scriptEnvApp("env-cmd -f .env.ci jest", { ".env.ci": example }),
      ),
    ).toEqual([]);
  });

  it("reads the env files pytest-dotenv loads (env_files)", async () => {
    const files = (envFiles: string) => ({
      "pyproject.toml": `[project]\nname = "x"\ndependencies = ["psycopg"]\n\n[tool.pytest.ini_options]\n${envFiles}`,
      ".env.test": "DATABASE_URL=postgresql://x:y@localhost/test\n",
      "tests/test_x.py": "def test_x():\n    assert True\n",
      ".github/workflows/ci.yml": pyWorkflow(),
    });
    expect(
      (await findingsOf("ci/test-job-without-database", files('env_files = [".env.test"]\n'))).map(
        (f) => f.message,
      ),
    ).toEqual([expect.stringContaining(".env.test:1 (pytest-dotenv env_files)")]);
    expect(await findingsOf("ci/test-job-without-database", files('addopts = "-q"\n'))).toEqual([]);
  });
});
