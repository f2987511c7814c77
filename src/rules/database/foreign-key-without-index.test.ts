import { describe, expect, it } from "vitest";
import { findingsIn, findingsOf } from "../../../test/helpers/audit-harness.js";
import { auditFixture } from "../../../test/helpers/fixture-audit.js";

const RULE = "node/foreign-key-without-index";

describe(RULE, () => {
  it("fires on a Drizzle service's foreign keys no index starts with: medium when filtered on, low when only cascaded or unused", async () => {
    const findings = findingsIn(RULE, await auditFixture("ts-orm-drizzle"));
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["src/db/schema.ts", 22, "medium"],
      ["src/db/schema.ts", 25, "low"],
      ["src/db/schema.ts", 32, "low"],
      ["src/db/schema.ts", 35, "low"],
    ]);
    expect(findings[0]!.message).toBe(
      "notes.notebook_id references notebooks and no index of the Drizzle table notes starts with it (PostgreSQL does not create one); it is filtered on in notes queries (src/routes/notes.ts:13), each a scan of notes",
    );
    expect(findings[1]!.message).toContain("as an audit reference it is rarely queried by");
    expect(findings[2]!.message).toContain("deleting a notes row cascades through a scan of shares");
  });

  it("fires on a TypeORM service's relations: loaded from the parent medium, cascaded only or unused low; a class @Index covers its first column", async () => {
    const findings = findingsIn(RULE, await auditFixture("ts-orm-typeorm"));
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["src/entities/order-line.entity.ts", 10, "low"],
      ["src/entities/order-line.entity.ts", 13, "low"],
      ["src/entities/order.entity.ts", 12, "medium"],
    ]);
    expect(findings[2]!.message).toContain(
      "it is loaded as `Customer.orders` (src/orders/orders.service.ts:19), each a scan of Order",
    );
  });

  it("reads a relational query's where and a repository's findBy, and is silent on MySQL and indexed columns", async () => {
    const findings = await findingsOf(RULE, {
      "src/schema.ts": [
        'import { index, integer, mysqlTable, pgTable, serial } from "drizzle-orm/pg-core";',
        'export const teams = pgTable("teams", { id: serial("id").primaryKey() });',
        'export const members = pgTable("members", { id: serial("id").primaryKey(), teamId: integer("team_id").references(() => teams.id) });',
        'export const seats = pgTable("seats", { id: serial("id").primaryKey(), teamId: integer("team_id").references(() => teams.id) }, (t) => [index("i").on(t.teamId)]);',
        'export const logs = mysqlTable("logs", { id: serial("id").primaryKey(), teamId: integer("team_id").references(() => teams.id) });',
      ].join("\n"),
      "src/members.ts": [
        'import { eq } from "drizzle-orm";',
        "export const list = (teamId: number) =>",
        "  db.query.members.findMany({ where: (m, { eq }) => eq(m.teamId, teamId) });",
        "export const logsOf = (teamId: number) => db.select().from(logs).where(eq(logs.teamId, teamId));",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[3, "medium"]]);
  });
});

describe(`${RULE} near-miss`, () => {
  it("is silent when every foreign key is indexed, and on a TypeORM entity of an unknown dialect", async () => {
    const findings = await findingsOf(RULE, {
      "src/schema.ts": [
        'import { index, integer, pgTable, serial } from "drizzle-orm/pg-core";',
        'export const teams = pgTable("teams", { id: serial("id").primaryKey() });',
        'export const seats = pgTable("seats", { id: serial("id").primaryKey(), teamId: integer("team_id").references(() => teams.id) }, (t) => ({ byTeam: index("i").on(t.teamId) }));',
      ].join("\n"),
      "src/seat.entity.ts":
        'import { Entity, ManyToOne, PrimaryGeneratedColumn } from "typeorm";\n@Entity()\nexport class Seat {\n  @PrimaryGeneratedColumn() id: number;\n  @ManyToOne(() => Team, { onDelete: "CASCADE" }) team: Team;\n}\n',
    });
    expect(findings).toEqual([]);
  });

  it("does not count a filter that also compares the primary key (served by that index)", async () => {
    const findings = await findingsOf(RULE, {
      "src/schema.ts": [
        'import { integer, pgTable, serial } from "drizzle-orm/pg-core";',
        'export const teams = pgTable("teams", { id: serial("id").primaryKey() });',
        'export const members = pgTable("members", { id: serial("id").primaryKey(), teamId: integer("team_id").references(() => teams.id) });',
      ].join("\n"),
      "src/members.ts":
        'import { and, eq } from "drizzle-orm";\nexport const one = (id: number, teamId: number) =>\n  db.select().from(members).where(and(eq(members.id, id), eq(members.teamId, teamId)));\n',
    });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
  });

  it("takes PostgreSQL from the only database driver installed when the DataSource reads its type from the environment", async () => {
    const entity =
      'import { Entity, ManyToOne, PrimaryGeneratedColumn } from "typeorm";\n@Entity()\nexport class Seat {\n  @PrimaryGeneratedColumn() id: number;\n  @ManyToOne(() => Team, { onDelete: "CASCADE" }) team: Team;\n}\n';
    const source = "export default new DataSource({ type: process.env.DATABASE_TYPE, entities: [] });\n";
    const pgOnly = await findingsOf(RULE, {
      "package.json": '{ "name": "api", "dependencies": { "typeorm": "^0.3.0", "pg": "^8.0.0" } }\n',
      "src/seat.entity.ts": entity,
      "src/data-source.ts": source,
    });
    const twoDrivers = await findingsOf(RULE, {
      "package.json":
        '{ "name": "api", "dependencies": { "typeorm": "^0.3.0", "pg": "^8.0.0", "mysql2": "^3.0.0" } }\n',
      "src/seat.entity.ts": entity,
      "src/data-source.ts": source,
    });
    expect([pgOnly.map((f) => f.severity), twoDrivers]).toEqual([["low"], []]);
  });

  it("does not count a filter in a seed script as the application querying through the foreign key", async () => {
    const files = (path: string) => ({
      "package.json": '{ "name": "api", "dependencies": { "typeorm": "^0.3.0", "pg": "^8.0.0" } }\n',
      "src/users/user.entity.ts":
        'import { Entity, ManyToOne, PrimaryGeneratedColumn } from "typeorm";\n@Entity()\nexport class UserEntity {\n  @PrimaryGeneratedColumn() id: number;\n  @ManyToOne(() => RoleEntity) role: RoleEntity;\n}\n',
      [path]: "export const admins = () => this.repository.count({ where: { role: { id: 1 } } });\n",
    });
    const seed = await findingsOf(RULE, files("src/database/seeds/user/user-seed.service.ts"));
    const service = await findingsOf(RULE, files("src/users/users.service.ts"));
    expect([seed.map((f) => f.severity), service.map((f) => f.severity)]).toEqual([["low"], ["medium"]]);
  });

  it("reads drizzle-kit pull's index form (using with ordered operands) and a foreignKey chain's onDelete", async () => {
    const findings = await findingsOf(RULE, {
      "src/schema.ts": [
        'import { foreignKey, pgTable, uniqueIndex, uuid } from "drizzle-orm/pg-core";',
        'export const workspace = pgTable("Workspace", { id: uuid().primaryKey() });',
        "export const userProperty = pgTable(",
        '  "UserProperty",',
        "  { id: uuid().primaryKey(), workspaceId: uuid().notNull(), parentId: uuid() },",
        "  (table) => [",
        '    uniqueIndex("UserProperty_workspaceId_key").using("btree", table.workspaceId.asc().nullsLast().op("uuid_ops")),',
        '    foreignKey({ columns: [table.workspaceId], foreignColumns: [workspace.id], name: "a" }).onUpdate("cascade").onDelete("cascade"),',
        '    foreignKey({ columns: [table.parentId], foreignColumns: [workspace.id], name: "b" }).onUpdate("cascade").onDelete("cascade"),',
        "  ],",
        ");",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.message.split(" ")[0], f.severity])).toEqual([
      ["UserProperty.parentId", "low"],
    ]);
  });
});

describe(`${RULE} column uses`, () => {
  const schema = [
    'import { integer, pgTable, serial } from "drizzle-orm/pg-core";',
    'export const journey = pgTable("journey", { id: serial("id").primaryKey() });',
    'export const broadcast = pgTable("broadcast", { id: serial("id").primaryKey(), journeyId: integer("journey_id").references(() => journey.id, { onDelete: "cascade" }) });',
    'export const journeyEvent = pgTable("journey_event", { id: serial("id").primaryKey(), journeyId: integer("journey_id") });',
    'export const group = pgTable("group", { id: serial("id").primaryKey() });',
    'export const segment = pgTable("segment", { id: serial("id").primaryKey(), workspaceId: integer("workspace_id"), groupId: integer("group_id").references(() => group.id) });',
  ].join("\n");

  it("resolves an import alias to the table it names before attributing a filter (no other table's key)", async () => {
    const findings = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/events.ts":
        'import { eq } from "drizzle-orm";\nimport { journeyEvent as dbJourneyEvent } from "./schema";\nexport const of = (id: number) => db.select().from(dbJourneyEvent).where(eq(dbJourneyEvent.journeyId, id));\n',
    });
    expect(findings.map((f) => [f.message.split(" ")[0], f.severity])).toEqual([
      ["broadcast.journey_id", "low"],
      ["segment.group_id", "low"],
    ]);
  });

  it("counts a filter through an aliased or namespace import of the table itself", async () => {
    const aliased = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/broadcasts.ts":
        'import { eq } from "drizzle-orm";\nimport { broadcast as dbBroadcast } from "./schema";\nexport const of = (id: number) => db.select().from(dbBroadcast).where(eq(dbBroadcast.journeyId, id));\n',
    });
    const namespace = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/broadcasts.ts":
        'import { eq } from "drizzle-orm";\nimport * as schema from "./schema";\nexport const of = (id: number) => db.select().from(schema.broadcast).where(eq(schema.broadcast.journeyId, id));\n',
    });
    const severities = (findings: typeof aliased) =>
      findings.map((f) => [f.message.split(" ")[0], f.severity]);
    expect([severities(aliased), severities(namespace)]).toEqual([
      [
        ["broadcast.journey_id", "medium"],
        ["segment.group_id", "low"],
      ],
      [
        ["broadcast.journey_id", "medium"],
        ["segment.group_id", "low"],
      ],
    ]);
  });

  it("counts only the joined side of a join condition: the probe side is searched, the driving side is read already", async () => {
    const probe = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/segments.ts":
        'import { eq } from "drizzle-orm";\nimport { group as dbGroup, segment as dbSegment } from "./schema";\nexport const list = (w: number) =>\n  db.select().from(dbSegment).where(eq(dbSegment.workspaceId, w)).leftJoin(dbGroup, eq(dbSegment.groupId, dbGroup.id));\n',
    });
    const joined = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/groups.ts":
        'import { and, eq } from "drizzle-orm";\nimport { group, segment } from "./schema";\nexport const list = (id: number) =>\n  db.select().from(group).where(eq(group.id, id)).innerJoin(segment, and(eq(segment.groupId, group.id), eq(group.id, id)));\n',
    });
    const severityOf = (findings: typeof probe) =>
      findings.find((f) => f.message.startsWith("segment.group_id"))?.severity;
    expect([severityOf(probe), severityOf(joined)]).toEqual(["low", "medium"]);
  });
});

describe(`${RULE} relational queries`, () => {
  const files = (query: string) => ({
    "src/schema.ts": [
      'import { relations } from "drizzle-orm";',
      'import { integer, pgTable, serial } from "drizzle-orm/pg-core";',
      'export const teams = pgTable("teams", { id: serial("id").primaryKey() });',
      'export const users = pgTable("users", { id: serial("id").primaryKey(), teamId: integer("team_id").references(() => teams.id) });',
      'export const posts = pgTable("posts", { id: serial("id").primaryKey(), authorId: integer("author_id").references(() => users.id), editorId: integer("editor_id").references(() => users.id) });',
      "export const teamRelations = relations(teams, ({ many }) => ({ members: many(users) }));",
      "export const userRelations = relations(users, ({ many }) => ({ posts: many(posts, { relationName: 'author' }) }));",
      "export const postRelations = relations(posts, ({ one }) => ({",
      "  author: one(users, { fields: [posts.authorId], references: [users.id], relationName: 'author' }),",
      "  editor: one(users, { fields: [posts.editorId], references: [users.id] }),",
      "}));",
    ].join("\n"),
    "src/queries.ts": `export const run = (id: number) => ${query};\n`,
  });
  const severities = (findings: Awaited<ReturnType<typeof findingsOf>>) =>
    findings.map((f) => `${f.message.split(" ")[0]} ${f.severity}`);

  it("counts a relation a query loads with `with` as a load of the children by their foreign key, also nested", async () => {
    const direct = await findingsOf(RULE, files("db.query.users.findMany({ with: { posts: true } })"));
    const nested = await findingsOf(
      RULE,
      files(
        "db.query.teams.findFirst({ where: (t, { eq }) => eq(t.id, id), with: { members: { with: { posts: true } } } })",
      ),
    );
    expect([severities(direct), severities(nested)]).toEqual([
      ["users.team_id low", "posts.author_id medium", "posts.editor_id low"],
      ["users.team_id medium", "posts.author_id medium", "posts.editor_id low"],
    ]);
  });

  it("does not count loading the parent (`with: { author: true }` reads users by their primary key)", async () => {
    const findings = await findingsOf(
      RULE,
      files("db.query.posts.findMany({ with: { author: true, editor: true } })"),
    );
    expect(severities(findings)).toEqual(["users.team_id low", "posts.author_id low", "posts.editor_id low"]);
  });
});

describe(`${RULE} conditions served elsewhere`, () => {
  const schema = [
    'import { index, integer, pgTable, serial, text } from "drizzle-orm/pg-core";',
    'export const group = pgTable("group", { id: serial("id").primaryKey() });',
    'export const workspace = pgTable("workspace", { id: serial("id").primaryKey(), domain: text("domain") });',
    'export const segment = pgTable("segment", { id: serial("id").primaryKey(), workspaceId: integer("workspace_id"), name: text("name"), groupId: integer("group_id").references(() => group.id) }, (t) => [index("s").on(t.workspaceId, t.name)]);',
  ].join("\n");
  const severityOf = (findings: Awaited<ReturnType<typeof findingsOf>>) =>
    findings.find((f) => f.message.startsWith("segment.group_id"))?.severity;

  it("does not count a join's probe side when the query's where reads that table through an indexed column", async () => {
    const served = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/groups.ts":
        'import { and, eq, inArray } from "drizzle-orm";\nimport { group, segment } from "./schema";\nexport const list = (w: number, ids: number[]) =>\n  db.select().from(group).innerJoin(segment, eq(segment.groupId, group.id)).where(and(eq(segment.workspaceId, w), inArray(group.id, ids)));\n',
    });
    const notServed = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/groups.ts":
        'import { and, eq, inArray } from "drizzle-orm";\nimport { group, segment } from "./schema";\nexport const list = (ids: number[]) =>\n  db.select().from(group).innerJoin(segment, eq(segment.groupId, group.id)).where(inArray(group.id, ids));\n',
    });
    expect([severityOf(served), severityOf(notServed)]).toEqual(["low", "medium"]);
  });

  it("does not count a branch of an or(...) whose other branch compares another table", async () => {
    const across = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/segments.ts":
        'import { eq, or } from "drizzle-orm";\nimport { segment, workspace } from "./schema";\nexport const list = (g: number, d: string) =>\n  db.select().from(workspace).leftJoin(segment, eq(segment.workspaceId, workspace.id)).where(or(eq(segment.groupId, g), eq(workspace.domain, d)));\n',
    });
    const same = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/segments.ts":
        'import { eq, or } from "drizzle-orm";\nimport { segment } from "./schema";\nexport const list = (g: number, h: number) =>\n  db.select().from(segment).where(or(eq(segment.groupId, g), eq(segment.groupId, h)));\n',
    });
    expect([severityOf(across), severityOf(same)]).toEqual(["low", "medium"]);
  });
});

describe(`${RULE} compared values`, () => {
  const schema = [
    'import { pgTable, text } from "drizzle-orm/pg-core";',
    'export const slack = pgTable("slack", { slackId: text("slack_id").primaryKey() });',
    'export const notification = pgTable("notification", { id: text("id").primaryKey(), slackId: text("slack_id").references(() => slack.slackId) });',
  ].join("\n");

  it("does not take a request field compared with a column (`eq(slack.slackId, input.slackId)`) for another table's key", async () => {
    const value = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/notifications.ts":
        'import { eq } from "drizzle-orm";\nimport { slack } from "./schema";\nexport const update = (input: { slackId: string }) => db.update(slack).set({}).where(eq(slack.slackId, input.slackId));\n',
    });
    const column = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/list.ts":
        'import { eq } from "drizzle-orm";\nimport { notification, slack } from "./schema";\nexport const list = () => db.select().from(slack).innerJoin(notification, eq(slack.slackId, notification.slackId));\n',
    });
    const shadowed = await findingsOf(RULE, {
      "src/schema.ts": schema,
      "src/rollback.ts":
        'import { eq } from "drizzle-orm";\nimport { slack as slackTable } from "./schema";\nexport const notification = async (id: string) => {\n  const notification = await load(id);\n  return db.select().from(slackTable).where(eq(slackTable.slackId, notification.slackId));\n};\n',
    });
    expect([value, column, shadowed].map((findings) => findings.map((f) => f.severity))).toEqual([
      ["low"],
      ["medium"],
      ["low"],
    ]);
  });
});
