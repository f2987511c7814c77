// elixir/writes-outside-transaction: Repo writes repeated in a loop with no Repo.transaction / Ecto.Multi around them.
import type { SgNode } from "@ast-grep/napi";
import { isRepoReceiver, isScriptPath, REPO_WRITES } from "../../facts/elixir/applies.js";
import {
  ancestors,
  callArguments,
  calls,
  callName,
  enclosingLoop,
  insideTransaction,
  keywordMap,
  operatorOf,
  remoteCall,
} from "../../facts/elixir/syntax.js";
import type { Severity } from "../../model/severity.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/writes-outside-transaction",
  area: "database",
  severity: "medium",
  title: "Multi-record write outside a transaction",
  languages: ["elixir"],
  prefilter: /Repo\.(insert|update|delete)/,
  effortMinutes: 45,
  confidence: "heuristic",
  docs: {
    rationale:
      "Inserting, updating or deleting several records one by one without a transaction commits each separately; a failure halfway leaves the first half written.",
    impact:
      "Partial imports and half-applied state changes that have to be repaired by hand; with `!` variants the caller also gets an exception after some rows were committed.",
    fix: "Wrap the loop in `Repo.transaction/1`, build an `Ecto.Multi`, or use `Repo.insert_all/3` for bulk inserts.",
    example: {
      bad: "Enum.each(rows, fn attrs -> Repo.insert!(User.changeset(%User{}, attrs)) end)",
      good: "Repo.transaction(fn ->\n  Enum.each(rows, fn attrs -> Repo.insert!(User.changeset(%User{}, attrs)) end)\nend)",
      language: "elixir",
    },
  },
  notes: [
    "A loop inside Repo.transaction/transact or an Ecto.Multi pipeline in the same function, or a write with `mode: :savepoint`, is not reported; a caller's transaction cannot be seen, hence heuristic.",
    "Medium for inserts: re-running a half-done loop duplicates rows or trips unique constraints. Low for updates and deletes (re-running a half-done loop usually finishes the job) and for writes whose result each iteration inspects (`case Repo.insert(...)`, a `with` clause): the code deals with each failure on purpose.",
    "Migrations are skipped (Ecto wraps each in a transaction) unless they set `@disable_ddl_transaction true`.",
    "Seeds, scripts and mix tasks (`.exs`, priv/repo, lib/mix/tasks, `use Mix.Task` modules) are low.",
  ],
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    // Ecto runs each migration in a transaction unless it opts out.
    if (/\buse\s+Ecto\.Migration\b/.test(text) && !/@disable_ddl_transaction\s+true/.test(text)) return;
    const script = isScriptPath(path) || /\buse\s+Mix\.Task\b/.test(text);
    const seen = new Set<number>();
    for (const call of calls(tree)) {
      const remote = remoteCall(call);
      if (!remote || !isRepoReceiver(remote.receiver) || !REPO_WRITES.has(remote.fn)) continue;
      const loop = enclosingLoop(call);
      if (!loop || seen.has(loop.id()) || insideTransaction(call) || isSavepoint(call)) continue;
      seen.add(loop.id());
      const insert = /^insert/.test(remote.fn);
      const handled = !remote.fn.endsWith("!") && resultInspected(call, loop);
      const severity: Severity = script || !insert || handled ? "low" : "medium";
      const why = handled
        ? "; each result is inspected"
        : !insert
          ? "; re-running a half-done loop of updates or deletes usually finishes the job"
          : "";
      report({
        node: call,
        message: `${remote.receiver}.${remote.fn} is repeated per element with no transaction around the loop${why}`,
        key: `${remote.receiver}.${remote.fn} in loop`,
        severity,
      });
    }
  },
});

/** `Repo.insert(conn, changeset, mode: :savepoint)`: the write runs inside the caller's transaction. */
function isSavepoint(call: SgNode): boolean {
  const options = keywordMap(callArguments(call).find((arg) => arg.kind() === "keywords"));
  return options.get("mode")?.text() === ":savepoint";
}

/** The write's result is branched on inside the loop: `case Repo.insert(...)`, `|> case do`, a `with` clause. */
function resultInspected(call: SgNode, loop: SgNode): boolean {
  let child: SgNode = call;
  for (const ancestor of ancestors(call)) {
    if (ancestor.id() === loop.id()) return false;
    if (ancestor.kind() === "arguments") {
      const owner = ancestor.parent();
      const first = ancestor.children().find((node) => node.isNamed());
      if (owner && callName(owner) === "case" && first?.id() === child.id()) return true;
    }
    if (ancestor.kind() === "binary_operator") {
      const operator = operatorOf(ancestor);
      const [left, right] = ancestor.children().filter((node) => node.isNamed());
      if (operator === "<-" && right?.id() === child.id()) return true;
      if (operator === "|>" && left?.id() === child.id() && right && callName(right) === "case") return true;
    }
    child = ancestor;
  }
  return false;
}
