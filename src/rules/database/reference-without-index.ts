// elixir/reference-without-index: an Ecto migration adds a foreign key column that no migration indexes.
import { posix } from "node:path";
import { hasMixProject } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";
import { auditReferenceClause, isAuditReference } from "../shared/foreign-keys.js";

/** How many tables an index must lead with a column for it to be a scope key (`site`, `tenant`), not an attribute. */
const SCOPE_TABLES = 3;

export default defineRule({
  id: "elixir/reference-without-index",
  area: "database",
  severity: "medium",
  title: "Foreign key without an index",
  effortMinutes: 15,
  confidence: "heuristic",
  docs: {
    rationale:
      "PostgreSQL does not index foreign key columns by itself; joins, preloads and `on_delete` cascades then scan the whole child table.",
    impact:
      "Preloading an association or deleting a parent row gets slower as the table grows and takes locks for the length of the scan.",
    fix: "Add `create index(:table, [:column])` in the same migration (or a composite index that starts with the column).",
    example: {
      bad: "create table(:orders) do\n  add :user_id, references(:users)\nend",
      good: "create table(:orders) do\n  add :user_id, references(:users)\nend\n\ncreate index(:orders, [:user_id])",
      language: "elixir",
    },
  },
  notes: [
    "The migrations of each folder are replayed in version order first: tables and columns created, renamed and dropped, indexes and primary keys created, renamed and dropped, from the Ecto DSL and from raw SQL in `execute`. Only foreign keys that exist at the end are judged, against the indexes that exist at the end.",
    "An index covers a column when the column is its first column: plain, unique, partial or composite indexes and primary keys (a composite primary key covers its first column). A renamed table keeps its indexes; a dropped column takes its indexes with it.",
    "Migrations under test folders are not judged.",
    "A foreign key indexed only after a scope column (`index(:links, [:site, :page_id])`: a column that is no foreign key and leads indexes on at least three tables of the schema, such as a site or tenant key the application scopes its lookups by) is low: those lookups are served; only deleting a referenced row, which filters by the column alone, scans. After another foreign key (`[:coupon_id, :user_id]`) or an attribute (`[:email, :org_id]`) it stays medium: lookups by the key alone are not served.",
    "A foreign key whose index a later migration dropped explicitly (`drop index(...)`, `DROP INDEX`) is low: dropping it was a decision, usually because the index was measured unused; the finding names the drop.",
    "Audit references (`created_by_id`, `last_updated_by_id`, `invited_by_user_id`: who did something) are low: code rarely queries by them, so the cost is mostly a scan when the referenced row is deleted.",
  ],
  applies: (facts) => {
    const base = hasMixProject(facts);
    if (base !== true) return base;
    return facts.elixir.migrations.length > 0
      ? true
      : { status: "not-applicable", reason: "no Ecto migrations" };
  },
  check({ facts, report }) {
    const testFolders = new Set(
      facts.elixir.migrations
        .filter((migration) => migration.isTest)
        .map((migration) => posix.dirname(migration.path)),
    );
    for (const schema of facts.elixir.migrationSchemas) {
      if (testFolders.has(schema.directory)) continue;
      // Columns that lead an index on several tables without being a foreign key there: the schema's scope keys.
      const scopeLeads = new Map<string, number>();
      for (const table of schema.tables) {
        const leads = new Set(
          table.indexes
            .map((index) => index.columns[0])
            .filter((lead): lead is string =>
              table.columns.some((other) => other.name === lead && !other.references),
            ),
        );
        for (const lead of leads) scopeLeads.set(lead, (scopeLeads.get(lead) ?? 0) + 1);
      }
      for (const table of schema.tables) {
        for (const column of table.columns) {
          if (!column.references) continue;
          if (table.indexes.some((index) => index.columns[0] === column.name)) continue;
          // An index a migration dropped by name or columns was judged not worth its writes (usually measured
          // unused): a decision, recorded in the history, that a reader may still want to revisit.
          const droppedOnPurpose = table.droppedIndexes.find(
            (index) => index.columns[0] === column.name && !index.primaryKey,
          );
          // `index(:links, [:site, :page_id])`: the column follows a scope column (a site or tenant key that is no
          // foreign key here and leads indexes of several tables: the application scopes its lookups by it), so
          // those lookups are served; only a delete of the referenced row, which filters by the column alone, scans.
          const scoped = table.indexes.find((index) => {
            const at = index.columns.indexOf(column.name);
            return (
              at > 0 &&
              index.columns
                .slice(0, at)
                .every(
                  (lead) =>
                    table.columns.some((other) => other.name === lead && !other.references) &&
                    (scopeLeads.get(lead) ?? 0) >= SCOPE_TABLES,
                )
            );
          });
          const renamed = table.formerNames.length > 0 ? ` (formerly ${table.formerNames.join(", ")})` : "";
          // `created_by_id`, `invited_by_user_id`: who did it, rarely queried by; only deleting the referenced row scans.
          const audit = isAuditReference(column.name);
          report({
            path: column.path,
            line: column.line,
            message: `${table.name}.${column.name} references ${column.references} and no index starts with it after the ${schema.migrations} migrations of ${schema.directory}${renamed}${
              droppedOnPurpose
                ? `; ${droppedOnPurpose.droppedPath}:${droppedOnPurpose.droppedLine} dropped its index ${droppedOnPurpose.name} on purpose, so only confirm that deleting a ${column.references} row can afford the scan`
                : audit
                  ? auditReferenceClause(column.references, table.name)
                  : scoped
                    ? `; ${scoped.path}:${scoped.line} indexes it after ${scoped.columns
                        .slice(0, scoped.columns.indexOf(column.name))
                        .map((lead) => `\`${lead}\``)
                        .join(
                          ", ",
                        )}, which serves lookups scoped by ${scoped.columns.indexOf(column.name) > 1 ? "those columns" : "that column"}: only deleting a ${column.references} row (the foreign key's cascade or check) scans`
                    : ""
            }`,
            key: `${table.name}.${column.name}`,
            severity: audit || droppedOnPurpose || scoped ? "low" : "medium",
          });
        }
      }
    }
  },
});
