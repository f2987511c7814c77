// File analyzer for the Python symbol index: the names a module binds at its top level (functions, classes,
// assignments, imports, including those inside top-level `if`/`try`/`with` blocks) and every import statement
// anywhere in the file, with whether a failure of that import is handled (`except ImportError`) or cannot happen
// at run time (`if TYPE_CHECKING:`). Only top-level statements and import nodes cross from the syntax tree.
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer } from "../define.js";

export interface PythonImportSite {
  /** `from` imports: the module as written, dots of a relative import included (`..pkg.mod`, `.`). */
  module: string;
  /** Names imported from it (`from m import a, b as c` gives a and b); empty for `import m` and `*`. */
  names: Array<[name: string, line: number]>;
  /** `import a.b.c` (the module itself is imported) rather than `from a.b import c`. */
  plain: boolean;
  /** `from m import *`. */
  star: boolean;
  line: number;
  /** Inside a `try` whose handlers catch ImportError (or a broader exception): its failure is expected. */
  guarded: boolean;
  /** Inside `if TYPE_CHECKING:`: read by type checkers only. */
  typeOnly: boolean;
  /**
   * Inside a function, under an `if` (not TYPE_CHECKING): imported only when that branch runs, as an optional
   * feature's or edition's module is (`if settings.MULTI_ORGANIZATIONS: from app.orgs.models import Org`).
   */
  conditional?: boolean;
}

export interface PythonSymbolFile {
  /** Names bound at module level (definitions, assignments, imports), with their first line. */
  names: Array<[name: string, line: number]>;
  imports: PythonImportSite[];
  /** Modules whose names this module re-exports with `from m import *`, as written. */
  starFrom: string[];
  /** Why the module's names cannot be listed (a module `__getattr__`, writes to `globals()`), or null. */
  opaque: string | null;
  /** Top-level functions (also inside top-level `if`/`try` blocks): what an unused-function search looks at. */
  functions?: PythonFunctionDef[];
  /** Top-level classes with their bases as written (`Base`, `mixins.Audited`; keyword arguments left out). */
  classes?: Array<{ name: string; line: number; bases: string[] }>;
  /** The names listed in `__all__` (string literals), or absent when the module has none. */
  all?: Array<[name: string, line: number]>;
  /** Per function or `__all__` name: how often it occurs in the file beyond its own `def` and its `__all__` entry. */
  mentions?: Record<string, number>;
  /** What the file reads attributes of by computed names (`getattr(handlers, name)` gives `handlers`). */
  lookups?: string[];
  /** Static starts of module names the file imports by computed names (`import_module(f"app.plugins.{x}")`). */
  computedImports?: string[];
}

export interface PythonFunctionDef {
  name: string;
  line: number;
  endLine: number;
  /** Decorated: a decorator usually registers it (a route, a task, a signal receiver, a fixture). */
  decorated: boolean;
  /**
   * Kept on purpose though nothing here may call it, as its name, docstring or the comment at its head says: a
   * deprecated or backward-compatibility stub (`"""[DEPRECATED] …"""`), or a hook for tests (`_cleanup_tests`,
   * `"""… for testing"""`). Set only on functions the file names nowhere else.
   */
  keptFor?: "compatibility" | "tests";
}

const KEPT_FOR_COMPATIBILITY =
  /\bdeprecated\b|\bbackwards?[- ]?compat|\b(kept|retained|left|preserved) for (backwards? )?compat|\bfor (backwards? )?compatibility\b|\blegacy (alias|name|api)\b/i;
const KEPT_FOR_TESTS =
  /\b(for|by|in|from) (the |these |this )?(unit |regression )?test(s|ing|suite)?\b|\btest (helper|hook|support)\b|\bonly used (by|in) tests?\b/i;
const TEST_HOOK_NAME = /(^_*|_)(tests?|testing)(_|$)/i;

/** Why a function nothing names is kept anyway, read from its name and the lines around its head. */
function keptFor(fn: PythonFunctionDef, lines: string[]): PythonFunctionDef["keptFor"] {
  if (TEST_HOOK_NAME.test(fn.name)) return "tests";
  // Two comment lines above the `def`, then the head of its body: docstring and leading comments.
  const head: string[] = [];
  for (let at = fn.line - 2; at >= Math.max(0, fn.line - 3); at--) {
    const line = lines[at] ?? "";
    if (!/^\s*#/.test(line)) break;
    head.push(line);
  }
  head.push(...lines.slice(fn.line, Math.min(fn.endLine, fn.line + 4)));
  const joined = head.join("\n");
  // What the author says: comments, the docstring, and a deprecation warning's text (not code like `for test in`).
  const said = [
    ...[...joined.matchAll(/#.*$/gm)].map((match) => match[0]),
    ...[...joined.matchAll(/("""|'''|"|')([\s\S]*?)(\1|$)/g)].map((match) => match[2] ?? ""),
  ].join("\n");
  if (KEPT_FOR_COMPATIBILITY.test(said)) return "compatibility";
  if (KEPT_FOR_TESTS.test(said)) return "tests";
  return undefined;
}

export const pythonSymbolsAnalyzer = defineAnalyzer<PythonSymbolFile>({
  id: "python-symbols",
  languages: ["python"],
  needsTree: true,
  analyze({ tree, text }) {
    if (!tree) return undefined;
    return analyzePythonSymbols(tree, text);
  },
});

/** Statements whose blocks still bind names at module level. */
const COMPOUND = new Set([
  "if_statement",
  "elif_clause",
  "else_clause",
  "try_statement",
  "except_clause",
  "except_group_clause",
  "finally_clause",
  "with_statement",
  "for_statement",
  "while_statement",
  "block",
]);

export function analyzePythonSymbols(tree: SgNode, text: string): PythonSymbolFile {
  const facts: PythonSymbolFile = { names: [], imports: [], starFrom: [], opaque: null };
  const functions: PythonFunctionDef[] = [];
  const classes: NonNullable<PythonSymbolFile["classes"]> = [];
  const allNames: Array<[string, number]> = [];
  const seen = new Set<string>();
  const bind = (name: string, node: SgNode): void => {
    if (seen.has(name)) return;
    seen.add(name);
    facts.names.push([name, node.range().start.line + 1]);
  };
  const visit = (node: SgNode): void => {
    const kind = String(node.kind());
    if (kind === "function_definition" || kind === "class_definition") {
      const name = node.field("name");
      if (name) bind(name.text(), name);
      if (name && kind === "function_definition") functions.push(functionDef(name.text(), node, false));
      if (name && kind === "class_definition") classes.push(classDef(name.text(), node));
    } else if (kind === "decorated_definition") {
      const definition = node.field("definition");
      const name = definition?.field("name");
      if (name) bind(name.text(), name);
      if (name && definition?.kind() === "function_definition")
        functions.push(functionDef(name.text(), definition, true));
      if (name && definition?.kind() === "class_definition") classes.push(classDef(name.text(), definition));
    } else if (kind === "expression_statement") {
      for (const child of node.children()) {
        const childKind = child.kind();
        if (childKind === "assignment" || childKind === "augmented_assignment") bindTargets(child, bind);
        if (childKind === "assignment" || childKind === "augmented_assignment")
          if (child.field("left")?.text() === "__all__")
            for (const item of child.field("right")?.findAll({ rule: { kind: "string" } }) ?? [])
              allNames.push([
                item.text().replace(/^[a-zA-Z]*["']+|["']+$/g, ""),
                item.range().start.line + 1,
              ]);
      }
    } else if (kind === "type_alias_statement") {
      // `type Name = …` / `type Name[T] = …` (PEP 695): the keyword is an anonymous `type` token, the name the first
      // named `type` child, a generic_type when the alias takes parameters.
      const alias = node.children().find((child) => child.kind() === "type" && child.isNamed());
      const name =
        alias?.children().find((c) => c.kind() === "identifier") ??
        alias?.find({ rule: { kind: "identifier" } });
      if (name) bind(name.text(), name);
    } else if (kind === "import_statement" || kind === "import_from_statement") {
      for (const [name] of boundByImport(node)) bind(name, node);
    } else if (COMPOUND.has(kind)) {
      if (kind === "for_statement") {
        const left = node.field("left");
        if (left) bindPattern(left, bind);
      }
      if (kind === "with_statement")
        for (const alias of node.findAll({ rule: { kind: "as_pattern_target" } })) bindPattern(alias, bind);
      for (const child of node.children()) if (child.isNamed()) visit(child);
    }
  };
  for (const node of tree.children()) visit(node);
  if (seen.has("__getattr__")) facts.opaque = "a module-level __getattr__ supplies names at run time";
  else if (
    /\b(globals|vars)\s*\(\s*\)\s*(\[|\.update\b|\.setdefault\b)|\bsetattr\s*\(\s*sys\.modules\b|^\s*@(enum\.)?global_enum\b/m.test(
      text,
    )
  )
    // `@enum.global_enum` copies an enum's members into the module (`re.IGNORECASE`).
    facts.opaque = "names are written to globals() at run time";
  // `global x` inside a function binds x at module level when the function runs.
  if (/^\s*global\s/m.test(text))
    for (const statement of tree.findAll({ rule: { kind: "global_statement" } }))
      for (const name of statement.children()) if (name.kind() === "identifier") bind(name.text(), name);

  for (const node of tree.findAll({
    rule: { any: [{ kind: "import_statement" }, { kind: "import_from_statement" }] },
  }))
    readImport(node, facts);
  if (functions.length > 0) facts.functions = functions;
  if (classes.length > 0) facts.classes = classes;
  if (allNames.length > 0) facts.all = allNames;
  const mentions = mentionsBeyondDefinitions(text, functions, allNames);
  if (Object.keys(mentions).length > 0) facts.mentions = mentions;
  let lines: string[] | null = null;
  for (const fn of functions) {
    if ((mentions[fn.name] ?? 0) > 0 || fn.decorated) continue;
    lines ??= text.split("\n");
    const why = keptFor(fn, lines);
    if (why) fn.keptFor = why;
  }
  const lookups = new Set<string>();
  for (const match of text.matchAll(COMPUTED_GETATTR)) lookups.add(match[1] ?? "");
  if (lookups.size > 0) facts.lookups = [...lookups].sort();
  const prefixes = new Set<string>();
  for (const match of text.matchAll(COMPUTED_IMPORT)) if (match[2]) prefixes.add(match[2]);
  if (prefixes.size > 0) facts.computedImports = [...prefixes].sort();
  return facts;
}

/** `getattr(obj, name)` with a computed name: the object's dotted name. */
const COMPUTED_GETATTR = /\bgetattr\s*\(\s*([\w.]+)\s*,\s*(?!["'])/g;
/** `import_module(f"app.plugins.{name}")`, `__import__("app." + x)`: the literal start of the module name. */
const COMPUTED_IMPORT = /\b(?:import_module|__import__)\s*\(\s*(f["']|["'])([\w.]*)(?:\{|["']\s*\+)/g;

function classDef(name: string, node: SgNode): { name: string; line: number; bases: string[] } {
  const bases: string[] = [];
  for (const base of node.field("superclasses")?.children() ?? [])
    if (base.kind() === "identifier" || base.kind() === "attribute")
      bases.push(base.text().replace(/\s+/g, ""));
  return { name, line: node.range().start.line + 1, bases };
}

function functionDef(name: string, node: SgNode, decorated: boolean): PythonFunctionDef {
  return { name, line: node.range().start.line + 1, endLine: node.range().end.line + 1, decorated };
}

/**
 * For each top-level function and `__all__` name, its occurrences as a word in the file (comments and strings
 * included: a name in a string may be looked up by it) less its own `def` lines and its `__all__` entries.
 */
function mentionsBeyondDefinitions(
  text: string,
  functions: PythonFunctionDef[],
  allNames: Array<[string, number]>,
): Record<string, number> {
  const wanted = new Set([...functions.map((fn) => fn.name), ...allNames.map(([name]) => name)]);
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/[A-Za-z_]\w*/g))
    if (wanted.has(match[0])) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  const out: Record<string, number> = {};
  for (const name of wanted) {
    const own =
      functions.filter((fn) => fn.name === name).length +
      allNames.filter(([listed]) => listed === name).length;
    out[name] = Math.max(0, (counts.get(name) ?? 0) - own);
  }
  return out;
}

function readImport(node: SgNode, facts: PythonSymbolFile): void {
  const line = node.range().start.line + 1;
  const { guarded, typeOnly, conditional } = importContext(node);
  const when = conditional ? { conditional } : {};
  if (node.kind() === "import_statement") {
    for (const child of node.children()) {
      const dotted = child.kind() === "aliased_import" ? child.field("name") : child;
      if (dotted?.kind() !== "dotted_name") continue;
      facts.imports.push({
        module: dotted.text(),
        names: [],
        plain: true,
        star: false,
        line,
        guarded,
        typeOnly,
        ...when,
      });
    }
    return;
  }
  const moduleNode = node.field("module_name");
  if (!moduleNode) return;
  const module = moduleNode.text().replace(/\s+/g, "");
  const star = node.children().some((child) => child.kind() === "wildcard_import");
  const names: Array<[string, number]> = [];
  for (const child of node.children()) {
    if (child.range().start.index <= moduleNode.range().end.index) continue;
    const dotted = child.kind() === "aliased_import" ? child.field("name") : child;
    if (dotted?.kind() === "dotted_name") names.push([dotted.text(), dotted.range().start.line + 1]);
  }
  facts.imports.push({ module, names, plain: false, star, line, guarded, typeOnly, ...when });
  if (star && isTopLevel(node)) facts.starFrom.push(module);
}

/** The names an import statement binds in its scope. */
function boundByImport(node: SgNode): Array<[string, SgNode]> {
  const out: Array<[string, SgNode]> = [];
  if (node.kind() === "import_statement") {
    for (const child of node.children()) {
      if (child.kind() === "aliased_import") {
        const alias = child.field("alias");
        if (alias) out.push([alias.text(), alias]);
      } else if (child.kind() === "dotted_name") {
        // `import a.b.c` binds `a`.
        const first = child.children().find((part) => part.kind() === "identifier");
        if (first) out.push([first.text(), first]);
      }
    }
    return out;
  }
  const moduleEnd = node.field("module_name")?.range().end.index ?? -1;
  for (const child of node.children()) {
    if (child.range().start.index <= moduleEnd) continue;
    if (child.kind() === "aliased_import") {
      const alias = child.field("alias");
      if (alias) out.push([alias.text(), alias]);
    } else if (child.kind() === "dotted_name") out.push([child.text(), child]);
  }
  return out;
}

function bindTargets(assignment: SgNode, bind: (name: string, node: SgNode) => void): void {
  const left = assignment.field("left");
  if (left) bindPattern(left, bind);
  // `a = b = 1`: the right side is itself an assignment.
  const right = assignment.field("right");
  if (right?.kind() === "assignment") bindTargets(right, bind);
}

function bindPattern(pattern: SgNode, bind: (name: string, node: SgNode) => void): void {
  const kind = pattern.kind();
  if (kind === "identifier") bind(pattern.text(), pattern);
  else if (
    kind === "pattern_list" ||
    kind === "tuple_pattern" ||
    kind === "list_pattern" ||
    kind === "as_pattern_target" ||
    kind === "list_splat_pattern" ||
    kind === "parenthesized_expression"
  )
    for (const child of pattern.children()) if (child.isNamed()) bindPattern(child, bind);
}

function isTopLevel(node: SgNode): boolean {
  for (const ancestor of node.ancestors())
    if (ancestor.kind() === "function_definition" || ancestor.kind() === "class_definition") return false;
  return true;
}

/** Exceptions whose handler expects an import to fail. */
const IMPORT_ERRORS = /^(ImportError|ModuleNotFoundError|Exception|BaseException)$/;

function importContext(node: SgNode): { guarded: boolean; typeOnly: boolean; conditional: boolean } {
  let guarded = false;
  let typeOnly = false;
  let underIf = false;
  let conditional = false;
  let child = node;
  for (const ancestor of node.ancestors()) {
    const kind = ancestor.kind();
    // The first function around the import: an `if` met before it is inside that function.
    if (kind === "function_definition" && !conditional && underIf) conditional = true;
    if (
      kind === "try_statement" &&
      ancestor.field("body")?.range().start.index === child.range().start.index
    ) {
      for (const handler of ancestor.children()) {
        if (handler.kind() !== "except_clause") continue;
        const caught = handler.children().filter((part) => part.isNamed() && part.kind() !== "block");
        // A bare `except:` catches everything.
        if (caught.length === 0) guarded = true;
        for (const part of caught)
          for (const name of part
            .text()
            .replace(/[()]/g, " ")
            .split(/[\s,]+/))
            if (IMPORT_ERRORS.test(name.replace(/\s+as\s+\w+$/, "").trim())) guarded = true;
      }
    }
    if (kind === "if_statement") {
      const condition = ancestor.field("condition")?.text() ?? "";
      if (/\bTYPE_CHECKING\b/.test(condition)) typeOnly = true;
      else underIf = true;
      // `if os.path.exists("hc/local_settings.py"): from hc import local_settings`, `if find_spec("x"):` — the
      // import runs only when what it loads is there.
      if (/\b(exists|isfile|is_file|find_spec|find_loader)\s*\(/.test(condition)) guarded = true;
    }
    child = ancestor;
  }
  return { guarded, typeOnly, conditional: conditional && !typeOnly };
}
