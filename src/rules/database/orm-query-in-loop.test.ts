import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const PRISMA_SCHEMA = 'datasource db {\n  provider = "postgresql"\n}\nmodel User {\n  id Int @id\n}\n';
const DRIZZLE_SCHEMA =
  'import { pgTable, integer } from "drizzle-orm/pg-core";\nexport const users = pgTable("users", { id: integer("id").primaryKey() });\n';

describe("node/orm-query-in-loop", () => {
  it("fires on Prisma, Drizzle, TypeORM and Kysely reads awaited per element of a list: medium over rows a query returned, low over other lists and in scripts", async () => {
    const findings = await findingsOf("node/orm-query-in-loop", {
      "prisma/schema.prisma": PRISMA_SCHEMA,
      "src/db/schema.ts": DRIZZLE_SCHEMA,
      "src/api/posts.ts": [
        "export async function list() {",
        "  const posts = await prisma.post.findMany();",
        "  for (const post of posts) {",
        "    post.author = await prisma.user.findUnique({ where: { id: post.authorId } });",
        "  }",
        "  return Promise.all(posts.map(async (p) => ({ ...p, tags: await db.select().from(tags).where(eq(tags.postId, p.id)) })));",
        "}",
        "export async function owners() {",
        "  const rows = await this.orderRepository.find();",
        "  return Promise.all(rows.map((r) => this.userRepository.findOneBy({ id: r.ownerId })));",
        "}",
        "export async function k() { for (const p of await db.selectFrom('pet').selectAll().execute()) await db.selectFrom('person').where('id', '=', p.ownerId).executeTakeFirst(); }",
        "export async function fromInput(input) { for (const id of input.ids) await prisma.user.findUnique({ where: { id } }); }",
        "",
      ].join("\n"),
      "scripts/backfill.ts":
        "for (const user of users) {\n  await prisma.account.findFirst({ where: { userId: user.id } });\n}\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["scripts/backfill.ts", 2, "low"],
      ["src/api/posts.ts", 4, "medium"],
      ["src/api/posts.ts", 6, "medium"],
      ["src/api/posts.ts", 10, "medium"],
      ["src/api/posts.ts", 12, "medium"],
      ["src/api/posts.ts", 13, "low"],
    ]);
    expect(findings.find((f) => f.location?.startLine === 4)?.message).toBe(
      "`prisma.user.findUnique` runs once per element of `for (... of posts)` (line 3), rows a query returned: one query per row (N+1); read them in one query for the whole list",
    );
  });

  it("is low over rows that are few by construction: a capped page, one record's children, a deletion's cascade", async () => {
    const findings = await findingsOf("node/orm-query-in-loop", {
      "prisma/schema.prisma": PRISMA_SCHEMA,
      "src/jobs/batch.ts": [
        "export async function pickBatch() {",
        "  const users = await prisma.user.findMany({ take: 10 });",
        "  for (const user of users) await prisma.post.findMany({ where: { authorId: user.id } });",
        "}",
        "export async function notify(monitorId) {",
        "  const channels = await prisma.channel.findMany({ where: { monitorId } });",
        "  for (const channel of channels) await prisma.user.findUnique({ where: { id: channel.ownerId } });",
        "}",
        "export async function deleteFolder(id) {",
        "  const children = await prisma.folder.findMany({ where: { parent: id } });",
        "  for (const child of children) await prisma.post.findMany({ where: { folder: child.id } });",
        "}",
        "export async function soleOwner(uid) {",
        "  const owned = await prisma.teamMember.findMany({ where: { userUid: uid, role: 'OWNER' } });",
        "  for (const team of owned) await prisma.teamMember.count({ where: { teamID: team.teamID } });",
        "}",
        "export async function everyone() {",
        "  const users = await prisma.user.findMany({ where: { active: true } });",
        "  for (const user of users) await prisma.post.findMany({ where: { authorId: user.id } });",
        "}",
        "",
      ].join("\n"),
    });
    // The last one walks every active user: still medium.
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [3, "low"],
      [7, "low"],
      [11, "low"],
      [15, "low"],
      [19, "medium"],
    ]);
  });

  it("stays silent on batched and paged loops, fixed lists, unexecuted builders and one query for the list", async () => {
    const findings = await findingsOf("node/orm-query-in-loop", {
      "src/db/schema.ts": DRIZZLE_SCHEMA,
      "src/api/posts.ts": [
        "export async function list(ids) {",
        "  const authors = await db.select().from(users).where(inArray(users.id, ids));",
        "  for (const chunk of chunks(ids, 100)) await db.select().from(users).where(inArray(users.id, chunk));",
        "  for (let offset = 0; ; offset += 100) { const page = await db.select().from(users).limit(100).offset(offset); if (!page.length) break; }",
        "  while (more) { more = await db.select().from(users).limit(10); }",
        "  for (const role of ['admin', 'owner']) await db.select().from(users).where(eq(users.role, role));",
        "  const subqueries = ids.map((id) => db.select().from(users).where(eq(users.id, id)));",
        "  return authors;",
        "}",
        "",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("is not applicable without an ORM schema", async () => {
    const findings = await findingsOf("node/orm-query-in-loop", {
      "src/a.ts": "for (const p of posts) await prisma.user.findUnique({ where: { id: p.authorId } });\n",
    });
    expect(findings).toEqual([]);
  });

  it("is low in a command-line package an operator runs (admin-cli/)", async () => {
    const code =
      "export async function run() {\n  const rows = await prisma.workspace.findMany();\n  for (const w of rows) await prisma.user.findFirst({ where: { workspaceId: w.id } });\n}\n";
    const findings = await findingsOf("node/orm-query-in-loop", {
      "prisma/schema.prisma": PRISMA_SCHEMA,
      "packages/admin-cli/src/commands.ts": code,
      "packages/api/src/workspaces.ts": code,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["packages/admin-cli/src/commands.ts", "low"],
      ["packages/api/src/workspaces.ts", "medium"],
    ]);
  });
  it("is low in a scheduled job (@Interval/@Cron), medium in the same loop of a request handler (near miss)", async () => {
    const loop = [
      "    const workspaces = await this.db.selectFrom('workspaces').select(['id']).execute();",
      "    for (const workspace of workspaces) {",
      "      await this.db.selectFrom('pages').select(['id']).where('workspaceId', '=', workspace.id).where('deletedAt', '<', cutoff).execute();",
      "    }",
    ];
    const findings = await findingsOf("node/orm-query-in-loop", {
      "prisma/schema.prisma": PRISMA_SCHEMA,
      "src/trash.service.ts": [
        "import { Interval } from '@nestjs/schedule';",
        "export class TrashService {",
        "  @Interval('trash-cleanup', 86400000) // every 24 hours",
        "  async cleanup() {",
        ...loop,
        "  }",
        "  async list() {",
        ...loop,
        "  }",
        "}",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [7, "low"],
      [13, "medium"],
    ]);
    expect(findings[0]?.message).toContain("scheduled job");
  });
});
