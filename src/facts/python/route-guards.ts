// Repository-wide resolution of route guards: follows Annotated aliases, dependency functions, security schemes,
// router-level dependencies, include_router chains and before_request hooks across modules, and says for each
// route whether it requires authentication, handles it optionally, or shows no sign of it.
import type {
  AuthDefinition,
  AuthRef,
  PythonAuthFile,
  RouteAuthEvidence,
  RouterDefinition,
} from "./route-auth.js";

/** What the code says about a route's authentication. */
export interface RouteAuth {
  /**
   * guarded: a dependency, decorator, router, include_router, before_request hook or middleware requires
   * authentication;
   * optional: it reads the user when there is one (required=False, auto_error=False, optional=True) or refuses the
   * request inline in the handler; public: explicitly open to everyone (DRF `AllowAny`, empty
   * `permission_classes`, `@csrf_exempt` endpoints for other services); none: nothing found.
   */
  status: "guarded" | "optional" | "public" | "none";
  /** What guards it, as written, with where for guards outside the handler. */
  evidence: string | null;
}

export type Kind = "guard" | "optional" | null;

export interface Located<T> {
  value: T;
  module: string;
  path: string;
}

/**
 * Auth meaning of a dependency, decorator or scheme name, or null when the name says nothing:
 * optional for optional/maybe/anonymous names, guard for names about authentication or authorisation
 * (auth*, jwt, token, bearer, api key, permission, role, admin/superuser/staff, login, current_<user|account…>,
 * require_*, *_required, verify/check_<user|token|key|access|signature|credentials>), with login forms excluded.
 */
export function authNameKind(name: string): Kind {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
  const words = snake.split(/_+/).filter(Boolean);
  if (words.some((w) => OPTIONAL_WORDS.has(w))) return "optional";
  if (words.includes("form")) return null;
  if (words.some((w) => GUARD_WORDS.has(w) || /^authenticat|^authori[sz]/.test(w))) return "guard";
  // require_*/…_required say what they require: only a user, a login, a role … is authentication
  // (`require_setting`, `require_POST` are not); a bare `requires(...)` is Starlette's auth decorator.
  if (words.length === 1 && (words[0] === "require" || words[0] === "requires")) return "guard";
  if (
    words.some((w) => w === "require" || w === "requires" || w === "required") &&
    words.some((w) => REQUIRED_SUBJECTS.has(w))
  )
    return "guard";
  if (/(^|_)passes_test(_|$)/.test(snake)) return "guard";
  if (
    /(^|_)current(_[a-z0-9]+)*_(user|account|principal|identity|member|admin|superuser|owner|client)(_|$)/.test(
      snake,
    )
  )
    return "guard";
  if (
    /(^|_)(verify|check|ensure|validate)(_[a-z0-9]+)*_(user|token|key|access|signature|credentials?|login)(_|$)/.test(
      snake,
    )
  )
    return "guard";
  return null;
}

const OPTIONAL_WORDS = new Set(["optional", "maybe", "anonymous", "anon"]);
// What a require_*/…_required decorator must name to be about authentication (beside the GUARD_WORDS).
const REQUIRED_SUBJECTS = new Set([
  "user",
  "users",
  "member",
  "members",
  "team",
  "account",
  "verified",
  "owner",
  "fresh",
  "session",
  "signin",
  "group",
  "groups",
  "access",
  "key",
  "scope",
  "scopes",
]);
const GUARD_WORDS = new Set([
  "auth",
  "auth2",
  "oauth",
  "oauth2",
  "authn",
  "authz",
  "authed",
  "jwt",
  "bearer",
  "token",
  "apikey",
  "permission",
  "permissions",
  "perm",
  "perms",
  "role",
  "roles",
  "admin",
  "superuser",
  "staff",
  "acl",
  "login",
  "logged",
  "protect",
  "protected",
  "guard",
]);

/**
 * Django's own views that wrap `dispatch` in `login_required`: a subclass is guarded without saying so
 * (django/contrib/auth/views.py).
 */
const DJANGO_LOGIN_REQUIRED_VIEWS = new Set(["PasswordChangeView", "PasswordChangeDoneView"]);

/**
 * Auth meaning of a library base class: only access mixins count (LoginRequiredMixin, PermissionRequiredMixin,
 * UserPassesTestMixin, django-braces' *RequiredMixin) and Django's login-required views (PasswordChangeView); a
 * base such as ObtainJSONWebTokenView names a login view.
 */
export function authBaseKind(name: string): Kind {
  if (DJANGO_LOGIN_REQUIRED_VIEWS.has(name)) return "guard";
  return /Mixin$|Required|Permission|PassesTest/.test(name) && authNameKind(name) === "guard"
    ? "guard"
    : null;
}

/** The symbols of every file, looked up by the dotted names other files use for them. */
class SymbolTable<T extends { name: string }> {
  private readonly byName = new Map<string, Array<Located<T>>>();

  add(value: T, module: string, path: string): void {
    const list = this.byName.get(value.name) ?? [];
    list.push({ value, module, path });
    this.byName.set(value.name, list);
  }

  /**
   * `app.api.deps.CurrentUser` finds CurrentUser defined in a module ending with `app.api.deps` (sources under
   * `backend/` or `src/` are matched by suffix); a name re-exported by a package of the repository resolves to
   * its only definition in that package.
   */
  lookup(target: string): Located<T> | null {
    const dot = target.lastIndexOf(".");
    const name = target.slice(dot + 1);
    const prefix = dot < 0 ? "" : target.slice(0, dot);
    const candidates = this.byName.get(name) ?? [];
    const exact = candidates.find((c) => c.module === prefix || c.module.endsWith(`.${prefix}`));
    if (exact || !prefix) return exact ?? null;
    // A package that re-exports the name (`from .users import CurrentUser` in deps/__init__.py): its only
    // definition in a module below that package.
    const below = candidates.filter(
      (c) => c.module.startsWith(`${prefix}.`) || c.module.includes(`.${prefix}.`),
    );
    return below.length === 1 ? (below[0] ?? null) : null;
  }
}

/** Resolves route guards across the repository's files. */
export class RouteGuards {
  private readonly definitions: SymbolTable<AuthDefinition>;
  private readonly routers: SymbolTable<RouterDefinition>;
  /** include_router calls with the parent and child routers resolved to their ids. */
  private readonly includes: Array<{
    path: string;
    include: PythonAuthFile["includes"][number];
    parent: string;
    child: string;
  }> = [];
  private readonly hooks: Array<{ path: string; hook: PythonAuthFile["hooks"][number]; router: string }> = [];
  private readonly kinds = new Map<string, { kind: Kind; why: string }>();
  private readonly routerGuards = new Map<string, string | null>();

  constructor(files: ReadonlyArray<{ path: string; auth: PythonAuthFile }>) {
    this.definitions = new SymbolTable();
    this.routers = new SymbolTable();
    for (const { path, auth } of files) {
      for (const definition of auth.definitions) this.definitions.add(definition, auth.module, path);
      for (const router of auth.routers) this.routers.add(router, auth.module, path);
    }
    for (const { path, auth } of files) {
      for (const include of auth.includes)
        this.includes.push({
          path,
          include,
          parent: this.routerId(include.parent),
          child: this.routerId(include.child),
        });
      for (const hook of auth.hooks) this.hooks.push({ path, hook, router: this.routerId(hook.router) });
    }
  }

  /** The alias, provider, scheme or class a dotted name refers to, or null. */
  definition(target: string): Located<AuthDefinition> | null {
    return this.definitions.lookup(target);
  }

  /** The auth meaning of a ref, following aliases and dependency functions across modules. */
  refKind(ref: AuthRef): { kind: Kind; why: string } {
    return this.kindOf(ref, new Set());
  }

  /** The router a dotted name refers to, as `<module>.<name>` of its definition (the name itself when not found). */
  routerId(target: string): string {
    const found = this.routers.lookup(target);
    return found ? `${found.module}.${found.value.name}` : target;
  }

  /** What guards a route: its own dependencies and decorators first, then its router's. */
  routeAuth(evidence: RouteAuthEvidence): RouteAuth {
    const kinds = evidence.refs.map((ref) => ({ ref, ...this.kindOf(ref, new Set()) }));
    const guard = kinds.find((k) => k.kind === "guard");
    if (guard) return { status: "guarded", evidence: describe(guard.ref, guard.why) };
    const router = this.routerGuard(this.routerId(evidence.router), new Set());
    if (router) return { status: "guarded", evidence: router };
    const optional = kinds.find((k) => k.kind === "optional");
    if (optional) return { status: "optional", evidence: describe(optional.ref, optional.why) };
    const exempt = evidence.refs.find(isCsrfExempt);
    if (exempt) return { status: "public", evidence: csrfExemptEvidence(exempt) };
    if (evidence.denies)
      return {
        status: "optional",
        evidence: "the handler refuses requests itself (401/403 or a redirect to login)",
      };
    return { status: "none", evidence: null };
  }

  /** Why every route of the router is guarded (constructor, include_router or before_request), or null. */
  private routerGuard(id: string, seen: Set<string>): string | null {
    const known = this.routerGuards.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return null;
    seen.add(id);
    const result = this.findRouterGuard(id, seen);
    this.routerGuards.set(id, result);
    return result;
  }

  private findRouterGuard(id: string, seen: Set<string>): string | null {
    const definition = this.routers.lookup(id);
    if (definition) {
      const guard = definition.value.refs.find((ref) => this.kindOf(ref, new Set()).kind === "guard");
      if (guard) return `\`${guard.written}\` on the router (${definition.path}:${definition.value.line})`;
      const base = definition.value.base
        ? this.routerGuard(this.routerId(definition.value.base), seen)
        : null;
      if (base) return base;
    }
    for (const hook of this.hooks) {
      if (!hook.hook.appWide && hook.router !== id) continue;
      const guard = hook.hook.refs.find((ref) => this.kindOf(ref, new Set()).kind === "guard");
      if (hook.hook.denies || guard)
        return `request hook or middleware ${hook.hook.handler} (${hook.path}:${hook.hook.line})`;
    }
    for (const { path, include, parent: parentId, child } of this.includes) {
      if (child !== id) continue;
      const guard = include.refs.find((ref) => this.kindOf(ref, new Set()).kind === "guard");
      if (guard) return `\`${guard.written}\` on include_router (${path}:${include.line})`;
      const parent = this.routerGuard(parentId, seen);
      if (parent) return parent;
    }
    return null;
  }

  /** The auth meaning of a ref, following aliases and dependency functions across modules. */
  private kindOf(ref: AuthRef, seen: Set<string>): { kind: Kind; why: string } {
    if (ref.optional) return { kind: "optional", why: "" };
    const key = `${ref.via}:${ref.target}`;
    const known = this.kinds.get(key);
    if (known) return known;
    if (seen.has(key)) return { kind: null, why: "" };
    seen.add(key);
    const result = this.resolveKind(ref, seen);
    this.kinds.set(key, result);
    return result;
  }

  private resolveKind(ref: AuthRef, seen: Set<string>): { kind: Kind; why: string } {
    const name = ref.target.split(".").pop() ?? "";
    if (ref.via === "middleware") {
      // Auth middleware mostly resolves the user (Starlette's AuthenticationMiddleware); it guards when a project
      // class refuses requests, or when its name says it enforces (RequireAuthMiddleware, LoginRequiredMiddleware).
      const definition = this.definitions.lookup(ref.target);
      if (definition?.value.kind === "class" && definition.value.denies)
        return { kind: "guard", why: `${definition.path}:${definition.value.line}` };
      return { kind: /Requir|Protect|Enforc|Guard/.test(name) ? authNameKind(name) : null, why: "" };
    }
    if (ref.via === "class" || ref.via === "owner") {
      // A project class is judged by what it declares; a library mixin (LoginRequiredMixin) by its name, but never
      // the view class itself (`AdminPanel` says nothing about its guard).
      const definition = this.definitions.lookup(ref.target);
      if (definition?.value.kind !== "class")
        return { kind: ref.via === "class" ? authBaseKind(name) : null, why: "" };
      const where = `${definition.path}:${definition.value.line}`;
      // A base whose methods refuse requests (a project LoginRequiredMixin) guards its subclasses.
      if (ref.via === "class" && definition.value.denies) return { kind: "guard", why: where };
      const combined = this.combine(definition.value.refs, where, seen);
      return combined.kind || ref.via === "owner" ? combined : { kind: authBaseKind(name), why: where };
    }
    // An optional-named dependency is optional whatever it calls; otherwise what a project definition does wins
    // over its name (a scheme with auto_error=False is optional even when named `bearer`).
    const named = ref.via === "annotation" ? null : authNameKind(name);
    if (named === "optional") return { kind: named, why: "" };
    const defined = this.definitionKind(ref, seen);
    if (defined.kind) return defined;
    if (named || ref.via === "security") return { kind: "guard", why: "" };
    return defined;
  }

  private definitionKind(ref: AuthRef, seen: Set<string>): { kind: Kind; why: string } {
    const definition = this.definitions.lookup(ref.target);
    // An annotation stands for a dependency only through an alias (`CurrentUser = Annotated[User, Depends(…)]`).
    if (!definition || (ref.via === "annotation" && definition.value.kind !== "alias"))
      return { kind: null, why: "" };
    const where = `${definition.path}:${definition.value.line}`;
    const value = definition.value;
    if (value.kind === "scheme") return { kind: value.optional ? "optional" : "guard", why: where };
    if (value.denies) return { kind: "guard", why: where };
    return this.combine(value.refs, where, seen);
  }

  /** Guard when any ref guards, else optional when any is optional. */
  private combine(refs: readonly AuthRef[], where: string, seen: Set<string>): { kind: Kind; why: string } {
    let result: Kind = null;
    for (const inner of refs) {
      const kind = this.kindOf(inner, seen).kind;
      if (kind === "guard") return { kind, why: where };
      if (kind === "optional") result = kind;
    }
    return { kind: result, why: where };
  }
}

/** `@csrf_exempt` / `@csrf.exempt`: an endpoint for other services (webhooks, bots), not for a logged-in browser. */
export function isCsrfExempt(ref: AuthRef): boolean {
  return ref.via === "decorator" && /(^|\.)csrf[._]exempt$/.test(ref.target);
}

export function csrfExemptEvidence(ref: AuthRef): string {
  return `\`${ref.written}\`: called by other services, not a logged-in browser`;
}

function describe(ref: AuthRef, where: string): string {
  return where ? `\`${ref.written}\` (defined at ${where})` : `\`${ref.written}\``;
}
