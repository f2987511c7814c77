// python/commit-in-loop: session/connection commit() called on every iteration of a loop.
import type { SgNode } from "@ast-grep/napi";
import {
  enclosingLoop,
  importedModules,
  isAuxiliaryPath,
  isMigrationPath,
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
      const onFailure = inExceptHandlerWithin(call, loop);
      report({
        node: call,
        message: `${receiver}.commit() runs on ${onFailure ? "every failing" : "every"} iteration of the loop at line ${loop.range().start.line + 1}`,
        key: `commit-in-loop:${receiver}`,
        related: [{ path, startLine: loop.range().start.line + 1, endLine: loop.range().start.line + 1 }],
        severity: onFailure ? "low" : severity,
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
