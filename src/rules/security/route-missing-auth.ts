// security/route-missing-auth: an Express-style route registered without the auth middleware its sibling routes use.
import type { SgNode } from "@ast-grep/napi";
import { defineRule } from "../define-rule.js";
import { isPublicRoute, unguardedAmongGuarded } from "../shared/route-auth.js";
import { escapeRegExp } from "../../util/escape-reg-exp.js";

const METHODS = new Set(["get", "post", "put", "patch", "delete", "all"]);
// Middleware names that authenticate or authorise (passport.authenticate(...), requireAuth, isAuthenticated, …).
const AUTH =
  /auth|login|logged|session|jwt|token|passport|protect|guard|permission|role|admin|requireUser|currentUser|verifyUser|acl|can\(/i;
// HTTP clients: `axios.delete(url, config)` sends a request, it registers nothing.
const HTTP_CLIENT = /^(axios|ky|got|superagent|needle|\$http|(this\.)?http|(\w+\.)*\w*[Cc]lient)$/;
// A server route is a path (`/users/:id`, `*`); a URL (`https://…`, `${baseUrl}/x`) is where a client sends a request.
const ROUTE_PATH = /^[/*]/;
interface Route {
  node: SgNode;
  method: string;
  path: string;
  receiver: string;
  guarded: boolean;
  exempt: boolean;
  readOnly: boolean;
}

function routesOf(tree: SgNode): Route[] {
  const routes: Route[] = [];
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    const fn = call.field("function");
    if (fn?.kind() !== "member_expression") continue;
    const method = fn.field("property")?.text() ?? "";
    const receiver = fn.field("object");
    if (
      !METHODS.has(method) ||
      !receiver ||
      !/^(identifier|member_expression)$/.test(String(receiver.kind()))
    )
      continue;
    const args = (call.field("arguments")?.children() ?? []).filter(
      (c) => !["(", ")", ",", "comment"].includes(String(c.kind())),
    );
    const first = args[0];
    if (!first || (first.kind() !== "string" && first.kind() !== "template_string") || args.length < 2)
      continue;
    const middlewares = args.slice(1, -1);
    const path = first.text().slice(1, -1);
    if (HTTP_CLIENT.test(receiver.text()) || !ROUTE_PATH.test(path)) continue;
    routes.push({
      node: call,
      method,
      path,
      receiver: receiver.text(),
      guarded: middlewares.some((m) => AUTH.test(m.text())),
      exempt: isPublicRoute(path),
      readOnly: method === "get",
    });
  }
  return routes;
}

export default defineRule({
  id: "security/route-missing-auth",
  area: "security",
  severity: "medium",
  title: "Route without the auth middleware its siblings use",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["javascript", "typescript"],
  prefilter: /\.(?:get|post|put|patch|delete|all)\(/,
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
    "Express/Koa-router style `<router>.<method>('path', ...middlewares, handler)` calls in JS/TS, grouped by receiver per file (calls of HTTP clients such as axios, and calls whose first argument is a URL rather than a path starting with `/`, are requests, not routes): reported when at least 2 sibling routes (and more than half) pass a middleware named like auth/session/jwt/passport/protect/guard/role/admin and this route passes none.",
    "Files that apply a middleware router-wide (`<router>.use(...auth...)`) are skipped; public-looking paths (health, login, signup, password reset, oauth callbacks, (un)subscribe/confirm links, webhooks, sitemaps, docs) are skipped; an unguarded GET is reported only when a guarded sibling is a GET too (public reads beside guarded writes are a common design). Medium because a route may be public by design. Tests are skipped.",
    "Other stacks have their own rules: `python/route-without-auth` (FastAPI, Flask, Django/DRF), `elixir/scope-without-auth` (Phoenix routers), `go/route-without-auth-middleware` (Go routers).",
  ],
  checkFile({ tree, text, report }) {
    if (!tree) return;
    const byReceiver = new Map<string, Route[]>();
    for (const route of routesOf(tree))
      byReceiver.set(route.receiver, [...(byReceiver.get(route.receiver) ?? []), route]);
    for (const [receiver, routes] of byReceiver) {
      const escaped = escapeRegExp(receiver);
      if (new RegExp(`\\b${escaped}\\.use\\([^)]*(?:${AUTH.source})`, "i").test(text)) continue;
      for (const { route, sibling, guarded } of unguardedAmongGuarded(routes)) {
        report({
          node: route.node,
          message: `${route.method.toUpperCase()} ${route.path} on \`${receiver}\` has no auth middleware, while ${guarded} of ${routes.length} sibling routes do (e.g. ${sibling.method.toUpperCase()} ${sibling.path})`,
          key: `${receiver}:${route.method}:${route.path}`,
          snippet: route.node.text().split("\n")[0],
        });
      }
    }
  },
});
