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
      "`GenServer.start/3`, `Agent.start/2` and `spawn/3` create processes that are neither linked nor supervised: nothing restarts them when they crash, and nothing stops them in order at shutdown.",
    impact:
      "A crashed server process stays gone until the node restarts: callers fail on a missing name and the state it held is lost, while processes that outlive their callers leak memory and connections.",
    fix: "Start them under a supervisor: `Task.Supervisor.start_child/2`, a `DynamicSupervisor`, or a child spec in the application's tree; use `start_link` when the caller owns the process.",
    example: {
      bad: "Task.start(fn -> send_welcome_email(user) end)",
      good: "Task.Supervisor.start_child(Shop.TaskSupervisor, fn -> send_welcome_email(user) end)",
      language: "elixir",
    },
  },
  notes: [
    "`GenServer.start` is high, except inside the module's own `start` function (a deliberate unlinked start API), which is medium, and low when the module also defines `start_link` (the pair GenServer itself offers: the caller chooses); scripts (`.exs`) are lowered to low.",
    "`Task.start(fn -> ... end)` and `spawn(fn -> ... end)` running an anonymous function given inline are low: one piece of work fired and forgotten (an email, a webhook, a notification). The fix the rule would point to, `Task.Supervisor.start_child`, starts a `:temporary` child that is not restarted after a crash either and is stopped at shutdown like any process, so the work is lost in the same cases; only shutdown ordering changes. Work that must survive a crash or a deploy needs a job queue (Oban), a design choice rather than a defect. A task started from a function reference (`Task.start(M, :loop, [])`) may be a long-running loop and stays medium.",
    "`Agent.start`/`GenServer.start` under a name whose caller handles `{:error, {:already_started, pid}}` is started on demand and started again by the next call if it died: low.",
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
      // …and when the module offers `start_link` beside it, `start` is the unlinked half of the pair, as in GenServer
      // itself: the caller picks it (a process it monitors instead of linking, a node-wide server) and owns that choice.
      const pairedApi = wrapper && /\bdef\s+start_link\b/.test(enclosingModule(call)?.text() ?? "");
      // `Task.start(fn -> ... end)` and `spawn(fn -> ... end)` run one piece of work and end; a Task.Supervisor child is
      // temporary, so supervising it would not restart it either.
      const oneOff = (/(^|\.)spawn$/.test(name) || name === "Task.start") && runsOneOffFunction(call);
      // `case Agent.start(..., name: X) do {:error, {:already_started, pid}} -> pid end`: started on demand, and
      // started again by the next call when it died.
      const onDemand =
        !oneOff && fn !== null && /\.start$/.test(name) && fn.text().includes(":already_started");
      // The authors wrote down what happens when it fails and why that is fine (`# idempotent, repeated on every start`).
      const accepted = commentAcceptsFailure(lines, call.range().start.line);
      report({
        node: call,
        message: `${name} starts a process no supervisor restarts${fn ? ` (in ${definedName(fn) ?? "?"})` : ""}${
          pairedApi
            ? ": the unlinked `start` beside the module's `start_link`, which callers choose"
            : oneOff
              ? ": a one-off inline function (a supervised task would not be restarted either), so only a clean shutdown is at stake"
              : onDemand
                ? ": it is started on demand under a name and started again by the next call if it died"
                : accepted
                  ? `; the comment above accepts its failure ("${accepted.length > 80 ? `${accepted.slice(0, 77)}…` : accepted}")`
                  : ""
        }`,
        key: `${name}:${fn ? definedName(fn) : ""}`,
        severity:
          isScriptPath(path) || oneOff || onDemand || accepted || pairedApi
            ? "low"
            : name.startsWith("GenServer") && !wrapper
              ? "high"
              : "medium",
      });
    }
  },
});

/** The `defmodule` call a node sits in, or null. */
function enclosingModule(node: SgNode): SgNode | null {
  for (let at = node.parent(); at; at = at.parent()) if (callName(at) === "defmodule") return at;
  return null;
}

/** The process runs an anonymous function given inline (`fn -> ... end`): one piece of work, not a server loop. */
function runsOneOffFunction(call: SgNode): boolean {
  return callArguments(call).some((arg) => arg.kind() === "anonymous_function");
}
