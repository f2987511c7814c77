// elixir/unused-private-function: a defp that nothing in its file (or its templates) calls.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/unused-private-function",
  area: "deadcode",
  severity: "low",
  title: "Unused private function",
  languages: ["elixir"],
  effortMinutes: 10,
  docs: {
    rationale:
      "A private function can only be called from its own module; when its name appears nowhere else there, it is dead code, which the compiler also warns about (`function x/1 is unused`). Warnings left standing hide the ones that matter.",
    impact: "Readers take it for live behaviour; a build with warnings-as-errors fails on it.",
    fix: "Delete it, or call it where it was meant to be used.",
    example: {
      bad: "defp legacy_hash(email), do: :erlang.phash2(email) # called nowhere",
      good: "# deleted",
    },
  },
  notes: [
    "A private function counts as used when its name occurs anywhere in its file besides its own clauses and `@spec` (calls, pipes, captures, atoms, strings), or in a template in its folder (colocated and embedded templates compile into the module). Modules with `@before_compile` or computed function names are not checked.",
  ],
  check({ facts, report }) {
    for (const definition of facts.elixirSymbols?.unreferenced ?? []) {
      if (definition.kind !== "private-function") continue;
      report({
        path: definition.path,
        line: definition.line,
        endLine: definition.line,
        message: `\`${definition.name}\` is private to ${definition.scope} and nothing there calls it.`,
        key: `${definition.scope}:${definition.name}`,
        searched: definition.searched,
        confidence: definition.confidence,
      });
    }
  },
});
