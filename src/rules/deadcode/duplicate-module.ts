// generic/duplicate-module: the same module twice — one file name in two folders with near-identical content.
import { isCodeLanguage } from "../../model/language.js";
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
      language: "text",
      bad: "lib/integration/build_tool_orchestrator.ex\nlib/integration/platforms/build_tool_orchestrator.ex",
      good: "lib/integration/build_tool_orchestrator.ex  # the only copy",
    },
  },
  notes: [
    "Similarity is the share of distinct, whitespace-folded code lines the two files have in common (Jaccard). Files under `minCodeLines` and test files are not compared.",
  ],
  check({ facts, options, report, readText }) {
    const byName = new Map<string, typeof facts.files>();
    for (const file of facts.files) {
      if (file.isTest || !isCodeLanguage(file.language) || file.lines.code < Number(options.minCodeLines))
        continue;
      const name = file.path.slice(file.path.lastIndexOf("/") + 1);
      byName.set(name, [...(byName.get(name) ?? []), file]);
    }
    for (const [name, files] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
      if (files.length < 2 || files.length > 20) continue;
      const lineSets = files.map((file) => normalisedLines(readText(file.path) ?? ""));
      for (let i = 0; i < files.length; i++) {
        for (let j = i + 1; j < files.length; j++) {
          const a = files[i];
          const b = files[j];
          const setA = lineSets[i];
          const setB = lineSets[j];
          if (!a || !b || !setA || !setB) continue;
          const similarity = jaccard(setA, setB);
          if (similarity < Number(options.minSimilarity)) continue;
          report({
            path: b.path,
            line: 1,
            message: `${b.path} (${b.lines.code} lines of code) duplicates ${a.path} (${a.lines.code} lines): ${Math.round(similarity * 100)}% of their code lines are the same`,
            snippet: `${a.path}\n${b.path}`,
            related: [{ path: a.path, startLine: 1, endLine: 1 }],
            key: `${name}:${a.path}`,
          });
        }
      }
    }
  },
});

function normalisedLines(text: string): Set<string> {
  const lines = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+/g, " ").trim();
    if (line.length > 2 && !/^(#|\/\/|\*|\/\*|--|end|\}|\)|\]|\{)$/.test(line)) lines.add(line);
  }
  return lines;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const line of a) if (b.has(line)) shared++;
  return shared / (a.size + b.size - shared);
}
