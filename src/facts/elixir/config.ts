// config/*.exs, .credo.exs and .formatter.exs, read from their syntax trees.
import type { SgNode } from "@ast-grep/napi";
import { parseSource } from "../../parse/grammar-registry.js";
import {
  ancestors,
  callArguments,
  callName,
  doBlock,
  keywordMap,
  keywordPairs,
  lineOf,
  literal,
  operatorOf,
  pairKey,
  pairValue,
  stringContent,
} from "./syntax.js";

export interface ConfigEntry {
  path: string;
  line: number;
  /** `:my_app` → "my_app". */
  app: string;
  /** The second argument when it is a module or atom (`MyAppWeb.Endpoint`), else null. */
  key: string | null;
  /** Dotted keyword path inside the call (`live_view.signing_salt`). */
  name: string;
  /** Literal value (strings, atoms as ":x", numbers, booleans), or null when computed. */
  value: string | number | boolean | null;
  /** The value as written (first 120 characters). */
  text: string;
  /** `config_env() == :prod` and friends around it, or the file's own environment (`prod.exs` → "prod"). */
  env: string | null;
  /** Whether the entry can apply in production (false inside `if config_env() == :dev`, in dev.exs …). */
  inProd: boolean;
  /**
   * Conditions other than the environment that must hold for the entry to apply (`self_hosted`,
   * `not self_hosted`, `System.get_env("X")`), outermost first; empty when only the environment decides.
   */
  conditions: string[];
}

export interface EnvVarRead {
  path: string;
  line: number;
  name: string;
  call: "get_env" | "fetch_env!" | "fetch_env";
  hasDefault: boolean;
  /** The default as written when it is the call's second argument (`"false"` in `System.get_env("X", "false")`), else null. */
  defaultText: string | null;
  /** `|| raise`, `fetch_env!`, or a `case`/`if` around it that raises. */
  validated: boolean;
  /** The value is tested rather than used as is: compared (`== "true"`), or the condition of `if`/`unless`/`case`/`cond`. */
  nilHandled: boolean;
  env: string | null;
  /** The config keys its value reaches, directly or through a variable of the same file (`app Key name`). */
  feeds: Array<{ app: string; key: string | null; name: string }>;
}

export interface ConfigFileFacts {
  entries: ConfigEntry[];
  envReads: EnvVarRead[];
}

/**
 * `config/prod.exs` → "prod"; `config/prod.secret.exs` → "prod" (the conventional per-environment secret file).
 * config.exs, runtime.exs and releases.exs (the release's boot-time config before Elixir 1.11) name no environment.
 */
const ENV_FILE = /(^|\/)config\/(?!config\.exs$|runtime\.exs$|releases\.exs$)([a-z0-9_]+)(\.[\w.]+)?\.exs$/;

export function parseConfigFile(path: string, text: string): ConfigFileFacts {
  const root = parseSource("elixir", text)?.root();
  const result: ConfigFileFacts = { entries: [], envReads: [] };
  if (!root) return result;
  const fileEnv = ENV_FILE.exec(path)?.[2] ?? null;
  const allCalls = root.findAll({ rule: { kind: "call" } });
  // Reads first, with the variables they are bound to, so config entries can name the reads they use.
  const readsByNode = new Map<number, EnvVarRead>();
  const readsByVariable = new Map<string, EnvVarRead[]>();
  for (const call of allCalls) {
    const name = callName(call);
    if (name !== "System.get_env" && name !== "System.fetch_env!" && name !== "System.fetch_env") continue;
    const args = callArguments(call);
    const first = args[0];
    if (first?.kind() !== "string") continue;
    const kind = name.slice("System.".length) as EnvVarRead["call"];
    const read: EnvVarRead = {
      path,
      line: lineOf(call),
      name: stringContent(first),
      call: kind,
      hasDefault: args.length > 1 || hasOrDefault(call),
      defaultText: args[1]?.text().slice(0, 60) ?? null,
      validated: kind === "fetch_env!" || raisesAround(call),
      nilHandled: nilHandled(call),
      env: scopeAround(call, fileEnv).env,
      feeds: [],
    };
    result.envReads.push(read);
    readsByNode.set(call.id(), read);
    const variable = assignedVariable(call);
    if (variable) readsByVariable.set(variable, [...(readsByVariable.get(variable) ?? []), read]);
  }
  for (const call of allCalls) {
    if (callName(call) !== "config") continue;
    const args = callArguments(call);
    const app = args[0]?.kind() === "atom" ? args[0].text().slice(1) : null;
    if (!app) continue;
    const keyNode = args[1] && (args[1].kind() === "alias" || args[1].kind() === "atom") ? args[1] : null;
    const keywords = args.find((arg) => arg.kind() === "keywords");
    const scope = scopeAround(call, fileEnv);
    const key = keyNode?.text() ?? null;
    const linkReads = (name: string, value: SgNode) => {
      const reads = [
        ...value.findAll({ rule: { kind: "call" } }).flatMap((inner) => readsByNode.get(inner.id()) ?? []),
        ...(value.kind() === "call" && readsByNode.has(value.id()) ? [readsByNode.get(value.id())!] : []),
        ...[value, ...value.findAll({ rule: { kind: "identifier" } })]
          .filter((node) => node.kind() === "identifier")
          .flatMap((node) => readsByVariable.get(node.text()) ?? []),
      ];
      for (const read of new Set(reads))
        if (!read.feeds.some((feed) => feed.app === app && feed.key === key && feed.name === name))
          read.feeds.push({ app, key, name });
    };
    collectEntries(path, app, key, "", keywords, scope, result.entries, linkReads);
  }
  return result;
}

function collectEntries(
  path: string,
  app: string,
  key: string | null,
  prefix: string,
  keywords: SgNode | null | undefined,
  scope: ConfigScope,
  out: ConfigEntry[],
  linkReads: (name: string, value: SgNode) => void,
): void {
  for (const pair of keywordPairs(keywords)) {
    const value = pairValue(pair);
    if (!value) continue;
    const name = prefix ? `${prefix}.${pairKey(pair)}` : pairKey(pair);
    const nested = value.kind() === "list" && keywordPairs(value).length > 0;
    if (nested) collectEntries(path, app, key, name, value, scope, out, linkReads);
    else linkReads(name, value);
    out.push({
      path,
      line: lineOf(pair),
      app,
      key,
      name,
      value: literal(value),
      text: value.text().slice(0, 120),
      env: scope.env,
      inProd: scope.inProd,
      conditions: scope.conditions,
    });
  }
}

interface ConfigScope {
  env: string | null;
  inProd: boolean;
  conditions: string[];
}

const ENV_CALL = String.raw`(?:config_env\(\)|Mix\.env\(\)|config_target\(\))`;
/** Nerves: `config_target() == :host` is the development machine; any other target is a device build. */
const deployedEnv = (env: string, call: string): boolean =>
  call.startsWith("config_target") ? env !== "host" : DEPLOYED.test(env);
const DEPLOYED = /^(prod|production)$/;

/** What an environment test says about production: `config_env() == :prod` → true, `!= :prod` → false, null when the part is no environment test. */
function envTest(part: string): { prod: boolean; env: string | null } | null {
  let match = new RegExp(`^${ENV_CALL}\\s*(==|!=)\\s*:(\\w+)$`).exec(part);
  if (match) {
    const equal = match[1] === "==";
    const prod = deployedEnv(match[2]!, part);
    return { prod: equal ? prod : !prod, env: equal ? match[2]! : null };
  }
  match = new RegExp(`^${ENV_CALL}\\s+(in|not in)\\s+\\[([^\\]]*)\\]$`).exec(part);
  if (match) {
    const envs = match[2]!.split(",").map((item) => item.trim().replace(/^:/, ""));
    const listed = envs.some((env) => deployedEnv(env, part));
    return match[1] === "in"
      ? { prod: listed, env: envs.length === 1 ? envs[0]! : null }
      : { prod: !listed, env: null };
  }
  return null;
}

const negate = (condition: string): string =>
  /^(not\s+|!)/.test(condition) ? condition.replace(/^(not\s+|!)\s*/, "") : `not ${condition}`;

/**
 * The environment and the other conditions under which a config call applies: each enclosing `if`/`unless` (its
 * `do` or `else` branch, `and`-joined parts read one by one) and `case config_env()` clause, outermost first.
 */
function scopeAround(node: SgNode, fileEnv: string | null): ConfigScope {
  const scope: ConfigScope = {
    env: fileEnv,
    inProd: fileEnv === null || DEPLOYED.test(fileEnv),
    conditions: [],
  };
  const chain = [...ancestors(node)];
  const outermostFirst: ConfigScope[] = [];
  for (let i = 0; i < chain.length; i++) {
    const ancestor = chain[i]!;
    const name = callName(ancestor);
    if (name === "if" || name === "unless") {
      const inElse = chain.slice(0, i).some((inner) => inner.kind() === "else_block");
      const holds = (name === "if") !== inElse;
      const condition = callArguments(ancestor)[0]?.text() ?? "";
      const parts = condition.split(/\s+(?:and|&&)\s+/).map((part) => part.trim());
      const local: ConfigScope = { env: null, inProd: true, conditions: [] };
      if (holds || parts.length === 1) {
        for (const part of parts) {
          const test = envTest(part);
          if (test) {
            if (!(holds ? test.prod : !test.prod)) local.inProd = false;
            if (holds && test.env) local.env = test.env;
          } else local.conditions.push(holds ? part : negate(part));
        }
      } else local.conditions.push(negate(condition));
      outermostFirst.unshift(local);
    } else if (ancestor.kind() === "stab_clause" && chain[i + 2] && callName(chain[i + 2]!) === "case") {
      const subject = callArguments(chain[i + 2]!)[0]?.text() ?? "";
      if (!new RegExp(`^${ENV_CALL}$`).test(subject)) continue;
      const pattern =
        ancestor
          .children()
          .find((child) => child.kind() === "arguments")
          ?.text()
          .trim() ?? "";
      const clauses = (doBlock(chain[i + 2]!)?.children() ?? []).filter(
        (child) => child.kind() === "stab_clause",
      );
      const prodClause = clauses.some((clause) =>
        /^:(prod|production)$/.test(clause.children()[0]?.text().trim() ?? ""),
      );
      const atom = /^:(\w+)$/.exec(pattern)?.[1] ?? null;
      outermostFirst.unshift({
        env: atom,
        inProd: atom ? DEPLOYED.test(atom) : !prodClause,
        conditions: [],
      });
    }
  }
  for (const local of outermostFirst) {
    if (local.env) scope.env = local.env;
    if (!local.inProd) scope.inProd = false;
    scope.conditions.push(...local.conditions);
  }
  return scope;
}

/**
 * `System.get_env("X") || "default"`: the `||` chain the read starts or continues ends in something other than an
 * environment read or `raise`. A read followed by another read (`get_env("A") || get_env("B")`) falls through to it:
 * only the chain's last read can leave the value nil.
 */
function hasOrDefault(call: SgNode): boolean {
  let node: SgNode = call;
  let parent = node.parent();
  while (parent?.kind() === "binary_operator" && /\|\|/.test(operatorOf(parent))) {
    const right = parent
      .children()
      .filter((child) => child.isNamed())
      .at(-1);
    if (right && right.id() !== node.id()) {
      // The read is on the left: whatever is on the right is its fallback.
      const last = rightmost(right);
      return callName(last) !== "raise";
    }
    node = parent;
    parent = node.parent();
  }
  return false;
}

/** The last operand of a right-nested `||` chain. */
function rightmost(node: SgNode): SgNode {
  let current = node;
  while (current.kind() === "binary_operator" && /\|\|/.test(operatorOf(current))) {
    const right = current
      .children()
      .filter((child) => child.isNamed())
      .at(-1);
    if (!right) break;
    current = right;
  }
  return current;
}

/** `x = System.get_env("X") ...`: the variable the read's statement binds, or null. */
function assignedVariable(call: SgNode): string | null {
  let node: SgNode = call;
  for (let parent = node.parent(); parent; node = parent, parent = parent.parent()) {
    // `x = case System.get_env("X", "false") do "true" -> true; _ -> false end`: the case's value comes from the read.
    if (parent.kind() === "arguments" && callName(parent.parent() ?? parent) === "case") continue;
    if (parent.kind() === "call" && callName(parent) === "case" && node.kind() === "arguments") continue;
    if (parent.kind() !== "binary_operator") return null;
    if (operatorOf(parent) === "=") {
      const left = parent.child(0);
      return left?.kind() === "identifier" && left.id() !== node.id() ? left.text() : null;
    }
  }
  return null;
}

/** `|| raise ...`, or a `case`/`if`/`unless`/`with` around the read (inside its statement) that raises. */
function raisesAround(call: SgNode): boolean {
  const parent = call.parent();
  let chain: SgNode = call;
  while (chain.parent()?.kind() === "binary_operator" && /\|\|/.test(operatorOf(chain.parent()!)))
    chain = chain.parent()!;
  if (chain.id() !== call.id() && callName(rightmost(chain)) === "raise") return true;
  // `x = System.get_env("X")` followed by `x || raise` / `if is_nil(x), do: raise`: look for a raise naming the variable.
  const assignment = parent?.kind() === "binary_operator" && operatorOf(parent) === "=" ? parent : null;
  const variable = assignment?.child(0)?.kind() === "identifier" ? assignment.child(0)?.text() : null;
  for (const ancestor of ancestors(call)) {
    const name = callName(ancestor);
    if (name === "case" || name === "with") {
      if (ancestor.findAll({ rule: { kind: "call" } }).some((inner) => callName(inner) === "raise"))
        return true;
    }
    if (variable && (ancestor.kind() === "do_block" || ancestor.kind() === "source")) {
      return ancestor
        .findAll({ rule: { kind: "call" } })
        .some((inner) => callName(inner) === "raise" && inner.parent()?.text().includes(variable));
    }
  }
  return false;
}

/**
 * The read is compared, or is (part of) the condition of an `if`/`unless`/`case`/`cond`/`with`, or is bound to a
 * variable that the same block later tests (`if var`, `var && ...`, `is_nil(var)`, `var != nil`, `case var`).
 */
function nilHandled(call: SgNode): boolean {
  const parent = call.parent();
  if (
    parent?.kind() === "binary_operator" &&
    operatorOf(parent) === "=" &&
    parent.child(0)?.kind() === "identifier"
  ) {
    const variable = parent.child(0)!.text();
    const block = [...ancestors(parent)].find(
      (node) => node.kind() === "do_block" || node.kind() === "source",
    );
    const after = parent.range().end.index;
    const uses = (block?.findAll({ rule: { kind: "identifier" } }) ?? []).filter(
      (node) => node.text() === variable && node.range().start.index > after,
    );
    if (uses.some((use) => testsValue(use))) return true;
  }
  return testsValue(call);
}

/** The node's value is tested rather than used as is. */
function testsValue(node: SgNode): boolean {
  const parent = node.parent();
  if (parent?.kind() === "arguments" && parent.parent() && callName(parent.parent()!) === "is_nil")
    return true;
  if (
    parent?.kind() === "binary_operator" &&
    /^(==|!=|===|!==|=~|in|not in|and|or|&&)$/.test(operatorOf(parent))
  )
    return true;
  let child: SgNode = node;
  for (const ancestor of ancestors(node)) {
    if (ancestor.kind() === "do_block" || ancestor.kind() === "source") return false;
    if (ancestor.kind() === "arguments") {
      const owner = ancestor.parent();
      const name = owner ? callName(owner) : null;
      const first = ancestor.children().filter((item) => item.isNamed())[0];
      if (
        (name === "if" || name === "unless" || name === "case" || name === "cond" || name === "with") &&
        first?.id() === child.id()
      )
        return true;
    }
    child = ancestor;
  }
  return false;
}

export interface CredoFacts {
  path: string;
  strict: boolean | null;
  strictLine: number | null;
  /** Check modules enabled, with line; `custom` when not under `Credo.Check`. */
  enabled: Array<{ check: string; line: number; custom: boolean; disabledByFalse: boolean }>;
  disabled: Array<{ check: string; line: number }>;
  /** Check tuples inside comments (`# {MyApp.Checks.NoRawSend, []}`). */
  commented: Array<{ check: string; line: number; custom: boolean; comment: string }>;
  requires: string[];
}

export function parseCredo(path: string, text: string): CredoFacts {
  const facts: CredoFacts = {
    path,
    strict: null,
    strictLine: null,
    enabled: [],
    disabled: [],
    commented: [],
    requires: [],
  };
  const root = parseSource("elixir", text)?.root();
  if (!root) return facts;
  for (const pair of root.findAll({ rule: { kind: "pair" } })) {
    const key = pairKey(pair);
    const value = pairValue(pair);
    if (!value) continue;
    if (key === "strict" && facts.strict === null) {
      facts.strict = value.text() === "true";
      facts.strictLine = lineOf(pair);
    } else if (key === "requires") {
      for (const item of value.findAll({ rule: { kind: "string" } }))
        facts.requires.push(stringContent(item));
    } else if (key === "enabled" || key === "disabled" || (key === "checks" && value.kind() === "list")) {
      for (const tuple of value.children().filter((child) => child.kind() === "tuple")) {
        const parts = tuple.children().filter((child) => child.isNamed());
        if (parts[0]?.kind() !== "alias") continue;
        const check = parts[0].text();
        const off = parts[1]?.text() === "false";
        if (key === "disabled") facts.disabled.push({ check, line: lineOf(tuple) });
        else if (off) facts.disabled.push({ check, line: lineOf(tuple) });
        else
          facts.enabled.push({
            check,
            line: lineOf(tuple),
            custom: !check.startsWith("Credo.Check."),
            disabledByFalse: false,
          });
      }
    }
  }
  for (const comment of root.findAll({ rule: { kind: "comment" } })) {
    const match = /\{\s*([A-Z][\w]*(?:\.[A-Z][\w]*)+)\s*[,}]/.exec(comment.text());
    if (match?.[1])
      facts.commented.push({
        check: match[1],
        line: lineOf(comment),
        custom: !match[1].startsWith("Credo.Check."),
        comment: comment.text().trim(),
      });
  }
  return facts;
}

export interface FormatterFacts {
  path: string;
  importDeps: string[];
  plugins: string[];
  inputs: string[];
  line: number;
}

export function parseFormatter(path: string, text: string): FormatterFacts {
  const facts: FormatterFacts = { path, importDeps: [], plugins: [], inputs: [], line: 1 };
  const root = parseSource("elixir", text)?.root();
  if (!root) return facts;
  const list = root.find({ rule: { kind: "list" } });
  const keys = keywordMap(list);
  const items = (node: SgNode | undefined): string[] =>
    node
      ? node
          .children()
          .filter((child) => child.isNamed())
          .map((child) => (child.kind() === "string" ? stringContent(child) : child.text()))
      : [];
  facts.importDeps = items(keys.get("import_deps"));
  facts.plugins = items(keys.get("plugins"));
  facts.inputs = items(keys.get("inputs"));
  if (list) facts.line = lineOf(list);
  return facts;
}
