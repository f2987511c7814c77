import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "node/raw-sql-interpolation";

const lines = (...l: string[]): string => l.join("\n") + "\n";

describe(ID, () => {
  it("fires high on Prisma $queryRawUnsafe, Drizzle sql.raw and TypeORM query() with a value interpolated", async () => {
    const findings = await findingsOf(ID, {
      "src/server/documents.ts": lines(
        "export async function find(prisma: PrismaClient, teamId: string, name: string) {",
        '  const rows = await prisma.$queryRawUnsafe(`SELECT * FROM "Document" WHERE "teamId" = \'${teamId}\'`);',
        "  await prisma.$executeRawUnsafe('DELETE FROM \"Tag\" WHERE name = \\'' + name + '\\'');",
        "  const filter = sql.raw(`WHERE title = '${name}'`);",
        "  return dataSource.query(`SELECT id FROM users WHERE email = '${name}'`);",
        "}",
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [2, "high"],
      [3, "high"],
      [4, "high"],
      [5, "high"],
    ]);
    expect(findings[0]?.message).toContain("interpolates `teamId` where a value goes");
  });

  it("is medium when the value interpolated is a configuration setting, high when a setting sits beside request data", async () => {
    const findings = await findingsOf(ID, {
      "server/modules/search/postgres/engine.js": lines(
        "module.exports = {",
        "  async created(page) {",
        "    await WIKI.models.knex.raw(`INSERT INTO pages (tokens) VALUES (to_tsvector('${this.config.dictLanguage}', ?))`, [page.title])",
        "  },",
        "  async query(q) {",
        "    return WIKI.models.knex.raw(`SELECT * FROM pages WHERE tokens @@ to_tsquery('${this.config.dictLanguage}', '${q}')`)",
        "  },",
        "}",
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [3, "medium"],
      [6, "high"],
    ]);
    expect(findings[0]?.message).toContain("a configuration setting");
  });

  it("stays silent on rows joined from a literal array the file declares, fires on rows joined from data", async () => {
    const findings = await findingsOf("node/raw-sql-interpolation", {
      "server/lib/merge.ts": [
        "export async function merge(dbConnection: DataSource, users: string[]) {",
        "  const seeded = [",
        "    [1700000000000, 'AddSettings1700000000000'],",
        "    [1700000000001, 'AddIndex1700000000001'],",
        "  ] as const;",
        "  await dbConnection.query(",
        "    `INSERT INTO migrations (timestamp,name) VALUES ${seeded.map(([t, n]) => `(${t}, '${n}')`).join(', ')}`",
        "  );",
        "  await dbConnection.query(",
        "    `INSERT INTO audit (name) VALUES ${users.map((u) => `('${u}')`).join(', ')}`",
        "  );",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[9, "medium"]]);
  });

  it("fires medium on an interpolated identifier, low in a migration", async () => {
    const medium = await findingsOf(ID, {
      "src/stats.ts": lines(
        "export const count = (prisma: PrismaClient, table: string) =>",
        "  prisma.$queryRawUnsafe(`SELECT count(*) FROM ${table}`);",
      ),
    });
    expect(medium.map((f) => f.severity)).toEqual(["medium"]);
    const low = await findingsOf(ID, {
      "packages/database/migration/20250101_backfill/migration.ts": lines(
        "export async function run(tx: Tx, id: string) {",
        "  await tx.$executeRawUnsafe(`UPDATE \"Survey\" SET status = 'done' WHERE id = '${id}'`);",
        "}",
      ),
    });
    expect(low.map((f) => f.severity)).toEqual(["low"]);
  });

  it("reads `\\`` in a template literal as a backtick: a MySQL-quoted identifier is medium, a value beside it high", async () => {
    const findings = await findingsOf(ID, {
      "src/warehouse.ts": lines(
        "export async function events(pool: Pool, table: { at: string; field: string }, day: string) {",
        "  await pool.query(`SELECT \\`${table.field}\\` AS e, \\`${table.at}\\` AS d FROM events LIMIT 100`);",
        "  await pool.query(`SELECT * FROM \\`events\\` WHERE day = ${day}`);",
        "}",
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [2, "medium"],
      [3, "high"],
    ]);
  });

  it("stays silent on tagged templates, bound parameters, constants and non-SQL query() calls", async () => {
    const findings = await findingsOf(ID, {
      "src/server/safe.ts": lines(
        "const TABLE = 'documents';",
        "export async function find(prisma: PrismaClient, id: string, limit: string) {",
        '  await prisma.$queryRaw`SELECT * FROM "Document" WHERE id = ${id}`;',
        "  await prisma.$queryRawUnsafe('SELECT * FROM \"Document\" WHERE id = $1', id);",
        "  await prisma.$queryRawUnsafe(`SELECT * FROM ${TABLE} WHERE id = $1`, id);",
        "  await db.execute(sql`SELECT * FROM users WHERE id = ${id}`);",
        "  await manager.query(`SELECT * FROM users LIMIT ${Number(limit)}`);",
        '  await prisma.$executeRawUnsafe(`UPDATE "Project" SET ${sets.join(", ")} WHERE id = $${index}`, ...values);',
        "  const params = request.query(`name=${id}`);",
        "  return router.query(`select ${id}`);",
        "}",
      ),
    });
    expect(findings).toEqual([]);
  });

  it("fires on TypeORM query-builder conditions built by interpolation: high for a value, medium for an identifier", async () => {
    const findings = await findingsOf(ID, {
      "src/users/users.service.ts": lines(
        "export class UsersService {",
        "  search(email: string, sort: string) {",
        "    return this.repo",
        '      .createQueryBuilder("user")',
        "      .where(`user.email = '${email}'`)",
        "      .andWhere(`user.${sort} IS NOT NULL`)",
        "      .getMany();",
        "  }",
        "  byTeam(qb: SelectQueryBuilder<User>, teamId: string) {",
        "    return qb.where('user.teamId = ' + teamId).getMany();",
        "  }",
        "}",
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [3, "medium"],
      [3, "high"],
      [10, "high"],
    ]);
    expect(findings[1]?.message).toContain("interpolates `email` where a value goes; name it as a parameter");
  });

  it("stays silent on query-builder conditions with named parameters, Drizzle where() and sql tagged templates", async () => {
    const findings = await findingsOf(ID, {
      "src/users/users.service.ts": lines(
        "export function search(repo, email: string, alias: string) {",
        '  repo.createQueryBuilder("user").where("user.email = :email", { email }).andWhere(`${ALIAS}.deleted IS NULL`).getMany();',
        "  db.select().from(users).where(sql`${users.email} = ${email}`);",
        "  db.select().from(users).where(eq(users.email, email));",
        "  return items.filter((item) => item.where(`x = ${email}`));",
        "}",
      ),
    });
    expect(findings).toEqual([]);
  });
});

describe(`${ID}: constants chosen between literals`, () => {
  it("is silent on a const that is one of two literals, and fires when a branch is not a literal", async () => {
    const findings = await findingsOf(ID, {
      "src/runs/runs.repository.ts": lines(
        "export function byTags(repo, tags: string[], all: boolean, mode: string) {",
        '  const fn = all ? "hasAll" : "hasAny";',
        '  const other = all ? "hasAll" : mode;',
        '  const qb = repo.createQueryBuilder("run");',
        "  qb.where(`${fn}(tags, {tags: Array(String)})`, { tags });",
        "  qb.andWhere(`${other}(tags, {tags: Array(String)})`, { tags });",
        "  return qb.getMany();",
        "}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([6]);
  });
});

describe(`${ID}: values a literal-only schema validated`, () => {
  it("is silent on the output of z.enum(...).safeParse and .parse, and still fires on the raw input", async () => {
    const code = (value: string) =>
      lines(
        'import { z } from "zod";',
        'import { Prisma } from "@prisma/client";',
        "",
        "export function orderBy(input: { order: string; dir: string }) {",
        '  const orderSchema = z.enum(["ASC", "DESC"]);',
        "  const order = orderSchema.safeParse(input.order);",
        '  if (!order.success) throw new Error("Invalid order");',
        '  const dir = z.enum(["ASC", "DESC"]).parse(input.dir);',
        `  return Prisma.raw(\`SELECT * FROM events ORDER BY timestamp \${${value}} \${input.dir === "DESC" ? (order.success ? "NULLS LAST" : "NULLS FIRST") : ""}\`);`,
        "}",
      );
    expect(await findingsOf(ID, { "src/server/order.ts": code("order.data") })).toEqual([]);
    expect(await findingsOf(ID, { "src/server/order2.ts": code("dir") })).toEqual([]);
    const raw = await findingsOf(ID, { "src/server/order3.ts": code("input.order") });
    expect(raw.map((f) => f.location?.startLine)).toEqual([9]);
  });
});

describe(`${ID}: placeholders joined from literals and numeric parameters`, () => {
  it("is silent on placeholder rows joined from a literal and on a parameter typed number, fires on rows of data and a string parameter", async () => {
    const findings = await findingsOf(ID, {
      "packages/scheduler/lib/models/schedules.ts": lines(
        "export async function update(trx: Knex, batch: Row[], days: number, since: string) {",
        "  const bindings = batch.flatMap((u) => [u.id, u.state]);",
        "  const values = batch.map(() => '(?::uuid, ?::task_states)').join(', ');",
        "  await trx.raw(`UPDATE schedules SET state = v.state FROM (VALUES ${values}) AS v(id, state)`, bindings);",
        "  const marks = Array(batch.length).fill('?').join(',');",
        "  await trx.raw(`DELETE FROM schedules WHERE id IN (${marks})`, batch.map((u) => u.id));",
        "  await trx.raw(`DELETE FROM tasks WHERE created_at < NOW() - INTERVAL '${days} days'`);",
        "  const rows = batch.map((u) => `('${u.id}')`).join(', ');",
        "  await trx.raw(`INSERT INTO seen (id) VALUES ${rows}`);",
        "  await trx.raw(`DELETE FROM tasks WHERE created_at < '${since}'`);",
        "}",
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [9, "high"],
      [10, "high"],
    ]);
  });
});
