// python/alembic-downgrade-pass: an Alembic revision whose upgrade changes the schema but whose downgrade does nothing.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "python/alembic-downgrade-pass",
  area: "database",
  severity: "medium",
  title: "Alembic downgrade is empty",
  effortMinutes: 30,
  confidence: "certain",
  notes: [
    "A revision file (module-level `revision`, alembic imports) whose `upgrade()` calls schema operations (`op.*` other than execute, bulk_insert and get_bind: data-only migrations may be irreversible by nature) and whose `downgrade()` body is only pass, `...` or a docstring.",
    'Low when the revision documents that it cannot be undone (a downgrade() docstring or comment such as "No downgrade, see …", or a module docstring saying "irreversible"): the decision is made and written down, only the silent pass remains.',
    "Low when the upgrade also moves data (op.execute, op.bulk_insert, op.get_bind): such a revision is usually irreversible by nature (values rewritten, plaintext encrypted then dropped), and the finding only asks to say so with NotImplementedError.",
  ],
  docs: {
    rationale:
      "An empty downgrade makes `alembic downgrade` report success while leaving the schema at the newer revision.",
    impact:
      "Rolling back a bad release leaves tables and columns the old code does not expect; the rollback fails or corrupts data later.",
    fix: "Write the inverse operations (drop what upgrade created, restore what it dropped), or raise NotImplementedError to make an irreversible migration explicit.",
    example: {
      language: "python",
      bad: 'def upgrade():\n    op.add_column("users", sa.Column("age", sa.Integer()))\n\ndef downgrade():\n    pass',
      good: 'def upgrade():\n    op.add_column("users", sa.Column("age", sa.Integer()))\n\ndef downgrade():\n    op.drop_column("users", "age")',
    },
  },
  applies(facts) {
    if (!facts.python) return { status: "unknown", reason: "Python facts were not collected" };
    return facts.python.migrations.length > 0
      ? true
      : { status: "not-applicable", reason: "no Alembic revision files" };
  },
  check({ facts, report }) {
    for (const migration of facts.python.migrations) {
      if (!migration.downgradeEmpty || migration.upgradeSchemaOps === 0 || migration.downgradeLine === null)
        continue;
      const movesData = migration.upgradeOps > migration.upgradeSchemaOps;
      // A revision that says it is one-way ("No downgrade, see …", "This is the irreversible part") made it explicit.
      const documented = migration.documentedIrreversible === true;
      report({
        path: migration.path,
        line: migration.downgradeLine,
        message: `downgrade() of revision ${migration.revision ?? "?"} does nothing while upgrade() runs ${migration.upgradeSchemaOps} schema op.* call(s)${documented ? "; the revision documents it as irreversible, but `alembic downgrade` still passes it silently (raise NotImplementedError to stop there)" : movesData ? " and moves data (likely irreversible: raise NotImplementedError to say so)" : ""}`,
        key: `alembic-downgrade-pass:${migration.revision ?? migration.path}`,
        severity: movesData || documented ? "low" : undefined,
      });
    }
  },
});
