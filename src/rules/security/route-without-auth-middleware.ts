// go/route-without-auth-middleware: a Go HTTP route or group left without the auth middleware its sibling routes and groups use.
import { goFileAnalyzer, type GoRoute } from "../../facts/go/go-file.js";
import {
  routeMiddleware,
  routerPrefix,
  type GoMiddleware,
  type GoRouter,
} from "../../facts/go/route-middleware.js";
import { isExamplePath } from "../../facts/go/syntax.js";
import { defineRule, type ReportInput } from "../define-rule.js";
import {
  DEBUG_ROUTE_PATH,
  PRIVATE_ROUTE_PATH,
  guardedMajority,
  isPublicReadRoute,
  isPreflightRoute,
  isPublicRoute,
} from "../shared/route-auth.js";

interface Judged {
  route: GoRoute;
  /** The first auth middleware that applies to the route, if any. */
  auth: GoMiddleware | undefined;
  isPublic: boolean;
}

interface Group {
  router: GoRouter;
  /** The routes of the group and of its own groups. */
  routes: Judged[];
  prefix: string;
}

/** Reports in the file being checked; `relatedLine` points at a guarded sibling. */
type Report = (
  input: Pick<ReportInput, "line" | "message" | "key" | "severity"> & { relatedLine?: number },
) => void;

const guarded = (judged: Judged): boolean => judged.auth !== undefined;
const isRead = (route: GoRoute): boolean => route.method === "GET" || route.method === "HEAD";
const describeRoute = (route: GoRoute): string => `${route.method ?? "ANY"} ${route.fullPattern}`;
const describeWithAuth = (judged: Judged): string =>
  `${describeRoute(judged.route)} with ${judged.auth?.name ?? "auth"}`;
const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`;
const withoutTrailingSlash = (path: string): string => path.replace(/\/+$/, "") || "/";

/** A guarded group as an example: by its prefix, or by one of its routes when it has none (chi `r.Group`). */
function describeGroupExample(group: Group): string {
  const guarded = group.routes.find((j) => j.auth);
  if (group.router.prefix === null && guarded) return describeWithAuth(guarded);
  return `group ${group.prefix} with ${guarded?.auth?.name ?? "auth"}`;
}

/**
 * (1) Routes without auth among sibling routes of one router that mostly have it. Private-looking routes (/admin/…)
 * are compared among themselves: admin-only middleware on them says nothing about the user-facing routes; and reads
 * among reads.
 */
function reportOddRoutes(
  routers: readonly GoRouter[],
  judged: readonly Judged[],
  report: Report,
): Set<GoRoute> {
  const reported = new Set<GoRoute>();
  for (const router of routers) {
    for (const isPrivate of [false, true]) {
      const siblings = judged.filter(
        (j) =>
          j.route.router === router.id &&
          !j.isPublic &&
          !j.route.mounts &&
          PRIVATE_ROUTE_PATH.test(j.route.fullPattern) === isPrivate,
      );
      // A read (GET/HEAD) is weighed against the other reads only: public reads beside guarded writes are the
      // design of status pages and catalogues, not an oversight.
      const reads = siblings.filter((j) => isRead(j.route));
      const overAll = guardedMajority(siblings, guarded);
      const overReads = guardedMajority(reads, guarded);
      for (const { route, auth } of siblings) {
        const verdict = isRead(route) ? overReads : overAll;
        if (auth || !verdict) continue;
        const example = verdict.guarded[0]!;
        const among = isRead(route)
          ? `${reads.length} sibling read routes`
          : `${siblings.length} sibling routes`;
        reported.add(route);
        report({
          line: route.line,
          message: `${describeRoute(route)} on \`${router.name}\` has no auth middleware, while ${verdict.guarded.length} of ${among} have it (e.g. ${describeWithAuth(example)})`,
          key: `route:${router.name}:${route.method ?? "ANY"}:${route.fullPattern}`,
          relatedLine: example.route.line,
        });
      }
    }
  }
  return reported;
}

/** The groups derived from a router, each with the routes of its whole subtree. */
function groupsOf(parent: GoRouter, routers: readonly GoRouter[], judged: readonly Judged[]): Group[] {
  return routers
    .filter((child) => child.parent === parent.id)
    .map((router) => {
      const ids = new Set([router.id]);
      for (let size = 0; size !== ids.size;) {
        size = ids.size;
        for (const candidate of routers)
          if (candidate.parent !== null && ids.has(candidate.parent)) ids.add(candidate.id);
      }
      return {
        router,
        routes: judged.filter((j) => ids.has(j.route.router)),
        prefix: withoutTrailingSlash(routerPrefix(routers, router.id)) || "/",
      };
    });
}

/** A condition that turns on debugging or profiling (`log.Debug().Enabled()`, `cfg.Pprof`, `os.Getenv("DEBUG")`). */
const DEBUG_SWITCH = /debug|pprof|profil|trace|verbose/i;

/**
 * (2) A private-looking group, or route, with no auth at all on a router whose other groups or routes have it.
 * Routes already reported by (1) are not reported again.
 */
function reportPrivateGroups(
  routers: readonly GoRouter[],
  judged: readonly Judged[],
  reported: ReadonlySet<GoRoute>,
  report: Report,
): void {
  for (const parent of routers) {
    const groups = groupsOf(parent, routers, judged);
    const direct = judged.filter((j) => j.route.router === parent.id);
    const guardedGroup = groups.find(
      (g) => g.routes.length > 0 && g.routes.every((j) => j.auth || j.isPublic),
    );
    const guardedRoute = direct.find((j) => j.auth && !j.isPublic);
    const example = guardedGroup
      ? describeGroupExample(guardedGroup)
      : guardedRoute
        ? describeWithAuth(guardedRoute)
        : null;
    if (example === null) continue;
    for (const group of groups) {
      if (group.router.handedOff || group.routes.some((j) => j.auth) || group.routes.every((j) => j.isPublic))
        continue;
      if (!PRIVATE_ROUTE_PATH.test(group.prefix) || isPublicRoute(group.prefix)) continue;
      report({
        line: group.router.line,
        message: `Group ${group.prefix} (\`${group.router.name}\`, ${plural(group.routes.length, "route")}) has no auth middleware, while other groups or routes of \`${parent.name}\` have it (e.g. ${example})`,
        key: `group:${parent.name}:${group.prefix}`,
      });
    }
    // A mount of a router of this file is judged as that router's group; of unknown content, only when it is debug.
    const groupPrefixes = new Set(groups.map((g) => g.prefix));
    for (const { route, auth, isPublic } of direct) {
      if (auth || isPublic || reported.has(route) || !PRIVATE_ROUTE_PATH.test(route.fullPattern)) continue;
      const pattern = withoutTrailingSlash(route.fullPattern);
      if (route.mounts && (!DEBUG_ROUTE_PATH.test(pattern) || groupPrefixes.has(pattern))) continue;
      // A debug endpoint registered only when the operator turns debugging on is exposed in that mode only.
      const debugOnly =
        DEBUG_ROUTE_PATH.test(pattern) && route.onlyWhen !== undefined && DEBUG_SWITCH.test(route.onlyWhen);
      report({
        line: route.line,
        ...(debugOnly ? { severity: "low" as const } : {}),
        message: `${describeRoute(route)} on \`${parent.name}\` looks private and has no auth middleware, while other groups or routes of \`${parent.name}\` have it (e.g. ${example})${debugOnly ? `; it is registered only when \`${route.onlyWhen}\`, so only an instance run in debug mode exposes it` : ""}`,
        key: `route:${parent.name}:${route.method ?? "ANY"}:${route.fullPattern}`,
      });
    }
  }
}

export default defineRule({
  id: "go/route-without-auth-middleware",
  area: "security",
  severity: "medium",
  title: "HTTP route without the auth middleware its siblings use",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["go"],
  prefilter:
    /\.(?:GET|POST|PUT|PATCH|DELETE|Get|Post|Put|Patch|Delete|Any|All|Handle|HandleFunc|Method|MethodFunc|Add|Mount)\(/,
  docs: {
    rationale:
      "When most routes of a router or group are wrapped in an authentication middleware and one is not, the odd one out is usually an oversight; an admin, internal or debug group with no auth on a router whose other groups require it is the same mistake at group level.",
    impact:
      "Anyone who can reach the service calls the unguarded handler: reads or changes other users' data, or reaches admin and profiling endpoints without logging in.",
    fix: 'Apply the auth middleware to the route or, better, once to the group (`g.Use(auth)`, `r.Group("/admin", auth)`, chi `r.With(auth)` / `r.Group` with `r.Use(auth)`), and keep deliberately public routes on a router of their own.',
    example: {
      language: "go",
      bad: 'v1 := r.Group("/v1")\nv1.GET("/orders", AuthRequired(), listOrders)\nv1.POST("/orders", AuthRequired(), createOrder)\nv1.DELETE("/orders/:id", deleteOrder)',
      good: 'v1 := r.Group("/v1", AuthRequired())\nv1.GET("/orders", listOrders)\nv1.POST("/orders", createOrder)\nv1.DELETE("/orders/:id", deleteOrder)',
    },
  },
  notes: [
    "Reads the routes of facts/go (net/http, chi, gin, echo, fiber, gorilla/mux, httprouter) with the router or group each is registered on and the middleware that applies to it: gin/fiber handler arguments before the handler, echo middleware after it, net/http wrapper calls and alice chains around the handler, chi `With`, group arguments, `Use(...)` on the router or any ancestor group, and a router wrapped as a whole (`auth(mux)`). `Use` is taken to apply to every route of its router whatever the order.",
    "Middleware counts as auth by name: auth (BasicAuth, KeyAuth, OAuth…), jwt, oidc, session, login, apikey, bearer, casbin, rbac, permission, privilege, admin, credential, token, principal, acl, role, protect, guard, or require/ensure/must/is/has + user/member/owner/staff/scope (requireUser, isOwner), or reject/deny + anonymous/guest; CSRF, CORS, rate limiters and optional auth (Optional, Trace, maybe/try…) are not. Wrapper calls that build handlers (`users.NewHandler(db)`, `auth.Login(svc)`) are not middleware.",
    "Reports (1) a route of a router or group on which at least 2, and more than half, of the sibling routes have auth and it has none — private-looking routes are compared among themselves, since admin-only middleware on /admin routes says nothing of the others, and a GET/HEAD route among the other reads, since public reads beside guarded writes are a common design — and (2) a group, or a route, whose path looks private (/admin, /internal, /private, /debug, /pprof, /manage…) with no auth at all on a router whose other groups or routes have it. Only routes registered in the same file are compared; groups handed to functions of unknown effect are not judged.",
    "Public-by-design paths are skipped and left out of the counts: /, health/ready/live, metrics, status, version, login/logout, signup/register, password reset, tokens, OAuth callbacks, webhooks, static/assets, docs/swagger, favicon/robots, and git's smart HTTP (`…/info/refs`, `git-upload-pack`, `git-receive-pack`, a `GitHttp` or `ServiceUploadPack` handler), whose handler authenticates git clients with HTTP Basic itself. Reads (GET/HEAD) of images a page embeds with `<img>`, which sends no bearer token (`/users/:id/profile-picture.png`, `/avatar`, `/icon`), and under an OpenID Connect prefix (`/oidc/clients/:id/meta`: what the authorize page shows before sign-in) are public by design too, and so are CORS preflight routes (`OPTIONS`: browsers send them without credentials before the guarded request). Mounted sub-routers are judged by their own routes; a mount of unknown content counts only when it is a debug/pprof path.",
    'Medium and heuristic: a route may be public by design or check credentials inside its handler. Test files are skipped; lowered to low in examples/, scripts/ and tools/ folders, and for a debug/pprof endpoint registered only inside an `if` that turns debugging on (`if log.Debug().Enabled() { r.Mount("/debug", middleware.Profiler()) }`).',
  ],
  checkFile({ fileFact, path, report }) {
    const facts = fileFact(goFileAnalyzer);
    if (!facts || facts.routes.length < 2) return;
    const severity = isExamplePath(path) ? "low" : undefined;
    const reportHere: Report = ({ relatedLine, ...input }) =>
      report({
        ...input,
        path,
        severity: severity ?? input.severity,
        related:
          relatedLine === undefined ? undefined : [{ path, startLine: relatedLine, endLine: relatedLine }],
      });
    const judged: Judged[] = facts.routes.map((route) => ({
      route,
      auth: routeMiddleware(route, facts.routers).find((mw) => mw.auth),
      isPublic:
        isPreflightRoute(route.method) ||
        (isRead(route) ? isPublicReadRoute : isPublicRoute)(route.fullPattern, route.handler ?? undefined),
    }));
    const reported = reportOddRoutes(facts.routers, judged, reportHere);
    reportPrivateGroups(facts.routers, judged, reported, reportHere);
  },
});
