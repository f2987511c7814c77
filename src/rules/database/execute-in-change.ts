// elixir/execute-in-change: `execute/1` inside `change/0` — the migration cannot be rolled back.
import { hasMixProject } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/execute-in-change",
  area: "database",
  severity: "medium",
  title: "Irreversible execute/1 in a change/0 migration",
  effortMinutes: 15,
  docs: {
    rationale:
      "Ecto cannot reverse raw SQL: `execute/1` in `change/0` makes `mix ecto.rollback` raise Ecto.MigrationError.",
    impact:
      "A bad deploy cannot be rolled back past this migration; the down path has to be written under pressure.",
    fix: "Give the down SQL as the second argument, `execute(up_sql, down_sql)`, or split the migration into `up/0` and `down/0`.",
    example: {
      bad: 'def change do\n  execute "CREATE EXTENSION citext"\nend',
      good: 'def change do\n  execute "CREATE EXTENSION citext", "DROP EXTENSION citext"\nend',
      language: "elixir",
    },
  },
  applies: hasMixProject,
  check({ facts, report }) {
    for (const migration of facts.elixir.migrations) {
      for (const execute of migration.executes) {
        if (!execute.inChange || execute.reversible) continue;
        report({
          path: migration.path,
          line: execute.line,
          message: `${migration.module}.change/0 runs execute/1 with no down SQL`,
        });
      }
    }
  },
});
