// generic/long-function: functions longer than a screenful several times over.
import { defineRule } from "../define-rule.js";
import { codeMetricsApply, MEASURED_LANGUAGES } from "../shared/code-metrics.js";

export default defineRule({
  id: "generic/long-function",
  area: "quality",
  severity: "low",
  title: "Long function",
  effortMinutes: 60,
  options: { maxLines: 100, highLines: 250 },
  docs: {
    rationale:
      "A function of hundreds of lines mixes levels of abstraction and hides its branches. It is hard to test each path and easy to break one while changing another.",
    impact:
      "Bugs hide in rarely taken branches; reviews miss side effects; the function cannot be reused in parts.",
    fix: "Extract the steps into named functions; keep the original as a short sequence of calls.",
    example: {
      language: "go",
      bad: "func handle(w http.ResponseWriter, r *http.Request) {\n\t// 300 lines: parse, validate, query, render\n}",
      good: "func handle(w http.ResponseWriter, r *http.Request) {\n\treq, err := parse(r)\n\t...\n\trender(w, result)\n}",
    },
  },
  notes: [
    "Lines are counted from the function's first to its last line. Functions over `highLines` are medium severity. Test files are not judged.",
  ],
  languages: MEASURED_LANGUAGES,
  applies: codeMetricsApply,
  check({ facts, options, report }) {
    for (const file of facts.codeMetrics.files) {
      if (file.isTest) continue;
      for (const fn of file.functions) {
        if (fn.lines <= Number(options.maxLines)) continue;
        report({
          path: file.path,
          line: fn.startLine,
          endLine: fn.endLine,
          message: `${fn.name} is ${fn.lines} lines long (limit ${options.maxLines})`,
          snippet: `${fn.name}: lines ${fn.startLine}-${fn.endLine}, cyclomatic complexity ${fn.complexity}`,
          severity: fn.lines > Number(options.highLines) ? "medium" : "low",
          key: `long-function:${fn.name}`,
        });
      }
    }
  },
});
