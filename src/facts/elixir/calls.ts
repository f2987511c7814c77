// File analyzer for the Elixir call graph: the functions each module defines (name and arity, per clause), the calls
// made from inside them (remote calls with aliases, nesting and `__MODULE__` expanded; local calls; captures
// `&fun/1`, `&Mod.fun/2`; a pipe adds one argument), and whether each call runs inside a transaction opened around
// it in the same function (`Repo.transaction(fn -> … end)`, `Repo.transact`, a function given to `Ecto.Multi`, an
// `fn` piped into `Repo.transaction()`). It also lists the Ecto repo writes made inside loops, for the rules about
// multi-record writes. The collector in call-graph.ts joins the files into one graph.
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer } from "../define.js";
import { isRepoReceiver, REPO_WRITES } from "./applies.js";
import {
  ancestors,
  bodyOf,
  callArguments,
  callName,
  calls,
  definitionHead,
  enclosingFunction,
  enclosingLoop,
  expandAlias,
  keywordMap,
  lineOf,
  moduleAliases,
  moduleName,
  operatorOf,
  remoteCall,
} from "./syntax.js";

/** A function by module, name and arity: `MyApp.Accounts.create_user/1`. */
export interface ElixirFunctionRef {
  module: string;
  name: string;
  arity: number;
}

export interface ElixirFunctionClause extends ElixirFunctionRef {
  private: boolean;
  /** Fewest arguments it accepts (default arguments `\\` lower it below `arity`). */
  minArity: number;
  line: number;
  endLine: number;
  /** Marked `@impl`: a behaviour's callback, called by the behaviour's code rather than by name. */
  callback?: true;
}

export interface ElixirCallSite {
  /** The function the call is made from; null for a script's top level (a file with no module). */
  from: ElixirFunctionRef | null;
  /** The called module, aliases and `__MODULE__` expanded; null for a local call (own module or an import). */
  module: string | null;
  name: string;
  arity: number;
  line: number;
  /** A transaction opened in the calling function surrounds the call (the call runs in a function it is given). */
  inTransaction: boolean;
}

export interface ElixirLoopWrite {
  /** `Repo` or `MyApp.Repo` as written, and the write (`insert!`, `update_all` …). */
  receiver: string;
  fn: string;
  line: number;
  /** Offset of the loop the write repeats in (writes of one loop share it). */
  loop: number;
  /** A transaction opened in the same function surrounds the write. */
  inTransaction: boolean;
  /** `mode: :savepoint`: the write joins the caller's transaction. */
  savepoint: boolean;
  /** The loop branches on the write's result (`case Repo.insert(...)`, a `with` clause, `|> case do`). */
  resultInspected: boolean;
  /** `on_conflict:` other than `:raise` (`:nothing`, `:replace_all`, a keyword list): re-running the write is harmless. */
  upsert: boolean;
  /** An HTTP request made earlier in the same iteration (`HTTPoison.post`): the write records its outcome. */
  outsideCall: string | null;
  /** The function the write is in. */
  function: ElixirFunctionRef | null;
}

export interface ElixirCallFile {
  functions: ElixirFunctionClause[];
  calls: ElixirCallSite[];
  /** Modules each module of the file imports (expanded). */
  imports: Record<string, string[]>;
  /** Modules of the file that `use` another: its `__using__` may define functions the file does not show. */
  using: string[];
  /** Calls on a variable (`mod.fun()`, `repo.insert()`): their target cannot be known. */
  dynamicCalls: number;
  loopWrites: ElixirLoopWrite[];
  /** `use Mix.Task`: a command run by hand. */
  mixTask: boolean;
  /** `use Ecto.Migration` without `@disable_ddl_transaction true`: Ecto runs the file in a transaction. */
  transactionalMigration: boolean;
}

const DEFINERS = new Set(["def", "defp"]);
/** Local-call names that are language forms or Kernel macros, never a module's own function. */
const FORMS = new Set([
  "def", "defp", "defmacro", "defmacrop", "defmodule", "defdelegate", "defstruct", "defexception", "defguard",
  "defguardp", "defimpl", "defprotocol", "if", "unless", "case", "cond", "with", "for", "fn", "try", "receive",
  "raise", "reraise", "throw", "quote", "unquote", "import", "alias", "require", "use", "super", "send", "spawn",
]); // prettier-ignore
const HTTP_CLIENTS = /^(HTTPoison|HTTPotion|Req|Tesla|Finch|Mint\.HTTP|:httpc|:hackney)$/;
/** Calls whose function argument runs in another process: a transaction around them does not reach it. */
const PROCESS_SPAWNERS =
  /^(Task(\.Supervisor)?\.(async|start|start_link|async_nolink|async_stream)|spawn|spawn_link|spawn_monitor)$/;

export const elixirCallsAnalyzer = defineAnalyzer<ElixirCallFile>({
  id: "elixir-calls",
  languages: ["elixir"],
  needsTree: true,
  prefilter: (text, path) => /\bdefmodule\b|Repo\./.test(text) || path.endsWith(".exs"),
  analyze({ tree, text }) {
    if (!tree) return undefined;
    const file: ElixirCallFile = {
      functions: [],
      calls: [],
      imports: {},
      using: [],
      dynamicCalls: 0,
      loopWrites: [],
      mixTask: /\buse\s+Mix\.Task\b/.test(text),
      transactionalMigration:
        /\buse\s+Ecto\.Migration\b/.test(text) && !/@disable_ddl_transaction\s+true/.test(text),
    };
    const scopes = new Map<number, Map<string, string>>();
    /** The function each `def`/`defp` node defines, by node id. */
    const defined = new Map<number, ElixirFunctionRef>();
    const allCalls = calls(tree);
    for (const defmodule of allCalls.filter((call) => callName(call) === "defmodule")) {
      const name = moduleName(defmodule);
      const block = bodyOf(defmodule);
      if (!name || !block) continue;
      const aliases = new Map(outerAliases(defmodule, scopes));
      for (const [short, full] of moduleAliases(block)) aliases.set(short, expandAlias(full, aliases));
      for (const child of block.children()) {
        const own = callName(child) === "defmodule" ? callArguments(child)[0] : null;
        if (own?.kind() === "alias" && !own.text().includes("."))
          aliases.set(own.text(), `${name}.${own.text()}`);
      }
      scopes.set(defmodule.id(), aliases);
      const imports = block
        .children()
        .filter((child) => callName(child) === "import")
        .map((child) => callArguments(child)[0])
        .filter((target): target is SgNode => target?.kind() === "alias")
        .map((target) => expandAlias(target.text(), aliases));
      if (imports.length > 0) file.imports[name] = imports;
      if (block.children().some((child) => callName(child) === "use")) file.using.push(name);
      analyzeModule(file, name, block, aliases, defined);
    }
    const scripted = !allCalls.some((call) => callName(call) === "defmodule");
    for (const call of allCalls) {
      const owner = enclosingFunction(call);
      recordLoopWrite(file, owner ? (defined.get(owner.id()) ?? null) : null, call);
      // A script's top level (`priv/repo/seeds.exs`): what it calls runs when someone runs the script.
      if (scripted && !owner) recordCall(file, null, null, call, new Map());
    }
    return file;
  },
});

/** The aliases in force where a nested module starts: its enclosing modules'. */
function outerAliases(defmodule: SgNode, scopes: Map<number, Map<string, string>>): Map<string, string> {
  for (const ancestor of ancestors(defmodule))
    if (callName(ancestor) === "defmodule") return scopes.get(ancestor.id()) ?? new Map();
  return new Map();
}

function analyzeModule(
  file: ElixirCallFile,
  module: string,
  block: SgNode,
  aliases: Map<string, string>,
  defined: Map<number, ElixirFunctionRef>,
): void {
  let callback = false;
  for (const child of block.children()) {
    if (child.kind() === "unary_operator" && /^@impl\b/.test(child.text())) callback = true;
    const keyword = callName(child);
    if (!keyword || !DEFINERS.has(keyword)) continue;
    const head = definitionHead(child);
    if (!head) continue;
    const arity = head.params.length;
    const defaults = head.params.filter(
      (param) => param.kind() === "binary_operator" && operatorOf(param) === "\\\\",
    ).length;
    const from: ElixirFunctionRef = { module, name: head.name, arity };
    defined.set(child.id(), from);
    file.functions.push({
      ...from,
      private: keyword === "defp",
      minArity: arity - defaults,
      line: lineOf(child),
      endLine: child.range().end.line + 1,
      ...(callback ? { callback: true as const } : {}),
    });
    callback = false;
    const headNode = callArguments(child)[0];
    const headRange = headNode?.range();
    const inHead = (node: SgNode): boolean =>
      !!headRange &&
      node.range().start.index >= headRange.start.index &&
      node.range().end.index <= headRange.end.index;
    for (const call of calls(child)) {
      if (call.id() === child.id() || inHead(call)) continue;
      recordCall(file, from, module, call, aliases);
    }
    // `&local/1` captures: the identifier is no call node.
    for (const capture of child.findAll({ rule: { kind: "unary_operator", regex: "^&" } })) {
      const operand = capture.children().find((node) => node.isNamed());
      if (operand?.kind() !== "binary_operator" || operatorOf(operand) !== "/") continue;
      const [target, count] = operand.children().filter((node) => node.isNamed());
      if (target?.kind() !== "identifier" || count?.kind() !== "integer" || FORMS.has(target.text()))
        continue;
      file.calls.push({
        from,
        module: null,
        name: target.text(),
        arity: Number(count.text()),
        line: lineOf(capture),
        inTransaction: inTransaction(capture),
      });
    }
  }
}

function recordCall(
  file: ElixirCallFile,
  from: ElixirFunctionRef | null,
  module: string | null,
  call: SgNode,
  aliases: Map<string, string>,
): void {
  const head = call.child(0);
  if (!head) return;
  let target: string | null;
  let name: string;
  if (head.kind() === "identifier") {
    name = head.text();
    if (FORMS.has(name) || !module) return;
    target = null;
  } else if (head.kind() === "dot") {
    const [receiver, fn] = head.children().filter((node) => node.isNamed());
    if (!receiver || fn?.kind() !== "identifier") return;
    name = fn.text();
    if (receiver.kind() === "alias") target = expandAlias(receiver.text(), aliases);
    else if (receiver.text() === "__MODULE__") target = module;
    else if (module && receiver.kind() === "dot" && receiver.text().startsWith("__MODULE__."))
      target = module + receiver.text().slice("__MODULE__".length);
    else {
      // An Erlang module (`:ets.insert`) is no project function; a variable receiver cannot be resolved (without
      // parentheses, `order.total` reads a map field).
      const parenthesised = call.children().some((node) => node.kind() === "arguments");
      if (receiver.kind() !== "atom" && parenthesised) file.dynamicCalls++;
      return;
    }
  } else return;
  const arity = arityOf(call);
  if (arity === null) return;
  file.calls.push({
    from,
    module: target,
    name,
    arity,
    line: lineOf(call),
    inTransaction: inTransaction(call),
  });
}

/** Arguments a call passes: its own, one more when piped into, the stated one for a capture `&Mod.fun/2`. */
function arityOf(call: SgNode): number | null {
  const parent = call.parent();
  if (parent?.kind() === "binary_operator" && operatorOf(parent) === "/") {
    const [left, right] = parent.children().filter((node) => node.isNamed());
    if (
      left?.id() === call.id() &&
      parent.parent()?.kind() === "unary_operator" &&
      right?.kind() === "integer"
    )
      return Number(right.text());
  }
  const own = callArguments(call).length;
  if (parent?.kind() === "binary_operator" && operatorOf(parent) === "|>") {
    const right = parent.children().filter((node) => node.isNamed())[1];
    if (right?.id() === call.id()) return own + 1;
  }
  return own;
}

/** `Repo.transaction`, `MyApp.Repo.transact`, `repo.transaction` (the repo a Multi.run function is given). */
function opensTransaction(node: SgNode | undefined): boolean {
  const remote = node ? remoteCall(node) : null;
  return (
    !!remote &&
    (isRepoReceiver(remote.receiver) || remote.receiver === "repo") &&
    /^transact(ion)?$/.test(remote.fn)
  );
}

/**
 * Whether a node runs inside a transaction opened in its own function: it sits in an `fn` (or a capture) that is
 * given to `Repo.transaction`/`Repo.transact` or to an `Ecto.Multi` function, or piped into `Repo.transaction()`.
 * An argument evaluated before the call (`Repo.transaction(build_multi(x))`) is not inside; neither is an `fn`
 * given to `Task.async` or `spawn`, which runs in another process.
 */
export function inTransaction(node: SgNode): boolean {
  let inFunction = false;
  let child: SgNode = node;
  for (const ancestor of ancestors(node)) {
    const kind = ancestor.kind();
    if (kind === "anonymous_function" || (kind === "unary_operator" && ancestor.text().startsWith("&")))
      inFunction = true;
    else if (kind === "call") {
      const name = callName(ancestor);
      if (name && DEFINERS.has(name)) return false;
      if (inFunction && child.kind() === "arguments") {
        if (opensTransaction(ancestor)) return true;
        const remote = remoteCall(ancestor);
        if (remote && /(^|\.)Multi$/.test(remote.receiver)) return true;
        if (name && PROCESS_SPAWNERS.test(name)) return false;
      }
    } else if (kind === "binary_operator" && inFunction && operatorOf(ancestor) === "|>") {
      const [left, right] = ancestor.children().filter((n) => n.isNamed());
      if (left?.id() === child.id() && opensTransaction(right)) return true;
    }
    child = ancestor;
  }
  return false;
}

function recordLoopWrite(file: ElixirCallFile, from: ElixirFunctionRef | null, call: SgNode): void {
  const remote = remoteCall(call);
  if (!remote || !isRepoReceiver(remote.receiver) || !REPO_WRITES.has(remote.fn)) return;
  const loop = enclosingLoop(call);
  if (!loop) return;
  const options = keywordMap(callArguments(call).find((arg) => arg.kind() === "keywords"));
  file.loopWrites.push({
    receiver: remote.receiver,
    fn: remote.fn,
    line: lineOf(call),
    loop: loop.range().start.index,
    inTransaction: inTransaction(call),
    savepoint: options.get("mode")?.text() === ":savepoint",
    resultInspected: resultInspected(call, loop),
    upsert: (options.get("on_conflict")?.text() ?? ":raise") !== ":raise",
    outsideCall: httpCallBefore(call, loop),
    function: from,
  });
}

/** An HTTP client call in the loop before the write: `HTTPoison.post(url, body)` then `Repo.insert!(execution)`. */
function httpCallBefore(write: SgNode, loop: SgNode): string | null {
  const before = write.range().start.index;
  for (const call of calls(loop)) {
    if (call.range().start.index >= before) break;
    const remote = remoteCall(call);
    if (remote && HTTP_CLIENTS.test(remote.receiver)) return `${remote.receiver}.${remote.fn}`;
  }
  return null;
}

/** The write's result is branched on inside the loop: `case Repo.insert(...)`, `|> case do`, a `with` clause. */
function resultInspected(call: SgNode, loop: SgNode): boolean {
  let child: SgNode = call;
  for (const ancestor of ancestors(call)) {
    if (ancestor.id() === loop.id()) return false;
    if (ancestor.kind() === "arguments") {
      const owner = ancestor.parent();
      const first = ancestor.children().find((node) => node.isNamed());
      if (owner && callName(owner) === "case" && first?.id() === child.id()) return true;
    }
    if (ancestor.kind() === "binary_operator") {
      const operator = operatorOf(ancestor);
      const [left, right] = ancestor.children().filter((node) => node.isNamed());
      if (operator === "<-" && right?.id() === child.id()) return true;
      if (operator === "|>" && left?.id() === child.id() && right && callName(right) === "case") return true;
    }
    child = ancestor;
  }
  return false;
}
