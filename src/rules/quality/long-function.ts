// generic/long-function: functions whose own logic runs to hundreds of lines.
import { defineRule } from "../define-rule.js";
import type { FunctionMetric } from "../../facts/code-metrics/function-metrics.js";
import {
  attributeLogicLines,
  codeMetricsApply,
  functionLabel,
  MEASURED_LANGUAGES,
  metricsScope,
} from "../shared/code-metrics.js";

export default defineRule({
  id: "generic/long-function",
  area: "quality",
  severity: "low",
  title: "Long function",
  effortMinutes: 60,
  options: { maxLines: 100, highLines: 300, flatSteps: 10, flatStepLines: 40 },
  docs: {
    rationale:
      "A function of hundreds of lines of logic mixes levels of abstraction and hides its branches. It is hard to test each path and easy to break one while changing another.",
    impact:
      "Bugs hide in rarely taken branches; reviews miss side effects; the function cannot be reused in parts.",
    fix: "Extract the steps into named functions; keep the original as a short sequence of calls.",
    example: {
      language: "go",
      bad: "func handle(w http.ResponseWriter, r *http.Request) {\n\t// 400 lines: parse, validate, query, render\n}",
      good: "func handle(w http.ResponseWriter, r *http.Request) {\n\treq, err := parse(r)\n\t...\n\trender(w, result)\n}",
    },
  },
  notes: [
    "Counts lines of logic, not lines: blank lines, comments, data (object, array, map and multi-line string literals such as config objects, route and redirect tables, fixtures, translation tables, SQL and templates), type declarations and Go's `if err != nil { return … }` propagation blocks are left out.",
    "A nested function or callback over `maxLines` is reported on its own and not counted again in the function holding it; shorter ones count towards it. A function expression that wraps the whole file (an IIFE, a UMD or emscripten factory) is the module, not a function, and is not reported.",
    "Severity by size: over `maxLines` (100) lines of logic is low, hygiene to address when the function is next changed; over `highLines` (300) it is medium, a function too long to review or test as a unit — unless it is flat: `flatSteps` (10) or more top-level statements, none spanning more than `flatStepLines` (40) lines except nested function definitions under `maxLines` lines, and two thirds of its lines in statements holding a block of their own (branches, loops, nested functions; a long run of straight-line statements is not flat): a dispatcher of independent `if enabled { … }` blocks, a hook that wires up small handlers (each measured on its own). It reads one step at a time and stays low. A container stays low too: a function whose body only registers, chains or returns the functions it holds (`app.post(path, handler)` calls, a `yargs.command(…).command(…)` builder chain, a store's object of actions, an Elixir `__using__` macro quoting the functions it injects), with most of its lines in them; each is measured on its own. One that also declares state or helpers its closures share is a unit and is judged whole. A declarative list stays low as well: no branch in it or in any function it holds, and four in five of its top-level statements plain calls binding nothing (a macro declaring an API's endpoints, a function creating tables column by column); straight-line code that computes with variables is not one. Examples, docs, scripts, tools and files that switch their linter off entirely (`/* eslint-disable */`, `# pylint: skip-file`: vendored or generated code) or whose header says they are a copy of another project's code (the Go Authors' copyright, a library's `Distributed under … license: <url>/LICENSE` line) stay low; test files, migrations and generated files are not judged.",
  ],
  languages: MEASURED_LANGUAGES,
  applies: codeMetricsApply,
  check({ facts, options, report }) {
    const maxLines = Number(options.maxLines);
    const highLines = Number(options.highLines);
    // Many short top-level steps and no long one: long, but read one step at a time (a dispatcher, a hook
    // wiring small handlers), with no branch hidden deep inside another.
    const isFlat = ({ statements, lines }: FunctionMetric): boolean =>
      statements !== null &&
      statements.count >= Number(options.flatSteps) &&
      statements.longest <= Number(options.flatStepLines) &&
      statements.longestFunction <= maxLines &&
      statements.blockLines >= (2 / 3) * lines;
    // Its body only registers, chains or returns the functions it holds, and those hold most of its logic: a
    // registry (routes, commands, a store's actions), read one entry at a time; each entry is measured on its own.
    const isContainer = (fn: FunctionMetric, logicLines: number): boolean =>
      fn.statements?.holdsOnly === true && fn.logicLines <= logicLines / 2;
    // No branch anywhere in it or in the functions it holds: a declarative list read top to bottom (endpoint
    // declarations, table definitions), with no path to miss.
    const isStraight = (functions: readonly FunctionMetric[], fn: FunctionMetric): boolean => {
      const index = functions.indexOf(fn);
      const inside = (candidate: FunctionMetric): boolean => {
        for (let at = candidate.parent; at !== null; at = functions[at]?.parent ?? null)
          if (at === index) return true;
        return false;
      };
      return (
        fn.statements !== null &&
        fn.statements.calls >= 0.8 * fn.statements.count &&
        fn.complexity <= 1 &&
        functions.every((other) => !inside(other) || other.complexity <= 1)
      );
    };
    for (const file of facts.codeMetrics.files) {
      const scope = metricsScope(file);
      if (file.isTest || scope === "skip") continue;
      for (const { fn, logicLines, reported } of attributeLogicLines(file.functions, maxLines)) {
        if (!reported) continue;
        const label = functionLabel(file.functions, fn);
        const container = logicLines > highLines && isContainer(fn, logicLines);
        const flat = logicLines > highLines && !container && isFlat(fn);
        const straight = logicLines > highLines && !container && !flat && isStraight(file.functions, fn);
        const nested = file.functions.filter((other) => other.parent === file.functions.indexOf(fn)).length;
        report({
          path: file.path,
          line: fn.startLine,
          endLine: fn.endLine,
          message: `${label} has ${logicLines} lines of logic in ${fn.lines} lines (limit ${maxLines})${
            container
              ? `; a container: its body only registers or returns the ${nested} functions it holds (${fn.logicLines} lines of its own logic), each measured on its own`
              : flat
                ? `; flat: ${fn.statements?.count} top-level steps, each a short block or a nested function measured on its own`
                : straight
                  ? "; a declarative list: calls with no branch in it or in the functions it holds, read top to bottom"
                  : ""
          }`,
          snippet: `${label}: lines ${fn.startLine}-${fn.endLine}, cyclomatic complexity ${fn.complexity}`,
          severity:
            logicLines > highLines && scope === "full" && !flat && !container && !straight ? "medium" : "low",
          key: `long-function:${label}`,
        });
      }
    }
  },
});
