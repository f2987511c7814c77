// elixir/writes-outside-transaction: Repo writes repeated in a loop with no Repo.transaction / Ecto.Multi around them.
import { isScriptPath } from "../../facts/elixir/applies.js";
import { functionKey } from "../../facts/elixir/call-graph.js";
import { isSeedPath } from "../../facts/one-off-code.js";
import type { Severity } from "../../model/severity.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/writes-outside-transaction",
  area: "database",
  severity: "medium",
  title: "Multi-record write outside a transaction",
  languages: ["elixir"],
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
    "A loop inside a function given to Repo.transaction/transact or to Ecto.Multi (or an `fn` piped into `Repo.transaction()`), or a write with `mode: :savepoint`, is not reported.",
    "Nor is a loop in a function whose every caller outside tests (resolved through the project's call graph: aliases, imports, `__MODULE__`, local calls, captures) calls it inside a transaction, directly or through functions that are themselves always called inside one. A function with no caller found, or called through a variable module or a behaviour, cannot be followed: it is judged on its own, hence heuristic.",
    "Medium for inserts: re-running a half-done loop duplicates rows or trips unique constraints. Low for upserts (an insert with `on_conflict:` other than `:raise`), updates and deletes (re-running a half-done loop usually finishes the job) and for writes whose result each iteration inspects (`case Repo.insert(...)`, a `with` clause): the code deals with each failure on purpose.",
    "Migrations are skipped (Ecto wraps each in a transaction) unless they set `@disable_ddl_transaction true`.",
    "Low when the iteration makes an HTTP request before the write (HTTPoison, Req, Tesla, Finch, :httpc): each write records what an outside system already did, and a transaction could not undo the request.",
    "Seeds, scripts and mix tasks (`.exs`, priv/repo, lib/mix/tasks, `use Mix.Task` modules, modules under a `seeds/` folder), and functions only they call, are low; so are functions only tests call (test support kept under lib/, a mock server seeding its fixtures from test_helper.exs).",
  ],
  check({ facts, report }) {
    const graph = facts.elixirCallGraph;
    if (!graph) return;
    const transactional = new Set(graph.alwaysInTransaction);
    const fromScripts = new Set(graph.onlyFromScripts);
    const fromTests = new Set(graph.onlyFromTests);
    const seen = new Set<string>();
    for (const write of graph.loopWrites) {
      // Ecto runs each migration in a transaction unless it opts out.
      if (write.isTest || write.transactionalMigration) continue;
      const loop = `${write.path}:${write.loop}`;
      if (seen.has(loop) || write.inTransaction || write.savepoint) continue;
      seen.add(loop);
      const caller = write.function ? functionKey(write.function) : null;
      // Every caller of the function opens a transaction around it (or is itself always called inside one).
      if (caller && transactional.has(caller)) continue;
      // Seeds, scripts and mix tasks, and code only they call.
      const script =
        isScriptPath(write.path) ||
        isSeedPath(write.path) ||
        write.mixTask ||
        (caller !== null && fromScripts.has(caller));
      // Test support kept under lib/ (a mock server seeding its users): only tests call it.
      const testOnly = caller !== null && fromTests.has(caller);
      // An upsert (`on_conflict: :nothing`, `:replace_all`) can be re-run: a half-done loop is finished by running it again.
      const insert = /^insert/.test(write.fn) && !write.upsert;
      const handled = !write.fn.endsWith("!") && write.resultInspected;
      const severity: Severity =
        script || testOnly || !insert || handled || write.outsideCall ? "low" : "medium";
      const why = testOnly
        ? "; only tests call it"
        : write.outsideCall
          ? `; each write records the outcome of an HTTP request (\`${write.outsideCall}\`) that a transaction could not undo`
          : handled
            ? "; each result is inspected"
            : write.upsert
              ? "; each insert is an upsert (`on_conflict:`), so re-running a half-done loop finishes the job"
              : !insert
                ? "; re-running a half-done loop of updates or deletes usually finishes the job"
                : "";
      const callers = caller ? (graph.callerCounts[caller] ?? 0) : 0;
      report({
        path: write.path,
        line: write.line,
        message: `${write.receiver}.${write.fn} is repeated per element with no transaction around the loop${why}`,
        key: `${write.receiver}.${write.fn} in loop`,
        severity,
        ...(caller && callers > 0
          ? {
              searched: `the ${callers} call site${callers === 1 ? "" : "s"} of ${caller} found outside tests, for a transaction around each`,
            }
          : {}),
      });
    }
  },
});
