// Pure helpers over Go syntax trees (tree-sitter-go via ast-grep), shared by the Go facts and the go/* rules.
import { compareCodeUnits } from "../../util/compare-code-units.js";
import type { SgNode } from "@ast-grep/napi";
import { kindIndexOf } from "../../parse/kind-index.js";
import { goExcludedBuild, goTestHelper, isBuildPipeline, oneOffKind } from "../one-off-code.js";
import { isExamplePath as isDemoPath } from "../../repo/path-kind.js";

export { isTestBuild } from "../one-off-code.js";

export const FUNCTION_KINDS: ReadonlySet<string> = new Set<string>([
  "function_declaration",
  "method_declaration",
  "func_literal",
]);

export function lineOf(node: SgNode): number {
  return node.range().start.line + 1;
}

export function endLineOf(node: SgNode): number {
  return node.range().end.line + 1;
}

/**
 * Nodes of a kind under `root`, in document order. On a file's root this reads the engine's one search per file
 * (kinds declared by the analyzers and rules, parse/kind-index.ts), so the Go facts and rules asking for the same
 * kinds share it; the array is shared, never mutate it.
 */
export function findKind(root: SgNode, kind: string): readonly SgNode[] {
  return kindIndexOf(root)?.nodesOfKind(kind) ?? root.findAll({ rule: { kind } });
}

/** Every `a, b := f()` and `a, b = f()` with its named left- and right-hand expressions. */
export function assignments(root: SgNode): Array<{ statement: SgNode; left: SgNode[]; right: SgNode[] }> {
  return [...findKind(root, "short_var_declaration"), ...findKind(root, "assignment_statement")].map(
    (statement) => ({ statement, ...assignmentSides(statement) }),
  );
}

/** The named expressions on each side of one assignment or short variable declaration. */
export function assignmentSides(statement: SgNode): { left: SgNode[]; right: SgNode[] } {
  const named = (node: SgNode | null): SgNode[] => node?.children().filter((child) => child.isNamed()) ?? [];
  return { left: named(statement.field("left")), right: named(statement.field("right")) };
}

/** Local name → import path for a file (`import y "gopkg.in/yaml.v3"`, `"github.com/x/v2"` → `x`). */
export function importMap(root: SgNode): Map<string, string> {
  const map = new Map<string, string>();
  for (const spec of findKind(root, "import_spec")) {
    const pathNode = spec.field("path");
    if (!pathNode) continue;
    const path = stringValue(pathNode) ?? "";
    const alias = spec.field("name")?.text();
    if (alias === "_" || alias === ".") continue;
    map.set(alias ?? defaultImportName(path), path);
  }
  return map;
}

export function defaultImportName(path: string): string {
  const parts = path.split("/");
  let last = parts[parts.length - 1] ?? path;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2] ?? last;
  last = last
    .replace(/\.v\d+$/, "")
    .replace(/^go-/, "")
    .replace(/-go$/, "");
  return last.replace(/[^A-Za-z0-9_]/g, "");
}

/** The value of a string literal node, or null when the node is not one. */
export function stringValue(node: SgNode): string | null {
  const kind = node.kind();
  if (kind === "interpreted_string_literal") return node.text().slice(1, -1);
  if (kind === "raw_string_literal") return node.text().slice(1, -1);
  return null;
}

export interface Callee {
  /** `pkg` for `pkg.Fn(...)`, the receiver expression text for `x.y.Method(...)`, null for `Fn(...)`. */
  receiver: string | null;
  name: string;
  /** The receiver's node, when there is one. */
  receiverNode: SgNode | null;
}

export function calleeOf(call: SgNode): Callee | null {
  const fn = call.field("function");
  if (!fn) return null;
  const kind = fn.kind();
  if (kind === "identifier") return { receiver: null, name: fn.text(), receiverNode: null };
  if (kind === "selector_expression") {
    const operand = fn.field("operand");
    const field = fn.field("field");
    if (!operand || !field) return null;
    // The receiver's text is read when asked for: most callers look at the name first, and the text of a
    // chained receiver (`a.B(…).C(…).D()`) is the whole chain, read again for every call in it.
    let receiver: string | undefined;
    return {
      get receiver(): string {
        receiver ??= operand.text();
        return receiver;
      },
      name: field.text(),
      receiverNode: operand,
    };
  }
  return null;
}

/** True when `call` is `<alias of importPath>.<name>(...)` for one of the names. */
export function isPackageCall(
  call: SgNode,
  imports: Map<string, string>,
  importPath: string,
  names: readonly string[],
): boolean {
  // calleeOf's test, cheapest reads first: the name, then the receiver's kind, then its text.
  const fn = call.field("function");
  if (!fn || fn.kind() !== "selector_expression") return false;
  const operand = fn.field("operand");
  const field = fn.field("field");
  if (!operand || !field || !names.includes(field.text())) return false;
  return operand.kind() === "identifier" && imports.get(operand.text()) === importPath;
}

/**
 * Calls `x.Name(…)` whose selected name is one of `names`, in document order. The name is matched natively (a
 * regex in the search), so that the file's other calls never cross into JavaScript: reading each call's callee
 * there cost more than the rest of the Go facts together.
 */
export function selectorCallsNamed(root: SgNode, names: readonly string[]): SgNode[] {
  return root.findAll({
    rule: {
      kind: "call_expression",
      has: {
        field: "function",
        kind: "selector_expression",
        has: { field: "field", regex: `^(${names.join("|")})$` },
      },
    },
  });
}

export function callArguments(call: SgNode): SgNode[] {
  return (call.field("arguments")?.children() ?? []).filter(
    (child) => child.isNamed() && child.kind() !== "comment",
  );
}

export function enclosingFunction(node: SgNode): SgNode | null {
  let current = node.parent();
  while (current) {
    if (FUNCTION_KINDS.has(String(current.kind()))) return current;
    current = current.parent();
  }
  return null;
}

/** The outermost function (declaration or method) around a node. */
export function outerFunction(node: SgNode): SgNode | null {
  let found: SgNode | null = null;
  let current = node.parent();
  while (current) {
    if (FUNCTION_KINDS.has(String(current.kind()))) found = current;
    current = current.parent();
  }
  return found;
}

/** `Type{...}` / `&Type{...}` composite literals of a package type, e.g. http.Server. */
export function compositeLiteralsOf(
  root: SgNode,
  imports: Map<string, string>,
  importPath: string,
  typeName: string,
): SgNode[] {
  return findKind(root, "composite_literal").filter((literal) => {
    const type = literal.field("type");
    if (type?.kind() !== "qualified_type") return false;
    const pkg = type.field("package")?.text() ?? "";
    return imports.get(pkg) === importPath && type.field("name")?.text() === typeName;
  });
}

/** Keyed elements of a composite literal: key → value node. */
export function literalKeys(literal: SgNode): Map<string, SgNode> {
  const keys = new Map<string, SgNode>();
  const body = literal.field("body");
  for (const element of body?.children() ?? []) {
    if (element.kind() !== "keyed_element") continue;
    const parts = element.children().filter((child) => child.isNamed() && child.kind() !== "comment");
    const key = parts[0];
    const value = parts[1];
    if (key && value)
      keys.set(key.text(), value.kind() === "literal_element" ? (value.child(0) ?? value) : value);
  }
  return keys;
}

/** Identifiers named as parameters of a function node, with their type text. */
export function parametersOf(fn: SgNode): Array<{ name: string; type: string }> {
  const params = fn.field("parameters");
  const out: Array<{ name: string; type: string }> = [];
  for (const decl of params?.children() ?? []) {
    if (decl.kind() !== "parameter_declaration") continue;
    const type = decl.field("type")?.text() ?? "";
    for (const child of decl.children())
      if (child.kind() === "identifier") out.push({ name: child.text(), type });
  }
  return out;
}

/** Whether a function declaration's results end in `error`. */
export function returnsError(fn: SgNode): boolean {
  const result = fn.field("result");
  if (!result) return false;
  if (result.kind() === "type_identifier") return result.text() === "error";
  if (result.kind() === "parameter_list") {
    const decls = result.children().filter((child) => child.kind() === "parameter_declaration");
    return decls[decls.length - 1]?.field("type")?.text() === "error";
  }
  return false;
}

/** Names of the file's top-level functions whose results end in `error`. */
export function errorReturningFunctions(root: SgNode): Set<string> {
  const names = new Set<string>();
  for (const fn of findKind(root, "function_declaration")) {
    const name = fn.field("name")?.text();
    if (name && returnsError(fn)) names.add(name);
  }
  return names;
}

/** Text of a node with Go comments stripped is not needed; identifiers used anywhere under a node. */
export function identifiersUnder(node: SgNode): Set<string> {
  const names = new Set<string>();
  for (const id of findKind(node, "identifier")) names.add(id.text());
  return names;
}

/**
 * Example, script, migration and test-helper folders (facts/one-off-code.ts), demo and example packages named as one
 * (`demo_api/`, `kitchensink/`: repo/path-kind) and the packaging and CI folders (`build/`, `ci/`), where a risky
 * pattern matters less than in the service itself; with the file's text, also a tool program, test code outside
 * `_test.go` (a harness taking `*testing.T` or importing testify, a file built only for tests: `//go:build unit`) and
 * a file no build compiles (`//go:build ignore`).
 */
export function isExamplePath(path: string, text?: string): boolean {
  return (
    oneOffKind(path) !== null ||
    isDemoPath(path) ||
    isPipelinePath(path) ||
    (text !== undefined &&
      (isToolProgram(path, text) || goTestHelper(text) || goExcludedBuild(text) !== null))
  );
}

/**
 * Go code in the repository's packaging and CI folders (`build/`, `ci/`, `.dagger/` at the root: the Go project
 * layout's place for "packaging and continuous integration"): build pipelines (Dagger, mage), the fixtures they start
 * (a mock OIDC server, a program seeding a Git server for integration tests). It never ships in the service.
 */
export function isPipelinePath(path: string): boolean {
  return isBuildPipeline(path) && path.endsWith(".go");
}

// golangci-lint and gosec suppressions: `//nolint:gosec`, `//nolint:all`, a bare `//nolint`, `// #nosec G402`.
const NOLINT = (linter: string): RegExp =>
  new RegExp(`//\\s*nolint(?::[\\w,-]*\\b(?:${linter}|all)\\b|(?![:\\w]))|#nosec\\b`);

/**
 * Whether the statement at 1-based `line` (through `endLine`) carries a suppression for `linter` on its lines or on the
 * comment line just above it: the team reviewed this spot for what the linter reports.
 */
export function saysNolint(lines: readonly string[], line: number, endLine: number, linter: string): boolean {
  const pattern = NOLINT(linter);
  for (let at = Math.max(1, line - 1); at <= endLine; at++) {
    const text = lines[at - 1] ?? "";
    if (at === line - 1 && !/^\s*\/\//.test(text)) continue;
    if (pattern.test(text)) return true;
  }
  return false;
}

/**
 * A program under tools/ (`tools/loadgen/main.go`, `package main`): a developer's tool run by hand. Library packages
 * under tools/ (`pocketbase/tools/…`) are not: only `package main` is a program.
 */
export function isToolProgram(path: string, text: string): boolean {
  return /(^|\/)tools?\//.test(path) && /^package main\b/m.test(text);
}

/** Identifiers declared as constants anywhere in the file. */
export function constantNames(root: SgNode): Set<string> {
  const names = new Set<string>();
  for (const spec of findKind(root, "const_spec"))
    for (const child of spec.children()) if (child.kind() === "identifier") names.add(child.text());
  return names;
}

/** The receiver name of a method declaration (`s` in `func (s *Server) Run()`), or null. */
export function receiverName(method: SgNode): string | null {
  if (method.kind() !== "method_declaration") return null;
  const decl = method
    .field("receiver")
    ?.children()
    .find((child) => child.kind() === "parameter_declaration");
  return (
    decl
      ?.children()
      .find((child) => child.kind() === "identifier")
      ?.text() ?? null
  );
}

/**
 * The command-line command a function belongs to, when it is one other than a server: a function taking a
 * `*cobra.Command` (or urfave/cli `*cli.Context`), or a method of a go-flags/kong style `XCommand`/`XCmd` type
 * (`CleanupCommand`, not `ServerCommand`). Its work runs once, by hand, and ends with the process.
 */
export function cliCommandOf(node: SgNode): string | null {
  const own = commandAround(node);
  if (own) return own;
  // A helper of the file called only from its commands (`uploadToHastebin` called by a cobra command's run function)
  // runs once per command as well. Referenced elsewhere in the file (as a value, from other functions), it is not told.
  const outer = outerFunction(node);
  const name = outer?.kind() === "function_declaration" ? outer.field("name")?.text() : undefined;
  if (!outer || !name || name === "main" || LONG_RUNNING.test(outer.text())) return null;
  const references = outer
    .getRoot()
    .root()
    .findAll({ rule: { kind: "identifier", regex: `^${name}$` } })
    .filter(
      (id) =>
        id.range().start.index < outer.range().start.index || id.range().end.index > outer.range().end.index,
    );
  if (references.length === 0) return null;
  const callers = new Set<string>();
  for (const reference of references) {
    const call = reference.parent();
    if (
      call?.kind() !== "call_expression" ||
      call.field("function")?.range().start.index !== reference.range().start.index
    )
      return null;
    // A command that serves or loops (a `serve` command's run function) is no one-shot run for its helpers.
    const command = commandAround(call);
    const commandBody = outerFunction(call)?.text() ?? "";
    if (!command || LONG_RUNNING.test(commandBody)) return null;
    callers.add(command);
  }
  return `${[...callers].sort(compareCodeUnits).join(", ")} (through ${name})`;
}

/** The command-line command whose own body (or a function nested in it) holds the node. */
function commandAround(node: SgNode): string | null {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    // Parameters may be unnamed (`func run(*cobra.Command, []string)`): read the declared types.
    const types = (fn.field("parameters")?.children() ?? [])
      .filter((decl) => decl.kind() === "parameter_declaration")
      .map((decl) => decl.field("type")?.text() ?? "");
    if (types.some((type) => /^\*\s*(cobra\.Command|cli\.Context)$/.test(type)))
      return fn.field("name")?.text() ?? "a cobra command";
    if (fn.kind() === "method_declaration") {
      const type = fn
        .field("receiver")
        ?.text()
        .match(/(\w+)\s*\)$/)?.[1];
      if (type && /(Command|Cmd)$/.test(type) && !/Serve|Server|Daemon|Worker|Agent/.test(type)) return type;
    }
    if (fn.kind() === "function_declaration" && fn.field("name")?.text() === "main") {
      const file = fn.getRoot().root().text();
      if (isOneShotProgram(file)) return "main (a one-shot program run on its arguments)";
    }
  }
  return null;
}

// What a long-running program does somewhere in its main file: serve, listen, wait for signals, tick, loop forever,
// or hand over to a server or command framework (`srv.Start()`, `app.Run()`, `rootCmd.Execute()`).
const LONG_RUNNING =
  /\bListenAndServe\w*\(|\.Serve\w*\(|\bnet\.Listen\w*\(|\bhttp\.Server\s*\{|\bsignal\.Notify\w*\(|\btime\.(?:NewTicker|Tick)\(|\bfor\s*\{|\.(?:Start|Run|Serve|Execute|Wait)\w*\(/;

/**
 * A main file of a one-shot program: `package main` whose work is taken from its positional arguments (`os.Args[1]`,
 * `flag.Arg(0)`, `flag.Args()`) and which starts nothing long-running — a tool a developer runs on one input
 * (fetch a URL, print the result, exit). A request hanging or a body left open there ends with the run.
 */
export function isOneShotProgram(text: string): boolean {
  return (
    /^package main\b/m.test(text) && /\bos\.Args\[|\bflag\.Args?\(/.test(text) && !LONG_RUNNING.test(text)
  );
}
