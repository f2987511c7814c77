// Replays one Alembic versions folder: revisions ordered by `down_revision` (a merge revision waits for all its
// parents; siblings of a branch run in path order), each `upgrade()` applied to a table → columns/indexes state.
// An operation the replay cannot follow (DDL in `op.execute`, a table name computed at run time) leaves the tables
// it may touch unknown from there on.
import { compareCodeUnits } from "../../util/compare-code-units.js";
import type { Located } from "./django-state.js";
import type { AlembicOperation, AlembicRevision, SaColumn, SaIndex } from "./sqlalchemy-syntax.js";
import type { OrmPlace } from "./types.js";

export interface AlembicTableState {
  created: OrmPlace;
  columns: Map<string, Located<SaColumn>>;
  indexes: Array<Located<SaIndex>>;
  unknown: (OrmPlace & { what: string }) | null;
}

export interface AlembicFolderState {
  directory: string;
  revisions: number;
  tables: Map<string, AlembicTableState>;
  /** An operation may have touched any table (computed DDL): a table missing here may exist. */
  opaque: (OrmPlace & { what: string }) | null;
}

/** Revisions parents first; a revision whose parent is not in the folder counts as a base. */
export function orderRevisions<T extends AlembicRevision & { path: string }>(revisions: readonly T[]): T[] {
  const byId = new Map(revisions.map((revision) => [revision.revision, revision]));
  const pending = new Map(
    revisions.map((revision) => [revision, revision.parents.filter((parent) => byId.has(parent)).length]),
  );
  const children = new Map<string, T[]>();
  for (const revision of revisions)
    for (const parent of revision.parents) children.set(parent, [...(children.get(parent) ?? []), revision]);
  const byPath = (a: T, b: T): number => compareCodeUnits(a.path, b.path);
  const ready = revisions.filter((revision) => pending.get(revision) === 0).sort(byPath);
  const ordered: T[] = [];
  while (ready.length > 0) {
    const next = ready.shift()!;
    ordered.push(next);
    for (const child of children.get(next.revision) ?? []) {
      const left = (pending.get(child) ?? 0) - 1;
      pending.set(child, left);
      if (left === 0) {
        ready.push(child);
        ready.sort(byPath);
      }
    }
  }
  // A cycle (a broken history) leaves revisions never ready: replayed last, in path order.
  const done = new Set(ordered);
  return [...ordered, ...revisions.filter((revision) => !done.has(revision)).sort(byPath)];
}

function apply(state: AlembicFolderState, operation: AlembicOperation, path: string): void {
  const place = { path, line: operation.line };
  const located = <T>(value: T): Located<T> => ({ ...value, path });
  const tables = state.tables;
  switch (operation.op) {
    case "create-table":
      tables.set(operation.table, {
        created: place,
        columns: new Map(operation.columns.map((column) => [column.name, located(column)])),
        indexes: operation.indexes.map(located),
        unknown: null,
      });
      return;
    case "drop-table":
      tables.delete(operation.table);
      return;
    case "rename-table": {
      const table = tables.get(operation.table);
      if (!table) return;
      tables.delete(operation.table);
      tables.set(operation.to, table);
      return;
    }
    case "add-column":
      tables.get(operation.table)?.columns.set(operation.column.name, located(operation.column));
      return;
    case "drop-column": {
      const table = tables.get(operation.table);
      if (!table) return;
      table.columns.delete(operation.name);
      // The database drops the indexes and constraints on a dropped column with it.
      table.indexes = table.indexes.filter((index) => !index.columns.includes(operation.name));
      return;
    }
    case "alter-column": {
      const table = tables.get(operation.table);
      const column = table?.columns.get(operation.name);
      if (!table || !column) return;
      const altered = { ...column, ...place };
      if (operation.null !== undefined) altered.null = operation.null;
      if (operation.to) {
        table.columns.delete(operation.name);
        altered.name = operation.to;
        for (const index of table.indexes)
          index.columns = index.columns.map((name) => (name === operation.name ? operation.to! : name));
      }
      table.columns.set(altered.name, altered);
      return;
    }
    case "create-index": {
      const table = tables.get(operation.table);
      if (!table) return;
      // The same index created in each branch of a dialect switch (`if sqlite: batch … else: op.…`) is one index.
      const same = (index: SaIndex): boolean =>
        operation.index.name !== null
          ? index.name === operation.index.name
          : index.name === null &&
            index.unique === operation.index.unique &&
            index.columns.join(",") === operation.index.columns.join(",");
      table.indexes = [...table.indexes.filter((index) => !same(index)), located(operation.index)];
      return;
    }
    case "drop-index":
    case "drop-constraint": {
      const candidates = operation.table
        ? [tables.get(operation.table)].filter((table) => table !== undefined)
        : [...tables.values()];
      let found = false;
      for (const table of candidates) {
        const before = table.indexes.length;
        table.indexes = table.indexes.filter((index) => index.name !== operation.name);
        found ||= table.indexes.length < before;
      }
      // An unnamed column-level constraint got its name from the database or a naming convention: dropping a
      // constraint the replay cannot name may have been that one.
      if (!found && operation.op === "drop-constraint")
        for (const table of candidates)
          for (const [name, column] of table.columns)
            if (column.unique === true) table.columns.set(name, { ...column, unique: "dynamic" });
      return;
    }
    case "unknown": {
      const what = { ...place, what: operation.what };
      if (operation.tables === null) {
        state.opaque ??= what;
        for (const table of tables.values()) table.unknown ??= what;
        return;
      }
      for (const name of operation.tables) {
        const table = tables.get(name);
        if (table) table.unknown ??= what;
        // Raw SQL may create the table: it exists, in a shape the replay does not know.
        else tables.set(name, { created: place, columns: new Map(), indexes: [], unknown: what });
      }
      return;
    }
  }
}

/** The tables one versions folder leaves after every revision has run. */
export function replayAlembic(
  directory: string,
  revisions: ReadonlyArray<AlembicRevision & { path: string }>,
): AlembicFolderState {
  const state: AlembicFolderState = {
    directory,
    revisions: revisions.length,
    tables: new Map(),
    opaque: null,
  };
  for (const revision of orderRevisions(revisions))
    for (const operation of revision.operations) apply(state, operation, revision.path);
  return state;
}
