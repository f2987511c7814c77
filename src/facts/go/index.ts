// Facts pack: Go modules (go.mod, go.sum), packages, HTTP servers and routes, websocket upgraders,
// database/sql, goroutines, locks, logging libraries and test files.
import { posix } from "node:path";
import type { AreaFactEntry } from "../repo-facts.js";
import { defineCollector, definePack } from "../define.js";
import type { DeclaredDependency, EcosystemDependencies, LockedPackage } from "../dependencies/types.js";
import type { GoBodyLimit, GoBodyRead } from "./body-reads.js";
import { goFileAnalyzer, type GoListener, type GoRoute, type GoServer, type GoUpgrader } from "./go-file.js";
import { parseGoMod, parseGoSum, type GoReplace } from "./go-mod.js";
import { routeMiddleware, type GoRouter } from "./route-middleware.js";
import type { GoSharedTokenGuard } from "./shared-token-guard.js";
import {
  requestPathsWithoutContext,
  type GoContextlessRequest,
  type GoRequestPathWithoutContext,
} from "./request-context.js";
import { isExamplePath, isTestBuild, isToolProgram } from "./syntax.js";
import { goExcludedBuild } from "../one-off-code.js";
import { wordsFilter } from "../symbols/word-search.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

type At<T> = T & { path: string };

export interface GoModule {
  /** Path of the go.mod file. */
  manifest: string;
  module: string | null;
  line: number | null;
  goVersion: string | null;
  goLine: number | null;
  toolchain: string | null;
  hasGoSum: boolean;
}

export interface GoPackage {
  dir: string;
  name: string;
  files: number;
  testFiles: number;
}

/** A server where it is built, with what the repository around it says. */
export interface GoServerSite extends GoServer {
  /** Timeout fields the same file assigns on a server value after building it (`srv.ReadTimeout = …`). */
  timeoutsAssignedInFile: string[];
  /**
   * The function that builds the server (`builtBy`) is named nowhere else in the repository's production Go code
   * while the module is a program (has a main package): no code path starts this server.
   */
  builderUncalled: boolean;
}

export interface GoFacts {
  modules: GoModule[];
  replaces: Array<At<GoReplace>>;
  dependencies: EcosystemDependencies;
  packages: GoPackage[];
  sourceFiles: number;
  testFiles: number;
  servers: Array<At<GoServerSite>>;
  routes: Array<At<GoRoute>>;
  /** Routers and groups of each file; a route's `router` is the `id` of the one with the same path. */
  routers: Array<At<GoRouter>>;
  upgraders: Array<At<GoUpgrader>>;
  database: { usesDatabaseSql: boolean; opens: Array<{ path: string; line: number; driver: string | null }> };
  goroutines: Array<{ path: string; line: number; isTest: boolean }>;
  locks: { mutex: number; rwMutex: number; lockCalls: number; deferUnlock: number };
  /** Logging libraries imported by non-test files, with every importing site. */
  loggers: Array<{ library: string; sites: Array<{ path: string; line: number }> }>;
  /** Request bodies read whole by production code, with the reading function's guards. */
  bodyReads: Array<At<GoBodyRead>>;
  /** Server-wide request body caps. */
  bodyLimits: Array<At<GoBodyLimit>>;
  /**
   * Outgoing requests built without a context in functions that have none, which a handler reaches through at most
   * three calls (request-context.ts): the incoming request's cancellation never reaches them.
   */
  requestPathsWithoutContext: GoRequestPathWithoutContext[];
  /** Package-level constants of production files, by package folder (constants are visible package-wide). */
  packageConstants: Array<{ dir: string; names: string[] }>;
  /**
   * Middleware of production files that admits only callers presenting the one token of the server's configuration
   * (a daemon's node token its control plane sends), not a user's credential.
   */
  sharedTokenGuards: Array<At<GoSharedTokenGuard>>;
  /** Import paths of production files, distinct and sorted (`golang.org/x/crypto/bcrypt`). */
  importPaths: string[];
  /** `net.Listen` calls of production files (the sockets servers are then served on). */
  listeners?: Array<At<GoListener>>;
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    go: GoFacts;
  }
}

export const goCollector = defineCollector({
  id: "go",
  collect(ctx) {
    const modules: GoModule[] = [];
    const replaces: GoFacts["replaces"] = [];
    const dependencies: EcosystemDependencies = { manifests: [], lockfiles: [], declared: [], locked: [] };
    for (const file of ctx.index.files) {
      if (posix.basename(file.path) !== "go.mod" || /(^|\/)(vendor|testdata)\//.test(file.path)) continue;
      const text = ctx.index.read(file.path);
      if (text === null) continue;
      const mod = parseGoMod(text);
      const dir = posix.dirname(file.path);
      const sumPath = dir === "." ? "go.sum" : `${dir}/go.sum`;
      const sumText = ctx.index.read(sumPath);
      modules.push({
        manifest: file.path,
        module: mod.module,
        line: mod.moduleLine,
        goVersion: mod.goVersion,
        goLine: mod.goLine,
        toolchain: mod.toolchain,
        hasGoSum: sumText !== null,
      });
      if (mod.module === null)
        ctx.diagnose({ kind: "invalid-config", path: file.path, message: "go.mod has no module directive" });
      dependencies.manifests.push(file.path);
      for (const replace of mod.replaces) replaces.push({ ...replace, path: file.path });
      for (const req of mod.requires) {
        const replace = mod.replaces.find((r) => r.from === req.module);
        // A `// indirect` requirement is only there to pin what a dependency needs; the code does not import it, so
        // it is locked but not declared (no "tracing: opentelemetry" from a library's own dependency).
        if (!req.indirect) {
          const declared: DeclaredDependency = {
            ecosystem: "Go",
            name: req.module,
            requirement: req.version,
            dev: false,
            source: replace?.local ? { kind: "path", path: replace.to } : { kind: "registry" },
            manifest: file.path,
            line: req.line,
          };
          dependencies.declared.push(declared);
        }
        // go.mod lists the minimal-version-selected version of every module the build uses (Go ≥ 1.17).
        const locked: LockedPackage = {
          ecosystem: "Go",
          name: req.module,
          version: req.version,
          lockfile: file.path,
          line: req.line,
          direct: !req.indirect,
          dev: false,
        };
        dependencies.locked.push(locked);
      }
      if (sumText !== null) {
        dependencies.lockfiles.push(sumPath);
        const required = new Set(mod.requires.map((req) => req.module));
        for (const entry of parseGoSum(sumText)) {
          if (required.has(entry.module)) continue;
          dependencies.locked.push({
            ecosystem: "Go",
            name: entry.module,
            version: entry.version,
            lockfile: sumPath,
            line: entry.line,
            direct: false,
            dev: null,
          });
        }
      }
    }
    const packages = new Map<string, GoPackage>();
    const facts: GoFacts = {
      modules,
      replaces,
      dependencies,
      packages: [],
      sourceFiles: 0,
      testFiles: 0,
      servers: [],
      routes: [],
      routers: [],
      upgraders: [],
      database: { usesDatabaseSql: false, opens: [] },
      goroutines: [],
      locks: { mutex: 0, rwMutex: 0, lockCalls: 0, deferUnlock: 0 },
      loggers: [],
      bodyReads: [],
      bodyLimits: [],
      requestPathsWithoutContext: [],
      packageConstants: [],
      importPaths: [],
      sharedTokenGuards: [],
      listeners: [],
    };
    const contextless: Array<At<GoContextlessRequest>> = [];
    const loggers = new Map<string, Array<{ path: string; line: number }>>();
    const productionFiles: string[] = [];
    const constants = new Map<string, string[]>();
    const importPaths = new Set<string>();
    for (const { file, value } of ctx.fileFacts(goFileAnalyzer)) {
      if (file.isTest) facts.testFiles++;
      else facts.sourceFiles++;
      const dir = posix.dirname(file.path);
      const pkg = packages.get(dir) ?? {
        dir,
        name: (value.package ?? "").replace(/_test$/, ""),
        files: 0,
        testFiles: 0,
      };
      if (file.isTest) pkg.testFiles++;
      else pkg.files++;
      packages.set(dir, pkg);
      for (const goroutine of value.goroutines)
        facts.goroutines.push({ path: file.path, line: goroutine, isTest: file.isTest });
      if (file.isTest) continue;
      productionFiles.push(file.path);
      if (value.constants?.length) constants.set(dir, [...(constants.get(dir) ?? []), ...value.constants]);
      for (const server of value.servers)
        facts.servers.push({
          ...server,
          path: file.path,
          timeoutsAssignedInFile: value.serverTimeoutsAssigned,
          builderUncalled: false,
        });
      for (const listener of value.listeners ?? []) facts.listeners?.push({ ...listener, path: file.path });
      for (const route of value.routes) facts.routes.push({ ...route, path: file.path });
      for (const router of value.routers) facts.routers.push({ ...router, path: file.path });
      for (const upgrader of value.upgraders) facts.upgraders.push({ ...upgrader, path: file.path });
      for (const open of value.sqlOpens) facts.database.opens.push({ ...open, path: file.path });
      for (const read of value.bodyReads) facts.bodyReads.push({ ...read, path: file.path });
      for (const limit of value.bodyLimits) facts.bodyLimits.push({ ...limit, path: file.path });
      for (const site of value.contextlessRequests ?? []) contextless.push({ ...site, path: file.path });
      for (const guard of value.sharedTokenGuards ?? [])
        facts.sharedTokenGuards.push({ ...guard, path: file.path });
      if (value.imports.some((spec) => spec.path === "database/sql")) facts.database.usesDatabaseSql = true;
      for (const spec of value.imports) importPaths.add(spec.path);
      facts.locks.mutex += value.locks.mutex;
      facts.locks.rwMutex += value.locks.rwMutex;
      facts.locks.lockCalls += value.locks.lockCalls;
      facts.locks.deferUnlock += value.locks.deferUnlock;
      for (const logger of value.loggers)
        loggers.set(logger.library, [
          ...(loggers.get(logger.library) ?? []),
          { path: file.path, line: logger.line },
        ]);
    }
    facts.packages = [...packages.values()].sort((a, b) => compareCodeUnits(a.dir, b.dir));
    facts.importPaths = [...importPaths].sort(compareCodeUnits);
    facts.packageConstants = [...constants.entries()]
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([dir, names]) => ({ dir, names: [...new Set(names)].sort(compareCodeUnits) }));
    // Files are read for these searches only when their bytes may hold a searched word: with a cache, a re-audit
    // knows that of every unchanged file from its stat and reads the changed ones and those holding a word.
    const read = (path: string): string | null => ctx.index.read(path);
    const mayHold = wordsFilter(ctx.index);
    markUncalledServerBuilders(facts, productionFiles, read, mayHold);
    if (contextless.length > 0) {
      // Examples, tools and build pipelines are not a service's request path, as callers or as the request's builder.
      const serviceFiles = productionFiles.filter((path) => !isExampleFile(path, read, mayHold));
      const service = new Set(serviceFiles);
      facts.requestPathsWithoutContext = requestPathsWithoutContext(
        contextless.filter((site) => service.has(site.path)),
        serviceFiles,
        read,
        mayHold,
      );
    }
    facts.loggers = [...loggers.entries()]
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([library, sites]) => ({ library, sites }));
    return facts;
  },
});

/**
 * In a program (a module with a main package), a server built in a package function that no production file
 * names besides its own declaration is never started: nothing calls the function that builds it.
 */
export function markUncalledServerBuilders(
  facts: GoFacts,
  productionFiles: readonly string[],
  read: (path: string) => string | null,
  mayHold: (path: string, words: Iterable<string>) => boolean = () => true,
): void {
  const builders = new Set(
    facts.servers
      .map((server) => server.builtBy)
      .filter((name): name is string => name !== null && name !== "main" && name !== "init"),
  );
  if (builders.size === 0 || !facts.packages.some((pkg) => pkg.name === "main")) return;
  const mentions = new Map<string, number>();
  const word = new RegExp(`\\b(${[...builders].join("|")})\\b`, "g");
  const names = [...builders];
  const words = [...names, "/*"];
  for (const path of productionFiles) {
    if (!mayHold(path, words)) continue;
    const text = read(path) ?? "";
    // Removing comments only takes text out: a line comment leaves its line break, so a name appears after it only
    // where it was; a block comment can join its neighbours into a name, so a file holding one is always stripped.
    if (!text.includes("/*") && !names.some((name) => text.includes(name))) continue;
    for (const match of withoutComments(text).matchAll(word))
      mentions.set(match[1] ?? "", (mentions.get(match[1] ?? "") ?? 0) + 1);
  }
  for (const server of facts.servers)
    if (server.builtBy !== null && builders.has(server.builtBy) && (mentions.get(server.builtBy) ?? 0) <= 1)
      server.builderUncalled = true;
}

/**
 * `isExamplePath(path, text)` reading the text only when it can decide: for a tool program's folder, or when the
 * file's bytes may hold a `//go:build` line (a test build's constraint).
 */
function isExampleFile(
  path: string,
  read: (path: string) => string | null,
  mayHold: (path: string, words: Iterable<string>) => boolean,
): boolean {
  if (isExamplePath(path)) return true;
  if (/(^|\/)tools?\//.test(path)) return isExamplePath(path, read(path) ?? "");
  if (!mayHold(path, ["//go:build", "+build"])) return false;
  const text = read(path) ?? "";
  return isToolProgram(path, text) || isTestBuild(text) || goExcludedBuild(text) !== null;
}

/** Go source with its comments removed (string and rune literals kept whole, so `"http://…"` stays). */
function withoutComments(text: string): string {
  return text.replace(
    /"(?:\\.|[^"\\\n])*"|`[^`]*`|'(?:\\.|[^'\\\n])*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (token) => (token.startsWith("/") ? "" : token),
  );
}

function at(path: string, line: number | null): AreaFactEntry["location"] {
  return line === null ? null : { path, startLine: line, endLine: line };
}

export function describeGo(facts: GoFacts): AreaFactEntry[] {
  const go = facts;
  if (go.modules.length === 0 && go.sourceFiles + go.testFiles === 0) return [];
  const entries: AreaFactEntry[] = [];
  for (const mod of go.modules) {
    entries.push({
      area: "build",
      label: `Go module (${mod.manifest})`,
      value: `${mod.module ?? "no module directive"}`,
      location: at(mod.manifest, mod.line),
    });
    entries.push({
      area: "build",
      label: `Go version (${mod.manifest})`,
      value: mod.goVersion
        ? `go ${mod.goVersion}${mod.toolchain ? `, toolchain ${mod.toolchain}` : ""}`
        : "no go directive",
      location: at(mod.manifest, mod.goLine),
    });
    const direct = go.dependencies.declared.filter((dep) => dep.manifest === mod.manifest);
    const indirect = go.dependencies.locked.filter(
      (pkg) => pkg.lockfile === mod.manifest && pkg.direct === false,
    ).length;
    entries.push({
      area: "dependencies",
      label: `Go requires (${mod.manifest})`,
      value: `${direct.length} direct, ${indirect} indirect; go.sum ${mod.hasGoSum ? "present" : "missing"}`,
    });
  }
  for (const replace of go.replaces) {
    entries.push({
      area: "dependencies",
      label: "go.mod replace",
      value: `${replace.from} => ${replace.to}${replace.toVersion ? ` ${replace.toVersion}` : ""}`,
      location: at(replace.path, replace.line),
    });
  }
  entries.push({
    area: "quality",
    label: "Go packages",
    value: `${go.packages.length} packages, ${go.sourceFiles} source files, ${go.testFiles} test files`,
  });
  entries.push({
    area: "tests",
    label: "Go test files",
    value: `${go.testFiles} *_test.go files for ${go.sourceFiles} source files`,
  });
  for (const server of go.servers) {
    entries.push({
      area: "web",
      label: `HTTP server (${server.kind})`,
      value:
        server.kind === "http.Server"
          ? `timeouts: ${server.timeouts.join(", ") || "none"}`
          : "no timeouts possible",
      location: at(server.path, server.line),
    });
  }
  if (go.routes.length > 0) {
    const sample = go.routes.slice(0, 12).map((route) => `${route.method ?? "ANY"} ${route.pattern}`);
    entries.push({
      area: "web",
      label: "HTTP routes",
      value: `${go.routes.length}: ${sample.join(", ")}${go.routes.length > 12 ? ", …" : ""}`,
      location: at(go.routes[0]!.path, go.routes[0]!.line),
    });
    const routersByFile = new Map<string, GoRouter[]>();
    for (const router of go.routers)
      routersByFile.set(router.path, [...(routersByFile.get(router.path) ?? []), router]);
    const guarded = go.routes.filter((route) =>
      routeMiddleware(route, routersByFile.get(route.path) ?? []).some((mw) => mw.auth),
    );
    if (guarded.length > 0)
      entries.push({
        area: "security",
        label: "HTTP routes behind auth middleware",
        value: `${guarded.length} of ${go.routes.length} routes (by middleware name, in the file that registers them)`,
        location: at(guarded[0]!.path, guarded[0]!.line),
      });
  }
  for (const upgrader of go.upgraders) {
    entries.push({
      area: "security",
      label: "WebSocket upgrader",
      value: `CheckOrigin: ${upgrader.checkOrigin}`,
      location: at(upgrader.path, upgrader.line),
    });
  }
  if (go.database.usesDatabaseSql) {
    const drivers = [...new Set(go.database.opens.map((open) => open.driver ?? "?"))].join(", ");
    entries.push({
      area: "database",
      label: "database/sql",
      value: go.database.opens.length > 0 ? `sql.Open with driver ${drivers}` : "imported",
      location: go.database.opens[0] ? at(go.database.opens[0].path, go.database.opens[0].line) : null,
    });
  }
  const production = go.goroutines.filter((g) => !g.isTest);
  entries.push({
    area: "concurrency",
    label: "Goroutines started (go statements)",
    value: `${production.length} outside tests, ${go.goroutines.length - production.length} in tests`,
  });
  entries.push({
    area: "concurrency",
    label: "Locks",
    value: `sync.Mutex ${go.locks.mutex}, sync.RWMutex ${go.locks.rwMutex}; Lock/RLock calls ${go.locks.lockCalls}, defer Unlock ${go.locks.deferUnlock}`,
  });
  if (go.loggers.length > 0) {
    entries.push({
      area: "observability",
      label: "Go logging libraries",
      value: go.loggers.map((l) => `${l.library} (${l.sites.length} files)`).join(", "),
      location: at(go.loggers[0]!.sites[0]!.path, go.loggers[0]!.sites[0]!.line),
    });
  }
  return entries;
}

export default definePack({
  name: "go",
  analyzers: [goFileAnalyzer],
  collectors: [goCollector],
  describe: (facts) => (facts.go ? describeGo(facts.go) : []),
});

/** A listen address on the loopback interface (`127.0.0.1:6060`, `localhost:…`, `[::1]:…`) or a Unix socket. */
export const LOCAL_LISTEN_ADDRESS = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]):\d*$|^unix:$/;

/**
 * The listen site that serves the code of `path` when every server of its program listens on this host only: the
 * listen sites (`ListenAndServe`, `http.Server{Addr}`, `net.Listen`) of production files in the file's folder or, when
 * it has none, in the nearest folder above that has some, all on a loopback address or a Unix socket (a desktop app's
 * UI server on `127.0.0.1:0`). Null when one of them listens elsewhere or on a computed address, or none is found.
 */
export function localOnlyListenSite(
  go: GoFacts,
  path: string,
): { path: string; line: number; address: string } | null {
  const sites = [
    ...go.servers.flatMap((server) =>
      server.address === undefined ? [] : [{ path: server.path, line: server.line, address: server.address }],
    ),
    ...(go.listeners ?? []),
  ];
  if (sites.length === 0) return null;
  for (let dir = posix.dirname(path); ; dir = posix.dirname(dir)) {
    const inside = sites.filter((site) => dir === "." || site.path.startsWith(`${dir}/`));
    if (inside.length > 0) {
      const local = inside.every((site) => site.address !== null && LOCAL_LISTEN_ADDRESS.test(site.address));
      const first = inside[0];
      return local && first?.address ? { path: first.path, line: first.line, address: first.address } : null;
    }
    if (dir === "." || dir === "/" || dir === "") return null;
  }
}
