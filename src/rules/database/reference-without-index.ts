// elixir/reference-without-index: an Ecto migration adds a foreign key column that no migration indexes.
import { hasMixProject } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

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
    "Any index (in any migration) whose first column is the foreign key column counts, including unique and composite indexes.",
  ],
  applies: (facts) => {
    const base = hasMixProject(facts);
    if (base !== true) return base;
    return facts.elixir.migrations.length > 0
      ? true
      : { status: "not-applicable", reason: "no Ecto migrations" };
  },
  check({ facts, report }) {
    const indexed = new Set<string>();
    for (const migration of facts.elixir.migrations) {
      for (const index of migration.indexes)
        if (index.columns[0]) indexed.add(`${index.table}.${index.columns[0]}`);
    }
    for (const migration of facts.elixir.migrations) {
      for (const ref of migration.references) {
        if (indexed.has(`${ref.table}.${ref.column}`)) continue;
        report({
          path: migration.path,
          line: ref.line,
          message: `${ref.table}.${ref.column} references ${ref.references} and no migration indexes it`,
          key: `${ref.table}.${ref.column}`,
        });
      }
    }
  },
});
