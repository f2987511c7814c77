// go/unclosed-body-or-rows: HTTP response bodies and sql.Rows obtained in a function and never closed there.
import type { SgNode } from "@ast-grep/napi";
import {
  callArguments,
  calleeOf,
  enclosingFunction,
  findKind,
  importMap,
  assignments,
  cliCommandOf,
  isExamplePath,
  lineOf,
} from "../../facts/go/syntax.js";
import { oneOffKind } from "../../facts/one-off-code.js";
import { defineRule } from "../define-rule.js";

const HTTP_PACKAGE_CALLS = ["Get", "Head", "Post", "PostForm"];
/** How many arguments net/http's Client.Get/Head/Post/PostForm take. */
const HTTP_CLIENT_ARITY: Record<string, number> = { Get: 1, Head: 1, Post: 3, PostForm: 2 };
const SQL_CALLS = ["Query", "QueryContext"];
/** ORMs whose `Query` returns the result set already read into memory (xorm: `[]map[string][]byte`), nothing to close. */
const MATERIALISING_ORM = /^(xorm\.io\/xorm|github\.com\/go-xorm\/xorm)(\/|$)/;
/** Packages whose `Query` returns rows that hold a connection until closed. */
const ROWS_PACKAGE = /^(database\/sql|github\.com\/jmoiron\/sqlx|github\.com\/jackc\/pgx(\/v\d+)?)(\/|$)/;

export default defineRule({
  id: "go/unclosed-body-or-rows",
  area: "resources",
  severity: "high",
  title: "HTTP response body or sql.Rows not closed",
  effortMinutes: 10,
  confidence: "heuristic",
  languages: ["go"],
  prefilter: /\b(Do|Get|Head|Post|PostForm|Query|QueryContext)\(/,
  notes: [
    "Responses: `resp, err :=` from http.Get/Head/Post/PostForm, `<x>.Do(req)`, or Get/Head/Post/PostForm on a receiver named like a client (its own names, not the arguments of calls in it) with net/http's arguments (a typed API client's `Get(ctx, name, opts)` returns an object, not a response; an address, xorm's `Where(\"client_id=?\", id).Get(&app)`, is a record to fill). Rows: `rows, err :=` from `<x>.Query`/`QueryContext`.",
    "Low in examples, scripts, programs under tools/ (`package main`) and the packaging and CI folders at the root (`build/`, `ci/`, `.dagger/`): run by hand or by a pipeline, the leak ends with the run.",
    "Silent when the function closes it anywhere (`resp.Body.Close`, `rows.Close`), returns it, stores it, or passes it to another function (ownership moves).",
    "Low in command-line commands other than a server (a function taking `*cobra.Command` (named or not), a helper of the file called only from such commands, a method of a go-flags `XCommand` type, `main` of a one-shot program working on its arguments that serves, listens, loops and waits on nothing): the process ends with the run; low in migrations, which run once.",
    "A response body is medium when the request is made once per call (the HTTP client opens new connections while one is held, so the leak grows memory and sockets slowly) and high inside a loop; unclosed rows are high (a database pool is small and blocks when its connections are held).",
    "Not a resource: a result on which the function calls a method net/http's Response or the rows of database/sql, sqlx and pgx do not have (resty's `resp.String()` or `resp.Body()`, go-pg's `res.RowsAffected()`), or a `Query` given an address where the query goes (`db.Query(&users, q)`: go-pg fills the model).",
    "Not a resource: a result the function indexes (`res[0]`) or ranges over is a slice or map (xorm's `Query` returns `[]map[string][]byte`); `Do(x)` is an HTTP call only when x can be a request: not a function (a scheduler's `Every(d).Do(func() {…})`), a literal or a context (`Search().Do(ctx)` of typed API clients).",
    "Not rows: `Query` in a file that imports xorm (xorm.io/xorm or a subpackage) and none of database/sql, sqlx or pgx: xorm's Query returns the results already read.",
    "Rows iterated by `for rows.Next()` are closed when the loop runs to the end: silent when nothing exits the loop early, medium when a return, break or goto inside it does (only that path leaks).",
  ],
  docs: {
    rationale:
      "An unclosed response body keeps its connection out of the pool; unclosed sql.Rows keep their database connection busy.",
    impact: "Connections leak until the client or the database pool is exhausted and requests hang or fail.",
    fix: "Check the error, then `defer resp.Body.Close()` / `defer rows.Close()` and check rows.Err() after the loop.",
    example: {
      language: "go",
      bad: "resp, err := client.Do(req)\nif err != nil { return err }\nreturn json.NewDecoder(resp.Body).Decode(&out)",
      good: "resp, err := client.Do(req)\nif err != nil { return err }\ndefer resp.Body.Close()\nreturn json.NewDecoder(resp.Body).Decode(&out)",
    },
  },
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    // A file that works with xorm and none of the packages whose rows need closing: its `x.Query(...)` is xorm's
    // (vikunja's dump.go: `_, err := x.Query("DELETE …")` on an *xorm.Engine declared in another file).
    const importPaths = [...imports.values()];
    const xormQueries =
      importPaths.some((p) => MATERIALISING_ORM.test(p)) && !importPaths.some((p) => ROWS_PACKAGE.test(p));
    for (const { statement, left, right } of assignments(tree)) {
      if (
        left.length !== 2 ||
        right.length !== 1 ||
        right[0]?.kind() !== "call_expression" ||
        !/^(err|_|\w*Err)$/.test(left[1]?.text() ?? "")
      )
        continue;
      const call = right[0];
      const kind = resourceKind(call, imports);
      if (!kind || (kind === "rows" && xormQueries)) continue;
      const name = left[0]?.text() ?? "";
      if (left[0]?.kind() !== "identifier") continue;
      const fn = enclosingFunction(statement);
      if (!fn) continue;
      if (name !== "_" && handled(fn, name, kind, statement)) continue;
      // Indexed or ranged over, the result is a slice or a map (xorm's `Query` returns `[]map[string][]byte`, read
      // already); neither *sql.Rows nor *http.Response can be.
      if (name !== "_" && usedAsCollection(fn, name, statement)) continue;
      // A method net/http's Response or a driver's rows do not have (resty's `resp.String()`, `resp.Body()`; go-pg's
      // `res.RowsAffected()`): the value is another library's result, already read.
      if (name !== "_" && foreignMethod(fn, name, kind, statement)) continue;
      // `for rows.Next()` closes the rows when it returns false: only an early exit from the loop leaves them open.
      const iterated = kind === "rows" ? nextLoopExits(fn, name) : null;
      if (iterated && iterated.length === 0) continue;
      const what = kind === "body" ? `${name}.Body` : name;
      const command = cliCommandOf(statement);
      const migration = oneOffKind(path) === "migration";
      const byHand = !migration && isExamplePath(path, text);
      const leak = iterated
        ? ` is closed only when \`for ${name}.Next()\` runs to the end; the exit${iterated.length > 1 ? "s" : ""} at line${iterated.length > 1 ? "s" : ""} ${iterated.join(", ")} leave${iterated.length > 1 ? "" : "s"} it open (defer ${name}.Close())`
        : ` is never closed in this function (defer ${kind === "body" ? `${name}.Body.Close()` : `${name}.Close()`})`;
      // An HTTP client opens another connection when one is held (net/http sets no per-host limit by default):
      // one leaked body per call grows memory and sockets slowly. In a loop it leaks per iteration; a database
      // pool, though, is small and blocks when its connections are held.
      const oncePerCall = kind === "body" && !insideLoop(statement, fn);
      report({
        node: statement,
        message: `${what} from ${calleeOf(call)?.name ?? "call"}${leak}${command ? `; in the command-line command ${command}, the leak ends with the run` : migration ? "; in a migration, which runs once" : byHand ? "; in an example or a tool run by hand, the leak ends with the run" : oncePerCall ? "; one connection per call stays open (the HTTP client opens new ones, so this grows slowly rather than blocking)" : ""}`,
        key: `unclosed-${kind}:${name}`,
        severity: command || migration || byHand ? "low" : iterated || oncePerCall ? "medium" : undefined,
      });
    }
  },
});

/** Whether the statement sits in a loop of its function (a function literal in between starts a new scope). */
function insideLoop(statement: SgNode, fn: SgNode): boolean {
  for (
    let up = statement.parent();
    up && up.range().start.index >= fn.range().start.index;
    up = up.parent()
  ) {
    if (up.kind() === "for_statement") return true;
    if (up.kind() === "func_literal" || up === fn) return false;
  }
  return false;
}

function resourceKind(call: SgNode, imports: Map<string, string>): "body" | "rows" | null {
  const callee = calleeOf(call);
  if (!callee?.receiverNode) return null;
  const receiverImport =
    callee.receiverNode.kind() === "identifier" ? imports.get(callee.receiver ?? "") : undefined;
  if (receiverImport === "net/http") return HTTP_PACKAGE_CALLS.includes(callee.name) ? "body" : null;
  if (receiverImport !== undefined) return null;
  if (callee.name === "Do" && callArguments(call).length === 1)
    return requestArgument(callArguments(call)[0]) ? "body" : null;
  // net/http's Client methods take (url), (url, data) or (url, contentType, body); client-go's `Get(ctx, name, opts)`
  // and other typed clients return decoded objects, not responses.
  if (
    HTTP_PACKAGE_CALLS.includes(callee.name) &&
    // The receiver's own names, not its calls' arguments (`engine.Where("client_id=?", id).Get(&app)`).
    /client/i.test(withoutArguments(callee.receiver ?? "")) &&
    // An address is where an ORM fills a record (xorm's `Get(&app)` returns (bool, error)), never net/http's URL.
    !callArguments(call).some((argument) => argument.text().startsWith("&")) &&
    // resty's request builder (`client.R().SetHeader(…).Get(url)`) returns a response it has read already.
    !/\.R\(\)/.test(callee.receiver ?? "") &&
    callArguments(call).length === HTTP_CLIENT_ARITY[callee.name]
  )
    return "body";
  if (SQL_CALLS.includes(callee.name) && callArguments(call).length >= 1) {
    // database/sql, sqlx and pgx take the query (after a context) there; an address (`db.Query(&users, q)`) is an
    // ORM's destination model (go-pg), filled with the results already read.
    const destination = callArguments(call)[callee.name === "QueryContext" ? 1 : 0];
    return destination?.kind() === "unary_expression" && destination.text().startsWith("&") ? null : "rows";
  }
  return null;
}

/** A callee's receiver text with the arguments of its calls dropped: `a.Where("client_id=?", id)` → `a.Where()`. */
function withoutArguments(receiver: string): string {
  let out = receiver;
  for (let before = ""; before !== out;) {
    before = out;
    out = out.replace(/\([^()]*\)/g, "()");
    out = out.replace(/\(\)\)/g, ")");
  }
  return out.replace(/"[^"]*"|`[^`]*`/g, "");
}

/**
 * Whether the one argument of a `Do` call can be net/http's *http.Request: not a function (a job scheduler's
 * `Every(d).Do(func() {...})`), not a literal, not a context (`Search().Do(ctx)` of typed API clients, which return
 * decoded results).
 */
function requestArgument(argument: SgNode | undefined): boolean {
  if (!argument) return false;
  const kind = String(argument.kind());
  if (
    /^(func_literal|composite_literal|interpreted_string_literal|raw_string_literal|int_literal|float_literal|true|false|nil)$/.test(
      kind,
    )
  )
    return false;
  const text = argument.text().replace(/\s+/g, "");
  if (/^(ctx|context)$/i.test(text) || /^context\.\w+\(/.test(text) || /\.Context\(\)$/.test(text))
    return false;
  return true;
}

/** Methods of net/http's *Response, and of the rows of database/sql, sqlx and pgx. */
const RESOURCE_METHODS: Record<"body" | "rows", ReadonlySet<string>> = {
  body: new Set(["Cookies", "Location", "ProtoAtLeast", "Write"]),
  rows: new Set([
    "Next",
    "NextResultSet",
    "Scan",
    "Close",
    "Err",
    "Columns",
    "ColumnTypes",
    "Values",
    "RawValues",
    "FieldDescriptions",
    "CommandTag",
    "Conn",
    "StructScan",
    "MapScan",
    "SliceScan",
  ]),
};

/** Whether the function calls a method on the variable that the resource type does not have. */
function foreignMethod(fn: SgNode, name: string, kind: "body" | "rows", declaration: SgNode): boolean {
  for (const call of findKind(fn, "call_expression")) {
    if (call.range().start.index < declaration.range().end.index) continue;
    const callee = call.field("function");
    if (callee?.kind() !== "selector_expression") continue;
    const operand = callee.field("operand");
    if (operand?.kind() !== "identifier" || operand.text() !== name) continue;
    const method = callee.field("field")?.text() ?? "";
    if (!RESOURCE_METHODS[kind].has(method)) return true;
  }
  return false;
}

/** Whether the function indexes the variable (`name[0]`) or ranges over it: a slice or map, not a resource. */
function usedAsCollection(fn: SgNode, name: string, declaration: SgNode): boolean {
  for (const id of findKind(fn, "identifier")) {
    if (id.text() !== name || id.range().start.index < declaration.range().end.index) continue;
    const parent = id.parent();
    if (!parent) continue;
    if (
      parent.kind() === "index_expression" &&
      parent.field("operand")?.range().start.index === id.range().start.index
    )
      return true;
    if (
      parent.kind() === "range_clause" &&
      parent.field("right")?.range().start.index === id.range().start.index
    )
      return true;
  }
  return false;
}

/**
 * Lines of the early exits (return, break, goto) inside a `for <rows>.Next()` loop of the function, or null when the
 * function has no such loop. An empty list means the loop always runs to the end, which closes the rows.
 */
function nextLoopExits(fn: SgNode, name: string): number[] | null {
  const loop = findKind(fn, "for_statement").find((candidate) =>
    candidate.children().some((child) => child.text().replace(/\s+/g, "") === `${name}.Next()`),
  );
  if (!loop) return null;
  const body = loop.children().find((child) => child.kind() === "block");
  if (!body) return null;
  // A function literal inside the loop returns from itself, not from the loop.
  const inClosure = (node: SgNode): boolean => {
    for (let up = node.parent(); up && up !== body; up = up.parent())
      if (up.kind() === "func_literal") return true;
    return false;
  };
  // An unlabelled break inside a nested loop, switch or select leaves that statement, not the rows loop.
  const innerBreak = (node: SgNode): boolean => {
    if (node.kind() !== "break_statement" || node.children().some((child) => child.kind() === "label_name"))
      return false;
    for (let up = node.parent(); up && up !== body; up = up.parent())
      if (
        /^(for_statement|expression_switch_statement|type_switch_statement|select_statement)$/.test(
          String(up.kind()),
        )
      )
        return true;
    return false;
  };
  return ["return_statement", "break_statement", "goto_statement"]
    .flatMap((kind) => findKind(body, kind))
    .filter((exit) => !inClosure(exit) && !innerBreak(exit))
    .map((exit) => lineOf(exit))
    .sort((a, b) => a - b);
}

/** Whether the function closes the resource or hands it on (returned, stored, passed to a call). */
function handled(fn: SgNode, name: string, kind: "body" | "rows", declaration: SgNode): boolean {
  for (const selector of findKind(fn, "selector_expression")) {
    const text = selector.text().replace(/\s+/g, "");
    if (kind === "body" && text === `${name}.Body.Close`) return true;
    if (kind === "rows" && text === `${name}.Close`) return true;
  }
  for (const id of findKind(fn, "identifier")) {
    if (id.text() !== name) continue;
    const parent = id.parent();
    if (!parent || parent.range().start.index === declaration.range().start.index) continue;
    const kindOf = parent.kind();
    if (
      kindOf === "argument_list" ||
      (kindOf === "expression_list" && parent.parent()?.kind() === "return_statement")
    )
      return true;
    if (kindOf === "keyed_element" || kindOf === "literal_element" || kindOf === "literal_value") return true;
    if (
      kindOf === "expression_list" &&
      parent.parent()?.kind() === "assignment_statement" &&
      parent.parent()?.field("right")?.range().start.index === parent.range().start.index
    )
      return true;
    if (kindOf === "send_statement") return true;
  }
  // resp.Body handed to a function that closes it (`defer drain(resp.Body)`) or returned as a reader.
  if (kind === "body") {
    for (const selector of findKind(fn, "selector_expression")) {
      if (selector.text() !== `${name}.Body`) continue;
      const parentKind = selector.parent()?.kind();
      if (parentKind === "expression_list" && selector.parent()?.parent()?.kind() === "return_statement")
        return true;
      if (
        parentKind === "argument_list" &&
        selector.parent()?.parent()?.parent()?.kind() === "defer_statement"
      )
        return true;
      if (parentKind === "keyed_element" || parentKind === "literal_element") return true;
    }
  }
  return false;
}
