// HTTP routes one Go file registers (net/http, chi, gin, echo, fiber, gorilla/mux, httprouter), each with the
// router it is registered on and the middleware that applies to it.
import type { SgNode } from "@ast-grep/napi";
import {
  handlerConvention,
  RouterTable,
  type GoRoutePlacement,
  type GoRouter,
  type HandlerConvention,
} from "./route-middleware.js";
import { callArguments, calleeOf, findKind, FUNCTION_KINDS, lineOf, stringValue } from "./syntax.js";

export interface GoRoute extends GoRoutePlacement {
  method: string | null;
  /** The route pattern (`/api/users/{id}`), without the prefixes of its groups (see fullPattern). */
  pattern: string;
  line: number;
  /** The call that registered it (`http.HandleFunc`, `r.GET`, `mux.Handle` …). */
  via: string;
  /**
   * The handler's name without its receiver or package (`createUser` for `h.createUser`, also inside wrappers such as
   * `auth(http.HandlerFunc(h.createUser))`), or null for a function literal or a handler built by a call.
   */
  handler: string | null;
  /**
   * The condition of the `if` whose body registers the route (`log.Debug().Enabled()` around
   * `r.Mount("/debug", middleware.Profiler())`), when one encloses it in the registering function.
   */
  onlyWhen?: string;
}

const HTTP_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "HEAD",
  "OPTIONS",
  "Get",
  "Post",
  "Put",
  "Patch",
  "Delete",
  "Head",
  "Options",
]);
// Registrations for every method: gin/echo `Any`, fiber `All`.
const ANY_METHOD: ReadonlySet<string> = new Set(["Any", "All"]);
// Registrations naming the method first: chi Method/MethodFunc, httprouter Handler/HandlerFunc, gin Handle,
// echo/fiber Add.
const METHOD_FIRST: ReadonlySet<string> = new Set([
  "Method",
  "MethodFunc",
  "Handler",
  "HandlerFunc",
  "Handle",
  "Add",
]);
const ROUTER_PACKAGES = [
  "github.com/gin-gonic/gin",
  "github.com/labstack/echo",
  "github.com/go-chi/chi",
  "github.com/gorilla/mux",
  "github.com/gofiber/fiber",
  "github.com/julienschmidt/httprouter",
];

/** The routes a file registers and the routers they hang on. */
export function httpRoutes(
  tree: SgNode,
  imports: Map<string, string>,
): { routes: GoRoute[]; routers: GoRouter[] } {
  const usesRouter = [...imports.values()].some((path) =>
    ROUTER_PACKAGES.some((prefix) => path.startsWith(prefix)),
  );
  // Routes are registered through net/http or a router package: a file importing neither has none, and the
  // router table (bindings, closures, every call re-read) is only worth building once a route is found.
  if (!usesRouter && ![...imports.values()].includes("net/http")) return { routers: [], routes: [] };
  const convention = handlerConvention(imports);
  let table: RouterTable | null = null;
  const routes: GoRoute[] = [];
  for (const call of findKind(tree, "call_expression")) {
    const registration = registrationOf(call, imports, usesRouter, convention);
    if (!registration) continue;
    const { handlers, convention: handlerStyle, ...registered } = registration;
    const condition = enclosingCondition(call);
    const route = {
      ...registered,
      handler: handlerName(handlers, handlerStyle),
      ...(condition ? { onlyWhen: condition } : {}),
    };
    table ??= new RouterTable(tree, imports);
    // The placement object is the route's: finish() completes it (router numbers, full patterns, mounts).
    routes.push(Object.assign(table.place(call, route.pattern, handlers, handlerStyle), route));
  }
  return { routers: table ? table.finish() : [], routes };
}

/** The condition of the nearest `if` whose consequence holds `node`, inside the same function. */
function enclosingCondition(node: SgNode): string | null {
  for (let child = node, at = node.parent(); at; child = at, at = at.parent()) {
    if (FUNCTION_KINDS.has(String(at.kind()))) return null;
    if (at.kind() !== "if_statement") continue;
    const consequence = at.field("consequence");
    if (consequence && consequence.range().start.index === child.range().start.index)
      return (at.field("condition")?.text() ?? "").replace(/\s+/g, " ").slice(0, 120) || null;
  }
  return null;
}

interface Registration {
  method: string | null;
  pattern: string;
  line: number;
  via: string;
  handlers: SgNode[];
  convention: HandlerConvention;
}

function registrationOf(
  call: SgNode,
  imports: Map<string, string>,
  usesRouter: boolean,
  convention: HandlerConvention,
): Registration | null {
  const callee = calleeOf(call);
  if (!callee || callee.receiver === null) return null;
  const args = callArguments(call);
  const values = args.map((arg) => stringValue(arg));
  const via = `${callee.receiver}.${callee.name}`;
  const line = lineOf(call);
  const first = values[0] ?? null;
  if ((callee.name === "HandleFunc" || callee.name === "Handle") && first !== null && args.length >= 2) {
    const pattern = /^([A-Z]+) (\/.*)$/.exec(first);
    if (pattern || first.startsWith("/"))
      return {
        method: pattern?.[1] ?? chainedMethod(call),
        pattern: pattern?.[2] ?? first,
        line,
        via,
        handlers: args.slice(1),
        convention: "wrapped",
      };
  }
  if (!usesRouter || imports.has(callee.receiver)) return null;
  if (callee.name === "Mount" && first?.startsWith("/") && args.length >= 2)
    return { method: null, pattern: first, line, via, handlers: args.slice(1), convention: "wrapped" };
  const second = values[1] ?? null;
  if (
    METHOD_FIRST.has(callee.name) &&
    first !== null &&
    /^[A-Z]+$/.test(first) &&
    second?.startsWith("/") &&
    args.length >= 3
  )
    return { method: first, pattern: second, line, via, handlers: args.slice(2), convention };
  if (
    (HTTP_METHODS.has(callee.name) || ANY_METHOD.has(callee.name)) &&
    isGroupPath(first, callee.name) &&
    args.length >= 2
  )
    return {
      method: ANY_METHOD.has(callee.name) ? null : callee.name.toUpperCase(),
      pattern: first,
      line,
      via,
      handlers: args.slice(1),
      convention,
    };
  return null;
}

/**
 * A route path: absolute, or — for the upper-case methods of gin/echo groups, which no other API shares — empty or
 * relative (`app.GET("", list)`, `g.GET("version", v)`).
 */
function isGroupPath(path: string | null, method: string): path is string {
  if (path === null) return false;
  if (path.startsWith("/")) return true;
  return /^[A-Z]+$/.test(method) && /^[\w.:*{}-]*(?:\/[\w.:*{}-]*)*$/.test(path);
}

/** gorilla/mux `r.HandleFunc("/x", h).Methods("GET")`: the method chained after the registration. */
function chainedMethod(call: SgNode): string | null {
  const selector = call.parent();
  if (selector?.kind() !== "selector_expression" || selector.field("field")?.text() !== "Methods")
    return null;
  const outer = selector.parent();
  const first = outer?.kind() === "call_expression" ? callArguments(outer)[0] : undefined;
  return first ? stringValue(first) : null;
}

/** The name of the function that serves a route, by the framework's convention, looking through wrapper calls. */
function handlerName(handlers: SgNode[], convention: HandlerConvention): string | null {
  const handler =
    convention === "middleware-first"
      ? handlers[handlers.length - 1]
      : convention === "handler-first"
        ? handlers[0]
        : handlers[handlers.length - 1];
  for (let node = handler; node;) {
    const kind = node.kind();
    if (kind === "identifier") return node.text();
    if (kind === "selector_expression") return node.field("field")?.text() ?? null;
    if (kind === "parenthesized_expression") node = node.children().find((c) => c.isNamed());
    else if (kind === "call_expression") {
      // `auth(h)`, `http.HandlerFunc(h.x)`, `monkey(h, "")`: the handler is the first argument that names a function.
      node = callArguments(node).find(
        (arg) =>
          arg.kind() === "identifier" ||
          arg.kind() === "selector_expression" ||
          arg.kind() === "call_expression",
      );
    } else return null;
  }
  return null;
}
