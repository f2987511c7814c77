// ci/test-job-without-database: a CI job runs the tests while the test configuration needs a server the job does not
// start: an Ecto Repo on a server adapter (Elixir), Django settings or a conftest/pytest env naming PostgreSQL, MySQL,
// Redis or RabbitMQ (Python), a test script that migrates a database or a test setup file naming a server (Node).
import { workflowEnvOf } from "../../facts/ci/semantics.js";
import type { CiGate, CiJob, CiWorkflow, TestServiceKind, TestServiceNeed } from "../../facts/ci/types.js";
import { escapeRegExp } from "../../util/escape-reg-exp.js";
import { defineRule } from "../define-rule.js";

/** Adapter packages that talk to a database server (SQLite's need none). */
const SERVER_ADAPTER = /^(postgrex|myxql|mariaex|tds)$/;
const FILE_ADAPTER = /^(ecto_sqlite3|exqlite|sqlite_ecto2)$/;
/** Steps that may provide a database: containers, package installs, system services, dev shells, task runners. */
const STARTS_DATABASE =
  /\bdocker(-compose|\s+compose|\s+run|\s+start)|\bpodman\b|\bservice\s+\S+\s+start|\bsystemctl\s+start|\bpg_ctl|\bpg_ctlcluster|\binitdb\b|\bapt(-get)?\s+install\b.*\b(postgres|mysql|mariadb)|\bbrew\s+services\b|\bnix\s+(develop|shell|run)|\bdevenv\b|\bearthly\b|\bdagger\b|^(make|just|task|\.\/|bash|sh)\b/;
const DATABASE_ACTION = /postgres|mysql|mariadb|database|\bdb\b|docker|compose|devcontainer|nix/i;
const DATABASE_IMAGE =
  /postgres|postgis|pgvector|paradedb|timescale|mysql|mariadb|mssql|sqlserver|cockroach|yugabyte|supabase/i;

const SERVICE_IMAGE: Record<TestServiceKind, RegExp> = {
  postgres: DATABASE_IMAGE,
  mysql: DATABASE_IMAGE,
  database: DATABASE_IMAGE,
  mongodb: /mongo/i,
  redis: /redis|valkey|keydb|dragonfly/i,
  rabbitmq: /rabbitmq|amqp|lavinmq/i,
};
const SERVICE_ENV: Record<TestServiceKind, RegExp> = {
  postgres:
    /^(DATABASE_URL|PGHOST|DB_HOST|POSTGRES_HOST|DB_ENGINE|DATABASE_ENGINE|DJANGO_SETTINGS_MODULE|\w*_DATABASE_URL)$/,
  mysql:
    /^(DATABASE_URL|MYSQL_HOST|DB_HOST|DB_ENGINE|DATABASE_ENGINE|DJANGO_SETTINGS_MODULE|\w*_DATABASE_URL)$/,
  database: /^(DATABASE_URL|PGHOST|DB_HOST|POSTGRES_HOST|MYSQL_HOST|\w*_DATABASE_URL)$/,
  mongodb: /^(MONGO\w*|\w*_MONGO\w*)$/,
  redis: /^(REDIS\w*|\w*_REDIS\w*|CACHE_URL|CELERY_BROKER_URL|BROKER_URL|DJANGO_SETTINGS_MODULE)$/,
  rabbitmq: /^(AMQP\w*|RABBIT\w*|CELERY_BROKER_URL|BROKER_URL|DJANGO_SETTINGS_MODULE)$/,
};
const SERVICE_NAME: Record<TestServiceKind, string> = {
  postgres: "PostgreSQL",
  mysql: "MySQL",
  database: "database server",
  mongodb: "MongoDB",
  redis: "Redis",
  rabbitmq: "RabbitMQ",
};

/** Environment of the job as its steps see it: workflow, job and every step's `env:` keys. */
function envKeys(workflow: CiWorkflow, job: CiJob): string[] {
  return [
    ...Object.keys(workflowEnvOf(workflow, job)),
    ...Object.keys(job.env ?? {}),
    ...job.steps.flatMap((s) => Object.keys(s.env ?? {})),
  ];
}

function providesService(workflow: CiWorkflow, job: CiJob, kind: TestServiceKind): boolean {
  const image = SERVICE_IMAGE[kind];
  // A service container whose image is not readable (an expression) or that is of the kind needed.
  if ((job.serviceImages ?? []).some((i) => image.test(i) || /\$/.test(i))) return true;
  if (job.services.length > 0 && (job.serviceImages ?? []).length === 0) return true;
  if (job.container && image.test(job.container)) return true;
  if (/self-hosted/.test(job.runsOn ?? "")) return true;
  // A server reached through a URL the job is given (a cloud instance, a secret) or another settings module.
  if (envKeys(workflow, job).some((k) => SERVICE_ENV[kind].test(k))) return true;
  return job.steps.some(
    (s) =>
      (s.uses !== null && (DATABASE_ACTION.test(s.uses) || image.test(s.uses))) ||
      (s.commands ?? []).some(
        (c) =>
          STARTS_DATABASE.test(c.text) ||
          (/\b(apt(-get)?|brew)\s+install\b/.test(c.text) && image.test(c.text)),
      ),
  );
}

function providesDatabase(job: CiJob): boolean {
  if (job.services.length > 0 || (job.serviceImages ?? []).some((i) => DATABASE_IMAGE.test(i))) return true;
  if (job.container && DATABASE_IMAGE.test(job.container)) return true;
  if (/self-hosted/.test(job.runsOn ?? "")) return true;
  // A database reached through a URL the job is given (a cloud instance, a secret).
  if (Object.keys(job.env ?? {}).some((k) => /^(DATABASE_URL|PGHOST|DB_HOST|POSTGRES_HOST)$/.test(k)))
    return true;
  return job.steps.some(
    (s) =>
      (s.uses !== null && DATABASE_ACTION.test(s.uses)) ||
      (s.commands ?? []).some((c) => STARTS_DATABASE.test(c.text)),
  );
}

const within = (dir: string, path: string): boolean =>
  dir === "." || path === dir || path.startsWith(`${dir}/`);

/** The test gate of the job that runs the tests of the project in `need.dir` (the script, for a script's need). */
function testGateFor(job: CiJob, need: TestServiceNeed): CiGate | null {
  for (const step of job.steps) {
    const stepDir = step.workingDirectory ?? ".";
    for (const gate of step.gates) {
      // A composite action's steps are not read for what they start.
      if (gate.kind !== "test" || gate.ecosystem !== need.ecosystem || gate.tool.includes("(via ./"))
        continue;
      if (need.script) {
        const script = escapeRegExp(need.script);
        const runs = new RegExp(
          need.script === "test"
            ? `\\b(npm|yarn|pnpm|bun)\\s+(run\\s+)?test(?![\\w:-])`
            : `\\b(npm|yarn|pnpm|bun)\\s+(run\\s+)?${script}(?![\\w:-])`,
        );
        if (!runs.test(gate.command)) continue;
      }
      // The project's folder is where the step runs, encloses it, or is named by the command.
      if (
        within(need.dir, stepDir) ||
        (within(stepDir, need.dir) && stepDir !== ".") ||
        gate.command.includes(need.dir)
      )
        return gate;
    }
  }
  return null;
}

export default defineRule({
  id: "ci/test-job-without-database",
  area: "ci",
  severity: "medium",
  title: "CI test job without the database, cache or broker its tests need",
  effortMinutes: 20,
  confidence: "heuristic",
  notes: [
    "Elixir: config/test.exs (or a test-env block) configures an Ecto Repo and mix.exs declares a server adapter (postgrex, myxql, tds) and no SQLite adapter; a job running `mix test` (or coveralls; not `mix test.compile`-style tasks, which are followed as aliases) has no service container, no database image as its container, no DATABASE_URL/PGHOST in its env, no self-hosted runner, and no step that could start one (docker, compose, system services, package installs, nix/devenv shells, database setup actions, make/just/task and scripts, which are not followed).",
    "Python: the Django settings the tests read (a test settings module such as settings/test.py when it configures DATABASES, else the base settings) set a PostgreSQL/MySQL ENGINE or URL and mention no SQLite; a conftest.py, a pytest-env section or an env file pytest-dotenv loads (`env_files`) names a postgres://, mysql://, mongodb://, redis:// or amqp:// URL; a test settings module names a Redis or AMQP broker without running Celery tasks eagerly. Silent when the tests provide the server themselves (testcontainers, pytest-postgresql, fakeredis).",
    "Node: a package test script (test, test:*, *:test) that migrates a database first (prisma migrate/db push, knex, typeorm, sequelize, drizzle-kit, node-pg-migrate) on a non-SQLite schema, or loads an env file naming a server URL — explicitly (`dotenv -e`, `--env-file`, `env-cmd -f`, `DOTENV_CONFIG_PATH` with `-r dotenv/config`; not a template of the deployed configuration: `.env.example`/`.sample`/`.template`/`.dist` or placeholder values such as `<INSERT_PASSWORD>`, which a script loads only so config validation passes) or by itself: `.env.test` under dotenv-flow, Next.js's jest preset (`next/jest`) or a vitest config calling `loadEnv`; a jest/vitest config or test setup file naming one. The job must run that script (or a test runner in that package). Silent when the package depends on testcontainers or an in-memory stand-in (pg-mem, mongodb-memory-server, ioredis-mock).",
    "A job provides the server with a service container of a matching (or unreadable) image, a matching container image, a connection variable in the workflow, job or step env (DATABASE_URL, REDIS_URL, DJANGO_SETTINGS_MODULE …), a self-hosted runner, or a step that could start one.",
  ],
  docs: {
    rationale:
      "Ecto's test setup (the `test` alias's `ecto.create`/`ecto.migrate`, the SQL sandbox), Django's test runner (it creates the test database) and test scripts that migrate first all connect to the server at start; tests that use a Redis cache or a Celery broker connect on first use. A CI job without a service container or a step starting the server fails before any test runs, or the tests are silently excluded to keep it green.",
    impact:
      "The test gate is red for reasons unrelated to the change, or does not exercise the data layer at all.",
    fix: "Add a service container for the server (`services: postgres:` or `redis:`, with a health check) to the job, or run the tests through `docker compose`; or make the test configuration use SQLite or an in-memory stand-in.",
    example: {
      language: "yaml",
      bad: "test:\n  runs-on: ubuntu-latest\n  steps:\n    - run: mix test",
      good: "test:\n  runs-on: ubuntu-latest\n  services:\n    postgres:\n      image: postgres:16\n      env: { POSTGRES_PASSWORD: postgres }\n      ports: ['5432:5432']\n  steps:\n    - run: mix test",
    },
  },
  applies: (facts) =>
    (facts.ci?.workflows.length ?? 0) > 0 &&
    ((facts.elixir?.projects.length ?? 0) > 0 || (facts.ci.testServiceNeeds ?? []).length > 0)
      ? true
      : {
          status: "not-applicable",
          reason:
            "no CI workflows, or no Ecto Repo and no test configuration naming a database, cache or broker server",
        },
  check({ facts, report, readText }) {
    reportOtherEcosystems(facts.ci.workflows, facts.ci.testServiceNeeds ?? [], report);
    const declared = facts.dependencies?.declared ?? [];
    const hexNames = new Set(declared.filter((d) => d.ecosystem === "Hex").map((d) => d.name));
    const server = [...hexNames].filter((n) => SERVER_ADAPTER.test(n));
    if (server.length === 0 || [...hexNames].some((n) => FILE_ADAPTER.test(n))) return;
    const repoConfig = (facts.elixir?.config ?? []).find(
      (e) => e.env === "test" && e.key !== null && /(^|\.)Repo$/.test(e.key),
    );
    if (!repoConfig) return;
    for (const workflow of facts.ci.workflows) {
      if (workflow.invalid) continue;
      for (const job of workflow.jobs) {
        if (job.neverRuns) continue;
        const testGate = job.steps
          .flatMap((s) => s.gates)
          .find((g) => g.kind === "test" && g.ecosystem === "elixir" && !g.tool.includes("(via "));
        if (!testGate || providesDatabase(job)) continue;
        // `mix test --only igniter` where test_helper.exs starts the Repo only when that tag is not selected.
        if (helperSkipsSetupFor(testGate.command, readText)) continue;
        report({
          path: workflow.path,
          line: testGate.line,
          message: `Job ${job.id} runs \`${testGate.command}\` but starts no database: the test configuration sets ${repoConfig.key} (${repoConfig.path}:${repoConfig.line}) on ${server.join(", ")}, and the job has no service container, database image or step starting one`,
          key: `${job.id}:no-database`,
          snippet: testGate.command,
        });
      }
    }
  },
});

/**
 * Whether the Elixir test helper decides its setup from the tags a run selects, for the tag this command selects
 * (`mix test --only igniter` with `if !(:igniter in ExUnit.configuration()[:include]), do: setup_env.()`): the
 * selected tests need no database, as the helper chose.
 */
function helperSkipsSetupFor(command: string, readText: (path: string) => string | null): boolean {
  const tags = [...command.matchAll(/--only\s+:?([a-z_]\w*)/g)].map((m) => m[1] ?? "");
  if (tags.length === 0) return false;
  const helper = readText("test/test_helper.exs") ?? "";
  if (!/ExUnit\.configuration\(\)/.test(helper)) return false;
  return tags.every((tag) => new RegExp(`:${tag}\\b`).test(helper));
}

/** Python and Node: each job running the tests of a project whose test configuration needs a server it does not start. */
function reportOtherEcosystems(
  workflows: readonly CiWorkflow[],
  needs: readonly TestServiceNeed[],
  report: (finding: { path: string; line: number; message: string; key: string; snippet: string }) => void,
): void {
  for (const workflow of workflows) {
    if (workflow.invalid) continue;
    for (const job of workflow.jobs) {
      if (job.neverRuns) continue;
      const reported = new Set<string>();
      for (const need of needs) {
        const gate = testGateFor(job, need);
        if (!gate || reported.has(need.kind) || providesService(workflow, job, need.kind)) continue;
        reported.add(need.kind);
        report({
          path: workflow.path,
          line: gate.line,
          message: `Job ${job.id} runs \`${gate.command}\` but starts no ${SERVICE_NAME[need.kind]}: ${need.path}:${need.line} (${need.via}) needs one (\`${need.text}\`), and the job has no service container, matching image, connection variable or step starting one`,
          key: `${job.id}:no-${need.kind}`,
          snippet: gate.command,
        });
      }
    }
  }
}
