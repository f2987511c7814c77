import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const datasource = (provider: string, extra = "") =>
  `datasource db {\n  provider = "${provider}"\n  url      = env("DATABASE_URL")\n${extra}}\n\n`;
const MODELS = [
  "model User {",
  "  id    Int    @id @default(autoincrement())",
  "  posts Post[]",
  "}",
  "",
  "model Post {",
  "  id          Int     @id @default(autoincrement())",
  "  author      User    @relation(fields: [authorId], references: [id], onDelete: Cascade)",
  "  authorId    Int",
  '  editor      User?   @relation("edits", fields: [editorId], references: [id])',
  "  editorId    Int?",
  '  createdBy   User    @relation("created", fields: [createdById], references: [id])',
  "  createdById Int",
  "  slug        String",
  "",
  "  @@index([editorId, slug])",
  "}",
].join("\n");

describe("prisma/relation-without-index", () => {
  it("fires on PostgreSQL relation fields no index starts with: medium when queried through, audit references low", async () => {
    const findings = await findingsOf("prisma/relation-without-index", {
      "prisma/schema.prisma": datasource("postgresql") + MODELS,
      "src/posts.ts":
        "export const byAuthor = (id: number) =>\n  prisma.post.findMany({ where: { OR: [{ authorId: id }, { slug: 'x' }] } });\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity, f.message])).toEqual([
      [
        13,
        "medium",
        "Post.authorId holds the User relation `author` and no index of Post starts with it (postgresql does not create one); it is filtered on in `post` queries (src/posts.ts:2), each a scan of Post",
      ],
      [
        17,
        "low",
        "Post.createdById holds the User relation `createdBy` and no index of Post starts with it (postgresql does not create one); as an audit reference it is rarely queried by, so mainly deleting a User row scans Post",
      ],
    ]);
  });

  it("reads multi-file schemas against the datasource of the folder above, and MySQL only with relationMode prisma", async () => {
    const findings = await findingsOf("prisma/relation-without-index", {
      "db/prisma/schema.prisma": datasource("mysql", '  relationMode = "prisma"\n'),
      "db/prisma/models/post.prisma": MODELS,
      "src/users.ts":
        "export const withPosts = (id: number) => db.user.findUnique({ where: { id }, include: { posts: true } });\n",
      "other/schema.prisma":
        datasource("mysql") + MODELS.replace(/User/g, "Account").replace(/Post/g, "Entry"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`)).toEqual([
      "db/prisma/models/post.prisma:8 medium",
      "db/prisma/models/post.prisma:12 low",
    ]);
  });

  it("stays silent when every relation field leads an index, and on SQLite or MySQL with foreign keys", async () => {
    const indexed = MODELS.replace(
      "  @@index([editorId, slug])",
      "  @@index([editorId, slug])\n  @@index([authorId])\n  @@unique([createdById, slug])",
    );
    expect(
      await findingsOf("prisma/relation-without-index", {
        "schema.prisma": datasource("postgresql") + indexed,
      }),
    ).toEqual([]);
    expect(
      await findingsOf("prisma/relation-without-index", { "schema.prisma": datasource("sqlite") + MODELS }),
    ).toEqual([]);
    expect(
      await findingsOf("prisma/relation-without-index", { "schema.prisma": datasource("mysql") + MODELS }),
    ).toEqual([]);
  });

  it("reads the one-field shorthand @@index(field) and a composite relation whose fields lead an index in another order", async () => {
    const schema = [
      "model Project {",
      "  id    String @id",
      "  runs  Run[]",
      "}",
      "",
      "model Conversation {",
      "  id        String @id",
      "  projectId String",
      "  runs      Run[]",
      "  @@unique([id, projectId])",
      "}",
      "",
      "model Run {",
      "  id             String       @id",
      "  projectId      String",
      "  tenantId       String",
      "  project        Project      @relation(fields: [tenantId], references: [id])",
      "  conversationId String",
      "  conversation   Conversation @relation(fields: [conversationId, projectId], references: [id, projectId])",
      "  ownerId        String",
      '  owner          Project      @relation("owned", fields: [ownerId], references: [id])',
      "  @@index(tenantId)",
      "  @@index([projectId, conversationId, id])",
      "  @@index([ownerRef])",
      "}",
    ].join("\n");
    const findings = await findingsOf("prisma/relation-without-index", {
      "prisma/schema.prisma": datasource("postgresql") + schema,
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([26]);
  });

  it("is low when every filter on the field also names an indexed one, or only a forward relation is included", async () => {
    const findings = await findingsOf("prisma/relation-without-index", {
      "prisma/schema.prisma": datasource("postgresql") + MODELS,
      "src/posts.ts": [
        "export const mine = (id: number, authorId: number) => prisma.post.findFirst({ where: { id, authorId } });",
        "export const withAuthor = () => prisma.comment.findMany({ include: { post: { include: { author: true } } } });",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [13, "low"],
      [17, "low"],
    ]);
  });
});
