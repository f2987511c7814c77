import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("tsweb/unvalidated-request-body", () => {
  it("fires on a Next.js route handler and a Hono route that use the body with no schema", async () => {
    const findings = await findingsOf("tsweb/unvalidated-request-body", {
      "app/api/posts/route.ts": [
        'import { prisma } from "@/lib/db";',
        "export async function GET() {",
        "  return Response.json(await prisma.post.findMany());",
        "}",
        "export async function POST(request: Request) {",
        "  const body = JSON.parse(await request.text());",
        "  return Response.json(await prisma.post.create({ data: body }));",
        "}",
      ].join("\n"),
      "server/comments.ts": [
        'import { Hono } from "hono";',
        "export const comments = new Hono().post('/comments', async (c) => {",
        "  const body = await c.req.json();",
        "  return c.json(await save(body));",
        "});",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.message])).toEqual([
      [
        "app/api/posts/route.ts",
        5,
        "POST /api/posts reads the body (`request.text(`) and no schema validates it in the handler",
      ],
      [
        "server/comments.ts",
        2,
        "POST /comments reads the body (`c.req.json(`) and no schema validates it in the handler or its middlewares",
      ],
    ]);
  });

  it("stays silent when a schema parses the body or a validator middleware guards the route", async () => {
    const findings = await findingsOf("tsweb/unvalidated-request-body", {
      "app/api/posts/route.ts": [
        "export async function POST(request: Request) {",
        "  const parsed = CreatePost.safeParse(await request.json());",
        "  if (!parsed.success) return Response.json({}, { status: 400 });",
        "  return Response.json(await prisma.post.create({ data: parsed.data }));",
        "}",
      ].join("\n"),
      "server/comments.ts": [
        'import { Hono } from "hono";',
        "const app = new Hono();",
        "app.post('/comments', zValidator('json', Comment), async (c) => {",
        "  const body = await c.req.json();",
        "  return c.json(await save(body));",
        "});",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("fires on Express and Koa routes whose handler uses the body with nothing validating it", async () => {
    const findings = await findingsOf("tsweb/unvalidated-request-body", {
      "src/routes/users.js": [
        'const express = require("express");',
        "const router = express.Router();",
        "async function updateUser(request, response) {",
        "  await db.users.update(request.params.id, request.body);",
        "  response.sendStatus(204);",
        "}",
        "router.post('/users', asyncHandler(async (req, res) => {",
        "  res.json(await db.users.create(req.body));",
        "}));",
        "router.put('/users/:id', requireAuth, updateUser);",
        "module.exports = router;",
      ].join("\n"),
      "src/routes/notes.ts": [
        'import Router from "@koa/router";',
        "const router = new Router();",
        "router.post('/notes', async (ctx) => {",
        "  ctx.body = await notes.create(ctx.request.body);",
        "});",
        "export default router;",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.message])).toEqual([
      [
        "src/routes/notes.ts",
        3,
        "POST /notes reads the body (`ctx.request.body`) and no schema validates it in the handler or the route's middlewares",
      ],
      [
        "src/routes/users.js",
        7,
        "POST /users reads the body (`req.body`) and no schema validates it in the handler or the route's middlewares",
      ],
      [
        "src/routes/users.js",
        10,
        "PUT /users/:id reads the body (`request.body`) and no schema validates it in the handler or the route's middlewares",
      ],
    ]);
  });

  it("stays silent on Express routes validated by a middleware or in the handler, and on handlers of other files", async () => {
    const findings = await findingsOf("tsweb/unvalidated-request-body", {
      "src/routes/users.js": [
        'const express = require("express");',
        'const { body } = require("express-validator");',
        'const controller = require("../controllers/users");',
        "const router = express.Router();",
        "router.post('/users', body('email').isEmail(), async (req, res) => {",
        "  res.json(await db.users.create(req.body));",
        "});",
        "router.post('/teams', celebrate({ body: TeamSchema }), async (req, res) => res.json(await save(req.body)));",
        "router.post('/notes', async (req, res) => {",
        "  const note = NoteSchema.parse(req.body);",
        "  res.json(await db.notes.create(note));",
        "});",
        "router.post('/tags', controller.createTag);",
        "router.get('/users/:id', async (req, res) => res.json(await db.users.find(req.params.id)));",
        "module.exports = router;",
      ].join("\n"),
      "src/server.ts": [
        'import Fastify from "fastify";',
        "const app = Fastify();",
        "app.post('/items', { schema: { body: ItemBody } }, async (request) => items.create(request.body));",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });
});
