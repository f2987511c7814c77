// ci/test-job-without-database: a CI job runs the Elixir tests while the test configuration points an Ecto Repo at
// a database server (Postgres, MySQL, SQL Server adapter), and the job starts no database.
import type { CiJob } from "../../facts/ci/types.js";
import { defineRule } from "../define-rule.js";

/** Adapter packages that talk to a database server (SQLite's need none). */
const SERVER_ADAPTER = /^(postgrex|myxql|mariaex|tds)$/;
const FILE_ADAPTER = /^(ecto_sqlite3|exqlite|sqlite_ecto2)$/;
/** Steps that may provide a database: containers, package installs, system services, dev shells, task runners. */
const STARTS_DATABASE =
  /\bdocker(-compose|\s+compose|\s+run|\s+start)|\bpodman\b|\bservice\s+\S+\s+start|\bsystemctl\s+start|\bpg_ctl|\bpg_ctlcluster|\binitdb\b|\bapt(-get)?\s+install\b.*\b(postgres|mysql|mariadb)|\bbrew\s+services\b|\bnix\s+(develop|shell|run)|\bdevenv\b|\bearthly\b|\bdagger\b|^(make|just|task|\.\/|bash|sh)\b/;
const DATABASE_ACTION = /postgres|mysql|mariadb|database|\bdb\b|docker|compose|devcontainer|nix/i;
const DATABASE_IMAGE =
  /postgres|postgis|timescale|mysql|mariadb|mssql|sqlserver|cockroach|yugabyte|supabase/i;

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

export default defineRule({
  id: "ci/test-job-without-database",
  area: "ci",
  severity: "medium",
  title: "CI test job without the database its tests need",
  effortMinutes: 20,
  confidence: "heuristic",
  notes: [
    "Elixir: config/test.exs (or a test-env block) configures an Ecto Repo and mix.exs declares a server adapter (postgrex, myxql, tds) and no SQLite adapter; a job running `mix test` (or coveralls) has no service container, no database image as its container, no DATABASE_URL/PGHOST in its env, no self-hosted runner, and no step that could start one (docker, compose, system services, package installs, nix/devenv shells, database setup actions, make/just/task and scripts, which are not followed).",
  ],
  docs: {
    rationale:
      "Ecto's test setup (the `test` alias's `ecto.create`/`ecto.migrate`, the SQL sandbox) connects to the database server at start. A CI job without a service container or a step starting the server fails before any test runs, or the tests are silently excluded to keep it green.",
    impact:
      "The test gate is red for reasons unrelated to the change, or does not exercise the data layer at all.",
    fix: "Add a `services: postgres:` container (with a health check) to the job, or run the tests through `docker compose`.",
    example: {
      language: "yaml",
      bad: "test:\n  runs-on: ubuntu-latest\n  steps:\n    - run: mix test",
      good: "test:\n  runs-on: ubuntu-latest\n  services:\n    postgres:\n      image: postgres:16\n      env: { POSTGRES_PASSWORD: postgres }\n      ports: ['5432:5432']\n  steps:\n    - run: mix test",
    },
  },
  applies: (facts) =>
    (facts.ci?.workflows.length ?? 0) > 0 && (facts.elixir?.projects.length ?? 0) > 0
      ? true
      : { status: "not-applicable", reason: "no CI workflows running an Elixir project" },
  check({ facts, report }) {
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
