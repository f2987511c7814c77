// Ecto schemas paired with the table their migrations leave (facts/elixir's replay of each migrations folder).
// A table no migration creates (a view, another service's table, one made in raw SQL) is left out, as are schemas
// with a `@schema_prefix` and tables whose columns a raw SQL statement may change.
import { posix } from "node:path";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import type { ElixirFacts } from "../elixir/index.js";
import { sqlOperations } from "../elixir/migrations.js";
import { oneOffKind } from "../one-off-code.js";
import type { EctoSchema } from "./ecto-schema.js";
import type { OrmColumn, OrmTable } from "./types.js";

/** SQL that can create or reshape a table's columns (indexes and drops are replayed by facts/elixir). */
const RESHAPING_SQL =
  /\b(CREATE\s+(OR\s+REPLACE\s+)?(TABLE|VIEW|MATERIALIZED\s+VIEW)|ALTER\s+TABLE|SELECT\b[\s\S]*\bINTO)\b/i;

export function ectoTables(
  schemas: ReadonlyArray<EctoSchema & { path: string }>,
  elixir: ElixirFacts,
): OrmTable[] {
  const testFolders = new Set(
    elixir.migrations
      .filter((migration) => migration.isTest)
      .map((migration) => posix.dirname(migration.path)),
  );
  const folders = elixir.migrationSchemas.filter((schema) => !testFolders.has(schema.directory));
  const tables: OrmTable[] = [];
  for (const schema of schemas) {
    // A schema inside a migration is that migration's snapshot of the table at the time, not the application's.
    if (schema.prefix !== null || oneOffKind(schema.path) === "migration") continue;
    const found = folders.flatMap((folder) =>
      folder.tables.filter((table) => table.name === schema.table).map((table) => ({ folder, table })),
    );
    const first = found[0];
    if (!first) continue;
    // Two folders (`migrations` and `manual_migrations`) run against one database in a combined order that the
    // per-folder replay does not reproduce: the table's columns are not known.
    const severalFolders = found.length > 1 ? found[1]! : null;
    const created = elixir.migrations.find(
      (migration) =>
        found.some(({ folder }) => posix.dirname(migration.path) === folder.directory) &&
        migration.tables.some((table) => table.op === "create" && table.name === schema.table),
    );
    const createdAt = created?.tables.find((table) => table.op === "create" && table.name === schema.table);
    // A raw statement naming the table may have added, renamed or dropped columns the replay cannot see (one it
    // replays, `ALTER TABLE t ADD COLUMN c`, is accounted for).
    const word = new RegExp(`(^|[^\\w])"?${schema.table}"?([^\\w]|$)`);
    // SQL in another folder (`manual_migrations`) is not replayed on this table at all.
    const unreplayed = (sql: string, replayedHere: boolean): boolean =>
      sql
        .split(";")
        .some(
          (statement) =>
            RESHAPING_SQL.test(statement) &&
            word.test(statement) &&
            (!replayedHere ||
              sqlOperations(statement.trim(), 0).length === 0 ||
              /\bALTER\s+COLUMN\b/i.test(statement)),
        );
    const raw = elixir.migrations
      .filter((migration) => !testFolders.has(posix.dirname(migration.path)))
      .flatMap((migration) => {
        const replayedHere = found.some(({ folder }) => posix.dirname(migration.path) === folder.directory);
        return migration.executes
          .filter(
            (execute) =>
              execute.fn !== "down" && execute.sql !== null && unreplayed(execute.sql, replayedHere),
          )
          .map((execute) => ({ execute, path: migration.path }));
      })[0];
    const migrated = new Map<string, OrmColumn>();
    for (const { table } of found) {
      for (const column of table.columns)
        migrated.set(column.name, { name: column.name, kind: "add", path: column.path, line: column.line });
      for (const index of table.indexes.filter((index) => index.primaryKey))
        for (const column of index.columns)
          if (!migrated.has(column))
            migrated.set(column, { name: column, kind: "primary key", path: index.path, line: index.line });
    }
    const declared = new Map<string, OrmColumn>();
    for (const column of schema.columns)
      if (!declared.has(column.name))
        declared.set(column.name, {
          name: column.name,
          kind: column.field === column.name ? "field" : `field ${column.field}`,
          path: schema.path,
          line: column.line,
        });
    tables.push({
      stack: "ecto",
      model: schema.module,
      table: schema.table,
      place: { path: schema.path, line: schema.line },
      migrations: { directory: first.folder.directory, count: first.folder.migrations },
      created: created && createdAt ? { path: created.path, line: createdAt.line } : null,
      declared: {
        columns: [...declared.values()],
        otherNames: [],
        complete: !schema.incomplete,
        indexes: null,
      },
      migrated: {
        columns: [...migrated.values()].sort((a, b) => compareCodeUnits(a.name, b.name)),
        indexes: null,
      },
      implicitColumns: [],
      unknown: raw
        ? { what: "execute", path: raw.path, line: raw.execute.line }
        : severalFolders
          ? {
              what: `migrations in ${found.map(({ folder }) => folder.directory).join(" and ")}`,
              path: severalFolders.folder.directory,
              line: 1,
            }
          : null,
    });
  }
  return tables.sort((a, b) => compareCodeUnits(a.place.path, b.place.path) || a.place.line - b.place.line);
}
