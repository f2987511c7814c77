// Which router (or group) each Go HTTP route is registered on and which middleware applies to it, read from one
// file's syntax tree: handler arguments (gin, echo, fiber), wrapper calls (net/http, alice), chi With/Group/Route/
// Mount, gin/echo/fiber groups, gorilla subrouters, Use(...) calls and routers wrapped as a whole.
import type { SgNode } from "@ast-grep/napi";
import { GoBindings, nodeKey } from "./bindings.js";
import {
  isAuthMiddlewareName,
  isAuthWrapperName,
  isWrapperName,
  lastSegment,
  ROUTER_METHODS,
} from "./middleware-names.js";
import { callArguments, calleeOf, enclosingFunction, findKind, lineOf, stringValue } from "./syntax.js";

export interface GoMiddleware {
  /** The middleware expression without its arguments (`requireAuth`, `middleware.JWTWithConfig`, `func literal`). */
  name: string;
  line: number;
  /** Named like authentication or authorisation middleware (see isAuthMiddlewareName in middleware-names.ts). */
  auth: boolean;
  /** Only routes under this path get it (fiber `app.Use("/api", mw)`): absolute, with the router's prefixes. */
  onlyUnder?: string;
}

export interface GoRouter {
  /** Index in the file's router list; routes point at it. */
  id: number;
  /** The expression routes are registered on: a variable, a field (`s.router`), `http` for the DefaultServeMux. */
  name: string;
  line: number;
  /** The router it derives from (gin/echo/fiber Group, chi Group/Route/Mount, gorilla Subrouter), or null. */
  parent: number | null;
  /** The path prefix the derivation adds (`/admin`), or null. */
  prefix: string | null;
  /** Middleware applied to every route of this router and its children: group arguments, Use(...), wrappers. */
  middleware: GoMiddleware[];
  /** Passed to a function of unknown effect, which may add routes or middleware this file does not show. */
  handedOff: boolean;
}

/** Where a route is registered: its router and the middleware that wraps this route alone. */
export interface GoRoutePlacement {
  router: number;
  middleware: GoMiddleware[];
  /** The pattern with the prefixes of its groups (`/api/admin/users`). */
  fullPattern: string;
  /**
   * It hands a whole path prefix to another handler: chi `r.Mount("/debug", middleware.Profiler())`, or a router of
   * this file (`mux.Handle("/api/", api)`, whose routes are listed themselves).
   */
  mounts: boolean;
}

/** How a framework's route registration lists handlers and middleware. */
export type HandlerConvention =
  /** gin, fiber v2: `r.GET(path, mw1, mw2, handler)`. */
  | "middleware-first"
  /** echo, fiber v3: `e.GET(path, handler, mw1, mw2)`. */
  | "handler-first"
  /** net/http, chi, gorilla/mux, httprouter: one handler, middleware wraps it: `mux.Handle(path, auth(h))`. */
  | "wrapped";

export function handlerConvention(imports: Map<string, string>): HandlerConvention {
  const paths = [...imports.values()];
  if (paths.some((path) => path.startsWith("github.com/gofiber/fiber/v3"))) return "handler-first";
  if (paths.some((path) => path.startsWith("github.com/labstack/echo"))) return "handler-first";
  if (paths.some((path) => /^github\.com\/(gin-gonic\/gin|gofiber\/fiber)/.test(path)))
    return "middleware-first";
  return "wrapped";
}

interface RouterRef {
  router: number;
  /** Middleware of chi `With(...)` on the way to the router: it applies to the routes registered through it only. */
  middleware: GoMiddleware[];
}

interface ClosureRouter {
  /** How the group reads in a message: `r.Route("/admin")`, `r.Group(func)`. */
  label: string;
  parent: SgNode;
  prefix: string | null;
  line: number;
}

const MAX_DEPTH = 8;

const folded = (text: string): string => {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
};

function unparen(node: SgNode): SgNode {
  let current = node;
  while (current.kind() === "parenthesized_expression") {
    const inner = current.children().find((child) => child.isNamed());
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** `/api` + `/users` → `/api/users`; `""` + `/x` → `/x`. */
export function joinPaths(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "") return prefix;
  return `${prefix.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/**
 * One file's routers. An identifier is resolved to the function that declares it (parameter, `:=`, `var`, `=`),
 * so a chi closure's `r` is a router apart from the outer `r`; a field path (`s.router`) is one router per file.
 */
export class RouterTable {
  private readonly routers: GoRouter[] = [];
  private readonly refs = new Map<string, RouterRef>();
  private readonly bindings: GoBindings;
  private readonly closures = new Map<string, ClosureRouter>();
  private readonly resolving = new Set<string>();
  private readonly routeCounts = new Map<number, number>();
  private readonly placements = new Map<string, { placement: GoRoutePlacement; pattern: string }>();

  constructor(
    private readonly tree: SgNode,
    private readonly imports: Map<string, string>,
  ) {
    this.bindings = new GoBindings(tree, imports);
    this.collectClosures();
  }

  /** Places a route registered by `call` (`<router>.<Method>(path, handlers…)`), its handlers read by the framework's convention. */
  place(call: SgNode, pattern: string, handlers: SgNode[], convention: HandlerConvention): GoRoutePlacement {
    const receiver = calleeOf(call)?.receiverNode;
    const ref = receiver ? this.resolve(receiver) : this.root("?", call, `node#${nodeKey(call)}`);
    const middleware = [...ref.middleware, ...this.handlerMiddleware(handlers, convention)];
    this.routeCounts.set(ref.router, (this.routeCounts.get(ref.router) ?? 0) + 1);
    const mounts = calleeOf(call)?.name === "Mount";
    const placement: GoRoutePlacement = { router: ref.router, middleware, fullPattern: pattern, mounts };
    this.placements.set(nodeKey(call), { placement, pattern });
    return placement;
  }

  /**
   * After every route is placed: reads Use(...) calls, mounted routers and routers wrapped by or handed to other
   * calls, fills in full patterns and drops the routers no route hangs on. Returns the routers, renumbered.
   */
  finish(): GoRouter[] {
    for (const call of findKind(this.tree, "call_expression")) {
      const callee = calleeOf(call);
      if (!callee) continue;
      if (callee.receiverNode && callee.name === "Use") this.readUse(callee.receiverNode, call);
      else if (callee.receiverNode && (callee.name === "Mount" || callee.name === "Handle"))
        this.readMount(callee.receiverNode, call);
      else this.readRouterArguments(call);
    }
    return this.compact();
  }

  private readUse(receiver: SgNode, call: SgNode): void {
    const args = callArguments(call);
    const under = args[0] ? stringValue(args[0]) : null;
    const middleware = (under === null ? args : args.slice(1)).map((arg) => this.middlewareOf(arg));
    if (middleware.length === 0) return;
    if (under !== null) for (const mw of middleware) mw.onlyUnder = under;
    this.routers[this.resolve(receiver).router]!.middleware.push(...middleware);
  }

  /** chi `r.Mount("/admin", adminRouter())`, `mux.Handle("/api/", http.StripPrefix("/api", api))`. */
  private readMount(receiver: SgNode, call: SgNode): void {
    const [pathArg, handler] = callArguments(call);
    const prefix = pathArg ? stringValue(pathArg) : null;
    if (prefix === null || !handler) return;
    const mounted = this.wrappedRouter(handler, 0);
    if (mounted === null) return;
    const placed = this.placements.get(nodeKey(call));
    if (placed) placed.placement.mounts = true;
    const parent = this.resolve(receiver).router;
    const router = this.routers[mounted]!;
    if (router.parent !== null || this.isAncestor(mounted, parent)) return;
    router.parent = parent;
    router.prefix = prefix;
  }

  /** A router passed to a call: wrapped as a whole (`auth(mux)`), or handed to code this file does not show. */
  private readRouterArguments(call: SgNode): void {
    const fn = call.field("function");
    if (!fn) return;
    const name = this.calleeName(fn);
    const last = lastSegment(name);
    if (ROUTER_METHODS.has(last) || /^(?:ListenAndServe\w*|Serve\w*)$/.test(last)) return;
    // A call whose result is dropped (`configureOAuth(h, r, app)`) registers on the router; a wrapper's result is used.
    const discarded = call.parent()?.kind() === "expression_statement";
    // `r.Use(mux.CORSMethodMiddleware(r))` is read with the Use call.
    const outer = call.parent()?.parent();
    if (outer?.kind() === "call_expression" && calleeOf(outer)?.name === "Use") return;
    for (const arg of callArguments(call)) {
      const kind = arg.kind();
      if (kind !== "identifier" && kind !== "selector_expression" && kind !== "call_expression") continue;
      const router = this.wrappedRouter(arg, 0);
      if (router === null) continue;
      if (!discarded && isWrapperName(name))
        this.routers[router]!.middleware.push(this.named(name, call, isAuthWrapperName(name)));
      else this.routers[router]!.handedOff = true;
    }
  }

  /** A router, or one inside wrapper calls: `csrf.handle(mux)` in `session.handle(csrf.handle(mux))`. */
  private wrappedRouter(expr: SgNode, depth: number): number | null {
    const direct = this.knownRouter(expr);
    const node = unparen(expr);
    if (direct !== null || depth > 3 || node.kind() !== "call_expression") return direct;
    const fn = node.field("function");
    if (!fn || !isWrapperName(this.calleeName(fn))) return null;
    for (const arg of callArguments(node)) {
      const found = this.wrappedRouter(arg, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }

  /** The router an expression denotes, when routes were registered on it (never creates one). */
  private knownRouter(expr: SgNode, depth = 0): number | null {
    const node = unparen(expr);
    if (node.kind() === "call_expression") {
      // Bounded: `func (a *A) Get() T { return a.inner.Get() }` returns a call to a function of the same name.
      const returned = depth < 3 ? this.returnedByLocalFunction(node) : null;
      return returned ? this.knownRouter(returned, depth + 1) : null;
    }
    if (node.kind() !== "identifier" && node.kind() !== "selector_expression") return null;
    const key = this.bindings.keyOf(node);
    if (!this.refs.has(key) && !this.bindings.isDefined(key)) return null;
    const router = this.resolve(node).router;
    return this.hasRoutesUnder(router) ? router : null;
  }

  /** For `adminRouter()` / `s.routes()` declared in this file: what its last return statement returns. */
  private returnedByLocalFunction(call: SgNode): SgNode | null {
    const callee = calleeOf(call);
    if (!callee || callArguments(call).length > 0) return null;
    const fn = this.bindings.functionNamed(callee.name);
    const body = fn?.field("body");
    if (!fn || !body) return null;
    const returns = findKind(body, "return_statement").filter(
      (ret) => enclosingFunction(ret)?.id() === fn.id(),
    );
    const value = returns[returns.length - 1]?.children().find((child) => child.isNamed());
    if (value?.kind() === "expression_list") return value.children().find((child) => child.isNamed()) ?? null;
    return value ?? null;
  }

  private hasRoutesUnder(router: number): boolean {
    if ((this.routeCounts.get(router) ?? 0) > 0) return true;
    return this.routers.some((child) => child.parent === router && this.hasRoutesUnder(child.id));
  }

  private isAncestor(candidate: number, of: number): boolean {
    for (let at: number | null = of; at !== null; at = this.routers[at]!.parent)
      if (at === candidate) return true;
    return false;
  }

  /** Keeps the routers with routes (or with descendants that have routes), renumbered in order. */
  private compact(): GoRouter[] {
    const keep = this.routers.filter((router) => this.hasRoutesUnder(router.id));
    const renumber = new Map(keep.map((router, index) => [router.id, index]));
    const compacted = keep.map((router) => ({
      ...router,
      id: renumber.get(router.id)!,
      parent: router.parent === null ? null : (renumber.get(router.parent) ?? null),
    }));
    for (const { placement, pattern } of this.placements.values()) {
      placement.router = renumber.get(placement.router)!;
      placement.fullPattern = joinPaths(routerPrefix(compacted, placement.router), pattern);
    }
    for (const router of compacted) {
      const base = routerPrefix(compacted, router.id);
      for (const mw of router.middleware)
        if (mw.onlyUnder !== undefined) mw.onlyUnder = joinPaths(base, mw.onlyUnder);
    }
    return compacted;
  }

  /** Middleware around the handler of one route, by the framework's convention. */
  private handlerMiddleware(handlers: SgNode[], convention: HandlerConvention): GoMiddleware[] {
    if (handlers.length === 0) return [];
    if (convention === "middleware-first") return handlers.slice(0, -1).map((arg) => this.middlewareOf(arg));
    if (convention === "handler-first") return handlers.slice(1).map((arg) => this.middlewareOf(arg));
    return this.wrappers(handlers[handlers.length - 1]!, 0);
  }

  /**
   * Wrapper calls around a net/http handler: `requireAuth(h)`, `alice.New(auth).Then(h)`, a local variable holding
   * one (`protected := auth.Middleware(h)`). Handler factories (`users.NewHandler(db)`) are not middleware.
   */
  private wrappers(expr: SgNode, depth: number): GoMiddleware[] {
    if (depth > MAX_DEPTH) return [];
    const node = unparen(expr);
    if (node.kind() === "identifier" && depth === 0) {
      const definition = this.bindings.definitionsOf(this.bindings.keyOf(node))?.[0];
      return definition?.kind() === "call_expression" ? this.wrappers(definition, depth + 1) : [];
    }
    if (node.kind() !== "call_expression") return [];
    const fn = node.field("function");
    if (!fn) return [];
    const args = callArguments(node);
    const inner = (): GoMiddleware[] => args.flatMap((arg) => this.wrappers(arg, depth + 1));
    const callee = calleeOf(node);
    if (callee?.receiverNode && (callee.name === "Then" || callee.name === "ThenFunc"))
      return [...this.chain(callee.receiverNode, depth + 1), ...inner()];
    const name = this.calleeName(fn);
    // Through conversions (`http.HandlerFunc(requireAuth(h))`) and wrappers, never into a factory's arguments.
    if (/^Handler(?:Func)?$/.test(lastSegment(name))) return inner();
    // `mid.Use(h, mid.RequireLogin, mid.CSRF)`: a helper applying the middleware listed after the handler.
    if (MIDDLEWARE_APPLIERS.has(lastSegment(name)) && args.length >= 1)
      return [...args.slice(1).map((arg) => this.middlewareOf(arg)), ...this.wrappers(args[0]!, depth + 1)];
    if (args.length === 0 || !isWrapperName(name)) return [];
    return [this.named(name, node, isAuthWrapperName(name)), ...inner()];
  }

  /** The middleware of an alice-style chain: `alice.New(a, b).Append(c)`, or a variable holding one. */
  private chain(expr: SgNode, depth: number): GoMiddleware[] {
    if (depth > MAX_DEPTH) return [];
    const node = unparen(expr);
    if (node.kind() === "call_expression") {
      const callee = calleeOf(node);
      const own = callArguments(node).map((arg) => this.middlewareOf(arg));
      if (callee?.receiverNode && callee.name === "Append")
        return [...this.chain(callee.receiverNode, depth + 1), ...own];
      return own;
    }
    if (node.kind() === "identifier") {
      const definition = this.bindings.definitionsOf(this.bindings.keyOf(node))?.[0];
      if (definition) return this.chain(definition, depth + 1);
    }
    return [this.named(node.text(), node, isAuthMiddlewareName(node.text()))];
  }

  /** A middleware argument: `requireAuth`, `middleware.JWT(cfg)`, `authMw` (declared as `jwtauth.Verifier(…)`). */
  private middlewareOf(arg: SgNode): GoMiddleware {
    const spread =
      arg.kind() === "variadic_argument" ? arg.children().find((child) => child.isNamed()) : null;
    const node = unparen(spread ?? arg);
    if (node.kind() === "func_literal")
      return { name: "func literal", line: lineOf(node), auth: inlineAuth(node) };
    if (node.kind() === "call_expression") {
      const fn = node.field("function");
      const name = fn ? this.calleeName(fn) : node.text();
      return this.named(name, node, isAuthMiddlewareName(name));
    }
    // `controllers.FromJSON[svc.CreateUploadSessionService](ctx)`, which Go's grammar reads as a conversion to a
    // generic type: a generic function named FromJSON; its type arguments name what it binds, not what it does.
    const generic = node.kind() === "type_conversion_expression" ? node.field("type") : null;
    if (generic?.kind() === "generic_type") {
      const name =
        generic
          .children()
          .find((child) => child.isNamed())
          ?.text() ?? generic.text();
      return this.named(name, node, isAuthMiddlewareName(name));
    }
    let auth = isAuthMiddlewareName(node.text());
    if (!auth && node.kind() === "identifier") {
      const definition = this.bindings.definitionsOf(this.bindings.keyOf(node))?.[0];
      const fn = definition?.kind() === "call_expression" ? definition.field("function") : null;
      auth = fn ? isAuthMiddlewareName(this.calleeName(fn)) : false;
    }
    return this.named(node.text(), node, auth);
  }

  private named(name: string, at: SgNode, auth: boolean): GoMiddleware {
    return { name: folded(name), line: lineOf(at), auth };
  }

  /** `auth.Middleware` for `auth.Middleware(h)`, `handlers.CORS` for `handlers.CORS(opts)(h)`. */
  private calleeName(fn: SgNode): string {
    const node = unparen(fn);
    if (node.kind() === "call_expression") {
      const inner = node.field("function");
      return inner ? this.calleeName(inner) : node.text();
    }
    return node.text();
  }

  /** The router an expression denotes, created on first sight. */
  private resolve(expr: SgNode): RouterRef {
    const node = unparen(expr);
    const kind = node.kind();
    if (kind === "unary_expression") {
      const operand = node.field("operand");
      if (operand) return this.resolve(operand);
    }
    if (kind === "identifier" || kind === "selector_expression") {
      const key = this.bindings.keyOf(node);
      const known = this.refs.get(key);
      if (known) return known;
      if (this.resolving.has(key)) return this.root(node.text(), node, key);
      this.resolving.add(key);
      const ref = this.resolveBinding(node, key);
      this.resolving.delete(key);
      this.refs.set(key, ref);
      return ref;
    }
    if (kind === "call_expression") {
      const key = `node#${nodeKey(node)}`;
      const known = this.refs.get(key);
      if (known) return known;
      const ref = this.derivation(node) ?? this.root(node.text(), node, key);
      this.refs.set(key, ref);
      return ref;
    }
    return this.root(node.text(), node, `node#${nodeKey(node)}`);
  }

  private resolveBinding(node: SgNode, key: string): RouterRef {
    const closure = this.closures.get(key);
    if (closure) {
      const parent = this.resolve(closure.parent).router;
      return { router: this.create(closure.label, closure.line, parent, closure.prefix, []), middleware: [] };
    }
    for (const definition of this.bindings.definitionsOf(key) ?? []) {
      const value = unparen(definition);
      const kind = value.kind();
      if (kind === "identifier" && value.text() === "nil") continue;
      if (kind === "identifier" || kind === "selector_expression" || kind === "unary_expression")
        return this.resolve(value);
      if (kind === "call_expression") {
        const created = this.routers.length;
        const derived = this.derivation(value);
        if (!derived) return this.root(node.text(), value, key);
        // A group held in a variable is named after it (`admin`, not `r.Group("/admin")`).
        if (derived.router >= created) this.routers[derived.router]!.name = node.text();
        return derived;
      }
    }
    return this.root(node.text(), node, key);
  }

  /** A router derived from another: gin/echo/fiber Group, chi Route/With, gin `Group(…).Use(…)`, gorilla Subrouter. */
  private derivation(call: SgNode): RouterRef | null {
    const callee = calleeOf(call);
    const receiver = callee?.receiverNode;
    if (!callee || !receiver || this.imports.has(callee.receiver ?? "")) return null;
    const args = callArguments(call);
    const first = args[0] ? stringValue(args[0]) : null;
    const label = `${folded(receiver.text())}.${callee.name}(${first === null ? "" : JSON.stringify(first)})`;
    switch (callee.name) {
      case "With": {
        const base = this.resolve(receiver);
        return {
          router: base.router,
          middleware: [...base.middleware, ...args.map((arg) => this.middlewareOf(arg))],
        };
      }
      case "Use":
        return this.resolve(receiver);
      case "Group":
      case "Route": {
        if (args[0]?.kind() === "func_literal") return null;
        const middleware = args.slice(1).map((arg) => this.middlewareOf(arg));
        const parent = this.resolve(receiver).router;
        return { router: this.create(label, lineOf(call), parent, first, middleware), middleware: [] };
      }
      case "Subrouter": {
        let prefix: string | null = null;
        let base = unparen(receiver);
        for (let inner = calleeOf(base); inner?.receiverNode && SUBROUTER_MATCHERS.has(inner.name);) {
          if (inner.name === "PathPrefix") {
            const arg = callArguments(base)[0];
            prefix = arg ? stringValue(arg) : null;
          }
          base = unparen(inner.receiverNode);
          inner = base.kind() === "call_expression" ? calleeOf(base) : null;
        }
        const parent = this.resolve(base).router;
        return { router: this.create(label, lineOf(call), parent, prefix, []), middleware: [] };
      }
      default:
        return null;
    }
  }

  private root(name: string, at: SgNode, key: string): RouterRef {
    const known = this.refs.get(key);
    if (known) return known;
    const ref = { router: this.create(folded(name), lineOf(at), null, null, []), middleware: [] };
    this.refs.set(key, ref);
    return ref;
  }

  private create(
    name: string,
    line: number,
    parent: number | null,
    prefix: string | null,
    middleware: GoMiddleware[],
  ): number {
    const id = this.routers.length;
    this.routers.push({ id, name, line, parent, prefix, middleware, handedOff: false });
    return id;
  }

  /** chi: r.Group(func(r chi.Router) {...}) and r.Route("/admin", func(r chi.Router) {...}) derive the closure's r. */
  private collectClosures(): void {
    for (const call of findKind(this.tree, "call_expression")) {
      const callee = calleeOf(call);
      if (!callee?.receiverNode || (callee.name !== "Group" && callee.name !== "Route")) continue;
      const args = callArguments(call);
      const closure = args[args.length - 1];
      if (closure?.kind() !== "func_literal") continue;
      const param = closure
        .field("parameters")
        ?.children()
        .find((child) => child.kind() === "parameter_declaration");
      const id = param?.children().find((child) => child.kind() === "identifier");
      if (!id) continue;
      const prefix = args.length > 1 && args[0] ? stringValue(args[0]) : null;
      const label = `${folded(callee.receiverNode.text())}.${callee.name}(${prefix === null ? "func" : JSON.stringify(prefix)})`;
      this.closures.set(`${nodeKey(closure)}#${id.text()}`, {
        label,
        parent: callee.receiverNode,
        prefix,
        line: lineOf(call),
      });
    }
  }
}

// Helpers called as `<helper>(handler, middleware…)`.
const MIDDLEWARE_APPLIERS: ReadonlySet<string> = new Set(["Use", "Chain", "Apply", "Wrap", "With"]);

// gorilla/mux matchers between a router and its Subrouter(): r.PathPrefix("/api").Methods("GET").Subrouter().
const SUBROUTER_MATCHERS: ReadonlySet<string> = new Set([
  "PathPrefix",
  "Host",
  "Methods",
  "Schemes",
  "Headers",
  "Queries",
  "MatcherFunc",
  "Name",
]);

/** An inline middleware (`func(c *gin.Context) {…}`) whose body reads credentials or sessions. */
function inlineAuth(fn: SgNode): boolean {
  const names = [...findKind(fn, "identifier"), ...findKind(fn, "field_identifier")].map((id) => id.text());
  const strings = findKind(fn, "interpreted_string_literal").map((literal) => literal.text());
  return names.some(isAuthMiddlewareName) || strings.some((text) => /authoriz|x-api-key/i.test(text));
}

/** The path prefix a router adds with its ancestors (`/api/admin`), "" for a root. */
export function routerPrefix(routers: readonly GoRouter[], id: number): string {
  let prefix = "";
  for (let at = routers[id]; at; at = at.parent === null ? undefined : routers[at.parent])
    prefix = joinPaths(at.prefix ?? "", prefix);
  return prefix;
}

/** Every middleware that applies to a route: its own, then those of its router and the router's ancestors. */
export function routeMiddleware(
  route: { router: number; middleware: readonly GoMiddleware[]; fullPattern: string },
  routers: readonly GoRouter[],
): GoMiddleware[] {
  const all = [...route.middleware];
  for (let at = routers[route.router]; at; at = at.parent === null ? undefined : routers[at.parent])
    for (const mw of at.middleware)
      if (mw.onlyUnder === undefined || route.fullPattern.startsWith(mw.onlyUnder)) all.push(mw);
  return all;
}
