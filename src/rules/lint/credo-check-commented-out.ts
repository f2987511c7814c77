// elixir/credo-check-commented-out: a custom Credo check written for the project but commented out in .credo.exs.
import { hasMixProject } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/credo-check-commented-out",
  area: "lint",
  severity: "medium",
  title: "Custom Credo check commented out",
  effortMinutes: 60,
  docs: {
    rationale:
      "A project-specific Credo check encodes a rule the team decided on (no raw send, no Repo in the web layer); commenting it out keeps the code but removes the guard.",
    impact:
      "The pattern the check was written to stop comes back unnoticed, and the configuration suggests a protection that does not run.",
    fix: "Fix the remaining violations and re-enable the check, or enable it with a lower priority so it reports without failing CI.",
    example: {
      bad: "enabled: [\n  # {Shop.Credo.NoRawSend, []},\n  {Credo.Check.Warning.IoInspect, []}\n]",
      good: "enabled: [\n  {Shop.Credo.NoRawSend, []},\n  {Credo.Check.Warning.IoInspect, []}\n]",
      language: "elixir",
    },
  },
  notes: [
    "Only checks outside the `Credo.Check` namespace (the project's own checks) are reported; commented-out built-in checks are a style choice.",
  ],
  applies: (facts) => {
    const base = hasMixProject(facts);
    if (base !== true) return base;
    return facts.elixir.credo ? true : { status: "not-applicable", reason: "no .credo.exs" };
  },
  check({ facts, report }) {
    const credo = facts.elixir.credo;
    if (!credo) return;
    for (const commented of credo.commented) {
      if (!commented.custom || credo.enabled.some((check) => check.check === commented.check)) continue;
      report({
        path: credo.path,
        line: commented.line,
        message: `${commented.check} is commented out in ${credo.path}`,
        key: commented.check,
      });
    }
  },
});
