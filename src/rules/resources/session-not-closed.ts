// python/session-not-closed: a SQLAlchemy session opened into a local variable and never closed in that function.
import type { SgNode } from "@ast-grep/napi";
import {
  calleeOf,
  commandLineLibrary,
  enclosingFunction,
  importMap,
  isMigrationPath,
} from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";
import { thirdPartyNotice } from "../../repo/path-kind.js";

const SESSION_CLASSES = new Set([
  "sqlalchemy.orm.Session",
  "sqlalchemy.ext.asyncio.AsyncSession",
  "sqlmodel.Session",
]);
const FACTORY_NAME =
  /^(Async)?Session(Local|Factory|Maker)?$|^(async_)?session_?(local|factory|maker)$|^(Async)?SessionLocal$/;
// Libraries whose `Session` is not a database session (HTTP, cloud SDK, ML runtimes).
const OTHER_SESSIONS =
  /^(requests|niquests|boto3|botocore|aioboto3|aiohttp|httpx|tensorflow|onnxruntime|keras|curl_cffi)\./;
const FACTORIES = new Set([
  "sqlalchemy.orm.sessionmaker",
  "sqlalchemy.ext.asyncio.async_sessionmaker",
  "sqlalchemy.orm.scoped_session",
]);

export default defineRule({
  id: "python/session-not-closed",
  area: "resources",
  severity: "medium",
  title: "Database session opened and not closed",
  effortMinutes: 15,
  confidence: "heuristic",
  languages: ["python"],
  prefilter: /Session|session/,
  notes: [
    "A session is `x = Session(...)`/`AsyncSession(...)` from SQLAlchemy/SQLModel, or a call of a name bound to sessionmaker()/async_sessionmaker() in the file or named like a session factory (SessionLocal, async_session_maker …), assigned to a local variable.",
    "Lowered to low in command-line commands (`@click.command()`, `@cli.command()`, typer's `@app.command()`: the process ends after one run and the connection with it), in a bundled copy of another project's code (its header carries an RCS `$Id` line or a library licence such as Python's or zlib's), in migration files and for a session bound to a connection the caller owns (`Session(bind=connection)` in an event listener): the session rides on that connection, which its owner returns to the pool. Not reported when the function closes it (`x.close()`), uses it in `with`/`async with`, hands it to contextlib.closing, returns it, stores it on an object, or binds a name it declares `global`/`nonlocal` (the module's long-lived session); `sessionmaker()` itself, also re-exported by the project's database module, is the factory, not a session; a `yield x` without close (a FastAPI dependency with no `finally: close()`) is reported.",
  ],
  docs: {
    rationale:
      "A session holds a pooled connection (and often an open transaction) until it is closed; nothing closes it when the function forgets to.",
    impact:
      "The connection pool runs dry under load (QueuePool limit reached, requests time out) and idle-in-transaction connections hold locks.",
    fix: "Open sessions with `with SessionLocal() as db:` or close them in `finally:`; in FastAPI dependencies, `yield` inside try/finally.",
    example: {
      language: "python",
      bad: "def get_db():\n    db = SessionLocal()\n    yield db",
      good: "def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n        db.close()",
    },
  },
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    const copied = thirdPartyNotice(text);
    const imports = importMap(tree);
    const factories = new Set<string>();
    for (const assignment of tree.findAll({ rule: { kind: "assignment" } })) {
      const right = assignment.field("right");
      if (right?.kind() === "call" && FACTORIES.has(calleeOf(right, imports)?.qualified ?? ""))
        factories.add(assignment.field("left")?.text() ?? "");
    }
    for (const assignment of tree.findAll({ rule: { kind: "assignment" } })) {
      const left = assignment.field("left");
      const right = assignment.field("right");
      if (left?.kind() !== "identifier" || right?.kind() !== "call") continue;
      const callee = calleeOf(right, imports);
      if (!callee || callee.receiver || FACTORIES.has(callee.qualified)) continue;
      // `sessionmaker` re-exported by the project's own database module is still the factory, not a session.
      if (SESSIONMAKER.test(callee.written.split(".").pop() ?? "")) continue;
      const isSession =
        SESSION_CLASSES.has(callee.qualified) ||
        factories.has(callee.written) ||
        (FACTORY_NAME.test(callee.written) && !OTHER_SESSIONS.test(imports.get(callee.written) ?? ""));
      if (!isSession) continue;
      const fn = enclosingFunction(assignment);
      if (!fn) continue;
      const name = left.text();
      // `global session` / `nonlocal`: the module's long-lived session, opened here on purpose.
      if (declaresOuter(fn, name) || isReleased(fn, name, assignment)) continue;
      const command = commandLineLibrary(fn, imports);
      report({
        node: assignment,
        message: `session \`${name}\` from ${callee.written}() is never closed in ${fn.field("name")?.text() ?? "this function"}()${copied ? ` (low: a bundled copy of another project's code, its header carries ${copied})` : command ? ` (low: a ${command} command, whose process ends after one run)` : ""}`,
        key: `session-not-closed:${fn.field("name")?.text() ?? ""}:${name}`,
        severity: copied || command || isMigrationPath(path) || boundToConnection(right) ? "low" : undefined,
      });
    }
  },
});

const SESSIONMAKER = /^(async_)?sessionmaker$/;

/** Whether the function declares the name `global` or `nonlocal`. */
function declaresOuter(fn: SgNode, name: string): boolean {
  return [
    ...fn.findAll({ rule: { kind: "global_statement" } }),
    ...fn.findAll({ rule: { kind: "nonlocal_statement" } }),
  ].some((statement) =>
    statement.children().some((child) => child.kind() === "identifier" && child.text() === name),
  );
}

function isReleased(fn: SgNode, name: string, after: SgNode): boolean {
  const start = after.range().end.index;
  const uses = (kind: string): SgNode[] =>
    fn.findAll({ rule: { kind } }).filter((n) => n.range().start.index >= start);
  const mentions = (node: SgNode | null): boolean =>
    node !== null && new RegExp(`(^|[^\\w.])${name}\\b`).test(node.text());
  for (const call of uses("call")) {
    const fnText = call.field("function")?.text() ?? "";
    if (fnText === `${name}.close` || fnText === `${name}.__exit__` || fnText === `${name}.__aexit__`)
      return true;
    if (
      /(^|\.)(closing|aclosing|callback|push|enter_context|enter_async_context)$/.test(fnText) &&
      mentions(call.field("arguments"))
    )
      return true;
  }
  for (const item of uses("with_item")) if (mentions(item)) return true;
  for (const ret of uses("return_statement")) {
    const value = ret.children().find((c) => c.isNamed());
    if (
      value &&
      (value.text() === name || (value.kind() === "tuple" && value.children().some((c) => c.text() === name)))
    )
      return true;
  }
  for (const assignment of uses("assignment")) {
    const left = assignment.field("left");
    if (
      left?.kind() !== "identifier" &&
      mentions(assignment.field("right")) &&
      assignment.field("right")?.text() === name
    )
      return true;
  }
  // Passed to a constructor or stored in a collection: ownership moves on.
  for (const call of uses("call")) {
    const args =
      call
        .field("arguments")
        ?.children()
        .filter((c) => c.isNamed()) ?? [];
    const fnText = call.field("function")?.text() ?? "";
    if (
      /^[A-Z]\w*$/.test(fnText.split(".").pop() ?? "") &&
      args.some((a) => a.text() === name || a.field("value")?.text() === name)
    )
      return true;
    if (/\.(append|add|put|setdefault)$/.test(fnText) && args.some((a) => a.text() === name)) return true;
  }
  return false;
}

/** `Session(bind=connection)`: a session on a connection the caller owns (an event listener's, a migration's). */
function boundToConnection(call: SgNode): boolean {
  const bind = call
    .field("arguments")
    ?.children()
    .find((arg) => arg.kind() === "keyword_argument" && arg.field("name")?.text() === "bind");
  return bind !== undefined && /(^|\.|_)(connection|conn)$/.test(bind.field("value")?.text() ?? "");
}
