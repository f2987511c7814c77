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

  it("is low in a FastAPI route that depends on an authenticated user", async () => {
    const findings = await findingsOf(ID, {
      "app/api/items.py": fastapi("limit: int = 50, user: User = Depends(get_authenticated_user)"),
      "app/api/own.py": fastapi("limit: int = 50").replace(
        '@router.get("/items")',
        '@router.get("/items", dependencies=[Depends(verify_collection_admin), *PERMISSIONS_READ])',
      ),
      // A dependency list named for permissions, built in another module.
      "app/api/invitations.py": fastapi("limit: int = 50").replace(
        '@router.get("/items")',
        '@router.get("/items", response_model=Out, dependencies=PERMISSIONS_READ)',
      ),
      // Near miss: a dependency that is not authentication leaves it medium, and so does a list named otherwise.
      "app/api/public.py": fastapi("limit: int = 50, db: Session = Depends(get_db)"),
      "app/api/cached.py": fastapi("limit: int = 50").replace(
        '@router.get("/items")',
        '@router.get("/items", dependencies=CACHE_HEADERS)',
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["app/api/cached.py", "medium"],
      ["app/api/invitations.py", "low"],
      ["app/api/items.py", "low"],
      ["app/api/own.py", "low"],
      ["app/api/public.py", "medium"],
    ]);
    expect(findings[2]?.message).toContain(
      "only signed-in callers can: the route is behind Depends(get_authenticated_user)",
    );
  });

  it("is low when the python route facts resolve a dependency factory defined in another module as authentication", async () => {
    const route = (dependency: string) =>
      [
        "from fastapi import APIRouter, Depends",
        "from app.api.auth import allow_any_authenticated, allow_public",
        "router = APIRouter()",
        "",
        `@router.get("/timeline", dependencies=[Depends(${dependency})])`,
        "def timeline(camera: str = 'all', limit: int = 100):",
        "    return list(Timeline.select().where(Timeline.camera == camera).limit(limit))",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "app/api/auth.py": [
        "from fastapi import HTTPException, Request",
        "def allow_any_authenticated():",
        "    async def auth_checker(request: Request):",
        '        if request.headers.get("remote-user") is None:',
        '            raise HTTPException(status_code=401, detail="Authentication required")',
        "    return auth_checker",
        "def allow_public():",
        "    async def checker(request: Request):",
        "        return",
        "    return checker",
      ].join("\n"),
      "app/api/timeline.py": route("allow_any_authenticated()"),
      // Near miss: the project's explicitly public dependency leaves it medium.
      "app/api/public.py": route("allow_public()"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["app/api/public.py", "medium"],
      ["app/api/timeline.py", "low"],
    ]);
    expect(findings[1]?.message).toContain("only signed-in callers can");
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

  it("is low when the Express route is reached only through an auth middleware (its own or a mount's)", async () => {
    const routes = [
      'import { Router } from "express";',
      "const issueRoutes = Router();",
      'issueRoutes.get("/", async (req, res) => {',
      "  const issues = await repo.find({ take: Number(req.query.take) });",
      "  res.json(issues);",
      "});",
      "export default issueRoutes;",
    ].join("\n");
    const index = (mw: string) =>
      `import { Router } from "express";\nimport issueRoutes from "./issue";\nconst router = Router();\nrouter.use("/issue", ${mw}issueRoutes);\nexport default router;\n`;
    const severities = async (mw: string) =>
      (await findingsOf(ID, { "server/routes/issue.ts": routes, "server/routes/index.ts": index(mw) })).map(
        (f) => `${f.location?.startLine} ${f.severity}`,
      );
    expect(await severities("isAuthenticated(), ")).toEqual(["4 low"]);
    expect(await severities("")).toEqual(["4 medium"]);
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
        // A rate limiter's `.limit(key)` spends a budget for a key built from the request: not a page size.
        "pages/api/verify.ts": [
          "export default async function handler(req, res) {",
          "  const { email, id } = req.query;",
          '  const { success } = await ratelimit(1, "30 s").limit(`otp:${id}:${email}`);',
          "  const again = await limiter.limit(id);",
          "  res.json({ success, again });",
          "}",
        ].join("\n"),
      }),
    ).toEqual([]);
  });

  const NEST_DTO = (extra: string) =>
    [
      'import { IsInt, IsOptional, Max, Min } from "class-validator";',
      "export class ListItemsDto {",
      "  @IsOptional()",
      "  @Type(() => Number)",
      "  @IsInt()",
      "  @Min(1)",
      extra,
      "  limit?: number;",
      "}",
      "",
    ].join("\n");
  const NEST_CONTROLLER = (body: string) =>
    [
      '@Controller("items")',
      "export class ItemsController {",
      "  @Get()",
      "  list(@Query() query: ListItemsDto) {",
      body,
      "  }",
      "}",
      "",
    ].join("\n");
  const NEST_REPOSITORY =
    "export class ItemsRepository {\n  find(options: { page: number; limit: number }) {\n    return this.repo.find({ skip: (options.page - 1) * options.limit, take: options.limit });\n  }\n}\n";

  it("fires on a NestJS DTO page size without @Max that a controller passes on to an ORM take", async () => {
    const findings = await findingsOf("generic/unclamped-page-size", {
      "src/items/dto/list-items.dto.ts": NEST_DTO(""),
      "src/items/items.controller.ts": NEST_CONTROLLER(
        "    return this.service.find({ page: query.page, limit: query.limit });",
      ),
      "src/items/items.repository.ts": NEST_REPOSITORY,
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["src/items/dto/list-items.dto.ts", 8],
    ]);
    expect(findings[0]?.message).toContain("`ListItemsDto.limit`");
    expect(findings[0]?.message).toContain("add `@Max(100)` to the DTO field");
  });

  it("is low when every controller taking the NestJS DTO is behind an auth guard (method or controller), medium behind a throttler only", async () => {
    const severity = async (controller: string) =>
      (
        await findingsOf("generic/unclamped-page-size", {
          "src/items/dto/list-items.dto.ts": NEST_DTO(""),
          "src/items/items.controller.ts": controller,
          "src/items/items.repository.ts": NEST_REPOSITORY,
        })
      ).map((f) => f.severity);
    const controller = NEST_CONTROLLER(
      "    return this.service.find({ page: query.page, limit: query.limit });",
    );
    expect(
      await severity(
        controller.replace(
          '@Controller("items")',
          '@UseGuards(ThrottlerBehindProxyGuard, InfraTokenGuard)\n@Controller("items")',
        ),
      ),
    ).toEqual(["low"]);
    expect(await severity(controller.replace("  @Get()", "  @Get()\n  @UseGuards(JwtAuthGuard)"))).toEqual([
      "low",
    ]);
    expect(
      await severity(
        controller.replace(
          '@Controller("items")',
          '@UseGuards(ThrottlerBehindProxyGuard)\n@Controller("items")',
        ),
      ),
    ).toEqual(["medium"]);
  });

  it("stays silent when the only sink of that name is bounded, or belongs to a controller taking another DTO", async () => {
    const boundedSink = await findingsOf("generic/unclamped-page-size", {
      "src/items/dto/list-items.dto.ts": NEST_DTO(""),
      "src/items/items.controller.ts": NEST_CONTROLLER(
        "    return this.service.find({ limit: query.limit });",
      ),
      "src/items/items.repository.ts":
        "const MAX_LIMIT = 1000;\nexport class ItemsRepository {\n  find(options: { limit: number }) {\n    if (options.limit > MAX_LIMIT) throw new Error('too large');\n    return this.repo.find({ take: options.limit });\n  }\n}\n",
    });
    const otherDto = await findingsOf("generic/unclamped-page-size", {
      "src/items/dto/list-items.dto.ts": NEST_DTO(""),
      "src/items/items.controller.ts": NEST_CONTROLLER("    return this.service.list(query);"),
      "src/changes/changes.controller.ts": [
        '@Controller("changes")',
        "export class ChangesController {",
        "  @Get()",
        "  list(@Query() query: ChangesDto) {",
        "    return this.repo.find({ take: query.limit });",
        "  }",
        "}",
        "",
      ].join("\n"),
    });
    expect([...boundedSink, ...otherDto]).toEqual([]);
  });

  it("stays silent on a NestJS DTO page size with @Max, or one the controller clamps", async () => {
    const withMax = await findingsOf("generic/unclamped-page-size", {
      "src/items/dto/list-items.dto.ts": NEST_DTO("  @Max(100)"),
      "src/items/items.controller.ts": NEST_CONTROLLER(
        "    return this.service.find({ limit: query.limit });",
      ),
      "src/items/items.repository.ts": NEST_REPOSITORY,
    });
    const clampedInController = await findingsOf("generic/unclamped-page-size", {
      "src/items/dto/list-items.dto.ts": NEST_DTO(""),
      "src/items/items.controller.ts": NEST_CONTROLLER(
        "    let limit = query?.limit ?? 10;\n    if (limit > 50) limit = 50;\n    return this.service.find({ limit });",
      ),
      "src/items/items.repository.ts": NEST_REPOSITORY,
    });
    expect([...withMax, ...clampedInController]).toEqual([]);
  });

  const PAGINATION_MODEL = (field: string) =>
    `from pydantic import BaseModel, Field\n\nclass PaginationQuery(BaseModel):\n    page: int = 1\n    ${field}\n`;
  const PAGINATION_ROUTES =
    'from fastapi import APIRouter, Depends\nrouter = APIRouter()\n\n@router.get("/items")\ndef list_items(q: PaginationQuery = Depends()):\n    return repo.page_all(q)\n';
  const PAGINATION_REPO =
    "def page_all(self, pagination):\n    count = self.session.scalar(select(func.count()))\n    if pagination.per_page == -1:\n        pagination.per_page = count\n    return self.session.scalars(select(Item).limit(pagination.per_page)).all()\n";

  it("fires on a FastAPI pagination model reached through Depends() without le=, or accepting -1 as every row", async () => {
    const unbounded = await findingsOf("generic/unclamped-page-size", {
      "app/schema/pagination.py": PAGINATION_MODEL("per_page: int = 50"),
      "app/routes/items.py": PAGINATION_ROUTES,
      "app/repos/generic.py": PAGINATION_REPO,
    });
    expect(unbounded.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["app/schema/pagination.py", 5],
    ]);
    expect(unbounded[0]?.message).toContain("`PaginationQuery.per_page`");
    expect(unbounded[0]?.message).toContain("returns every row for -1");
    const minusOne = await findingsOf("generic/unclamped-page-size", {
      "app/schema/pagination.py": PAGINATION_MODEL("per_page: int = Field(50, le=500)"),
      "app/routes/items.py": PAGINATION_ROUTES,
      "app/repos/generic.py": PAGINATION_REPO,
    });
    expect(minusOne.map((f) => f.location?.startLine)).toEqual([5]);
  });

  it("stays silent on a FastAPI pagination model bounded on both sides, or one no route depends on", async () => {
    const bounded = await findingsOf("generic/unclamped-page-size", {
      "app/schema/pagination.py": PAGINATION_MODEL("per_page: int = Field(50, ge=1, le=500)"),
      "app/routes/items.py": PAGINATION_ROUTES,
      "app/repos/generic.py": PAGINATION_REPO,
    });
    const unused = await findingsOf("generic/unclamped-page-size", {
      "app/schema/pagination.py": PAGINATION_MODEL("per_page: int = 50"),
      "app/routes/items.py": PAGINATION_ROUTES.replace(
        "q: PaginationQuery = Depends()",
        "q: Other = Depends()",
      ),
      "app/repos/generic.py": PAGINATION_REPO,
    });
    expect([...bounded, ...unused]).toEqual([]);
  });

  it("reads a FastAPI dependency function's own clamp (min() on what it returns); without one it fires", async () => {
    const provider = (ret: string) =>
      `from fastapi import Query\n\nasync def get_pagination_params(\n    page: int = Query(1, gt=0),\n    limit: int = Query(10, gt=0),\n) -> PaginationParams:\n    return ${ret}\n`;
    const routes =
      'from fastapi import APIRouter, Depends\nrouter = APIRouter()\n\n@router.get("/items")\nasync def list_items(pagination: PaginationParams = Depends(get_pagination_params)):\n    start = (pagination.page - 1) * pagination.limit\n    return rows[start : start + pagination.limit]\n';
    const clamped = await findingsOf("generic/unclamped-page-size", {
      "app/kit/pagination.py": provider("PaginationParams(page, min(settings.MAX_LIMIT, limit))"),
      "app/routes/items.py": routes,
    });
    expect(clamped).toEqual([]);
    const open = await findingsOf("generic/unclamped-page-size", {
      "app/kit/pagination.py": provider("PaginationParams(page, limit)"),
      "app/routes/items.py": routes,
    });
    expect(open.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["app/kit/pagination.py", 5],
    ]);
  });
});
