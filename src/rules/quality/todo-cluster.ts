// generic/todo-cluster: files where unfinished-work markers pile up, the sign of a feature that is not done.
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";

/** A marker that says something is not built yet, as opposed to a note on how to improve what is there. */
const MISSING_WORK =
  /\b(?:implement|unimplemented|not (?:yet )?(?:implemented|supported|done|finished|wired)|stub(?:bed)?|placeholder|dummy|fake|hard-?coded|wire (?:it |this )?(?:up|in)|hook (?:it |this )?up|finish|incomplete|unfinished)\b/i;

export default defineRule({
  id: "generic/todo-cluster",
  area: "quality",
  severity: "low",
  title: "Cluster of TODO/FIXME markers in one file",
  effortMinutes: 120,
  confidence: "heuristic",
  options: { minMarkers: 4, minMissingWork: 3 },
  docs: {
    rationale:
      "Several markers in one file saying that code is not implemented, stubbed or hard-coded usually mean a feature was left unfinished; many notes of any kind mark a file its authors know needs work.",
    impact: "Code paths that look implemented return placeholders or skip work in production.",
    fix: "Finish the stubbed work or gate the feature off; track what remains in the issue tracker.",
    example: {
      language: "elixir",
      bad: "def create_stream(_), do: :ok # TODO: implement\ndef create_consumer(_), do: :ok # TODO: implement",
      good: "def create_stream(cfg), do: Jetstream.create_stream(conn(), cfg)",
    },
  },
  notes: [
    "Medium when at least `minMissingWork` (3) markers in one file say work is missing (implement, not implemented or supported, stub, placeholder, dummy, fake, hard-coded, wire up, finish, incomplete): a feature that does not work yet.",
    "Low when the file holds `minMarkers` (4) or more markers of any kind: notes to refactor, optimise or revisit are hygiene, not a gap in what the code does.",
    "Test files are not counted; examples, docs, scripts and tools stay low. Markers a migration tool wrote into type-checker suppressions (`@ts-expect-error ts-migrate(…) FIXME`) are not counted at all.",
  ],
  applies: (facts) => (facts.todos ? true : { status: "unknown", reason: "TODO facts were not collected" }),
  check({ facts, options, report }) {
    const byPath = new Map<string, typeof facts.todos.entries>();
    for (const entry of facts.todos.entries) {
      if (entry.isTest) continue;
      byPath.set(entry.path, [...(byPath.get(entry.path) ?? []), entry]);
    }
    for (const [path, entries] of byPath) {
      const missing = entries.filter((entry) => MISSING_WORK.test(entry.text));
      const blocking = missing.length >= Number(options.minMissingWork);
      if (!blocking && entries.length < Number(options.minMarkers)) continue;
      const lines = entries.map((entry) => entry.line);
      const auxiliary = isExamplePath(path) || /(^|\/)(scripts?|tools)\//.test(path);
      report({
        path,
        line: Math.min(...lines),
        endLine: Math.max(...lines),
        message: blocking
          ? `${missing.length} markers say work is missing (lines ${missing.map((entry) => entry.line).join(", ")}); ${entries.length} TODO/FIXME markers in all`
          : `${entries.length} TODO/FIXME markers (lines ${lines.join(", ")})`,
        snippet: (blocking ? missing : entries)
          .map((entry) => `${entry.line}: ${entry.tag} ${entry.text}`)
          .join("\n"),
        severity: blocking && !auxiliary ? "medium" : "low",
        key: "todo-cluster",
      });
    }
  },
});
