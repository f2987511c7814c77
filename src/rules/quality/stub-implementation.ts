// generic/stub-implementation: functions that only pretend to work — "not implemented" raises, or a constant
// return standing beside a TODO/FIXME.
import { functionMetricsAnalyzer } from "../../facts/code-metrics/function-metrics.js";
import { todoCommentsAnalyzer, type TodoComment } from "../../facts/todos/todo-comments.js";
import { defineRule, type FileRuleContext } from "../define-rule.js";

const NOT_IMPLEMENTED_MESSAGE = /not (yet )?implemented|unimplemented|\btodo\b/i;
const NOT_IMPLEMENTED_LINE = [
  /^\s*raise\s+NotImplementedError\b/,
  /^\s*throw\s+new\s+(Error|NotImplementedError|TypeError)\s*\(\s*(["'`])(.*?)\2/,
  /^\s*panic\(\s*"([^"]*)"\s*\)/,
  /^\s*raise\s+(?:RuntimeError,\s*)?"([^"]*)"/,
  /^\s*raise\s+NotImplementedError\b/,
];
const CONSTANT_BODY =
  /^(return\s+)?(true|false|nil|None|null|undefined|0|0\.0|""|''|\[\]|\{\}|%\{\}|:ok|\{:ok,\s*[^{}]*\}|:error|True|False)\s*;?$/;
const ELIXIR_ONE_LINER = /,\s*do:\s*(true|false|nil|0|0\.0|:ok|\{:ok,\s*[^{}]*\}|\[\]|%\{\}|"")\s*$/;

export default defineRule({
  id: "generic/stub-implementation",
  area: "quality",
  severity: "medium",
  title: "Stub implementation: function that does not do its job",
  effortMinutes: 120,
  confidence: "heuristic",
  languages: ["python", "typescript", "tsx", "javascript", "go", "elixir", "ruby", "java", "kotlin", "rust"],
  prefilter: /NotImplemented|not (yet )?implemented|unimplemented|TODO|FIXME/i,
  docs: {
    rationale:
      "A function that raises 'not implemented', or returns a constant beside a TODO, looks finished to its callers. The gap only shows when the code path runs in production.",
    impact: "Features silently do nothing (metrics read 0, checks always pass) or crash on first use.",
    fix: "Implement the function, or remove it and its callers until it is ready; never ship a constant where a computed value is expected.",
    example: {
      language: "elixir",
      bad: "def total_cost_usd(_period) do\n  # TODO: query cost data\n  0.0\nend",
      good: "def total_cost_usd(period) do\n  Repo.one(from c in Cost, where: c.period == ^period, select: sum(c.usd)) || 0.0\nend",
    },
    examples: [
      {
        language: "python",
        bad: "def total_cost_usd(period):\n    # TODO: query cost data\n    return 0.0",
        good: "def total_cost_usd(period):\n    return session.scalar(select(func.sum(Cost.usd)).where(Cost.period == period)) or 0.0",
      },
      {
        language: "go",
        bad: "func (s *Store) TotalCostUSD(period string) float64 {\n\t// TODO: query cost data\n\treturn 0\n}",
        good: 'func (s *Store) TotalCostUSD(ctx context.Context, period string) (float64, error) {\n\tvar total float64\n\terr := s.db.QueryRowContext(ctx, "SELECT COALESCE(SUM(usd), 0) FROM costs WHERE period = $1", period).Scan(&total)\n\treturn total, err\n}',
      },
      {
        language: "typescript",
        bad: "export function totalCostUsd(period: string): number {\n  // TODO: query cost data\n  return 0;\n}",
        good: "export async function totalCostUsd(period: string): Promise<number> {\n  const rows = await db.cost.aggregate({ where: { period }, _sum: { usd: true } });\n  return rows._sum.usd ?? 0;\n}",
      },
    ],
  },
  notes: [
    "Python: `raise NotImplementedError` in methods is the conventional way to declare an abstract method, so methods are reported only when a TODO/FIXME stands in or just above them; module-level functions always.",
    "A constant-return body counts only when a TODO/FIXME comment is inside the function or on the two lines above it.",
    "A field or variable set to 0, 0.0 or nil/None/null with a TODO/FIXME on its line or the line above (`total_cost_usd: 0.0, # TODO: query cost data`) is reported too: a metric or result that reads as real but is a placeholder.",
  ],
  checkFile(ctx) {
    const metrics = ctx.fileFact(functionMetricsAnalyzer);
    const todos = ctx.fileFact(todoCommentsAnalyzer) ?? [];
    const reported = new Set<number>();
    reportPlaceholderValues(ctx, todos, reported);
    if (!metrics) return;
    for (const fn of metrics.functions) {
      const body = ctx.lines.slice(fn.startLine - 1, fn.endLine);
      const todo = todos.find((t) => t.line >= fn.startLine - 2 && t.line <= fn.endLine);
      const codeLines = body
        .map((line) => line.trim())
        .filter((line) => line && !/^(#|\/\/|\/\*|\*|--)/.test(line));
      const raiseIndex = body.findIndex((line) =>
        NOT_IMPLEMENTED_LINE.some(
          (pattern) =>
            pattern.test(line) &&
            (pattern.source.includes("NotImplementedError") || NOT_IMPLEMENTED_MESSAGE.test(line)),
        ),
      );
      if (raiseIndex !== -1) {
        const line = fn.startLine + raiseIndex;
        const isPythonMethod =
          ctx.language === "python" && /^\s+(async\s+)?def\s/.test(ctx.lines[fn.startLine - 1] ?? "");
        if (isPythonMethod && !todo) continue;
        if (reported.has(line)) continue;
        reported.add(line);
        ctx.report({
          line,
          message: `${fn.name} is not implemented: ${(body[raiseIndex] ?? "").trim()}`,
          key: `raise:${fn.name}`,
        });
        continue;
      }
      if (!todo) continue;
      const inner = codeLines.slice(
        1,
        codeLines[codeLines.length - 1]?.match(/^(end|\}|\};?)$/) ? -1 : undefined,
      );
      const oneLiner =
        ctx.language === "elixir" && codeLines.length === 1 && ELIXIR_ONE_LINER.test(codeLines[0] ?? "");
      const constantBody = inner.length === 1 && CONSTANT_BODY.test(inner[0] ?? "");
      if (!oneLiner && !constantBody) continue;
      if (reported.has(fn.startLine)) continue;
      reported.add(fn.startLine);
      ctx.report({
        line: fn.startLine,
        endLine: fn.endLine,
        message: `${fn.name} returns a constant (${oneLiner ? codeLines[0]?.replace(/^.*do:\s*/, "") : inner[0]}) beside "${todo.tag}: ${todo.text}"`,
        snippet: ctx.lines.slice(Math.max(0, Math.min(todo.line, fn.startLine) - 1), fn.endLine).join("\n"),
        key: `constant:${fn.name}`,
      });
    }
  },
});

// `total_cost_usd: 0.0, # TODO: query cost data` — a field filled with a zero or nil where a computed value belongs.
const PLACEHOLDER_FIELD =
  /^\s*["']?([A-Za-z_][\w]*)["']?\s*(?::|=>|=)\s*(0|0\.0|nil|None|null)\s*,?\s*(?:(?:#|\/\/).*)?$/;

function reportPlaceholderValues(
  ctx: FileRuleContext,
  todos: readonly TodoComment[],
  reported: Set<number>,
): void {
  for (const todo of todos) {
    if (todo.tag !== "TODO" && todo.tag !== "FIXME") continue;
    // The TODO stands on the field's line, or on the line just above it.
    for (const line of [todo.line, todo.line + 1]) {
      const text = ctx.lines[line - 1] ?? "";
      const match = PLACEHOLDER_FIELD.exec(text);
      if (!match || reported.has(line)) continue;
      // `x = None` is an ordinary initialisation; only map/keyword fields may be reported for nil/None/null.
      if (/^(nil|None|null)$/.test(match[2] ?? "") && !/^\s*["']?\w+["']?\s*(:|=>)/.test(text)) continue;
      reported.add(line);
      ctx.report({
        line,
        message: `${match[1]} is hard-coded to ${match[2]} beside "${todo.tag}: ${todo.text}"`,
        snippet: ctx.lines.slice(Math.min(todo.line, line) - 1, line).join("\n"),
        key: `placeholder:${match[1]}`,
      });
      break;
    }
  }
}
