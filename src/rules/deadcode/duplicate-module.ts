// generic/duplicate-module: the same module twice — one file name in two folders with near-identical content.
import { duplicateFileGroups } from "../shared/duplicate-files.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "generic/duplicate-module",
  area: "deadcode",
  severity: "medium",
  title: "Duplicate module: same file in two places",
  effortMinutes: 60,
  options: { minSimilarity: 0.7, minCodeLines: 15 },
  docs: {
    rationale:
      "Two files with the same name and nearly the same content are one module maintained twice. Fixes land in one copy and not the other, and imports pick either.",
    impact:
      "Divergent behaviour between callers, bugs fixed only half-way, and confusion over which copy is authoritative.",
    fix: "Keep one copy, move what differs into it, point every import at it and delete the other.",
    example: {
      bad: "lib/integration/build_tool_orchestrator.ex\nlib/integration/platforms/build_tool_orchestrator.ex",
      good: "lib/integration/build_tool_orchestrator.ex  # the only copy",
    },
  },
  notes: [
    "Similarity is the share of distinct, whitespace-folded code lines the two files have in common (Jaccard). Files under `minCodeLines` and test files are not compared.",
    "Three or more copies of one file are one finding (files linked by similarity), so a group is reported once; `deadcode/clone-class` leaves such whole-file copies to this rule.",
  ],
  check({ facts, options, report, readText }) {
    const groups = duplicateFileGroups(facts.files, readText, {
      minSimilarity: Number(options.minSimilarity),
      minCodeLines: Number(options.minCodeLines),
    });
    // Each group once: reported on its last copy, the others related.
    for (const group of groups) {
      const last = group.files[group.files.length - 1];
      if (!last) continue;
      const others = group.files.slice(0, -1);
      const described = others.map((file) => `${file.path} (${file.lines.code} lines)`).join(", ");
      report({
        path: last.path,
        line: 1,
        message: `${last.path} (${last.lines.code} lines of code) duplicates ${described}: ${others.length > 1 ? "up to " : ""}${Math.round(group.similarity * 100)}% of their code lines are the same`,
        snippet: group.files.map((file) => file.path).join("\n"),
        related: others.map((file) => ({ path: file.path, startLine: 1, endLine: 1 })),
        key: `${group.name}:${others[0]?.path ?? ""}`,
      });
    }
  },
});
