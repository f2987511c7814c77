// Facts pack `migrations-ci`: the migration folders of a repository in every ecosystem the audit reads (Prisma,
// Drizzle, TypeORM, Kysely, Ecto, Django, Alembic), the CI jobs that run tests beside a database service, and what
// applies the migrations before those tests — a CI command (`prisma migrate deploy`, `mix ecto.migrate`,
// `manage.py migrate`, `alembic upgrade`, a package.json script or shell script running one), a mix `test` alias,
// a test runner that migrates by itself (pytest-django, `manage.py test`) or test setup code — and what builds the
// schema while bypassing them (`prisma db push`, `drizzle-kit push`, `synchronize: true`, `metadata.create_all`).
import { posix } from "node:path";
import { definePack, defineCollector } from "../define.js";
import type { RepoFacts } from "../repo-facts.js";

export type MigrationEcosystem = "prisma" | "drizzle" | "typeorm" | "kysely" | "ecto" | "django" | "alembic";

export interface MigrationFolder {
  ecosystem: MigrationEcosystem;
  folder: string;
  files: number;
}

export interface DatabaseTestJob {
  path: string;
  job: string;
  line: number;
  /** The database images the job starts (`postgres:16`, `mysql:8`). */
  services: string[];
  /** The test commands the job runs, as written. */
  tests: string[];
}

export interface SchemaStep {
  path: string;
  line: number;
  /** The command, call or setting as written (first 80 characters). */
  via: string;
  /** The CI job it runs in, or null for test setup code and configuration. */
  job: string | null;
}

export interface MigrationsCiFacts {
  folders: MigrationFolder[];
  testJobs: DatabaseTestJob[];
  /** What applies migrations before or as tests run. */
  applied: SchemaStep[];
  /** What creates the schema without the migrations (in CI or test setup). */
  bypass: SchemaStep[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    migrationsCi: MigrationsCiFacts;
  }
}

/** Commands that apply migrations. */
const APPLY =
  /\bprisma\s+migrate\s+(?:deploy|dev|reset)\b|\bdrizzle-kit\s+migrate\b|\btypeorm(?:-ts-node-\w+)?\b[^\n]*\bmigration:run\b|\bkysely(?:-ctl)?\s+migrate\b|\bmix\s+(?:do\s+)?ecto\.(?:migrate|setup|reset)\b|\becto\.(?:migrate|setup|reset)\b|\bmanage\.py\s+(?:migrate|test)\b|\bdjango-admin\s+(?:migrate|test)\b|\balembic\s+(?:-\S+\s+\S+\s+)*upgrade\b|\bknex\s+migrate:latest\b|\bsequelize(?:-cli)?\s+db:migrate\b|\bnode-pg-migrate\s+up\b/;
/** Commands that create the schema from the models, bypassing the migrations. */
const BYPASS =
  /\bprisma\s+db\s+push\b|\bdrizzle-kit\s+push\b|\btypeorm(?:-ts-node-\w+)?\b[^\n]*\bschema:sync\b/;
/** Test setup code that applies migrations. */
const APPLY_IN_CODE =
  /\bmigrate\s*\([^)]*migrationsFolder|\brunMigrations\s*\(|\bmigrateToLatest\s*\(|\bmigrationsRun\s*:\s*true|\bprisma\s+migrate\s+(?:deploy|reset|dev)\b|\bcommand\.upgrade\s*\(|\bEcto\.Migrator\.run\b|call_command\(\s*["']migrate["']/;
/** Test setup code that creates the schema from the models. */
const BYPASS_IN_CODE =
  /\bsynchronize\s*:\s*true\b|\bprisma\s+db\s+push\b|\bdrizzle-kit\s+push\b|\bmetadata\.create_all\s*\(|\bSQLModel\.metadata\.create_all\b|\bpushSchema\s*\(/;
/** `docker compose [-f file] up|run ...`: starting compose services from a CI step (options, verb, the rest). */
const COMPOSE_START =
  /\b(?:docker[\s-]compose|podman-compose)\b((?:\s+(?:-f|--file|-p|--project-name|--profile|--env-file)[=\s]+\S+)*)\s+(up|run)\b(.*)$/;
const DATABASE_IMAGE = /(^|\/)(postgres|postgis|timescaledb|mysql|mariadb|cockroach|pgvector)/i;
const SCRIPT_RUN =
  /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+|-w\s+\S+\s+|--filter[= ]\S+\s+(?:run\s+)?)?([\w:.-]+)|\bturbo\s+(?:run\s+)?([\w:.-]+)/g;
/** Files whose code runs before or around tests. */
const TEST_SETUP =
  /(^|\/)(conftest\.py|test_helper\.exs|[\w.-]*(?:global-?setup|setup-?tests?|test-?setup|setup)[\w.-]*\.[cm]?[jt]s|(?:vitest|jest)\.config\.[cm]?[jt]s)$/i;

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").trim().slice(0, 80);
}

export const migrationsCiCollector = defineCollector({
  id: "migrationsCi",
  dependsOn: ["ci", "node", "elixir", "python", "tsOrm", "docker"],
  collect(ctx) {
    const facts: MigrationsCiFacts = { folders: [], testJobs: [], applied: [], bypass: [] };
    const partial: Readonly<Partial<RepoFacts>> = ctx.facts;
    const paths = ctx.index.files.map((file) => file.path).filter((p) => !/(^|\/)node_modules\//.test(p));
    const count = (ecosystem: MigrationEcosystem, folders: string[]): void => {
      const byFolder = new Map<string, number>();
      for (const folder of folders) byFolder.set(folder, (byFolder.get(folder) ?? 0) + 1);
      for (const [folder, files] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        facts.folders.push({ ecosystem, folder, files });
    };
    count(
      "prisma",
      paths
        .filter((p) => /(^|\/)migrations\/\d{8,}[\w-]*\/migration\.sql$/.test(p))
        .map((p) => posix.dirname(posix.dirname(p))),
    );
    for (const setting of partial.tsOrm?.migrations ?? [])
      if (setting.files > 0 && !facts.folders.some((f) => f.folder === setting.folder))
        facts.folders.push({ ecosystem: setting.orm, folder: setting.folder, files: setting.files });
    count(
      "ecto",
      (partial.elixir?.migrations ?? []).filter((m) => !m.isTest).map((m) => posix.dirname(m.path)),
    );
    count(
      "django",
      paths
        .filter(
          (p) => /(^|\/)migrations\/\d{4}_\w+\.py$/.test(p) && !/(^|\/)(site-packages|tests?)\//.test(p),
        )
        .map((p) => posix.dirname(p)),
    );
    count(
      "alembic",
      (partial.python?.migrations ?? []).map((m) => posix.dirname(m.path)),
    );
    if (facts.folders.length === 0) return facts;

    const scripts = (partial.node?.packages ?? []).flatMap((pkg) => pkg.scripts);
    const scriptsMatching = (re: RegExp): Set<string> =>
      new Set(scripts.filter((s) => re.test(s.command)).map((s) => s.name));
    const applyScripts = scriptsMatching(APPLY);
    const bypassScripts = scriptsMatching(BYPASS);
    const testScriptsApply = scripts.some((s) => /^test/.test(s.name) && APPLY.test(s.command));
    // Shell scripts that apply migrations, by file name: a CI step running one applies them.
    const shellApply = paths.filter(
      (p) => /\.sh$/.test(p) && APPLY.test((ctx.index.read(p) ?? "").replace(/^\s*#.*$/gm, "")),
    );
    // A mix `test` alias that migrates (`test: ["ecto.create --quiet", "ecto.migrate", "test"]`).
    const mixTestMigrates = (partial.elixir?.projects ?? []).some((project) =>
      project.aliases.some(
        (alias) =>
          alias.name === "test" && alias.commands.some((c) => /ecto\.(migrate|setup|reset|load)/.test(c)),
      ),
    );
    const pytestDjango = /pytest-django|pytest_django/.test(
      paths
        .filter((p) =>
          /(^|\/)(requirements[\w.-]*\.txt|pyproject\.toml|setup\.cfg|Pipfile|setup\.py)$/.test(p),
        )
        .map((p) => ctx.index.read(p) ?? "")
        .join("\n"),
    );

    const scriptIn = (run: string, names: ReadonlySet<string>): string | null =>
      [...run.matchAll(SCRIPT_RUN)].find((m) => names.has(m[1] ?? m[2] ?? ""))?.[0] ?? null;
    // Compose services whose command applies the migrations (`command: npx prisma migrate deploy`, a `migrate`
    // service running a script that does): a CI step starting one through docker compose applies them.
    const migratingServices = (partial.docker?.compose ?? []).flatMap((file) =>
      file.services
        .filter((service) => {
          const command = service.command?.value ?? "";
          return (
            command !== "" &&
            (APPLY.test(command) ||
              scriptIn(command, applyScripts) !== null ||
              shellApply.some((p) => command.includes(posix.basename(p))))
          );
        })
        .map((service) => ({ file: file.path, service: service.name })),
    );
    const composeApplied = (run: string): string | null => {
      if (migratingServices.length === 0) return null;
      for (const line of run.split("\n")) {
        const compose = COMPOSE_START.exec(line);
        if (!compose) continue;
        const [, options = "", verb = "", rest = ""] = compose;
        const files = [...options.matchAll(/(?:-f|--file)[=\s]+(\S+)/g)].map((m) =>
          posix.basename(m[1] ?? ""),
        );
        const named = rest
          .replace(
            /(?:^|\s)(?:-e|--env|-u|--user|-w|--workdir|--name|-v|--volume|--entrypoint|-p|--publish|-l|--label)(?:=\S+|\s+\S+)/g,
            " ",
          )
          .split(/\s+/)
          .filter((word) => word !== "" && !word.startsWith("-"));
        const found = migratingServices.find(
          (m) =>
            (files.length === 0 || files.includes(posix.basename(m.file))) &&
            // `up` without service names starts them all; `run` takes one service, then its command.
            (verb === "up" ? named.length === 0 || named.includes(m.service) : named[0] === m.service),
        );
        if (found) return `${firstLine(line)} (compose service ${found.service} migrates, ${found.file})`;
      }
      return null;
    };
    for (const workflow of partial.ci?.workflows ?? [])
      for (const job of workflow.jobs) {
        if (job.neverRuns) continue;
        const services = (job.serviceImages ?? []).filter((image) => DATABASE_IMAGE.test(image));
        const tests = job.steps.flatMap((step) =>
          step.gates.filter((g) => g.kind === "test").map((g) => g.command),
        );
        if (services.length > 0 && tests.length > 0)
          facts.testJobs.push({ path: workflow.path, job: job.id, line: job.line, services, tests });
        for (const step of job.steps) {
          const run = step.run ?? "";
          if (!run) continue;
          const at = { path: workflow.path, line: step.line, job: job.id };
          const applied =
            APPLY.exec(run)?.[0] ??
            scriptIn(run, applyScripts) ??
            shellApply.map((p) => posix.basename(p)).find((name) => run.includes(name)) ??
            composeApplied(run) ??
            (mixTestMigrates && /\bmix\s+test\b/.test(run)
              ? "mix test (its alias runs ecto.migrate)"
              : null) ??
            (pytestDjango && /\bpytest\b/.test(run) && !/--no-?migrations/.test(run)
              ? "pytest (pytest-django creates the test database from the migrations)"
              : null) ??
            (testScriptsApply && /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test\b/.test(run)
              ? `${firstLine(run)} (the test script migrates)`
              : null);
          if (applied) facts.applied.push({ ...at, via: firstLine(applied) });
          const bypass = BYPASS.exec(run)?.[0] ?? scriptIn(run, bypassScripts);
          if (bypass) facts.bypass.push({ ...at, via: firstLine(bypass) });
        }
      }
    if (facts.testJobs.length === 0) return facts;
    // Test setup code (conftest, test_helper, global setup, test config) that migrates or builds the schema itself.
    for (const file of ctx.index.files) {
      if (!TEST_SETUP.test(file.path) || /(^|\/)node_modules\//.test(file.path)) continue;
      const lines = (ctx.index.read(file.path) ?? "").split("\n");
      lines.forEach((text, index) => {
        if (/^\s*(#|\/\/|\*)/.test(text)) return;
        const at = { path: file.path, line: index + 1, job: null, via: text.trim().slice(0, 80) };
        if (APPLY_IN_CODE.test(text)) facts.applied.push(at);
        else if (BYPASS_IN_CODE.test(text)) facts.bypass.push(at);
      });
    }
    return facts;
  },
});

export default definePack({
  name: "migrations-ci",
  analyzers: [],
  collectors: [migrationsCiCollector],
  describe: (facts) => {
    const m = facts.migrationsCi;
    if (!m || m.folders.length === 0 || m.testJobs.length === 0) return [];
    const first = m.applied[0];
    return [
      {
        area: "database",
        label: "Migrations before CI tests",
        value: first
          ? `applied: ${first.via}`
          : `not applied by any CI step or test setup (${m.testJobs.map((j) => j.job).join(", ")} test against ${[...new Set(m.testJobs.flatMap((j) => j.services))].join(", ")})`,
        location: first ? { path: first.path, startLine: first.line, endLine: first.line } : null,
      },
    ];
  },
});
