// Whether a Go identifier holds an error, judged from how its name is bound — for rules that rely on the
// `err` naming convention but must not act on the exceptions (`err := recover()`, type-switch branches).
import type { SgNode } from "@ast-grep/napi";
import { assignments, findKind, FUNCTION_KINDS } from "../../facts/go/syntax.js";

/** "error": every binding says so; "not-error": some binding says otherwise; "unknown": no binding decides. */
export type ErrorBinding = "error" | "not-error" | "unknown";

/**
 * How the identifier's name is bound in the innermost function that binds it before the use: `error`
 * parameters, results and variables, the last result of a multi-value call, errors.New/fmt.Errorf (or any
 * call, for a name that is plain `err`) and `x.(error)` make it an error; recover(), string helpers, other
 * declared types and type-switch branches other than `case error:` make it something else; channel
 * receives, ranges and copies decide nothing.
 */
export function errorBinding(identifier: SgNode): ErrorBinding {
  const name = identifier.text();
  const use = identifier.range().start.index;
  for (let scope = identifier.parent(); scope; scope = scope.parent()) {
    if (!FUNCTION_KINDS.has(String(scope.kind()))) continue;
    const verdicts = bindingsIn(scope, name, use);
    if (verdicts.length === 0) continue;
    if (verdicts.includes("not-error")) return "not-error";
    return verdicts.every((v) => v === "error") ? "error" : "unknown";
  }
  return "unknown";
}

/** The verdict of each binding of `name` made by `fn` itself (not by nested functions) before `use`. */
function bindingsIn(fn: SgNode, name: string, use: number): ErrorBinding[] {
  const fnStart = fn.range().start.index;
  const own = (node: SgNode): boolean =>
    node.range().start.index < use && enclosingFunctionStart(node) === fnStart;
  const names = (node: SgNode | null | undefined): boolean =>
    node?.children().some((c) => c.kind() === "identifier" && c.text() === name) ?? false;
  const verdicts: ErrorBinding[] = [];
  for (const list of [fn.field("parameters"), fn.field("result")])
    for (const decl of list?.kind() === "parameter_list" ? list.children() : [])
      if (decl.kind() === "parameter_declaration" && names(decl)) verdicts.push(ofType(decl.field("type")));
  for (const spec of findKind(fn, "var_spec"))
    if (own(spec) && names(spec)) {
      const type = spec.field("type");
      verdicts.push(type ? ofType(type) : "unknown");
    }
  for (const { statement, left, right } of assignments(fn)) {
    const index = left.findIndex((l) => l.kind() === "identifier" && l.text() === name);
    if (index === -1 || !own(statement)) continue;
    if (right.length === left.length) verdicts.push(ofValue(name, right[index]));
    else if (right.length === 1 && right[0]?.kind() === "call_expression")
      verdicts.push(index === left.length - 1 ? "error" : "unknown");
    else verdicts.push("unknown");
  }
  for (const kind of ["range_clause", "receive_statement"])
    for (const node of findKind(fn, kind))
      if (own(node) && names(node.field("left"))) verdicts.push("unknown");
  for (const sw of findKind(fn, "type_switch_statement")) {
    if (!own(sw) || sw.field("alias")?.text() !== name) continue;
    const branch = sw
      .children()
      .find(
        (c) => /case/.test(String(c.kind())) && c.range().start.index <= use && use < c.range().end.index,
      );
    if (!branch) continue;
    const types = branch
      .children()
      .filter((c) => c.isNamed() && c.kind() !== "statement_list" && c.kind() !== "comment");
    verdicts.push(
      branch.kind() === "type_case" && types.length === 1 && types[0]?.text() === "error"
        ? "error"
        : "not-error",
    );
  }
  return verdicts;
}

function ofType(type: SgNode | null): ErrorBinding {
  return type?.text() === "error" ? "error" : "not-error";
}

const MAKES_ERROR = /^(errors\.(New|Join|Unwrap)|fmt\.Errorf)$/;
const MAKES_OTHER = /^(recover|fmt\.Sprint\w*|strings\.\w+|strconv\.\w+|string|len)$/;

/**
 * A single expression assigned to the name: error constructors make an error, recover() and string helpers
 * something else; any other call yields an error only when the name is plain `err` (`err := f.Close()`).
 */
function ofValue(name: string, value: SgNode | undefined): ErrorBinding {
  if (value?.kind() === "call_expression") {
    const callee = value.field("function")?.text() ?? "";
    if (MAKES_ERROR.test(callee)) return "error";
    if (MAKES_OTHER.test(callee)) return "not-error";
    return name === "err" ? "error" : "unknown";
  }
  if (value?.kind() === "type_assertion_expression") return ofType(value.field("type"));
  if (value?.kind() === "interpreted_string_literal" || value?.kind() === "raw_string_literal")
    return "not-error";
  return "unknown";
}

function enclosingFunctionStart(node: SgNode): number | null {
  for (let current = node.parent(); current; current = current.parent())
    if (FUNCTION_KINDS.has(String(current.kind()))) return current.range().start.index;
  return null;
}
