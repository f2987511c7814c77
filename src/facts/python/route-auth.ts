// What one Python file says about guarding its web routes: FastAPI dependencies (Depends/Security, Annotated
// aliases, security schemes, router and include_router dependencies, middleware), Flask decorators and
// before_request hooks.
// Names are resolved through the file's imports here; what they mean is decided across the repository in
// route-guards.ts, because aliases and dependency functions usually live in another module.
import type { SgNode } from "@ast-grep/napi";
import { deniesAccess } from "./access-denial.js";
import { findKind, keywordArg, line, positionalArgs } from "./syntax.js";

/** A dependency, decorator or base a route (or router, alias, provider) names. */
export interface AuthRef {
  /** As written: `Depends(get_current_user)`, `CurrentUser`, `@login_required`. */
  written: string;
  /**
   * The dotted name it resolves to through the file's imports (relative imports made absolute from the file's
   * path), or `<module>.<name>` for a name defined or used in the file itself.
   */
  target: string;
  /**
   * How it is named: a Depends()/Security() call, a parameter annotation (maybe an alias), a decorator, a base or
   * permission class, the owner (the class-based view a route method belongs to), or an app middleware class.
   */
  via: "depends" | "security" | "annotation" | "decorator" | "class" | "owner" | "middleware";
  /** Explicitly optional: `required=False`, `auto_error=False` or `optional=True` on the call. */
  optional: boolean;
  line: number;
}

/** A module-level name that can stand for a dependency: an alias, a provider function, a security scheme or a class. */
export interface AuthDefinition {
  name: string;
  line: number;
  /**
   * alias: `CurrentUser = Annotated[User, Depends(f)]`; provider: a function (its parameters' dependencies in
   * refs); scheme: an instance of a FastAPI security scheme (OAuth2PasswordBearer, HTTPBearer, APIKeyHeader …);
   * class: a class whose bases and `attr = Depends(x)` attributes are its refs (class-based views share them).
   */
  kind: "alias" | "provider" | "scheme" | "class";
  refs: AuthRef[];
  /** A scheme built with auto_error=False (the route still runs without credentials). */
  optional: boolean;
  /** The body refuses the request itself: abort(401/403), raises Unauthorized/Forbidden/HTTPException(401/403), redirects to a login page. */
  denies: boolean;
  /** Django/DRF views: `permission_classes = [...]` (class) or `@permission_classes([...])` (function), when set. */
  permissionClasses?: AuthRef[];
  /** HTTP methods a Django view answers: its get/post/… methods, `@api_view([...])`, `@require_http_methods([...])`. */
  methods?: string[];
  /** A DRF function view (`@api_view`). */
  drf?: boolean;
  /** A Django view that reads the user, the session or stored data (see handler-state.ts). */
  touchesState?: boolean;
}

/** An app, APIRouter or Blueprint bound at module level, with the dependencies its constructor applies to every route. */
export interface RouterDefinition {
  name: string;
  line: number;
  refs: AuthRef[];
  /**
   * The project router class it is built from (`UserAPIRouter(prefix=…)`) or, for such a class, the router class it
   * extends; null for the framework's own classes.
   */
  base: string | null;
}

/** `<parent>.include_router(<child>, dependencies=[...])`: the child's routes get these dependencies. */
export interface RouterInclude {
  parent: string;
  child: string;
  refs: AuthRef[];
  line: number;
}

/**
 * Code that runs before every route of a router or app: Flask `@<bp>.before_request` (before_app_request) hooks,
 * FastAPI/Starlette `@app.middleware("http")` functions and `app.add_middleware(Cls)` (the class as its only ref).
 */
export interface RequestHook {
  router: string;
  /** before_app_request and middleware: runs before every route of the application. */
  appWide: boolean;
  handler: string;
  /** Decorators of the hook function (`@login_required`). */
  refs: AuthRef[];
  denies: boolean;
  line: number;
}

/** A Django URL pattern or DRF router registration that names a view. */
export interface UrlView {
  /** The pattern as written (`login/`, `^users/$`, a DRF prefix), or null when not a literal. */
  urlPath: string | null;
  /** The view function or class, resolved like AuthRef.target (`.as_view()` stripped). */
  view: string;
  /** Calls wrapped around the view in the pattern: `login_required(View.as_view())`. */
  wrappers: AuthRef[];
  line: number;
}

/** What a file defines that guards routes, with names resolved to dotted targets. */
export interface PythonAuthFile {
  /** The file's dotted module, derived from its path (`backend/app/api/deps.py` → `backend.app.api.deps`). */
  module: string;
  definitions: AuthDefinition[];
  routers: RouterDefinition[];
  includes: RouterInclude[];
  hooks: RequestHook[];
  urlViews: UrlView[];
  /** DRF `DEFAULT_PERMISSION_CLASSES` set in this (settings) file. */
  drfDefaultPermissions: { refs: AuthRef[]; line: number } | null;
  /** A login-required middleware listed in MIDDLEWARE: every Django view then needs a login. */
  loginMiddleware: { name: string; line: number } | null;
  /** Every entry of MIDDLEWARE set in this (settings) file, as written (`app.middleware.EventMiddleware`). */
  middleware?: Array<{ name: string; line: number }>;
}

/** The auth evidence of one route handler. */
export interface RouteAuthEvidence {
  /** The router object the route is registered on, resolved like AuthRef.target. */
  router: string;
  /** Dependencies of its parameters and decorator, and its other decorators. */
  refs: AuthRef[];
  /** The handler refuses the request itself (abort(401/403) …): it handles authorisation inline. */
  denies: boolean;
}

/** Resolves names used in one file to dotted targets. */
export class NameResolver {
  constructor(
    readonly module: string,
    private readonly imports: Map<string, string>,
  ) {}

  /** `deps.CurrentUser` with `from app.api import deps` → `app.api.deps.CurrentUser`; a local name → `<module>.name`. */
  resolve(dotted: string): string {
    const base = dotted.split(".")[0] ?? dotted;
    const imported = this.imports.get(base);
    if (imported !== undefined) return `${imported}${dotted.slice(base.length)}`;
    return `${this.module}.${dotted}`;
  }

  /** Whether a call's function is FastAPI's Depends or Security (as `Depends`, `params.Depends`, `fastapi.Security` …). */
  dependencyMarker(fn: SgNode): "depends" | "security" | null {
    if (!isDottedName(fn)) return null;
    const last = fn.text().split(".").pop();
    return last === "Depends" ? "depends" : last === "Security" ? "security" : null;
  }
}

const SCHEME_CLASSES = new Set([
  "OAuth2PasswordBearer",
  "OAuth2AuthorizationCodeBearer",
  "OAuth2",
  "OpenIdConnect",
  "HTTPBearer",
  "HTTPBasic",
  "HTTPDigest",
  "APIKeyHeader",
  "APIKeyQuery",
  "APIKeyCookie",
]);
const ROUTER_CLASSES = new Set(["APIRouter", "FastAPI", "Blueprint", "Flask"]);
// Project router classes by name (`class UserAPIRouter(APIRouter)`, `AdminBlueprint`).
const ROUTER_CLASS_NAME = /(Router|Blueprint)$/;
const SCALAR_TYPES = new Set([
  "str",
  "int",
  "float",
  "bool",
  "bytes",
  "dict",
  "list",
  "Any",
  "None",
  "object",
]);

/** Module-level definitions, routers, include_router calls and request hooks of one file. */
export function authFileOf(tree: SgNode, names: NameResolver): PythonAuthFile {
  const facts: PythonAuthFile = {
    module: names.module,
    definitions: [],
    routers: [],
    includes: [],
    hooks: [],
    urlViews: [],
    drfDefaultPermissions: null,
    loginMiddleware: null,
  };
  const source = tree.text();
  // Dependency functions live in modules that spell Depends/Security/Annotated (or import aliases built so).
  const dependencies = /\b(Depends|Security|Annotated)\b/.test(source);
  for (const statement of tree.children()) {
    const node = statement.kind() === "decorated_definition" ? statement.field("definition") : statement;
    if (node?.kind() === "function_definition") {
      const refs = dependencies ? parameterRefs(node, names) : [];
      const denies = deniesAccess(node);
      if (refs.length > 0 || denies)
        facts.definitions.push({
          name: node.field("name")?.text() ?? "?",
          line: line(node),
          kind: "provider",
          refs,
          optional: false,
          denies,
        });
    }
    if (node?.kind() === "class_definition") classOf(node, names, facts);
    const assignment =
      node?.kind() === "expression_statement"
        ? node.children().find((c) => c.kind() === "assignment")
        : undefined;
    if (assignment) definitionOf(assignment, names, facts, dependencies);
  }
  // Most files register nothing: a text test spares walking their calls.
  const registers = /include_router|before_(app_)?request|middleware/.test(source);
  for (const call of registers ? findKind(tree, "call") : []) {
    const fn = call.field("function");
    if (fn?.kind() !== "attribute") continue;
    const method = fn.field("attribute")?.text();
    const receiver = fn.field("object");
    if (!receiver || !isDottedName(receiver)) continue;
    const first = positionalArgs(call)[0];
    if (method === "include_router" && first && isDottedName(first))
      facts.includes.push({
        parent: names.resolve(receiver.text()),
        child: names.resolve(first.text()),
        refs: dependenciesKeyword(call, names),
        line: line(call),
      });
    // An app-wide middleware class: its name (AuthMiddleware, JWTMiddleware) or project definition tells.
    if (method === "add_middleware" && first && isDottedName(first))
      facts.hooks.push({
        router: names.resolve(receiver.text()),
        appWide: true,
        handler: first.text(),
        refs: [
          {
            written: `add_middleware(${first.text()})`,
            target: names.resolve(first.text()),
            via: "middleware",
            optional: false,
            line: line(call),
          },
        ],
        denies: false,
        line: line(call),
      });
    // `bp.before_request(check_login)` registers a hook defined elsewhere in the file.
    if ((method === "before_request" || method === "before_app_request") && first && isDottedName(first)) {
      const hook = findFunction(tree, first.text());
      facts.hooks.push({
        router: names.resolve(receiver.text()),
        appWide: method === "before_app_request",
        handler: first.text(),
        refs: hook ? decoratorRefs(hook.parent(), names) : [],
        denies: hook ? deniesAccess(hook) : false,
        line: line(call),
      });
    }
  }
  for (const decorated of registers ? findKind(tree, "decorated_definition") : []) {
    const fn = decorated.field("definition");
    if (fn?.kind() !== "function_definition") continue;
    for (const decorator of decorated.children().filter((c) => c.kind() === "decorator")) {
      const written = decorator.children().find((c) => c.isNamed());
      // `@app.middleware("http")` is a call; `@bp.before_request` a plain attribute.
      const expression = written?.kind() === "call" ? written.field("function") : written;
      if (expression?.kind() !== "attribute") continue;
      const hook = expression.field("attribute")?.text() ?? "";
      const receiver = expression.field("object");
      const middleware = hook === "middleware" && written?.kind() === "call";
      if ((hook !== "before_request" && hook !== "before_app_request" && !middleware) || !receiver) continue;
      facts.hooks.push({
        router: names.resolve(receiver.text()),
        appWide: hook !== "before_request",
        handler: fn.field("name")?.text() ?? "?",
        refs: decoratorRefs(decorated, names),
        denies: deniesAccess(fn),
        line: line(decorator),
      });
    }
  }
  return facts;
}

/** Whether a file's auth facts hold nothing. */
export function isEmptyAuthFile(facts: PythonAuthFile): boolean {
  return (
    facts.definitions.length + facts.routers.length + facts.includes.length + facts.hooks.length === 0 &&
    facts.urlViews.length === 0 &&
    !facts.drfDefaultPermissions &&
    !facts.loginMiddleware &&
    !facts.middleware?.length
  );
}

/** The auth evidence of a route handler registered by `routeDecorator` on `decorated`'s function. */
export function routeEvidenceOf(
  decorated: SgNode,
  fn: SgNode,
  routeCall: SgNode,
  names: NameResolver,
): RouteAuthEvidence {
  const receiver = routeCall.field("function")?.field("object")?.text() ?? "?";
  const owner = decorated.parent()?.parent();
  const className = owner?.kind() === "class_definition" ? owner.field("name")?.text() : undefined;
  const ownerRef: AuthRef | null =
    owner && className
      ? {
          written: `class ${className}`,
          target: names.resolve(className),
          via: "owner",
          optional: false,
          line: line(owner),
        }
      : null;
  return {
    router: names.resolve(receiver),
    refs: [
      ...(ownerRef ? [ownerRef] : []),
      ...dependenciesKeyword(routeCall, names),
      ...parameterRefs(fn, names),
      ...decoratorRefs(decorated, names).filter((ref) => !isRouteDecoratorOf(ref, receiver)),
    ],
    denies: deniesAccess(fn),
  };
}

function isRouteDecoratorOf(ref: AuthRef, receiver: string): boolean {
  return ref.written.startsWith(`@${receiver}.`);
}

function definitionOf(
  assignment: SgNode,
  names: NameResolver,
  facts: PythonAuthFile,
  dependencyModule: boolean,
): void {
  const left = assignment.field("left");
  const right = assignment.field("right");
  if (left?.kind() !== "identifier" || !right) return;
  const name = left.text();
  const at = line(assignment);
  if (right.kind() === "subscript" && right.field("value")?.text().split(".").pop() === "Annotated") {
    const [, base, ...metadata] = right.children().filter((c) => c.isNamed());
    const refs = metadata
      .map((c) => dependencyRef(c, names, base ?? null))
      .filter((r): r is AuthRef => r !== null);
    if (refs.length > 0)
      facts.definitions.push({ name, line: at, kind: "alias", refs, optional: false, denies: false });
    return;
  }
  if (right.kind() !== "call") return;
  const direct = dependencyRef(right, names, null);
  if (direct) {
    facts.definitions.push({ name, line: at, kind: "alias", refs: [direct], optional: false, denies: false });
    return;
  }
  const constructor = right.field("function");
  const callee = constructor?.text().split(".").pop() ?? "";
  if (SCHEME_CLASSES.has(callee))
    facts.definitions.push({
      name,
      line: at,
      kind: "scheme",
      refs: [],
      optional: keywordArg(right, "auto_error")?.text() === "False",
      denies: false,
    });
  else if (
    ROUTER_CLASSES.has(callee) ||
    (constructor && isDottedName(constructor) && ROUTER_CLASS_NAME.test(callee))
  )
    facts.routers.push({
      name,
      line: at,
      refs: dependenciesKeyword(right, names),
      base: ROUTER_CLASSES.has(callee) || !constructor ? null : names.resolve(constructor.text()),
    });
  // In dependency modules, an instance used as a dependency (`_read = Authenticator(scopes=…)`,
  // `current_active_user = fastapi_users.current_user(active=True)`) stands for what it is built from.
  else if (dependencyModule && constructor && isDottedName(constructor))
    facts.definitions.push({
      name,
      line: at,
      kind: "alias",
      refs: [
        {
          written: `${constructor.text()}(…)`,
          target: names.resolve(constructor.text()),
          via: "depends",
          optional: isOptionalCall(right),
          line: at,
        },
      ],
      optional: false,
      denies: false,
    });
}

/**
 * A class: its bases and `user: User = Depends(get_current_user)` attributes (class-based views inject these into
 * every route method); a router subclass also records the dependencies its `super().__init__(...)` passes.
 */
function classOf(cls: SgNode, names: NameResolver, facts: PythonAuthFile): void {
  const name = cls.field("name")?.text() ?? "?";
  const bases = (cls.field("superclasses")?.children() ?? []).filter(isDottedName);
  const refs: AuthRef[] = bases.map((base) => ({
    written: base.text(),
    target: names.resolve(base.text()),
    via: "class",
    optional: false,
    line: line(base),
  }));
  for (const statement of cls.field("body")?.children() ?? []) {
    const assignment = statement.kind() === "expression_statement" ? statement.children()[0] : null;
    const value = assignment?.kind() === "assignment" ? assignment.field("right") : null;
    const ref = value ? dependencyRef(value, names, assignment?.field("type")?.children()[0] ?? null) : null;
    if (ref) refs.push(ref);
  }
  // A middleware class guards when its methods refuse requests (most auth middleware just resolves the user); a
  // dependency class (`Depends(RoleCheck({"admin"}))`) when its __call__ does.
  const methods = (cls.field("body")?.children() ?? []).flatMap((statement) => {
    const fn = statement.kind() === "decorated_definition" ? statement.field("definition") : statement;
    return fn?.kind() === "function_definition" ? [fn] : [];
  });
  const denies = /Middleware$/.test(name)
    ? methods.some((fn) => deniesAccess(fn))
    : methods.some((fn) => fn.field("name")?.text() === "__call__" && deniesAccess(fn));
  if (refs.length > 0 || denies)
    facts.definitions.push({ name, line: line(cls), kind: "class", refs, optional: false, denies });
  const routerBase = bases.find(
    (b) => ROUTER_CLASSES.has(b.text().split(".").pop() ?? "") || ROUTER_CLASS_NAME.test(b.text()),
  );
  if (!routerBase) return;
  const init = findKind(cls, "call").find((c) =>
    /^super\(\s*\w*\s*,?\s*\w*\s*\)\.__init__$/.test(c.field("function")?.text() ?? ""),
  );
  facts.routers.push({
    name,
    line: line(cls),
    refs: init ? dependenciesKeyword(init, names) : [],
    base: ROUTER_CLASSES.has(routerBase.text().split(".").pop() ?? "")
      ? null
      : names.resolve(routerBase.text()),
  });
}

/** `Depends(x)` / `Security(x, scopes=…)` → a ref to x (to `annotation` for a bare `Depends()`). */
function dependencyRef(call: SgNode, names: NameResolver, annotation: SgNode | null): AuthRef | null {
  if (call.kind() !== "call") return null;
  const fn = call.field("function");
  const via = fn ? names.dependencyMarker(fn) : null;
  if (!via) return null;
  const argument = positionalArgs(call)[0] ?? keywordArg(call, "dependency");
  const provider = argument?.kind() === "call" ? argument.field("function") : argument;
  const named =
    provider && isDottedName(provider)
      ? provider
      : annotation && isDottedName(annotation)
        ? annotation
        : null;
  if (!named) return null;
  return {
    written: call.text().replace(/\s+/g, " "),
    target: names.resolve(named.text()),
    via,
    optional: argument?.kind() === "call" && isOptionalCall(argument),
    line: line(call),
  };
}

/** `dependencies=[Depends(a), Security(b)]` on a route decorator, router constructor or include_router call. */
function dependenciesKeyword(call: SgNode, names: NameResolver): AuthRef[] {
  const list = keywordArg(call, "dependencies");
  if (!list || (list.kind() !== "list" && list.kind() !== "tuple")) return [];
  return list
    .children()
    .map((item) => dependencyRef(item, names, null))
    .filter((r): r is AuthRef => r !== null);
}

/** The dependencies a function's parameters declare: defaults, Annotated[...] metadata and (maybe alias) annotations. */
export function parameterRefs(fn: SgNode, names: NameResolver): AuthRef[] {
  const refs: AuthRef[] = [];
  for (const parameter of fn.field("parameters")?.children() ?? []) {
    const kind = parameter.kind();
    if (kind !== "typed_parameter" && kind !== "typed_default_parameter" && kind !== "default_parameter")
      continue;
    const annotation =
      parameter
        .field("type")
        ?.children()
        .find((c) => c.isNamed()) ?? null;
    const value = parameter.field("value");
    const fromDefault = value ? dependencyRef(value, names, annotation) : null;
    if (fromDefault) refs.push(fromDefault);
    if (!annotation) continue;
    if (
      annotation.kind() === "generic_type" &&
      annotation.children()[0]?.text().split(".").pop() === "Annotated"
    ) {
      const parts =
        annotation
          .find({ rule: { kind: "type_parameter" } })
          ?.children()
          .filter((c) => c.kind() === "type") ?? [];
      const base = parts[0]?.children().find((c) => c.isNamed()) ?? null;
      for (const part of parts.slice(1)) {
        const call = part.children().find((c) => c.kind() === "call");
        const ref = call ? dependencyRef(call, names, base) : null;
        if (ref) refs.push(ref);
      }
    } else if (isDottedName(annotation) && !SCALAR_TYPES.has(annotation.text()) && !fromDefault)
      refs.push({
        written: annotation.text(),
        target: names.resolve(annotation.text()),
        via: "annotation",
        optional: false,
        line: line(annotation),
      });
  }
  return refs;
}

/** Decorators of a decorated definition, as refs (`@login_required`, `@jwt_required()`, `@auth.login_required(role="admin")`). */
export function decoratorRefs(decorated: SgNode | null, names: NameResolver): AuthRef[] {
  if (decorated?.kind() !== "decorated_definition") return [];
  const refs: AuthRef[] = [];
  for (const decorator of decorated.children().filter((c) => c.kind() === "decorator")) {
    const expression = decorator.children().find((c) => c.isNamed());
    if (!expression) continue;
    const named = expression.kind() === "call" ? expression.field("function") : expression;
    if (!named || !isDottedName(named)) continue;
    refs.push({
      written: `@${expression.text().replace(/\s+/g, " ")}`,
      target: names.resolve(named.text()),
      via: "decorator",
      optional: expression.kind() === "call" && isOptionalCall(expression),
      line: line(decorator),
    });
  }
  return refs;
}

/** `required=False`, `auto_error=False` or `optional=True` among the call's keywords, or Anonymous admitted. */
export function isOptionalCall(call: SgNode): boolean {
  return (
    keywordArg(call, "required")?.text() === "False" ||
    keywordArg(call, "auto_error")?.text() === "False" ||
    keywordArg(call, "optional")?.text() === "True" ||
    // An authenticator that admits anonymous callers (`allowed_subjects={User, Anonymous}`).
    /\bAnonymous\b/.test(call.field("arguments")?.text() ?? "")
  );
}

export function isDottedName(node: SgNode): boolean {
  return node.kind() === "identifier" || (node.kind() === "attribute" && /^[\w.]+$/.test(node.text()));
}

function findFunction(tree: SgNode, name: string): SgNode | null {
  return (
    tree
      .children()
      .map((c) => (c.kind() === "decorated_definition" ? c.field("definition") : c))
      .find((c) => c?.kind() === "function_definition" && c.field("name")?.text() === name) ?? null
  );
}
