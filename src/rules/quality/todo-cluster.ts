// generic/todo-cluster: files where unfinished-work markers pile up, the sign of a feature that is not done.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "generic/todo-cluster",
  area: "quality",
  severity: "medium",
  title: "Cluster of TODO/FIXME markers in one file",
  effortMinutes: 120,
  confidence: "heuristic",
  options: { minMarkers: 4 },
  docs: {
    rationale:
      "Several TODO/FIXME markers in one file usually mean a feature was stubbed out and never finished.",
    impact: "Code paths that look implemented return placeholders or skip work in production.",
    fix: "Finish the stubbed work or gate the feature off; track what remains in the issue tracker.",
    example: {
      language: "elixir",
      bad: "def create_stream(_), do: :ok # TODO: implement\ndef create_consumer(_), do: :ok # TODO: implement",
      good: "def create_stream(cfg), do: Jetstream.create_stream(conn(), cfg)",
    },
  },
  applies: (facts) => (facts.todos ? true : { status: "unknown", reason: "TODO facts were not collected" }),
  check({ facts, options, report }) {
    const byPath = new Map<string, typeof facts.todos.entries>();
    for (const entry of facts.todos.entries) {
      if (entry.isTest) continue;
      byPath.set(entry.path, [...(byPath.get(entry.path) ?? []), entry]);
    }
    for (const [path, entries] of byPath) {
      if (entries.length < Number(options.minMarkers)) continue;
      const lines = entries.map((entry) => entry.line);
      report({
        path,
        line: Math.min(...lines),
        endLine: Math.max(...lines),
        message: `${entries.length} TODO/FIXME markers (lines ${lines.join(", ")})`,
        snippet: entries.map((entry) => `${entry.line}: ${entry.tag} ${entry.text}`).join("\n"),
        key: "todo-cluster",
      });
    }
  },
});
