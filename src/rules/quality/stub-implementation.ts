// generic/stub-implementation: functions that only pretend to work — a body that is nothing but a "not
// implemented" raise, a constant return standing beside a TODO/FIXME, or a permission check that always allows.
import { functionMetricsAnalyzer, type FunctionMetric } from "../../facts/code-metrics/function-metrics.js";
import { todoCommentsAnalyzer, type TodoComment } from "../../facts/todos/todo-comments.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { interfaceClassOf } from "../shared/interface-class.js";
import { defineRule, type FileRuleContext, type ReportedFinding } from "../define-rule.js";
import type { FileCodeMetrics } from "../../facts/code-metrics/index.js";

const NOT_IMPLEMENTED_MESSAGE = /not (?:yet )?implemented|unimplemented|\btodo\b/i;
/** Raises whose type alone says "not implemented", whatever the message. */
const NOT_IMPLEMENTED_TYPE =
  /^(?:raise\s+NotImplementedError\b|throw\s+new\s+(?:NotImplementedError|NotImplementedException)\b|(?:todo|unimplemented)!\s*\(|TODO\s*\()/;
/** Raises that say it in their message: `throw new Error("Not implemented")`, `panic("todo")`, `raise "…"`. */
const RAISE_WITH_MESSAGE =
  /^(?:throw\s+new\s+\w*(?:Error|Exception)\s*\(|panic\s*\(|raise\s+(?:\w+(?:Error|Exception)\s*[(,]\s*)?["'(]|raise\s+["'])/;
const CONSTANT_BODY =
  /^(?:return\s+)?(true|false|nil|None|null|undefined|0|0\.0|""|''|\[\]|\{\}|%\{\}|:ok|\{:ok,\s*[^{}]*\}|:error|True|False)\s*;?$/;
/** A function named for what it does on purpose: a helper that throws "not implemented" for its callers. */
// A helper named only for refusing (`const reject = () => { throw … }` assigned to the operations a model does not
// support) throws on purpose, like `notImplemented()`.
const THROWS_BY_DESIGN =
  /not_?implemented|unimplemented|unsupported|abstract|dummy|sentinel|^(reject|refuse|deny)$/i;
/** Names of functions that decide whether someone may do something. */
const PERMISSION_CHECK =
  /^(?:can|may|is_?allowed|allowed|authori[sz]e[ds]?|has_?(?:access|permission|role)|check_?(?:access|permissions?|auth)|permit(?:ted)?|verify_?(?:access|permissions?))(?:_|\b|[A-Z?])/i;

/**
 * Names of functions that answer a display or feature option (`ShowFooterBranding`, `should_notify?`,
 * `supportsStreaming`): a fixed true/false there is the option's default while it is not configurable yet.
 */
const OPTION_PREDICATE =
  /^(?:show|hide|display|render|use|enable|disable|should|wants?|prefers?|supports?|include|collapse|expand)(?:_|[A-Z]|\??$)/;

/** The function's own name, first letter lowered (`(*Collection).ShowFooterBranding` → `showFooterBranding`). */
function isOptionPredicate(name: string): boolean {
  const own = name.split(/[.:#]/).pop() ?? name;
  return OPTION_PREDICATE.test(own.charAt(0).toLowerCase() + own.slice(1));
}

export default defineRule({
  id: "generic/stub-implementation",
  area: "quality",
  severity: "medium",
  title: "Stub implementation: function that does not do its job",
  effortMinutes: 120,
  confidence: "heuristic",
  languages: ["python", "typescript", "tsx", "javascript", "go", "elixir", "ruby", "java", "kotlin", "rust"],
  prefilter: /NotImplemented|not (yet )?implemented|unimplemented|TODO|FIXME|todo!|\btrue\b|True/i,
  docs: {
    rationale:
      "A function whose whole body raises 'not implemented', or returns a constant beside a TODO, looks finished to its callers. The gap only shows when the code path runs in production.",
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
    "A 'not implemented' stub is a function whose only statement raises: `NotImplementedError`, `todo!()`, `unimplemented!()`, Kotlin's `TODO()`, or an error whose message says not implemented. A raise inside a branch is a guard that refuses one case on purpose (invalid input, failed authentication, an unsupported option, a configuration error) and is never reported; neither is a helper named for throwing (`notImplemented()`, `_overload_dummy()`, a `reject` helper assigned to the operations a model refuses), nor a function defined in a branch as the fallback for a platform or optional dependency that lacks it (`except ImportError: def f(*args): raise NotImplementedError`).",
    "Methods whose only statement raises 'not implemented' are how many languages spell an abstract method (Python's `raise NotImplementedError`, a JavaScript base class throwing for subclasses to override), so methods — and members of object literals declared with a type (`const handler: Handler = { pageTitle() { throw new Error('Not implemented') }, … }`, one operation of an interface the object does not support) and the methods of a component's options object (`export default { methods: { getItemsUrl() { throw … } } }`, Vue's options API, where a mixin leaves them for its components to override) — are reported only when a TODO/FIXME stands in or just above them; Go methods, which have no such convention, and plain functions always. Methods of a Python interface class (`class IGroupForm(Interface)`, `Protocol`, `ABC`) are defaults the implementing plugins override and are not reported. A callback that only throws (`.otherwise(() => { throw new Error('not implemented for ' + x) })`) is the default branch of a match or dispatch and is not reported.",
    "A constant-return body counts only when it is the function's only statement and a TODO/FIXME comment is inside the function or on the two lines above it. One clause of an Elixir function that has others is its fallback for the cases they do not match (`def working_hours?(_account), do: false`), not a stub.",
    "A permission check (`can_edit?`, `has_permission`, `authorize`, …) whose only statement returns true is reported when a TODO/FIXME stands beside it or when it ignores every argument (`def can_access?(_user, _doc), do: true`): an authorisation stub that always allows.",
    "A field or variable set to 0, 0.0 or nil/None/null with a TODO/FIXME on its line or the line above (`total_cost_usd: 0.0, # TODO: query cost data`) is reported too: a metric or result that reads as real but is a placeholder. A class field or attribute set so in the class body (`sharingType = 0 // FIXME`) is its default value, overwritten by the constructor or callers, and is not; nor is a nil field of a Go options struct whose other fields are set to addresses (`ProhibitLogin: nil, // TODO` beside `LoginName: &form.LoginName`): a nil pointer there leaves that option unchanged.",
    "A display or feature option (`ShowFooterBranding`, `should_notify?`, `supportsStreaming`: named show/hide/display/use/enable/should/supports…) that returns a fixed true/false beside a TODO is low: the option is not configurable yet and its default applies; nothing reads as computed that is not.",
    "A plain function that only raises 'not implemented' in a module whose siblings — the same folder and the same kind of file name (`*_email.ex`, `*_exporter.py`) — define the same function for real (at least 3 of them, and more than refuse it) is one variant of a family dispatched by type that does not support the operation: low.",
    "Examples, docs, scripts and tools are low: no production path runs them.",
    'A constant return beside a TODO that three or more files carry word for word (the same function and the same TODO), or that a scaffold folder (`template/`, `templates/`, `scaffold/`, `skeleton/`, `boilerplate/`) holds, is low: the TODO was copied from the template each module was generated from (`Init` returning nil beside the driver template\'s "TODO: login / refresh token") and names nothing this module lacks.',
  ],
  reviseWithFacts(findings, facts) {
    return lowerScaffoldCopies(
      findings.map((finding) => lowerUnsupportedVariant(finding, facts.codeMetrics?.files ?? [])),
    );
  },
  checkFile(ctx) {
    const metrics = ctx.fileFact(functionMetricsAnalyzer);
    const todos = ctx.fileFact(todoCommentsAnalyzer) ?? [];
    const severity = isExamplePath(ctx.path) || /(^|\/)(scripts?|tools)\//.test(ctx.path) ? "low" : undefined;
    const reported = new Set<number>();
    reportPlaceholderValues(ctx, todos, reported, severity);
    const clauses = new Map<string, number>();
    for (const fn of metrics?.functions ?? []) clauses.set(fn.name, (clauses.get(fn.name) ?? 0) + 1);
    for (const fn of metrics?.functions ?? []) {
      const sole = fn.soleStatement;
      if (!sole || reported.has(sole.line)) continue;
      // A default method of an interface class (`class IGroupForm(Interface):`): the plugins implementing it override it.
      if (ctx.language === "python" && interfaceClassOf(ctx.lines, fn.startLine)) continue;
      // One clause of an Elixir function among others is the fallback for the cases they do not match.
      if (ctx.language === "elixir" && (clauses.get(fn.name) ?? 0) > 1) continue;
      const statement = sole.text.trim();
      const todo = todos.find((t) => t.line >= fn.startLine - 2 && t.line <= fn.endLine);
      if (isNotImplementedRaise(statement)) {
        if (THROWS_BY_DESIGN.test(fn.name) || fn.isConditional) continue;
        // A member of an object literal refusing one operation of the interface the object implements (the others
        // being real) is the same convention as a class's; a callback throwing is the default branch of a match.
        if ((fn.isMethod || fn.holder === "object") && ctx.language !== "go" && !todo) continue;
        if (fn.holder === "argument") continue;
        reported.add(sole.line);
        ctx.report({
          line: sole.line,
          message: `${fn.name} is not implemented: ${firstLine(statement)}`,
          key: `raise:${fn.name}`,
          severity,
        });
        continue;
      }
      const constant = CONSTANT_BODY.exec(statement)?.[1];
      if (!constant) continue;
      const alwaysAllows =
        /^(true|True)$/.test(constant) &&
        PERMISSION_CHECK.test(fn.name) &&
        (todo || ignoresArguments(ctx, fn));
      if (!todo && !alwaysAllows) continue;
      // A fixed answer for a display or feature option is a default that is not configurable yet: nothing reads as
      // computed that is not, unlike a zero metric or a check that always passes.
      const optionDefault =
        !alwaysAllows && /^(true|false|True|False)$/.test(constant) && isOptionPredicate(fn.name);
      reported.add(sole.line);
      ctx.report({
        line: fn.startLine,
        endLine: fn.endLine,
        message: alwaysAllows
          ? `${fn.name} always allows: it returns ${constant}${todo ? ` beside "${todo.tag}: ${todo.text}"` : " and ignores its arguments"}`
          : optionDefault
            ? `${fn.name} returns a fixed ${constant} beside "${todo?.tag}: ${todo?.text}" (low: an option's default that is not configurable yet)`
            : `${fn.name} returns a constant (${constant}) beside "${todo?.tag}: ${todo?.text}"`,
        snippet: ctx.lines
          .slice(Math.max(0, Math.min(todo?.line ?? fn.startLine, fn.startLine) - 1), fn.endLine)
          .join("\n"),
        key: `constant:${fn.name}`,
        severity: optionDefault ? "low" : severity,
      });
    }
  },
});

/**
 * The keyed composite literal holding `line` (the lines between the nearest less-indented `… {` above and its closing
 * brace) sets another field to an address (`Field: &value`): a struct of optional pointer fields.
 */
function siblingFieldsTakeAddresses(lines: readonly string[], line: number): boolean {
  const indent = (text: string): number => /^\s*/.exec(text)?.[0].length ?? 0;
  const own = indent(lines[line - 1] ?? "");
  let start = line - 1;
  while (start > 0 && !(indent(lines[start - 1] ?? "") < own && /\{\s*$/.test(lines[start - 1] ?? "")))
    start--;
  if (start === 0) return false;
  for (let at = start + 1; at <= lines.length; at++) {
    const text = lines[at - 1] ?? "";
    if (text.trim() !== "" && indent(text) < own) break;
    if (at !== line && indent(text) === own && /^\s*\w+\s*:\s*&\w/.test(text)) return true;
  }
  return false;
}

/** Siblings that implement a function before a refusal among them reads as an unsupported variant. */
const MIN_IMPLEMENTING_SIBLINGS = 3;

/**
 * A module that refuses one function (`raise "Not implemented"`) while sibling modules — same folder, same kind of
 * file name (`*_email.ex`) — define the same function for real is one variant of a family dispatched by type (one
 * email module per activity, one exporter per format) that does not support the operation: low, not a stub.
 */
function lowerUnsupportedVariant(
  finding: ReportedFinding,
  files: readonly FileCodeMetrics[],
): ReportedFinding {
  const path = finding.location?.path;
  if (!path || !finding.key.startsWith("raise:") || finding.severity === "low") return finding;
  const name = finding.key.slice("raise:".length);
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  const family = /[_.-][^_.-]+\.\w+$/.exec(base)?.[0] ?? /\.\w+$/.exec(base)?.[0] ?? base;
  let implementing = 0;
  let refusing = 0;
  for (const file of files) {
    if (file.path === path || file.isTest || !file.path.startsWith(dir) || !file.path.endsWith(family))
      continue;
    if (file.path.slice(dir.length).includes("/")) continue;
    const own = file.functions.filter(
      (fn) => fn.name === name && fn.isPublic !== false && fn.parent === null,
    );
    if (own.length === 0) continue;
    const refuses = own.every(
      (fn) => fn.soleStatement && isNotImplementedRaise(fn.soleStatement.text.trim()),
    );
    if (refuses) refusing++;
    else implementing++;
  }
  if (implementing < MIN_IMPLEMENTING_SIBLINGS || implementing <= refusing) return finding;
  return {
    ...finding,
    severity: "low",
    message: `${finding.message} (low: ${implementing} sibling *${family} modules in ${dir || "the root"} implement ${name} and ${refusing + 1} ${refusing === 0 ? "refuses" : "refuse"} it: a variant that does not support the operation)`,
  };
}

/** Files carrying the same constant-return function and TODO before the TODO reads as a scaffold's, not a gap. */
const MIN_SCAFFOLD_COPIES = 3;
/** A folder of scaffolds new modules are copied from: `drivers/template/`, `templates/`, `scaffold/`, `skeleton/`. */
const SCAFFOLD_DIR = /(^|\/)(templates?|scaffolds?|skeletons?|boilerplate)\//i;

/**
 * A constant return beside a TODO that several modules carry word for word (`Init` returning nil beside "TODO: login /
 * refresh token" in many drivers), or that a scaffold folder holds (`drivers/template/driver.go`), is the scaffold's
 * comment copied with the function: each module was generated from it, and the TODO names nothing this one lacks.
 * Low, saying so.
 */
function lowerScaffoldCopies(findings: ReportedFinding[]): ReportedFinding[] {
  const groups = new Map<string, ReportedFinding[]>();
  for (const finding of findings) {
    const todo = / beside "([^"]*)"$/.exec(finding.message)?.[1];
    if (!finding.key.startsWith("constant:") || !todo || !finding.location?.path) continue;
    const group = `${finding.key}\u0000${todo}`;
    groups.set(group, [...(groups.get(group) ?? []), finding]);
  }
  const lowered = new Map<ReportedFinding, ReportedFinding>();
  for (const group of groups.values()) {
    const paths = new Set(group.map((f) => f.location?.path ?? ""));
    const scaffold = [...paths].find((path) => SCAFFOLD_DIR.test(path));
    if (paths.size < MIN_SCAFFOLD_COPIES && !scaffold) continue;
    for (const finding of group)
      if (finding.severity !== "low" && finding.severity !== "info")
        lowered.set(finding, {
          ...finding,
          severity: "low",
          message: `${finding.message} (low: ${
            scaffold
              ? `the scaffold ${scaffold} carries the same function and TODO`
              : `${paths.size} files carry the same function and TODO`
          }: a comment copied from a template, not a gap of this module)`,
        });
  }
  return findings.map((finding) => lowered.get(finding) ?? finding);
}

function isNotImplementedRaise(statement: string): boolean {
  if (NOT_IMPLEMENTED_TYPE.test(statement)) return true;
  return RAISE_WITH_MESSAGE.test(statement) && NOT_IMPLEMENTED_MESSAGE.test(firstLine(statement));
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").trim();
}

/** Every parameter is marked unused (`_user`, `_`): the answer cannot depend on who asks or about what. */
function ignoresArguments(ctx: FileRuleContext, fn: FunctionMetric): boolean {
  const header = ctx.lines.slice(fn.startLine - 1, Math.min(fn.endLine, fn.startLine + 2)).join(" ");
  const params = (/\(([^()]*)\)/.exec(header)?.[1] ?? "")
    .split(",")
    .map((param) => param.trim())
    .filter((param) => param && !/^(self|this|cls)\b/.test(param));
  return params.length > 0 && params.every((param) => /^_\w*(\s*[:=].*)?$/.test(param));
}

// `total_cost_usd: 0.0, # TODO: query cost data` — a field filled with a zero or nil where a computed value belongs.
const PLACEHOLDER_FIELD =
  /^\s*["']?([A-Za-z_][\w]*)["']?\s*(?::|=>|=)\s*(0|0\.0|nil|None|null)\s*,?\s*(?:(?:#|\/\/).*)?$/;

/**
 * The line sits straight in a class body (`class LinkShare { sharingType = 0 … }`, a Python class attribute): the
 * nearest line above it with less indentation opens the class.
 */
function inClassBody(lines: readonly string[], line: number): boolean {
  const indent = (text: string): number => /^\s*/.exec(text)?.[0].length ?? 0;
  const own = indent(lines[line - 1] ?? "");
  for (let index = line - 2; index >= 0; index--) {
    const text = lines[index] ?? "";
    if (text.trim() === "" || indent(text) >= own) continue;
    return /^\s*(export\s+)?(default\s+)?(abstract\s+)?class\b/.test(text);
  }
  return false;
}

function reportPlaceholderValues(
  ctx: FileRuleContext,
  todos: readonly TodoComment[],
  reported: Set<number>,
  severity: "low" | undefined,
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
      // A class field's initial value is a default the constructor or callers overwrite, not a computed result.
      if (/^\s*\w+\s*=[^=>]/.test(text) && inClassBody(ctx.lines, line)) continue;
      // A nil pointer field of a Go options struct whose other fields take addresses (`LoginName: &form.LoginName`)
      // means "leave this one unchanged": an option not offered yet, not a result that reads as computed.
      if (ctx.language === "go" && match[2] === "nil" && siblingFieldsTakeAddresses(ctx.lines, line))
        continue;
      reported.add(line);
      ctx.report({
        line,
        message: `${match[1]} is hard-coded to ${match[2]} beside "${todo.tag}: ${todo.text}"`,
        snippet: ctx.lines.slice(Math.min(todo.line, line) - 1, line).join("\n"),
        key: `placeholder:${match[1]}`,
        severity,
      });
      break;
    }
  }
}
