// Small syntax-tree helpers shared by the node/ rules (ast-grep trees of the typescript, tsx and javascript grammars).
import type { SgNode } from "@ast-grep/napi";

/** Scripts, tools, examples and benchmarks: code that does not serve production traffic. */
export function isToolingPath(path: string): boolean {
  return (
    /(^|\/)(scripts?|tools?|bin|examples?|samples?|demo|benchmarks?|bench|e2e|cypress|playwright|migrations?|seeds?|\.storybook|stories)\//.test(
      path,
    ) || /\.stories\.[jt]sx?$/.test(path)
  );
}

/** The 1-based line of a node. */
export function lineOf(node: SgNode): number {
  return node.range().start.line + 1;
}

/** First named argument of a call or `new` expression. */
export function firstArgument(call: SgNode): SgNode | null {
  const args = call.field("arguments");
  return args?.children().find((child) => child.isNamed() && child.kind() !== "comment") ?? null;
}

/** True for a string or a template string with no `${}`: text fixed in the source. */
export function isLiteralString(node: SgNode | null): boolean {
  if (!node) return false;
  if (node.kind() === "string") return true;
  if (node.kind() === "template_string")
    return !node.children().some((child) => child.kind() === "template_substitution");
  if (node.kind() === "binary_expression") {
    const left = node.field("left");
    const right = node.field("right");
    return isLiteralString(left) && isLiteralString(right);
  }
  if (node.kind() === "parenthesized_expression")
    return isLiteralString(node.children().find((c) => c.isNamed()) ?? null);
  return false;
}

/** True for text built at run time from pieces: a template with `${}` or a `+` concatenation that involves a non-literal. */
export function isInterpolated(node: SgNode | null): boolean {
  if (!node) return false;
  if (node.kind() === "template_string")
    return node.children().some((child) => child.kind() === "template_substitution");
  if (node.kind() === "binary_expression" && node.children().some((child) => child.text() === "+")) {
    const left = node.field("left");
    const right = node.field("right");
    const stringy = (n: SgNode | null): boolean =>
      !!n &&
      (n.kind() === "string" ||
        n.kind() === "template_string" ||
        (n.kind() === "binary_expression" && stringy(n.field("left"))));
    return (stringy(left) || stringy(right)) && !isLiteralString(node);
  }
  if (node.kind() === "parenthesized_expression")
    return isInterpolated(node.children().find((c) => c.isNamed()) ?? null);
  return false;
}

/** Local names a module is bound to in a file: namespaces (`import * as cp`, `const cp = require(..)`) and named imports (`{ exec as run }` → run ↦ exec). */
export function moduleBindings(
  tree: SgNode,
  modules: readonly string[],
): { namespaces: Set<string>; named: Map<string, string> } {
  const namespaces = new Set<string>();
  const named = new Map<string, string>();
  const isModule = (node: SgNode | null | undefined): boolean =>
    !!node && node.kind() === "string" && modules.includes(node.text().slice(1, -1));
  for (const statement of tree.findAll({ rule: { kind: "import_statement" } })) {
    if (!isModule(statement.field("source"))) continue;
    const clause = statement.children().find((child) => child.kind() === "import_clause");
    if (!clause) continue;
    for (const part of clause.children()) {
      if (part.kind() === "identifier") namespaces.add(part.text());
      else if (part.kind() === "namespace_import") {
        const id = part.children().find((c) => c.kind() === "identifier");
        if (id) namespaces.add(id.text());
      } else if (part.kind() === "named_imports") {
        for (const spec of part.children().filter((c) => c.kind() === "import_specifier")) {
          const name = spec.field("name")?.text();
          const alias = spec.field("alias")?.text();
          if (name) named.set(alias ?? name, name);
        }
      }
    }
  }
  for (const declarator of tree.findAll({ rule: { kind: "variable_declarator" } })) {
    const value = declarator.field("value");
    if (!value || value.kind() !== "call_expression" || value.field("function")?.text() !== "require")
      continue;
    if (!isModule(firstArgument(value))) continue;
    const target = declarator.field("name");
    if (!target) continue;
    if (target.kind() === "identifier") namespaces.add(target.text());
    else if (target.kind() === "object_pattern") {
      for (const child of target.children()) {
        if (child.kind() === "shorthand_property_identifier_pattern") named.set(child.text(), child.text());
        else if (child.kind() === "pair_pattern") {
          const key = child.field("key")?.text();
          const val = child.field("value")?.text();
          if (key && val) named.set(val, key);
        }
      }
    }
  }
  return { namespaces, named };
}

/** The function a call invokes, resolved against a module's bindings (`cp.exec` or imported `exec` → "exec"), or null. */
export function calledExport(
  call: SgNode,
  bindings: { namespaces: Set<string>; named: Map<string, string> },
): string | null {
  const callee = call.field("function");
  if (!callee) return null;
  if (callee.kind() === "identifier") return bindings.named.get(callee.text()) ?? null;
  if (callee.kind() === "member_expression") {
    const object = callee.field("object");
    const property = callee.field("property");
    if (object?.kind() === "identifier" && bindings.namespaces.has(object.text()) && property)
      return property.text();
  }
  return null;
}
