// elixir/deprecated-only-in-comment: a module documented as deprecated with no `@deprecated` on anything it exports.
import { hasMixProject } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/deprecated-only-in-comment",
  area: "deadcode",
  severity: "low",
  title: "Module deprecated only in its documentation",
  effortMinutes: 30,
  confidence: "heuristic",
  docs: {
    rationale:
      "A deprecation written in @moduledoc or a comment is invisible to the compiler; callers keep using the module and nothing tracks its removal.",
    impact: "Dead or superseded code lives on and diverges from its replacement.",
    fix: 'Mark its public functions with `@deprecated "Use X instead"` so the compiler warns callers, or delete the module once unused.',
    example: {
      bad: '@moduledoc "Deprecated: use Shop.Orders.Stats."\ndef totals(conn), do: ...',
      good: '@moduledoc "Deprecated: use Shop.Orders.Stats."\n@deprecated "Use Shop.Orders.Stats.totals/1"\ndef totals(conn), do: ...',
      language: "elixir",
    },
  },
  applies: hasMixProject,
  check({ facts, report }) {
    for (const mod of facts.elixir.modules) {
      if (mod.isTest || mod.deprecatedInCommentLine === null) continue;
      report({
        path: mod.path,
        line: mod.deprecatedInCommentLine,
        message: `${mod.name} is described as deprecated but has no @deprecated attribute`,
        key: mod.name,
      });
    }
  },
});
