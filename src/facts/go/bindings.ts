// Which declaration a name in one Go file refers to, and the values assigned to it: a scope-aware lookup (by the
// function that declares the name) good enough to follow a variable to the router or middleware it holds.
import type { SgNode } from "@ast-grep/napi";
import { enclosingFunction, findKind, FUNCTION_KINDS } from "./syntax.js";

/** Key of a node by its extent (a call and the call on its receiver start at the same place). */
export const nodeKey = (node: SgNode | null): string =>
  node ? `${node.range().start.index}-${node.range().end.index}` : "file";

export class GoBindings {
  private readonly declared = new Map<string, Set<string>>();
  private readonly definitions = new Map<string, SgNode[]>();
  private readonly functions = new Map<string, SgNode>();

  constructor(
    tree: SgNode,
    private readonly imports: Map<string, string>,
  ) {
    for (const kind of ["method_declaration", "function_declaration"]) {
      for (const fn of findKind(tree, kind)) {
        const name = fn.field("name")?.text();
        if (name) this.functions.set(name, fn);
      }
    }
    for (const kind of FUNCTION_KINDS) for (const fn of findKind(tree, kind)) this.readParameters(fn);
    for (const statement of findKind(tree, "short_var_declaration")) this.readAssignment(statement, true);
    for (const spec of findKind(tree, "var_spec")) this.readVarSpec(spec);
    for (const statement of findKind(tree, "assignment_statement")) this.readAssignment(statement, false);
  }

  /**
   * The binding an identifier refers to (`<function>#name` for the innermost function declaring it, `file#name`,
   * `pkg#name` for an import), or, for a field path such as `s.router`, one binding per file.
   */
  keyOf(node: SgNode): string {
    if (node.kind() !== "identifier") {
      const text = node.text().replace(/\s+/g, "");
      return text === "http.DefaultServeMux" && this.imports.get("http") === "net/http"
        ? "pkg#http"
        : `field#${text}`;
    }
    const name = node.text();
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
      const scope = nodeKey(fn);
      if (this.declared.get(scope)?.has(name)) return `${scope}#${name}`;
    }
    if (!this.declared.get("file")?.has(name) && this.imports.has(name)) return `pkg#${name}`;
    return `file#${name}`;
  }

  /** Values given to a binding (`:=`, `var … =`, `=`), in source order. */
  definitionsOf(key: string): readonly SgNode[] | undefined {
    return this.definitions.get(key);
  }

  isDefined(key: string): boolean {
    return this.definitions.has(key);
  }

  /** A function or method declared in this file under that name. */
  functionNamed(name: string): SgNode | undefined {
    return this.functions.get(name);
  }

  private declare(scope: SgNode | null, name: string, value: SgNode | null): void {
    const key = nodeKey(scope);
    const names = this.declared.get(key) ?? new Set<string>();
    names.add(name);
    this.declared.set(key, names);
    if (value) this.define(`${key}#${name}`, value);
  }

  private define(key: string, value: SgNode): void {
    this.definitions.set(key, [...(this.definitions.get(key) ?? []), value]);
  }

  private readParameters(fn: SgNode): void {
    for (const list of [fn.field("receiver"), fn.field("parameters")]) {
      for (const decl of list?.children() ?? []) {
        if (decl.kind() !== "parameter_declaration" && decl.kind() !== "variadic_parameter_declaration")
          continue;
        for (const id of decl.children()) if (id.kind() === "identifier") this.declare(fn, id.text(), null);
      }
    }
  }

  private readVarSpec(spec: SgNode): void {
    const names = spec.children().filter((child) => child.kind() === "identifier");
    const values =
      spec
        .children()
        .find((child) => child.kind() === "expression_list")
        ?.children()
        .filter((child) => child.isNamed()) ?? [];
    const scope = enclosingFunction(spec);
    names.forEach((id, i) =>
      this.declare(scope, id.text(), values.length === names.length ? values[i]! : null),
    );
  }

  private readAssignment(statement: SgNode, declares: boolean): void {
    const named = (node: SgNode | null): SgNode[] =>
      node?.children().filter((child) => child.isNamed()) ?? [];
    const left = named(statement.field("left"));
    const right = named(statement.field("right"));
    left.forEach((target, i) => {
      if (target.kind() !== "identifier" && target.kind() !== "selector_expression") return;
      const value = right.length === left.length ? right[i]! : null;
      if (declares && target.kind() === "identifier")
        this.declare(enclosingFunction(statement), target.text(), value);
      else if (value) this.define(this.keyOf(target), value);
    });
  }
}
