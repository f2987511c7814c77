// generic/env-sample-unused: variables documented in a `.env` sample that nothing in the repository uses.
import { defineRule } from "../define-rule.js";

const SUPPORTED = new Set(["elixir", "go", "python", "javascript", "typescript", "tsx"]);

export default defineRule({
  id: "generic/env-sample-unused",
  area: "config",
  severity: "info",
  title: ".env sample lists a variable nothing reads",
  effortMinutes: 5,
  confidence: "heuristic",
  docs: {
    rationale:
      "A sample that lists variables the code no longer reads sends operators hunting for settings that do nothing.",
    impact: "Wasted time and false confidence that a setting is in effect.",
    fix: "Remove the stale entry from the sample, or wire the variable back into the configuration if it is still meant to work.",
    example: {
      language: "text",
      bad: "# .env.example\nLEGACY_CACHE_TTL=60",
      good: "# (entry removed with the code that read it)",
    },
  },
  notes: [
    "A variable counts as used when the code reads it by name, or when its name appears in any other file of the repository (configuration, compose files, CI, scripts), since frameworks and tools read variables by convention.",
    "Not applicable when the repository has code in languages whose environment reads are not extracted.",
  ],
  applies(facts) {
    if (!facts.env || facts.env.samples.length === 0)
      return { status: "not-applicable", reason: "no .env sample file" };
    const unsupported = [
      ...new Set(
        facts.files
          .filter((f) => ["ruby", "java", "rust", "php", "kotlin", "csharp"].includes(f.language))
          .map((f) => f.language),
      ),
    ];
    if (unsupported.length > 0)
      return {
        status: "unknown",
        reason: `environment reads are not extracted for ${unsupported.join(", ")}`,
      };
    return true;
  },
  check({ facts, report, readText }) {
    const read = new Set(facts.env.reads.map((r) => r.name));
    const samplePaths = new Set(facts.env.samples.map((s) => s.path));
    const otherTexts = facts.files.filter(
      (f) =>
        !samplePaths.has(f.path) &&
        (SUPPORTED.has(f.language) ||
          ["yaml", "toml", "json", "shell", "dockerfile", "makefile", "ini", "text", "markdown"].includes(
            f.language,
          )),
    );
    // `\bNAME\b` in some file is NAME being one of its words: collect the words once (linear in the text),
    // instead of one regular expression over every file per sample entry.
    let words: Set<string> | null = null;
    const mentioned = (name: string): boolean => {
      if (words === null) {
        const collected = new Set<string>();
        for (const file of otherTexts)
          for (const word of (readText(file.path) ?? "").match(/\w+/g) ?? []) collected.add(word);
        words = collected;
      }
      return words.has(name);
    };
    for (const sample of facts.env.samples) {
      for (const entry of sample.entries) {
        if (read.has(entry.name) || mentioned(entry.name)) continue;
        report({
          path: sample.path,
          line: entry.line,
          message: `${entry.name} is listed in ${sample.path} but no file of the repository reads or mentions it`,
          key: entry.name,
        });
      }
    }
  },
});
