import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "generic/unclamped-page-size";

const fastapi = (
  param: string,
  body = "    return session.exec(select(Item).offset(skip).limit(limit)).all()",
) =>
  [
    "from fastapi import APIRouter, Query",
    "router = APIRouter()",
    "",
    '@router.get("/items")',
    `def read_items(session: SessionDep, skip: int = 0, ${param}):`,
    body,
  ].join("\n");

describe(ID, () => {
  it("fires on a FastAPI limit with no le= that reaches the query", async () => {
    const findings = await findingsOf(ID, {
      "app/api/items.py": fastapi("limit: int = 100"),
      "app/api/users.py": fastapi("limit: Annotated[int, Query(ge=1)] = 100"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "app/api/items.py:5",
      "app/api/users.py:5",
    ]);
  });

  it("fires on Ecto limits from params and Prisma take from req.query", async () => {
    const findings = await findingsOf(ID, {
      "lib/app_web/controllers/post_controller.ex": [
        "defmodule AppWeb.PostController do",
        "  use AppWeb, :controller",
        '  def index(conn, %{"limit" => limit}) do',
        "    posts = Repo.all(from p in Post, limit: ^String.to_integer(limit))",
        "    json(conn, posts)",
        "  end",
        "end",
      ].join("\n"),
      "src/routes/posts.ts": [
        'import { Router } from "express";',
        "export const router = Router();",
        'router.get("/posts", async (req, res) => {',
        "  const posts = await prisma.post.findMany({ take: Number(req.query.limit) });",
        "  res.json(posts);",
        "});",
        'router.get("/users", async (req, res) => {',
        "  const { limit } = req.query;",
        "  res.json(await db.select().from(users).limit(Number(limit)));",
        "});",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "lib/app_web/controllers/post_controller.ex:4",
      "src/routes/posts.ts:4",
      "src/routes/posts.ts:9",
    ]);
  });

  it("stays silent when the page size is bounded or not from the request", async () => {
    expect(
      await findingsOf(ID, {
        "app/api/items.py": fastapi("limit: int = Query(100, le=500)"),
        "app/api/clamped.py": fastapi(
          "limit: int = 100",
          "    limit = min(limit, 500)\n    return session.exec(select(Item).limit(limit)).all()",
        ),
        "app/api/checked.py": fastapi(
          "limit: int = 100",
          "    if limit > 500:\n        raise HTTPException(400)\n    return session.exec(select(Item).limit(limit)).all()",
        ),
        "lib/app_web/controllers/post_controller.ex": [
          "defmodule AppWeb.PostController do",
          '  def index(conn, %{"limit" => limit}) do',
          "    limit = min(String.to_integer(limit), 100)",
          "    json(conn, Repo.all(from p in Post, limit: ^limit))",
          "  end",
          "  def recent(conn, _params), do: json(conn, Repo.all(from p in Post, limit: 10))",
          "end",
        ].join("\n"),
        "src/routes/posts.ts": [
          'router.get("/posts", async (req, res) => {',
          "  const take = Math.min(Number(req.query.limit) || 20, 100);",
          "  res.json(await prisma.post.findMany({ take }));",
          "  res.json(await prisma.post.findMany({ take: 20, where: { id: req.query.id } }));",
          "});",
        ].join("\n"),
        // A schema-validated query and an object built for a schema to parse are the schema's to bound.
        "src/app/api/items/route.ts": [
          "export async function GET(request: Request) {",
          "  const { searchParams } = new URL(request.url);",
          '  const input = { limit: searchParams.get("limit") ?? undefined };',
          "  const parsed = schema.parse(input);",
          "  return list({ limit: parsedInput.query.limit, take: parsed.limit });",
          "}",
        ].join("\n"),
      }),
    ).toEqual([]);
  });
});
