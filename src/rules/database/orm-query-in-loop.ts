// node/orm-query-in-loop: a Prisma, Drizzle, TypeORM or Kysely read awaited once per element of a list (N+1).
import type { SgNode } from "@ast-grep/napi";
import { NODE_LANGUAGES } from "../../facts/node/imports.js";
import { ormReadOf } from "../../facts/ts-orm/queries.js";
import { defineRule } from "../define-rule.js";
import { runsByHand } from "../shared/runs-by-hand.js";

const ARRAY_CALLBACKS = /^(map|forEach|flatMap|reduce|filter|some|every|find)$/;
const FUNCTION_KINDS = new Set([
  "arrow_function",
  "function_expression",
  "function_declaration",
  "method_definition",
]);
/** Lists walked in batches on purpose: one query per chunk, not per row. */
const BATCHED = /chunk|batch|page/i;

/**
 * Whether the query runs where it stands: awaited, or handed back by a callback whose promises `Promise.all`
 * awaits (`Promise.all(rows.map((r) => db.query...))`). Builders only run when awaited, so a returned builder
 * elsewhere (a subquery, a `$transaction([...])` batch) is not a query per element.
 */
function executed(call: SgNode, loop: SgNode): boolean {
  const kind = call.parent()?.kind();
  if (kind === "await_expression") return true;
  if (kind !== "return_statement" && kind !== "arrow_function") return false;
  const holder = loop.parent()?.kind() === "arguments" ? loop.parent()?.parent() : null;
  return /^Promise\.(all|allSettled)$/.test(holder?.field("function")?.text() ?? "");
}

/** A list whose length the code fixes: an array literal (`for (const role of ["admin", "owner"])`). */
function fixedList(node: SgNode | null): boolean {
  return node?.kind() === "array";
}

/**
 * The loop that runs the call once per element: a `for...of` whose body holds it, or an array method
 * (`rows.map(async (row) => ...)`) whose callback does. Counting loops and `while` are left alone: they page
 * through a table or retry, one query per batch.
 */
function enclosingLoop(call: SgNode): { node: SgNode; list: SgNode | null; label: string } | null {
  let child: SgNode = call;
  for (let at = call.parent(); at; child = at, at = at.parent()) {
    const kind = String(at.kind());
    if (kind === "for_in_statement") {
      const body = at.field("body");
      if (!body || child.id() !== body.id()) return null;
      if (!/^\s*for\s*(await\s*)?\(\s*(const|let|var)?[^;]*?\sof\s/.test(at.text())) return null;
      const list = at.field("right");
      const variable = at.field("left")?.text() ?? "";
      if (fixedList(list) || BATCHED.test(`${list?.text() ?? ""} ${variable}`)) return null;
      return { node: at, list, label: `for (... of ${(list?.text() ?? "").slice(0, 40)})` };
    }
    if (kind === "for_statement" || kind === "while_statement" || kind === "do_statement") return null;
    if (FUNCTION_KINDS.has(kind)) {
      const args = at.parent();
      const loopCall = args?.kind() === "arguments" ? args.parent() : null;
      const callee = loopCall?.field("function");
      if (callee?.kind() !== "member_expression") return null;
      const method = callee.field("property")?.text() ?? "";
      const list = callee.field("object");
      if (!ARRAY_CALLBACKS.test(method) || fixedList(list) || BATCHED.test(list?.text() ?? "")) return null;
      return { node: loopCall!, list, label: `${(list?.text() ?? "").slice(0, 40)}.${method}(...)` };
    }
  }
  return null;
}

/** Whether a node holds a read that returns rows (`await prisma.post.findMany(...)`, `db.select().from(t)`). */
function readsRows(node: SgNode): boolean {
  if (node.kind() === "call_expression" && ormReadOf(node)?.many) return true;
  return node.findAll({ rule: { kind: "call_expression" } }).some((call) => ormReadOf(call)?.many === true);
}

/**
 * Whether the loop walks rows a query returned: its list is such a read, or a name (`posts`, `posts.items`)
 * declared from one in an enclosing function. Other lists (a record's relation, request input) are often short.
 */
/** The query whose rows the loop walks (its list is a read, or a name declared from one), or null. */
function rowsSource(list: SgNode | null, loop: SgNode): SgNode | null {
  if (!list) return null;
  if (readsRows(list)) return list;
  const root = /^[A-Za-z_$][\w$]*/.exec(list.text())?.[0];
  if (!root) return null;
  for (let at = loop.parent(); at; at = at.parent()) {
    if (!FUNCTION_KINDS.has(String(at.kind())) && at.kind() !== "program") continue;
    for (const declarator of at.findAll({ rule: { kind: "variable_declarator" } })) {
      const name = declarator.field("name");
      const value = declarator.field("value");
      if (!name || !value) continue;
      const binds =
        name.kind() === "identifier" ? name.text() === root : new RegExp(`\\b${root}\\b`).test(name.text());
      if (binds && readsRows(value)) return value;
    }
  }
  return null;
}

/** A read capped at a page (`take: n`, `.limit(n)`, `first: n`): the loop runs at most that many times. */
const BOUNDED_READ = /\b(take|first)\s*:|\.limit\s*\(|\blimit\s*:/;
/** A read of one record's children (`where: { parentId: id }`, `eq(t.monitorId, id)`): usually a short list. */
const CHILDREN_OF_ONE = /\b[a-z]\w*(Id|_id|Uid|_uid)\b/;
/** Functions that delete a record and what hangs off it: they run once per deletion, over its few children. */
const DELETION = /^(delete|remove|destroy|purge|cascade)|(Delete|Remove|Destroy|Purge)/;

/** The name of the function around `node`, or "". */
function enclosingFunctionName(node: SgNode): string {
  for (let at = node.parent(); at; at = at.parent()) {
    if (!FUNCTION_KINDS.has(String(at.kind()))) continue;
    const own = at.field("name")?.text();
    if (own) return own;
    const declarator = at.parent();
    if (declarator?.kind() === "variable_declarator") return declarator.field("name")?.text() ?? "";
    if (declarator?.kind() === "pair") return declarator.field("key")?.text() ?? "";
  }
  return "";
}

/** `@Cron(...)`, `@Interval(...)` (@nestjs/schedule): the method is a periodic background job. */
const SCHEDULE_DECORATOR = /^@(Cron|Interval)\s*\(/;

/** Whether the method around `node` is a scheduled job: no request waits on it, it runs once per period. */
function inScheduledJob(node: SgNode): boolean {
  const method = node.ancestors().find((a) => a.kind() === "method_definition");
  if (!method) return false;
  const decorators = [...method.children()];
  // `@Interval('cleanup', DAY) // every 24 hours`: a comment may sit between the decorator and the method.
  for (let at = method.prev(); at && (at.kind() === "decorator" || at.kind() === "comment"); at = at.prev())
    decorators.push(at);
  return decorators.some((d) => d.kind() === "decorator" && SCHEDULE_DECORATOR.test(d.text()));
}

export default defineRule({
  id: "node/orm-query-in-loop",
  area: "database",
  severity: "medium",
  title: "ORM query inside a loop over rows (N+1)",
  languages: NODE_LANGUAGES,
  prefilter:
    /\.(findUnique|findFirst|findMany|findOne\w*|findBy|find|count\w*|aggregate|groupBy|exist\w*|get(One|Many|Raw\w+|Count|Exists)\w*|execute\w*)\s*\(|\.from\s*\(/,
  effortMinutes: 30,
  confidence: "heuristic",
  docs: {
    rationale:
      "A `findUnique`/`findOneBy`/`db.select()...` awaited for each element of a list sends one query per element instead of one query for the list; the list is usually rows read a line earlier.",
    impact:
      "Latency and database load grow with the list size: a page of 500 rows costs 500 round trips, and a `Promise.all` over them opens as many concurrent queries as the pool allows.",
    fix: "Read the related rows in one query for all elements (`where: { id: { in: ids } }`, `inArray(t.id, ids)`, `In(ids)`, `where('id', 'in', ids)`), or load the relation with the first query (`include`, `with`, `relations`, a join), then match them in memory.",
    example: {
      language: "typescript",
      bad: "const posts = await prisma.post.findMany({ where: { published: true } });\nfor (const post of posts) {\n  post.author = await prisma.user.findUnique({ where: { id: post.authorId } });\n}",
      good: "const posts = await prisma.post.findMany({\n  where: { published: true },\n  include: { author: true },\n});",
    },
  },
  notes: [
    "Reads recognised: Prisma Client `<client>.<model>.findUnique/findFirst/findMany/count/aggregate/groupBy`, Drizzle `db.select().from(...)` and `db.query.<table>.findFirst/findMany`, TypeORM repository/manager `findOne*/find*/count*/exist*` and query builders' `getOne/getMany/getRaw*/getCount`, Kysely `selectFrom(...)...execute*()` — when awaited, or returned from a callback whose promises `Promise.all` awaits (builders run only then: a returned subquery or a `$transaction([...])` batch is not reported).",
    "Loops: `for...of` and array callbacks (`map`, `forEach`, `flatMap`, `reduce`, `filter`, `some`, `every`, `find`), `Promise.all(rows.map(...))` included. Not reported: counting and `while` loops (they page through a table one batch per query), lists written in the code (`for (const role of ['admin', 'owner'])`), and lists named as chunks, batches or pages.",
    "Low also when those rows are few by construction: the query is capped (`take:`, `.limit()`), reads one record's children (a `…Id`/`…Uid` condition), or the loop is part of deleting a record (a function named delete/remove/destroy/purge). Low in a scheduled job (a method decorated `@Cron`/`@Interval`): it runs once per period in the background and no request waits on it.",
    "Medium when the loop walks rows a query returned (its list is a `findMany`/`find`/`select().from`/`getMany`/`execute` read, or a name declared from one in an enclosing function); low over other lists (a record's relation, request input, a computed list), which are often short, and low in migrations, seeds, scripts, tools and command-line packages (`admin-cli/`: they run by hand over the rows an operator names); tests are not read.",
  ],
  applies(facts) {
    const tsOrm = facts.tsOrm?.orms.length ?? 0;
    const prisma = facts.prisma?.models.length ?? 0;
    return tsOrm + prisma > 0
      ? true
      : { status: "not-applicable", reason: "no Prisma models and no Drizzle, TypeORM or Kysely tables" };
  },
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const byHand = runsByHand(path);
    for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
      const read = ormReadOf(call);
      if (!read) continue;
      const loop = enclosingLoop(call);
      if (!loop || !executed(call, loop.node)) continue;
      const source = rowsSource(loop.list, loop.node);
      const rows = source !== null;
      // Bounded or short lists: a capped page, one record's children, a deletion's cascade.
      const short =
        source !== null &&
        (BOUNDED_READ.test(source.text()) ||
          CHILDREN_OF_ONE.test(source.text()) ||
          DELETION.test(enclosingFunctionName(loop.node)));
      const scheduled = inScheduledJob(loop.node);
      report({
        node: call,
        message: `\`${read.label}\` runs once per element of \`${loop.label}\` (line ${loop.node.range().start.line + 1})${rows ? ", rows a query returned" : ""}: one query per ${rows ? "row (N+1)" : "element"}; read them in one query for the whole list${scheduled ? " (low: in a scheduled job, which no request waits on)" : ""}`,
        key: `${read.label} in ${loop.label}`,
        severity: byHand || !rows || short || scheduled ? "low" : "medium",
      });
    }
  },
});
