// SQLAlchemy model files and Alembic revisions as data, read from the Python syntax tree: declarative classes
// (classic `Column(...)`, 2.0 `Mapped[...] = mapped_column(...)`, SQLModel `Field(...)`, Flask-SQLAlchemy
// `db.Column`), `__tablename__` and `__table_args__`, module-level `Table(...)` objects; and each revision's id, parents
// and `upgrade()` operations in order. Column definitions are read by one function on both sides, so a model and the
// revision that created its table are compared on the same terms.
import type { SgNode } from "@ast-grep/napi";
import { hasKwargsSplat, keywordArg, line, positionalArgs, stringValue } from "../python/syntax.js";
import {
  calleeName,
  classAssignments,
  elements,
  isSequence,
  optionOf,
  valuedAssignments,
  type OptionValue,
} from "./python-literals.js";

/** A column as a model or a revision states it; options absent when the reader cannot know them. */
export interface SaColumn {
  /** The column's name in the table (`Column("type", …)` names it; otherwise the attribute's name). */
  name: string;
  /** The class attribute (equal to `name` in revisions). */
  attribute: string;
  line: number;
  /** `Column`, `mapped_column`, `Field`, or `annotation` for a bare annotated attribute. */
  kind: string;
  null?: OptionValue;
  unique?: OptionValue;
  index?: OptionValue;
  primaryKey?: boolean;
}

/** An `Index(...)`, `UniqueConstraint(...)` or `op.create_index(...)`; columns empty for an expression index. */
export interface SaIndex {
  name: string | null;
  unique: boolean;
  columns: string[];
  line: number;
  via: string;
}

export interface SaModelClass {
  name: string;
  line: number;
  /** Base classes as written (`db.Model`, `Base`, `TimestampMixin`). */
  bases: string[];
  /** The literal `__tablename__`; null when absent. */
  tableName: string | null;
  /** `__tablename__` is computed (`@declared_attr`, an expression): the table cannot be named. */
  tableNameComputed: boolean;
  abstract: boolean;
  /** `class Hero(SQLModel, table=True)`. */
  sqlmodelTable: boolean;
  columns: SaColumn[];
  /** Every other class-level name (relationships, properties, association proxies). */
  assigned: string[];
  /** Undefined when not written; null when computed (`@declared_attr`, a variable). */
  tableArgs?: SaIndex[] | null;
}

/** `name = Table("name", metadata, Column(...), ...)` at module level. */
export interface SaTableObject {
  name: string;
  variable: string;
  line: number;
  columns: SaColumn[];
  indexes: SaIndex[];
}

export interface SaModelFile {
  classes: SaModelClass[];
  tables: SaTableObject[];
  /** Names of module-level `Index("name", Model.column)` calls: the index belongs to some model's table. */
  looseIndexes: string[];
  /** Names bound to a declarative base (`Base = declarative_base()`, `db = SQLAlchemy()` gives `db.Model`). */
  roots: string[];
  /** The file calls `<metadata>.create_all(...)`: tables may be created without a revision. */
  createsAll: boolean;
}

const COLUMN_CALLS = new Set(["Column", "mapped_column"]);
const WRAPPERS = new Set(["deferred", "column_property"]);
const optional = (annotation: SgNode | null): boolean =>
  annotation !== null && /\bOptional\[|\|\s*None\b|\bNone\s*\||Union\[[^\]]*\bNone\b/.test(annotation.text());

/** Module-level string constants of a revision (`INDEX = "ix_orders_status"`). */
type Constants = ReadonlyMap<string, string>;
const NO_CONSTANTS: Constants = new Map();

/** `op.f("ix_name")` / `batch_op.f(...)` / a literal string / a module constant; null otherwise. */
function nameOf(node: SgNode | null | undefined, constants: Constants = NO_CONSTANTS): string | null {
  if (!node) return null;
  if (node.kind() === "call" && calleeName(node) === "f") return nameOf(positionalArgs(node)[0], constants);
  if (node.kind() === "identifier") return constants.get(node.text()) ?? null;
  return stringValue(node) ?? prefixedName(node);
}

/**
 * `f"{table_prefix}users"`: a configurable prefix before a literal name. The models name the table without it too
 * (the prefix is added to both at run time), so the literal part is the name compared.
 */
function prefixedName(node: SgNode): string | null {
  if (node.kind() !== "string") return null;
  const parts = node
    .children()
    .filter((child) => child.kind() === "interpolation" || child.kind() === "string_content");
  const firstText = parts.findIndex((part) => part.kind() === "string_content");
  if (firstText <= 0 || parts.slice(firstText).some((part) => part.kind() === "interpolation")) return null;
  const name = parts
    .slice(firstText)
    .map((part) => part.text())
    .join("");
  return /^\w+$/.test(name) ? name : null;
}

/**
 * A column definition call (`Column`, `mapped_column`, SQLModel `Field`), or null when the value defines none.
 * `knownColumn` is false when a bare `Column` is not SQLAlchemy's (`Column = partial(db.Column, nullable=False)`):
 * its defaults are then unknown.
 */
export function columnOf(
  attribute: string,
  written: SgNode | null,
  annotation: SgNode | null,
  knownColumn = true,
): SaColumn | null {
  let value = written;
  // `x: Mapped[list["Y"]] = (relationship(...))`: the parentheses only wrap a long line.
  while (value?.kind() === "parenthesized_expression") value = elements(value)[0] ?? null;
  if (!value || (value.kind() !== "call" && annotation)) {
    // A bare annotation (`name: Mapped[str]`, SQLModel's `is_active: bool = True`).
    if (!annotation) return null;
    const text = annotation.text();
    if (/^\s*ClassVar\b/.test(text) || attribute.startsWith("_")) return null;
    const mapped = /^\s*(\w+\.)?Mapped\[/.test(text);
    // `Mapped[...]` with a value that is no call is not a column SQLAlchemy maps.
    if (mapped && value) return null;
    return {
      name: attribute,
      attribute,
      line: line(annotation),
      kind: mapped ? "mapped_column" : "annotation",
      null: optional(annotation),
      unique: false,
      index: false,
    };
  }
  if (value.kind() !== "call") return null;
  let call = value;
  let kind = calleeName(call);
  if (kind && WRAPPERS.has(kind)) {
    const inner = positionalArgs(call)[0];
    if (!inner || inner.kind() !== "call") return null;
    call = inner;
    kind = calleeName(call);
  }
  if (kind === "Field") {
    const saColumn = keywordArg(call, "sa_column");
    if (saColumn?.kind() === "call" && calleeName(saColumn) === "Column")
      return columnOf(attribute, saColumn, annotation, true);
  } else if (!kind || !COLUMN_CALLS.has(kind)) return null;
  const first = positionalArgs(call)[0];
  const nameKeyword = keywordArg(call, "name");
  const named =
    first && first.kind() === "string" ? stringValue(first) : nameKeyword ? stringValue(nameKeyword) : null;
  const column: SaColumn = { name: named ?? attribute, attribute, line: line(call), kind };
  const splat = hasKwargsSplat(call);
  const primaryKey = optionOf(call, "primary_key");
  if (primaryKey === true) column.primaryKey = true;
  const nullable = optionOf(call, "nullable");
  // Only a bare `Column` can be the project's wrapper; `db.Column` and `sa.Column` are SQLAlchemy's.
  const bare = call.field("function")?.kind() === "identifier";
  const fallbackNull: OptionValue =
    kind === "Column"
      ? knownColumn || !bare || splat
        ? true
        : "dynamic"
      : annotation
        ? optional(annotation)
        : true;
  column.null =
    nullable ?? (primaryKey === true ? false : splat || primaryKey === "dynamic" ? "dynamic" : fallbackNull);
  if (primaryKey !== true) {
    column.unique = optionOf(call, "unique") ?? (splat ? "dynamic" : false);
    column.index = optionOf(call, "index") ?? (splat ? "dynamic" : false);
  }
  return column;
}

/** An element naming a column: a string, or a class attribute written bare (`Index("ix", email)`). */
function columnNameOf(node: SgNode): string | null {
  if (node.kind() === "string") return stringValue(node);
  if (node.kind() === "identifier") return node.text();
  // `Model.email`, `table.c.email`: the last segment
  if (node.kind() === "attribute" && /^[\w.]+$/.test(node.text()))
    return node.field("attribute")?.text() ?? null;
  return null;
}

/** `Index(...)` / `UniqueConstraint(...)` / `PrimaryKeyConstraint(...)` inside a table definition. */
function constraintOf(node: SgNode, via: string): SaIndex | "primary-key" | "other" | null {
  if (node.kind() !== "call") return null;
  const kind = calleeName(node);
  if (kind === "PrimaryKeyConstraint") return "primary-key";
  if (kind !== "Index" && kind !== "UniqueConstraint")
    return kind && /Constraint$/.test(kind) ? "other" : null;
  const args = positionalArgs(node);
  const nameNode = kind === "Index" ? args.shift() : keywordArg(node, "name");
  const columns: string[] = [];
  let expression = false;
  for (const arg of args) {
    const column = columnNameOf(arg);
    if (column === null) expression = true;
    else columns.push(column);
  }
  return {
    name: nameOf(nameNode),
    unique: kind === "UniqueConstraint" || optionOf(node, "unique") === true,
    columns: expression ? [] : columns,
    line: line(node),
    via,
  };
}

/** `__table_args__` as written: a tuple of constraints (optionally ending in a dict), a dict, or null if computed. */
function tableArgsOf(value: SgNode): SaIndex[] | null {
  if (value.kind() === "dictionary") return [];
  if (!isSequence(value)) return null;
  const indexes: SaIndex[] = [];
  for (const element of elements(value)) {
    if (element.kind() === "dictionary") continue;
    const constraint = constraintOf(element, "__table_args__");
    if (constraint === null) return null;
    if (typeof constraint !== "string") indexes.push(constraint);
  }
  return indexes;
}

const isTopLevel = (node: SgNode): boolean => {
  const parent = node.parent();
  return (
    parent?.kind() === "module" ||
    (parent?.kind() === "decorated_definition" && parent.parent()?.kind() === "module")
  );
};

/** Whether a bare `Column` in this file is SQLAlchemy's own (imported from sqlalchemy or flask_sqlalchemy). */
function bareColumnIsSqlAlchemy(tree: SgNode, imports: Map<string, string>): boolean {
  const source = imports.get("Column");
  if (source !== undefined) return /^(sqlalchemy|sqlmodel|flask_sqlalchemy)\b/.test(source);
  // Defined or assigned in the file itself (`Column = functools.partial(db.Column, nullable=False)`).
  return !tree.findAll({ rule: { pattern: "Column = $VALUE" } }).some(isTopLevelStatement);
}

const isTopLevelStatement = (node: SgNode): boolean => node.parent()?.parent()?.kind() === "module";

/** Every declarative class, Table object and base of a models file. */
export function sqlalchemyModelsOf(tree: SgNode, imports: Map<string, string>): SaModelFile {
  const knownColumn = bareColumnIsSqlAlchemy(tree, imports);
  const file: SaModelFile = { classes: [], tables: [], looseIndexes: [], roots: [], createsAll: false };
  for (const definition of tree.findAll({ rule: { kind: "class_definition" } })) {
    if (!isTopLevel(definition)) continue;
    const body = definition.field("body");
    const name = definition.field("name")?.text();
    if (!body || !name) continue;
    const superclasses = definition.field("superclasses")?.children() ?? [];
    const bases = superclasses
      .filter((child) => child.isNamed() && child.kind() !== "keyword_argument" && child.kind() !== "comment")
      .map((child) => child.text().replace(/\s+/g, ""));
    const sqlmodelTable = superclasses.some(
      (child) =>
        child.kind() === "keyword_argument" &&
        child.field("name")?.text() === "table" &&
        child.field("value")?.kind() === "true",
    );
    const cls: SaModelClass = {
      name,
      line: line(definition),
      bases,
      tableName: null,
      tableNameComputed: false,
      abstract: false,
      sqlmodelTable,
      columns: [],
      assigned: [],
    };
    for (const { name: attribute, value, annotation } of classAssignments(body)) {
      if (attribute === "__tablename__") {
        const literal = value ? stringValue(value) : null;
        if (literal !== null) cls.tableName = literal;
        else cls.tableNameComputed = true;
      } else if (attribute === "__abstract__") cls.abstract = value?.kind() === "true";
      else if (attribute === "__table_args__") cls.tableArgs = value ? tableArgsOf(value) : null;
      else {
        const column = columnOf(attribute, value, annotation, knownColumn);
        if (column) cls.columns.push(column);
        else cls.assigned.push(attribute);
      }
    }
    // Set at run time (`self.__table_args__ = tuple(args)` in `__init__`): not what the class body says.
    if (body.find({ rule: { pattern: "$OWNER.__table_args__ = $VALUE" } })) cls.tableArgs = null;
    // `@declared_attr def __tablename__(cls)` / `def __table_args__(cls)`: computed per subclass.
    for (const member of body.children()) {
      const fn = member.kind() === "decorated_definition" ? member.field("definition") : member;
      if (fn?.kind() !== "function_definition") continue;
      const fnName = fn.field("name")?.text();
      if (fnName === "__tablename__") cls.tableNameComputed = true;
      else if (fnName === "__table_args__") cls.tableArgs = null;
      else if (fnName) cls.assigned.push(fnName);
    }
    file.classes.push(cls);
  }
  // A `MetaData()` of this file that no declarative base is built on: its tables live outside the models' schema
  // (a warehouse or a foreign database queried with SQLAlchemy Core).
  const detached = new Set(
    valuedAssignments(tree)
      .filter(({ value }) => value.kind() === "call" && calleeName(value) === "MetaData")
      .map(({ name }) => name)
      .filter(
        (name) => !new RegExp(`\\bmetadata\\s*=\\s*${name}\\b|\\(\\s*${name}\\s*\\)`).test(tree.text()),
      ),
  );
  for (const { name: variable, value } of valuedAssignments(tree)) {
    if (value.kind() !== "call") continue;
    const callee = calleeName(value);
    if (callee === "declarative_base" || callee === "automap_base" || callee === "generate_base")
      file.roots.push(variable);
    else if (callee === "SQLAlchemy") file.roots.push(`${variable}.Model`);
    else if (callee === "Table" && !detached.has(positionalArgs(value)[1]?.text() ?? "")) {
      const table = tableObjectOf(variable, value, knownColumn);
      if (table) file.tables.push(table);
    }
  }
  for (const call of tree.findAll({ rule: { kind: "call" } })) {
    const callee = calleeName(call);
    if (callee === "create_all") file.createsAll = true;
    else if (callee === "Index" && isTopLevelStatement(call)) {
      const indexName = nameOf(positionalArgs(call)[0]);
      if (indexName) file.looseIndexes.push(indexName);
    }
  }
  return file;
}

/** `Table("name", metadata, Column(...), Index(...))`; null when reflected (`autoload_with=`) or unnamed. */
function tableObjectOf(variable: string, call: SgNode, knownColumn: boolean): SaTableObject | null {
  const args = positionalArgs(call);
  const name = args[0] ? stringValue(args[0]) : null;
  if (!name || keywordArg(call, "autoload_with") || keywordArg(call, "autoload")) return null;
  const table: SaTableObject = { name, variable, line: line(call), columns: [], indexes: [] };
  const primaryKeys: string[] = [];
  // `Table("t", metadata, ...)`; Flask-SQLAlchemy's `db.Table("t", ...)` passes no metadata.
  for (const arg of args.slice(1)) {
    const column =
      arg.kind() === "call" && calleeName(arg) === "Column" ? columnOf("", arg, null, knownColumn) : null;
    if (column?.name) table.columns.push(column);
    const constraint = column ? null : constraintOf(arg, "Table()");
    if (constraint && typeof constraint !== "string") table.indexes.push(constraint);
    if (constraint === "primary-key")
      primaryKeys.push(...positionalArgs(arg).flatMap((a) => columnNameOf(a) ?? []));
  }
  markPrimaryKeys(table.columns, primaryKeys);
  return table;
}

function markPrimaryKeys(columns: SaColumn[], names: readonly string[]): void {
  for (const column of columns)
    if (names.includes(column.name)) {
      column.primaryKey = true;
      column.null = false;
      delete column.unique;
      delete column.index;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Alembic revisions

export type AlembicOperation =
  | { op: "create-table"; table: string; columns: SaColumn[]; indexes: SaIndex[]; line: number }
  | { op: "drop-table"; table: string; line: number }
  | { op: "rename-table"; table: string; to: string; line: number }
  | { op: "add-column"; table: string; column: SaColumn; line: number }
  | { op: "drop-column"; table: string; name: string; line: number }
  | { op: "alter-column"; table: string; name: string; to: string | null; null?: OptionValue; line: number }
  | { op: "create-index"; table: string; index: SaIndex; line: number }
  | { op: "drop-index" | "drop-constraint"; table: string | null; name: string; line: number }
  /** A schema change the replay cannot follow; `tables` null when it may touch any table. */
  | { op: "unknown"; tables: string[] | null; what: string; line: number };

export interface AlembicRevision {
  revision: string;
  /** `down_revision`: none for a base, several for a merge revision. */
  parents: string[];
  line: number;
  operations: AlembicOperation[];
}

/** Tables named by DDL in raw SQL: `ALTER TABLE x`, `CREATE TABLE x`, `DROP TABLE x`, `CREATE INDEX … ON x`. */
export function ddlTablesOf(sql: string): string[] | null {
  const statements = sql.match(
    /\b(ALTER|CREATE|DROP|RENAME)\s+(TABLE|(UNIQUE\s+)?INDEX|CONSTRAINT|COLUMN)\b[^;]*/gi,
  );
  if (!statements) return [];
  const tables: string[] = [];
  for (const statement of statements) {
    const named =
      /\bTABLE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(?:ONLY\s+)?["`]?(?:\w+["`]?\.["`]?)?(\w+)/i.exec(statement) ??
      /\bON\s+(?:ONLY\s+)?["`]?(?:\w+["`]?\.["`]?)?(\w+)/i.exec(statement);
    if (!named) return null; // `DROP INDEX ix_name`: the table is not named
    tables.push(named[1]!);
  }
  return tables;
}

const str = (call: SgNode, keyword: string, position: number, constants: Constants): string | null => {
  const node = keywordArg(call, keyword) ?? positionalArgs(call)[position] ?? null;
  return node ? nameOf(node, constants) : null;
};

function listOfColumns(node: SgNode | null | undefined): string[] | null {
  if (!node) return null;
  if (!isSequence(node)) return null;
  const out: string[] = [];
  for (const element of elements(node)) {
    const value = element.kind() === "string" ? stringValue(element) : null;
    if (value === null) return []; // an expression index
    out.push(value);
  }
  return out;
}

/** The table a `batch_op` receiver stands for: `with op.batch_alter_table("t") as batch_op:` around the call. */
function batchTableOf(call: SgNode, receiver: string, constants: Constants): string | null | undefined {
  for (let node = call.parent(); node && node.kind() !== "function_definition"; node = node.parent()) {
    if (node.kind() !== "with_statement") continue;
    for (const pattern of node.findAll({ rule: { kind: "as_pattern" } })) {
      const alias = pattern.field("alias")?.text() ?? pattern.children().at(-1)?.text();
      const value = pattern.children()[0];
      if (alias !== receiver || value?.kind() !== "call" || calleeName(value) !== "batch_alter_table")
        continue;
      return str(value, "table_name", 0, constants);
    }
  }
  return undefined;
}

/** One `op.<name>(...)` / `batch_op.<name>(...)` call of `upgrade()`; null when it changes nothing compared. */
function alembicOperationOf(call: SgNode, constants: Constants): AlembicOperation | null {
  const fn = call.field("function");
  if (fn?.kind() !== "attribute") return null;
  const receiver = fn.field("object")?.text() ?? "";
  const name = fn.field("attribute")?.text() ?? "";
  let batchTable: string | null | undefined;
  if (receiver !== "op") {
    batchTable = batchTableOf(call, receiver, constants);
    if (batchTable === undefined) return null;
  }
  const at = line(call);
  // In a batch block the table is implicit and every positional argument shifts one to the left.
  const shift = batchTable !== undefined ? 1 : 0;
  const table = batchTable !== undefined ? batchTable : str(call, "table_name", 0, constants);
  const pos = (n: number): SgNode | null => positionalArgs(call)[n - shift] ?? null;
  const unknown = (what: string, on: string | null = table): AlembicOperation => ({
    op: "unknown",
    tables: on === null ? null : [on],
    what,
    line: at,
  });
  switch (name) {
    case "create_table": {
      const tableName = str(call, "table_name", 0, constants);
      if (!tableName) return unknown("create_table", null);
      const columns: SaColumn[] = [];
      const indexes: SaIndex[] = [];
      const primaryKeys: string[] = [];
      for (const arg of positionalArgs(call).slice(1)) {
        const column = arg.kind() === "call" && calleeName(arg) === "Column" ? columnOf("", arg, null) : null;
        if (column?.name) columns.push(column);
        const constraint = column ? null : constraintOf(arg, "create_table");
        if (constraint && typeof constraint !== "string") indexes.push(constraint);
        if (constraint === "primary-key")
          primaryKeys.push(...positionalArgs(arg).flatMap((a) => columnNameOf(a) ?? []));
      }
      markPrimaryKeys(columns, primaryKeys);
      return { op: "create-table", table: tableName, columns, indexes, line: at };
    }
    case "drop_table": {
      const tableName = str(call, "table_name", 0, constants);
      return tableName ? { op: "drop-table", table: tableName, line: at } : unknown("drop_table", null);
    }
    case "rename_table": {
      const from = str(call, "old_table_name", 0, constants);
      const to = str(call, "new_table_name", 1, constants);
      return from && to ? { op: "rename-table", table: from, to, line: at } : unknown("rename_table", from);
    }
    case "add_column": {
      const value = keywordArg(call, "column") ?? pos(1);
      const column = value ? columnOf("", value, null) : null;
      if (!table || !column?.name) return unknown("add_column");
      return { op: "add-column", table, column, line: at };
    }
    case "drop_column": {
      const column = keywordArg(call, "column_name") ?? pos(1);
      const columnName = column ? nameOf(column, constants) : null;
      if (!table || !columnName) return unknown("drop_column");
      return { op: "drop-column", table, name: columnName, line: at };
    }
    case "alter_column": {
      const column = keywordArg(call, "column_name") ?? pos(1);
      const columnName = column ? nameOf(column, constants) : null;
      const rename = keywordArg(call, "new_column_name");
      // A type, default or comment change leaves what is compared here as it was.
      if (!rename && optionOf(call, "nullable") === undefined && !hasKwargsSplat(call)) return null;
      if (!table || !columnName) return unknown("alter_column");
      const operation: AlembicOperation = {
        op: "alter-column",
        table,
        name: columnName,
        to: rename ? stringValue(rename) : null,
        line: at,
      };
      const nullable = optionOf(call, "nullable");
      if (nullable !== undefined) operation.null = nullable;
      if (rename && operation.to === null) return unknown("alter_column");
      return operation;
    }
    case "create_index":
    case "create_unique_constraint": {
      const indexName = nameOf(
        keywordArg(call, name === "create_index" ? "index_name" : "constraint_name") ??
          positionalArgs(call)[0],
        constants,
      );
      const on = batchTable !== undefined ? batchTable : str(call, "table_name", 1, constants);
      const columnsNode =
        keywordArg(call, name === "create_index" ? "columns" : "columns") ?? positionalArgs(call)[2 - shift];
      const columns = listOfColumns(columnsNode);
      if (!on || columns === null) return unknown(name, on);
      return {
        op: "create-index",
        table: on,
        index: {
          name: indexName,
          unique: name === "create_unique_constraint" || optionOf(call, "unique") === true,
          columns,
          line: at,
          via: name,
        },
        line: at,
      };
    }
    case "drop_index":
    case "drop_constraint": {
      const indexName = nameOf(
        keywordArg(call, name === "drop_index" ? "index_name" : "constraint_name") ?? positionalArgs(call)[0],
        constants,
      );
      const on = batchTable !== undefined ? batchTable : str(call, "table_name", 1, constants);
      if (!indexName) return unknown(name, on);
      const type = keywordArg(call, "type_");
      // Dropping a foreign key or check constraint changes nothing compared here.
      if (type && /^(foreignkey|check)$/.test(stringValue(type) ?? "")) return null;
      return {
        op: name === "drop_index" ? "drop-index" : "drop-constraint",
        table: on,
        name: indexName,
        line: at,
      };
    }
    case "execute": {
      const sqlNode = keywordArg(call, "sqltext") ?? positionalArgs(call)[0];
      if (!sqlNode) return null;
      const literal =
        stringValue(sqlNode) ??
        (sqlNode.kind() === "call" && calleeName(sqlNode) === "text" && positionalArgs(sqlNode)[0]
          ? stringValue(positionalArgs(sqlNode)[0]!)
          : null);
      const dropIndex = literal
        ? /^\s*DROP\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?["`]?(?:\w+["`]?\.["`]?)?(\w+)["`]?\s*;?\s*$/i.exec(
            literal,
          )
        : null;
      if (dropIndex) return { op: "drop-index", table: null, name: dropIndex[1]!, line: at };
      // SQL held in a variable or built by a helper: any table may be touched.
      const opaque =
        ["identifier", "attribute"].includes(String(sqlNode.kind())) ||
        (sqlNode.kind() === "call" && calleeName(sqlNode) === "text" && literal === null);
      if (opaque) return unknown("execute(<SQL>)", null);
      const text = literal ?? sqlNode.text();
      const tables = ddlTablesOf(text);
      if (tables === null) return unknown("execute(<DDL>)", null);
      if (tables.length === 0) return null; // data only (UPDATE, INSERT, CREATE EXTENSION …)
      return { op: "unknown", tables, what: "execute(<DDL>)", line: at };
    }
    default:
      return null;
  }
}

/** A revision file: its id, parents and the operations of `upgrade()` in source order; null when not a revision. */
export function alembicRevisionOf(tree: SgNode): AlembicRevision | null {
  let revision: string | null = null;
  let parents: string[] | null = null;
  let at = 1;
  for (const { name, value } of valuedAssignments(tree)) {
    if (name === "revision") {
      revision = stringValue(value);
      at = line(value);
    } else if (name === "down_revision") {
      if (value.kind() === "none") parents = [];
      else if (value.kind() === "string") parents = [stringValue(value) ?? ""].filter(Boolean);
      else if (isSequence(value)) parents = elements(value).flatMap((element) => stringValue(element) ?? []);
    }
  }
  if (revision === null || parents === null) return null;
  const upgrade = tree
    .children()
    .map((child) => (child.kind() === "decorated_definition" ? child.field("definition") : child))
    .find((child) => child?.kind() === "function_definition" && child.field("name")?.text() === "upgrade");
  const constants = new Map<string, string>();
  for (const { name, value } of valuedAssignments(tree)) {
    const text = stringValue(value);
    if (text !== null) constants.set(name, text);
  }
  const operations: AlembicOperation[] = [];
  for (const call of upgrade?.field("body")?.findAll({ rule: { kind: "call" } }) ?? []) {
    const operation = alembicOperationOf(call, constants);
    if (operation) operations.push(operation);
  }
  return { revision, parents, line: at, operations };
}
