// File analyzer: what one Python file declares: imports, web apps, SQLAlchemy engines and sessions,
// Alembic migration functions, Pydantic settings classes and environment reads.
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer } from "../define.js";
import { addDjangoFacts, DJANGO_CODE } from "./django-views.js";
import { touchesState } from "./handler-state.js";
import {
  authFileOf,
  isEmptyAuthFile,
  NameResolver,
  routeEvidenceOf,
  type PythonAuthFile,
  type RouteAuthEvidence,
} from "./route-auth.js";
import {
  calleeOf,
  enclosingFunction,
  findKind,
  importedModules,
  importMap,
  isEmptyBody,
  keywordArg,
  line,
  positionalArgs,
  pythonModuleOf,
  stringValue,
} from "./syntax.js";

export interface PythonApp {
  framework: "fastapi" | "flask" | "django";
  line: number;
  /** Variable the app is bound to, when any. */
  name: string | null;
}

export interface PythonEngine {
  call: string;
  line: number;
  /** Keyword arguments passed (pool_size, pool_pre_ping …). */
  keywords: string[];
  kwargsSplat: boolean;
  /** The URL when a literal, with credentials masked. */
  url: string | null;
  /**
   * Made for one function's work: assigned to a plain local of a function that neither returns it nor stores it
   * on an object (`connectable = create_engine(url)` to check migration heads), not the application's pool.
   */
  localToFunction: boolean;
}

export interface PythonMigration {
  revision: string | null;
  downRevision: string | null;
  upgradeLine: number | null;
  downgradeLine: number | null;
  /** `op.` calls in each function. */
  upgradeOps: number;
  downgradeOps: number;
  /** `op.` calls in upgrade() that change the schema (execute/bulk_insert/get_bind excluded). */
  upgradeSchemaOps: number;
  /** The downgrade body is only pass/.../a docstring. */
  downgradeEmpty: boolean;
  /**
   * The revision says it cannot be undone: a docstring or comment of downgrade() ("No downgrade", "irreversible"), or
   * the module docstring ("This is the irreversible part").
   */
  documentedIrreversible?: boolean;
}

export interface PythonRoute {
  /** GET, POST … or ROUTE for Flask `@app.route` without methods, WEBSOCKET, API_ROUTE. */
  method: string;
  /** The URL path as written, or null when not a literal. */
  urlPath: string | null;
  handler: string;
  line: number;
  /** The handler calls execute/query/add/commit/text() on a session or connection itself. */
  dataAccess: string[];
  /** HTTP methods it answers: the decorator's, `methods=[...]` of route/api_route (GET when absent), none for websockets. */
  httpMethods: string[];
  /** It reads the user, session or stored data, takes dependencies or addresses a resource (handler-state.ts). */
  touchesState: boolean;
  /** Its router and what may guard it (resolved across the repository by the collector). */
  auth: RouteAuthEvidence;
}

export interface PythonFileFacts {
  /** Top-level module → first import line. */
  imports: Record<string, number>;
  apps: PythonApp[];
  engines: PythonEngine[];
  sessionFactories: Array<{ call: string; line: number }>;
  migration: PythonMigration | null;
  /** Pydantic settings classes, with the class's last line. */
  settingsClasses: Array<{ name: string; base: string; line: number; endLine: number; fields: number }>;
  envReads: Array<{ name: string | null; line: number; via: string }>;
  routes: PythonRoute[];
  /** Definitions, routers, include_router calls and hooks that guard routes (web-framework files only). */
  auth: PythonAuthFile | null;
}

const ENGINE_CALLS = new Set([
  "sqlalchemy.create_engine",
  "sqlalchemy.ext.asyncio.create_async_engine",
  "sqlmodel.create_engine",
  "sqlalchemy.engine.create_engine",
]);
const SESSION_CALLS = new Set([
  "sqlalchemy.orm.sessionmaker",
  "sqlalchemy.orm.scoped_session",
  "sqlalchemy.ext.asyncio.async_sessionmaker",
  "sqlalchemy.orm.Session",
  "sqlalchemy.ext.asyncio.AsyncSession",
]);
const SETTINGS_BASES = new Set([
  "pydantic_settings.BaseSettings",
  "pydantic.BaseSettings",
  "pydantic.v1.BaseSettings",
]);

export const pythonFileAnalyzer = defineAnalyzer<PythonFileFacts>({
  id: "python-file",
  languages: ["python"],
  needsTree: true,
  analyze({ tree, path, text }) {
    if (!tree) return undefined;
    const imports = importMap(tree);
    const { module, pkg } = pythonModuleOf(path);
    // Relative imports matter only to route guards; resolve them only when the file has any.
    const names = new NameResolver(module, /^\s*from\s+\./m.test(text) ? importMap(tree, pkg) : imports);
    const facts: PythonFileFacts = {
      imports: Object.fromEntries(importedModules(tree)),
      apps: [],
      engines: [],
      sessionFactories: [],
      migration: null,
      settingsClasses: [],
      envReads: [],
      routes: routesOf(tree, names),
      auth: null,
    };
    if (facts.routes.length > 0 || WEB_FRAMEWORK_CODE.test(text) || DJANGO_CODE.test(text)) {
      const auth = authFileOf(tree, names);
      if (DJANGO_CODE.test(text)) addDjangoFacts(tree, names, auth);
      facts.auth = isEmptyAuthFile(auth) ? null : auth;
    }
    for (const call of findKind(tree, "call")) {
      const callee = calleeOf(call, imports);
      if (!callee) continue;
      const q = callee.qualified;
      if (q === "fastapi.FastAPI" || q === "flask.Flask")
        facts.apps.push({
          framework: q === "flask.Flask" ? "flask" : "fastapi",
          line: line(call),
          name: boundName(call),
        });
      else if (ENGINE_CALLS.has(q)) facts.engines.push(engineOf(call, callee.name));
      else if (SESSION_CALLS.has(q) && !/Session$/.test(q))
        facts.sessionFactories.push({ call: callee.name, line: line(call) });
      else if (
        q === "os.getenv" ||
        q === "os.environ.get" ||
        q === "os.getenv" ||
        q === "os.environ.setdefault"
      ) {
        const first = positionalArgs(call)[0];
        facts.envReads.push({
          name: first ? stringValue(first) : null,
          line: line(call),
          via: callee.written,
        });
      }
    }
    for (const subscript of findKind(tree, "subscript")) {
      const value = subscript.field("value");
      if (
        !value ||
        (value.text() !== "os.environ" &&
          !(value.text() === "environ" && imports.get("environ") === "os.environ"))
      )
        continue;
      if (
        subscript.parent()?.kind() === "assignment" &&
        subscript.parent()?.field("left")?.range().start.index === subscript.range().start.index
      )
        continue;
      const key = subscript.field("subscript");
      facts.envReads.push({
        name: key ? stringValue(key) : null,
        line: line(subscript),
        via: "os.environ[]",
      });
    }
    if (/(^|\/)settings(\/[^/]+)?\.py$/.test(path) && /\bINSTALLED_APPS\s*=/.test(tree.text()))
      facts.apps.push({ framework: "django", line: 1, name: null });
    for (const cls of findKind(tree, "class_definition")) {
      const bases =
        cls
          .field("superclasses")
          ?.children()
          .filter((c) => c.isNamed()) ?? [];
      for (const base of bases) {
        const resolved = imports.get(base.text().split(".")[0] ?? "")
          ? `${imports.get(base.text().split(".")[0] ?? "")}${base.text().slice((base.text().split(".")[0] ?? "").length)}`
          : base.text();
        if (!SETTINGS_BASES.has(resolved)) continue;
        const body = cls.field("body");
        const fields =
          body?.children().filter((c) => {
            const assignment =
              c.kind() === "expression_statement"
                ? c.children().find((e) => e.kind() === "assignment")
                : undefined;
            return assignment !== undefined && assignment.field("left")?.text() !== "model_config";
          }).length ?? 0;
        facts.settingsClasses.push({
          name: cls.field("name")?.text() ?? "?",
          base: resolved,
          line: line(cls),
          endLine: cls.range().end.line + 1,
          fields,
        });
      }
    }
    facts.migration = migrationOf(tree, imports);
    const empty =
      facts.routes.length +
        facts.apps.length +
        facts.engines.length +
        facts.sessionFactories.length +
        facts.settingsClasses.length +
        facts.envReads.length ===
        0 &&
      !facts.auth &&
      !facts.migration &&
      Object.keys(facts.imports).length === 0;
    return empty ? undefined : facts;
  },
});

function boundName(call: SgNode): string | null {
  const parent = call.parent();
  return parent?.kind() === "assignment" ? (parent.field("left")?.text() ?? null) : null;
}

function engineOf(call: SgNode, name: string): PythonEngine {
  const keywords = (call.field("arguments")?.children() ?? [])
    .filter((c) => c.kind() === "keyword_argument")
    .map((c) => c.field("name")?.text() ?? "");
  const first = positionalArgs(call)[0] ?? keywordArg(call, "url");
  const url = first ? stringValue(first) : null;
  return {
    call: name,
    line: line(call),
    keywords,
    kwargsSplat:
      call
        .field("arguments")
        ?.children()
        .some((c) => c.kind() === "dictionary_splat") ?? false,
    url: url === null ? null : url.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@"),
    localToFunction: isLocalToFunction(call),
  };
}

function isLocalToFunction(call: SgNode): boolean {
  const assignment = call.parent();
  const fn = enclosingFunction(call);
  const target = assignment?.kind() === "assignment" ? assignment.field("left") : null;
  if (!fn || target?.kind() !== "identifier") return false;
  const name = target.text();
  return !fn
    .findAll({ rule: { kind: "return_statement" } })
    .some((ret) => new RegExp(`\\b${name}\\b`).test(ret.text()));
}

/** An Alembic revision file: module-level `revision`, `down_revision`, and `upgrade`/`downgrade` functions. */
function migrationOf(tree: SgNode, imports: Map<string, string>): PythonMigration | null {
  const topLevel = tree.children();
  const functions = new Map<string, SgNode>();
  let revision: string | null = null;
  let downRevision: string | null = null;
  let hasRevision = false;
  for (const node of topLevel) {
    const fn = node.kind() === "decorated_definition" ? node.field("definition") : node;
    if (fn?.kind() === "function_definition") functions.set(fn.field("name")?.text() ?? "", fn);
    if (node.kind() === "expression_statement") {
      const assignment = node.children().find((c) => c.kind() === "assignment");
      const left = assignment?.field("left")?.text();
      const right = assignment?.field("right");
      if (left === "revision" && right) {
        hasRevision = true;
        revision = stringValue(right);
      }
      if (left === "down_revision" && right) downRevision = stringValue(right);
    }
  }
  const upgrade = functions.get("upgrade");
  const downgrade = functions.get("downgrade");
  const usesAlembic = [...imports.values()].some((v) => v.startsWith("alembic"));
  if (!hasRevision || !usesAlembic || (!upgrade && !downgrade)) return null;
  const ops = (fn: SgNode | undefined): number =>
    fn ? findKind(fn, "call").filter((c) => /^op\./.test(c.field("function")?.text() ?? "")).length : 0;
  return {
    revision,
    downRevision,
    upgradeLine: upgrade ? line(upgrade) : null,
    downgradeLine: downgrade ? line(downgrade) : null,
    upgradeOps: ops(upgrade),
    upgradeSchemaOps: upgrade
      ? findKind(upgrade, "call").filter((c) =>
          /^op\.(?!execute$|bulk_insert$|get_bind$|get_context$|inline_literal$|f$)/.test(
            c.field("function")?.text() ?? "",
          ),
        ).length
      : 0,
    downgradeOps: ops(downgrade),
    downgradeEmpty: downgrade ? isEmptyBody(downgrade.field("body")) : false,
    documentedIrreversible:
      (downgrade !== undefined && IRREVERSIBLE.test(downgrade.text())) ||
      IRREVERSIBLE.test(moduleDocstring(tree)),
  };
}

/** Words saying a migration is one-way: "No downgrade", "irreversible", "cannot be reversed", "not reversible". */
const IRREVERSIBLE =
  /\bno\s+downgrade\b|\birreversib|\bnot\s+reversible\b|\bcan(?:not|'t)\s+be\s+(?:reversed|undone|downgraded)\b|\bone[- ]way\s+migration\b/i;

/** The module's docstring: a string as its first statement. */
function moduleDocstring(tree: SgNode): string {
  const first = tree.children().find((child) => child.isNamed() && child.kind() !== "comment");
  return first?.kind() === "expression_statement" && first.child(0)?.kind() === "string" ? first.text() : "";
}

const ROUTE_METHODS = new Set([
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "head",
  "options",
  "route",
  "websocket",
  "api_route",
]);
const DATA_METHODS = new Set([
  "execute",
  "query",
  "add",
  "add_all",
  "commit",
  "scalars",
  "scalar",
  "merge",
  "delete",
  "flush",
  "refresh",
  "exec",
]);
const DB_RECEIVER = /^(db|session|sess|conn|connection|cursor|cur|db_session|async_session)$/;

// Files that can define route guards (besides those with routes): web-framework imports, FastAPI dependencies,
// project router classes and include_router/before_request calls.
const WEB_FRAMEWORK_CODE =
  /\b(fastapi|flask|starlette|Depends|Security)\b|Router\(|Blueprint\(|include_router|before_(app_)?request/;

/** FastAPI/Flask route handlers: functions decorated with `@<app or router>.get(...)`/`.route(...)`. */
function routesOf(tree: SgNode, names: NameResolver): PythonRoute[] {
  const routes: PythonRoute[] = [];
  for (const decorated of findKind(tree, "decorated_definition")) {
    const fn = decorated.field("definition");
    if (fn?.kind() !== "function_definition") continue;
    for (const decorator of decorated.children().filter((c) => c.kind() === "decorator")) {
      const call = decorator.children().find((c) => c.kind() === "call");
      const target = call?.field("function");
      if (!call || target?.kind() !== "attribute") continue;
      const method = target.field("attribute")?.text() ?? "";
      const receiver = target.field("object")?.text() ?? "";
      const first = positionalArgs(call)[0];
      // Routers named like one, or any receiver given a URL path (`@admin.route("/admin/users")` on a blueprint
      // named after its area).
      const urlPath = first ? stringValue(first) : null;
      if (
        !ROUTE_METHODS.has(method) ||
        (!/(^|\.)(app|router|api|bp|blueprint|\w+_router|\w+_bp|\w+_api)$/i.test(receiver) &&
          !urlPath?.startsWith("/"))
      )
        continue;
      const dataAccess = new Set<string>();
      for (const inner of findKind(fn, "call")) {
        const f = inner.field("function");
        if (f?.kind() === "identifier" && f.text() === "text") dataAccess.add("text()");
        if (f?.kind() !== "attribute") continue;
        const name = f.field("attribute")?.text() ?? "";
        const object = f.field("object")?.text() ?? "";
        if (DATA_METHODS.has(name) && DB_RECEIVER.test(object.split(".").pop() ?? ""))
          dataAccess.add(`${object}.${name}()`);
      }
      routes.push({
        method: method.toUpperCase(),
        urlPath,
        handler: fn.field("name")?.text() ?? "?",
        line: line(fn),
        dataAccess: [...dataAccess].sort(),
        httpMethods: httpMethodsOf(method, call),
        touchesState: touchesState(fn) || /[{<]/.test(urlPath ?? ""),
        auth: routeEvidenceOf(decorated, fn, call, names),
      });
      break;
    }
  }
  return routes;
}

function httpMethodsOf(decoratorMethod: string, call: SgNode): string[] {
  if (decoratorMethod === "websocket") return [];
  if (decoratorMethod !== "route" && decoratorMethod !== "api_route") return [decoratorMethod.toUpperCase()];
  const methods = keywordArg(call, "methods");
  const listed = methods ? findKind(methods, "string").map((s) => stringValue(s)?.toUpperCase() ?? "") : [];
  return listed.length > 0 ? listed.filter(Boolean) : ["GET"];
}
