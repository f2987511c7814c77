// generic/complex-function: functions with many independent paths (cyclomatic complexity).
import { defineRule } from "../define-rule.js";
import { codeMetricsApply, MEASURED_LANGUAGES } from "../shared/code-metrics.js";

export default defineRule({
  id: "generic/complex-function",
  area: "quality",
  severity: "low",
  title: "Function with high cyclomatic complexity",
  effortMinutes: 90,
  options: { maxComplexity: 20, highComplexity: 40 },
  docs: {
    rationale:
      "Cyclomatic complexity counts the independent paths through a function: every branch, loop, case and boolean operator adds one. Past twenty, the paths outnumber what tests usually cover.",
    impact: "Untested paths reach production; small changes have effects nobody predicted.",
    fix: "Split the decision logic: early returns, lookup tables instead of long case chains, and helper functions per branch.",
    example: {
      language: "python",
      bad: "def price(order):\n    if ...:\n        if ...:\n            ...  # 30 branches",
      good: "def price(order):\n    return RULES[order.kind](order)",
    },
  },
  notes: [
    "Complexity is 1 + decision points found in the function's syntax tree (if/elif, loops, case clauses, catches, ternaries, && and ||). Above `highComplexity` the finding is medium.",
  ],
  languages: MEASURED_LANGUAGES,
  applies: codeMetricsApply,
  check({ facts, options, report }) {
    for (const file of facts.codeMetrics.files) {
      if (file.isTest) continue;
      for (const fn of file.functions) {
        if (fn.complexity <= Number(options.maxComplexity)) continue;
        report({
          path: file.path,
          line: fn.startLine,
          endLine: fn.endLine,
          message: `${fn.name} has cyclomatic complexity ${fn.complexity} (limit ${options.maxComplexity})`,
          snippet: `${fn.name}: lines ${fn.startLine}-${fn.endLine} (${fn.lines} lines), complexity ${fn.complexity}`,
          severity: fn.complexity > Number(options.highComplexity) ? "medium" : "low",
          key: `complex-function:${fn.name}`,
        });
      }
    }
  },
});
