// generic/migrations-not-applied-in-ci: the repository has migrations and CI runs tests beside a database, but
// nothing in CI or the test setup applies the migrations, so a broken migration reaches production untested.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "generic/migrations-not-applied-in-ci",
  area: "database",
  severity: "low",
  title: "Migrations never applied in CI",
  effortMinutes: 30,
  confidence: "heuristic",
  docs: {
    rationale:
      "Migrations are code that runs once against production data. When CI tests against a database but builds its schema some other way (or not at all), a migration that fails, or leaves a schema different from the models, is first run on a deploy.",
    impact:
      "A broken or drifting migration is found by the release that applies it, with the database half-migrated, instead of by the pull request that added it.",
    fix: "Apply the migrations in the CI test job before the tests (`prisma migrate deploy`, `drizzle-kit migrate`, `typeorm migration:run`, `mix ecto.migrate` in the `test` alias, `manage.py migrate`, `alembic upgrade head`), instead of pushing the schema from the models.",
    example: {
      language: "yaml",
      bad: "services:\n  postgres:\n    image: postgres:16\nsteps:\n  - run: npx prisma db push\n  - run: npm test",
      good: "services:\n  postgres:\n    image: postgres:16\nsteps:\n  - run: npx prisma migrate deploy\n  - run: npm test",
    },
  },
  notes: [
    "Migrations: Prisma `migrations/<timestamp>_<name>/migration.sql`, the folders drizzle-kit, TypeORM and Kysely configurations name (when they hold files), Ecto `priv/repo/migrations`, Django `<app>/migrations/0001_*.py`, Alembic revisions.",
    "Tests against a database: a GitHub Actions or GitLab CI job that starts a PostgreSQL, MySQL or MariaDB service and runs a test command.",
    "Applied: a CI step running a migrate command directly, through a package.json script or a shell script, or starting a docker compose service whose command does (`docker compose run --rm migrate`, `docker compose up` with such a service); `mix test` when the mix `test` alias runs `ecto.migrate`/`ecto.setup`; `pytest` with pytest-django and `manage.py test` (they create the test database from the migrations); a test script that migrates; or test setup code (conftest, test_helper.exs, global setup, test config) calling a migrator.",
    "Medium when the schema those tests use comes from the models instead (`prisma db push`, `drizzle-kit push`, `typeorm schema:sync`, `synchronize: true`, `metadata.create_all` in CI or test setup): the migrations are then bypassed on purpose and can diverge unseen. Low otherwise.",
  ],
  applies(facts) {
    if (!facts.migrationsCi) return { status: "unknown", reason: "migration facts were not collected" };
    if (facts.migrationsCi.folders.length === 0) return { status: "not-applicable", reason: "no migrations" };
    return facts.migrationsCi.testJobs.length > 0
      ? true
      : { status: "not-applicable", reason: "no CI job runs tests beside a database service" };
  },
  check({ facts, report }) {
    const m = facts.migrationsCi;
    if (m.applied.length > 0 || m.testJobs.length === 0) return;
    const job = m.testJobs[0]!;
    const folders = m.folders.map((f) => `${f.folder} (${f.ecosystem}, ${f.files} files)`).join(", ");
    const jobs = m.testJobs.map((j) => `${j.path}#${j.job}`).join(", ");
    const bypass = m.bypass[0];
    report({
      path: bypass?.path ?? job.path,
      line: bypass?.line ?? job.line,
      message: `CI runs tests against ${[...new Set(m.testJobs.flatMap((j) => j.services))].join(", ")} (${jobs}) but no step or test setup applies the migrations of ${folders}${
        bypass
          ? `; the schema comes from \`${bypass.via}\` (${bypass.path}:${bypass.line}), which builds it from the models and bypasses the migrations`
          : ""
      }`,
      key: `migrations-not-applied:${m.folders.map((f) => f.folder).join(",")}`,
      severity: bypass ? "medium" : "low",
      searched:
        "CI run steps (directly, through package.json scripts and shell scripts), mix test aliases, pytest-django, test scripts, and test setup files (conftest.py, test_helper.exs, global setup, vitest/jest config) for migrate commands and migrator calls",
    });
  },
});
