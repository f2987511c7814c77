// The model state a Django app's migrations leave behind, replayed the way `makemigrations` builds it: migrations in
// dependency order (squashed ones stand for the migrations they replace only when those are gone), each operation
// applied to its model. An operation the replay cannot follow (RunSQL, a RunPython that edits the schema, an unknown
// operation class) marks its model, or every model existing by then when it names none, as unknown.
import { posix } from "node:path";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import type { DjangoField, DjangoIndex, DjangoMeta, DjangoMigrationClass } from "./django-syntax.js";

export type Located<T> = T & { path: string };

export interface DjangoModelState {
  /** Model name as last created or renamed. */
  name: string;
  created: { path: string; line: number };
  fields: Map<string, Located<DjangoField>>;
  options: Pick<DjangoMeta, "proxy" | "managed" | "swappable" | "dbTable">;
  indexes: Array<Located<DjangoIndex>> | null;
  constraints: Array<Located<DjangoIndex>> | null;
  uniqueTogether: { sets: string[][]; path: string; line: number } | null;
  indexTogether: { sets: string[][]; path: string; line: number } | null;
  /** Set once an operation the replay cannot follow touched the model. */
  unknown: { what: string; path: string; line: number } | null;
}

export interface DjangoAppState {
  /** The migrations folder (`shop/migrations`). */
  directory: string;
  /** The app label the folder's migrations use for themselves (the folder's parent by default). */
  label: string;
  migrations: number;
  models: Map<string, DjangoModelState>;
}

type Migration = Located<DjangoMigrationClass>;

const nameOf = (path: string): string => posix.basename(path).replace(/\.py$/, "");

/** The app's migrations in the order Django applies them (dependencies first, then by name). */
export function orderMigrations(label: string, migrations: readonly Migration[]): Migration[] {
  const byName = new Map(migrations.map((migration) => [nameOf(migration.path), migration]));
  // A squashed migration stands in for those it replaces only when they have been deleted.
  const active = migrations.filter(
    (migration) =>
      migration.replaces.length === 0 ||
      !migration.replaces.some(([app, name]) => app === label && byName.has(name)),
  );
  const activeNames = new Set(active.map((migration) => nameOf(migration.path)));
  const replacedBy = new Map<string, string>();
  for (const migration of active)
    for (const [app, name] of migration.replaces)
      if (app === label) replacedBy.set(name, nameOf(migration.path));
  const ordered: Migration[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (migration: Migration): void => {
    const name = nameOf(migration.path);
    if (done.has(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const [app, dependency] of [...migration.dependencies].sort((a, b) =>
      compareCodeUnits(a[1], b[1]),
    )) {
      if (app !== label) continue;
      const target = activeNames.has(dependency) ? dependency : replacedBy.get(dependency);
      const next = target ? byName.get(target) : undefined;
      if (next) visit(next);
    }
    visiting.delete(name);
    done.add(name);
    ordered.push(migration);
  };
  for (const migration of [...active].sort((a, b) => compareCodeUnits(a.path, b.path))) visit(migration);
  return ordered;
}

/** The label a migrations folder's own migrations use: the app named by most of their intra-folder dependencies. */
export function appLabelOf(directory: string, migrations: readonly Migration[]): string {
  const names = new Set(migrations.map((migration) => nameOf(migration.path)));
  const votes = new Map<string, number>();
  for (const migration of migrations)
    for (const [app, name] of migration.dependencies)
      if (names.has(name) && /^\d{4}_/.test(name)) votes.set(app, (votes.get(app) ?? 0) + 1);
  // Another app's `0001_initial` shares the name: the folder's own name wins when its migrations use it at all.
  const folder = posix.basename(posix.dirname(directory));
  if (votes.has(folder) || votes.size === 0) return folder;
  return [...votes].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))[0]![0];
}

const lower = (name: string): string => name.toLowerCase();

/** Replays one migrations folder. */
export function replayDjangoApp(directory: string, migrations: readonly Migration[]): DjangoAppState {
  const label = appLabelOf(directory, migrations);
  const ordered = orderMigrations(label, migrations);
  const app: DjangoAppState = { directory, label, migrations: ordered.length, models: new Map() };
  for (const migration of ordered) {
    const { path } = migration;
    for (const operation of migration.operations) {
      if (operation.op === "create-model") {
        const options = operation.options;
        app.models.set(lower(operation.model), {
          name: operation.model,
          created: { path, line: operation.line },
          fields: new Map(operation.fields.map((field) => [field.name, { ...field, path }])),
          options: {
            proxy: options.proxy ?? false,
            managed: options.managed ?? true,
            swappable: options.swappable ?? false,
            dbTable: options.dbTable ?? null,
          },
          indexes:
            options.indexes === undefined
              ? []
              : (options.indexes?.map((index) => ({ ...index, path })) ?? null),
          constraints:
            options.constraints === undefined
              ? []
              : (options.constraints?.map((index) => ({ ...index, path })) ?? null),
          uniqueTogether:
            options.uniqueTogether === null
              ? null
              : { sets: options.uniqueTogether ?? [], path, line: operation.line },
          indexTogether:
            options.indexTogether === null
              ? null
              : { sets: options.indexTogether ?? [], path, line: operation.line },
          unknown: null,
        });
        continue;
      }
      if (operation.op === "unknown" && operation.model === null) {
        // Literal SQL touches the tables it names; computed SQL or a schema-editing function any table existing by then.
        for (const [key, model] of app.models) {
          const table = model.options.dbTable ?? `${label}_${key}`;
          if (
            operation.sql !== undefined &&
            !new RegExp(`(^|[^\\w])["'\`]?${table}["'\`]?([^\\w]|$)`, "i").test(operation.sql)
          )
            continue;
          model.unknown ??= { what: operation.what, path, line: operation.line };
        }
        continue;
      }
      const model = operation.model === null ? undefined : app.models.get(lower(operation.model));
      if (!model) continue;
      switch (operation.op) {
        case "unknown":
          model.unknown ??= { what: operation.what, path, line: operation.line };
          break;
        case "delete-model":
          app.models.delete(lower(operation.model));
          break;
        case "rename-model":
          app.models.delete(lower(operation.model));
          model.name = operation.to;
          app.models.set(lower(operation.to), model);
          break;
        case "add-field":
        case "alter-field":
          model.fields.set(operation.field.name, { ...operation.field, path });
          break;
        case "remove-field":
          model.fields.delete(operation.name);
          break;
        case "rename-field": {
          const field = model.fields.get(operation.name);
          model.fields.delete(operation.name);
          if (field)
            model.fields.set(operation.to, { ...field, name: operation.to, path, line: operation.line });
          const rename = (fields: string[]): string[] =>
            fields.map((f) => (f === operation.name ? operation.to : f));
          for (const index of [...(model.indexes ?? []), ...(model.constraints ?? [])])
            index.fields = rename(index.fields);
          if (model.uniqueTogether) model.uniqueTogether.sets = model.uniqueTogether.sets.map(rename);
          if (model.indexTogether) model.indexTogether.sets = model.indexTogether.sets.map(rename);
          break;
        }
        case "add-index":
          if (model.indexes) model.indexes.push({ ...operation.index, path, line: operation.line });
          break;
        case "add-constraint":
          if (model.constraints) model.constraints.push({ ...operation.index, path, line: operation.line });
          break;
        case "remove-index":
          if (model.indexes) model.indexes = model.indexes.filter((index) => index.name !== operation.name);
          break;
        case "remove-constraint":
          if (model.constraints)
            model.constraints = model.constraints.filter((index) => index.name !== operation.name);
          break;
        case "rename-index": {
          if (operation.from !== null) {
            for (const index of model.indexes ?? [])
              if (index.name === operation.from) index.name = operation.to;
          } else if (operation.fromFields && model.indexTogether) {
            // index_together moved to Meta.indexes (Django 4.2): the unnamed index gets its name.
            const key = operation.fromFields.join(",");
            model.indexTogether.sets = model.indexTogether.sets.filter((set) => set.join(",") !== key);
            model.indexes?.push({
              name: operation.to,
              kind: "Index",
              fields: operation.fromFields,
              unique: false,
              line: operation.line,
              path,
            });
          }
          break;
        }
        case "alter-unique-together":
          model.uniqueTogether =
            operation.sets === null ? null : { sets: operation.sets, path, line: operation.line };
          break;
        case "alter-index-together":
          model.indexTogether =
            operation.sets === null ? null : { sets: operation.sets, path, line: operation.line };
          break;
        case "alter-table":
          model.options.dbTable = operation.table;
          break;
        case "alter-options":
          if (operation.options.managed !== undefined) model.options.managed = operation.options.managed;
          if (operation.options.proxy !== undefined) model.options.proxy = operation.options.proxy;
          break;
      }
    }
  }
  return app;
}
