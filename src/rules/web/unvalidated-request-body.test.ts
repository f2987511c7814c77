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
});
