// Ecto migrations as data: what one migration module does to the schema in its forward direction (`change/0` or
// `up/0`, and the private helpers they call), in order, from the Ecto DSL and from raw SQL in `execute`; and the
// replay of a folder's migrations in version order into the schema they leave behind (tables, columns, foreign keys,
// indexes and primary keys), so rules judge the end state rather than one file.
import type { SgNode } from "@ast-grep/napi";
import { posix } from "node:path";
import {
  ancestors,
  atomsOf,
  callArguments,
  callName,
  definedName,
  doBlock,
  keywordMap,
  lineOf,
  literal,
  operatorOf,
  remoteCall,
} from "./syntax.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

export interface MigrationReference {
  table: string;
  column: string;
  references: string;
  line: number;
}

export interface MigrationIndex {
  table: string;
  columns: string[];
  unique: boolean;
  line: number;
}

/** One schema change of a migration's forward direction, in the order it runs. */
export type MigrationOperation =
  | { op: "create-table"; table: string; line: number; primaryKey: string[] }
  | { op: "drop-table"; table: string; line: number }
  | { op: "rename-table"; table: string; to: string; line: number }
  | {
      op: "add-column";
      table: string;
      column: string;
      line: number;
      /** The referenced table when the column is a foreign key (`references(:users)`). */
      references: string | null;
      primaryKey: boolean;
    }
  | { op: "remove-column"; table: string; column: string; line: number }
  | { op: "rename-column"; table: string; column: string; to: string; line: number }
  | { op: "create-index"; table: string; columns: string[]; unique: boolean; name: string; line: number }
  /** `drop index(:t, [:a])` names table and columns; raw `DROP INDEX x` only the name (table null). */
  | { op: "drop-index"; table: string | null; columns: string[]; name: string; line: number }
  | { op: "rename-index"; name: string; to: string; line: number };

/** An `execute` call: where, in which function, and whether Ecto can reverse it. */
export interface MigrationExecute {
  line: number;
  /** The public function it runs in (`change`, `up`, `down`), through private helpers. */
  fn: string;
  /** `execute(up, down)`: Ecto runs `down` on rollback. */
  reversible: boolean;
  /** The forward SQL when it is a literal (interpolations as `__interpolated__`), else null. */
  sql: string | null;
}

export interface MigrationFacts {
  module: string;
  functions: string[];
  /** Forward-direction operations (change/0 or up/0), in order. */
  operations: MigrationOperation[];
  executes: MigrationExecute[];
  /** Kept for the inventory: tables created or altered, foreign keys and indexes of the forward direction. */
  tables: Array<{ name: string; line: number; op: "create" | "alter" }>;
  references: MigrationReference[];
  indexes: MigrationIndex[];
}

const atomName = (node: SgNode | undefined): string | null => {
  const value = literal(node);
  if (typeof value !== "string") return null;
  return value.startsWith(":") ? value.slice(1) : value;
};

/** Ecto's default index name: `<table>_<columns>_index` with non-word characters folded to `_`. */
export function defaultIndexName(table: string, columns: readonly string[]): string {
  return [table, ...columns, "index"].map((part) => part.replace(/[^\w]/g, "_").replace(/_+$/, "")).join("_");
}

/** The SQL a string or sigil node holds, interpolations replaced by a placeholder identifier. */
function sqlText(node: SgNode): string | null {
  if (node.kind() !== "string" && node.kind() !== "sigil") return null;
  return node
    .children()
    .map((child) =>
      child.kind() === "quoted_content" || child.kind() === "escape_sequence"
        ? child.text()
        : child.kind() === "interpolation"
          ? "__interpolated__"
          : "",
    )
    .join("");
}

/** Columns of a `index(:t, [:a, :b])` / `index(:t, :a)` / `index(:t, ["lower(email)"])` call. */
function indexColumns(node: SgNode | undefined): string[] {
  if (!node) return [];
  if (node.kind() === "list")
    return node
      .children()
      .filter((child) => child.isNamed())
      .map((child) => atomName(child) ?? child.text());
  const single = atomName(node);
  return single ? [single] : [];
}

function indexesOf(
  target: SgNode,
  at: SgNode,
): Array<{ table: string; columns: string[]; unique: boolean; name: string }> {
  const kind = callName(target);
  if (kind !== "index" && kind !== "unique_index") return [];
  const args = callArguments(target);
  const columns = indexColumns(args[1]?.kind() === "keywords" ? undefined : args[1]);
  const options = keywordMap(args.find((arg) => arg.kind() === "keywords"));
  const explicit = atomName(options.get("name"));
  return tableNames(args[0], at).map((table) => ({
    table,
    columns,
    unique: kind === "unique_index" || options.get("unique")?.text() === "true",
    name: explicit ?? defaultIndexName(table, columns),
  }));
}

/**
 * The tables a `table(…)`/`index(…)` argument names: its atom or string, or, when it is a variable bound by a loop
 * over a literal list around the call (`Enum.each([:hosts, :clusters], fn table -> alter table(table) do … end end)`,
 * `[:a, :b] |> Enum.each(fn t -> … end)`, `for t <- [:a, :b] do … end`), every table of that list.
 */
function tableNames(node: SgNode | undefined, at: SgNode): string[] {
  const name = atomName(node);
  if (name) return [name];
  if (node?.kind() !== "identifier") return [];
  const variable = node.text();
  for (const ancestor of ancestors(at)) {
    const kind = callName(ancestor);
    if (kind === "def" || kind === "defp") return [];
    if (ancestor.kind() === "anonymous_function") {
      const params = ancestor.find({ rule: { kind: "stab_clause" } })?.field("left");
      if (params?.text() !== variable) continue;
      const call = ancestor.parent()?.kind() === "arguments" ? ancestor.parent()?.parent() : null;
      const remote = call ? remoteCall(call) : null;
      if (!call || remote?.receiver !== "Enum" || !["each", "map", "flat_map"].includes(remote.fn)) return [];
      const args = callArguments(call);
      const piped = call.parent()?.kind() === "binary_operator" && operatorOf(call.parent()!) === "|>";
      const list = args.length >= 2 ? args[0] : piped ? call.parent()?.field("left") : null;
      return literalAtoms(list);
    }
    if (kind === "for") {
      for (const generator of callArguments(ancestor)) {
        if (generator.kind() !== "binary_operator" || operatorOf(generator) !== "<-") continue;
        if (generator.field("left")?.text() === variable) return literalAtoms(generator.field("right"));
      }
    }
  }
  return [];
}

/**
 * The names in a literal list whose every element is an atom or a plain string (`[:a, :b]`, `["a", "b"]`, `~w(a b)a`,
 * `~w(a b)`: `table/1` takes either), else none.
 */
function literalAtoms(list: SgNode | null | undefined): string[] {
  if (!list) return [];
  if (list.kind() === "list") {
    const elements = list.children().filter((child) => child.isNamed());
    if (elements.every((child) => child.kind() === "atom")) return atomsOf(list);
    if (elements.every((child) => child.kind() === "string" && !/#\{/.test(child.text())))
      return elements.map((child) => child.text().slice(1, -1));
    return [];
  }
  const words = /^~w[([{](.*)[)\]}]a?$/s.exec(list.text());
  return words?.[1] ? words[1].split(/\s+/).filter(Boolean) : [];
}

const IDENT = String.raw`(?:__interpolated__\.|"?\w+"?\.)?"?(\w+)"?`;
const SQL_PATTERNS: Array<{
  pattern: RegExp;
  build: (match: RegExpExecArray, line: number) => MigrationOperation[];
}> = [
  {
    pattern: new RegExp(
      String.raw`^CREATE\s+(UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:"?(\w+)"?\s+)?ON\s+(?:ONLY\s+)?${IDENT}\s*(?:USING\s+\w+\s*)?(\(.*)$`,
      "i",
    ),
    build: (match, line) => {
      const table = match[3]!;
      const columns = splitColumns(parenthesized(match[4] ?? ""));
      return [
        {
          op: "create-index",
          table,
          columns,
          unique: Boolean(match[1]),
          name: match[2] ?? defaultIndexName(table, columns),
          line,
        },
      ];
    },
  },
  {
    pattern: new RegExp(String.raw`^DROP\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?${IDENT}`, "i"),
    build: (match, line) => [{ op: "drop-index", table: null, columns: [], name: match[1]!, line }],
  },
  {
    pattern: new RegExp(
      String.raw`^ALTER\s+INDEX\s+(?:IF\s+EXISTS\s+)?${IDENT}\s+RENAME\s+TO\s+"?(\w+)"?`,
      "i",
    ),
    build: (match, line) => [{ op: "rename-index", name: match[1]!, to: match[2]!, line }],
  },
  {
    pattern: new RegExp(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?${IDENT}`, "i"),
    build: (match, line) => [{ op: "drop-table", table: match[1]!, line }],
  },
  {
    pattern: new RegExp(
      String.raw`^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?${IDENT}\s+RENAME\s+TO\s+"?(\w+)"?`,
      "i",
    ),
    build: (match, line) => [{ op: "rename-table", table: match[1]!, to: match[2]!, line }],
  },
  {
    pattern: new RegExp(
      String.raw`^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?${IDENT}\s+RENAME\s+(?:COLUMN\s+)?"?(\w+)"?\s+TO\s+"?(\w+)"?`,
      "i",
    ),
    build: (match, line) => [
      { op: "rename-column", table: match[1]!, column: match[2]!, to: match[3]!, line },
    ],
  },
  {
    pattern: new RegExp(
      String.raw`^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?${IDENT}\s+((?:ADD|DROP)\b[\s\S]*)$`,
      "i",
    ),
    build: (match, line) => {
      const table = match[1]!;
      const operations: MigrationOperation[] = [];
      // `ALTER TABLE t DROP COLUMN a, ADD PRIMARY KEY (b, c), ADD CONSTRAINT u UNIQUE (d)`
      for (const action of (match[2] ?? "").split(/,(?![^(]*\))/)) {
        const added =
          /^\s*ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?!(?:CONSTRAINT|PRIMARY|UNIQUE|FOREIGN|CHECK|EXCLUDE)\b)"?(\w+)"?/i.exec(
            action,
          );
        if (added) {
          operations.push({
            op: "add-column",
            table,
            column: added[1]!,
            line,
            references: null,
            primaryKey: false,
          });
          continue;
        }
        const drop = /^\s*DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?"?(\w+)"?/i.exec(action);
        if (drop && !/^(CONSTRAINT)$/i.test(drop[1]!)) {
          operations.push({ op: "remove-column", table, column: drop[1]!, line });
          continue;
        }
        const key = /^\s*ADD\s+(?:CONSTRAINT\s+"?(\w+)"?\s+)?(PRIMARY\s+KEY|UNIQUE)\s*\(([^)]*)\)/i.exec(
          action,
        );
        if (key) {
          const columns = splitColumns(key[3] ?? "");
          operations.push({
            op: "create-index",
            table,
            columns,
            unique: true,
            name: key[1] ?? (/PRIMARY/i.test(key[2]!) ? `${table}_pkey` : defaultIndexName(table, columns)),
            line,
          });
        }
      }
      return operations;
    },
  },
];

/** The text inside the parenthesis group a string starts with (`(a, lower(b)) INCLUDE (c)` → `a, lower(b)`). */
function parenthesized(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return text.slice(1, i);
  }
  return text.slice(1);
}

/** Column names of a comma-separated list, commas inside parentheses kept (`a DESC, lower(b)` → a, lower(b)). */
function splitColumns(list: string): string[] {
  const columns: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of list) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      columns.push(current);
      current = "";
    } else current += char;
  }
  columns.push(current);
  return columns.map((column) => column.trim().split(/\s+/)[0]!.replace(/"/g, "")).filter(Boolean);
}

/** The schema changes in raw SQL that matter to the replay (indexes, drops, renames, keys). */
export function sqlOperations(sql: string, line: number): MigrationOperation[] {
  const statements = sql
    .replace(/--[^\n]*/g, "")
    .split(";")
    .map((statement) => statement.trim().replace(/\s+/g, " "));
  const operations: MigrationOperation[] = [];
  for (const statement of statements) {
    for (const { pattern, build } of SQL_PATTERNS) {
      const match = pattern.exec(statement);
      if (match) {
        operations.push(...build(match, line));
        break;
      }
    }
  }
  return operations;
}

/** A migration module's facts from the calls directly in its body. */
export function migrationOf(module: string, own: SgNode[]): MigrationFacts {
  const facts: MigrationFacts = {
    module,
    functions: [],
    operations: [],
    executes: [],
    tables: [],
    references: [],
    indexes: [],
  };
  const defs = new Map<string, SgNode[]>();
  for (const def of own) {
    const kind = callName(def);
    if (kind !== "def" && kind !== "defp") continue;
    const name = definedName(def);
    if (!name) continue;
    if (kind === "def" && !facts.functions.includes(name)) facts.functions.push(name);
    defs.set(name, [...(defs.get(name) ?? []), def]);
  }
  // Ecto runs change/0 (or up/0) forward; down/0 only on rollback, so it says nothing about the schema left behind.
  const forward = defs.has("change") ? "change" : defs.has("up") ? "up" : null;
  for (const fn of ["change", "up", "down"]) {
    for (const def of defs.get(fn) ?? []) walk(def, fn, fn === forward, new Set([fn]), defs, facts);
  }
  for (const operation of facts.operations) {
    if (operation.op === "add-column" && operation.references)
      facts.references.push({
        table: operation.table,
        column: operation.column,
        references: operation.references,
        line: operation.line,
      });
    if (operation.op === "create-index")
      facts.indexes.push({
        table: operation.table,
        columns: operation.columns,
        unique: operation.unique,
        line: operation.line,
      });
  }
  return facts;
}

/** Walks a function body's calls in source order, following calls to the module's own helpers. */
function walk(
  body: SgNode,
  fn: string,
  recordOperations: boolean,
  visiting: Set<string>,
  defs: ReadonlyMap<string, SgNode[]>,
  facts: MigrationFacts,
): void {
  let consumedUntil = -1;
  for (const call of body.findAll({ rule: { kind: "call" } })) {
    if (call.range().start.index < consumedUntil) continue;
    const name = callName(call);
    if (!name || name === "def" || name === "defp") continue;
    const operations = recordOperations ? facts.operations : [];
    if (name === "execute") {
      const args = callArguments(call);
      const sql = args[0] ? sqlText(args[0]) : null;
      facts.executes.push({ line: lineOf(call), fn, reversible: args.length >= 2, sql });
      if (sql !== null) operations.push(...sqlOperations(sql, lineOf(call)));
      consumedUntil = call.range().end.index;
    } else if (/(^|\.)query!?$/.test(name)) {
      const sql = callArguments(call)
        .map(sqlText)
        .find((text) => text !== null);
      if (sql) operations.push(...sqlOperations(sql, lineOf(call)));
    } else if (
      ["create", "create_if_not_exists", "alter", "drop", "drop_if_exists", "rename"].includes(name)
    ) {
      schemaCall(call, name, operations, facts.tables, recordOperations);
      consumedUntil = call.range().end.index;
    } else if (defs.has(name) && !visiting.has(name) && !["change", "up", "down"].includes(name)) {
      visiting.add(name);
      for (const helper of defs.get(name) ?? []) walk(helper, fn, recordOperations, visiting, defs, facts);
      visiting.delete(name);
    }
  }
}

/** The columns `timestamps()` adds: inserted_at and updated_at, renamed by `inserted_at: :created_at`, left out by `false`. */
function timestampColumns(call: SgNode): string[] {
  const options = keywordMap(callArguments(call).find((arg) => arg.kind() === "keywords"));
  return ["inserted_at", "updated_at"].flatMap((stamp) => {
    const renamed = options.get(stamp);
    if (!renamed) return [stamp];
    const name = atomName(renamed);
    return renamed.text() === "false" || !name ? [] : [name];
  });
}

function schemaCall(
  call: SgNode,
  name: string,
  operations: MigrationOperation[],
  tables: MigrationFacts["tables"],
  record: boolean,
): void {
  const args = callArguments(call);
  const target = args[0];
  if (!target) return;
  const line = lineOf(call);
  const targetName = callName(target);
  if (targetName === "table") {
    for (const table of tableNames(callArguments(target)[0], call))
      tableCall(call, name, target, table, operations, tables, record);
    return;
  }
  for (const index of indexesOf(target, call)) {
    if (name === "create" || name === "create_if_not_exists")
      operations.push({ op: "create-index", ...index, line });
    else if (name === "drop" || name === "drop_if_exists")
      operations.push({ op: "drop-index", ...index, line });
  }
}

/** A `create`/`alter`/`drop`/`rename` of `table(…)` for one table name. */
function tableCall(
  call: SgNode,
  name: string,
  target: SgNode,
  table: string,
  operations: MigrationOperation[],
  tables: MigrationFacts["tables"],
  record: boolean,
): void {
  const args = callArguments(call);
  const line = lineOf(call);
  if (name === "rename") {
    const options = keywordMap(args.find((arg) => arg.kind() === "keywords"));
    const to = options.get("to");
    if (args[1] && args[1].kind() !== "keywords") {
      const column = atomName(args[1]);
      const renamed = atomName(to);
      if (column && renamed) operations.push({ op: "rename-column", table, column, to: renamed, line });
    } else if (to && callName(to) === "table") {
      const renamed = atomName(callArguments(to)[0]);
      if (renamed) operations.push({ op: "rename-table", table, to: renamed, line });
    }
    return;
  }
  if (name === "drop" || name === "drop_if_exists") {
    operations.push({ op: "drop-table", table, line });
    return;
  }
  const creating = name !== "alter";
  const tableOptions = keywordMap(callArguments(target).find((arg) => arg.kind() === "keywords"));
  const keyOption = tableOptions.get("primary_key");
  const defaultKey = creating && keyOption?.text() !== "false";
  // `primary_key: [name: :ark, type: :string]` renames the default key column.
  const keyName =
    keyOption?.kind() === "list"
      ? atomName(keywordMap(keyOption.find({ rule: { kind: "keywords" } })).get("name"))
      : null;
  const created: Extract<MigrationOperation, { op: "create-table" }> | null = creating
    ? { op: "create-table", table, line, primaryKey: defaultKey ? [keyName ?? "id"] : [] }
    : null;
  if (created) operations.push(created);
  if (record) tables.push({ name: table, line, op: creating ? "create" : "alter" });
  const body = doBlock(call);
  for (const column of body ? body.findAll({ rule: { kind: "call" } }) : []) {
    const columnCall = callName(column);
    if (columnCall === "timestamps") {
      for (const stamp of timestampColumns(column))
        operations.push({
          op: "add-column",
          table,
          column: stamp,
          line: lineOf(column),
          references: null,
          primaryKey: false,
        });
      continue;
    }
    const [col, type] = callArguments(column);
    const colName = atomName(col);
    if (!colName) continue;
    if (columnCall === "add" || columnCall === "add_if_not_exists" || columnCall === "modify") {
      const options = keywordMap(callArguments(column).find((arg) => arg.kind() === "keywords"));
      const references = type && callName(type) === "references" ? atomName(callArguments(type)[0]) : null;
      const primaryKey = options.get("primary_key")?.text() === "true";
      if (columnCall === "modify" && !references) continue;
      operations.push({
        op: "add-column",
        table,
        column: colName,
        line: lineOf(column),
        references,
        primaryKey,
      });
      if (created && primaryKey && !created.primaryKey.includes(colName)) created.primaryKey.push(colName);
    } else if (columnCall === "remove" || columnCall === "remove_if_exists") {
      operations.push({ op: "remove-column", table, column: colName, line: lineOf(column) });
    }
  }
}

/** A foreign key column of the replayed schema, with the migration that made it one. */
export interface ReplayedColumn {
  name: string;
  references: string | null;
  path: string;
  line: number;
}

export interface ReplayedIndex {
  name: string;
  columns: string[];
  unique: boolean;
  primaryKey: boolean;
  path: string;
  line: number;
}

export interface ReplayedTable {
  name: string;
  /** Names the table had before renames, oldest first. */
  formerNames: string[];
  columns: ReplayedColumn[];
  indexes: ReplayedIndex[];
  /** Indexes a later migration dropped explicitly (not with their column or table), with where it dropped them. */
  droppedIndexes: Array<ReplayedIndex & { droppedPath: string; droppedLine: number }>;
}

/** The schema one folder of migrations leaves behind, replayed in version order. */
export interface MigrationSchema {
  /** The migrations folder (`priv/repo/migrations`). */
  directory: string;
  migrations: number;
  tables: ReplayedTable[];
}

/** A migration's version: the leading digits of its file name (`20240101120000_add_x.exs`), or null. */
export function migrationVersion(path: string): string | null {
  return /^(\d+)_/.exec(posix.basename(path))?.[1] ?? null;
}

/**
 * Replays each folder's migrations in version order (file name order when unversioned): tables created, renamed and
 * dropped, columns added, renamed and removed, indexes and primary keys created, renamed and dropped. Postgres
 * semantics: a renamed table keeps its indexes, a dropped column takes its indexes with it.
 */
export function replayMigrations(
  migrations: ReadonlyArray<Pick<MigrationFacts, "operations"> & { path: string }>,
): MigrationSchema[] {
  const byDirectory = new Map<string, Array<Pick<MigrationFacts, "operations"> & { path: string }>>();
  for (const migration of migrations) {
    const directory = posix.dirname(migration.path);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), migration]);
  }
  const schemas: MigrationSchema[] = [];
  for (const [directory, list] of [...byDirectory].sort(([a], [b]) => compareCodeUnits(a, b))) {
    const ordered = [...list].sort((a, b) => {
      const left = migrationVersion(a.path) ?? "";
      const right = migrationVersion(b.path) ?? "";
      if (left !== right && left && right) return BigInt(left) < BigInt(right) ? -1 : 1;
      return compareCodeUnits(a.path, b.path);
    });
    const tables = new Map<string, ReplayedTable>();
    const tableOf = (name: string): ReplayedTable => {
      let table = tables.get(name);
      if (!table) {
        table = { name, formerNames: [], columns: [], indexes: [], droppedIndexes: [] };
        tables.set(name, table);
      }
      return table;
    };
    for (const migration of ordered) {
      for (const operation of migration.operations) apply(operation, migration.path, tables, tableOf);
    }
    schemas.push({
      directory,
      migrations: ordered.length,
      tables: [...tables.values()].sort((a, b) => compareCodeUnits(a.name, b.name)),
    });
  }
  return schemas;
}

function apply(
  operation: MigrationOperation,
  path: string,
  tables: Map<string, ReplayedTable>,
  tableOf: (name: string) => ReplayedTable,
): void {
  switch (operation.op) {
    case "create-table": {
      const table = tableOf(operation.table);
      if (operation.primaryKey.length > 0 && !table.indexes.some((index) => index.primaryKey))
        table.indexes.push({
          name: `${operation.table}_pkey`,
          columns: [...operation.primaryKey],
          unique: true,
          primaryKey: true,
          path,
          line: operation.line,
        });
      return;
    }
    case "drop-table":
      tables.delete(operation.table);
      return;
    case "rename-table": {
      const table = tables.get(operation.table);
      if (!table) return;
      tables.delete(operation.table);
      tables.set(operation.to, {
        ...table,
        name: operation.to,
        formerNames: [...table.formerNames, table.name],
      });
      // Foreign keys follow the renamed table.
      for (const other of tables.values())
        for (const column of other.columns)
          if (column.references === operation.table) column.references = operation.to;
      return;
    }
    case "add-column": {
      const table = tableOf(operation.table);
      const existing = table.columns.find((column) => column.name === operation.column);
      if (existing) {
        if (operation.references) {
          existing.references = operation.references;
          existing.path = path;
          existing.line = operation.line;
        }
      } else
        table.columns.push({
          name: operation.column,
          references: operation.references,
          path,
          line: operation.line,
        });
      if (operation.primaryKey && !table.indexes.some((index) => index.primaryKey)) {
        table.indexes.push({
          name: `${operation.table}_pkey`,
          columns: [operation.column],
          unique: true,
          primaryKey: true,
          path,
          line: operation.line,
        });
      }
      return;
    }
    case "remove-column": {
      const table = tables.get(operation.table);
      if (!table) return;
      table.columns = table.columns.filter((column) => column.name !== operation.column);
      table.indexes = table.indexes.filter((index) => !index.columns.includes(operation.column));
      return;
    }
    case "rename-column": {
      const table = tables.get(operation.table);
      if (!table) return;
      for (const column of table.columns) if (column.name === operation.column) column.name = operation.to;
      for (const index of table.indexes)
        index.columns = index.columns.map((column) => (column === operation.column ? operation.to : column));
      return;
    }
    case "create-index": {
      const table = tableOf(operation.table);
      table.indexes = table.indexes.filter((index) => index.name !== operation.name);
      table.indexes.push({
        name: operation.name,
        columns: operation.columns,
        unique: operation.unique,
        primaryKey: false,
        path,
        line: operation.line,
      });
      return;
    }
    case "drop-index": {
      for (const table of operation.table ? [tables.get(operation.table)] : [...tables.values()]) {
        if (!table) continue;
        const byName = table.indexes.filter((index) => index.name === operation.name);
        const dropped =
          byName.length > 0
            ? byName
            : table.indexes.filter(
                (index) =>
                  operation.columns.length > 0 &&
                  !index.primaryKey &&
                  index.columns.join(",") === operation.columns.join(","),
              );
        table.indexes = table.indexes.filter((index) => !dropped.includes(index));
        for (const index of dropped)
          table.droppedIndexes.push({ ...index, droppedPath: path, droppedLine: operation.line });
      }
      return;
    }
    case "rename-index":
      for (const table of tables.values())
        for (const index of table.indexes) if (index.name === operation.name) index.name = operation.to;
      return;
  }
}
