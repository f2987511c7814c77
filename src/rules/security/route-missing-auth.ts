// security/route-missing-auth: an Express-style route registered without the auth middleware its sibling routes use.
import type { ExpressRoute } from "../../facts/tsweb/index.js";
import { authMiddlewareKind } from "../../facts/tsweb/express.js";
import { defineRule } from "../define-rule.js";
import {
  isPublicFormRoute,
  isPublicReadRoute,
  isPublicRoute,
  isSignUpRoute,
  unguardedAmongGuarded,
} from "../shared/route-auth.js";

interface Route {
  route: ExpressRoute;
  guarded: boolean;
  exempt: boolean;
  readOnly: boolean;
}

/** A rate-limiting middleware: `apiLimiter(10)`, `rateLimit({…})`, `loginThrottle`, `slowDown(…)`. */
const RATE_LIMITER = /^[\w$.]*(?:[Ll]imit(?:er)?|[Tt]hrottle\w*|slowDown|RateLimit\w*)\s*(?:\(|$)/;

export default defineRule({
  id: "security/route-missing-auth",
  area: "security",
  severity: "medium",
  title: "Route without the auth middleware its siblings use",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["javascript", "typescript"],
  docs: {
    rationale:
      "When most routes of a router pass an authentication middleware and one does not, the odd one out is usually an oversight rather than a public endpoint.",
    impact:
      "Anyone on the network can call the unguarded handler: read or change other users' data without logging in.",
    fix: "Add the same auth middleware to the route (or apply it once with router.use(auth) before the routes) and list truly public routes explicitly.",
    example: {
      language: "javascript",
      bad: "router.get('/orders', requireAuth, list);\nrouter.delete('/orders/:id', remove);",
      good: "router.get('/orders', requireAuth, list);\nrouter.delete('/orders/:id', requireAuth, remove);",
    },
  },
  notes: [
    "Express/Koa-router style `<router>.<method>('path', ...middlewares, handler)` calls in JS/TS, grouped by receiver per file (calls of HTTP clients such as axios, and calls whose first argument is a URL rather than a path starting with `/`, are requests, not routes): reported when at least 2 sibling routes (and more than half) pass a middleware named like auth/session/jwt/passport/protect/guard/role/admin/api key and this route passes none. A middleware is judged by the last segment of the names in it (`asyncHandler(auth.jwt)` is a guard, `auth.featureAccess(...)` is not); one named as optional auth (`jwtLoose`, `optionalAuth`, `maybeAuth`) marks the route as serving anonymous callers by decision, so it is never reported.",
    "Routers that get an auth middleware from `.use` in their own file (`<router>.use(requireAuth)`) are skipped, and so are routers mounted — in any file, through imports and parent routers — only behind one (`app.use('/user', isAuthenticated(), userRouter)`, Koa's `router.use('/x', auth, sub.routes())`), and routes under a Fastify request hook that refuses unauthenticated requests (`server.addHook(\"preHandler\", …)` answering 401 or verifying a token, registered in the route's folder or one above it); public-looking paths (health, login, signup, password reset, oauth callbacks, (un)subscribe/confirm links, webhooks, sitemaps, docs) are skipped, and so are forms anonymous visitors submit by design (a last segment `report`, `abuse`, `contact` or `feedback`; the password form of a protected resource, `/:id/protected` or `/:id/unlock`); an unguarded GET is reported only when a guarded sibling is a GET too (public reads beside guarded writes are a common design). Medium because a route may be public by design; low when the route passes a rate limiter of its own (`apiLimiter(10)`, `rateLimit(...)`, a throttle): the author expected anonymous callers there and throttled them, as on a login, a password reset or a public share link. Tests are skipped.",
    "Other stacks have their own rules: `python/route-without-auth` (FastAPI, Flask, Django/DRF), `elixir/scope-without-auth` (Phoenix routers), `go/route-without-auth-middleware` (Go routers).",
  ],
  check({ facts, report }) {
    const byRouter = new Map<string, Route[]>();
    for (const route of facts.tsweb?.express.routes ?? []) {
      // Tests are not production code; a router behind auth in its file or at every mount is guarded as a whole.
      if (route.isTest || route.routerGuard !== null || route.mountGuard !== null || route.hookGuard !== null)
        continue;
      const key = `${route.path}\u0000${route.receiver}`;
      const kinds = route.middlewares.map(authMiddlewareKind);
      byRouter.set(key, [
        ...(byRouter.get(key) ?? []),
        {
          route,
          // Optional auth (`jwtLoose`) is a decision that the route serves anonymous callers too; other middlewares
          // named like auth on such a route (`adminSetup`) are not a guard.
          guarded: kinds.includes("required") && !kinds.includes("optional"),
          exempt:
            (route.method === "get" ? isPublicReadRoute : isPublicRoute)(route.urlPath) ||
            isPublicFormRoute(route.urlPath) ||
            isSignUpRoute(route.method, route.urlPath) ||
            kinds.includes("optional"),
          readOnly: route.method === "get",
        },
      ]);
    }
    for (const routes of byRouter.values())
      for (const { route, sibling, guarded } of unguardedAmongGuarded(routes)) {
        const { path, receiver, method, urlPath } = route.route;
        // A rate limiter of its own on a route without auth (`apiLimiter(10)`): the author expected anonymous callers
        // there and throttled them, as on a login, a password reset or a public share link.
        const limiter = route.route.middlewares.find((mw) => RATE_LIMITER.test(mw));
        report({
          ...(limiter ? { severity: "low" as const } : {}),
          path,
          line: route.route.line,
          endLine: route.route.endLine,
          message: `${method.toUpperCase()} ${urlPath} on \`${receiver}\` has no auth middleware, while ${guarded} of ${routes.length} sibling routes do (e.g. ${sibling.route.method.toUpperCase()} ${sibling.route.urlPath})${limiter ? `; it passes its own rate limiter (\`${limiter}\`), as routes meant for anonymous callers do` : ""}`,
          key: `${receiver}:${method}:${urlPath}`,
          snippet: route.route.snippet,
        });
      }
  },
});
