// Python syntax helpers both ORM readers share (Django models and migrations, SQLAlchemy models and Alembic
// revisions): callee names, literal sequences of strings, boolean options and class-level assignments.
import type { SgNode } from "@ast-grep/napi";
import { keywordArg, stringValue } from "../python/syntax.js";

/** A database option as written: a literal boolean, or "dynamic" when computed (`null=settings.X`). */
export type OptionValue = boolean | "dynamic";

/** The last segment of a call's callee (`models.CharField` → CharField), or null when it is not a name. */
export function calleeName(call: SgNode): string | null {
  const fn = call.field("function");
  if (!fn) return null;
  if (fn.kind() === "identifier") return fn.text();
  if (fn.kind() === "attribute") return fn.field("attribute")?.text() ?? null;
  return null;
}

/** A keyword option as written: literal True/False, "dynamic" when computed, undefined when absent. */
export function optionOf(call: SgNode, name: string): OptionValue | undefined {
  const value = keywordArg(call, name);
  if (!value) return undefined;
  if (value.kind() === "true") return true;
  if (value.kind() === "false") return false;
  return "dynamic";
}

export const isSequence = (node: SgNode): boolean =>
  ["list", "tuple", "set", "parenthesized_expression"].includes(String(node.kind()));

/** The elements of a literal list, tuple, set or parenthesised expression. */
export const elements = (node: SgNode): SgNode[] =>
  node.children().filter((child) => child.isNamed() && child.kind() !== "comment");

/** Strings of a literal sequence (`["a", "b"]`), or null when an element is not a plain string. */
export function stringList(node: SgNode | null | undefined): string[] | null {
  if (!node) return null;
  const single = stringValue(node);
  if (single !== null && node.kind() === "string") return [single];
  if (!isSequence(node)) return null;
  const values: string[] = [];
  for (const element of elements(node)) {
    const value = element.kind() === "string" ? stringValue(element) : null;
    if (value === null) return null;
    values.push(value);
  }
  return values;
}

/** Assignments directly in a class body: `name = value`, and `name: T = value` with its annotation. */
export function classAssignments(
  body: SgNode,
): Array<{ name: string; value: SgNode | null; annotation: SgNode | null; line: number }> {
  const out: Array<{ name: string; value: SgNode | null; annotation: SgNode | null; line: number }> = [];
  for (const statement of body.children()) {
    if (statement.kind() !== "expression_statement") continue;
    const assignment = statement.children().find((child) => child.kind() === "assignment");
    const left = assignment?.field("left");
    const value = assignment?.field("right") ?? null;
    const annotation = assignment?.field("type") ?? null;
    if (left?.kind() === "identifier" && (value || annotation))
      out.push({ name: left.text(), value, annotation, line: statement.range().start.line + 1 });
  }
  return out;
}

/** The class-level assignments that have a value (`name = value`, `name: T = value`). */
export function valuedAssignments(body: SgNode): Array<{ name: string; value: SgNode }> {
  const out: Array<{ name: string; value: SgNode }> = [];
  for (const { name, value } of classAssignments(body)) if (value) out.push({ name, value });
  return out;
}
