// What the size and complexity rules share: the languages whose functions are measured, which files they judge
// and how far, and how a function's lines are attributed when functions nest.
import type { FunctionMetric } from "../../facts/code-metrics/function-metrics.js";
import type { RepoFacts } from "../../facts/repo-facts.js";
import type { Language } from "../../model/language.js";
import { isExamplePath, isMigrationPath } from "../../repo/path-kind.js";
import type { Applicability } from "../define-rule.js";

export const MEASURED_LANGUAGES: readonly Language[] = [
  "elixir",
  "go",
  "python",
  "typescript",
  "tsx",
  "javascript",
  "rust",
  "java",
  "kotlin",
  "scala",
  "c",
  "cpp",
  "csharp",
  "php",
  "ruby",
  "swift",
];

export function codeMetricsApply(facts: RepoFacts): Applicability {
  return facts.codeMetrics ? true : { status: "unknown", reason: "function metrics were not collected" };
}

/**
 * How far size and complexity are judged in a file: not at all in migrations (run once, never edited after
 * they ship), type declaration files and test code the index does not mark as tests (Django's `tests.py`,
 * Playwright and Cypress folders); at most low in examples, docs, scripts and tools, which no production
 * path runs, and in files that switch their linter off entirely (vendored or generated code), or whose header says they copy another project's code; fully elsewhere.
 */
export function metricsScope(file: { path: string; lintExempt?: boolean }): "skip" | "low" | "full" {
  const { path } = file;
  if (isMigrationPath(path) || path.endsWith(".d.ts")) return "skip";
  if (/(^|\/)tests\.py$|(^|\/)(playwright|cypress)\//.test(path)) return "skip";
  if (isExamplePath(path) || /(^|\/)(scripts?|tools)\//.test(path) || file.lintExempt) return "low";
  return "full";
}

export interface AttributedFunction {
  fn: FunctionMetric;
  /** Logic lines of the function and of its nested functions that are not reported on their own. */
  logicLines: number;
  /** Over the limit, and not a module wrapper: reported on its own. */
  reported: boolean;
}

/**
 * Attributes nested functions to their parents: a callback short enough to pass stays part of the function
 * that holds it (a component of forty small handlers is still one long component), one over the limit is
 * reported on its own and no longer counted in its parent, so one stretch of code is never reported twice.
 */
export function attributeLogicLines(
  functions: readonly FunctionMetric[],
  maxLines: number,
): AttributedFunction[] {
  const attributed = functions.map((fn) => ({ fn, logicLines: fn.logicLines, reported: false }));
  // A parent always comes before its children (the tree is walked in document order).
  for (let index = attributed.length - 1; index >= 0; index--) {
    const entry = attributed[index];
    if (!entry) continue;
    entry.reported = !entry.fn.wrapsModule && entry.logicLines > maxLines;
    const parent = entry.fn.parent === null ? undefined : attributed[entry.fn.parent];
    if (parent && !entry.reported) parent.logicLines += entry.logicLines;
  }
  return attributed;
}

/** "handleClick", or "useEffect callback in Editor" for a callback, so a reader can find it. */
export function functionLabel(functions: readonly FunctionMetric[], fn: FunctionMetric): string {
  let parent = fn.parent === null ? undefined : functions[fn.parent];
  while (
    parent?.wrapsModule === false &&
    /callback$|^\(anonymous\)$/.test(parent.name) &&
    parent.parent !== null
  )
    parent = functions[parent.parent];
  if (!parent || parent.wrapsModule || !/callback$|^\(anonymous\)$/.test(fn.name)) return fn.name;
  return `${fn.name} in ${parent.name}`;
}
