// generic/complex-function: functions with many independent paths (cyclomatic complexity).
import { defineRule } from "../define-rule.js";
import { codeMetricsApply, functionLabel, MEASURED_LANGUAGES, metricsScope } from "../shared/code-metrics.js";

export default defineRule({
  id: "generic/complex-function",
  area: "quality",
  severity: "low",
  title: "Function with high cyclomatic complexity",
  effortMinutes: 90,
  inUnreachedFile: "low",
  options: { maxComplexity: 20, highComplexity: 50 },
  docs: {
    rationale:
      "Cyclomatic complexity counts the independent paths through a function: every branch, loop, catch and boolean operator adds one. Past twenty, the paths outnumber what tests usually cover; past fifty, nobody can hold them in mind.",
    impact: "Untested paths reach production; small changes have effects nobody predicted.",
    fix: "Split the decision logic: early returns, lookup tables instead of long condition chains, and helper functions per branch.",
    example: {
      language: "python",
      bad: "def price(order):\n    if ...:\n        if ...:\n            ...  # 60 branches",
      good: "def price(order):\n    return RULES[order.kind](order)",
    },
  },
  notes: [
    "Complexity is 1 + the decision points of the function's own body: if/elif, loops, catches, ternaries, `&&` and `||`. A switch or match on a value counts once however many cases it has, since a dispatch table written as code is not many independent paths (modified cyclomatic complexity); a switch without a subject (Go's `switch { case a > b: … }`) counts each case. Go's `if err != nil { return … }` counts nothing: it is how Go propagates an error, which other languages do without a branch.",
    "Nested functions and callbacks are measured on their own, not added to the function holding them. In Elixir, `case`, `with`, `receive` and `try` count once, each clause of a `cond` once, and an anonymous function once per clause after its first.",
    "Severity by size: over `maxComplexity` (20) is low; medium when the paths that do not come from guard clauses exceed `highComplexity` (50). A guard clause is an `if` straight in the function's body with no else and a short body (`if (!user) return null;`): a run of them is read one check at a time (a settings-to-CSS mapping, a list of hints) and stays low however long it is. So is each short branch of an else-if chain straight in the body that opens with such a check (`if a { return h1 } else if b { return h2 } …`: a route table, a list of option checks). Examples, docs, scripts, tools and files that switch their linter off entirely (`/* eslint-disable */`, `# pylint: skip-file`: vendored or generated code) or whose header says they are a copy of another project's code (the Go Authors' copyright, a library's `Distributed under … license: <url>/LICENSE` line) stay low; test files, migrations and generated files are not judged.",
  ],
  languages: MEASURED_LANGUAGES,
  applies: codeMetricsApply,
  check({ facts, options, report }) {
    const maxComplexity = Number(options.maxComplexity);
    const highComplexity = Number(options.highComplexity);
    for (const file of facts.codeMetrics.files) {
      const scope = metricsScope(file);
      if (file.isTest || scope === "skip") continue;
      for (const fn of file.functions) {
        if (fn.wrapsModule || fn.complexity <= maxComplexity) continue;
        const label = functionLabel(file.functions, fn);
        const guards = fn.guardComplexity > 0 ? `, ${fn.guardComplexity} of it in guard clauses` : "";
        report({
          path: file.path,
          line: fn.startLine,
          endLine: fn.endLine,
          message: `${label} has cyclomatic complexity ${fn.complexity} (limit ${maxComplexity}${guards})`,
          snippet: `${label}: lines ${fn.startLine}-${fn.endLine} (${fn.logicLines} lines of its own logic), complexity ${fn.complexity}`,
          severity:
            fn.complexity - fn.guardComplexity > highComplexity && scope === "full" ? "medium" : "low",
          key: `complex-function:${label}`,
        });
      }
    }
  },
});
