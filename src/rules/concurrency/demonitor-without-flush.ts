// elixir/demonitor-without-flush: Process.demonitor/1 leaves a :DOWN message that may already be in the mailbox.
import { callArguments, calls, callName } from "../../facts/elixir/syntax.js";
import { unifiedDiffForEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/demonitor-without-flush",
  area: "concurrency",
  severity: "medium",
  title: "Process.demonitor without :flush",
  languages: ["elixir"],
  prefilter: /demonitor/,
  effortMinutes: 10,
  docs: {
    rationale:
      "When the monitored process died just before `Process.demonitor(ref)`, its `:DOWN` message is already in the mailbox; without `[:flush]` it stays there.",
    impact:
      "Stray `:DOWN` messages reach `handle_info/2` clauses that do not expect them (crashing the server or acting on a stale ref) or pile up in the mailbox.",
    fix: "Call `Process.demonitor(ref, [:flush])`.",
    example: { bad: "Process.demonitor(ref)", good: "Process.demonitor(ref, [:flush])", language: "elixir" },
  },
  notes: ["A call with one explicit argument gets a ready-to-apply patch adding `[:flush]`."],
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    for (const call of calls(tree)) {
      const name = callName(call);
      if (name !== "Process.demonitor" && name !== ":erlang.demonitor") continue;
      const args = callArguments(call);
      const options = args[1];
      if (options && /:flush\b/.test(options.text())) continue;
      const ref = args[0];
      const mechanical = args.length === 1 && ref !== undefined && call.text().startsWith(`${name}(`);
      const range = call.range();
      report({
        node: call,
        message: `${name} without [:flush] can leave a :DOWN message in the mailbox`,
        key: name,
        patch: mechanical
          ? unifiedDiffForEdit(
              path,
              text,
              range.start.index,
              range.end.index,
              `${name}(${ref.text()}, [:flush])`,
            )
          : null,
      });
    }
  },
});
