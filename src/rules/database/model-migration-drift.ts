// orm/model-migration-drift: an ORM model (Django model, Ecto schema, SQLAlchemy model) and the table its migrations
// leave disagree.
import type { OrmColumn, OrmIndex, OrmPlace, OrmTable } from "../../facts/orm/index.js";
import type { Severity } from "../../model/severity.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import { defineRule } from "../define-rule.js";

interface Disagreement {
  severity: Severity;
  text: string;
  places: OrmPlace[];
}

const at = (place: OrmPlace): string => `${place.path}:${place.line}`;
const RANK: Record<string, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** Same kind on the same columns (column order matters for an index, not for a uniqueness). */
function sameColumns(a: OrmIndex, b: OrmIndex): boolean {
  if (a.kind !== b.kind || a.fields.length === 0) return false;
  const key = (index: OrmIndex): string =>
    (index.kind === "index" ? index.fields : [...index.fields].sort(compareCodeUnits)).join(",");
  return key(a) === key(b);
}

function describeIndex(index: OrmIndex): string {
  const what =
    index.kind === "unique" ? "unique constraint" : index.kind === "index" ? "index" : "constraint";
  return `${what} ${index.name ?? `(${index.fields.join(", ")})`} (${index.via})`;
}

/** Every way one model and its migrated table disagree, most severe first. */
function disagreements(table: OrmTable): Disagreement[] {
  // Django compares indexes by name; Alembic's autogenerate also pairs an index with one on the same columns.
  const byColumnsToo = table.stack === "sqlalchemy";
  const found: Disagreement[] = [];
  const migrated = new Map(table.migrated.columns.map((column) => [column.name, column]));
  const declared = new Map(table.declared.columns.map((column) => [column.name, column]));
  for (const column of table.declared.columns) {
    if (migrated.has(column.name) || table.implicitColumns.includes(column.name)) continue;
    found.push({
      severity: "medium",
      text: `\`${column.name}\` (${at(column)}) has no ${column.joinTable ? "join table" : "column"} after the migrations`,
      places: [column],
    });
  }
  if (table.declared.complete) {
    for (const column of table.migrated.columns) {
      if (declared.has(column.name) || table.implicitColumns.includes(column.name)) continue;
      if (table.declared.otherNames.includes(column.name)) continue;
      found.push({
        severity: "low",
        text: `\`${column.name}\` (added at ${at(column)}) is no longer declared on the model`,
        places: [column],
      });
    }
  }
  for (const column of table.declared.columns) {
    const other = migrated.get(column.name);
    if (!other || column.joinTable || other.joinTable) continue;
    const differs = (key: "unique" | "index" | "null"): boolean =>
      typeof column[key] === "boolean" && typeof other[key] === "boolean" && column[key] !== other[key];
    const state = (value: OrmColumn["null"], yes: string, no: string): string => (value === true ? yes : no);
    if (differs("unique"))
      found.push({
        severity: "medium",
        text: `\`${column.name}\` is ${state(column.unique, "unique", "not unique")} on the model (${at(column)}) but ${state(other.unique, "unique", "not unique")} in the migrations (${at(other)})`,
        places: [column, other],
      });
    else if (differs("index") && column.unique !== true)
      found.push({
        severity: "low",
        text: `\`${column.name}\` is ${state(column.index, "indexed", "not indexed")} on the model (${at(column)}) but ${state(other.index, "indexed", "not indexed")} in the migrations (${at(other)})`,
        places: [column, other],
      });
    if (differs("null"))
      found.push({
        severity: "low",
        text: `\`${column.name}\` is ${state(column.null, "nullable", "NOT NULL")} on the model (${at(column)}) but ${state(other.null, "nullable", "NOT NULL")} in the migrations (${at(other)})`,
        places: [column, other],
      });
  }
  if (table.declared.indexes && table.migrated.indexes) {
    // A named index matches by name; one the model leaves unnamed gets a generated name in its migration, so it
    // matches an index of the same kind on the same fields.
    const unmatched = [...table.migrated.indexes];
    const take = (index: OrmIndex): boolean => {
      let position = unmatched.findIndex((other) =>
        index.name !== null && other.name !== null ? index.name === other.name : sameColumns(index, other),
      );
      if (position < 0 && byColumnsToo) position = unmatched.findIndex((other) => sameColumns(index, other));
      if (position >= 0) unmatched.splice(position, 1);
      return position >= 0;
    };
    for (const index of table.declared.indexes) {
      if (take(index)) continue;
      found.push({
        severity: index.kind === "unique" ? "medium" : "low",
        text: `${describeIndex(index)} is declared on the model (${at(index)}) and no migration creates it`,
        places: [index],
      });
    }
    // A library base class the reader cannot see may add indexes of its own (django-mptt's tree index).
    for (const index of table.declared.complete ? unmatched : [])
      found.push({
        severity: index.kind === "unique" ? "medium" : "low",
        text: `${describeIndex(index)} is created at ${at(index)} and the model no longer declares it`,
        places: [index],
      });
  }
  return found.sort((a, b) => RANK[b.severity]! - RANK[a.severity]!);
}

const COMMAND: Record<OrmTable["stack"], string> = {
  django: "python manage.py makemigrations",
  ecto: "mix ecto.gen.migration",
  sqlalchemy: "alembic revision --autogenerate",
};

export default defineRule({
  id: "orm/model-migration-drift",
  area: "database",
  severity: "medium",
  title: "ORM model and migrations disagree",
  effortMinutes: 20,
  languages: ["python", "elixir"],
  docs: {
    rationale:
      "The database has the tables, columns, indexes and constraints the migrations create, not the ones the model declares. When the two drift apart, the code queries a column that does not exist, relies on a uniqueness the database does not enforce, or the next generated migration silently carries changes nobody reviewed.",
    impact:
      "A model field with no column fails every query that selects it once deployed (`column does not exist`); a unique constraint on one side only lets duplicates in or rejects writes the code thinks valid; Django's `makemigrations` folds the pending difference into an unrelated migration.",
    fix: "Generate the missing migration from the model (`python manage.py makemigrations`, `mix ecto.gen.migration add_<column>_to_<table>`, `alembic revision --autogenerate`), review it, and commit it with the model change. When the migration is right and the model is stale, change the model instead.",
    example: {
      bad: 'class Order(models.Model):\n    number = models.CharField(max_length=20, unique=True)\n    note = models.TextField(blank=True)  # no migration adds it\n\n# shop/migrations/0001_initial.py\nmigrations.CreateModel(\n    name="Order",\n    fields=[("id", models.BigAutoField(primary_key=True)), ("number", models.CharField(max_length=20))],\n)',
      good: '# shop/migrations/0002_order_note_unique_number.py (python manage.py makemigrations shop)\noperations = [\n    migrations.AddField(model_name="order", name="note", field=models.TextField(blank=True)),\n    migrations.AlterField(model_name="order", name="number", field=models.CharField(max_length=20, unique=True)),\n]',
      language: "python",
    },
    examples: [
      {
        bad: 'schema "posts" do\n  field :title, :string\n  field :slug, :string # no migration adds it\n  timestamps()\nend',
        good: "# mix ecto.gen.migration add_slug_to_posts\ndef change do\n  alter table(:posts) do\n    add :slug, :string\n  end\nend",
        language: "elixir",
      },
      {
        bad: 'class Order(Base):\n    __tablename__ = "orders"\n    id: Mapped[int] = mapped_column(primary_key=True)\n    number: Mapped[str] = mapped_column(String(20), unique=True)  # the revision has no unique constraint\n    note: Mapped[str | None] = mapped_column(Text)  # no revision adds it',
        good: '# alembic revision --autogenerate -m "order note and unique number"\ndef upgrade():\n    op.add_column("orders", sa.Column("note", sa.Text(), nullable=True))\n    op.create_unique_constraint(op.f("uq_orders_number"), "orders", ["number"])',
        language: "python",
      },
    ],
  },
  notes: [
    "Django: each app's migrations are replayed in dependency order (CreateModel, AddField, AlterField, RemoveField, RenameField, AddIndex, RemoveIndex, RenameIndex, AddConstraint, RemoveConstraint, AlterUniqueTogether, AlterIndexTogether, DeleteModel, RenameModel; SeparateDatabaseAndState by its state operations; a squashed migration only when the migrations it replaces are gone) into the state `makemigrations` compares the models with.",
    "Ecto: each migrations folder is replayed (create/alter/rename/drop table, add/remove/rename columns, `timestamps()`, raw `ALTER TABLE … ADD COLUMN`) and every schema field's column (`source:`, `belongs_to` foreign keys, `timestamps()` renames, `@primary_key`) is looked up in it. Virtual fields, has_many/has_one/many_to_many, embedded schemas and `@schema_prefix` schemas have no column there to compare.",
    "SQLAlchemy: each Alembic versions folder (`script_location`/`version_locations` of alembic.ini, or a `versions/`, `migrations/` folder of revision files) is replayed in `down_revision` order, a merge revision after all its parents (op.create_table, add_column, drop_column, alter_column nullability and renames, create_index, drop_index, create_unique_constraint, drop_constraint, rename_table, drop_table, the same inside `batch_alter_table` blocks; `op.f()` names, module constants and a table-prefix f-string read). Models are declarative classes (classic `Column`, 2.0 `Mapped[...]`/`mapped_column` with nullability from the annotation), SQLModel `table=True` classes (every annotated field), Flask-SQLAlchemy `db.Model` classes (generated table names) and `Table(...)` objects; mixins, abstract bases and the declarative base give their columns, a subclass without columns of its own shares its parent's table. `op.execute` with DDL naming a table makes that table not comparable; SQL in a variable makes every table not comparable; data-only SQL (UPDATE, INSERT) changes nothing.",
    "Not judged: a table whose migrations run RunSQL, a RunPython that calls the schema editor, an operation class the replay does not know, an Ecto `execute` or an Alembic `op.execute` that creates or alters the table (the state is unknown from there on); a SQLAlchemy `__tablename__` or `__table_args__` computed at run time; `Table` objects on a `MetaData()` of their own that no declarative base uses (another database); abstract, proxy, unmanaged and swappable models; tables no migration in the repository creates (third-party apps, views, tables of another service); models and migrations under tests.",
    "Severity: a model field with no column, a model with no CreateModel, and a unique constraint or `unique=True` on one side only are medium (queries fail, or uniqueness is not what the code assumes). An index on one side only, nullability that differs, and a migrated column the model no longer declares are low: the application works, and the next generated migration would carry the change. A SQLAlchemy table no revision creates is medium, low when the application also calls `create_all()` (it then exists where that runs). A model whose base classes are not all readable (a third-party abstract model) is only checked for what it declares: its base may add columns and indexes (django-mptt adds a tree index) that the migrations rightly have.",
  ],
  applies: (facts) =>
    (facts.orm?.tables.length ?? 0) > 0
      ? true
      : {
          status: "not-applicable",
          reason: "no Django model, Ecto schema or SQLAlchemy model with migrations in the repository",
        },
  check({ facts, report }) {
    for (const table of facts.orm.tables) {
      if (table.unknown) continue;
      if (!table.created && table.stack === "sqlalchemy") {
        if (!table.declared.complete) continue;
        report({
          path: table.place.path,
          line: table.place.line,
          message: `${table.model} maps table \`${table.table}\`, which none of the ${table.migrations.count} revisions of ${table.migrations.directory} creates${table.createdAtRuntime ? " (the application also calls `create_all()`, which creates it where that runs)" : ": it does not exist after `alembic upgrade head`"}`,
          key: `${table.model}:no-table`,
          // `create_all()` creates it on the databases where it runs (often SQLite or tests), not where revisions do.
          severity: table.createdAtRuntime ? "low" : "medium",
          fix: `Run \`${COMMAND.sqlalchemy} -m "create ${table.table}"\`, review the generated revision and commit it.`,
          searched: `${table.migrations.directory} (${table.migrations.count} revisions)`,
        });
        continue;
      }
      if (!table.created) {
        if (table.stack !== "django" || !table.declared.complete) continue;
        report({
          path: table.place.path,
          line: table.place.line,
          message: `${table.model} has no CreateModel in the ${table.migrations.count} migrations of ${table.migrations.directory}: its table \`${table.table}\` does not exist after migrating`,
          key: `${table.model}:no-table`,
          severity: "medium",
          fix: `Run \`${COMMAND.django} ${table.model.split(".")[0]}\`, review the generated migration and commit it.`,
          searched: `${table.migrations.directory} (${table.migrations.count} migrations)`,
        });
        continue;
      }
      const found = disagreements(table);
      if (found.length === 0) continue;
      const severity = found[0]!.severity;
      const app = table.stack === "django" ? ` ${table.model.split(".")[0]}` : "";
      report({
        path: table.place.path,
        line: table.place.line,
        message: `${table.model} (table \`${table.table}\`) disagrees with the ${table.migrations.count} ${table.stack === "sqlalchemy" ? "revisions" : "migrations"} of ${table.migrations.directory}: ${found.map((item) => item.text).join("; ")}`,
        key: `${table.model}:${found.map((item) => item.text.replace(/\s*\([^)]*:\d+\)|:\d+/g, "")).join("|")}`,
        severity,
        fix:
          table.stack === "django"
            ? `Run \`${COMMAND.django}${app}\` and review the migration it generates (or change the model back if the migrations are right).`
            : table.stack === "sqlalchemy"
              ? `Run \`${COMMAND.sqlalchemy} -m "sync ${table.table}"\` against a database at head and review the revision it generates (or change the model back if the revisions are right).`
              : `Run \`${COMMAND.ecto} add_missing_columns_to_${table.table}\` and add the missing columns in \`alter table(:${table.table})\` (or remove the fields from the schema if the columns were dropped on purpose).`,
        fixCode:
          table.stack === "ecto"
            ? `def change do\n  alter table(:${table.table}) do\n${found
                .filter((item) => item.severity === "medium")
                .map(
                  (item) =>
                    `    add :${/`(\w+)`/.exec(item.text)?.[1] ?? "column"}, :string # the field's type`,
                )
                .join("\n")}\n  end\nend`
            : undefined,
        related: found
          .flatMap((item) => item.places)
          .filter((place) => place.path !== table.place.path)
          .map((place) => ({ path: place.path, startLine: place.line, endLine: place.line })),
      });
    }
  },
});
