// generic/unclamped-page-size: a list endpoint passes the page size a request asks for (`?limit=`, `?per_page=`)
// straight to its query, so `?limit=100000000` returns every row.
import { oneOffKind } from "../../facts/one-off-code.js";
import { isExamplePath } from "../../repo/path-kind.js";
import type { RepoFacts } from "../../facts/repo-facts.js";
import { isRequiredAuthMiddleware } from "../../facts/tsweb/express.js";
import { defineRule } from "../define-rule.js";

/** The auth an Express/Koa route around `path:line` sits behind (its own middleware, its router's or a mount's), or null. */
function expressGuardAround(facts: RepoFacts, path: string, line: number): string | null {
  const route = (facts.tsweb?.express.routes ?? []).find(
    (r) => r.path === path && r.line <= line && line <= r.endLine,
  );
  if (!route) return null;
  const own = route.middlewares.find(isRequiredAuthMiddleware);
  return route.mountGuard ?? route.routerGuard ?? (own ? `${own} (${path}:${route.line})` : null);
}

/**
 * The authentication the python route facts find on a FastAPI handler (resolved across modules: a dependency
 * factory such as `Depends(allow_any_authenticated())`, a router's or an include's dependencies), or null.
 */
function fastApiRouteGuard(facts: RepoFacts, path: string, handlerLine: number | undefined): string | null {
  if (handlerLine === undefined) return null;
  const route = (facts.python?.routes ?? []).find((r) => r.path === path && r.line === handlerLine);
  return route?.auth.status === "guarded" ? (route.auth.evidence ?? "an authentication dependency") : null;
}

const FIX: Readonly<Record<string, string>> = {
  fastapi: "declare the bound on the parameter: `limit: int = Query(50, ge=1, le=200)`",
  ecto: 'clamp before the query: `limit = min(String.to_integer(params["limit"] || "50"), 200)`',
  nestjs:
    "add `@Max(100)` to the DTO field (with `@Min(1)`), or clamp it before the query: `take: Math.min(query.limit, 100)`",
  node: "clamp before the query: `take: Math.min(Number(req.query.limit) || 50, 200)` (or a schema with `.max(200)`)",
};

export default defineRule({
  id: "generic/unclamped-page-size",
  area: "web",
  severity: "medium",
  title: "List endpoint takes its page size from the request with no maximum",
  effortMinutes: 10,
  confidence: "heuristic",
  languages: ["python", "elixir", "javascript", "typescript"],
  docs: {
    rationale:
      "A page size read from the query string and handed to the query unchecked lets any client choose how many rows one request loads: `?limit=100000000` turns a paginated list into an export of the whole table.",
    impact:
      "One request can load and serialise a whole table, holding database, memory and CPU for everyone; pagination the UI respects protects nothing against a script.",
    fix: "Bound the page size where it enters: FastAPI `Query(…, le=200)`, `min(limit, 200)` in Elixir, `Math.min(…, 200)` or a validation schema's `.max(200)` in Node.",
    example: {
      language: "python",
      bad: '@router.get("/items")\ndef list_items(skip: int = 0, limit: int = 100, db: Session = Depends(get_db)):\n    return db.query(Item).offset(skip).limit(limit).all()',
      good: '@router.get("/items")\ndef list_items(skip: int = 0, limit: int = Query(100, ge=1, le=500), db: Session = Depends(get_db)):\n    return db.query(Item).offset(skip).limit(limit).all()',
    },
    examples: [
      {
        language: "elixir",
        bad: 'def index(conn, %{"limit" => limit}) do\n  posts = Repo.all(from p in Post, limit: ^String.to_integer(limit))\n  json(conn, posts)\nend',
        good: 'def index(conn, %{"limit" => limit}) do\n  limit = min(String.to_integer(limit), 100)\n  posts = Repo.all(from p in Post, limit: ^limit)\n  json(conn, posts)\nend',
      },
      {
        language: "typescript",
        bad: "const posts = await prisma.post.findMany({ take: Number(req.query.limit) });",
        good: "const posts = await prisma.post.findMany({ take: Math.min(Number(req.query.limit) || 20, 100) });",
      },
    ],
  },
  notes: [
    'Reads the page sizes of the limits facts: FastAPI route parameters named limit / page_size / per_page / take / first (int, from the query string) that reach a call or slice; Ecto `limit: ^x` or `limit(q, ^x)` where x comes from `params` (a `%{"limit" => x}` head or `x = params["limit"]`); Node `take:` / `limit:` / `first:` options and `.limit(x)` / `.take(x)` calls fed from req.query, request params or searchParams, directly or through a local; NestJS DTO fields named like a page size and validated as numbers (`@IsInt()`, `@Type(() => Number)`) that a controller takes as `@Query()` and that an ORM `take`/`limit` reads under the same name (the service in between is linked by the name, not followed); FastAPI pagination models, classes and dependency functions taken through `Depends(...)` whose page-size field has no `le=`/`lt=`, or that code treats -1 as every row for without `ge=`/`gt=`, when a query `.limit(...)` or slice reads a field of that name.',
    "Low instead of medium when the read sits in an Express/Koa route that only signed-in callers reach (an auth middleware on the route, on its router, or on every mount leading to the router, from the tsweb facts), or in a FastAPI route that depends on an authentication dependency (`Depends(get_current_user)`, `Depends(get_authenticated_user)`, `require_…`, in its parameters or its decorator's `dependencies=`, or a dependency list named for access control such as `dependencies=PERMISSIONS_READ`), or that the python route facts find guarded across modules (a dependency factory such as `Depends(allow_any_authenticated())` whose function refuses anonymous requests, a router's or an include's dependencies), or a NestJS DTO whose every controller method taking it is behind an authentication guard (`@UseGuards(JwtAuthGuard)` on the method or the controller; a throttler is no guard): a signed-in user can still load a whole table, but not an anonymous script.",
    "Silent when the code bounds the value: `le=`/`lt=` on the parameter, min()/Math.min/clamp (for a FastAPI dependency function, in its own body: `return Params(page, min(MAX, limit))`), a comparison with the value, a schema's `.max()` in its declaration, `@Max(...)`/`@IsIn(...)` on a DTO field or a bound in every controller method taking the DTO. Tests, examples and scripts are skipped. Django REST framework paginators are python/unbounded-page-size's.",
  ],
  applies(facts) {
    if (!facts.limits) return { status: "unknown", reason: "limits facts were not collected" };
    return facts.limits.pageSizes.length > 0
      ? true
      : {
          status: "not-applicable",
          reason: "no page size read from a request and passed to a query (FastAPI, Ecto, Node ORMs)",
        };
  },
  check({ facts, report }) {
    for (const read of facts.limits.pageSizes) {
      if (read.clamped || read.isTest || oneOffKind(read.path) !== null || isExamplePath(read.path)) continue;
      const guard =
        read.framework === "node"
          ? expressGuardAround(facts, read.path, read.line)
          : (read.authGuard ?? fastApiRouteGuard(facts, read.path, read.handlerLine));
      report({
        path: read.path,
        line: read.line,
        key: `page-size:${read.framework}:${read.parameter}`,
        message: `The request chooses the page size \`${read.parameter}\` and \`${read.sink}\` uses it with no maximum: one request can ask for every row${guard ? ` (only signed-in callers can: the route is behind ${guard})` : ""}; ${FIX[read.framework] ?? "clamp it before the query"}`,
        ...(guard ? { severity: "low" as const } : {}),
      });
    }
  },
});
