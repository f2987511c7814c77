// elixir/demonitor-without-flush: Process.demonitor/1 leaves a :DOWN message that may already be in the mailbox.
import type { SgNode } from "@ast-grep/napi";
import { ancestors, callArguments, calls, callName, definitionHead } from "../../facts/elixir/syntax.js";
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
  notes: [
    "A call with one explicit argument gets a ready-to-apply patch adding `[:flush]`.",
    "Not reported inside the clause that handles the monitor's own `:DOWN` (`handle_info({:DOWN, ref, ...}, state)` or a `receive` clause) when it demonitors that ref, or when the clause ignores which ref fired (`_ref`: every `:DOWN` is the one monitor's): that monitor has fired and its message is the one being handled.",
  ],
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    for (const call of calls(tree)) {
      const name = callName(call);
      if (name !== "Process.demonitor" && name !== ":erlang.demonitor") continue;
      const args = callArguments(call);
      const options = args[1];
      if (options && /:flush\b/.test(options.text())) continue;
      const ref = args[0];
      if (ref && handlesOwnDown(call, ref.text())) continue;
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

/** The ref slot of a `{:DOWN, ref, …}` pattern, or null when the node is not such a tuple. */
function downRef(pattern: SgNode | null | undefined): string | null {
  if (pattern?.kind() !== "tuple") return null;
  const [tag, ref] = pattern.children().filter((child) => child.isNamed());
  // `^ref` pins the ref the clause waits for.
  return tag?.text() === ":DOWN" && ref ? ref.text().replace(/^\^\s*/, "") : null;
}

/**
 * True when the call runs in the clause that receives a monitor's `:DOWN` (a `handle_info/2` head or a `receive`/
 * `case` clause matching `{:DOWN, ref, …}`) and it demonitors that same ref, or the clause ignores which ref fired.
 */
function handlesOwnDown(call: SgNode, ref: string): boolean {
  for (const ancestor of ancestors(call)) {
    let pattern: SgNode | null | undefined = null;
    if (ancestor.kind() === "stab_clause") {
      const left = ancestor.field("left");
      pattern = left?.kind() === "arguments" ? left.children().find((child) => child.isNamed()) : left;
    } else {
      const name = callName(ancestor);
      if (name === "def" || name === "defp") pattern = definitionHead(ancestor)?.params[0];
    }
    const fired = downRef(pattern);
    if (fired !== null) return fired === ref || fired.startsWith("_");
    if (callName(ancestor) === "def" || callName(ancestor) === "defp") return false;
  }
  return false;
}
