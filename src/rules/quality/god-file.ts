// generic/god-file: a source file so large, or with so many public functions, that it does too many things.
import { defineRule } from "../define-rule.js";
import { codeMetricsApply, MEASURED_LANGUAGES, metricsScope } from "../shared/code-metrics.js";

export default defineRule({
  id: "generic/god-file",
  area: "quality",
  severity: "low",
  title: "God module: file too large or with too many public functions",
  effortMinutes: 480,
  inUnreachedFile: "low",
  options: { maxCodeLines: 800, maxPublicFunctions: 40, mediumCodeLines: 2000 },
  docs: {
    rationale:
      "A file with thousands of lines of logic or dozens of public functions holds several responsibilities at once. Every change to it risks the others, and nobody can hold it in their head.",
    impact: "Slow, risky changes; merge conflicts; tests that cannot isolate one behaviour.",
    fix: "Split the module along its responsibilities (one concern per module), keeping a thin facade if callers need one.",
    example: {
      language: "elixir",
      bad: "defmodule SelfImprovingAgent do\n  # 3,291 lines: metrics, evolution, codegen, hot reload, supervision\nend",
      good: "defmodule MetricsObserver do ... end\ndefmodule EvolutionOrchestrator do ... end",
    },
  },
  notes: [
    "Counts lines of logic: comments, blank lines, data (config objects, route and translation tables, fixtures, templates, multi-line strings) and type declarations are left out, so a file of constants is not a god module; a file with no function at all (an import-and-re-export registry) is not judged. Public functions are counted by name at the top level: an Elixir function's clauses or a TypeScript overload set count once.",
    "Severity by size: over `maxCodeLines` (800) lines of logic or `maxPublicFunctions` (40) public functions is low; over `mediumCodeLines` (2,000) lines of logic it is medium. Never higher: a large module slows every change but does not by itself put a release at risk.",
    "Examples, docs, scripts, tools and files that switch their linter off entirely (`/* eslint-disable */`, `# pylint: skip-file`: vendored or generated code) or whose header says they are a copy of another project's code (the Go Authors' copyright, a library's `Distributed under … license: <url>/LICENSE` line) stay low; test files, migrations, type declaration files and generated files (marked in their header, or under a `generated/` folder) are not judged.",
  ],
  languages: MEASURED_LANGUAGES,
  applies: codeMetricsApply,
  check({ facts, options, report }) {
    const maxLines = Number(options.maxCodeLines);
    const maxPublic = Number(options.maxPublicFunctions);
    const mediumLines = Number(options.mediumCodeLines);
    for (const file of facts.codeMetrics.files) {
      const scope = metricsScope(file);
      // A module without a single function holds declarations, wiring or data (a registry of re-named imports),
      // not responsibilities to split.
      if (file.isTest || scope === "skip" || file.functions.length === 0) continue;
      const tooLong = file.logicLines > maxLines;
      const tooWide = file.publicFunctions > maxPublic;
      if (!tooLong && !tooWide) continue;
      const reasons = [
        tooLong
          ? `${file.logicLines} lines of logic (limit ${maxLines}; ${file.codeLines} lines of code)`
          : null,
        tooWide ? `${file.publicFunctions} public functions (limit ${maxPublic})` : null,
      ].filter(Boolean);
      report({
        path: file.path,
        line: 1,
        message: `${file.path}: ${reasons.join(", ")}; ${file.functions.length} functions in all`,
        snippet: file.functions
          .filter((fn) => !fn.wrapsModule)
          .sort((a, b) => b.logicLines - a.logicLines || a.startLine - b.startLine)
          .slice(0, 5)
          .map((fn) => `${fn.name} (line ${fn.startLine}, ${fn.lines} lines)`)
          .join("\n"),
        severity: file.logicLines > mediumLines && scope === "full" ? "medium" : "low",
        key: "god-file",
      });
    }
  },
});
