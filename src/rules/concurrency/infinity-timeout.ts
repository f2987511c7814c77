// elixir/infinity-timeout: GenServer.call / Task.await & co. with an :infinity timeout.
import {
  ancestors,
  callArguments,
  calls,
  callName,
  enclosingFunction,
  lineOf,
  operatorOf,
} from "../../facts/elixir/syntax.js";
import { isScriptPath } from "../../facts/elixir/applies.js";
import type { SgNode } from "@ast-grep/napi";
import { defineRule } from "../define-rule.js";

/** Call name → index of its timeout argument. */
const TIMEOUT_ARG: Record<string, number> = {
  "GenServer.call": 2,
  ":gen_server.call": 2,
  "GenServer.multi_call": 3,
  "Task.await": 1,
  "Task.await_many": 1,
  "Task.yield": 1,
  "Task.yield_many": 1,
  "Agent.get": 2,
  "Agent.update": 2,
  "Agent.get_and_update": 2,
  ":gen_statem.call": 2,
  "Registry.dispatch": 3,
};

export default defineRule({
  id: "elixir/infinity-timeout",
  area: "concurrency",
  severity: "medium",
  title: "Call with an :infinity timeout",
  languages: ["elixir"],
  prefilter: /:infinity/,
  effortMinutes: 20,
  docs: {
    rationale:
      "A synchronous call with `:infinity` waits forever when the callee is stuck, overloaded or waiting on the caller.",
    impact:
      "One slow or deadlocked process blocks every caller behind it; the system hangs instead of failing and recovering.",
    fix: "Use a bounded timeout that fits the operation and handle the exit (or `Task.yield/2` + `Task.shutdown/2`).",
    example: {
      bad: "GenServer.call(__MODULE__, {:get, sku}, :infinity)",
      good: "GenServer.call(__MODULE__, {:get, sku}, 5_000)",
      language: "elixir",
    },
  },
  notes: [
    "One finding per file, listing every call with an :infinity timeout.",
    "Low when the doc or a comment in the lines above each call mentions the infinity timeout (it says why it waits without a bound: a decision to confirm, not an oversight), or above one of them when every call is the same function into the same process (the reason given once covers them).",
    "A call inside a function that runs as a background process no caller waits on (`Task.Supervisor.start_child`, `Task.start`, a LiveView `start_async`) counts as explained, and so does one whose function's `@doc` says it waits on purpose (`synchronously awaits`, `blocks until`, `only returns once`).",
    "`Task.await(task, :infinity)` on a task whose function waits in a `receive … after timeout` is bounded by that timeout (`Task.async(fn -> receive do … after t -> {:error, :timeout} end end) |> Task.await(:infinity)`, or the task bound to a variable in the same function): not reported.",
    "Scripts, benchmarks and mix tasks (`.exs`, bench/, scripts/, lib/mix/tasks) are low: an operator waits on them.",
  ],
  checkFile({ tree, path, lines: source, report }) {
    if (!tree) return;
    const found: Array<{ name: string; target: string; line: number; text: string; background: boolean }> =
      [];
    for (const call of calls(tree)) {
      const name = callName(call);
      const index = name ? TIMEOUT_ARG[name] : undefined;
      if (!name || index === undefined) continue;
      const args = callArguments(call);
      // In a pipeline the first argument is implicit.
      const piped =
        call.parent()?.kind() === "binary_operator" &&
        /\|>/.test(call.parent()?.text() ?? "") &&
        call.parent()?.child(0)?.id() !== call.id();
      const timeout = args[piped ? index - 1 : index];
      if (timeout?.text() !== ":infinity") continue;
      const targetNode = piped ? call.parent()?.child(0) : args[0];
      if (name === "Task.await" && boundedTask(targetNode, call)) continue;
      const target = targetNode?.text() ?? "";
      found.push({
        name,
        target,
        line: lineOf(call),
        text: call.text().split("\n")[0]!.trim(),
        background: inBackgroundTask(call),
      });
    }
    if (found.length === 0) return;
    // Every wait is explained where it is made (`We pass :infinity for the inner call; the caller's RPC timeout is
    // the real bound` in the function's doc or a comment above): a decision, left for a reader to confirm.
    // One explanation also covers the file's other unbounded calls of the same function into the same process
    // (`GenServer.call(Coordinator.name(scope), …, :infinity)` three times, the reason given at the first).
    const explained = found.filter(
      (call) => call.background || explainsInfinity(source, call.line) || documentsWaiting(source, call.line),
    );
    const documented =
      explained.length === found.length ||
      (explained.length > 0 &&
        found.every((call) => call.name === found[0]!.name && call.target === found[0]!.target));
    const names = [...new Set(found.map((call) => call.name))];
    const lines = found.map((call) => call.line);
    report({
      line: lines[0],
      endLine: lines.at(-1),
      message:
        (found.length === 1
          ? `${found[0]!.name} waits forever (:infinity timeout)`
          : `${found.length} calls wait forever (:infinity timeout): ${names.join(", ")} (lines ${lines.join(", ")})`) +
        (documented ? "; the code above each says why it waits without a bound" : ""),
      snippet: found.map((call) => `${call.line}: ${call.text}`).join("\n"),
      key: `infinity:${names.join(",")}`,
      severity: isScriptPath(path) || documented ? "low" : "medium",
    });
  },
});

/** A `Task.async(fn … end)` call whose function waits in a `receive` with an `after` clause, so it ends by then. */
function receivesWithTimeout(node: SgNode | null | undefined): boolean {
  if (node?.kind() !== "call" || callName(node) !== "Task.async") return false;
  const fn = callArguments(node).find((arg) => arg.kind() === "anonymous_function");
  return (
    fn?.find({
      rule: {
        kind: "after_block",
        inside: { kind: "do_block", inside: { kind: "call", regex: "^receive\\b" } },
      },
    }) != null
  );
}

/**
 * The awaited task is bounded by its own `receive … after`: the `Task.async(fn …)` itself, or a variable the
 * enclosing function binds to one (`task = Task.async(fn -> … end)`).
 */
function boundedTask(target: SgNode | null | undefined, call: SgNode): boolean {
  if (!target) return false;
  if (receivesWithTimeout(target)) return true;
  if (target.kind() !== "identifier") return false;
  const fn = enclosingFunction(call);
  if (!fn) return false;
  return fn
    .findAll({
      rule: {
        kind: "binary_operator",
        has: { field: "left", kind: "identifier", regex: `^${target.text()}$` },
      },
    })
    .some((binding) => operatorOf(binding) === "=" && receivesWithTimeout(binding.field("right")));
}

/**
 * Functions whose anonymous function runs in a process of its own that no caller waits on: a supervised task started
 * and left to run (`Task.Supervisor.start_child`, `Task.start`), a LiveView `start_async` (the UI shows it pending
 * and the async is cancelled with the view).
 */
const BACKGROUND_STARTER =
  /^(?:Task\.Supervisor\.start_child|Task\.start|Task\.start_link|start_async|Task\.Supervisor\.async_nolink)$/;

/** The call sits in an anonymous function handed to a background starter. */
function inBackgroundTask(call: SgNode): boolean {
  for (const node of ancestors(call)) {
    if (node.kind() !== "anonymous_function") continue;
    const args = node.parent();
    const starter = args?.kind() === "arguments" ? args.parent() : null;
    if (starter?.kind() === "call" && BACKGROUND_STARTER.test(callName(starter) ?? "")) return true;
  }
  return false;
}

/**
 * Whether the `@doc` of the function holding `line` (its heredoc within the 30 lines above) says the call waits on
 * purpose: `synchronously awaits`, `blocks until`, `only returns once … applied`.
 */
function documentsWaiting(lines: readonly string[], line: number): boolean {
  let close = -1;
  for (let at = line - 2; at >= Math.max(0, line - 31); at--) {
    const text = lines[at] ?? "";
    if (close === -1 && /^\s*"""\s*$/.test(text)) close = at;
    else if (close !== -1 && /@(?:doc|moduledoc)\s+"""/.test(text))
      return /\bsynchronous(?:ly)?\b|\bblocks? until\b|\bonly returns once\b|\bwaits? (?:for|until)\b/i.test(
        lines.slice(at, close).join("\n"),
      );
  }
  return false;
}

/** Whether a line in the 30 above `line` (a doc or a comment, not another call's argument) talks about infinity. */
function explainsInfinity(lines: readonly string[], line: number): boolean {
  for (let at = Math.max(0, line - 31); at < line - 1; at++) {
    const text = lines[at] ?? "";
    if (!/infinity/i.test(text)) continue;
    if (/^\s*:infinity\s*\)?\s*$/.test(text) || /,\s*:infinity\s*\)/.test(text)) continue;
    return true;
  }
  return false;
}
