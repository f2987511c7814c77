// Facts pack: function sizes and complexity per file, for god-module, long-function and complexity rules.
import { defineCollector, definePack } from "../define.js";
import { functionMetricsAnalyzer, type FunctionMetric } from "./function-metrics.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

export interface FileCodeMetrics {
  path: string;
  isTest: boolean;
  codeLines: number;
  /** Code lines that are logic: data literals and type declarations left out. */
  logicLines: number;
  /** The linter is switched off for the whole file (see FileMetrics.lintExempt). */
  lintExempt: boolean;
  functions: FunctionMetric[];
  publicFunctions: number;
}

export interface CodeMetricsFacts {
  files: FileCodeMetrics[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    codeMetrics: CodeMetricsFacts;
  }
}

export const codeMetricsCollector = defineCollector({
  id: "codeMetrics",
  collect(ctx) {
    const files: FileCodeMetrics[] = ctx.fileFacts(functionMetricsAnalyzer).map(({ file, value }) => ({
      path: file.path,
      isTest: file.isTest,
      codeLines: file.lines.code,
      logicLines: value.logicLines,
      lintExempt: value.lintExempt,
      functions: value.functions,
      publicFunctions: publicFunctionCount(value.functions),
    }));
    return { files };
  },
});

/**
 * Public functions by name, top-level ones only: an Elixir function of five clauses or a TypeScript overload set
 * is one function, a callback inside another function is not part of the module's interface, and a function
 * that only returns a literal (a template or fixture builder) is data.
 */
function publicFunctionCount(functions: readonly FunctionMetric[]): number {
  const names = new Set<string>();
  for (const fn of functions) {
    if (fn.isPublic !== true) continue;
    if (fn.parent !== null && !functions[fn.parent]?.wrapsModule) continue;
    if (fn.lines > 5 && fn.logicLines <= 2) continue;
    names.add(fn.name);
  }
  return names.size;
}

export default definePack({
  name: "code-metrics",
  analyzers: [functionMetricsAnalyzer],
  collectors: [codeMetricsCollector],
  describe(facts) {
    const production = facts.codeMetrics.files.filter((file) => !file.isTest);
    const functions = production.flatMap((file) => file.functions);
    if (functions.length === 0) return [];
    const largest = [...production].sort(
      (a, b) => b.codeLines - a.codeLines || compareCodeUnits(a.path, b.path),
    )[0];
    const longest = [...production.flatMap((file) => file.functions.map((fn) => ({ file, fn })))].sort(
      (a, b) => b.fn.lines - a.fn.lines,
    )[0];
    const facts2 = [
      {
        area: "quality" as const,
        label: "Functions measured",
        value: `${functions.length} in ${production.length} production files`,
      },
    ];
    if (largest)
      facts2.push({
        area: "quality",
        label: "Largest file",
        value: `${largest.path} (${largest.codeLines} lines of code, ${largest.functions.length} functions)`,
      });
    if (longest)
      facts2.push({
        area: "quality",
        label: "Longest function",
        value: `${longest.fn.name} in ${longest.file.path}:${longest.fn.startLine} (${longest.fn.lines} lines, complexity ${longest.fn.complexity})`,
      });
    return facts2;
  },
});
