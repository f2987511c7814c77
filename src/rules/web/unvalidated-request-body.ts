// tsweb/unvalidated-request-body: a Next.js, Remix, Hono or Express/Koa/Fastify handler reads the request body and
// validates it with no schema in the handler or its middlewares.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "tsweb/unvalidated-request-body",
  area: "web",
  severity: "low",
  title: "Request body used without schema validation",
  effortMinutes: 20,
  confidence: "heuristic",
  languages: ["typescript", "tsx", "javascript"],
  docs: {
    rationale:
      "`await request.json()` is `any`: its fields are whatever the client sent. Without a schema (zod, valibot, yup, a Hono validator) at the boundary, missing or extra fields travel into queries and writes, and type errors surface deep in the code as 500s.",
    impact:
      "Malformed requests fail with server errors instead of 400s, and extra fields can be written through to the database (mass assignment) when the body is passed on whole.",
    fix: 'Parse the body with a schema before using it (`const input = Schema.parse(await request.json())`, `zValidator("json", Schema)` on a Hono route) and return 400 on failure.',
    example: {
      language: "typescript",
      bad: "export async function POST(request: Request) {\n  const body = await request.json();\n  const post = await prisma.post.create({ data: body });\n  return Response.json(post);\n}",
      good: "const CreatePost = z.object({ title: z.string().min(1), content: z.string() });\n\nexport async function POST(request: Request) {\n  const parsed = CreatePost.safeParse(await request.json());\n  if (!parsed.success) return Response.json(parsed.error.flatten(), { status: 400 });\n  const post = await prisma.post.create({ data: parsed.data });\n  return Response.json(post);\n}",
    },
  },
  notes: [
    "Reads the routes of the tsweb facts: Next.js route handlers and `pages/api` routes, Remix / React Router actions and Hono routes. A handler counts as validating when it (or, for Hono, an argument before it) calls a schema parser (`.parse(`, `.safeParse(`, `.validate(`, valibot `parse(`, typia) or a validator middleware (`zValidator`, `validator(`); `JSON.parse` is not validation.",
    'Express, Koa-router and Fastify routes count too: a handler written inline, wrapped (`asyncHandler(async (req, res) => …)`) or declared in the route\'s file reads `req.body` (Koa: `ctx.request.body`) on its first parameter, and neither a middleware of the route (express-validator `body("email")` / `checkSchema`, celebrate, a Fastify `schema` option, anything named for validating) nor the handler (`.parse(`, `.validate(`, `validationResult(`) validates it. A handler defined in another file is not followed.',
    "Low and heuristic: the body may be validated by a helper the handler calls, which is not followed.",
  ],
  applies(facts) {
    if (!facts.tsweb) return { status: "unknown", reason: "tsweb facts were not collected" };
    return facts.tsweb.routes.some(
      (route) => route.framework !== "nestjs" && route.framework !== "nestjs-graphql",
    ) || facts.tsweb.express.routes.some((route) => !route.isTest)
      ? true
      : { status: "not-applicable", reason: "no Next.js, Remix, Hono or Express routes" };
  },
  check({ facts, report }) {
    for (const route of facts.tsweb.routes) {
      if (route.isTest || route.bodyRead === null || route.validation !== null) continue;
      if (route.framework === "next-server-action") continue;
      report({
        path: route.path,
        line: route.line,
        message: `${route.method} ${route.urlPath ?? route.handler} reads the body (\`${route.bodyRead}\`) and no schema validates it in the handler${route.framework === "hono" ? " or its middlewares" : ""}`,
        key: `${route.method} ${route.urlPath ?? route.handler}`,
      });
    }
    for (const route of facts.tsweb.express.routes) {
      if (route.isTest || !route.bodyRead || route.validation) continue;
      report({
        path: route.path,
        line: route.line,
        message: `${route.method.toUpperCase()} ${route.urlPath} reads the body (\`${route.bodyRead}\`) and no schema validates it in the handler or the route's middlewares`,
        key: `${route.method} ${route.urlPath} ${route.receiver}`,
      });
    }
  },
});
