// node/foreign-key-without-index: a Drizzle `references(...)` column or a TypeORM owning relation that no index
// of its table starts with, on PostgreSQL (which, unlike MySQL/InnoDB, does not index foreign keys by itself).
import {
  leadingIndexedColumns,
  type OrmColumn,
  type OrmColumnUse,
  type OrmTable,
  type TsOrmFacts,
} from "../../facts/ts-orm/index.js";
import { defineRule } from "../define-rule.js";
import { auditReferenceClause, deletesOnlyClause, isAuditReference } from "../shared/foreign-keys.js";
import { runsByHand } from "../shared/runs-by-hand.js";

/** `PostEntity`, `posts`, `post_entity` → `post`: how code and schema name the same table, compared loosely. */
const normalise = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .replace(/(entity|model|table|schema)$/, "")
    .replace(/s$/, "");

/** Whether a use names this table (by its variable, class or database name). */
function namesTable(use: OrmColumnUse, table: OrmTable): boolean {
  if (use.table === null) return false;
  const named = normalise(use.table);
  return (
    named !== "" &&
    (named === normalise(table.name) || (table.table !== null && named === normalise(table.table)))
  );
}

/** The names code reaches a foreign key by: the property, TypeORM's `<relation>Id`, the column name. */
function namesOf(table: OrmTable, column: OrmColumn): Set<string> {
  const names = new Set([column.name]);
  if (table.orm === "typeorm") names.add(`${column.name}Id`);
  if (column.column) names.add(column.column);
  return names;
}

/** The first use that queries through the foreign key: a filter on it in its table, or a load from the parent. */
function queryThrough(
  facts: TsOrmFacts,
  table: OrmTable,
  column: OrmColumn,
): { use: OrmColumnUse; how: string } | null {
  const names = namesOf(table, column);
  // A filter that also compares an indexed column (`and(eq(t.id, id), eq(t.ownerId, me))`) is served by that index.
  const indexed = leadingIndexedColumns(table);
  const servedElsewhere = (use: OrmColumnUse): boolean =>
    (use.siblings ?? []).some(
      (sibling) => indexed.has(sibling) || (table.orm === "typeorm" && sibling === "id"),
    );
  const knownTable = (use: OrmColumnUse): boolean => facts.tables.some((t) => namesTable(use, t));
  // A use whose table is unknown (a query builder alias, a repository named `repo`) counts only when a single table
  // has a foreign key of that name.
  const owners = (name: string): number =>
    facts.tables.filter((t) => t.columns.some((c) => c.references && namesOf(t, c).has(name))).length;
  const filter = facts.columnUses.find(
    (use) =>
      use.orm === table.orm &&
      !runsByHand(use.path) &&
      use.kind === "filter" &&
      names.has(use.column) &&
      !servedElsewhere(use) &&
      (namesTable(use, table) || (!knownTable(use) && owners(use.column) === 1)),
  );
  if (filter) return { use: filter, how: `filtered on in ${table.name} queries` };
  const parent = facts.tables.find((t) => t.name === column.references);
  const inverse = column.inverse;
  if (!inverse || !parent) return null;
  const load = facts.columnUses.find(
    (use) =>
      use.orm === table.orm &&
      !runsByHand(use.path) &&
      use.kind === "load" &&
      use.column === inverse &&
      (namesTable(use, parent) || !knownTable(use)),
  );
  return load ? { use: load, how: `loaded as \`${parent.name}.${inverse}\`` } : null;
}

export default defineRule({
  id: "node/foreign-key-without-index",
  area: "database",
  severity: "medium",
  title: "Foreign key without an index (Drizzle, TypeORM)",
  effortMinutes: 15,
  confidence: "heuristic",
  docs: {
    rationale:
      "PostgreSQL does not index foreign key columns by itself (MySQL's InnoDB does). Drizzle's `.references(...)` and TypeORM's `@ManyToOne` create the constraint only; lookups by the column, loading a parent's children and cascading deletes then scan the whole child table.",
    impact:
      "Listing a parent's children or deleting a parent row gets slower as the table grows, and a cascading delete holds its locks for the length of the scan.",
    fix: 'Add an index on the column (Drizzle: `index().on(t.column)` in the table\'s third argument; TypeORM: `@Index()` on the relation property or `@Index(["column"])` on the class), or make it the first column of an existing composite index, then generate the migration.',
    example: {
      language: "typescript",
      bad: 'export const posts = pgTable("posts", {\n  id: serial("id").primaryKey(),\n  authorId: integer("author_id").references(() => users.id, { onDelete: "cascade" }),\n});',
      good: 'export const posts = pgTable(\n  "posts",\n  {\n    id: serial("id").primaryKey(),\n    authorId: integer("author_id").references(() => users.id, { onDelete: "cascade" }),\n  },\n  (t) => [index("posts_author_id_idx").on(t.authorId)],\n);',
    },
  },
  notes: [
    "Reads Drizzle `pgTable` (and `pgTableCreator`, `pgSchema(...).table`) columns with `.references(...)` or a `foreignKey(...)` in the table's third argument, and TypeORM `@ManyToOne` / `@OneToOne` + `@JoinColumn` properties. A column is indexed when it is a primary key or unique, or the first column of an `index`, `uniqueIndex`, `unique`, `primaryKey`, `@Index` or `@Unique` of its table (TypeORM indexes on `<relation>Id` or the join column's name count).",
    "Judged on PostgreSQL only: Drizzle `pgTable`, TypeORM entities when the repository's DataSource options or migrations configuration name one dialect and it is `postgres`. MySQL (InnoDB indexes foreign keys), SQLite and an unknown dialect are not judged.",
    "Medium when code queries through the column: a Drizzle operator on it (`eq(posts.authorId, id)`, also in a relational query's `where`), a TypeORM `where` naming the relation or its id (`where: { author: { id } }`, `findBy({ authorId })`, `delete({ author })`, a query builder's `post.authorId = :id`) that compares no indexed column beside it (`and(eq(t.id, id), eq(t.ownerId, me))` is served by the primary key), a load of the relation's inverse side from the parent (`relations: [\"posts\"]`, `leftJoin(\"user.posts\", ...)`, a Drizzle relational query's `with: { posts: true }`, nested `with`s included). Tables are recognised through import aliases (`import { posts as dbPosts }`) and namespace imports (`schema.posts`); in a join condition only the joined table's side counts (`innerJoin(posts, eq(posts.authorId, users.id))` searches posts by `authorId`; `leftJoin(users, eq(posts.authorId, users.id))` searches users by its primary key), and a joined table the same query's `where` reads through one of its indexed columns is not looked up by the key; a branch of an `or(...)` whose other branch compares another table does not count (no index of the column can drive it). Low when none is found, also when the key only cascades (`onDelete: cascade`/`set null`, named in the message): deleting a parent row then scans the table, which matters for large child tables only. Uses in migrations, seeds, scripts, tools and command-line packages (`admin-cli/`) do not count: they run by hand. A use whose table the code does not say (a query builder alias, a repository called `repo`) counts only for a column name a single table has.",
    "Audit references (`createdById`, `updatedBy`: who did something) are low: code rarely queries by them, so the cost is mostly a scan when the referenced row is deleted.",
  ],
  applies(facts) {
    if (!facts.tsOrm) return { status: "unknown", reason: "TypeScript ORM facts were not collected" };
    return facts.tsOrm.tables.some((t) => t.orm === "drizzle" || t.orm === "typeorm")
      ? true
      : { status: "not-applicable", reason: "no Drizzle tables or TypeORM entities" };
  },
  check({ facts, report }) {
    const orm = facts.tsOrm;
    for (const table of orm.tables) {
      if (table.orm === "kysely" || table.dialect !== "postgresql") continue;
      const indexed = leadingIndexedColumns(table);
      for (const column of table.columns) {
        if (!column.references || indexed.has(column.name) || column.primary || column.unique) continue;
        const referenced = column.references;
        const audit = isAuditReference(column.name) || isAuditReference(column.column ?? "");
        const cascade = column.onDelete === "cascade" || column.onDelete === "set null";
        const queried = audit ? null : queryThrough(orm, table, column);
        const label = table.orm === "drizzle" ? "Drizzle" : "TypeORM";
        const why = audit
          ? auditReferenceClause(referenced, table.name)
          : queried
            ? `; it is ${queried.how} (${queried.use.path}:${queried.use.line}), each a scan of ${table.name}${cascade ? `, and deleting a ${referenced} row ${column.onDelete === "cascade" ? "cascades" : "sets it to null"} through a scan` : ""}`
            : cascade
              ? `; deleting a ${referenced} row ${column.onDelete === "cascade" ? "cascades" : "sets it to null"} through a scan of ${table.name}`
              : `; no query filters on it or loads it from ${referenced} in the code, so ${deletesOnlyClause(referenced, table.name)}`;
        report({
          path: table.path,
          line: column.line,
          message: `${table.table ?? table.name}.${column.column ?? column.name} references ${referenced} and no index of the ${label} ${table.orm === "drizzle" ? "table" : "entity"} ${table.name} starts with it (PostgreSQL does not create one)${why}`,
          key: `${table.name}.${column.name}`,
          // A cascade alone scans the child table only when a parent row is deleted (rare for the small
          // configuration tables most cascades hang off): low until the code also queries through the column.
          severity: !audit && queried ? "medium" : "low",
        });
      }
    }
  },
});
