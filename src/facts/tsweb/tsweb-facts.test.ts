import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";

describe("tsweb and prisma facts", () => {
  it("lists routes, server actions, tRPC procedures with their guard, and Prisma models", async () => {
    const { facts, areaFacts } = await analyseFiles({
      "apps/web/src/app/(app)/api/users/[id]/route.ts":
        'import { auth } from "@/auth";\nexport async function GET() {\n  const session = await auth();\n  return Response.json(session);\n}\nconst handler = () => new Response("ok");\nexport { handler as DELETE };\n',
      "apps/web/src/pages/api/health/index.ts":
        "export default function handler(req, res) { res.end('ok'); }\n",
      "apps/web/src/actions/post.ts":
        '"use server";\nexport async function deletePost(id: string) { await db.post.delete({ where: { id } }); }\n',
      "apps/remix/app/routes/t.$teamUrl+/settings.tsx":
        "export async function loader({ request }) { return getSession(request); }\nexport default function Page() { return null; }\n",
      "server/app.ts":
        'import { Hono } from "hono";\nconst app = new Hono();\napp.use("/api/*", requireAuth);\napp.get("/api/items", listItems);\napp.route("/auth", authRoutes);\n',
      "server/items.controller.ts":
        '@Controller("items")\n@UseGuards(JwtAuthGuard)\nexport class ItemsController {\n  @Post()\n  create() {}\n}\n',
      "src/server/trpc.ts":
        'const t = initTRPC.create();\nexport const publicProcedure = t.procedure;\nconst isAuthed = t.middleware(({ ctx, next }) => {\n  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED" });\n  return next();\n});\nexport const protectedProcedure = publicProcedure.use(isAuthed);\nexport const adminProcedure = protectedProcedure.use(isAdmin);\n',
      "src/server/routers/post.ts":
        "export const postRouter = router({\n  list: publicProcedure.query(() => []),\n  remove: adminProcedure.input(z.string()).mutation(({ ctx, input }) => remove(input)),\n});\n",
      "prisma/schema.prisma":
        'datasource db {\n  provider = "postgresql"\n}\nmodel User {\n  id String @id\n  posts Post[]\n}\nmodel Post {\n  id String @id\n  author User @relation(fields: [authorId], references: [id])\n  authorId String\n  @@index([authorId])\n}\n',
    });
    expect(
      facts.tsweb.routes.map((r) => [
        r.framework,
        r.method,
        r.urlPath,
        r.handler,
        r.authCall,
        r.middlewares.join(),
      ]),
    ).toEqual([
      ["remix", "GET", "/t/:teamUrl/settings", "loader", "getSession(", ""],
      ["next-server-action", "ACTION", null, "deletePost", null, ""],
      ["next-route-handler", "GET", "/api/users/[id]", "GET", "auth(", ""],
      ["next-route-handler", "DELETE", "/api/users/[id]", "DELETE", null, ""],
      ["next-api-route", "ANY", "/api/health", "default", null, ""],
      ["hono", "GET", "/api/items", "listItems", null, ""],
      ["nestjs", "POST", "/items", "ItemsController.create", null, "JwtAuthGuard"],
    ]);
    expect(facts.tsweb.honoMiddlewares.map((m) => [m.app, m.urlPath, m.names.join()])).toEqual([
      ["app", "/api/*", "requireAuth"],
    ]);
    expect(facts.tsweb.trpc.bases.map((b) => [b.name, b.guard.status])).toEqual([
      ["publicProcedure", "public"],
      ["protectedProcedure", "guarded"],
      ["adminProcedure", "guarded"],
    ]);
    expect(
      facts.tsweb.trpc.procedures.map((p) => [p.name, p.kind, p.base, p.guard.status, p.hasInput]),
    ).toEqual([
      ["list", "query", "publicProcedure", "public", false],
      ["remove", "mutation", "adminProcedure", "guarded", true],
    ]);
    expect(facts.prisma.models.map((m) => [m.name, m.fields.length, m.indexes.length])).toEqual([
      ["User", 2, 0],
      ["Post", 3, 1],
    ]);
    const labels = areaFacts.map((f) => `${f.area} ${f.label}`);
    expect(labels).toEqual(
      expect.arrayContaining([
        "web tRPC procedures",
        "security tRPC base protectedProcedure",
        "web Next.js route handlers",
        "web Hono routes",
        "database Prisma schema",
        "database Prisma models",
      ]),
    );
  });
});
