// SQLAlchemy models (declarative classes, SQLModel `table=True` classes, Flask-SQLAlchemy `db.Model` classes and
// module-level `Table(...)` objects) paired with the table their Alembic versions folder leaves behind. Mixins,
// abstract bases and the declarative base give their columns; a subclass of a mapped class without a table name of
// its own shares its parent's table (single-table inheritance). Single-column indexes and uniqueness are folded
// into the column on both sides, so `index=True` on the model matches `op.create_index(..., ["col"])`.
import { posix } from "node:path";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import type { AlembicFolderState, AlembicTableState } from "./alembic-state.js";
import type { Located } from "./django-state.js";
import { nearestClass } from "./nearest-class.js";
import type { SaColumn, SaIndex, SaModelClass, SaModelFile } from "./sqlalchemy-syntax.js";
import type { OrmColumn, OrmIndex, OrmTable } from "./types.js";

type ModelClass = SaModelClass & { path: string };

/** Bases that make a class declarative without adding columns. */
const LIBRARY_ROOTS =
  /^(\w+\.)*(DeclarativeBase|DeclarativeBaseNoMeta|SQLModel|Model|AsyncAttrs|MappedAsDataclass)$/;
/** Bases that add nothing to a table (typing, enums, plain Python). */
const NEUTRAL = /^(\w+\.)*(object|Generic(\[.*\])?|ABC|Protocol|BaseModel|Enum|str|int|dict)$/;

interface Resolved {
  columns: Array<Located<SaColumn>>;
  assigned: string[];
  tableArgs: Array<Located<SaIndex>> | null | undefined;
  tableName: string | null;
  tableNameComputed: boolean;
  complete: boolean;
  declarative: boolean;
  sqlmodel: boolean;
  flask: boolean;
  /** The mapped class whose table this one shares (single-table inheritance). */
  sharesTableOf: ModelClass | null;
}

const hasTable = (cls: SaModelClass): boolean =>
  !cls.abstract && (cls.tableName !== null || cls.tableNameComputed || cls.sqlmodelTable);

function resolve(
  cls: ModelClass,
  byName: Map<string, ModelClass[]>,
  roots: ReadonlySet<string>,
  seen: Set<ModelClass> = new Set(),
): Resolved {
  const located = <T>(value: T): Located<T> => ({ ...value, path: cls.path });
  const resolved: Resolved = {
    columns: cls.columns.map(located),
    assigned: [...cls.assigned],
    tableArgs: cls.tableArgs === undefined ? undefined : (cls.tableArgs?.map(located) ?? null),
    tableName: cls.tableName,
    tableNameComputed: cls.tableNameComputed,
    complete: true,
    declarative: false,
    sqlmodel: false,
    flask: false,
    sharesTableOf: null,
  };
  seen.add(cls);
  for (const base of cls.bases) {
    const parent = nearestClass(base, cls.path, byName);
    if (!parent || seen.has(parent)) {
      if (roots.has(base) || LIBRARY_ROOTS.test(base)) {
        resolved.declarative = true;
        resolved.sqlmodel ||= /(^|\.)SQLModel$/.test(base);
        resolved.flask ||= /\.Model$/.test(base) || (roots.has(base) && base.endsWith(".Model"));
      } else if (!NEUTRAL.test(base)) resolved.complete = false;
      continue;
    }
    const inherited = resolve(parent, byName, roots, new Set(seen));
    resolved.declarative ||= inherited.declarative;
    resolved.sqlmodel ||= inherited.sqlmodel;
    resolved.flask ||= inherited.flask;
    resolved.complete &&= inherited.complete;
    if (hasTable(parent) || inherited.sharesTableOf) {
      // A mapped parent: joined-table inheritance when this class names its own table, else its parent's table.
      // A subclass with no columns of its own has no table of its own either, whatever `__tablename__` says.
      const ownKey = cls.columns.some((column) => column.primaryKey === true);
      const ownName = cls.tableName !== null || cls.tableNameComputed || cls.sqlmodelTable;
      if (cls.columns.length === 0 || (!ownName && !ownKey))
        resolved.sharesTableOf = inherited.sharesTableOf ?? parent;
      continue;
    }
    // A mixin, an abstract base or the declarative base: its columns are copied into this class's table.
    for (const column of inherited.columns)
      if (!resolved.columns.some((own) => own.attribute === column.attribute)) resolved.columns.push(column);
    resolved.assigned.push(...inherited.assigned);
    if (resolved.tableArgs === undefined) resolved.tableArgs = inherited.tableArgs;
    if (resolved.tableName === null && !resolved.tableNameComputed) {
      resolved.tableName = inherited.tableName;
      resolved.tableNameComputed = inherited.tableNameComputed;
    }
  }
  return resolved;
}

/** Flask-SQLAlchemy 3's generated table name (`UserRole` → `user_role`, `HTTPResponse` → `http_response`). */
export function flaskTableName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/^_+/, "");
}

/** Both sides in the shared shape: single-column indexes and uniqueness folded into their column. */
function normalise(
  columns: ReadonlyArray<Located<SaColumn>>,
  indexes: ReadonlyArray<Located<SaIndex>> | null,
  attributeToColumn: ReadonlyMap<string, string>,
  accountedFor: ReadonlySet<string>,
): { columns: OrmColumn[]; indexes: OrmIndex[] | null } {
  const out = new Map<string, OrmColumn>();
  for (const column of columns) {
    const shaped: OrmColumn = { name: column.name, kind: column.kind, path: column.path, line: column.line };
    if (column.null !== undefined) shaped.null = column.null;
    if (column.unique !== undefined) shaped.unique = column.unique;
    if (column.index !== undefined) shaped.index = column.index;
    out.set(column.name, shaped);
  }
  const rest: OrmIndex[] = [];
  for (const index of indexes ?? []) {
    if (index.name !== null && accountedFor.has(index.name)) continue;
    const fields = index.columns.map((name) => attributeToColumn.get(name) ?? name);
    const single = fields.length === 1 ? out.get(fields[0]!) : undefined;
    if (single) {
      // A primary key column is unique and indexed already; the flags stay unknown there.
      if (single.unique !== undefined && index.unique) single.unique = true;
      if (single.index !== undefined && !index.unique) single.index = true;
      if (single.index !== undefined && index.unique && index.via.includes("index")) single.index = true;
      continue;
    }
    rest.push({
      name: index.name,
      kind: index.unique ? "unique" : "index",
      fields,
      path: index.path,
      line: index.line,
      via: index.via,
    });
  }
  return { columns: [...out.values()], indexes: indexes === null ? null : rest };
}

export interface SqlAlchemyInputs {
  files: Array<SaModelFile & { path: string }>;
  folders: AlembicFolderState[];
}

/** The folder a model belongs to: the one whose project folder holds the model, deepest first. */
function folderFor(
  path: string,
  folders: readonly AlembicFolderState[],
  table: string,
): AlembicFolderState | null {
  const creating = folders.filter((folder) => folder.tables.has(table));
  const project = (folder: AlembicFolderState): string => posix.dirname(posix.dirname(folder.directory));
  const inside = (folder: AlembicFolderState): boolean =>
    project(folder) === "." || path.startsWith(`${project(folder)}/`);
  const byDepth = (a: AlembicFolderState, b: AlembicFolderState): number =>
    project(b).length - project(a).length || compareCodeUnits(a.directory, b.directory);
  const pool = creating.length > 0 ? creating : folders.filter(inside);
  return [...pool].sort(byDepth)[0] ?? (folders.length === 1 ? folders[0]! : null);
}

export function sqlalchemyTables({ files, folders }: SqlAlchemyInputs): OrmTable[] {
  if (folders.length === 0) return [];
  const classes: ModelClass[] = files.flatMap((file) =>
    file.classes.map((cls) => ({ ...cls, path: file.path })),
  );
  const byName = new Map<string, ModelClass[]>();
  for (const cls of classes) byName.set(cls.name, [...(byName.get(cls.name) ?? []), cls]);
  const roots = new Set(files.flatMap((file) => file.roots));
  const looseIndexes = new Set(files.flatMap((file) => file.looseIndexes));
  const createsAll = files.some((file) => file.createsAll);

  interface Mapped {
    model: string;
    table: string;
    place: { path: string; line: number };
    columns: Array<Located<SaColumn>>;
    assigned: string[];
    tableArgs: Array<Located<SaIndex>> | null;
    complete: boolean;
  }
  const mapped = new Map<ModelClass, Mapped>();
  const sharing: Array<[ModelClass, Resolved]> = [];
  for (const cls of classes) {
    if (cls.abstract) continue;
    const resolved = resolve(cls, byName, roots);
    if (!resolved.declarative) continue;
    if (resolved.sharesTableOf) {
      sharing.push([cls, resolved]);
      continue;
    }
    if (resolved.sqlmodel && !cls.sqlmodelTable) continue; // a SQLModel schema class, not a table
    if (resolved.tableNameComputed && cls.tableName === null) continue;
    const table =
      resolved.tableName ??
      (resolved.sqlmodel ? cls.name.toLowerCase() : resolved.flask ? flaskTableName(cls.name) : null);
    if (!table) continue;
    mapped.set(cls, {
      model: cls.name,
      table,
      place: { path: cls.path, line: cls.line },
      // SQLModel maps every annotated attribute; classic declarative only `Mapped[...]` ones.
      columns: resolved.columns.filter((column) => column.kind !== "annotation" || resolved.sqlmodel),
      assigned: resolved.assigned,
      tableArgs: resolved.tableArgs === undefined ? [] : resolved.tableArgs,
      complete: resolved.complete,
    });
  }
  // Single-table inheritance: a subclass's columns live in its parent's table.
  for (const [, resolved] of sharing) {
    const parent = resolved.sharesTableOf ? mapped.get(resolved.sharesTableOf) : undefined;
    if (!parent) continue;
    // Its own columns and those of its mixins (the mapped parent's are the parent's already).
    for (const column of resolved.columns)
      if (!parent.columns.some((own) => own.name === column.name)) parent.columns.push(column);
    parent.assigned.push(...resolved.assigned);
  }
  const entries = [...mapped.values()];
  for (const file of files)
    for (const table of file.tables)
      entries.push({
        model: table.variable,
        table: table.name,
        place: { path: file.path, line: table.line },
        columns: table.columns.map((column) => ({ ...column, path: file.path })),
        assigned: [],
        tableArgs: table.indexes.map((index) => ({ ...index, path: file.path })),
        complete: true,
      });

  const tables: OrmTable[] = [];
  const seenTables = new Set<string>();
  for (const entry of entries) {
    const folder = folderFor(entry.place.path, folders, entry.table);
    if (!folder) continue;
    const key = `${folder.directory}\u0000${entry.table}`;
    if (seenTables.has(key)) continue; // two classes on one table (a read model, a second Base): the first speaks
    seenTables.add(key);
    const state: AlembicTableState | undefined = folder.tables.get(entry.table);
    const attributeToColumn = new Map(entry.columns.map((column) => [column.attribute, column.name]));
    const declared = normalise(entry.columns, entry.tableArgs, attributeToColumn, new Set());
    const migrated = state
      ? normalise([...state.columns.values()], state.indexes, new Map(), looseIndexes)
      : { columns: [], indexes: null };
    tables.push({
      stack: "sqlalchemy",
      model: entry.model,
      table: entry.table,
      place: entry.place,
      migrations: { directory: folder.directory, count: folder.revisions },
      created: state ? state.created : null,
      declared: {
        columns: declared.columns,
        otherNames: entry.assigned,
        complete: entry.complete,
        indexes: declared.indexes,
      },
      migrated,
      implicitColumns: [],
      unknown: state?.unknown ?? (state ? null : folder.opaque),
      ...(createsAll ? { createdAtRuntime: true } : {}),
    });
  }
  return tables.sort((a, b) => compareCodeUnits(a.place.path, b.place.path) || a.place.line - b.place.line);
}
