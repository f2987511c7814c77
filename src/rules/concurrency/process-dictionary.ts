// elixir/process-dictionary: Process.put/get — hidden per-process state.
import { calls, callName } from "../../facts/elixir/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/process-dictionary",
  area: "concurrency",
  severity: "low",
  title: "Process dictionary used for state",
  languages: ["elixir"],
  prefilter: /Process\.(put|get|delete)\b|:erlang\.(put|get)\b/,
  effortMinutes: 30,
  docs: {
    rationale:
      "Values in the process dictionary are implicit state: invisible in function signatures, lost when work moves to another process (Task, GenServer call), and hard to test.",
    impact:
      "Behaviour depends on which process runs the code; context silently disappears across process boundaries.",
    fix: "Pass the value explicitly, keep it in the GenServer state, or use Logger metadata / ETS for what must be shared.",
    example: {
      bad: "Process.put(:current_user, user)",
      good: "def handle(request, %{current_user: user} = ctx), do: ...",
      language: "elixir",
    },
  },
  notes: ["One finding per file (the first use), with the count of uses in the message."],
  checkFile({ tree, report }) {
    if (!tree) return;
    const uses = calls(tree).filter((call) =>
      /^(Process\.(put|get|delete|get_keys)|:erlang\.(put|get|erase))$/.test(callName(call) ?? ""),
    );
    const first = uses[0];
    if (!first) return;
    report({
      node: first,
      message: `${uses.length} process dictionary call(s): ${[...new Set(uses.map((use) => callName(use)))].join(", ")} (lines ${uses.map((use) => use.range().start.line + 1).join(", ")})`,
      key: "process-dictionary",
    });
  },
});
