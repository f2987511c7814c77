// elixir/unindexed-query-field: an Ecto query filters or sorts on a column that no migration indexes.
import { hasMixProject } from "../../facts/elixir/applies.js";
import { findSchema } from "../../facts/elixir/index.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/unindexed-query-field",
  area: "database",
  severity: "low",
  title: "Query filters or sorts on a column without an index",
  effortMinutes: 20,
  confidence: "heuristic",
  docs: {
    rationale:
      "A `where:` or `order_by:` on a column with no index makes PostgreSQL scan and sort the whole table for every call.",
    impact:
      "Queries that are fast on a development database slow down linearly as the table grows, and hold more buffers under load.",
    fix: "Add an index whose first column is the filtered field (`create index(:users, [:role])`), or a composite index matching the where + order_by pair.",
    example: {
      bad: "from u in User, where: u.role == ^role, order_by: [desc: u.inserted_at]\n# no index on users.role",
      good: "create index(:users, [:role, :inserted_at])",
      language: "elixir",
    },
  },
  notes: [
    "Only keyword-form queries (`from x in Schema, where: ..., order_by: ...`) on schemas whose table is created by a migration in the repository are checked; pipe-form queries are not.",
    "A column counts as indexed when an index (Ecto or raw CREATE INDEX) starts with it, or when it is `id`; a query with at least one indexed where field is not reported; order_by fields are reported only for queries without where fields.",
    "Fields used only inside `ilike`/`like`/`fragment` are ignored (a b-tree index would not serve them); small lookup tables may not need indexes, hence heuristic and low.",
    "One finding per table and column, at its first query, with the number of queries using it.",
  ],
  applies: (facts) => {
    const base = hasMixProject(facts);
    if (base !== true) return base;
    return facts.elixir.migrations.length > 0 && facts.elixir.schemas.length > 0
      ? true
      : { status: "not-applicable", reason: "no Ecto migrations or schemas" };
  },
  check({ facts, report }) {
    const ex = facts.elixir;
    // The schema the migrations leave behind: renamed and dropped tables, dropped indexes are replayed.
    const tables = ex.migrationSchemas.flatMap((schema) => schema.tables);
    const created = new Set(tables.map((table) => table.name));
    const indexed = new Set(
      tables.flatMap((table) => table.indexes.map((index) => `${table.name}.${index.columns[0] ?? ""}`)),
    );
    const uses = new Map<string, { path: string; line: number; clause: string; count: number }>();
    for (const query of ex.queries) {
      if (query.isTest) continue;
      const schema = findSchema(ex.schemas, query.schema);
      if (!schema || !created.has(schema.table)) continue;
      const known = query.fields.filter(({ field }) => field === "id" || schema.fields.includes(field));
      const isIndexed = (field: string) => field === "id" || indexed.has(`${schema.table}.${field}`);
      const where = known.filter((entry) => entry.clause === "where");
      // The planner needs one usable index: a query with any indexed where field is not a table scan.
      if (where.some((entry) => isIndexed(entry.field))) continue;
      // Without where fields, an unindexed order_by sorts the whole table.
      const suspects = where.length > 0 ? where : known.filter((entry) => entry.clause === "order_by");
      for (const { field, clause } of suspects) {
        if (isIndexed(field)) continue;
        const key = `${schema.table}.${field}`;
        const seen = uses.get(key);
        if (seen) seen.count++;
        else uses.set(key, { path: query.path, line: query.line, clause, count: 1 });
      }
    }
    for (const [column, use] of uses) {
      report({
        path: use.path,
        line: use.line,
        message: `${column} is used in ${use.clause}${use.count > 1 ? ` (${use.count} queries)` : ""} and no migration indexes it`,
        key: column,
      });
    }
  },
});
