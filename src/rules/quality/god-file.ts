// generic/god-file: a source file so large, or with so many public functions, that it does too many things.
import { defineRule } from "../define-rule.js";
import { codeMetricsApply, MEASURED_LANGUAGES } from "../shared/code-metrics.js";

export default defineRule({
  id: "generic/god-file",
  area: "quality",
  severity: "medium",
  title: "God module: file too large or with too many public functions",
  effortMinutes: 480,
  options: { maxCodeLines: 800, maxPublicFunctions: 40 },
  docs: {
    rationale:
      "A file with thousands of lines or dozens of public functions holds several responsibilities at once. Every change to it risks the others, and nobody can hold it in their head.",
    impact: "Slow, risky changes; merge conflicts; tests that cannot isolate one behaviour.",
    fix: "Split the module along its responsibilities (one concern per module), keeping a thin facade if callers need one.",
    example: {
      language: "elixir",
      bad: "defmodule SelfImprovingAgent do\n  # 3,291 lines: metrics, evolution, codegen, hot reload, supervision\nend",
      good: "defmodule MetricsObserver do ... end\ndefmodule EvolutionOrchestrator do ... end",
    },
  },
  notes: [
    "Counts lines of code (comments and blank lines excluded) and public functions as the language defines them. Test files are not judged.",
  ],
  languages: MEASURED_LANGUAGES,
  applies: codeMetricsApply,
  check({ facts, options, report }) {
    const maxLines = Number(options.maxCodeLines);
    const maxPublic = Number(options.maxPublicFunctions);
    const codeLinesByPath = new Map(facts.files.map((file) => [file.path, file.lines.code]));
    for (const file of facts.codeMetrics.files) {
      if (file.isTest) continue;
      const codeLines = codeLinesByPath.get(file.path) ?? file.codeLines;
      const tooLong = codeLines > maxLines;
      const tooWide = file.publicFunctions > maxPublic;
      if (!tooLong && !tooWide) continue;
      const reasons = [
        tooLong ? `${codeLines} lines of code (limit ${maxLines})` : null,
        tooWide ? `${file.publicFunctions} public functions (limit ${maxPublic})` : null,
      ].filter(Boolean);
      report({
        path: file.path,
        line: 1,
        message: `${file.path}: ${reasons.join(", ")}; ${file.functions.length} functions in all`,
        snippet: file.functions
          .slice()
          .sort((a, b) => b.lines - a.lines)
          .slice(0, 5)
          .map((fn) => `${fn.name} (line ${fn.startLine}, ${fn.lines} lines)`)
          .join("\n"),
        severity: codeLines > maxLines * 3 ? "high" : "medium",
        key: "god-file",
      });
    }
  },
});
