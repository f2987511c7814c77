// Where code filters, joins or loads through a column of a Drizzle table or TypeORM entity: Drizzle operators
// (`eq(posts.authorId, id)`, also inside `db.query.posts.findMany({ where: (p, { eq }) => eq(p.authorId, id) })`),
// TypeORM repository calls (`where: { author: { id } }`, `findBy({ authorId })`, `delete({ author })`,
// `relations: ["posts"]`) and query-builder strings (`.where("post.authorId = :id")`, `.leftJoin("user.posts", "p")`).
// The database rules read them to tell a foreign key that queries go through from one only deletes touch.
import type { SgNode } from "@ast-grep/napi";
import { lineOf, moduleBindings, objectProperties, parameterNames, stringValue } from "../node/ast.js";
import { TYPEORM_RECEIVER } from "./queries.js";
import type { OrmColumnUse } from "./types.js";

/** drizzle-orm's comparison operators: their column arguments are filtered or joined on. */
const DRIZZLE_OPERATORS =
  /^(eq|ne|inArray|notInArray|isNull|isNotNull|gt|gte|lt|lte|like|ilike|notLike|notIlike|between|notBetween|arrayContains|arrayOverlaps)$/;
/** TypeORM repository and manager methods whose options (or first argument) hold a `where`. */
const TYPEORM_METHODS =
  /^(findOne|findOneBy|findOneOrFail|findOneByOrFail|find|findBy|findAndCount|findAndCountBy|count|countBy|exist|exists|existsBy|delete|softDelete|restore|update|increment|decrement|sum|average|minimum|maximum)$/;
/** Methods whose first argument is the `where` itself (`findBy({ authorId })`, `delete({ author })`). */
const WHERE_FIRST = /By$|By\w+$|^(delete|softDelete|restore|update|increment|decrement)$/;
const QUERY_BUILDER_METHODS =
  /^(where|andWhere|orWhere|innerJoin|leftJoin|innerJoinAndSelect|leftJoinAndSelect|innerJoinAndMapOne|innerJoinAndMapMany|leftJoinAndMapOne|leftJoinAndMapMany)$/;

/** `this.postRepository` → `post`; `postsRepo` → `posts`; null when the name says no entity (`repository`, `manager`). */
function entityOfReceiver(receiver: string): string | null {
  const last = receiver.split(".").at(-1) ?? "";
  const entity = last.replace(/(Repository|Repo|repository|repo)$/, "");
  return entity && entity !== last ? entity.toLowerCase() : null;
}

/** The keys a `where` object names, down through nested relation objects' own keys being left out. */
function whereKeys(
  node: SgNode | null | undefined,
): Array<{ key: string; line: number; siblings?: string[] }> {
  if (!node) return [];
  if (node.kind() === "array") return node.children().flatMap((child) => whereKeys(child));
  if (node.kind() !== "object") return [];
  const keys = [...objectProperties(node).entries()];
  return keys.map(([key, value]) => {
    const siblings = keys.map(([other]) => other).filter((other) => other !== key);
    return { key, line: lineOf(value), ...(siblings.length > 0 ? { siblings } : {}) };
  });
}

/** Relation names of `relations: ["posts", "posts.tags"]` or `relations: { posts: true }`. */
function relationNames(node: SgNode | undefined): Array<{ key: string; line: number }> {
  if (!node) return [];
  if (node.kind() === "array")
    return node
      .children()
      .map((child) => ({ value: stringValue(child), line: lineOf(child) }))
      .filter((entry): entry is { value: string; line: number } => entry.value !== null)
      .map((entry) => ({ key: entry.value.split(".")[0] ?? "", line: entry.line }));
  if (node.kind() === "object")
    return [...objectProperties(node).entries()].map(([key, value]) => ({ key, line: lineOf(value) }));
  return [];
}

/** The `db.query.<table>` a callback parameter stands for, when the callback is a relational query's option. */
function relationalTable(parameter: string, from: SgNode): string | null {
  for (const ancestor of from.ancestors()) {
    if (ancestor.kind() !== "arrow_function" && ancestor.kind() !== "function_expression") continue;
    if (!parameterNames(ancestor).includes(parameter)) continue;
    const call = ancestor.parent()?.parent()?.parent()?.parent();
    const callee = call?.kind() === "call_expression" ? call.field("function") : null;
    const accessor = callee?.kind() === "member_expression" ? callee.field("object") : null;
    if (
      accessor?.kind() === "member_expression" &&
      /(?:^|\.)query$/.test(accessor.field("object")?.text() ?? "")
    )
      return accessor.field("property")?.text() ?? null;
    return null;
  }
  return null;
}

/** How a file names the tables it imports: `{ userJourneyEvent as dbUserJourneyEvent }`, `import * as schema`. */
interface TableNames {
  /** Local name → imported name, for named imports. */
  named: Map<string, string>;
  /** Namespace (and default) import names: `schema.users.id` names the table `users`. */
  namespaces: Set<string>;
  /** Names the file declares at its top level (a schema file's own tables). */
  topLevel: Set<string>;
}

function tableNames(tree: SgNode): TableNames {
  const sources = tree
    .findAll({ rule: { kind: "import_statement" } })
    .map((statement) => stringValue(statement.field("source")))
    .filter((source): source is string => source !== null && !/^drizzle-orm(\/|$)/.test(source));
  const topLevel = new Set<string>();
  for (const statement of tree.children()) {
    const declaration = statement.kind() === "export_statement" ? statement.field("declaration") : statement;
    if (declaration?.kind() !== "lexical_declaration" && declaration?.kind() !== "variable_declaration")
      continue;
    for (const declarator of declaration.children())
      // A table is made by a call (`pgTable(...)`, `schema.table(...)`); a function (`const rollback = async () =>`)
      // is not one, and its name is often reused for a local value.
      if (
        declarator.kind() === "variable_declarator" &&
        declarator.field("value")?.kind() === "call_expression"
      )
        topLevel.add(declarator.field("name")?.text() ?? "");
  }
  return { ...moduleBindings(tree, [...new Set(sources)]), topLevel };
}

/**
 * Whether an operand after the first names a table rather than a value: `eq(posts.authorId, users.id)` compares two
 * columns, `eq(slack.slackId, input.slackId)` a column with a request's field. Tables are imported, declared at the
 * file's top level, reached through a namespace, or a relational query's callback parameter.
 */
function namesTableBinding(object: SgNode, names: TableNames, call: SgNode): boolean {
  if (object.kind() === "member_expression") return true;
  const name = object.text();
  return names.named.has(name) || names.topLevel.has(name) || relationalTable(name, call) !== null;
}

/** The table a Drizzle column operand's object names: an identifier resolved through its import, or `schema.users`. */
function tableOf(object: SgNode, names: TableNames): string | null {
  if (object.kind() === "identifier") return names.named.get(object.text()) ?? object.text();
  if (object.kind() !== "member_expression") return null;
  const namespace = object.field("object");
  const property = object.field("property");
  return namespace?.kind() === "identifier" && names.namespaces.has(namespace.text()) && property
    ? property.text()
    : null;
}

/** `t.authorId` operands of a drizzle operator call: the table (as written and as resolved) and the column. */
function operands(
  call: SgNode,
  names: TableNames,
): Array<{ object: string; table: string; column: string; node: SgNode }> {
  const callee = call.field("function");
  if (callee?.kind() !== "identifier" || !DRIZZLE_OPERATORS.test(callee.text())) return [];
  const args = (call.field("arguments")?.children() ?? []).filter(
    (c) => c.isNamed() && c.kind() !== "comment",
  );
  return args.flatMap((arg, index) => {
    if (arg.kind() !== "member_expression") return [];
    const object = arg.field("object");
    const column = arg.field("property")?.text();
    // The first argument is the column compared; a later one only when it, too, is a table's column.
    if (!object || (index > 0 && !namesTableBinding(object, names, call))) return [];
    const table = tableOf(object, names);
    return object && table && column ? [{ object: object.text(), table, column, node: arg }] : [];
  });
}

/** Columns the operators beside this one in the same `and(...)` compare, by table identifier. */
function andSiblings(call: SgNode, names: TableNames): Array<{ object: string; column: string }> {
  const args = call.parent();
  const holder = args?.kind() === "arguments" ? args.parent() : null;
  if (holder?.field("function")?.text() !== "and") return [];
  return (args?.children() ?? [])
    .filter((child) => child.kind() === "call_expression" && child.id() !== call.id())
    .flatMap((child) => operands(child, names));
}

const JOIN_METHODS = /^(innerJoin|leftJoin|rightJoin|fullJoin|crossJoin)$/;

/**
 * The join a condition is the `on` clause of (`.innerJoin(b, eq(a.x, b.id))`), with the table it looks rows up in
 * (`b`): only that side's columns are searched per row, the other side's values come from rows already read. Null
 * when the condition is not a join's.
 */
function joinOf(condition: SgNode, names: TableNames): { table: string | null; call: SgNode } | null {
  let node: SgNode = condition;
  for (;;) {
    const args = node.parent();
    if (args?.kind() !== "arguments") return null;
    const call = args.parent();
    const callee = call?.field("function");
    if (!call || !callee) return null;
    if (callee.kind() === "member_expression" && JOIN_METHODS.test(callee.field("property")?.text() ?? "")) {
      const [joined, on] = args.children().filter((c) => c.isNamed() && c.kind() !== "comment");
      if (!joined || on?.id() !== node.id()) return null;
      return { table: tableOf(joined, names), call };
    }
    // Inside `and(...)` / `or(...)`: keep climbing to the join.
    if (callee.kind() !== "identifier" || !/^(and|or)$/.test(callee.text())) return null;
    node = call;
  }
}

/** Whether the operator sits, through `and(...)`s only, directly in `holder`. */
function onlyAndsUpTo(operator: SgNode, holder: SgNode): boolean {
  let node: SgNode | null = operator.parent();
  while (node && node.id() !== holder.id()) {
    if (node.kind() === "call_expression" && node.field("function")?.text() !== "and") return false;
    node = node.parent();
  }
  return node !== null;
}

/**
 * Columns of `table` the `.where(...)` of the same query chain as this join compares (through `and`s): a probe side
 * filtered on its own indexed column is read through that index, not looked up by the join's key.
 */
function chainWhereColumns(join: SgNode, table: string, names: TableNames): string[] {
  let top = join;
  for (;;) {
    const member = top.parent();
    const call = member?.kind() === "member_expression" ? member.parent() : null;
    if (call?.kind() !== "call_expression") break;
    top = call;
  }
  const out: string[] = [];
  for (let at: SgNode | null = top; at?.kind() === "call_expression";) {
    const callee: SgNode | null = at.field("function");
    if (callee?.kind() !== "member_expression") break;
    if (callee.field("property")?.text() === "where") {
      const condition = at
        .field("arguments")
        ?.children()
        .find((c) => c.isNamed());
      for (const operator of condition?.findAll({ rule: { kind: "call_expression" } }) ?? [])
        if (onlyAndsUpTo(operator, condition!))
          out.push(
            ...operands(operator, names)
              .filter((o) => o.table === table)
              .map((o) => o.column),
          );
      if (condition?.kind() === "call_expression")
        out.push(
          ...operands(condition, names)
            .filter((o) => o.table === table)
            .map((o) => o.column),
        );
    }
    at = callee.field("object");
  }
  return out;
}

/**
 * Whether the operator is a branch of an `or(...)` whose other branches compare another table's columns: no index
 * of this column can drive such a condition, the rows come from the other table's side.
 */
function orAcrossTables(call: SgNode, table: string, names: TableNames): boolean {
  const args = call.parent();
  const holder = args?.kind() === "arguments" ? args.parent() : null;
  if (holder?.field("function")?.text() !== "or") return false;
  return holder
    .findAll({ rule: { kind: "call_expression" } })
    .some((other) => operands(other, names).some((o) => o.table !== table));
}

function drizzleUses(tree: SgNode, path: string): OrmColumnUse[] {
  const out: OrmColumnUse[] = [];
  const names = tableNames(tree);
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    const found = operands(call, names);
    if (found.length === 0) continue;
    const siblings = andSiblings(call, names);
    const join = joinOf(call, names);
    for (const { object, table: named, column, node } of found) {
      const table = relationalTable(object, call) ?? named;
      // A join's driving side is read already; only the joined table is searched by the condition.
      if (join !== null && join.table !== null && table !== join.table) continue;
      if (orAcrossTables(call, table, names)) continue;
      const beside = [
        ...siblings.filter((s) => s.object === object).map((s) => s.column),
        ...(join !== null && join.table === table ? chainWhereColumns(join.call, table, names) : []),
      ].filter((c) => c !== column);
      out.push({
        orm: "drizzle",
        table,
        column,
        kind: "filter",
        ...(beside.length > 0 ? { siblings: beside } : {}),
        path,
        line: lineOf(node),
      });
    }
  }
  return out;
}

/**
 * Relations a Drizzle relational query loads (`db.query.users.findMany({ with: { posts: true } })`): each a load of
 * the children by their foreign key, named by the relation (nested `with`s through the relations above them).
 */
function relationalLoads(tree: SgNode, path: string): OrmColumnUse[] {
  const out: OrmColumnUse[] = [];
  const walk = (table: string, through: string[], options: SgNode | undefined): void => {
    const loads = options?.kind() === "object" ? objectProperties(options).get("with") : undefined;
    if (loads?.kind() !== "object") return;
    for (const [name, value] of objectProperties(loads)) {
      if (value.kind() === "false") continue;
      out.push({
        orm: "drizzle",
        table,
        column: name,
        kind: "load",
        ...(through.length > 0 ? { through } : {}),
        path,
        line: lineOf(value),
      });
      walk(table, [...through, name], value);
    }
  };
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    const callee = call.field("function");
    if (
      callee?.kind() !== "member_expression" ||
      !/^find(Many|First)$/.test(callee.field("property")?.text() ?? "")
    )
      continue;
    const accessor = callee.field("object");
    if (
      accessor?.kind() !== "member_expression" ||
      !/(?:^|\.)query$/.test(accessor.field("object")?.text() ?? "")
    )
      continue;
    const table = accessor.field("property")?.text();
    const options = call
      .field("arguments")
      ?.children()
      .find((c) => c.isNamed() && c.kind() !== "comment");
    if (table) walk(table, [], options);
  }
  return out;
}

function typeormUses(tree: SgNode, path: string): OrmColumnUse[] {
  const out: OrmColumnUse[] = [];
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    const callee = call.field("function");
    if (callee?.kind() !== "member_expression") continue;
    const method = callee.field("property")?.text() ?? "";
    const args =
      call
        .field("arguments")
        ?.children()
        .filter((c) => c.isNamed() && c.kind() !== "comment") ?? [];
    if (QUERY_BUILDER_METHODS.test(method)) {
      const text = stringValue(args[0]) ?? "";
      const join = /Join/.test(method);
      for (const match of text.matchAll(/\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b/g))
        out.push({
          orm: "typeorm",
          table: (match[1] ?? "").toLowerCase(),
          column: match[2] ?? "",
          kind: join ? "load" : "filter",
          path,
          line: lineOf(call),
        });
      continue;
    }
    if (!TYPEORM_METHODS.test(method)) continue;
    const receiver = callee.field("object")?.text() ?? "";
    if (!TYPEORM_RECEIVER.test(receiver)) continue;
    // `manager.find(Post, { where })`: the entity class comes first.
    const entityArg = /(manager|Manager|dataSource|DataSource)$/.test(receiver) ? args.shift() : undefined;
    const table =
      entityArg?.kind() === "identifier" ? entityArg.text().toLowerCase() : entityOfReceiver(receiver);
    const first = args[0];
    const uses: Array<{ key: string; line: number; kind: "filter" | "load"; siblings?: string[] }> = [];
    if (WHERE_FIRST.test(method))
      uses.push(...whereKeys(first).map((u) => ({ ...u, kind: "filter" as const })));
    else if (first?.kind() === "object") {
      const options = objectProperties(first);
      uses.push(...whereKeys(options.get("where")).map((u) => ({ ...u, kind: "filter" as const })));
      uses.push(...relationNames(options.get("relations")).map((u) => ({ ...u, kind: "load" as const })));
    }
    for (const use of uses)
      if (use.key)
        out.push({
          orm: "typeorm",
          table,
          column: use.key,
          kind: use.kind,
          ...(use.siblings ? { siblings: use.siblings } : {}),
          path,
          line: use.line,
        });
  }
  return out;
}

/** The column uses of one file (Drizzle when it imports drizzle-orm, TypeORM when it names TypeORM's APIs). */
export function columnUses(tree: SgNode, text: string, path: string): OrmColumnUse[] {
  return [
    ...(/drizzle-orm/.test(text) ? drizzleUses(tree, path) : []),
    ...(/\.query\.\w+\s*\.\s*find(Many|First)\b/.test(text) ? relationalLoads(tree, path) : []),
    ...(/typeorm|[Rr]epository|createQueryBuilder/.test(text) ? typeormUses(tree, path) : []),
  ];
}
