// generic/todo-comment: every TODO/FIXME/HACK/XXX in production code, as an inventory with locations.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "generic/todo-comment",
  area: "lint",
  severity: "info",
  title: "TODO/FIXME/HACK marker in production code",
  effortMinutes: 15,
  docs: {
    rationale:
      "A TODO, FIXME or HACK marks work someone knew was unfinished. Left in production code, it is a promise nobody tracks.",
    impact: "Known gaps ship unnoticed; the marker outlives the context needed to resolve it.",
    fix: "Resolve the marker, or move it to the issue tracker and reference the issue in the comment.",
    example: {
      language: "text",
      bad: "# TODO: handle timeouts",
      good: "# Timeouts are handled by the client (see issue #123).",
    },
  },
  notes: ["FIXME and HACK are reported as low severity, TODO and XXX as info. Test files are not counted."],
  applies: (facts) => (facts.todos ? true : { status: "unknown", reason: "TODO facts were not collected" }),
  check({ facts, report }) {
    for (const entry of facts.todos.entries) {
      if (entry.isTest) continue;
      report({
        path: entry.path,
        line: entry.line,
        message: `${entry.tag}: ${entry.text || "(no text)"}`,
        severity: entry.tag === "FIXME" || entry.tag === "HACK" ? "low" : "info",
        key: `${entry.tag}:${entry.text}`,
      });
    }
  },
});
