// File analyzer: what one Go file declares and uses — package, imports, HTTP servers and routes (http-routes.ts),
// websocket upgraders, database/sql, goroutines, locks, logging libraries.
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer } from "../define.js";
import { bodyLimits, bodyReads, type GoBodyLimit, type GoBodyRead } from "./body-reads.js";
import { httpRoutes, type GoRoute } from "./http-routes.js";
import { contextlessRequests, type GoContextlessRequest } from "./request-context.js";
import { sharedTokenGuards, type GoSharedTokenGuard } from "./shared-token-guard.js";
import type { GoRouter } from "./route-middleware.js";
import {
  calleeOf,
  callArguments,
  compositeLiteralsOf,
  findKind,
  importMap,
  isPackageCall,
  assignments,
  selectorCallsNamed,
  endLineOf,
  lineOf,
  literalKeys,
  outerFunction,
  stringValue,
} from "./syntax.js";

export interface GoServer {
  kind: "ListenAndServe" | "ListenAndServeTLS" | "http.Server";
  line: number;
  endLine: number;
  /** Timeout fields set on an http.Server literal (ReadTimeout, ReadHeaderTimeout, WriteTimeout, IdleTimeout). */
  timeouts: string[];
  /** The package-level function (not a method) the server is built or started in, or null. */
  builtBy: string | null;
  /**
   * The listen address when written as a string literal (`"127.0.0.1:6060"`, `":8080"`), else null; undefined for an
   * http.Server literal with no `Addr` (served on a listener made elsewhere, see GoListener).
   */
  address?: string | null;
}

/**
 * A `net.Listen` call: the socket a server is then served on (`srv.Serve(ln)`); or a server value's own
 * `srv.ListenAndServe()`, on the address the program gives it (null).
 */
export interface GoListener {
  line: number;
  /** The address when written as a literal (`"127.0.0.1:0"`), `unix:` for a Unix socket, else null. */
  address: string | null;
}

export type { GoRoute } from "./http-routes.js";

export interface GoUpgrader {
  line: number;
  checkOrigin: "always-true" | "custom" | "default";
}

export interface GoFileFacts {
  package: string | null;
  imports: Array<{ path: string; line: number }>;
  servers: GoServer[];
  /** Server timeout fields assigned after construction anywhere in the file (`srv.ReadTimeout = …`). */
  serverTimeoutsAssigned: string[];
  routes: GoRoute[];
  /** Routers (and groups) the routes hang on; GoRoute.router indexes this list. */
  routers: GoRouter[];
  upgraders: GoUpgrader[];
  sqlOpens: Array<{ driver: string | null; line: number }>;
  goroutines: number[];
  locks: { mutex: number; rwMutex: number; lockCalls: number; deferUnlock: number };
  loggers: Array<{ library: string; line: number }>;
  /** Request bodies read whole (json.NewDecoder, io.ReadAll on `<req>.Body`), with the reading function's guards. */
  bodyReads: GoBodyRead[];
  /** Server-wide request body caps (http.MaxBytesHandler, MaxBytesReader in a middleware). */
  bodyLimits: GoBodyLimit[];
  /** Outgoing requests built without a context in functions that have none to pass (request-context.ts). */
  contextlessRequests: GoContextlessRequest[];
  /** Names of the package-level constants the file declares (`const apiBase = "https://…"`), visible package-wide. */
  constants?: string[];
  /** Middleware that admits only the one token of the server's configuration (shared-token-guard.ts). */
  sharedTokenGuards: GoSharedTokenGuard[];
  /** `net.Listen` calls, with their literal addresses. */
  listeners?: GoListener[];
}

/** Import path (or prefix) → logging library name. */
export const GO_LOGGING_LIBRARIES: ReadonlyArray<[string, string]> = [
  ["log", "log (stdlib)"],
  ["log/slog", "log/slog"],
  ["github.com/sirupsen/logrus", "logrus"],
  ["go.uber.org/zap", "zap"],
  ["github.com/rs/zerolog", "zerolog"],
  ["github.com/go-kit/log", "go-kit/log"],
  ["github.com/go-kit/kit/log", "go-kit/log"],
  ["github.com/golang/glog", "glog"],
  ["k8s.io/klog", "klog"],
  ["github.com/apex/log", "apex/log"],
  ["github.com/inconshreveable/log15", "log15"],
  ["github.com/charmbracelet/log", "charmbracelet/log"],
  ["github.com/labstack/gommon/log", "gommon/log"],
];

export function loggingLibrary(importPath: string): string | null {
  for (const [prefix, name] of GO_LOGGING_LIBRARIES) {
    if (importPath === prefix || (prefix !== "log" && importPath.startsWith(prefix + "/"))) return name;
  }
  return null;
}

export const SERVER_TIMEOUT_FIELDS = ["ReadTimeout", "ReadHeaderTimeout", "WriteTimeout", "IdleTimeout"];

/**
 * The calls analyzeGoTree and the body-read facts look at, by selected name (locks, servers, database/sql, body
 * reads and caps): found in one native search, see selectorCallsNamed.
 */
const WATCHED_CALL_NAMES = [
  "Lock",
  "RLock",
  "Unlock",
  "RUnlock",
  "ListenAndServe",
  "ListenAndServeTLS",
  "Listen",
  "Open",
  "OpenDB",
  "NewDecoder",
  "ReadAll",
  "MaxBytesHandler",
  "MaxBytesReader",
];

export const goFileAnalyzer = defineAnalyzer<GoFileFacts>({
  id: "go-file",
  languages: ["go"],
  needsTree: true,
  // Read from every Go file's root (here and by the Go rules); rarer kinds are searched when a file needs them.
  kinds: { go: ["package_clause", "import_spec", "go_statement"] },
  analyze({ tree }) {
    if (!tree) return undefined;
    return analyzeGoTree(tree);
  },
});

/** The names of the constants declared at the top level of a file: visible to every file of its package. */
function packageConstants(tree: SgNode): string[] {
  return tree
    .children()
    .filter((node) => node.kind() === "const_declaration")
    .flatMap((decl) => decl.children().filter((spec) => spec.kind() === "const_spec"))
    .flatMap((spec) => spec.children().filter((child) => child.kind() === "identifier"))
    .map((name) => name.text())
    .filter((name) => name !== "_");
}

export function analyzeGoTree(tree: SgNode): GoFileFacts {
  const imports = importMap(tree);
  const imported = new Set(imports.values());
  const { routes, routers } = httpRoutes(tree, imports);
  const text = tree.text();
  // A target ending in `.ReadTimeout` is text of the file: without any such text, no assignment is read.
  const assignedTargets = SERVER_TIMEOUT_FIELDS.some((field) => text.includes(`.${field}`))
    ? assignments(tree).flatMap(({ left }) => left.map((target) => target.text()))
    : [];
  const watchedCalls = selectorCallsNamed(tree, WATCHED_CALL_NAMES);
  const facts: GoFileFacts = {
    package: findKind(tree, "package_clause")[0]?.child(1)?.text() ?? null,
    imports: findKind(tree, "import_spec").map((spec) => ({
      path: stringValue(spec.field("path") ?? spec) ?? "",
      line: lineOf(spec),
    })),
    servers: [],
    serverTimeoutsAssigned: SERVER_TIMEOUT_FIELDS.filter((field) =>
      assignedTargets.some((target) => target.endsWith(`.${field}`)),
    ),
    routes,
    routers,
    upgraders: [],
    sqlOpens: [],
    goroutines: findKind(tree, "go_statement").map(lineOf),
    locks: { mutex: 0, rwMutex: 0, lockCalls: 0, deferUnlock: 0 },
    loggers: [],
    bodyReads: bodyReads(tree, imports, watchedCalls, text),
    bodyLimits: bodyLimits(tree, imports, watchedCalls),
    contextlessRequests: contextlessRequests(tree, imports, text),
    constants: packageConstants(tree),
    sharedTokenGuards: /\b(?:subtle\.ConstantTimeCompare|hmac\.Equal)\(/.test(text)
      ? sharedTokenGuards(tree)
      : [],
  };
  for (const spec of facts.imports) {
    const library = loggingLibrary(spec.path);
    if (library) facts.loggers.push({ library, line: spec.line });
  }
  // A sync.Mutex is a qualified type of an imported package: a file not importing sync declares none.
  for (const type of imported.has("sync") ? findKind(tree, "qualified_type") : []) {
    if (imports.get(type.field("package")?.text() ?? "") !== "sync") continue;
    const name = type.field("name")?.text();
    if (name === "Mutex") facts.locks.mutex++;
    if (name === "RWMutex") facts.locks.rwMutex++;
  }
  for (const call of watchedCalls) {
    const callee = calleeOf(call);
    if (!callee) continue;
    if (
      callee.receiver !== null &&
      (callee.name === "Lock" || callee.name === "RLock") &&
      callArguments(call).length === 0
    )
      facts.locks.lockCalls++;
    if (
      callee.receiver !== null &&
      (callee.name === "Unlock" || callee.name === "RUnlock") &&
      call.parent()?.kind() === "defer_statement"
    )
      facts.locks.deferUnlock++;
    if (isPackageCall(call, imports, "net/http", ["ListenAndServe", "ListenAndServeTLS"])) {
      facts.servers.push({
        kind: callee.name as GoServer["kind"],
        line: lineOf(call),
        endLine: endLineOf(call),
        timeouts: [],
        builtBy: packageFunctionOf(call),
        address: literalAddress(callArguments(call)[0]),
      });
    }
    // `srv.ListenAndServe()` on a server value: it listens on the Addr the program sets at run time.
    if (
      imported.has("net/http") &&
      callee.receiver !== null &&
      (callee.name === "ListenAndServe" || callee.name === "ListenAndServeTLS") &&
      !isPackageCall(call, imports, "net/http", ["ListenAndServe", "ListenAndServeTLS"])
    )
      (facts.listeners ??= []).push({ line: lineOf(call), address: null });
    if (isPackageCall(call, imports, "net", ["Listen"])) {
      const [network, address] = callArguments(call);
      const unix = network ? /^unix/.test(stringValue(network) ?? "") : false;
      (facts.listeners ??= []).push({
        line: lineOf(call),
        address: unix ? "unix:" : literalAddress(address),
      });
    }
    if (isPackageCall(call, imports, "database/sql", ["Open", "OpenDB"])) {
      const first = callArguments(call)[0];
      facts.sqlOpens.push({ driver: first ? stringValue(first) : null, line: lineOf(call) });
    }
  }
  const httpServers = imported.has("net/http")
    ? compositeLiteralsOf(tree, imports, "net/http", "Server")
    : [];
  for (const literal of httpServers) {
    const keys = literalKeys(literal);
    facts.servers.push({
      kind: "http.Server",
      line: lineOf(literal),
      endLine: endLineOf(literal),
      timeouts: SERVER_TIMEOUT_FIELDS.filter((field) => keys.has(field)),
      builtBy: packageFunctionOf(literal),
      address: keys.has("Addr") ? literalAddress(keys.get("Addr")) : undefined,
    });
  }
  for (const [alias, path] of imports) {
    if (!path.startsWith("github.com/gorilla/websocket")) continue;
    for (const literal of findKind(tree, "composite_literal")) {
      const type = literal.field("type");
      if (
        type?.kind() !== "qualified_type" ||
        type.field("package")?.text() !== alias ||
        type.field("name")?.text() !== "Upgrader"
      )
        continue;
      const check = literalKeys(literal).get("CheckOrigin");
      facts.upgraders.push({
        line: lineOf(literal),
        checkOrigin: !check ? "default" : alwaysReturnsTrue(check) ? "always-true" : "custom",
      });
    }
  }
  return facts;
}

/** Whether a function literal (or named function reference) has a body that only returns true. */
export function alwaysReturnsTrue(value: SgNode): boolean {
  if (value.kind() !== "func_literal") return false;
  const body = value.field("body");
  if (!body) return false;
  const returns = findKind(body, "return_statement");
  if (returns.length === 0) return false;
  return returns.every((ret) => ret.text().replace(/\s+/g, " ") === "return true");
}

/** The name of the package-level function declaration around a node; null inside a method or at package level. */
function packageFunctionOf(node: SgNode): string | null {
  const outer = outerFunction(node);
  return outer?.kind() === "function_declaration" ? (outer.field("name")?.text() ?? null) : null;
}

/**
 * A listen address written as a string literal, or with only its port computed (`fmt.Sprintf("127.0.0.1:%d", port)`,
 * `net.JoinHostPort("localhost", port)`: the host and a bare colon); null otherwise.
 */
function literalAddress(node: SgNode | undefined): string | null {
  if (!node) return null;
  if (node.kind() === "call_expression") {
    const callee = node.field("function")?.text() ?? "";
    const args = callArguments(node);
    const first = args[0] ? stringValue(args[0]) : null;
    if (callee === "fmt.Sprintf" && first !== null && args.length === 2) {
      const host = /^([^%]+):%[dsv]$/.exec(first)?.[1];
      return host ? `${host}:` : null;
    }
    if (callee === "net.JoinHostPort" && first !== null && args.length === 2) return `${first}:`;
    return null;
  }
  return stringValue(node);
}
