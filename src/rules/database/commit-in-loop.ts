// python/commit-in-loop: session/connection commit() called on every iteration of a loop.
import type { SgNode } from "@ast-grep/napi";
import {
  enclosingLoop,
  findKind,
  importedModules,
  importMap,
  isAuxiliaryPath,
  isMigrationPath,
  isWithin,
} from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

const RECEIVER =
  /^(db|session|sess|s|conn|connection|con|cnx|cursor|cur|uow|tx|transaction)$|session$|_db$|conn$/i;
const DB_MODULES = new Set([
  "sqlalchemy",
  "sqlmodel",
  "sqlite3",
  "psycopg2",
  "psycopg",
  "pymysql",
  "MySQLdb",
  "mysql",
  "asyncpg",
  "django",
  "databases",
  "peewee",
  "pymssql",
  "cx_Oracle",
  "oracledb",
  "aiosqlite",
  "flask_sqlalchemy",
  "tortoise",
]);

export default defineRule({
  id: "python/commit-in-loop",
  area: "database",
  severity: "medium",
  title: "commit() inside a loop",
  effortMinutes: 20,
  confidence: "heuristic",
  languages: ["python"],
  prefilter: /\.commit\(\s*\)/,
  notes: [
    "`x.commit()` where x is named like a session or connection (db, session, conn, cursor …) in a file that imports a database library, inside the body of a for/while loop or comprehension of the same function.",
    "Lowered to low in examples/, scripts/, tools/ and docs/ folders and in migration files (one-off batch jobs), and when the commit sits in an `except` handler inside the loop: it runs only for the iterations that fail (recording a failure so the next iteration starts clean).",
    "Low when the commit is each item's own unit of work: inside a `try` whose handler moves on to the next item without re-raising (one bad item must not undo the others), or when the iteration does work outside the database before committing (an HTTP or plugin call, a file move, a helper flow): committing per item keeps the database in step with effects that cannot be rolled back and saves progress. Low too when the loop walks the children of one record (`for role in user.roles`), a handful of rows.",
    "Silent when the commit runs under a batch condition (`if i % batch_size == 0`): that is the batched commit the fix asks for.",
  ],
  docs: {
    rationale:
      "Committing per row turns one transaction into N: each commit is a round trip and a durable flush, and a failure half-way leaves part of the batch written.",
    impact:
      "Bulk operations run orders of magnitude slower and partial writes leave inconsistent data after an error.",
    fix: "Commit once after the loop (or per fixed-size batch), so the batch succeeds or fails as a whole.",
    example: {
      language: "python",
      bad: "for row in rows:\n    db.add(Item(**row))\n    db.commit()",
      good: "for row in rows:\n    db.add(Item(**row))\ndb.commit()",
    },
  },
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const modules = [...importedModules(tree).keys()];
    if (!modules.some((m) => DB_MODULES.has(m)) && !/\b(Session|session_scope|get_db)\b/.test(tree.text()))
      return;
    const severity = isAuxiliaryPath(path) || isMigrationPath(path) ? "low" : undefined;
    // Names imported from a database library (`text`, `select`, `update`) build statements: database work.
    const databaseNames = new Set(
      [...importMap(tree)]
        .filter(([, module]) => DB_MODULES.has(module.split(".")[0] ?? ""))
        .map(([name]) => name),
    );
    for (const call of tree.findAll({ rule: { kind: "call" } })) {
      const fn = call.field("function");
      if (fn?.kind() !== "attribute" || fn.field("attribute")?.text() !== "commit") continue;
      if (
        (call
          .field("arguments")
          ?.children()
          .filter((c) => c.isNamed()).length ?? 0) > 0
      )
        continue;
      const receiver = fn.field("object")?.text() ?? "";
      if (!RECEIVER.test(receiver.split(".").pop() ?? "")) continue;
      const loop = enclosingLoop(call);
      if (!loop) continue;
      if (underBatchCondition(call, loop)) continue;
      const onFailure = inExceptHandlerWithin(call, loop);
      const why = onFailure ? null : perItemReason(call, loop, databaseNames);
      report({
        node: call,
        message:
          `${receiver}.commit() runs on ${onFailure ? "every failing" : "every"} iteration of the loop at line ${loop.range().start.line + 1}` +
          (why ? ` (${why}; per-item commits may be intended, commit per batch if the items are many)` : ""),
        key: `commit-in-loop:${receiver}`,
        related: [{ path, startLine: loop.range().start.line + 1, endLine: loop.range().start.line + 1 }],
        severity: onFailure || why ? "low" : severity,
      });
    }
  },
});

/** Whether the node sits in an `except` clause between it and the loop (an error path, not every iteration). */
function inExceptHandlerWithin(node: SgNode, loop: SgNode): boolean {
  for (let at = node.parent(); at && at.id() !== loop.id(); at = at.parent())
    if (at.kind() === "except_clause") return true;
  return false;
}

/** Whether an `if` between the commit and the loop tests a remainder (`if n % batch == 0`): a batched commit. */
function underBatchCondition(node: SgNode, loop: SgNode): boolean {
  for (let at = node.parent(); at && at.id() !== loop.id(); at = at.parent()) {
    if (at.kind() !== "if_statement") continue;
    const condition = at.field("condition");
    if (
      condition &&
      findKind(condition, "binary_operator").some((op) => op.field("operator")?.text() === "%")
    )
      return true;
  }
  return false;
}

/**
 * Why committing per item is plausibly the design, or null: each item isolated by a try whose handler moves on,
 * work outside the database done in the iteration, or a loop over one record's children.
 */
function perItemReason(call: SgNode, loop: SgNode, databaseNames: ReadonlySet<string>): string | null {
  for (let at = call.parent(); at && at.id() !== loop.id(); at = at.parent()) {
    if (at.kind() !== "try_statement" || !isWithin(call, at.field("body"))) continue;
    const handlers = at.children().filter((child) => child.kind() === "except_clause");
    if (handlers.length > 0 && handlers.every((handler) => findKind(handler, "raise_statement").length === 0))
      return "each item is its own unit of work, the handler moving on to the next";
  }
  const body = loop.field("body");
  const foreign = body ? outsideWork(body, call, databaseNames) : null;
  if (foreign) return `the iteration also calls \`${foreign}\` before committing`;
  const iterable = loop.kind() === "for_statement" ? loop.field("right") : null;
  if (iterable?.kind() === "attribute" && findKind(iterable, "call").length === 0)
    return `the loop walks the children of one record (\`${iterable.text()}\`)`;
  return null;
}

// Calls that stay inside the process and the database: builtins, logging, clocks, collection and string methods.
const PURE_FUNCTIONS = new Set(
  "int str float bool len dict list set tuple sorted min max sum any all enumerate range zip getattr setattr hasattr isinstance print repr round abs next iter map filter".split(
    " ",
  ),
);
const PURE_ROOTS =
  /^(log|logger|logging|_log|_logger|LOG|LOGGER|log_|datetime|date|time|timezone|timedelta|json|math|re|uuid|decimal|func|sa|sqlalchemy|models|settings|config)$/;
const PURE_METHODS = new Set(
  "append extend add update pop remove discard clear setdefault items keys values copy insert index count strip lstrip rstrip lower upper split join format replace startswith endswith encode decode isoformat save delete refresh_from_db full_clean".split(
    " ",
  ),
);

/** The first call in the loop body before the commit that leaves the database and the process, or null. */
function outsideWork(body: SgNode, commit: SgNode, databaseNames: ReadonlySet<string>): string | null {
  for (const call of findKind(body, "call")) {
    if (call.range().start.index >= commit.range().start.index) break;
    const callee = call.field("function");
    if (!callee) continue;
    if (callee.kind() === "identifier") {
      const name = callee.text();
      if (PURE_FUNCTIONS.has(name) || databaseNames.has(name) || /^[A-Z]/.test(name)) continue;
      return name;
    }
    if (callee.kind() !== "attribute") continue;
    const chain = receiverChain(callee);
    if (chain.some((name) => RECEIVER.test(name) || PURE_ROOTS.test(name) || /^[A-Z]/.test(name))) continue;
    if (PURE_METHODS.has(callee.field("attribute")?.text() ?? "")) continue;
    return callee.text().replace(/\s+/g, "");
  }
  return null;
}

/** The names along a call's receiver, outermost last: `db.session.query(X).filter()` gives db, session, query, filter. */
function receiverChain(callee: SgNode): string[] {
  const names: string[] = [];
  for (let at: SgNode | null = callee; at;) {
    if (at.kind() === "attribute") {
      names.push(at.field("attribute")?.text() ?? "");
      at = at.field("object");
    } else if (at.kind() === "call") at = at.field("function");
    else if (at.kind() === "subscript") at = at.field("value");
    else {
      if (at.kind() === "identifier") names.push(at.text());
      break;
    }
  }
  return names.reverse();
}
