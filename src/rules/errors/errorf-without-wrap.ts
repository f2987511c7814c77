// go/errorf-without-wrap: fmt.Errorf formats an error with %v/%s, so errors.Is/As cannot see the cause.
import type { SgNode } from "@ast-grep/napi";
import { callArguments, findKind, importMap, isPackageCall, stringValue } from "../../facts/go/syntax.js";
import { unifiedDiffForEdits, type TextEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";
import { errorBinding } from "../shared/go-error-bindings.js";

const ERROR_NAME = /^(err|e|[a-z]\w*Err|err[A-Z]\w*)$/;
/** A formatting directive or an escaped `%%`: flags, width, precision, optional argument index, verb. */
const DIRECTIVE = /%%|%([-+# 0]*)(\[\d+\])?([0-9*]*(?:\.[0-9*]*)?)(\[\d+\])?([a-zA-Z])/g;

interface Directive {
  /** Offset of the `%` in the literal's source text. */
  offset: number;
  verb: string;
  /** Flags, width, precision or an explicit argument index: anything that makes the mapping to arguments or the rewrite uncertain. */
  decorated: boolean;
}

export default defineRule({
  id: "go/errorf-without-wrap",
  area: "errors",
  severity: "low",
  title: "fmt.Errorf formats an error with %v instead of wrapping it with %w",
  effortMinutes: 5,
  confidence: "heuristic",
  languages: ["go"],
  prefilter: /Errorf/,
  notes: [
    "An argument counts as an error when it is an identifier named err, e, *Err or err* (the Go convention) and its binding does not make it something else (a recover() value, a type-switch branch other than `case error:`, a parameter or variable of another type); the verb it fills must be %v or %s and the format must have no %w.",
    "One finding per file (at the first call, listing every line), so library code that deliberately hides causes is not a flood.",
    "The finding carries one patch for the file turning the error's plain `%v`/`%s` into `%w` in every call where that is certain: the format is a single string literal with one plain directive per argument (no `*`, no `[n]` index, no flags), exactly one argument is an error by the naming convention, and every binding of that name in the innermost function binding it makes it an error (an `error` parameter, result or variable, the last result of a multi-value call, a single-value call other than recover(), `x.(error)`, the `case error:` branch of a type switch). A name bound by recover(), a channel receive, a range or another type-switch branch gets no patch (`%w` of a non-error prints `%!w(...)`). Other calls stay in the message without a patch.",
  ],
  docs: {
    rationale: "%v turns the cause into text: errors.Is and errors.As no longer find it in the chain.",
    impact: "Callers cannot tell a not-found from a timeout and retry, map or report errors wrongly.",
    fix: "Use %w for the error argument (Go 1.13+).",
    example: {
      language: "go",
      bad: 'return fmt.Errorf("load user %d: %v", id, err)',
      good: 'return fmt.Errorf("load user %d: %w", id, err)',
    },
  },
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const hits: Array<{ call: SgNode; name: string; verb: string }> = [];
    const edits: TextEdit[] = [];
    for (const call of findKind(tree, "call_expression")) {
      if (!isPackageCall(call, imports, "fmt", ["Errorf"])) continue;
      const [format, ...args] = callArguments(call);
      const value = format ? stringValue(format) : null;
      if (!format || value === null || value.includes("%w")) continue;
      const directives = directivesOf(value);
      const verbs = directives.map((d) => d.verb);
      const wrapped = args.findIndex(
        (arg, index) =>
          arg.kind() === "identifier" &&
          ERROR_NAME.test(arg.text()) &&
          (verbs[index] === "v" || verbs[index] === "s") &&
          errorBinding(arg) !== "not-error",
      );
      if (wrapped === -1) continue;
      hits.push({ call, name: args[wrapped]?.text() ?? "err", verb: verbs[wrapped] ?? "v" });
      const edit = wrapEdit(format, value, directives, args);
      if (edit) edits.push(edit);
    }
    const first = hits[0];
    if (!first) return;
    const lines = hits.map((hit) => hit.call.range().start.line + 1);
    const message =
      hits.length === 1
        ? `fmt.Errorf formats ${first.name} with %${first.verb}; use %w to keep the error chain`
        : `${hits.length} fmt.Errorf calls format an error with %v/%s instead of %w (lines ${lines.join(", ")})`;
    report({
      node: first.call,
      message,
      key: "errorf-v",
      patch: edits.length > 0 ? unifiedDiffForEdits(path, text, edits) : null,
    });
  },
});

/** The directives of a format string's source text, `%%` excluded. */
function directivesOf(source: string): Directive[] {
  const out: Directive[] = [];
  for (const match of source.matchAll(DIRECTIVE)) {
    if (match[0] === "%%") continue;
    out.push({
      offset: match.index,
      verb: match[5] ?? "",
      decorated: Boolean(match[1] || match[2] || match[3] || match[4]),
    });
  }
  return out;
}

/** The `%v`→`%w` edit for one call, or null when which argument is the error, or that it is one, is uncertain. */
function wrapEdit(format: SgNode, source: string, directives: Directive[], args: SgNode[]): TextEdit | null {
  // An escaped percent sign (`\x25`, `\045`, `\u0025`) would hide a directive from the count.
  if (format.kind() === "interpreted_string_literal" && /\\(x25|045|u0025|U00000025)/i.test(source))
    return null;
  if (directives.length !== args.length || directives.some((d) => d.decorated)) return null;
  const candidates = args
    .map((arg, index) => ({ arg, directive: directives[index] as Directive }))
    .filter(
      ({ arg, directive }) =>
        arg.kind() === "identifier" &&
        ERROR_NAME.test(arg.text()) &&
        (directive.verb === "v" || directive.verb === "s") &&
        errorBinding(arg) !== "not-error",
    );
  const only = candidates[0];
  if (candidates.length !== 1 || !only || errorBinding(only.arg) !== "error") return null;
  // +1: the offset is inside the literal, after its opening quote; +1 again: the verb follows the `%`.
  const at = format.range().start.index + 1 + only.directive.offset + 1;
  return { start: at, end: at + 1, inserted: "w" };
}
