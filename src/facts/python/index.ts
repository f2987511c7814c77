// Facts pack: Python projects: dependencies (pyproject/requirements/setup.cfg/Pipfile and lockfiles), web
// frameworks, SQLAlchemy engines and session factories, Alembic migrations, Pydantic settings, environment reads
// and ruff/mypy/pytest/coverage configuration.
import type { AreaFactEntry } from "../repo-facts.js";
import type { EcosystemDependencies } from "../dependencies/types.js";
import { defineCollector, definePack } from "../define.js";
import { isPythonLockfile, isPythonManifest, readDependencies } from "./manifests.js";
import type { PythonApp, PythonEngine, PythonMigration, PythonRoute } from "./python-file.js";
import { pythonFileAnalyzer } from "./python-file.js";
import { settingsOverrides, type SettingsOverride } from "./settings-modules.js";
import { djangoViewsOf } from "./django-guards.js";
import { RouteGuards, type RouteAuth } from "./route-guards.js";
import { isToolConfigFile, readToolConfigs, type ToolConfig } from "./tools.js";

type Located<T> = T & { path: string };

/** A route handler as the repository sees it: its router resolved across modules and what guards it. */
export type PythonRouteFact = Omit<PythonRoute, "auth"> & {
  /** The router object it is registered on, as `<module>.<name>` of its definition when found. */
  router: string;
  auth: RouteAuth;
};

export interface PythonFacts {
  dependencies: EcosystemDependencies;
  /** Python source files (tests included) and how many are tests. */
  files: number;
  testFiles: number;
  frameworks: Array<Located<PythonApp>>;
  /** FastAPI/Flask route handlers (tests excluded). */
  routes: Array<Located<PythonRouteFact>>;
  /**
   * Django/DRF views named by a URL pattern or router registration (tests excluded), in the same shape: method
   * VIEW, the pattern as urlPath, the view's module as router.
   */
  djangoViews: Array<Located<PythonRouteFact>>;
  engines: Array<Located<PythonEngine> & { isTest: boolean }>;
  sessionFactories: Array<{ call: string; path: string; line: number }>;
  migrations: Array<Located<PythonMigration>>;
  settingsClasses: Array<{
    name: string;
    base: string;
    path: string;
    line: number;
    endLine: number;
    fields: number;
  }>;
  envReads: Array<{ name: string | null; path: string; line: number; via: string; isTest: boolean }>;
  /** Production (non-test) imports of each top-level module: the first import site per file. */
  imports: Record<string, Array<{ path: string; line: number }>>;
  tools: ToolConfig[];
  /** Base settings values (SECRET_KEY, DEBUG) that every deployment replaces (settings-modules.ts). */
  settingsOverrides: SettingsOverride[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    python: PythonFacts;
  }
}

export const pythonCollector = defineCollector({
  id: "python",
  collect(ctx) {
    const paths = ctx.index
      .paths((path) => isPythonManifest(path) || isPythonLockfile(path) || isToolConfigFile(path))
      .sort();
    const read = (path: string): string | null => ctx.index.read(path);
    const dependencies = readDependencies(
      paths.filter((p) => isPythonManifest(p) || isPythonLockfile(p)),
      read,
      (d) => ctx.diagnose(d),
    );
    const tools = readToolConfigs(paths.filter(isToolConfigFile), read, () => undefined);
    const facts: PythonFacts = {
      dependencies,
      files: 0,
      testFiles: 0,
      frameworks: [],
      routes: [],
      djangoViews: [],
      engines: [],
      sessionFactories: [],
      migrations: [],
      settingsClasses: [],
      envReads: [],
      imports: {},
      tools,
      settingsOverrides: [],
    };
    for (const file of ctx.facts.files) {
      if (file.language !== "python") continue;
      facts.files++;
      if (file.isTest) facts.testFiles++;
    }
    const analysed = ctx.fileFacts(pythonFileAnalyzer);
    const authFiles = analysed.flatMap(({ file, value }) =>
      value.auth && !file.isTest ? [{ path: file.path, auth: value.auth }] : [],
    );
    const guards = new RouteGuards(authFiles);
    facts.djangoViews = djangoViewsOf(guards, authFiles);
    for (const { file, value } of analysed) {
      const path = file.path;
      for (const app of value.apps) facts.frameworks.push({ ...app, path });
      if (!file.isTest)
        for (const { auth, ...route } of value.routes)
          facts.routes.push({
            ...route,
            path,
            router: guards.routerId(auth.router),
            auth: guards.routeAuth(auth),
          });
      for (const engine of value.engines) facts.engines.push({ ...engine, path, isTest: file.isTest });
      for (const factory of value.sessionFactories) facts.sessionFactories.push({ ...factory, path });
      if (value.migration) facts.migrations.push({ ...value.migration, path });
      for (const cls of value.settingsClasses) facts.settingsClasses.push({ ...cls, path });
      for (const read of value.envReads) facts.envReads.push({ ...read, path, isTest: file.isTest });
      if (file.isTest) continue;
      for (const [module, line] of Object.entries(value.imports))
        (facts.imports[module] ??= []).push({ path, line });
    }
    if (facts.files > 0)
      facts.settingsOverrides = settingsOverrides(
        ctx.index.paths(() => true),
        read,
      );
    return facts;
  },
});

/** Whether a distribution is declared in any Python manifest (PEP 503 names). */
export function declaresPython(facts: PythonFacts | undefined, name: string): boolean {
  return facts?.dependencies.declared.some((d) => d.name === name) ?? false;
}

export default definePack({
  name: "python",
  analyzers: [pythonFileAnalyzer],
  collectors: [pythonCollector],
  describe(facts) {
    const py = facts.python;
    if (!py || (py.files === 0 && py.dependencies.manifests.length === 0)) return [];
    const entries: AreaFactEntry[] = [];
    const deps = py.dependencies;
    const runtime = deps.declared.filter((d) => !d.dev);
    for (const manifest of deps.manifests) {
      const declared = deps.declared.filter((d) => d.manifest === manifest);
      entries.push({
        area: "dependencies",
        label: `Python manifest ${manifest}`,
        value: `${declared.filter((d) => !d.dev).length} runtime, ${declared.filter((d) => d.dev).length} dev dependencies`,
        location: loc(manifest, 1),
      });
    }
    for (const lockfile of deps.lockfiles) {
      entries.push({
        area: "dependencies",
        label: `Python lockfile ${lockfile}`,
        value: `${deps.locked.filter((l) => l.lockfile === lockfile).length} packages pinned`,
        location: loc(lockfile, 1),
      });
    }
    if (deps.manifests.length > 0 && deps.lockfiles.length === 0)
      entries.push({
        area: "dependencies",
        label: "Python lockfile",
        value: "none (no poetry.lock, uv.lock, Pipfile.lock or == pins)",
      });
    const notable = runtime.filter((d) => NOTABLE_PACKAGES.has(d.name));
    for (const dep of notable)
      entries.push({
        area: "dependencies",
        label: `PyPI ${dep.name}`,
        value: dep.requirement ?? "any version",
        location: loc(dep.manifest, dep.line),
      });
    for (const app of py.frameworks)
      entries.push({
        area: "web",
        label: `${FRAMEWORK_NAMES[app.framework]} app`,
        value: app.name ?? (app.framework === "django" ? "settings module" : "application"),
        location: loc(app.path, app.line),
      });
    const handlers = [...py.routes, ...py.djangoViews];
    if (handlers.length > 0) {
      const count = (status: string): number => handlers.filter((r) => r.auth.status === status).length;
      entries.push({
        area: "security",
        label: "Python route authentication",
        value: `${count("guarded")} of ${handlers.length} route handlers and views require authentication (dependency, decorator, mixin, permission class, router or hook); ${count("optional")} handle it optionally or inline; ${count("public")} are explicitly public`,
      });
    }
    const routeFiles = new Map<string, Array<Located<PythonRouteFact>>>();
    for (const route of py.routes) routeFiles.set(route.path, [...(routeFiles.get(route.path) ?? []), route]);
    for (const [path, routes] of routeFiles) {
      const methods = routes.map((r) => `${r.method} ${r.urlPath ?? "?"}`);
      entries.push({
        area: "web",
        label: `Route handlers in ${path}`,
        value: `${routes.length}: ${methods.slice(0, 8).join(", ")}${methods.length > 8 ? ", …" : ""}`,
        location: loc(path, routes[0]?.line ?? 1),
      });
    }
    for (const engine of py.engines.filter((e) => !e.isTest)) {
      const pool = engine.keywords.filter((k) => /^pool|max_overflow/.test(k));
      entries.push({
        area: "database",
        label: `SQLAlchemy ${engine.call}`,
        value: pool.length > 0 ? `pool settings: ${pool.join(", ")}` : "default pool settings",
        location: loc(engine.path, engine.line),
      });
    }
    for (const factory of py.sessionFactories)
      entries.push({
        area: "database",
        label: `SQLAlchemy ${factory.call}`,
        value: "session factory",
        location: loc(factory.path, factory.line),
      });
    if (py.migrations.length > 0) {
      const empty = py.migrations.filter((m) => m.downgradeEmpty).length;
      entries.push({
        area: "database",
        label: "Alembic migrations",
        value: `${py.migrations.length} revisions; ${empty} with an empty downgrade`,
        location: loc(py.migrations[0]?.path ?? "", 1),
      });
    }
    for (const cls of py.settingsClasses)
      entries.push({
        area: "config",
        label: `Pydantic settings ${cls.name}`,
        value: `${cls.fields} fields (${cls.base})`,
        location: loc(cls.path, cls.line),
      });
    const envNames = new Set(py.envReads.filter((r) => !r.isTest && r.name).map((r) => r.name));
    if (py.envReads.length > 0)
      entries.push({
        area: "config",
        label: "Environment reads (os.getenv/os.environ)",
        value: `${py.envReads.filter((r) => !r.isTest).length} outside tests, ${envNames.size} distinct names`,
      });
    for (const tool of py.tools) {
      const settings = Object.entries(tool.settings)
        .map(([k, v]) => `${k}=${v}`)
        .join("; ");
      entries.push({
        area: tool.tool === "pytest" || tool.tool === "coverage" ? "tests" : "lint",
        label: `${tool.tool} configuration`,
        value: settings || "configured (defaults)",
        location: loc(tool.path, tool.line),
      });
    }
    for (const missing of (["ruff", "mypy"] as const).filter((t) => !py.tools.some((c) => c.tool === t))) {
      if (py.files > 0)
        entries.push({
          area: "lint",
          label: `${missing} configuration`,
          value: "none found (pyproject.toml, setup.cfg, tox.ini, ruff.toml, mypy.ini)",
        });
    }
    entries.push({
      area: "tests",
      label: "Python test files",
      value: `${py.testFiles} of ${py.files} Python files`,
    });
    return entries;
  },
});

function loc(path: string, line: number): { path: string; startLine: number; endLine: number } {
  return { path, startLine: line, endLine: line };
}

const FRAMEWORK_NAMES = { fastapi: "FastAPI", flask: "Flask", django: "Django" } as const;
const NOTABLE_PACKAGES = new Set([
  "fastapi",
  "flask",
  "django",
  "sqlalchemy",
  "alembic",
  "pydantic",
  "pydantic-settings",
  "celery",
  "uvicorn",
  "gunicorn",
  "httpx",
  "requests",
  "aiohttp",
  "psycopg2",
  "psycopg2-binary",
  "psycopg",
  "asyncpg",
  "redis",
]);
