// Facts pack: Elixir / Phoenix / Ecto — mix.exs and mix.lock (as shared dependency facts), config/*.exs entries and
// environment reads, .credo.exs, .formatter.exs, modules by role and size, Ecto migrations and schemas, Phoenix
// routers (pipelines, scopes, live sessions, routes) with the authentication guarding each route (router.ts, plugs.ts,
// auth.ts via the elixir-web analyzer in web.ts).
import { posix } from "node:path";
import { defineCollector, definePack } from "../define.js";
import type { EcosystemDependencies } from "../dependencies/types.js";
import type { AreaFactEntry } from "../repo-facts.js";

const at = (path: string, line: number) => ({ path, startLine: line, endLine: line });
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
import {
  elixirCodeAnalyzer,
  type ElixirModule,
  type EndpointSocket,
  type PostgrexCall,
  type SocketModule,
  type MigrationFacts,
  type QueryFacts,
  type SchemaFacts,
  type SupervisionFacts,
  type TestModuleFacts,
} from "./code.js";
import {
  parseConfigFile,
  parseCredo,
  parseFormatter,
  type ConfigEntry,
  type CredoFacts,
  type EnvVarRead,
  type FormatterFacts,
} from "./config.js";
import { collectProdOverrides, type ProdOverride } from "./config-overrides.js";
import { replayMigrations, type MigrationSchema } from "./migrations.js";
import { parseMixExs, parseMixLock, type MixProject } from "./mix.js";
import type { PlugModuleFacts } from "./plugs.js";
import type { RouterFacts } from "./router.js";
import { AuthResolver, resolveRouterAuth, type AuthPipelineFacts, type AuthRouterFacts } from "./auth.js";
import { elixirWebAnalyzer } from "./web.js";
import { elixirCallsAnalyzer } from "./calls.js";
import { elixirCallGraphCollector } from "./call-graph.js";
import { parseSobelowConf, type SobelowConf } from "./sobelow.js";

export interface ElixirFacts {
  projects: MixProject[];
  dependencies: EcosystemDependencies;
  /** config/*.exs files found (per-environment files included). */
  configFiles: string[];
  config: ConfigEntry[];
  /** Config keys that config/runtime.exs or the prod config set in production whatever else holds. */
  prodOverrides: ProdOverride[];
  envReads: EnvVarRead[];
  credo: CredoFacts | null;
  formatter: FormatterFacts | null;
  /** `.sobelow-conf` and `.dialyzer_ignore.exs` when present. */
  sobelowConf: string | null;
  /** What `.sobelow-conf` (the first found) leaves out. */
  sobelowSettings: SobelowConf | null;
  dialyzerIgnore: string | null;
  modules: Array<ElixirModule & { path: string; isTest: boolean }>;
  /** Direct Postgrex driver calls (queries, connections started by the application). */
  postgrexCalls: Array<PostgrexCall & { path: string; isTest: boolean }>;
  /** Sockets Phoenix endpoints mount, and the socket modules with how their `connect` authenticates. */
  sockets: Array<EndpointSocket & { path: string }>;
  socketModules: Array<SocketModule & { path: string }>;
  migrations: Array<MigrationFacts & { path: string; isTest: boolean }>;
  /** The schema each migrations folder leaves behind, its migrations replayed in version order. */
  migrationSchemas: MigrationSchema[];
  schemas: Array<SchemaFacts & { path: string }>;
  /** Keyword-form Ecto queries with the fields they filter and sort on. */
  queries: Array<QueryFacts & { path: string; isTest: boolean }>;
  supervisors: Array<SupervisionFacts & { path: string; isTest: boolean }>;
  testModules: Array<TestModuleFacts & { path: string }>;
  /** Router pipelines (also under `routers`), with the plug that enforces authentication if any. */
  pipelines: Array<AuthPipelineFacts & { path: string }>;
  /** Phoenix routers: scopes, live sessions and routes, each route with the auth the router and its module apply. */
  routers: AuthRouterFacts[];
  /** Modules that apply or define plugs and on_mount hooks (controllers, LiveViews, plugs, auth modules). */
  plugModules: Array<PlugModuleFacts & { path: string }>;
  mocks: Array<{ name: string; line: number; path: string }>;
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    elixir: ElixirFacts;
  }
}

const SKIP = /(^|\/)(deps|_build|node_modules)\//;

export const elixirCollector = defineCollector({
  id: "elixir",
  collect(ctx) {
    const facts: ElixirFacts = {
      projects: [],
      dependencies: { manifests: [], lockfiles: [], declared: [], locked: [] },
      configFiles: [],
      config: [],
      prodOverrides: [],
      envReads: [],
      credo: null,
      formatter: null,
      sobelowConf: null,
      sobelowSettings: null,
      dialyzerIgnore: null,
      modules: [],
      postgrexCalls: [],
      sockets: [],
      socketModules: [],
      migrations: [],
      migrationSchemas: [],
      schemas: [],
      queries: [],
      supervisors: [],
      testModules: [],
      pipelines: [],
      routers: [],
      plugModules: [],
      mocks: [],
    };
    const paths = ctx.index.files.map((file) => file.path).filter((path) => !SKIP.test(path));
    const read = (path: string): string | null => {
      const text = ctx.index.read(path);
      if (text === null) ctx.diagnose({ kind: "invalid-config", path, message: "unreadable file" });
      return text;
    };
    for (const path of paths) {
      const base = posix.basename(path);
      const dir = posix.dirname(path);
      if (base === "mix.exs") {
        const text = read(path);
        const parsed = text === null ? null : parseMixExs(path, text);
        if (!parsed) continue;
        facts.projects.push(parsed.project);
        facts.dependencies.manifests.push(path);
        facts.dependencies.declared.push(...parsed.deps);
      } else if (base === "mix.lock") {
        const text = read(path);
        if (text === null) continue;
        facts.dependencies.lockfiles.push(path);
        facts.dependencies.locked.push(...parseMixLock(path, text));
      } else if (/(^|\/)config\/[^/]+\.exs$/.test(path) && !ctx.index.file(path)?.isTest) {
        const text = read(path);
        if (text === null) continue;
        facts.configFiles.push(path);
        const parsed = parseConfigFile(path, text);
        facts.config.push(...parsed.entries);
        facts.envReads.push(...parsed.envReads);
      } else if (base === ".credo.exs" && (facts.credo === null || dir === ".")) {
        const text = read(path);
        if (text !== null) facts.credo = parseCredo(path, text);
      } else if (base === ".formatter.exs" && (facts.formatter === null || dir === ".")) {
        const text = read(path);
        if (text !== null) facts.formatter = parseFormatter(path, text);
      } else if (base === ".sobelow-conf" && facts.sobelowConf === null) {
        facts.sobelowConf = path;
        const text = read(path);
        if (text !== null) facts.sobelowSettings = parseSobelowConf(path, text);
      } else if (base === ".dialyzer_ignore.exs") facts.dialyzerIgnore ??= path;
    }
    facts.prodOverrides = collectProdOverrides(facts.config);
    const directNames = new Set(facts.dependencies.declared.map((dep) => dep.name));
    const devNames = new Set(facts.dependencies.declared.filter((dep) => dep.dev).map((dep) => dep.name));
    for (const locked of facts.dependencies.locked) {
      locked.direct = facts.dependencies.declared.length > 0 ? directNames.has(locked.name) : null;
      locked.dev = locked.direct ? devNames.has(locked.name) : null;
    }
    for (const { file, value } of ctx.fileFacts(elixirCodeAnalyzer)) {
      if (SKIP.test(file.path)) continue;
      for (const mod of value.modules) facts.modules.push({ ...mod, path: file.path, isTest: file.isTest });
      for (const call of value.postgrexCalls)
        facts.postgrexCalls.push({ ...call, path: file.path, isTest: file.isTest });
      if (!file.isTest) {
        for (const socket of value.sockets) facts.sockets.push({ ...socket, path: file.path });
        for (const socket of value.socketModules) facts.socketModules.push({ ...socket, path: file.path });
      }
      for (const migration of value.migrations)
        facts.migrations.push({ ...migration, path: file.path, isTest: file.isTest });
      for (const schema of value.schemas) facts.schemas.push({ ...schema, path: file.path });
      for (const query of value.queries)
        facts.queries.push({ ...query, path: file.path, isTest: file.isTest });
      for (const supervisor of value.supervisors)
        facts.supervisors.push({ ...supervisor, path: file.path, isTest: file.isTest });
      for (const testModule of value.testModules) facts.testModules.push({ ...testModule, path: file.path });
      for (const mock of value.mocks) facts.mocks.push({ ...mock, path: file.path });
    }
    facts.migrationSchemas = replayMigrations(facts.migrations);
    const routers: Array<RouterFacts & { path: string }> = [];
    for (const { file, value } of ctx.fileFacts(elixirWebAnalyzer)) {
      if (SKIP.test(file.path)) continue;
      for (const router of value.routers) routers.push({ ...router, path: file.path });
      for (const mod of value.plugModules) facts.plugModules.push({ ...mod, path: file.path });
    }
    const resolver = new AuthResolver(facts.plugModules);
    facts.routers = routers.map((router) => resolveRouterAuth(router, resolver));
    facts.pipelines = facts.routers.flatMap((router) =>
      router.pipelines.map((pipeline) => ({ ...pipeline, path: router.path })),
    );
    return facts;
  },
});

/**
 * The schema a query or reference names as written (`User`, `Shop.Accounts.User`): the one schema module with that
 * name or ending in it, or undefined when none or several match.
 */
export function findSchema<T extends { module: string }>(
  schemas: readonly T[],
  written: string,
): T | undefined {
  const matches = schemas.filter(
    (schema) => schema.module === written || schema.module.endsWith(`.${written}`),
  );
  return matches.length === 1 ? matches[0] : undefined;
}

export default definePack({
  name: "elixir",
  analyzers: [elixirCodeAnalyzer, elixirWebAnalyzer, elixirCallsAnalyzer],
  collectors: [elixirCollector, elixirCallGraphCollector],
  describe(facts) {
    const ex = facts.elixir;
    if (!ex || (ex.projects.length === 0 && ex.modules.length === 0)) return [];
    const entries: AreaFactEntry[] = [];
    for (const project of ex.projects) {
      entries.push({
        area: "build",
        label: `Mix project${project.app ? ` :${project.app}` : ""}`,
        value:
          [
            project.version ? `version ${project.version}` : null,
            project.elixir ? `Elixir ${project.elixir}` : null,
            project.appsPath ? `umbrella (apps_path ${project.appsPath})` : null,
            project.warningsAsErrors ? "warnings_as_errors" : null,
          ]
            .filter(Boolean)
            .join(", ") || "declared",
        location: at(project.path, project.appLine ?? 1),
      });
      for (const alias of project.aliases) {
        entries.push({
          area: "build",
          label: `mix alias ${alias.name}`,
          value: alias.commands.join(", "),
          location: at(project.path, alias.line),
        });
      }
      if (project.coverageThreshold !== null) {
        entries.push({
          area: "tests",
          label: "Coverage threshold (mix.exs)",
          value: `${project.coverageThreshold}%`,
          location: at(project.path, project.coverageLine ?? 1),
        });
      }
      entries.push({
        area: "lint",
        label: "Dialyzer (mix.exs `dialyzer:`)",
        value: project.dialyzerLine !== null ? "configured" : "not configured",
        ...(project.dialyzerLine !== null ? { location: at(project.path, project.dialyzerLine) } : {}),
      });
    }
    const deps = ex.dependencies;
    if (deps.declared.length > 0) {
      for (const dep of deps.declared) {
        if (dep.source.kind === "registry") continue;
        entries.push({
          area: "dependencies",
          label: `${dep.name} source`,
          value:
            dep.source.kind === "path"
              ? `path ${dep.source.path}`
              : `git ${dep.source.url}${dep.source.ref ? ` (${dep.source.ref})` : " (no ref)"}`,
          location: at(dep.manifest, dep.line),
        });
      }
    }
    if (ex.configFiles.length > 0) {
      entries.push({ area: "config", label: "Config files", value: ex.configFiles.join(", ") });
      const names = [...new Set(ex.envReads.map((read) => read.name))].sort();
      if (names.length > 0) {
        const validated = ex.envReads.filter((read) => read.validated).length;
        entries.push({
          area: "config",
          label: "Environment variables read in config",
          value: `${names.length} (${names.join(", ")}); ${validated} of ${ex.envReads.length} reads validated`,
        });
      }
      for (const entry of ex.config) {
        if (!/^(check_origin|force_ssl|server|pool_size|ssl|url\.host|http\.port)$/.test(entry.name))
          continue;
        entries.push({
          area: "config",
          label: `${entry.key ?? ":" + entry.app} ${entry.name}${entry.env ? ` (${entry.env})` : ""}`,
          value: entry.text,
          location: at(entry.path, entry.line),
        });
      }
    }
    if (ex.credo) {
      const custom = ex.credo.enabled.filter((check) => check.custom);
      entries.push({
        area: "lint",
        label: "Credo",
        value: `strict: ${ex.credo.strict === null ? "not set" : String(ex.credo.strict)}; ${ex.credo.enabled.length} checks listed enabled (${custom.length} custom), ${ex.credo.disabled.length} disabled, ${ex.credo.commented.length} commented out`,
        location: at(ex.credo.path, ex.credo.strictLine ?? 1),
      });
    }
    if (ex.formatter) {
      entries.push({
        area: "build",
        label: "Formatter (.formatter.exs)",
        value: `inputs ${ex.formatter.inputs.length}; import_deps ${ex.formatter.importDeps.join(", ") || "none"}; plugins ${ex.formatter.plugins.join(", ") || "none"}`,
        location: at(ex.formatter.path, ex.formatter.line),
      });
    }
    const roles = new Map<string, number>();
    for (const mod of ex.modules) if (!mod.isTest) roles.set(mod.role, (roles.get(mod.role) ?? 0) + 1);
    if (ex.modules.length > 0) {
      const web = ["controller", "liveview", "live-component", "router", "endpoint"]
        .map((role) => `${role} ${roles.get(role) ?? 0}`)
        .join(", ");
      entries.push({ area: "web", label: "Phoenix modules", value: web });
    }
    for (const supervisor of ex.supervisors) {
      if (supervisor.isTest) continue;
      entries.push({
        area: "concurrency",
        label: `Supervisor in ${supervisor.module}`,
        value: `strategy ${supervisor.strategy ?? "not given"}; children: ${supervisor.children.join(", ") || "built elsewhere"}`,
        location: at(supervisor.path, supervisor.line),
      });
    }
    if (ex.testModules.length > 0) {
      const tests = ex.testModules.reduce((sum, mod) => sum + mod.tests, 0);
      const asyncModules = ex.testModules.filter((mod) => mod.async).length;
      entries.push({
        area: "tests",
        label: "ExUnit",
        value: `${ex.testModules.length} test modules, ${tests} tests; ${asyncModules} modules async: true; ${ex.mocks.length} Mox mocks`,
      });
    }
    for (const router of ex.routers) {
      const guarded = router.routes.filter((route) => route.auth !== null);
      const devOnly = router.routes.filter((route) => route.devOnly).length;
      const by = [
        ...new Set(
          guarded.map(({ auth }) =>
            auth!.via === "pipeline"
              ? `pipeline :${auth!.pipeline}`
              : auth!.via === "on_mount"
                ? `on_mount ${auth!.by}`
                : auth!.by,
          ),
        ),
      ];
      entries.push({
        area: "web",
        label: `Router ${router.module}`,
        value: `${count(router.scopes.length, "scope")}, ${count(router.routes.length, "route")} (resources expanded), ${guarded.length} behind authentication${by.length > 0 ? ` (${by.join(", ")})` : ""}, ${devOnly} dev-only`,
        location: at(router.path, router.line),
      });
    }
    for (const pipeline of ex.pipelines) {
      entries.push({
        area: "web",
        label: `Router pipeline :${pipeline.name}`,
        value:
          (pipeline.plugs.map((plug) => plug.name).join(", ") || "no plugs") +
          (pipeline.auth ? `; authenticates with ${pipeline.auth.by}` : ""),
        location: at(pipeline.path, pipeline.line),
      });
    }
    if (ex.migrations.length > 0 || ex.schemas.length > 0) {
      const refs = ex.migrations.flatMap((migration) => migration.references);
      const indexes = ex.migrations.flatMap((migration) => migration.indexes);
      entries.push({
        area: "database",
        label: "Ecto",
        value: `${ex.migrations.length} migrations, ${ex.schemas.length} schemas, ${refs.length} foreign keys, ${indexes.length} indexes (${indexes.filter((index) => index.unique).length} unique)`,
      });
    }
    return entries;
  },
});
