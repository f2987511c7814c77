// Helpers over the Elixir syntax tree (tree-sitter-elixir via ast-grep): call names, keyword lists, literals.
// Kinds, from parsing samples: `call` (first child `identifier` for `def`/`config`/`from`, or `dot` for `Repo.all`),
// `arguments`, `do_block`, `keywords` > `pair` > `keyword` ("app: ") + value, `tuple`, `list`, `string` > `quoted_content`,
// `atom` (":dev"), `alias` ("MyApp.Repo"), `anonymous_function` > `stab_clause`, `binary_operator`.
import type { SgNode } from "@ast-grep/napi";

/** The name a call is made by: `def`, `Repo.insert`, `MyApp.Repo.all`, `:ets.insert`; null for anything else. */
export function callName(node: SgNode): string | null {
  if (node.kind() !== "call") return null;
  const head = node.child(0);
  if (!head) return null;
  if (head.kind() === "identifier") return head.text();
  if (head.kind() === "dot") {
    const parts = head.children().filter((child) => child.isNamed());
    if (parts.length === 2 && parts[1]?.kind() === "identifier")
      return `${parts[0]?.text() ?? ""}.${parts[1].text()}`;
  }
  return null;
}

/** The receiver and function of a remote call (`Repo.insert` → ["Repo", "insert"]), or null. */
export function remoteCall(node: SgNode): { receiver: string; fn: string } | null {
  const name = callName(node);
  if (!name) return null;
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return null;
  return { receiver: name.slice(0, dot), fn: name.slice(dot + 1) };
}

/** A call's positional arguments (the children of its `arguments` node). */
export function callArguments(node: SgNode): SgNode[] {
  const args = node.children().find((child) => child.kind() === "arguments");
  return args ? args.children().filter((child) => child.isNamed()) : [];
}

/** A call's `do ... end` block, or null. */
export function doBlock(node: SgNode): SgNode | null {
  return node.children().find((child) => child.kind() === "do_block") ?? null;
}

/** The key of a keyword pair (`only: [...]` → "only"). */
export function pairKey(pair: SgNode): string {
  const key = pair
    .children()
    .find((child) => child.kind() === "keyword" || child.kind() === "quoted_keyword");
  return key ? key.text().trim().replace(/:$/, "").replace(/^"|"$/g, "") : "";
}

/** The value of a keyword pair. */
export function pairValue(pair: SgNode): SgNode | null {
  const named = pair.children().filter((child) => child.isNamed());
  return named[1] ?? null;
}

/** The pairs of a keyword list given as a `keywords` node or a `list` holding one. */
export function keywordPairs(node: SgNode | null | undefined): SgNode[] {
  if (!node) return [];
  if (node.kind() === "keywords") return node.children().filter((child) => child.kind() === "pair");
  if (node.kind() === "list")
    return node.children().flatMap((child) => (child.kind() === "keywords" ? keywordPairs(child) : []));
  return [];
}

/** Keyword pairs by key (first wins). */
export function keywordMap(node: SgNode | null | undefined): Map<string, SgNode> {
  const map = new Map<string, SgNode>();
  for (const pair of keywordPairs(node)) {
    const value = pairValue(pair);
    const key = pairKey(pair);
    if (value && !map.has(key)) map.set(key, value);
  }
  return map;
}

/** A literal's value: strings without interpolation, atoms, numbers, booleans, nil; null for anything computed. */
export function literal(node: SgNode | null | undefined): string | number | boolean | null {
  if (!node) return null;
  switch (node.kind()) {
    case "string":
    case "charlist":
      return isPlainString(node) ? stringContent(node) : null;
    case "atom":
      return node.text();
    case "quoted_atom":
      return node.text();
    case "integer":
      return Number(node.text().replace(/_/g, ""));
    case "float":
      return Number(node.text().replace(/_/g, ""));
    case "boolean":
      return node.text() === "true";
    case "nil":
      return "nil";
    default:
      return null;
  }
}

/** True for a string literal without `#{...}` interpolation. */
export function isPlainString(node: SgNode): boolean {
  return (
    (node.kind() === "string" || node.kind() === "charlist") &&
    !node.children().some((child) => child.kind() === "interpolation")
  );
}

/** True for a string literal with `#{...}` interpolation. */
export function isInterpolatedString(node: SgNode): boolean {
  return (
    (node.kind() === "string" || node.kind() === "sigil") &&
    node.children().some((child) => child.kind() === "interpolation")
  );
}

/** The text of a string literal between its quotes. */
export function stringContent(node: SgNode): string {
  return node
    .children()
    .filter((child) => child.kind() === "quoted_content" || child.kind() === "escape_sequence")
    .map((child) => child.text())
    .join("");
}

/** 1-based line of a node's start. */
export function lineOf(node: SgNode): number {
  return node.range().start.line + 1;
}

/** 1-based line of a node's end. */
export function endLineOf(node: SgNode): number {
  return node.range().end.line + 1;
}

/** Every `call` node under (and including) a node. */
export function calls(node: SgNode): SgNode[] {
  return node.findAll({ rule: { kind: "call" } });
}

/** The enclosing `def`/`defp` call of a node, or null. */
export function enclosingFunction(node: SgNode): SgNode | null {
  for (let current = node.parent(); current; current = current.parent()) {
    const name = callName(current);
    if (name === "def" || name === "defp" || name === "defmacro" || name === "defmacrop") return current;
  }
  return null;
}

/** The defined function's name of a `def`/`defp` call (`def change do` → "change"). */
export function definedName(defCall: SgNode): string | null {
  const first = callArguments(defCall)[0];
  if (!first) return null;
  if (first.kind() === "identifier") return first.text();
  if (first.kind() === "call") return callName(first);
  if (first.kind() === "binary_operator") {
    // `def f(x) when guard`
    const left = first.child(0);
    if (left?.kind() === "call") return callName(left);
    if (left?.kind() === "identifier") return left.text();
  }
  return null;
}

/** The `defmodule` name enclosing a node, or null. */
export function enclosingModule(node: SgNode): string | null {
  for (let current = node.parent(); current; current = current.parent()) {
    if (callName(current) === "defmodule") return callArguments(current)[0]?.text() ?? null;
  }
  return null;
}

/** The ancestors of a node, nearest first. */
export function* ancestors(node: SgNode): Generator<SgNode> {
  for (let current = node.parent(); current; current = current.parent()) yield current;
}

const ENUM_MODULES = new Set(["Enum", "Stream", "Task", "Flow"]);
const LOOP_FUNCTIONS =
  /^(map|each|flat_map|reduce|reduce_while|map_reduce|filter|reject|flat_map_reduce|async_stream|into|zip_with|with_index|group_by|sort_by|find|any\?|all\?|count|sum_by|uniq_by|frequencies_by|each_with_index)$/;

/**
 * The loop a node runs in: the `Enum.map/each/reduce…` (or `Stream.*`, `Task.async_stream`) call whose function
 * argument (an `fn` or `&capture`) contains the node, or the `for` comprehension whose body contains it; null otherwise.
 * Stops at the enclosing `def`.
 */
export function enclosingLoop(node: SgNode): SgNode | null {
  let child: SgNode = node;
  for (const ancestor of ancestors(node)) {
    const name = callName(ancestor);
    if (name === "def" || name === "defp") return null;
    if (
      ancestor.kind() === "anonymous_function" ||
      (ancestor.kind() === "unary_operator" && ancestor.text().startsWith("&"))
    ) {
      const args = ancestor.parent();
      const call = args?.kind() === "arguments" ? args.parent() : null;
      const remote = call ? remoteCall(call) : null;
      if (call && remote && ENUM_MODULES.has(remote.receiver) && LOOP_FUNCTIONS.test(remote.fn)) return call;
    }
    if (name === "for") {
      // Inside the comprehension's body (`do:` pair or do_block), not its generators.
      if (child.kind() === "do_block" || isForBody(ancestor, node)) return ancestor;
    }
    child = ancestor;
  }
  return null;
}

function isForBody(forCall: SgNode, node: SgNode): boolean {
  const block = doBlock(forCall);
  const body = block ?? keywordMap(callArguments(forCall).find((arg) => arg.kind() === "keywords")).get("do");
  if (!body) return false;
  const range = body.range();
  const at = node.range();
  return at.start.index >= range.start.index && at.end.index <= range.end.index;
}

/** True when a node runs inside `Repo.transaction(fn …)`, an `Ecto.Multi` pipeline or `Repo.transact`. */
export function insideTransaction(node: SgNode): boolean {
  for (const ancestor of ancestors(node)) {
    const remote = remoteCall(ancestor);
    if (remote && /(^|\.)Repo$/.test(remote.receiver) && /^transact(ion)?$/.test(remote.fn)) return true;
    if (remote && /(^|\.)Multi$/.test(remote.receiver)) return true;
    const name = callName(ancestor);
    if (name === "def" || name === "defp") return false;
  }
  return false;
}

/** The operator of a `binary_operator` node (`=`, `|>`, `in`, `not in` → "notin", `when`). */
export function operatorOf(binary: SgNode): string {
  return binary
    .children()
    .filter((child) => !child.isNamed())
    .map((child) => child.text())
    .join("");
}

/** The body of a `def`/`defp`/`defmodule`-like call: its `do ... end` block or its `do:` value. */
export function bodyOf(call: SgNode): SgNode | null {
  return (
    doBlock(call) ??
    keywordMap(callArguments(call).find((arg) => arg.kind() === "keywords")).get("do") ??
    null
  );
}

/** The name and parameters of a `def`/`defp` head (`def call(conn, opts) when ...` → call, [conn, opts]). */
export function definitionHead(defCall: SgNode): { name: string; params: SgNode[] } | null {
  let head = callArguments(defCall)[0];
  if (head?.kind() === "binary_operator" && operatorOf(head) === "when") head = head.child(0) ?? undefined;
  if (head?.kind() === "identifier") return { name: head.text(), params: [] };
  if (head?.kind() !== "call") return null;
  const name = callName(head);
  return name ? { name, params: callArguments(head) } : null;
}

/**
 * The `alias` directives directly in a module body, short name → full name: `alias A.B` (B → A.B),
 * `alias A.B, as: C` (C → A.B), `alias A.{B, C}` (B → A.B, C → A.C).
 */
export function moduleAliases(block: SgNode): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const call of block.children()) {
    if (callName(call) !== "alias") continue;
    const [target, options] = callArguments(call);
    if (target?.kind() === "alias") {
      const as = keywordMap(options?.kind() === "keywords" ? options : null).get("as");
      const short = as?.kind() === "alias" ? as.text() : target.text().split(".").pop()!;
      aliases.set(short, target.text());
    } else if (target?.kind() === "dot") {
      const [base, group] = target.children().filter((child) => child.isNamed());
      if (base?.kind() !== "alias" || group?.kind() !== "tuple") continue;
      for (const member of group.children().filter((child) => child.kind() === "alias"))
        aliases.set(member.text().split(".").pop()!, `${base.text()}.${member.text()}`);
    }
  }
  return aliases;
}

/** A module name as written, with its first segment expanded by the module's aliases (`Plug.Auth` → `MyWeb.Plug.Auth`). */
export function expandAlias(name: string, aliases: ReadonlyMap<string, string>): string {
  const [first, ...rest] = name.split(".");
  const full = first !== undefined ? aliases.get(first) : undefined;
  return full ? [full, ...rest].join(".") : name;
}

/** The full name of a `defmodule`, nested modules included (`defmodule A do defmodule B` → "A.B"). */
export function moduleName(defmodule: SgNode): string | null {
  const own = callArguments(defmodule)[0];
  if (own?.kind() !== "alias") return null;
  const outer = enclosingModuleCall(defmodule);
  const parent = outer ? moduleName(outer) : null;
  return parent ? `${parent}.${own.text()}` : own.text();
}

function enclosingModuleCall(node: SgNode): SgNode | null {
  for (const ancestor of ancestors(node)) if (callName(ancestor) === "defmodule") return ancestor;
  return null;
}

/** Atoms of an atom or a list (`:browser`, `[:browser, :auth]`, `~w(a b)a`) without their colons. */
export function atomsOf(node: SgNode | null | undefined): string[] {
  if (!node) return [];
  if (node.kind() === "atom") return [node.text().slice(1)];
  if (node.kind() === "list")
    return node
      .children()
      .filter((child) => child.kind() === "atom")
      .map((child) => child.text().slice(1));
  const words = /^~w[([{](.*)[)\]}]a$/s.exec(node.text());
  return words?.[1] ? words[1].split(/\s+/).filter(Boolean) : [];
}
