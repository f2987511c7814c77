// Drizzle schema and configuration from the syntax tree: `pgTable`/`mysqlTable`/`sqliteTable` (and
// `pgSchema(...).table`) calls with their columns (`integer("workspace_id").references(() => workspace.id)`) and the
// indexes of their third argument (`index("x").on(t.a)`, `uniqueIndex`, `unique().on`, `primaryKey({ columns })`,
// `foreignKey({ columns, foreignColumns })`); and drizzle-kit's `out` folder from `defineConfig({...})`.
import type { SgNode } from "@ast-grep/napi";
import { firstArgument, lineOf, objectProperties, stringValue } from "../node/ast.js";
import {
  dialectOf,
  type OrmColumn,
  type OrmDialect,
  type OrmIndex,
  type OrmMigrationSetting,
  type OrmRelation,
  type OrmTable,
} from "./types.js";

const TABLE_FUNCTION = /^(pg|mysql|sqlite|singlestore)Table$/;
const DIALECT_BY_PREFIX: Record<string, OrmDialect> = {
  pg: "postgresql",
  mysql: "mysql",
  sqlite: "sqlite",
  singlestore: "singlestore",
};

function namedArguments(call: SgNode): SgNode[] {
  return (
    call
      .field("arguments")
      ?.children()
      .filter((child) => child.isNamed() && child.kind() !== "comment") ?? []
  );
}

/** The calls of a method chain from the outermost in: `a("x").notNull().references(...)` → [references, notNull, a]. */
function chainCalls(node: SgNode): Array<{ name: string; call: SgNode }> {
  const out: Array<{ name: string; call: SgNode }> = [];
  let at: SgNode | null = node;
  while (at?.kind() === "call_expression") {
    const callee: SgNode | null = at.field("function");
    if (callee?.kind() === "member_expression") {
      out.push({ name: callee.field("property")?.text() ?? "", call: at });
      at = callee.field("object");
    } else {
      out.push({ name: callee?.text() ?? "", call: at });
      break;
    }
  }
  return out;
}

/** `t.workspaceId` / `table.workspaceId` → `workspaceId`. */
function propertyOf(node: SgNode): string | null {
  return node.kind() === "member_expression" ? (node.field("property")?.text() ?? null) : null;
}

/** The table a `.references(() => workspace.id)` callback points to (`workspace`). */
function referencedTable(call: SgNode): string | null {
  const callback = firstArgument(call);
  const body = callback?.kind() === "arrow_function" ? callback.field("body") : null;
  const target = body?.kind() === "member_expression" ? body.field("object") : null;
  return target ? target.text() : null;
}

function columnOf(name: string, value: SgNode): OrmColumn | null {
  const chain = chainCalls(value);
  const base = chain.at(-1);
  if (!base) return null;
  const column: OrmColumn = {
    name,
    column: stringValue(firstArgument(base.call)),
    line: lineOf(value),
    primary: false,
    unique: false,
    references: null,
  };
  for (const { name: method, call } of chain) {
    if (method === "primaryKey") column.primary = true;
    else if (method === "unique") column.unique = true;
    else if (method === "references") {
      column.references = referencedTable(call);
      const options = namedArguments(call)[1];
      const onDelete = options?.kind() === "object" ? objectProperties(options).get("onDelete") : undefined;
      column.onDelete = stringValue(onDelete)?.toLowerCase() ?? null;
    }
  }
  return column;
}

/** The column an index argument names: `t.a`, or `t.a.asc().nullsLast().op("uuid_ops")` → `a`. */
function indexedColumn(node: SgNode): string | null {
  let at: SgNode | null = node;
  for (;;) {
    if (at?.kind() === "call_expression") {
      at = at.field("function");
      continue;
    }
    if (at?.kind() === "member_expression") {
      const object: SgNode | null = at.field("object");
      if (object?.kind() === "identifier") return at.field("property")?.text() ?? null;
      at = object;
      continue;
    }
    return null;
  }
}

/** `foreignKey({...}).onUpdate("cascade").onDelete("set null")` → `set null`. */
function onDeleteOfChain(call: SgNode): string | null {
  let at = call;
  for (;;) {
    const member = at.parent();
    const outer = member?.parent();
    if (member?.kind() !== "member_expression" || outer?.kind() !== "call_expression") return null;
    if (member.field("property")?.text() === "onDelete")
      return stringValue(firstArgument(outer))?.toLowerCase() ?? null;
    at = outer;
  }
}

/** Indexes and foreign keys declared in a table's third argument. */
function extrasOf(extra: SgNode, columns: OrmColumn[]): OrmIndex[] {
  const indexes: OrmIndex[] = [];
  for (const call of extra.findAll({ rule: { kind: "call_expression" } })) {
    const chain = chainCalls(call);
    const base = chain.at(-1);
    const outer = chain[0];
    if (!base || !outer) continue;
    const kind =
      base.name === "index"
        ? "index"
        : base.name === "uniqueIndex" || base.name === "unique"
          ? "unique"
          : base.name === "primaryKey"
            ? "primary"
            : null;
    // `index("x").on(t.a, t.b)`, and drizzle-kit pull's `index("x").using("btree", t.a.asc().nullsLast().op("uuid_ops"))`.
    if ((outer.name === "on" || outer.name === "using") && kind && chain.length >= 2) {
      const args = namedArguments(outer.call);
      const names = (outer.name === "using" ? args.slice(1) : args)
        .map(indexedColumn)
        .filter((n): n is string => n !== null);
      if (names.length > 0) indexes.push({ kind, columns: names, line: lineOf(base.call) });
      continue;
    }
    if (chain.length !== 1) continue;
    const options = firstArgument(call);
    if (base.name === "primaryKey") {
      const list = options?.kind() === "object" ? objectProperties(options).get("columns") : null;
      const elements =
        list?.kind() === "array" ? list.children().filter((c) => c.isNamed()) : namedArguments(call);
      const names = elements.map(propertyOf).filter((n): n is string => n !== null);
      if (names.length > 0) indexes.push({ kind: "primary", columns: names, line: lineOf(call) });
    } else if (base.name === "foreignKey" && options?.kind() === "object") {
      const props = objectProperties(options);
      const local = props
        .get("columns")
        ?.children()
        .filter((c) => c.isNamed())
        .map(propertyOf)[0];
      const foreign = props
        .get("foreignColumns")
        ?.children()
        .find((c) => c.kind() === "member_expression");
      const column = columns.find((c) => c.name === local);
      if (column && foreign) {
        column.references = foreign.field("object")?.text() ?? null;
        column.onDelete = onDeleteOfChain(call) ?? column.onDelete ?? null;
      }
    }
  }
  return indexes;
}

/** Table functions a file makes with `pgTableCreator((name) => \`app_${name}\`)`, by the variable holding them. */
function tableCreators(tree: SgNode): Map<string, OrmDialect> {
  const out = new Map<string, OrmDialect>();
  for (const declarator of tree.findAll({ rule: { kind: "variable_declarator" } })) {
    const value = declarator.field("value");
    const callee = value?.kind() === "call_expression" ? value.field("function")?.text() : null;
    const creator = /^(pg|mysql|sqlite|singlestore)TableCreator$/.exec(callee ?? "");
    const dialect = creator ? DIALECT_BY_PREFIX[creator[1] ?? ""] : undefined;
    const name = declarator.field("name");
    if (dialect && name?.kind() === "identifier") out.set(name.text(), dialect);
  }
  return out;
}

/** The Drizzle tables a file declares. */
export function drizzleTables(tree: SgNode, path: string): OrmTable[] {
  const tables: OrmTable[] = [];
  const creators = /TableCreator\s*\(/.test(tree.text())
    ? tableCreators(tree)
    : new Map<string, OrmDialect>();
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    const callee = call.field("function");
    if (!callee) continue;
    let dialect: OrmDialect | null;
    const calleeText = callee.text();
    const plain = TABLE_FUNCTION.exec(calleeText);
    if (plain) dialect = DIALECT_BY_PREFIX[plain[1] ?? ""] ?? null;
    else if (creators.has(calleeText)) dialect = creators.get(calleeText) ?? null;
    else if (callee.kind() === "member_expression" && callee.field("property")?.text() === "table") {
      const schema = callee.field("object");
      const schemaCall = schema?.kind() === "call_expression" ? schema.field("function")?.text() : null;
      const declared = /^(pg|mysql)Schema$/.exec(schemaCall ?? "");
      // `mySchema.table(...)`: the variable's own declaration says which dialect.
      if (declared) dialect = DIALECT_BY_PREFIX[declared[1] ?? ""] ?? null;
      else if (schema?.kind() === "identifier" && /\bpgSchema\s*\(/.test(tree.text())) dialect = "postgresql";
      else if (schema?.kind() === "identifier" && /\bmysqlSchema\s*\(/.test(tree.text())) dialect = "mysql";
      else continue;
    } else continue;
    const args = namedArguments(call);
    const [nameArg, columnsArg, extraArg] = args;
    if (!nameArg || columnsArg?.kind() !== "object") continue;
    const declarator = call.parent()?.kind() === "variable_declarator" ? call.parent() : null;
    const columns: OrmColumn[] = [];
    for (const child of columnsArg.children()) {
      if (child.kind() !== "pair") continue;
      const key = child.field("key");
      const value = child.field("value");
      if (!key || !value) continue;
      const name = key.kind() === "string" ? key.text().slice(1, -1) : key.text();
      const column = columnOf(name, value);
      if (column) columns.push(column);
    }
    tables.push({
      orm: "drizzle",
      name: declarator?.field("name")?.text() ?? stringValue(nameArg) ?? "",
      table: stringValue(nameArg),
      dialect,
      path,
      line: lineOf(call),
      columns,
      indexes: extraArg ? extrasOf(extraArg, columns) : [],
    });
  }
  return tables;
}

/** The object a `relations(t, ({ one, many }) => ({ ... }))` callback returns, or null. */
function relationsObject(callback: SgNode | undefined): SgNode | null {
  const body = callback?.kind() === "arrow_function" ? callback.field("body") : null;
  const inner = body?.kind() === "parenthesized_expression" ? body.children().find((c) => c.isNamed()) : body;
  if (inner?.kind() === "object") return inner;
  // `({ many }) => { return { ... }; }`
  const returned =
    inner?.kind() === "statement_block" ? inner.find({ rule: { kind: "return_statement" } }) : null;
  const value = returned?.children().find((c) => c.isNamed());
  return value?.kind() === "object" ? value : null;
}

/** The Drizzle relations a file declares (`relations(posts, ({ one, many }) => ({ ... }))`). */
export function drizzleRelations(tree: SgNode): OrmRelation[] {
  const out: OrmRelation[] = [];
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    if (call.field("function")?.text() !== "relations") continue;
    const [fromArg, callback] = namedArguments(call);
    const object = relationsObject(callback);
    if (fromArg?.kind() !== "identifier" || !object) continue;
    for (const [name, value] of objectProperties(object)) {
      const kind = value.kind() === "call_expression" ? value.field("function")?.text() : null;
      if (kind !== "one" && kind !== "many") continue;
      const [targetArg, options] = namedArguments(value);
      if (targetArg?.kind() !== "identifier") continue;
      const settings = options?.kind() === "object" ? objectProperties(options) : new Map<string, SgNode>();
      const fields = settings.get("fields");
      out.push({
        from: fromArg.text(),
        name,
        kind,
        target: targetArg.text(),
        fields:
          fields?.kind() === "array"
            ? fields
                .children()
                .map((c) => propertyOf(c))
                .filter((c): c is string => c !== null)
            : [],
        relationName: stringValue(settings.get("relationName")),
      });
    }
  }
  return out;
}

/** drizzle-kit's configuration: `export default defineConfig({ out, dialect })` or an object typed `Config`. */
export function drizzleKitConfig(tree: SgNode, path: string): OrmMigrationSetting | null {
  if (!/(^|\/)drizzle[\w.-]*\.config\.[cm]?[jt]s$|(^|\/)drizzle\.config\.[\w.-]*[cm]?[jt]s$/.test(path))
    return null;
  for (const object of tree.findAll({ rule: { kind: "object" } })) {
    const props = objectProperties(object);
    if (!props.has("schema") && !props.has("dialect") && !props.has("out")) continue;
    const out = props.get("out");
    const dialectNode = props.get("dialect") ?? props.get("driver");
    return {
      orm: "drizzle",
      path,
      line: lineOf(object),
      folder: stringValue(out) ?? "drizzle",
      dialect: dialectOf(stringValue(dialectNode) ?? ""),
    };
  }
  return null;
}
