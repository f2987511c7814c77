// elixir/unsupervised-process: Task.start, spawn, GenServer.start/Agent.start — processes no supervisor knows about.
import type { SgNode } from "@ast-grep/napi";
import { callArguments, calls, callName, enclosingFunction, definedName } from "../../facts/elixir/syntax.js";
import { isScriptPath } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";
import { commentAcceptsFailure } from "../shared/why-comment.js";

const UNSUPERVISED = new Set([
  "Task.start",
  "spawn",
  "Process.spawn",
  "Kernel.spawn",
  "GenServer.start",
  "Agent.start",
  ":proc_lib.spawn",
  ":gen_server.start",
]);

export default defineRule({
  id: "elixir/unsupervised-process",
  area: "concurrency",
  severity: "medium",
  title: "Process started outside a supervisor",
  languages: ["elixir"],
  prefilter: /\b(Task\.start|spawn|GenServer\.start|Agent\.start|gen_server\.start)\b/,
  effortMinutes: 30,
  docs: {
    rationale:
      "`Task.start/1`, `spawn/1` and `GenServer.start/3` create processes that are neither linked nor supervised: nothing restarts them, and nothing stops them at shutdown.",
    impact:
      "Crashes vanish silently (work is lost), and processes outlive the callers that started them, leaking memory and connections.",
    fix: "Start them under a supervisor: `Task.Supervisor.start_child/2`, a `DynamicSupervisor`, or a child spec in the application's tree; use `start_link` when the caller owns the process.",
    example: {
      bad: "Task.start(fn -> send_welcome_email(user) end)",
      good: "Task.Supervisor.start_child(Shop.TaskSupervisor, fn -> send_welcome_email(user) end)",
      language: "elixir",
    },
  },
  notes: [
    "`GenServer.start` is high, except inside the module's own `start` function (a deliberate unlinked start API), which is medium; scripts (`.exs`) are lowered to low.",
    "`spawn(fn -> ... end)` running an anonymous function given inline is low: one piece of plumbing (a timer, stopping a process), not a server loop. `Task.start(fn -> ... end)` stays medium: it is how application work (emails, webhooks) is fired and forgotten, and that work is lost on a crash or a deploy.",
    "Low when the comment block directly above the call says what happens if it fails and why that is acceptable (failures, crashes, restarts, idempotent or best-effort work): a decision the authors recorded.",
  ],
  checkFile({ tree, path, lines, report }) {
    if (!tree) return;
    for (const call of calls(tree)) {
      const name = callName(call);
      if (!name || !UNSUPERVISED.has(name)) continue;
      // `spawn` as a local function definition name or a variable is not Kernel.spawn.
      if (name === "spawn" && call.child(1)?.kind() !== "arguments") continue;
      const fn = enclosingFunction(call);
      // `def start(...)` wrapping GenServer.start is the module's own unlinked start API: still unsupervised, less likely an accident.
      const wrapper = fn !== null && definedName(fn) === "start" && name.endsWith(".start");
      // `Task.start` is how application work (emails, webhooks) gets fired and forgotten; a bare `spawn` of an inline
      // function is usually plumbing (a timer, killing a process).
      const oneOff = /(^|\.)spawn$/.test(name) && runsOneOffFunction(call);
      // The authors wrote down what happens when it fails and why that is fine (`# idempotent, repeated on every start`).
      const accepted = commentAcceptsFailure(lines, call.range().start.line);
      report({
        node: call,
        message: `${name} starts a process no supervisor restarts${fn ? ` (in ${definedName(fn) ?? "?"})` : ""}${
          oneOff
            ? ": a one-off inline function, so only a clean shutdown is at stake"
            : accepted
              ? `; the comment above accepts its failure ("${accepted.length > 80 ? `${accepted.slice(0, 77)}…` : accepted}")`
              : ""
        }`,
        key: `${name}:${fn ? definedName(fn) : ""}`,
        severity:
          isScriptPath(path) || oneOff || accepted
            ? "low"
            : name.startsWith("GenServer") && !wrapper
              ? "high"
              : "medium",
      });
    }
  },
});

/** The process runs an anonymous function given inline (`fn -> ... end`): one piece of work, not a server loop. */
function runsOneOffFunction(call: SgNode): boolean {
  return callArguments(call).some((arg) => arg.kind() === "anonymous_function");
}
