// File analyzer for the Elixir symbol index: the modules a file defines (nested names expanded), their functions
// with arities (default arguments widen them; defdelegate, defstruct, defexception, protocols), what each module
// aliases, imports and uses, the remote calls `Mod.fun(args)` with arity (pipes add one, captures `&Mod.fun/2`
// give theirs), and the words a module name or private function could be referenced by.
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer } from "../define.js";
import { escapeRegExp } from "../../util/escape-reg-exp.js";

export interface ElixirFunction {
  name: string;
  /** Fewest and most arguments it accepts (default arguments make a range). */
  arity: [number, number];
  kind: "def" | "defp" | "defmacro" | "defmacrop" | "defguard" | "defguardp" | "defdelegate";
  line: number;
  endLine: number;
  /** Marked `@impl`: a callback of a behaviour, called by the behaviour's code rather than by name. */
  impl?: true;
}

export interface ElixirModuleFacts {
  /** Full name with nesting expanded (`MyApp.Accounts.User`). */
  name: string;
  line: number;
  endLine: number;
  kind: "module" | "protocol" | "impl";
  functions: ElixirFunction[];
  /** Modules `use`d (aliases expanded): their `__using__` may define functions here. */
  uses: string[];
  /**
   * Aliases written inside this module's `quote` blocks (short name → full name): what its `__using__` (or a function
   * it dispatches to, `use MyAppWeb, :router`) may inject into the modules that `use` it.
   */
  quotedAliases?: Record<string, string>;
  /** Modules imported (expanded). */
  imports: string[];
  behaviours: string[];
  /** Declares `@callback`s: a behaviour others implement (by `@behaviour` or by `use`). */
  callbacks?: true;
  /** The types it declares (`@type`, `@typep`, `@opaque`) as `name/arity`. */
  types?: string[];
  /** `defstruct` or `defexception`: the struct functions exist. */
  struct: "struct" | "exception" | null;
  /**
   * Why the module's functions cannot all be listed, or null: `@before_compile`, a function whose name is
   * `unquote`d, a macro call that may define functions.
   */
  open: string | null;
}

export interface ElixirRemoteCall {
  /** The module as resolved in the file (aliases and nesting expanded; `__MODULE__` replaced). */
  module: string;
  /** The module exactly as written. */
  written: string;
  name: string;
  arity: number;
  line: number;
  /** The module the call is made from, or null at file level. */
  from: string | null;
  /**
   * Made in a module body outside any function (an argument of a macro such as Membrane's `def_options spec:`
   * or TypedStruct's `field`): where `Mod.t()` names a type the module declares, not a function.
   */
  moduleBody?: true;
}

export interface ElixirSymbolFile {
  modules: ElixirModuleFacts[];
  calls: ElixirRemoteCall[];
  /** Capitalised dotted words (`MyApp.Repo`, `Repo`) anywhere in the file, with their counts: how modules are named. */
  moduleWords: Record<string, number>;
  /** For each private function name: how often the name occurs in the file beyond its own definition heads. */
  privateMentions: Record<string, number>;
  /** The same for each public function name (`def`, `defmacro`, `defguard`, `defdelegate`). */
  publicMentions?: Record<string, number>;
  /** The file calls `apply/3`, `Module.concat` or similar: function and module references it makes are unknowable. */
  dynamic: string[];
}

const DEFINERS = [
  "defmodule",
  "defprotocol",
  "defimpl",
  "def",
  "defp",
  "defmacro",
  "defmacrop",
  "defguard",
  "defguardp",
  "defdelegate",
  "defstruct",
  "defexception",
  "alias",
  "import",
  "use",
  "require",
  "quote",
  // Macros whose blocks hold type expressions (`field :x, Mod.t()`), not calls.
  "typedstruct",
  "typed_schema",
  "typed_embedded_schema",
];

/** Calls that shape the symbol table, and `@behaviour`/`@before_compile` attributes: one native query. */
const STRUCTURE_RULE = {
  rule: {
    any: [
      {
        kind: "call",
        has: { field: "target", kind: "identifier", regex: `^(${DEFINERS.join("|")})$` },
      },
      {
        kind: "unary_operator",
        regex: "^@(behaviour|before_compile|spec|type|typep|opaque|callback|macrocallback)\\b",
      },
      { kind: "call", has: { field: "target", regex: "^(EEx\\.)?function_from_(string|file)$" } },
      { kind: "call", has: { field: "target", kind: "identifier", regex: "^defparsecp?$" } },
      {
        kind: "call",
        has: {
          field: "target",
          kind: "identifier",
          regex: "^(called|assert_called|assert_not_called|assert_called_exactly|assert_called_once)$",
        },
      },
    ],
  },
};

/**
 * `EEx.function_from_string(:def, :name, template, [:a, :b])` and `function_from_file` define a function at
 * compile time (the template becomes its body): a definition, not a call.
 */
const EEX_DEFINER = /^(?:EEx\.)?function_from_(?:string|file)$/;

/**
 * NimbleParsec's `defparsec(:name, combinator, opts \\ [])` defines the parser `name(binary, opts \\ [])` at compile
 * time (`defparsecp` a private one): a definition, not a call.
 */
const PARSEC_DEFINER = /^defparsecp?$/;

/**
 * Mock's assertion macros take a call *pattern* (`called(HTTP.get!(:_))`), matched against recorded calls and
 * never executed: the calls inside are not calls.
 */
const MOCK_PATTERN_MACRO =
  /^(?:called|assert_called|assert_not_called|assert_called_exactly|assert_called_once)$/;

/** Remote calls on an alias or `__MODULE__` receiver. */
const REMOTE_CALL_RULE = {
  rule: {
    kind: "call",
    has: {
      field: "target",
      kind: "dot",
      has: { field: "left", any: [{ kind: "alias" }, { kind: "identifier", regex: "^__MODULE__$" }] },
    },
  },
};

const DYNAMIC_CALL =
  /\b(apply|Module\.concat|Module\.safe_concat|String\.to_existing_atom|String\.to_atom|Code\.eval_string|Code\.eval_quoted|Module\.create|function_exported\?)\b/g;

export const elixirSymbolsAnalyzer = defineAnalyzer<ElixirSymbolFile>({
  id: "elixir-symbols",
  languages: ["elixir"],
  needsTree: true,
  analyze({ tree, text }) {
    if (!tree) return undefined;
    return analyzeElixirSymbols(tree, text);
  },
});

interface Scope {
  module: ElixirModuleFacts;
  start: number;
  end: number;
  aliases: Map<string, string>;
  parent: Scope | null;
}

export function analyzeElixirSymbols(tree: SgNode, text: string): ElixirSymbolFile {
  const structure = tree.findAll(STRUCTURE_RULE);
  /** `quote` blocks and typespecs: what is inside is not this module's definitions or calls. */
  const quotes: Array<[number, number]> = [];
  const scopes: Scope[] = [];
  const pending: Array<{ node: SgNode; keyword: string; start: number; end: number }> = [];
  for (const node of structure) {
    const range = node.range();
    const start = range.start.index;
    const end = range.end.index;
    if (node.kind() === "unary_operator") {
      // Typespecs name types (`Mod.t()`), not functions: calls inside them are not calls.
      if (/^@(spec|type|typep|opaque|callback|macrocallback)\b/.test(headText(node))) {
        quotes.push([start, end]);
        const owner = /^@(macro)?callback\b/.test(headText(node)) ? innermost(scopes, start) : null;
        if (owner && !quotes.some(([s, e]) => start > s && start < e)) owner.module.callbacks = true;
        const type = declaredType(headText(node));
        const declarer =
          type && !quotes.some(([s, e]) => start > s && start < e) ? innermost(scopes, start) : null;
        if (declarer && type) (declarer.module.types ??= []).push(type);
      } else pending.push({ node, keyword: "@", start, end });
      continue;
    }
    const keyword = node.field("target")?.text() ?? "";
    if (keyword === "quote" || keyword.startsWith("typed") || MOCK_PATTERN_MACRO.test(keyword)) {
      quotes.push([start, end]);
      continue;
    }
    if (keyword === "defmodule" || keyword === "defprotocol" || keyword === "defimpl") {
      // A module defined inside `quote` is defined wherever the quote is injected, under another name.
      if (quotes.some(([s, e]) => start > s && start < e)) continue;
      const parent = innermost(scopes, start);
      const written = firstArgument(node)?.text() ?? "";
      const name = moduleName(keyword, node, written, parent);
      if (!name) continue;
      const scope: Scope = {
        module: {
          name,
          line: range.start.line + 1,
          endLine: range.end.line + 1,
          kind: keyword === "defmodule" ? "module" : keyword === "defprotocol" ? "protocol" : "impl",
          functions: [],
          uses: [],
          imports: [],
          behaviours: [],
          struct: null,
          open: null,
        },
        start,
        end,
        aliases: new Map(),
        parent,
      };
      // `defmodule Inner` nested in Outer makes `Inner` an alias of Outer.Inner inside Outer.
      if (parent && keyword === "defmodule" && /^[A-Z]\w*$/.test(written)) parent.aliases.set(written, name);
      scopes.push(scope);
      continue;
    }
    pending.push({ node, keyword, start, end });
  }
  const insideQuote = (offset: number): boolean => quotes.some(([s, e]) => offset > s && offset < e);

  /** Per module, the modules it `require`s: a call of one in the module body is a macro that may define functions. */
  const required = new Map<Scope, string[]>();
  // Aliases first (they expand the names the rest refers to), in source order.
  for (const entry of pending) {
    if (entry.keyword !== "alias") continue;
    const scope = innermost(scopes, entry.start);
    if (!scope) continue;
    if (insideQuote(entry.start)) {
      // `quote do alias MyAppWeb.Router.Helpers end`: an alias for the modules that `use` this one, not for it.
      if (/^alias\s*\(?\s*__MODULE__/.test(entry.node.text())) continue;
      for (const [short, full] of aliasesOf(entry.node.text(), scope))
        (scope.module.quotedAliases ??= {})[short] = full;
      continue;
    }
    for (const [short, full] of aliasesOf(entry.node.text(), scope)) scope.aliases.set(short, full);
  }
  for (const entry of pending) {
    const scope = innermost(scopes, entry.start);
    if (!scope || entry.keyword === "alias") continue;
    const module = scope.module;
    if (insideQuote(entry.start)) {
      // Definitions inside `quote` belong to the modules that use this one, not to this one.
      continue;
    }
    switch (entry.keyword) {
      case "@": {
        const source = entry.node.text();
        const target = /^@\w+\s*\(?\s*([A-Z][\w.]*|__MODULE__[\w.]*)/.exec(source)?.[1];
        if (source.startsWith("@before_compile")) module.open ??= "@before_compile";
        else if (target) module.behaviours.push(expand(target, scope));
        break;
      }
      case "use":
      case "import": {
        const target = /^(?:use|import)\s*\(?\s*([A-Z][\w.]*|__MODULE__[\w.]*)/.exec(
          headText(entry.node),
        )?.[1];
        if (target) (entry.keyword === "use" ? module.uses : module.imports).push(expand(target, scope));
        else if (entry.keyword === "use") module.open ??= "`use` of a computed module";
        break;
      }
      case "require": {
        const target = /^require\s*\(?\s*([A-Z][\w.]*)/.exec(headText(entry.node))?.[1];
        if (target) required.set(scope, [...(required.get(scope) ?? []), expand(target, scope)]);
        break;
      }
      case "defstruct":
        module.struct ??= "struct";
        break;
      case "defexception":
        module.struct = "exception";
        break;
      default: {
        if (PARSEC_DEFINER.test(entry.keyword)) {
          const fn = parsecFunctionOf(entry.node, entry.keyword === "defparsecp" ? "defp" : "def");
          if (fn) module.functions.push(fn);
          else module.open ??= "a NimbleParsec parser whose name is computed";
          break;
        }
        if (EEX_DEFINER.test(entry.keyword)) {
          const fn = eexFunctionOf(entry.node);
          if (fn) module.functions.push(fn);
          else module.open ??= "an EEx template function whose name or arguments are computed";
          break;
        }
        const fn = functionOf(entry.keyword as ElixirFunction["kind"], entry.node);
        if (fn === "generated") module.open ??= "a function whose name is computed (`unquote`)";
        else if (fn) module.functions.push(fn);
      }
    }
  }

  const calls: ElixirRemoteCall[] = [];
  const seenCalls = new Set<string>();
  for (const call of tree.findAll(REMOTE_CALL_RULE)) {
    const target = call.field("target")?.text() ?? "";
    const dot = target.lastIndexOf(".");
    if (dot <= 0) continue;
    const written = target.slice(0, dot).replace(/\s+/g, "");
    const name = target.slice(dot + 1).trim();
    if (!/^[a-z_]\w*[?!]?$/.test(name)) continue;
    const start = call.range().start.index;
    if (insideQuote(start)) continue;
    const arity = arityOf(call);
    if (arity === null) continue;
    const scope = innermost(scopes, start);
    const module = scope ? expand(written, scope) : written;
    // `require OpenApiSpex` then `OpenApiSpex.schema(%{…})` in the module body: a macro that defines `schema/0`.
    if (
      scope &&
      required.get(scope)?.includes(module) &&
      !EEX_DEFINER.test(target.replace(/\s+/g, "")) &&
      call.parent()?.kind() === "do_block" &&
      call.parent()?.parent()?.range().start.index === scope.start
    )
      scope.module.open ??= `a macro of a required module called in its body (\`${written}.${name}\`)`;
    const moduleBody = scope !== null && !insideFunction(call);
    const key = `${module}.${name}/${arity}${moduleBody ? " body" : ""}`;
    if (seenCalls.has(key)) continue;
    seenCalls.add(key);
    calls.push({
      module,
      written,
      name,
      arity,
      line: call.range().start.line + 1,
      from: scope?.module.name ?? null,
      ...(moduleBody ? { moduleBody: true as const } : {}),
    });
  }

  const words = wordCounts(text);
  const privateMentions: Record<string, number> = {};
  const publicMentions: Record<string, number> = {};
  const allFunctions = scopes.flatMap((s) => s.module.functions);
  for (const fn of allFunctions) {
    const isPrivate = fn.kind === "defp" || fn.kind === "defmacrop" || fn.kind === "defguardp";
    const mentions = isPrivate ? privateMentions : publicMentions;
    if (fn.name in mentions) continue;
    const heads = allFunctions.filter((other) => other.name === fn.name).length;
    // `@spec name(...)` describes the function; it is no use of it.
    const specs = [...text.matchAll(new RegExp(`@spec\\s+${escapeRegExp(fn.name)}(?![\\w?!])`, "g"))].length;
    mentions[fn.name] = Math.max(0, (words.get(fn.name) ?? 0) - heads - specs);
  }
  markCallbacks(text, allFunctions);
  const moduleWords: Record<string, number> = {};
  for (const match of text.matchAll(/(?<![\w.])[A-Z]\w*(?:\.[A-Z]\w*)*/g))
    moduleWords[match[0]] = (moduleWords[match[0]] ?? 0) + 1;
  const dynamic = new Set<string>();
  for (const match of text.matchAll(DYNAMIC_CALL)) dynamic.add(match[1] ?? "");
  return {
    modules: scopes.map((scope) => scope.module),
    calls,
    moduleWords,
    privateMentions,
    ...(Object.keys(publicMentions).length > 0 ? { publicMentions } : {}),
    dynamic: [...dynamic].sort(),
  };
}

/** Marks the functions an `@impl` attribute precedes (with no other definition between them) as callbacks. */
function markCallbacks(text: string, functions: ElixirFunction[]): void {
  if (!text.includes("@impl")) return;
  const implLines: number[] = [];
  for (const match of text.matchAll(/^[ \t]*@impl\b/gm))
    implLines.push(text.slice(0, match.index ?? 0).split("\n").length);
  const heads = [...functions].sort((a, b) => a.line - b.line);
  let at = 0;
  let previousLine = 0;
  for (const fn of heads) {
    while (at < implLines.length && (implLines[at] ?? 0) < fn.line) {
      if ((implLines[at] ?? 0) > previousLine) fn.impl = true;
      at++;
    }
    previousLine = fn.line;
  }
}

/** The innermost module scope containing an offset. */
function innermost(scopes: Scope[], offset: number): Scope | null {
  let best: Scope | null = null;
  for (const scope of scopes)
    if (offset > scope.start && offset < scope.end && (!best || scope.start > best.start)) best = scope;
  return best;
}

function firstArgument(call: SgNode): SgNode | null {
  const args = call.children().find((child) => child.kind() === "arguments");
  return args?.children().find((child) => child.isNamed()) ?? null;
}

/** The text of a call up to its first line break: enough for `use X, opts` and `import X`. */
/** `@type t() :: …`, `@typep state(a) :: …`, `@opaque id :: …` → `t/0`, `state/1`, `id/0`. */
function declaredType(head: string): string | null {
  const match = /^@(?:type|typep|opaque)\s+([a-z_]\w*)\s*(?:\(([^)]*)\))?\s*::/.exec(head);
  if (!match) return null;
  const params = (match[2] ?? "").trim();
  return `${match[1]}/${params === "" ? 0 : params.split(",").length}`;
}

const FUNCTION_DEFINERS = /^(def|defp|defmacro|defmacrop|defguard|defguardp)$/;

/** Whether the node sits in a function definition (its head or body), rather than in a module body. */
function insideFunction(node: SgNode): boolean {
  for (let parent = node.parent(); parent; parent = parent.parent())
    if (parent.kind() === "call" && FUNCTION_DEFINERS.test(parent.field("target")?.text() ?? "")) return true;
  return false;
}

function headText(node: SgNode): string {
  const source = node.text();
  const newline = source.indexOf("\n");
  return newline < 0 ? source : source.slice(0, newline);
}

function moduleName(keyword: string, node: SgNode, written: string, parent: Scope | null): string | null {
  if (keyword === "defimpl") {
    // `defimpl Proto, for: Type` defines Proto.Type.
    const source = headText(node);
    const protocol = /^defimpl\s*\(?\s*([A-Z][\w.]*)/.exec(source)?.[1];
    const type = /for:\s*([A-Z][\w.]*|__MODULE__)/.exec(source)?.[1];
    if (!protocol) return null;
    const forType = type === "__MODULE__" || !type ? (parent?.module.name ?? null) : type;
    return forType ? `${protocol}.${forType}` : null;
  }
  if (written.startsWith("__MODULE__"))
    return parent ? parent.module.name + written.slice("__MODULE__".length) : null;
  if (!/^[A-Z][\w.]*$/.test(written)) return null;
  return parent ? `${parent.module.name}.${written}` : written;
}

/** `alias A.B`, `alias A.B, as: C`, `alias A.{B, C}`, `alias __MODULE__.X`: short name → full name. */
export function aliasesOf(source: string, scope: Scope | null): Array<[string, string]> {
  const flat = source.replace(/#[^\n]*/g, "").replace(/\s+/g, " ");
  const multi = /^alias\s*\(?\s*([A-Z][\w.]*|__MODULE__[\w.]*)\.\{([^}]*)\}/.exec(flat);
  if (multi) {
    const base = scope ? expand(multi[1] ?? "", scope) : (multi[1] ?? "");
    return (multi[2] ?? "")
      .split(",")
      .map((part) => part.trim())
      .filter((part) => /^[A-Z][\w.]*$/.test(part))
      .map((part) => [part.split(".").pop() ?? part, `${base}.${part}`]);
  }
  const single = /^alias\s*\(?\s*([A-Z][\w.]*|__MODULE__[\w.]*)(?:\s*,\s*as:\s*([A-Z]\w*))?/.exec(flat);
  if (!single) return [];
  const full = scope ? expand(single[1] ?? "", scope) : (single[1] ?? "");
  return [[single[2] ?? full.split(".").pop() ?? full, full]];
}

/** Expands a module as written in a scope: `__MODULE__`, then the first segment through the aliases in force. */
function expand(written: string, scope: Scope): string {
  if (written.startsWith("__MODULE__")) return scope.module.name + written.slice("__MODULE__".length);
  const dot = written.indexOf(".");
  const head = dot < 0 ? written : written.slice(0, dot);
  for (let current: Scope | null = scope; current; current = current.parent) {
    const full = current.aliases.get(head);
    if (full) return full + (dot < 0 ? "" : written.slice(dot));
  }
  return written;
}

/** Name and arity range of a `def`-like call; "generated" when its name is computed; null when unreadable. */
function functionOf(kind: ElixirFunction["kind"], node: SgNode): ElixirFunction | "generated" | null {
  const head = firstArgument(node);
  if (!head) return null;
  const range = node.range();
  let source = head.text();
  if (/^unquote\b/.test(source)) return "generated";
  // `def f(x) when guard`: the head is the left of `when`.
  const guard = /\s+when\s+/.exec(source);
  if (guard && head.kind() === "binary_operator") source = source.slice(0, guard.index);
  const match = /^([a-z_]\w*[?!]?)\s*(\()?/.exec(source);
  if (!match) return null;
  const name = match[1] ?? "";
  let required = 0;
  let optional = 0;
  if (match[2]) {
    const open = source.indexOf("(");
    const close = matchingParen(source, open);
    // Trailing `key: pattern` pairs are one keyword list (`def send(to: to, from: from)` has arity 1).
    let keywords = false;
    for (const argument of splitArguments(source.slice(open + 1, close))) {
      if (/^([a-z_]\w*[?!]?|"[^"]*"):(\s|$)/.test(argument)) keywords = true;
      else if (/(^|[^\\])\\\\(?!\\)/.test(argument)) optional++;
      else required++;
    }
    if (keywords) required++;
  }
  return {
    name,
    arity: [required, required + optional],
    kind,
    line: range.start.line + 1,
    endLine: range.end.line + 1,
  };
}

/**
 * The function `EEx.function_from_string(kind, name, template, args)` defines: `kind` and `name` literal atoms,
 * `args` a literal list (absent: no arguments); null when any of them is computed.
 */
function eexFunctionOf(node: SgNode): ElixirFunction | null {
  const args = node.children().find((child) => child.kind() === "arguments");
  const parts = args?.children().filter((child) => child.isNamed() && child.kind() !== "comment") ?? [];
  const kind = /^:(def|defp)$/.exec(parts[0]?.text() ?? "")?.[1] as "def" | "defp" | undefined;
  const name = /^:([a-z_]\w*[?!]?)$/.exec(parts[1]?.text() ?? "")?.[1];
  if (!kind || !name || parts.length < 3) return null;
  let arity = 0;
  const list = parts[3];
  if (list) {
    if (list.kind() !== "list") return null;
    arity = list.children().filter((child) => child.isNamed() && child.kind() !== "comment").length;
  }
  const range = node.range();
  return { name, arity: [arity, arity], kind, line: range.start.line + 1, endLine: range.end.line + 1 };
}

/** The parser `defparsec(:name, …)` defines, taking the input and optional options; null when the name is computed. */
function parsecFunctionOf(node: SgNode, kind: "def" | "defp"): ElixirFunction | null {
  const name = /^:([a-z_]\w*[?!]?)$/.exec(firstArgument(node)?.text() ?? "")?.[1];
  if (!name) return null;
  const range = node.range();
  return { name, arity: [1, 2], kind, line: range.start.line + 1, endLine: range.end.line + 1 };
}

function matchingParen(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return i;
    } else if (c === '"') {
      const end = source.indexOf('"', i + 1);
      if (end > 0) i = end;
    }
  }
  return source.length;
}

/** Splits an argument list on commas outside brackets, strings and `<<>>`. */
function splitArguments(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "<" && list[i + 1] === "<") {
      depth++;
      i++;
    } else if (c === ">" && list[i + 1] === ">") {
      depth--;
      i++;
    } else if (c === '"') {
      const end = list.indexOf('"', i + 1);
      if (end > 0) i = end;
    } else if (c === "," && depth === 0) {
      out.push(list.slice(start, i));
      start = i + 1;
    }
  }
  out.push(list.slice(start));
  return out.map((argument) => argument.trim()).filter((argument) => argument.length > 0);
}

/**
 * The arity a remote call is made with: its arguments (a `do` block is one more), one more when it is the right
 * side of `|>`, the number after `/` in a capture `&Mod.fun/2`; null when the call is the `Mod.fun` of a
 * capture written another way.
 */
function arityOf(call: SgNode): number | null {
  let arity = 0;
  for (const child of call.children()) {
    const kind = child.kind();
    if (kind === "arguments")
      arity += child
        .children()
        .filter((argument) => argument.isNamed() && argument.kind() !== "comment").length;
    else if (kind === "do_block") arity++;
  }
  const parent = call.parent();
  if (parent?.kind() !== "binary_operator") return arity;
  const operator = parent.field("operator")?.text();
  if (operator === "|>" && parent.field("right")?.range().start.index === call.range().start.index)
    return arity + 1;
  if (
    operator === "/" &&
    parent.parent()?.kind() === "unary_operator" &&
    parent.parent()?.text().startsWith("&")
  ) {
    const count = Number(parent.field("right")?.text());
    return Number.isInteger(count) ? count : null;
  }
  return arity;
}

/** How many times each word occurs in the text (identifiers, with a trailing `?` or `!`). */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/[a-z_][A-Za-z0-9_]*[?!]?/g)) {
    const at = match.index ?? 0;
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    // Inside a longer word (`fooBar`'s `ar`) is no occurrence.
    if ((before >= 65 && before <= 90) || (before >= 97 && before <= 122) || (before >= 48 && before <= 57))
      continue;
    counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  return counts;
}
