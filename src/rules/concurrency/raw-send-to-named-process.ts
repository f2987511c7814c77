// elixir/raw-send-to-named-process: send(SomeModule, msg) — a raw message to a registered name instead of its API.
import { callArguments, calls, callName, enclosingModule } from "../../facts/elixir/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/raw-send-to-named-process",
  area: "concurrency",
  severity: "low",
  title: "Raw send to a named process",
  languages: ["elixir"],
  prefilter: /\bsend\(/,
  effortMinutes: 20,
  confidence: "heuristic",
  docs: {
    rationale:
      "`send(Name, msg)` to a registered process bypasses its public API: the message shape is an undocumented contract, and a missing process raises ArgumentError.",
    impact:
      "Messages no `handle_info` clause matches pile up or crash the receiver; refactors of the server miss callers that send directly.",
    fix: "Call the server's API (`GenServer.cast/2` behind a function of its module) so the message format lives in one place.",
    example: {
      bad: "send(Shop.Inventory.Cache, {:invalidate, sku})",
      good: "Shop.Inventory.Cache.invalidate(sku) # GenServer.cast(__MODULE__, {:invalidate, sku}) inside",
      language: "elixir",
    },
  },
  notes: [
    "Only targets written as a module alias, `__MODULE__` or an atom (registered names) are reported; pids in variables and `self()` are not.",
  ],
  checkFile({ tree, report }) {
    if (!tree) return;
    for (const call of calls(tree)) {
      const name = callName(call);
      if (name !== "send" && name !== "Kernel.send" && name !== "Process.send") continue;
      const target = callArguments(call)[0];
      if (!target) continue;
      const named = target.kind() === "alias" || target.kind() === "atom" || target.text() === "__MODULE__";
      if (!named) continue;
      const module = enclosingModule(call);
      report({
        node: call,
        message: `${name} to the registered name ${target.text()}${module && target.text() === module ? " from its own module" : ""}`,
        key: `${name}:${target.text()}`,
      });
    }
  },
});
