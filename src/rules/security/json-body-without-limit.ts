// go/json-body-without-limit: an HTTP handler decodes or reads r.Body with no http.MaxBytesReader/io.LimitReader.
import type { GoFacts } from "../../facts/go/index.js";
import { routeMiddleware, type GoRouter } from "../../facts/go/route-middleware.js";
import { defineRule } from "../define-rule.js";
import { isExamplePath } from "../../facts/go/syntax.js";

// Router middleware that caps bodies: echo `middleware.BodyLimit`, chi `middleware.RequestSize`, gin-contrib
// `limits.RequestSizeLimiter`, pocketbase `apis.BodyLimit`, or a project's own `maxBodySize`.
const BODY_LIMIT_MIDDLEWARE = /body.?limit|request.?size|size.?limit|max.?bytes|max.?body|limit.?body/i;

export default defineRule({
  id: "go/json-body-without-limit",
  area: "security",
  severity: "medium",
  title: "Request body read without a size limit",
  effortMinutes: 20,
  confidence: "heuristic",
  languages: ["go"],
  applies: (facts) =>
    facts.go && facts.go.bodyReads.length > 0
      ? true
      : {
          status: "not-applicable",
          reason: "no Go handler reads a request body with json.NewDecoder or io.ReadAll",
        },
  notes: [
    "Looks at HTTP handlers (functions taking a response writer or a framework context, and an `*http.Request`) that pass `<req>.Body` to json.NewDecoder, io.ReadAll or ioutil.ReadAll. Helpers that only take the request are left to their callers.",
    "Silent when the function or its file wraps a body in MaxBytesReader or LimitReader, or when the server caps every body: http.MaxBytesHandler, MaxBytesReader in a middleware, or body-limit middleware on a router (echo BodyLimit, chi RequestSize, gin-contrib RequestSizeLimiter).",
    "Low when only signed-in users reach the handler: every route serving it has auth middleware, it is wrapped by an auth wrapper (`withAdmin(func…)`), or it checks the session itself (`validateSession(r)`). Low in examples, demos, scripts and tools, and in test harnesses outside `_test.go` (a file taking `*testing.T` or importing testify).",
  ],
  docs: {
    rationale: "Without a limit, json.Decoder and io.ReadAll read whatever the client sends into memory.",
    impact: "One large or endless request body exhausts the service's memory (denial of service).",
    fix: "Wrap the body first: `r.Body = http.MaxBytesReader(w, r.Body, 1<<20)`, or apply a body-limit middleware.",
    example: {
      language: "go",
      bad: "func create(w http.ResponseWriter, r *http.Request) {\n\tvar in Input\n\tif err := json.NewDecoder(r.Body).Decode(&in); err != nil { ... }\n}",
      good: "func create(w http.ResponseWriter, r *http.Request) {\n\tr.Body = http.MaxBytesReader(w, r.Body, 1<<20)\n\tvar in Input\n\tif err := json.NewDecoder(r.Body).Decode(&in); err != nil { ... }\n}",
    },
  },
  check({ facts, report, readText }) {
    const go = facts.go;
    if (!go || serverWideLimit(go)) return;
    const routersByFile = new Map<string, GoRouter[]>();
    for (const router of go.routers)
      routersByFile.set(router.path, [...(routersByFile.get(router.path) ?? []), router]);
    const reported = new Set<string>();
    for (const read of go.bodyReads) {
      if (read.limited || !read.handler) continue;
      const where = `${read.path}#${read.function ?? read.line}`;
      if (reported.has(where)) continue;
      reported.add(where);
      const routes =
        read.function === null ? [] : go.routes.filter((route) => route.handler === read.function);
      const behindAuth =
        routes.length > 0 &&
        routes.every((route) =>
          routeMiddleware(route, routersByFile.get(route.path) ?? []).some((mw) => mw.auth),
        );
      const signedIn = read.guarded || behindAuth;
      report({
        path: read.path,
        line: read.line,
        endLine: read.endLine,
        message: `${read.reader}(${read.request}.Body) reads the request body with no size limit (http.MaxBytesReader)${signedIn ? "; only signed-in users reach this handler" : ""}`,
        key: `body-limit:${read.reader}`,
        severity: signedIn || isExamplePath(read.path, readText(read.path) ?? undefined) ? "low" : undefined,
        related: routes
          .slice(0, 3)
          .map((route) => ({ path: route.path, startLine: route.line, endLine: route.line })),
      });
    }
  },
});

/** A cap every request passes through: http.MaxBytesHandler, MaxBytesReader in a middleware, body-limit middleware. */
function serverWideLimit(go: GoFacts): boolean {
  return (
    go.bodyLimits.length > 0 ||
    go.routers.some((router) => router.middleware.some((mw) => BODY_LIMIT_MIDDLEWARE.test(mw.name)))
  );
}
