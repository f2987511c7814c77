// security/no-authenticated-routes: a web app whose state-changing routes are all reachable without authentication —
// no route, procedure or view of the stack is behind an auth middleware, dependency, decorator or guard.
import type { RepoFacts } from "../../facts/repo-facts.js";
import { isAuxiliaryPath } from "../../facts/python/syntax.js";
import { routeMiddleware } from "../../facts/go/route-middleware.js";
import { isAuthMiddlewareName } from "../../facts/go/middleware-names.js";
import { oneOffKind } from "../../facts/one-off-code.js";
import { authMiddlewareKind } from "../../facts/tsweb/express.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import { defineRule } from "../define-rule.js";
import { isPublicFormRoute, isPublicRoute } from "../shared/route-auth.js";

/** One stack's entry points as this rule weighs them. */
interface StackRoutes {
  stack: string;
  /** State-changing entry points that are not public by design. */
  writes: Array<{ label: string; path: string; line: number }>;
  /** All entry points seen, for the count in the message. */
  total: number;
  /** What was searched for authentication, for the finding's `searched`. */
  searched: string;
}

// Authentication libraries: a project that declares one but guards no route we can see most likely authenticates
// in a way the route facts do not show (a custom decorator, a handler-level check), so the rule stays silent.
const AUTH_LIBRARIES =
  /^(?:flask-login|flask-jwt-extended|flask-httpauth|flask-security(?:-too)?|fastapi-users|authlib|python-jose|pyjwt|djangorestframework-simplejwt|django-allauth|django-oauth-toolkit|dj-rest-auth|django-rest-knox|itsdangerous|passlib|bcrypt|argon2-cffi|next-auth|@auth\/\w+|@clerk\/\w+|lucia|better-auth|@supabase\/auth-helpers-\w+|@supabase\/ssr|passport(?:-\w+)?|jsonwebtoken|jose|@nestjs\/passport|@nestjs\/jwt|hono\/jwt|iron-session|express-session|github\.com\/golang-jwt\/jwt(?:\/v\d+)?|github\.com\/dgrijalva\/jwt-go|github\.com\/coreos\/go-oidc(?:\/v\d+)?|github\.com\/gorilla\/sessions|github\.com\/alexedwards\/scs\/v\d+|github\.com\/casbin\/casbin(?:\/v\d+)?|github\.com\/go-pkgz\/auth|golang\.org\/x\/oauth2|golang\.org\/x\/crypto|guardian|pow|ueberauth|bcrypt_elixir|argon2_elixir|pbkdf2_elixir|joken|ash_authentication|phx_gen_auth|assent)$/i;

const WRITE_METHODS = /^(?:POST|PUT|PATCH|DELETE|ACTION|MUTATION)$/i;
const READ_METHODS = /^(?:GET|HEAD|OPTIONS)$/i;

const isProductionPath = (path: string): boolean => oneOffKind(path) === null && !isExamplePath(path);

function declaredAuthLibrary(facts: RepoFacts): string | null {
  const declared = [
    ...(facts.python?.dependencies.declared ?? []),
    ...(facts.go?.dependencies.declared ?? []),
    ...(facts.node?.dependencies.declared ?? []),
    ...(facts.elixir?.dependencies.declared ?? []),
  ];
  return declared.find((d) => AUTH_LIBRARIES.test(d.name) && authPartUsed(facts, d.name))?.name ?? null;
}

// golang.org/x/crypto is a toolbox (ssh keys, ACME certificates, ciphers): it says the app has users only when the
// code imports its password hashing.
const GO_PASSWORD_HASHING = /^golang\.org\/x\/crypto\/(?:bcrypt|argon2|scrypt|pbkdf2)$/;

/** Whether the part of a declared library that authenticates is used (all of it, but for golang.org/x/crypto). */
function authPartUsed(facts: RepoFacts, name: string): boolean {
  if (name !== "golang.org/x/crypto") return true;
  return (facts.go?.importPaths ?? []).some((path) => GO_PASSWORD_HASHING.test(path));
}

/** FastAPI/Flask routes and Django/DRF views; null when any of them shows authentication of any kind. */
function pythonRoutes(facts: RepoFacts): StackRoutes | null {
  if (!facts.python) return null;
  const routes = [...facts.python.routes, ...facts.python.djangoViews].filter(
    (r) => !isAuxiliaryPath(r.path) && isProductionPath(r.path),
  );
  // guarded, optional or explicitly public: the app decides about authentication, route by route.
  if (routes.length === 0 || routes.some((r) => r.auth.status !== "none")) return null;
  const writes = routes
    .filter(
      (r) =>
        r.method !== "WEBSOCKET" &&
        r.touchesState &&
        r.httpMethods.some((m) => !READ_METHODS.test(m)) &&
        !isPublicRoute(r.urlPath, r.handler),
    )
    .map((r) => ({
      label: `${r.httpMethods.filter((m) => !READ_METHODS.test(m)).join("/")} ${r.urlPath ?? "?"} (${r.handler})`,
      path: r.path,
      line: r.line,
    }));
  return {
    stack: facts.python.djangoViews.length > 0 ? "Django" : "FastAPI/Flask",
    writes,
    total: routes.length,
    searched: `${routes.length} FastAPI/Flask routes and Django views for auth dependencies, decorators, permission classes, mixins, router- and app-wide guards and login middleware`,
  };
}

/** Go HTTP routes; null when any route has auth middleware or a router is handed to code the facts do not follow. */
function goRoutes(facts: RepoFacts): StackRoutes | null {
  if (!facts.go) return null;
  const routers = new Map<string, NonNullable<RepoFacts["go"]>["routers"]>();
  for (const router of facts.go.routers)
    routers.set(router.path, [...(routers.get(router.path) ?? []), router]);
  const routes = facts.go.routes.filter((r) => isProductionPath(r.path) && !r.mounts);
  if (routes.length === 0) return null;
  if (facts.go.routers.some((r) => r.handedOff)) return null;
  const anyAuth = routes.some((route) =>
    routeMiddleware(route, routers.get(route.path) ?? []).some(
      (mw) => mw.auth || isAuthMiddlewareName(mw.name),
    ),
  );
  if (anyAuth) return null;
  const writes = routes
    .filter(
      (r) =>
        r.method !== null &&
        WRITE_METHODS.test(r.method) &&
        !isPublicRoute(r.fullPattern, r.handler ?? undefined),
    )
    .map((r) => ({ label: `${r.method?.toUpperCase()} ${r.fullPattern}`, path: r.path, line: r.line }));
  return {
    stack: "Go HTTP",
    writes,
    total: routes.length,
    searched: `${routes.length} Go routes for auth middleware on the route, its groups and routers (Use, group arguments, wrappers)`,
  };
}

/**
 * Phoenix routes; null when any route is behind an auth pipeline, piped-through plug or on_mount hook (router), or
 * its controller or LiveView applies one itself, or any socket's connect authenticates.
 */
function phoenixRoutes(facts: RepoFacts): StackRoutes | null {
  if (!facts.elixir) return null;
  const routes = facts.elixir.routers.flatMap((router) =>
    router.routes
      .filter((route) => !route.devOnly && isProductionPath(router.path))
      .map((route) => ({ ...route, file: router.path })),
  );
  if (routes.length === 0) return null;
  if (facts.elixir.routers.some((router) => router.enforcesAuth)) return null;
  if (routes.some((route) => route.auth !== null || route.moduleAuth !== null)) return null;
  const writes = routes
    .filter((r) => WRITE_METHODS.test(r.verb) && !isPublicRoute(r.path, r.action ?? undefined))
    .map((r) => ({ label: `${r.verb.toUpperCase()} ${r.path}`, path: r.file, line: r.line }));
  return {
    stack: "Phoenix",
    writes,
    total: routes.length,
    searched: `${routes.length} Phoenix routes for auth plugs in their pipelines and scopes, on_mount hooks of their live sessions, and plugs or hooks their controllers and LiveViews apply`,
  };
}

/** tRPC procedures; null when any procedure is guarded or reads who is calling. */
function trpcRoutes(facts: RepoFacts): StackRoutes | null {
  const procedures = (facts.tsweb?.trpc.procedures ?? []).filter(
    (p) => !p.isTest && isProductionPath(p.path),
  );
  if (procedures.length === 0) return null;
  if (procedures.some((p) => p.guard.status === "guarded" || p.identityRead !== null)) return null;
  const writes = procedures
    .filter((p) => p.kind === "mutation" && !isPublicRoute(null, p.name ?? undefined))
    .map((p) => ({ label: `mutation ${p.name ?? "?"}`, path: p.path, line: p.line }));
  return {
    stack: "tRPC",
    writes,
    total: procedures.length,
    searched: `${procedures.length} tRPC procedures for protected bases, auth middlewares and reads of the caller (ctx.user, ctx.session)`,
  };
}

/** Next.js, Remix, Hono and NestJS routes; null when any route or app-wide middleware shows authentication. */
function tsRoutes(facts: RepoFacts): StackRoutes | null {
  const tsweb = facts.tsweb;
  if (!tsweb) return null;
  const routes = tsweb.routes.filter((r) => !r.isTest && isProductionPath(r.path));
  if (routes.length === 0) return null;
  const authNamed = (name: string): boolean => isAuthMiddlewareName(name);
  if (routes.some((r) => r.authCall !== null || r.middlewares.some(authNamed))) return null;
  if (tsweb.honoMiddlewares.some((m) => m.names.some(authNamed))) return null;
  // A Next.js middleware.ts (or proxy.ts) runs before every route: a gateway that may refuse anonymous requests.
  if (facts.files.some((f) => /(?:^|\/)(?:src\/)?(?:middleware|proxy)\.[jt]s$/.test(f.path))) return null;
  const writes = routes
    .filter((r) => WRITE_METHODS.test(r.method) && !isPublicRoute(r.urlPath, r.handler))
    .map((r) => ({ label: `${r.method} ${r.urlPath ?? r.handler}`, path: r.path, line: r.line }));
  return {
    stack: "Next.js/Remix/Hono/NestJS",
    writes,
    total: routes.length,
    searched: `${routes.length} Next.js/Remix/Hono/NestJS routes for session reads, auth middlewares and guards, and for a Next.js middleware file`,
  };
}

/**
 * Express / Koa-router routes; null when any of them passes an auth middleware (required or optional) or its router
 * gets one, with `.use` in its file or at a mount in any file (the tsweb facts follow mounts through imports).
 */
function expressRoutes(facts: RepoFacts): StackRoutes | null {
  const express = facts.tsweb?.express;
  if (!express) return null;
  const routes = express.routes.filter((r) => !r.isTest && isProductionPath(r.path));
  if (routes.length === 0) return null;
  const decided = (r: (typeof routes)[number]): boolean =>
    r.routerGuard !== null ||
    r.hookGuard !== null ||
    r.mountGuard !== null ||
    r.middlewares.some((m) => authMiddlewareKind(m) !== null);
  if (routes.some(decided) || express.mounts.some((m) => m.auth !== null)) return null;
  const writes = routes
    .filter(
      (r) =>
        WRITE_METHODS.test(r.method) &&
        // A router's `/` is the collection at its mount's prefix, not a probe of the app's root.
        (r.urlPath === "/" || !isPublicRoute(r.urlPath)) &&
        !isPublicFormRoute(r.urlPath),
    )
    .map((r) => ({ label: `${r.method.toUpperCase()} ${r.urlPath}`, path: r.path, line: r.line }));
  return {
    stack: "Express",
    writes,
    total: routes.length,
    searched: `${routes.length} Express/Koa-router routes for auth middlewares on the route, on its router (\`.use\`) and on the mounts leading to it, across files`,
  };
}

export default defineRule({
  id: "security/no-authenticated-routes",
  area: "security",
  severity: "medium",
  title: "Web app where no route requires authentication",
  effortMinutes: 240,
  confidence: "heuristic",
  docs: {
    rationale:
      "The route-level checks compare a route with its siblings, so an app where no route at all is behind authentication passes them. When such an app has several routes that create, change or delete data, anyone who can reach it can call them.",
    impact:
      "Every visitor — or anything on the network the service listens on — can change or delete the app's data.",
    fix: 'Put the state-changing routes behind authentication once, at the router (`APIRouter(dependencies=[Depends(current_user)])`, `r.Group("/api", RequireAuth())`, a protected tRPC procedure, DRF `DEFAULT_PERMISSION_CLASSES`), and keep the few public endpoints on a separate router. If a gateway in front of the app authenticates every request, say so in the deployment docs and in the audit configuration.',
    example: {
      language: "python",
      bad: 'router = APIRouter(prefix="/notes")\n\n@router.post("/")\ndef create_note(note: NoteIn, db: SessionDep): ...\n\n@router.delete("/{id}")\ndef delete_note(id: int, db: SessionDep): ...',
      good: 'router = APIRouter(prefix="/notes", dependencies=[Depends(get_current_user)])\n\n@router.post("/")\ndef create_note(note: NoteIn, db: SessionDep): ...\n\n@router.delete("/{id}")\ndef delete_note(id: int, db: SessionDep): ...',
    },
  },
  options: { minStateChangingRoutes: 3 },
  notes: [
    "Per stack, from the route facts: FastAPI/Flask routes and Django/DRF views (python facts), Go routes with their middleware (go facts), Phoenix routes with the auth plugs of their pipelines and scopes, live_session on_mount hooks and the plugs or hooks their controllers and LiveViews apply (elixir facts), tRPC procedures, Next.js/Remix/Hono/NestJS routes and Express/Koa-router routes with the auth middlewares of their routers and of the mounts leading to them across files (tsweb facts). A stack is reported when none of its entry points shows authentication of any kind — no guarded, optional or explicitly public route (AllowAny counts as a decision), no auth middleware on any route, group or router, no protected tRPC procedure or read of the caller, no session read in a route handler — and at least `minStateChangingRoutes` of them change state (POST/PUT/PATCH/DELETE, server actions, mutations), leaving out public-by-design ones (login, signup, webhooks, health, OAuth callbacks …).",
    "Never reported: apps that authenticate at a gateway the code shows (app-wide middleware or before-request hooks that refuse requests, a Next.js middleware.ts, a Hono auth middleware registered with `use`); apps with only read routes; webhook receivers; Go routers handed to functions the facts do not follow; projects that declare an authentication library (flask-login, fastapi-users, django-allauth, next-auth, passport, golang-jwt, gorilla/sessions, guardian, pow, ueberauth, bcrypt_elixir …), since they most likely authenticate in a way the route facts do not show; golang.org/x/crypto counts only when its password hashing (bcrypt, argon2, scrypt, pbkdf2) is imported, not for its SSH or certificate packages. Tests, examples and scripts are left out.",
    "Medium and heuristic: a service meant to run behind an authenticating proxy, or on a private network only, is safe as it is; the finding asks to say so.",
  ],
  applies(facts) {
    const any =
      (facts.python?.routes.length ?? 0) +
      (facts.python?.djangoViews.length ?? 0) +
      (facts.go?.routes.length ?? 0) +
      (facts.elixir?.routers.reduce((n, router) => n + router.routes.length, 0) ?? 0) +
      (facts.tsweb?.routes.length ?? 0) +
      (facts.tsweb?.express.routes.length ?? 0) +
      (facts.tsweb?.trpc.procedures.length ?? 0);
    return any > 0
      ? true
      : { status: "not-applicable", reason: "no HTTP routes, views or tRPC procedures found" };
  },
  check({ facts, options, report }) {
    if (declaredAuthLibrary(facts) !== null) return;
    const stacks = [
      pythonRoutes(facts),
      goRoutes(facts),
      phoenixRoutes(facts),
      trpcRoutes(facts),
      tsRoutes(facts),
      expressRoutes(facts),
    ];
    for (const stack of stacks) {
      if (!stack || stack.writes.length < Number(options.minStateChangingRoutes)) continue;
      const byFile = new Map<string, number>();
      for (const w of stack.writes) byFile.set(w.path, (byFile.get(w.path) ?? 0) + 1);
      const [routerFile] = [...byFile].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))[0] ?? [""];
      const first = stack.writes.filter((w) => w.path === routerFile).sort((a, b) => a.line - b.line)[0];
      // The examples come from the file the message names, in line order, so the reader finds them there.
      const examples = stack.writes
        .filter((w) => w.path === routerFile)
        .sort((a, b) => a.line - b.line)
        .slice(0, 3)
        .map((w) => `${w.label} at ${w.path}:${w.line}`)
        .join("; ");
      const inRouterFile = byFile.get(routerFile) ?? 0;
      const where =
        inRouterFile === stack.writes.length
          ? `all in ${routerFile}`
          : `${inRouterFile} of them in ${routerFile}`;
      report({
        message: `No ${stack.stack} route requires authentication: ${stack.writes.length} of ${stack.total} routes change state with no auth middleware, dependency or guard (${where}: e.g. ${examples})`,
        key: `${stack.stack}`,
        snippet: first ? first.label : stack.stack,
        searched: stack.searched,
        related: stack.writes.slice(0, 5).map((w) => ({ path: w.path, startLine: w.line, endLine: w.line })),
      });
    }
  },
});
