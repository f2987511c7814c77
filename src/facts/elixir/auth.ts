// Which router pipelines, piped-through function plugs, on_mount hooks and controller/LiveView plugs enforce
// authentication, and so which routes are reachable only by a signed-in (or otherwise authenticated) client.
//
// Classification is by name, corrected by the plug's own code when it is in the repository:
// - names that only load or assign the user (`fetch_current_user`, `mount_current_scope`, `Guardian.Plug.VerifySession`,
//   `LoadResource`, `redirect_if_user_is_authenticated`, `maybe_*`) never enforce;
// - names with an auth word (`auth`, `authenticate`, `authorize`, `BasicAuth`, `DashboardAuth`, `ensure_authenticated`)
//   or a require/ensure/verify word with a subject (`require_user`, `verify_account_is_site_admin`, `requires_login`, `require_admin`, `ensure_staff`,
//   `admin_only`) enforce;
// - a plug or hook defined in the repository whose code can never stop the request (no halt, raise or {:halt, _}, and
//   no outside call that might) does not enforce whatever its name (changelog's `Plug.Authenticate` only assigns);
//   a module that is itself a pipeline of plugs (Guardian pipelines, Plug.Builder) enforces when one of its plugs does;
// - a function plug of any name that reads a credential from the request (a header, a parameter) and checks it
//   (`Plug.Crypto.secure_compare`, `valid_…?`, `verify_…`) before it halts enforces: a shared secret authenticates;
// - a LiveView whose mount/3 reads the user or role and can redirect or raise checks access itself.
import type { HookRef, PlugCall, PlugModuleFacts } from "./plugs.js";
import type { PipelineFacts, RouteFacts, RouterFacts } from "./router.js";

/** What makes a route require authentication. */
export interface AuthGuard {
  /**
   * "pipeline": a plug of a pipeline piped through; "plug": a function plug piped through directly
   * (`pipe_through [:browser, :require_authenticated_user]`); "on_mount": a live_session or route hook; "module": the
   * controller's own plug or the LiveView's own on_mount hook.
   */
  via: "pipeline" | "plug" | "on_mount" | "module";
  /** The pipeline's name when via is "pipeline". */
  pipeline: string | null;
  /** The enforcing plug or hook as written: `:require_authenticated_user`, `{MyAppWeb.UserAuth, :ensure_authenticated}`. */
  by: string;
  path: string;
  line: number;
}

export interface AuthPipelineFacts extends PipelineFacts {
  /** The first plug of the pipeline that enforces authentication, or null. */
  auth: AuthGuard | null;
}

export interface AuthRouteFacts extends RouteFacts {
  /** What the router applies to the route (a pipeline's plug, a piped-through function plug, an on_mount hook). */
  auth: AuthGuard | null;
  /** What the target module applies to this action itself (a controller plug, a LiveView on_mount hook). */
  moduleAuth: AuthGuard | null;
}

export interface AuthRouterFacts extends Omit<RouterFacts, "pipelines" | "routes"> {
  path: string;
  pipelines: AuthPipelineFacts[];
  routes: AuthRouteFacts[];
  /** Whether any pipeline, piped-through plug or on_mount hook of the router enforces authentication. */
  enforcesAuth: boolean;
}

type Located<T> = T & { path: string };

const AUTH_WORD =
  /^(auth|authn|authz|authenticate|authenticated|authentication|authenticator|authorize|authorized|authorization|authorizer|authorise|authorised|authorisation)$/;
const REQUIRE_WORDS = new Set([
  "require",
  "requires",
  "ensure",
  "ensures",
  "enforce",
  "enforces",
  "must",
  "restrict",
  "protect",
  "check",
  "verify",
  "assert",
]);
const SUBJECT_WORDS = new Set([
  "user",
  "users",
  "login",
  "logged",
  "signed",
  "admin",
  "admins",
  "administrator",
  "staff",
  "superuser",
  "member",
  "owner",
  "role",
  "roles",
  "permission",
  "permissions",
  "scope",
  "account",
  "session",
  "sudo",
  "access",
  "api",
  "token",
  "team",
  "org",
  "organization",
  "identity",
  "principal",
]);
const NEGATING_WORDS = new Set([
  "not",
  "no",
  "non",
  "unless",
  "if",
  "maybe",
  "optional",
  "optionally",
  "redirect",
  "without",
  "skip",
  "public",
  "guest",
  "anonymous",
  "unauthenticated",
]);
const LOADING_FIRST_WORDS = new Set([
  "fetch",
  "load",
  "mount",
  "assign",
  "put",
  "get",
  "set",
  "current",
  "init",
]);

/** The words of a plug or hook name: `:require_authenticated_user`, `Pow.Plug.RequireAuthenticated`, `APIAuthPlug`. */
function nameWords(name: string): string[] {
  return identifierWords(name.replace(/^:/, "").split(".").pop() ?? "");
}

/** Lower-case words of an identifier, module name or path segment: `APIAuthPlug` → api, auth, plug; `log_in` → log, in. */
export function identifierWords(text: string): string[] {
  return text
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z\d])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** What a plug or hook name says (see the file header): it enforces authentication, it only loads, or neither. */
export function authNameKind(name: string): "enforces" | "loads" | null {
  const words = nameWords(name);
  const first = words[0] ?? "";
  if (words.some((word) => NEGATING_WORDS.has(word)) || LOADING_FIRST_WORDS.has(first)) return "loads";
  if (first === "verify" && words.some((word) => /^(session|header|cookie)$/.test(word))) return "loads";
  if (words.some((word) => AUTH_WORD.test(word))) return "enforces";
  if (REQUIRE_WORDS.has(first) && words.some((word) => SUBJECT_WORDS.has(word))) return "enforces";
  const last = words[words.length - 1] ?? "";
  return /^(only|required|needed)$/.test(last) && words.some((word) => SUBJECT_WORDS.has(word))
    ? "enforces"
    : null;
}

/** True when a plug or hook name says it enforces authentication. */
export function enforcesAuthByName(name: string): boolean {
  return authNameKind(name) === "enforces";
}

/** Text of a hook as written in a router: `{MyAppWeb.UserAuth, :ensure_authenticated}` or `MyAppWeb.AuthHook`. */
export function hookText(hook: HookRef): string {
  return hook.hook === null ? hook.module : `{${hook.module}, :${hook.hook}}`;
}

function plugText(plug: PlugCall): string {
  return plug.option === null ? plug.name : `${plug.name}, :${plug.option}`;
}

/** Resolves plugs and hooks to their definitions in the repository and decides whether they enforce authentication. */
export class AuthResolver {
  private readonly modules = new Map<string, Located<PlugModuleFacts>>();
  private readonly functionPlugs = new Map<string, Array<PlugModuleFacts["functionPlugs"][number]>>();

  constructor(modules: ReadonlyArray<Located<PlugModuleFacts>>) {
    for (const mod of modules) {
      if (!this.modules.has(mod.module)) this.modules.set(mod.module, mod);
      for (const fn of mod.functionPlugs)
        this.functionPlugs.set(fn.name, [...(this.functionPlugs.get(fn.name) ?? []), fn]);
    }
  }

  module(name: string): Located<PlugModuleFacts> | undefined {
    return this.modules.get(name);
  }

  /**
   * Whether a plug (`:function_plug` or a module name, as written in `owner`) enforces authentication. A function plug is
   * looked up in the owner, then in the modules it imports, then anywhere in the repository by name. An atom option
   * that names what a dispatching plug does (`plug MyAppWeb.Auth, :fetch_current_user`) decides over the module's name.
   */
  enforcesPlug(
    plug: string,
    owner: { module: string; imports: readonly string[] },
    option: string | null = null,
    depth = 0,
  ): boolean {
    const optionKind = option === null ? null : authNameKind(option);
    const named = optionKind !== null ? optionKind === "enforces" : enforcesAuthByName(plug);
    if (!named && optionKind === null && this.haltsForSubject(plug, owner)) return true;
    if (!named && optionKind === null && this.checksCredential(plug, owner)) return true;
    if (!named && !this.isEnforcingPipelineModule(plug, depth)) return false;
    if (plug.startsWith(":")) {
      const name = plug.slice(1);
      const local = [owner.module, ...owner.imports]
        .map((module) => this.modules.get(module)?.functionPlugs.filter((fn) => fn.name === name) ?? [])
        .find((found) => found.length > 0);
      const definitions = local ?? this.functionPlugs.get(name) ?? [];
      return !(definitions.length > 0 && definitions.every((fn) => fn.halts === "passes"));
    }
    const mod = this.modules.get(plug);
    if (!mod) return true;
    if (mod.call === null && mod.plugs.length > 0) return this.isEnforcingPipelineModule(plug, depth);
    if (mod.call === null && mod.uses.includes("Pow.Plug.Base")) return false;
    return mod.call !== "passes";
  }

  /**
   * A plug named for who may pass but with no auth word (`:force_current_user`, `:force_current_user_admin`,
   * `MyAppWeb.Plugs.AdminUser`), not a loader's name, whose code in the repository always can stop the request
   * (every definition halts: redirect and `halt` when there is no user, 403 when the user is no admin).
   */
  private haltsForSubject(plug: string, owner: { module: string; imports: readonly string[] }): boolean {
    const words = nameWords(plug);
    if (authNameKind(plug) === "loads" || !words.some((word) => SUBJECT_WORDS.has(word))) return false;
    if (!plug.startsWith(":")) return this.modules.get(plug)?.call === "halts";
    const name = plug.slice(1);
    const local = [owner.module, ...owner.imports]
      .map((module) => this.modules.get(module)?.functionPlugs.filter((fn) => fn.name === name) ?? [])
      .find((found) => found.length > 0);
    const definitions = local ?? this.functionPlugs.get(name) ?? [];
    return definitions.length > 0 && definitions.every((fn) => fn.halts === "halts");
  }

  /**
   * A function plug of any name whose code in the repository reads a credential from the request and checks it
   * before halting (`:check_proxy_config_key` comparing an `x-key` header with `Plug.Crypto.secure_compare`).
   */
  private checksCredential(plug: string, owner: { module: string; imports: readonly string[] }): boolean {
    if (!plug.startsWith(":")) return false;
    const name = plug.slice(1);
    const local = [owner.module, ...owner.imports]
      .map((module) => this.modules.get(module)?.functionPlugs.filter((fn) => fn.name === name) ?? [])
      .find((found) => found.length > 0);
    const definitions = local ?? this.functionPlugs.get(name) ?? [];
    return definitions.length > 0 && definitions.every((fn) => fn.checksCredential === true);
  }

  /** Whether an on_mount hook enforces authentication (`{UserAuth, :ensure_authenticated}`, `AuthHook`). */
  enforcesHook(hook: HookRef): boolean {
    if (!enforcesAuthByName(hook.hook ?? hook.module)) return false;
    const clauses = (this.modules.get(hook.module)?.onMountHooks ?? []).filter(
      (clause) => clause.hook === null || clause.hook === (hook.hook ?? "default"),
    );
    return !(clauses.length > 0 && clauses.every((clause) => clause.halts === "passes"));
  }

  /** A module in the repository that is itself a pipeline of plugs (Guardian pipeline, Plug.Builder) with an enforcing plug. */
  private isEnforcingPipelineModule(plug: string, depth: number): boolean {
    const mod = plug.startsWith(":") || depth > 3 ? undefined : this.modules.get(plug);
    if (!mod || mod.call !== null || mod.plugs.length === 0) return false;
    return mod.plugs.some((inner) => this.enforcesPlug(inner.name, mod, inner.option, depth + 1));
  }
}

/** The router with each pipeline's and route's authentication resolved against the repository's plugs and hooks. */
export function resolveRouterAuth(router: Located<RouterFacts>, resolver: AuthResolver): AuthRouterFacts {
  const owner = { module: router.module, imports: router.imports };
  // A pipeline may plug another pipeline (`plug :browser`): the inner pipeline's auth counts.
  const declared = new Map(router.pipelines.map((pipeline) => [pipeline.name, pipeline]));
  const pipelineAuth = (pipeline: PipelineFacts, seen: ReadonlySet<string>): AuthGuard | null => {
    for (const plug of pipeline.plugs) {
      const inner = plug.name.startsWith(":") ? declared.get(plug.name.slice(1)) : undefined;
      if (inner && !seen.has(inner.name)) {
        const guard = pipelineAuth(inner, new Set([...seen, inner.name]));
        if (guard) return guard;
      } else if (!inner && resolver.enforcesPlug(plug.name, owner, plug.option)) {
        return {
          via: "pipeline",
          pipeline: pipeline.name,
          by: plugText(plug),
          path: router.path,
          line: plug.line,
        };
      }
    }
    return null;
  };
  const pipelines: AuthPipelineFacts[] = router.pipelines.map((pipeline) => ({
    ...pipeline,
    auth: pipelineAuth(pipeline, new Set([pipeline.name])),
  }));
  const byName = new Map(pipelines.map((pipeline) => [pipeline.name, pipeline]));
  const routerAuth = (route: RouteFacts): AuthGuard | null => {
    for (const name of route.pipeThrough) {
      const pipeline = byName.get(name);
      if (pipeline?.auth) return pipeline.auth;
      // Not a pipeline: a function plug (`:require_authenticated_user`) or a module plug piped through directly.
      const plug = /^[A-Z]/.test(name) ? name : `:${name}`;
      if (!pipeline && resolver.enforcesPlug(plug, owner)) {
        const line = route.scope === null ? route.line : router.scopes[route.scope]!.line;
        return { via: "plug", pipeline: null, by: plug, path: router.path, line };
      }
    }
    const session = route.liveSession === null ? null : router.liveSessions[route.liveSession]!;
    for (const [hooks, line] of [
      [session?.onMount ?? [], session?.line ?? route.line],
      [route.onMount, route.line],
    ] as const) {
      const hook = hooks.find((candidate) => resolver.enforcesHook(candidate));
      if (hook) return { via: "on_mount", pipeline: null, by: hookText(hook), path: router.path, line };
    }
    return null;
  };
  const routes = router.routes.map((route) => ({
    ...route,
    auth: routerAuth(route),
    moduleAuth: moduleAuth(route, resolver),
  }));
  const enforcesAuth =
    pipelines.some((pipeline) => pipeline.auth !== null) ||
    routes.some((route) => route.auth !== null) ||
    router.liveSessions.some((session) => session.onMount.some((hook) => resolver.enforcesHook(hook)));
  return { ...router, pipelines, routes, enforcesAuth };
}

/** A controller's own plug covering the route's action, or a LiveView's own on_mount hook or mount/3 access check. */
function moduleAuth(route: RouteFacts, resolver: AuthResolver): AuthGuard | null {
  const mod = route.module ? resolver.module(route.module) : undefined;
  if (!mod) return null;
  const covers = (only: string[] | null, except: string[] | null): boolean =>
    route.action === null
      ? only === null
      : (only === null || only.includes(route.action)) && !(except ?? []).includes(route.action);
  const plug = mod.plugs.find(
    (candidate) =>
      covers(candidate.only, candidate.except) &&
      resolver.enforcesPlug(candidate.name, mod, candidate.option),
  );
  if (plug) return { via: "module", pipeline: null, by: plugText(plug), path: mod.path, line: plug.line };
  if (route.verb !== "live") return null;
  const hook = mod.onMount.find((candidate) => resolver.enforcesHook(candidate));
  if (hook) return { via: "module", pipeline: null, by: hookText(hook), path: mod.path, line: hook.line };
  return mod.mountGuard === null
    ? null
    : { via: "module", pipeline: null, by: "mount/3 access check", path: mod.path, line: mod.mountGuard };
}
