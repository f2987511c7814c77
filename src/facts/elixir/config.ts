// config/*.exs, .credo.exs and .formatter.exs, read from their syntax trees.
import type { SgNode } from "@ast-grep/napi";
import { parseSource } from "../../parse/grammar-registry.js";
import {
  ancestors,
  callArguments,
  callName,
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
}

export interface EnvVarRead {
  path: string;
  line: number;
  name: string;
  call: "get_env" | "fetch_env!" | "fetch_env";
  hasDefault: boolean;
  /** `|| raise`, `fetch_env!`, or a `case`/`if` around it that raises. */
  validated: boolean;
  /** The value is tested rather than used as is: compared (`== "true"`), or the condition of `if`/`unless`/`case`/`cond`. */
  nilHandled: boolean;
  env: string | null;
}

export interface ConfigFileFacts {
  entries: ConfigEntry[];
  envReads: EnvVarRead[];
}

const ENV_FILE = /(^|\/)config\/(?!config\.exs$|runtime\.exs$)([a-z0-9_]+)\.exs$/;

export function parseConfigFile(path: string, text: string): ConfigFileFacts {
  const root = parseSource("elixir", text)?.root();
  const result: ConfigFileFacts = { entries: [], envReads: [] };
  if (!root) return result;
  const fileEnv = ENV_FILE.exec(path)?.[2] ?? null;
  for (const call of root.findAll({ rule: { kind: "call" } })) {
    const name = callName(call);
    if (name === "config") {
      const args = callArguments(call);
      const app = args[0]?.kind() === "atom" ? args[0].text().slice(1) : null;
      if (!app) continue;
      const keyNode = args[1] && (args[1].kind() === "alias" || args[1].kind() === "atom") ? args[1] : null;
      const keywords = args.find((arg) => arg.kind() === "keywords");
      const env = envAround(call) ?? fileEnv;
      collectEntries(path, app, keyNode?.text() ?? null, "", keywords, env, result.entries);
    } else if (name === "System.get_env" || name === "System.fetch_env!" || name === "System.fetch_env") {
      const args = callArguments(call);
      const first = args[0];
      if (first?.kind() !== "string") continue;
      const envName = stringContent(first);
      const kind = name.slice("System.".length) as EnvVarRead["call"];
      result.envReads.push({
        path,
        line: lineOf(call),
        name: envName,
        call: kind,
        hasDefault: args.length > 1 || hasOrDefault(call),
        validated: kind === "fetch_env!" || raisesAround(call),
        nilHandled: nilHandled(call),
        env: envAround(call) ?? fileEnv,
      });
    }
  }
  return result;
}

function collectEntries(
  path: string,
  app: string,
  key: string | null,
  prefix: string,
  keywords: SgNode | null | undefined,
  env: string | null,
  out: ConfigEntry[],
): void {
  for (const pair of keywordPairs(keywords)) {
    const value = pairValue(pair);
    if (!value) continue;
    const name = prefix ? `${prefix}.${pairKey(pair)}` : pairKey(pair);
    const nested = value.kind() === "list" && keywordPairs(value).length > 0;
    if (nested) collectEntries(path, app, key, name, value, env, out);
    out.push({
      path,
      line: lineOf(pair),
      app,
      key,
      name,
      value: literal(value),
      text: value.text().slice(0, 120),
      env,
    });
  }
}

/** The environment an `if config_env() == :prod` (or `Mix.env()`) block selects, or null. */
function envAround(node: SgNode): string | null {
  for (const ancestor of ancestors(node)) {
    if (callName(ancestor) !== "if") continue;
    const condition = callArguments(ancestor)[0]?.text() ?? "";
    const match = /(?:config_env\(\)|Mix\.env\(\)|config_target\(\))\s*==\s*:(\w+)/.exec(condition);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** `System.get_env("X") || "default"` (a right operand that is not `raise`). */
function hasOrDefault(call: SgNode): boolean {
  const parent = call.parent();
  if (parent?.kind() !== "binary_operator" || !/\|\|/.test(operatorOf(parent))) return false;
  const right = parent
    .children()
    .filter((child) => child.isNamed())
    .at(-1);
  return right !== undefined && right.id() !== call.id() && callName(right) !== "raise";
}

/** `|| raise ...`, or a `case`/`if`/`unless`/`with` around the read (inside its statement) that raises. */
function raisesAround(call: SgNode): boolean {
  const parent = call.parent();
  if (parent?.kind() === "binary_operator" && /\|\|/.test(operatorOf(parent))) {
    const right = parent
      .children()
      .filter((child) => child.isNamed())
      .at(-1);
    if (right && callName(right) === "raise") return true;
  }
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
