// Page sizes a request chooses: a list endpoint's `limit` / `page_size` / `per_page` read from the request and
// passed to a query, and whether the code bounds it first. FastAPI parameters (`limit: int = Query(100)` — bounded
// by `le=`/`lt=`), Ecto queries (`limit: ^limit` with `limit` from `params`), and Node ORMs (Prisma `take`,
// `.limit(n)` in Drizzle/Knex/Kysely, TypeORM `take`) fed from `req.query` / `searchParams`.
import type { SgNode } from "@ast-grep/napi";
import { escapeRegExp as escape } from "../../util/escape-reg-exp.js";
import { callName, lineOf as elixirLine } from "../elixir/syntax.js";
import { lineOf as jsLine } from "../node/ast.js";
import { findKind, line as pyLine } from "../python/syntax.js";

export interface PageSizeRead {
  line: number;
  /** The stack that reads it: "fastapi", "ecto", "node". */
  framework: string;
  /** The request parameter (`limit`, `page_size`), as named in the code. */
  parameter: string;
  /** Where the query takes it (`.limit(limit)`, `take: Number(req.query.take)`), as written. */
  sink: string;
  /** The code bounds it before the query: `le=` on the parameter, min()/Math.min, a comparison, a schema's `.max()`. */
  clamped: boolean;
  /**
   * The authentication the route depends on, as written (`Depends(get_current_user)`, `dependencies=[Depends(auth)]`),
   * when only signed-in callers reach it; absent otherwise.
   */
  authGuard?: string;
  /** For a FastAPI route parameter: the line of the handler's `def`, where the python route facts place the route. */
  handlerLine?: number;
}

/** A FastAPI dependency that refuses anonymous callers: `get_current_user`, `get_authenticated_user`, `require_auth`. */
const AUTH_DEPENDENCY =
  /Depends\(\s*(?:[\w.]*\.)?((?:get_)?(?:current|authenticated|logged_in|active|verified)_\w*user\w*|(?:require|verify|check)_\w*(?:user|auth|login|token|permission|admin)\w*|get_user_from_token|authenticate\w*)\s*\)/;

/**
 * A route's dependency list named for access control, built elsewhere: `dependencies=PERMISSIONS_READ`
 * (`[Depends(x) for x in settings.API_PERMISSIONS_READ]`), `dependencies=auth_deps`.
 */
const AUTH_DEPENDENCY_LIST =
  /\bdependencies\s*=\s*((?:[\w.]*\.)?\w*(?:permission|auth|login|secur)\w*)\s*[,)]/i;

/** Names a page size goes by. `size` and `count` alone are too often something else. */
export const PAGE_SIZE_NAME =
  /^(limit|take|first|page_?size|per_?page|page_?limit|items_?per_?page|max_?results|num_?results)$/i;

/** A comparison or min() that involves the name: `if limit > 100`, `min(limit, 100)`, `Math.min(limit, 100)`. */
export function boundsName(text: string, name: string): boolean {
  const n = escape(name);
  return (
    new RegExp(`\\b(min|clamp)\\s*\\([^)]*\\b${n}\\b`, "i").test(text) ||
    new RegExp(`\\b${n}\\s*(<=?|>=?)[^=>]|[^=<]\\s*(<=?|>=?)\\s*${n}\\b`).test(text)
  );
}

// ---- FastAPI ----

const ROUTE_DECORATOR = /^@\s*[\w.]+\.(get|post|put|patch|delete|api_route)\s*\(/;

export function fastApiPageSizes(tree: SgNode): PageSizeRead[] {
  const out: PageSizeRead[] = [];
  for (const decorated of findKind(tree, "decorated_definition")) {
    const decorators = decorated.children().filter((c) => c.kind() === "decorator");
    if (!decorators.some((d) => ROUTE_DECORATOR.test(d.text()))) continue;
    const fn = decorated.field("definition");
    if (fn?.kind() !== "function_definition") continue;
    const body = fn.field("body");
    if (!body) continue;
    for (const parameter of fn.field("parameters")?.children() ?? []) {
      if (parameter.kind() !== "typed_default_parameter" && parameter.kind() !== "typed_parameter") continue;
      const nameNode = parameter.field("name") ?? parameter.children().find((c) => c.kind() === "identifier");
      const name = nameNode?.text() ?? "";
      if (!PAGE_SIZE_NAME.test(name)) continue;
      const type = parameter.field("type")?.text() ?? "";
      // An int taken from the query string: `int`, `int | None`, `Optional[int]`, `Annotated[int, Query(...)]`.
      if (!/\bint\b/.test(type) || /Depends|Body|Path\s*\(/.test(parameter.text())) continue;
      const use = queryUse(body, name);
      if (!use) continue;
      const auth =
        AUTH_DEPENDENCY.exec(fn.field("parameters")?.text() ?? "") ??
        decorators
          .map((d) => AUTH_DEPENDENCY.exec(d.text()) ?? AUTH_DEPENDENCY_LIST.exec(d.text()))
          .find(Boolean);
      out.push({
        line: pyLine(parameter),
        framework: "fastapi",
        parameter: name,
        sink: use.text().length > 80 ? `${use.text().slice(0, 77)}...` : use.text(),
        clamped: /\b(le|lt)\s*=/.test(parameter.text()) || boundsName(body.text(), name),
        ...(auth ? { authGuard: auth[0] } : {}),
        handlerLine: pyLine(fn),
      });
    }
  }
  return out;
}

/** The first call (or slice) the parameter is handed to: `.limit(limit)`, `crud.list(skip=skip, limit=limit)`, `rows[:limit]`. */
function queryUse(body: SgNode, name: string): SgNode | null {
  for (const id of findKind(body, "identifier")) {
    if (id.text() !== name) continue;
    for (let at = id.parent(); at && at !== body; at = at.parent()) {
      const kind = String(at.kind());
      if (kind === "call") return at;
      if (kind === "slice") return at.parent() ?? at;
      if (kind.endsWith("statement") || kind === "block") break;
    }
  }
  return null;
}

// ---- Ecto ----

const REQUEST_PARAM_KEY =
  /"(limit|take|first|page_?size|per_?page|page_?limit|max_?results)"|:(limit|page_size|per_page)\b/;

export function ectoPageSizes(tree: SgNode): PageSizeRead[] {
  const out: PageSizeRead[] = [];
  for (const def of tree.findAll({ rule: { kind: "call" } })) {
    const keyword = callName(def);
    if (keyword !== "def" && keyword !== "defp") continue;
    const text = def.text();
    if (!REQUEST_PARAM_KEY.test(text)) continue;
    // Variables that hold the request's page size: `%{"limit" => limit}` in the head, `limit = params["limit"] …`.
    const fromRequest = new Set<string>();
    for (const m of text.matchAll(/"(\w+)"\s*=>\s*([a-z_]\w*)/g))
      if (PAGE_SIZE_NAME.test(m[1]!)) fromRequest.add(m[2]!);
    for (const m of text.matchAll(/\b([a-z_]\w*)\s*=\s*[^\n]*\bparams\s*(\[|\.)\s*["':]?(\w+)/g))
      if (PAGE_SIZE_NAME.test(m[3]!)) fromRequest.add(m[1]!);
    for (const node of def.findAll({ rule: { any: [{ kind: "pair" }, { kind: "call" }] } })) {
      let value: SgNode | null = null;
      if (node.kind() === "pair") {
        if (!/^limit:\s*$/.test(node.child(0)?.text() ?? "")) continue;
        value = node.children().filter((c) => c.isNamed())[1] ?? null;
      } else if (callName(node) === "limit")
        value = node.children().find((c) => c.kind() === "arguments") ?? null;
      if (!value) continue;
      const valueText = value.text();
      const direct = /\bparams\s*(\[|\.)/.test(valueText) && REQUEST_PARAM_KEY.test(valueText);
      const variable = valueText.includes("^")
        ? [...fromRequest].find((v) => new RegExp(`\\b${escape(v)}\\b`).test(valueText))
        : undefined;
      if (!direct && !variable) continue;
      const parameter = variable ?? /["':](\w+)/.exec(valueText)?.[1] ?? "limit";
      out.push({
        line: elixirLine(node),
        framework: "ecto",
        parameter,
        sink: node.text().length > 80 ? `${node.text().slice(0, 77)}...` : node.text(),
        clamped:
          /\bmin\s*\(|Enum\.min|clamp|\bmax_(limit|page|per)/i.test(text) || boundsName(text, parameter),
      });
    }
  }
  return out;
}

// ---- Node ORMs ----

// The raw request: Express/Koa/Hono query and params, URLSearchParams. A value parsed by a schema first
// (`schema.parse(req.query)`) is the schema's to bound and counts as clamped.
const JS_REQUEST = /\b(req|request|ctx|c\.req)\.(query|params)\b|searchParams\.get\(|\bc\.req\.query\(/;
const JS_CLAMP = /Math\.min\(|\bclamp\w*\(|\.max\(|\bmin\(|\.(safeParse|parse|validate)\w*\(/;
// ORM calls whose options object takes a page size: Prisma findMany, TypeORM find/findAndCount/findBy, Sequelize
// findAll/findAndCountAll, Drizzle's relational findMany.
const ORM_FIND = /^(findMany|findAll|findAndCount|findAndCountAll|find|findBy|aggregate|groupBy)$/;

/** The ORM call an options pair belongs to (`prisma.post.findMany({ take })`), or null. */
function ormCallOf(pair: SgNode): SgNode | null {
  let at: SgNode | null = pair.parent();
  while (at?.kind() === "object" || at?.kind() === "pair") at = at.parent();
  const call = at?.kind() === "arguments" ? at.parent() : null;
  const callee = call?.field("function");
  return callee?.kind() === "member_expression" && ORM_FIND.test(callee.field("property")?.text() ?? "")
    ? call
    : null;
}
const JS_FUNCTIONS = ["arrow_function", "function_declaration", "function_expression", "method_definition"];

export function nodePageSizes(tree: SgNode): PageSizeRead[] {
  const out: PageSizeRead[] = [];
  const seen = new Set<number>();
  for (const fn of tree.findAll({ rule: { any: JS_FUNCTIONS.map((kind) => ({ kind })) } })) {
    const fnText = fn.text();
    if (!JS_REQUEST.test(fnText)) continue;
    for (const node of fn.findAll({ rule: { any: [{ kind: "pair" }, { kind: "call_expression" }] } })) {
      if (seen.has(node.range().start.index)) continue;
      if (node.kind() === "pair" && !ormCallOf(node)) continue;
      const value = jsPageSizeValue(node, /^(take|limit|first)$/);
      if (!value) continue;
      const source = requestSource(value, fn);
      if (!source) continue;
      seen.add(node.range().start.index);
      out.push({
        line: jsLine(node),
        framework: "node",
        parameter: source.name,
        sink: node.text().length > 80 ? `${node.text().slice(0, 77)}...` : node.text(),
        clamped: JS_CLAMP.test(source.text) || boundsName(fnText, source.name),
      });
    }
  }
  return out;
}

/** Where a value comes from, when that is the request: itself (`Number(req.query.limit)`) or a local declared from it. */
function requestSource(value: SgNode, fn: SgNode): { name: string; text: string } | null {
  const text = value.text();
  if (JS_REQUEST.test(text))
    return { name: /\.(\w+)\)?\s*$/.exec(text.replace(/\)+$/, ""))?.[1] ?? text, text };
  const ids = value.kind() === "identifier" ? [value] : value.findAll({ rule: { kind: "identifier" } });
  for (const id of ids) {
    const name = id.text();
    for (const declarator of fn.findAll({ rule: { kind: "variable_declarator" } })) {
      const target = declarator.field("name");
      const init = declarator.field("value");
      if (!target || !init || !JS_REQUEST.test(init.text())) continue;
      const binds =
        target.kind() === "identifier"
          ? target.text() === name
          : new RegExp(`(^|[{,\\s:])${escape(name)}\\s*([,}=]|$)`).test(target.text());
      if (binds) return { name, text: `${init.text()} ${text}` };
    }
  }
  return null;
}

/**
 * The page size an ORM option or call sets in JS/TS: the value of a `take:`/`limit:` pair (keys matching `keys`) or
 * the argument of `.limit(n)`/`.take(n)`; null for any other node.
 */
export function jsPageSizeValue(node: SgNode, keys: RegExp): SgNode | null {
  if (node.kind() === "pair") return keys.test(node.field("key")?.text() ?? "") ? node.field("value") : null;
  const callee = node.field("function");
  if (
    callee?.kind() !== "member_expression" ||
    !/^(limit|take)$/.test(callee.field("property")?.text() ?? "")
  )
    return null;
  // A rate limiter's `.limit(key)` spends its budget for a key (`ratelimit(10, "1 m").limit(\`user:${id}\`)`): the
  // argument is an identifier, not a row count.
  if (RATE_LIMITER.test(callee.field("object")?.text() ?? "")) return null;
  const argument =
    node
      .field("arguments")
      ?.children()
      .find((c) => c.isNamed()) ?? null;
  return argument && !["template_string", "string"].includes(String(argument.kind())) ? argument : null;
}

const RATE_LIMITER = /rate_?limit|limiter|throttl/i;
