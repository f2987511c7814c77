// Python syntax-tree helpers shared by the python facts pack and the python/ rules: imports, call resolution,
// literal strings, enclosing functions and loops. Pure functions over ast-grep SgNodes.
import type { SgNode } from "@ast-grep/napi";
import { oneOffKind, pythonRunsByHand } from "../one-off-code.js";

export function findKind(node: SgNode, kind: string): SgNode[] {
  return node.findAll({ rule: { kind } });
}

/**
 * Local name → what it refers to: `import subprocess as sp` gives sp → subprocess; `from a.b import c` gives c → a.b.c.
 * Relative imports (`from .deps import x`) are skipped unless the importing file's package is given, which they are
 * resolved against (see pythonModuleOf).
 */
export function importMap(tree: SgNode, fromPackage?: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const statement of findKind(tree, "import_statement")) {
    for (const child of statement.children().filter((c) => c.isNamed())) {
      if (child.kind() === "dotted_name") {
        const first = child.text().split(".")[0] ?? child.text();
        map.set(first, first);
      } else if (child.kind() === "aliased_import") {
        const name = child.field("name")?.text();
        const alias = child.field("alias")?.text();
        if (name && alias) map.set(alias, name);
      }
    }
  }
  for (const statement of findKind(tree, "import_from_statement")) {
    const written = statement.field("module_name")?.text();
    const module =
      written?.startsWith(".") && fromPackage !== undefined ? absoluteModule(written, fromPackage) : written;
    if (!module || module.startsWith(".")) continue;
    for (const child of statement
      .children()
      .filter((c) => c.isNamed())
      .slice(1)) {
      if (child.kind() === "dotted_name") map.set(child.text(), `${module}.${child.text()}`);
      else if (child.kind() === "aliased_import") {
        const name = child.field("name")?.text();
        const alias = child.field("alias")?.text();
        if (name && alias) map.set(alias, `${module}.${name}`);
      }
    }
  }
  return map;
}

/** `.deps` from package `app.api` is `app.api.deps`; each further leading dot climbs one package. */
function absoluteModule(relative: string, fromPackage: string): string {
  const dots = /^\.+/.exec(relative)?.[0].length ?? 0;
  const base = fromPackage.split(".").filter(Boolean);
  const parent = base.slice(0, Math.max(0, base.length - (dots - 1)));
  const rest = relative.slice(dots);
  return [...parent, ...(rest ? [rest] : [])].join(".");
}

/**
 * A file's dotted module and the package its relative imports start from, derived from its path
 * (`app/api/deps.py` is module `app.api.deps` in package `app.api`; `app/main/__init__.py` is both `app.main`).
 * Source roots such as `src/` are kept: names imported absolutely are matched against these by suffix.
 */
export function pythonModuleOf(path: string): { module: string; pkg: string } {
  const parts = path.replace(/\.pyi?$/, "").split("/");
  const isPackage = parts[parts.length - 1] === "__init__";
  if (isPackage) parts.pop();
  const module = parts.join(".");
  return { module, pkg: isPackage ? module : parts.slice(0, -1).join(".") };
}

/** Top-level modules a file imports (absolute imports only), with the line of the first import. */
export function importedModules(tree: SgNode): Map<string, number> {
  const modules = new Map<string, number>();
  const add = (name: string | undefined, node: SgNode): void => {
    if (!name || name.startsWith(".")) return;
    const top = name.split(".")[0] ?? name;
    if (!modules.has(top)) modules.set(top, node.range().start.line + 1);
  };
  for (const statement of findKind(tree, "import_statement")) {
    for (const child of statement.children().filter((c) => c.isNamed())) {
      add(child.kind() === "aliased_import" ? child.field("name")?.text() : child.text(), statement);
    }
  }
  for (const statement of findKind(tree, "import_from_statement"))
    add(statement.field("module_name")?.text(), statement);
  return modules;
}

export interface Callee {
  /** The dotted name as written (`sp.run`, `self.session.execute`). */
  written: string;
  /** Resolved through imports (`subprocess.run`); equal to `written` when the base is not imported. */
  qualified: string;
  /** The last segment (`run`, `execute`). */
  name: string;
  /** The receiver expression of a method call, or null for a plain name. */
  receiver: SgNode | null;
}

export function calleeOf(call: SgNode, imports: Map<string, string>): Callee | null {
  const fn = call.field("function");
  if (!fn) return null;
  if (fn.kind() === "identifier") {
    const written = fn.text();
    return { written, qualified: imports.get(written) ?? written, name: written, receiver: null };
  }
  if (fn.kind() !== "attribute") return null;
  const receiver = fn.field("object");
  const name = fn.field("attribute")?.text() ?? "";
  const written = fn.text().replace(/\s+/g, "");
  const base = written.split(".")[0] ?? "";
  const resolved =
    /^[\w.]+$/.test(written) && imports.has(base)
      ? `${imports.get(base)}${written.slice(base.length)}`
      : written;
  return { written, qualified: resolved, name, receiver };
}

/** Positional arguments of a call (keyword arguments, *args and **kwargs excluded). */
export function positionalArgs(call: SgNode): SgNode[] {
  const list = call.field("arguments");
  if (!list || list.kind() !== "argument_list") return [];
  return list
    .children()
    .filter(
      (c) =>
        c.isNamed() &&
        !["keyword_argument", "list_splat", "dictionary_splat", "comment"].includes(String(c.kind())),
    );
}

export function keywordArg(call: SgNode, name: string): SgNode | null {
  const list = call.field("arguments");
  if (!list) return null;
  for (const child of list.children()) {
    if (child.kind() === "keyword_argument" && child.field("name")?.text() === name)
      return child.field("value");
  }
  return null;
}

/** Whether the call passes `**kwargs` (its keyword arguments are then unknown). */
export function hasKwargsSplat(call: SgNode): boolean {
  return (
    call
      .field("arguments")
      ?.children()
      .some((c) => c.kind() === "dictionary_splat") ?? false
  );
}

/** The value of a string literal without interpolation (also implicit concatenation of such), else null. */
export function stringValue(node: SgNode): string | null {
  if (node.kind() === "concatenated_string") {
    const parts = node
      .children()
      .filter((c) => c.isNamed())
      .map(stringValue);
    return parts.every((p) => p !== null) ? parts.join("") : null;
  }
  if (node.kind() !== "string") return null;
  if (node.children().some((c) => c.kind() === "interpolation")) return null;
  return node
    .children()
    .filter((c) => c.kind() === "string_content" || c.kind() === "escape_sequence")
    .map((c) => c.text())
    .join("");
}

export function isFString(node: SgNode): boolean {
  return node.kind() === "string" && node.children().some((c) => c.kind() === "interpolation");
}

/** Literal values: strings, numbers, True/False/None, and lists/tuples of them. */
export function isLiteral(node: SgNode): boolean {
  const kind = String(node.kind());
  if (["integer", "float", "true", "false", "none"].includes(String(kind))) return true;
  if (kind === "string" || kind === "concatenated_string") return stringValue(node) !== null;
  if (kind === "list" || kind === "tuple" || kind === "parenthesized_expression")
    return node
      .children()
      .filter((c) => c.isNamed())
      .every(isLiteral);
  return false;
}

const FUNCTION_KINDS = new Set(["function_definition", "lambda"]);
const LOOP_KINDS = new Set([
  "for_statement",
  "while_statement",
  "list_comprehension",
  "set_comprehension",
  "dictionary_comprehension",
  "generator_expression",
]);

/**
 * The command-line library whose command the function is (`@click.command()`, `@cli.command()`, typer's
 * `@app.command()`), from the file's imports; null for any other function. Such a function runs once per process.
 */
export function commandLineLibrary(fn: SgNode, imports: Map<string, string>): "click" | "typer" | null {
  const decorated = fn.parent();
  if (decorated?.kind() !== "decorated_definition") return null;
  const decorators = decorated.children().filter((child) => child.kind() === "decorator");
  if (!decorators.some((d) => /^@(click|\w+)\.(command|group)\b/.test(d.text()))) return null;
  const modules = new Set([...imports.values()].map((module) => module.split(".")[0]));
  if (modules.has("typer")) return "typer";
  return modules.has("click") ? "click" : null;
}

export function enclosingFunction(node: SgNode): SgNode | null {
  for (let p = node.parent(); p; p = p.parent()) if (FUNCTION_KINDS.has(String(p.kind()))) return p;
  return null;
}

/**
 * The per-environment config class around the node (`class DevelopmentConfig:`, `class TestingConfig:`, Flask
 * style), whose values only development and test runs read; null elsewhere.
 */
export function developmentClassOf(node: SgNode): string | null {
  for (let p = node.parent(); p; p = p.parent()) {
    const name = p.kind() === "class_definition" ? (p.field("name")?.text() ?? "") : "";
    // Words of the name (`TestingConfig` → testing, config), so that `LatestConfig` is not a test config.
    const words = name
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .toLowerCase()
      .split(/_+/);
    if (words.some((word) => /^(dev|develop|development|local|test|tests|testing)$/.test(word))) return name;
  }
  return null;
}

/** The innermost loop around the node inside its function, or null. */
export function enclosingLoop(node: SgNode): SgNode | null {
  for (let p = node.parent(); p; p = p.parent()) {
    if (FUNCTION_KINDS.has(String(p.kind())) || p.kind() === "class_definition") return null;
    if (LOOP_KINDS.has(String(p.kind()))) {
      // The iterable of a for loop is evaluated once; only the body repeats.
      if (p.kind() === "for_statement" && !isWithin(node, p.field("body"))) continue;
      return p;
    }
  }
  return null;
}

export function isWithin(node: SgNode, container: SgNode | null): boolean {
  if (!container) return false;
  const a = node.range();
  const b = container.range();
  return a.start.index >= b.start.index && a.end.index <= b.end.index;
}

/** The last plain assignment `name = value` before `at` in the same function (or module), or null. */
export function assignedValue(name: string, at: SgNode): SgNode | null {
  const scope = enclosingFunction(at) ?? at.getRoot().root();
  let found: SgNode | null = null;
  for (const assignment of findKind(scope, "assignment")) {
    if (assignment.range().start.index >= at.range().start.index) break;
    if (enclosingFunction(assignment)?.range().start.index !== enclosingFunction(at)?.range().start.index)
      continue;
    if (assignment.field("left")?.text() === name && assignment.field("right"))
      found = assignment.field("right");
  }
  return found;
}

/**
 * Everything a name can hold at `at`: the values of every plain assignment to it before `at` in the same function,
 * then at module level when the function assigns none, and the iterables of `for` loops that bind it around `at`.
 * Empty when the name is bound some other way (a parameter, `with … as`, an import).
 */
export function bindingsOf(name: string, at: SgNode): { values: SgNode[]; loops: SgNode[] } {
  const fn = enclosingFunction(at);
  const assigned = (scope: SgNode, inFunction: SgNode | null): SgNode[] =>
    findKind(scope, "assignment")
      .filter(
        (assignment) =>
          assignment.range().start.index < at.range().start.index &&
          enclosingFunction(assignment)?.range().start.index === inFunction?.range().start.index &&
          assignment.field("left")?.text() === name,
      )
      .flatMap((assignment) => assignment.field("right") ?? []);
  let values = fn ? assigned(fn, fn) : [];
  if (values.length === 0) values = assigned(at.getRoot().root(), null);
  const loops: SgNode[] = [];
  for (let p = at.parent(); p && p !== fn; p = p.parent()) {
    const clause = p.kind() === "for_statement" ? p : null;
    if (clause?.field("left")?.text() === name && clause.field("right")) loops.push(clause.field("right")!);
  }
  return { values, loops };
}

/** Whether the function body is only `pass`, `...` and a docstring. */
export function isEmptyBody(block: SgNode | null): boolean {
  if (!block) return true;
  return block
    .children()
    .filter((c) => c.isNamed() && c.kind() !== "comment")
    .every((statement) => {
      if (statement.kind() === "pass_statement") return true;
      if (statement.kind() !== "expression_statement") return false;
      const expr = statement.children().filter((c) => c.isNamed());
      return expr.length === 1 && (expr[0]?.kind() === "ellipsis" || expr[0]?.kind() === "string");
    });
}

export function line(node: SgNode): number {
  return node.range().start.line + 1;
}

/** Paths where a finding is less severe (facts/one-off-code.ts): examples, scripts, docs, tools, benchmarks, Django management commands. */
export function isAuxiliaryPath(path: string): boolean {
  return oneOffKind(path) === "script";
}

/**
 * Code run by hand, by its path (isAuxiliaryPath) or by what it says (facts/one-off-code.ts: invoke/fabric task
 * files, Django management commands and their base classes, interactive `__main__` scripts).
 */
export function isAuxiliaryCode(path: string, text: string): boolean {
  return isAuxiliaryPath(path) || (oneOffKind(path) === null && pythonRunsByHand(text));
}

/** Alembic/Django migration files: one-off code that runs once, inside the migration tool's connection. */
export function isMigrationPath(path: string): boolean {
  return oneOffKind(path) === "migration";
}

/** Test files by Python convention, beyond the index's own test detection. */
export function isPythonTestPath(path: string): boolean {
  return /(^|\/)(tests?|testing)\//.test(path) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(path);
}

/** PEP 503 normalised distribution name. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
