// Shell functions of a script and the scripts it sources, read with the Bash grammar: how a command-dispatching
// script (`./manage test.unit`, `./ci.sh lint`) resolves a subcommand to the commands of the function of that name.
import type { SgNode } from "@ast-grep/napi";
import { parseSource } from "../../parse/grammar-registry.js";
import { normaliseRepoPath, parentDir } from "../../repo/repo-path.js";

/** A shell function: the command lines of its body, and whether it runs its own arguments (`"$@"`). */
export interface ShellFunction {
  lines: string[];
  runsArguments: boolean;
}

/** What one shell script defines and sources. */
export interface ShellScript {
  functions: Map<string, ShellFunction>;
  /** Paths of the files it sources (`source "$(dirname "$0")/lib.sh"`, `. ./env.sh`), as repository paths. */
  sources: string[];
  /** True when the top-level code hands its arguments on (`"$cmd" "$@"`, `"$1"`): the script dispatches them. */
  dispatchesArguments: boolean;
  /**
   * The command lines of each top-level branch chosen by the first argument, keyed by the word it matches:
   * `if [[ $1 = "test" ]]; then run_tests "$@"` and `case "$1" in test) …;;` both give `test` → [`run_tests "$@"`].
   */
  branches: Map<string, string[]>;
}

/**
 * A command that runs its arguments as a command line: `"$@"` (or `$@`, `"${@}"`) as the command word, or
 * `eval` of them (`eval "$1"`, `eval "$*"`: a `run "npm test"` helper that echoes and evaluates its argument).
 */
const RUNS_ARGUMENTS =
  /(?:^|[\s;&|(])"?\$\{?@\}?"?(?:\s|$)|(?:^|[\s;&|(])eval\s+"?\$\{?[1@*]\}?"?(?:\s|;|$)/m;
/** A top-level use of the script's arguments as a command or function name. */
const DISPATCH = /"?\$\{?(?:@|1|\*)\}?"?/;

/** Logical lines of a body: `\` continuations joined, comments, braces and shell options dropped. */
function commandLines(body: string): string[] {
  const out: string[] = [];
  let pending = "";
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = "";
    if (full === "" || full.startsWith("#") || /^[{}()]+;?$/.test(full) || /^set\s/.test(full)) continue;
    out.push(full.replace(/^\(\s*/, "").replace(/^\{\s*/, ""));
  }
  return out;
}

/**
 * Where a sourced path points, relative to the script's folder when it is written so (`$(dirname "$0")/x`,
 * `${BASH_SOURCE%/*}/x`, `./x`), otherwise from the repository root (the folder a make recipe or CI step runs in).
 */
function sourcedPath(word: string, scriptPath: string): string | null {
  const unquoted = word.replace(/^["']|["']$/g, "");
  const here = parentDir(scriptPath);
  const fromScript =
    /^(?:"?\$\(\s*dirname\s+"?\$\{?(?:BASH_SOURCE(?:\[0\])?|0)\}?"?\s*\)"?|\$\{BASH_SOURCE(?:\[0\])?%\/\*\}|\$\{0%\/\*\})\/(.+)$/.exec(
      unquoted,
    );
  const rest = fromScript?.[1] ?? unquoted;
  if (/[$`*?]/.test(rest)) return null;
  return normaliseRepoPath(fromScript && here !== "." ? `${here}/${rest}` : rest.replace(/^\.\//, ""));
}

/** Reads a shell script's functions, the files it sources and whether it dispatches its arguments; null when unparsable. */
export function parseShellScript(text: string, path: string): ShellScript | null {
  // A quick pre-filter: only scripts that define functions can dispatch to them.
  if (!/^\s*(?:function\s+)?[\w.:-]+\s*\(\s*\)|^\s*function\s+[\w.:-]+/m.test(text)) return null;
  const root = parseSource("shell", text)?.root();
  if (!root) return null;
  const functions = new Map<string, ShellFunction>();
  const ranges: Array<[number, number]> = [];
  for (const fn of root.findAll({ rule: { kind: "function_definition" } })) {
    const name = fn.field("name")?.text();
    const body = fn.field("body");
    if (!name || !body) continue;
    const range = fn.range();
    ranges.push([range.start.index, range.end.index]);
    const text = body.text();
    if (!functions.has(name))
      functions.set(name, {
        lines: commandLines(text.replace(/^\{|\}$/g, "")),
        runsArguments: RUNS_ARGUMENTS.test(text),
      });
  }
  const sources: string[] = [];
  for (const cmd of root.findAll({
    rule: { kind: "command", has: { field: "name", regex: "^(source|\\.)$" } },
  })) {
    const arg = cmd.children().find((c) => c.kind() !== "command_name");
    const target = arg ? sourcedPath(arg.text(), path) : null;
    if (target && !sources.includes(target)) sources.push(target);
  }
  // The top level is the text outside every function definition.
  let topLevel = "";
  let at = 0;
  for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    topLevel += text.slice(at, start);
    at = end;
  }
  topLevel += text.slice(at);
  const dispatchesArguments = commandLines(topLevel).some(
    (line) => !/^(?:source|\.)\s/.test(line) && DISPATCH.test(line),
  );
  const inFunction = (index: number): boolean => ranges.some(([start, end]) => index >= start && index < end);
  const branches = new Map<string, string[]>();
  const addBranch = (word: string, statements: SgNode[]): void => {
    if (branches.has(word) || statements.length === 0) return;
    branches.set(
      word,
      statements.flatMap((statement) => commandLines(statement.text())),
    );
  };
  // `if [[ $1 = "test" ]]; then …` with its `elif` clauses: each clause's own statements.
  for (const statement of root.findAll({ rule: { kind: "if_statement" } })) {
    if (inFunction(statement.range().start.index)) continue;
    for (const clause of [statement, ...statement.children().filter((c) => c.kind() === "elif_clause")]) {
      const condition = clause.children().find((c) => c.kind() === "test_command");
      const word = condition ? FIRST_ARGUMENT_IS.exec(condition.text())?.[1] : undefined;
      if (!word) continue;
      const children = clause.children();
      const then = children.findIndex((c) => c.kind() === "then");
      addBranch(
        word,
        children
          .slice(then + 1)
          .filter((c) => !/^(?:elif_clause|else_clause|fi|;)$/.test(String(c.kind())) && c.isNamed()),
      );
    }
  }
  // `case "$1" in test|check) …;; esac`: each literal pattern of an item.
  for (const statement of root.findAll({ rule: { kind: "case_statement" } })) {
    if (inFunction(statement.range().start.index)) continue;
    const subject = statement.children().find((c) => c.isNamed() && c.kind() !== "case_item");
    if (!subject || !/^"?\$\{?1\}?"?$/.test(subject.text())) continue;
    for (const item of statement.children().filter((c) => c.kind() === "case_item")) {
      const children = item.children();
      const close = children.findIndex((c) => c.text() === ")");
      if (close < 0) continue;
      const body = children.slice(close + 1).filter((c) => c.isNamed());
      for (const pattern of children.slice(0, close).filter((c) => c.isNamed()))
        if (/^["']?[\w.:-]+["']?$/.test(pattern.text())) addBranch(pattern.text().replace(/["']/g, ""), body);
    }
  }
  return { functions, sources, dispatchesArguments, branches };
}

/** A test of the first argument against a literal word: `[[ $1 = "test" ]]`, `[ "$1" == test ]`. */
const FIRST_ARGUMENT_IS = /^\[\[?\s*"?\$\{?1\}?"?\s*==?\s*["']?([\w.:-]+)["']?\s*\]\]?$/;

/** A shell interpreter line: `#!/bin/bash`, `#!/usr/bin/env sh`, `#!/bin/zsh -e`. */
const SHELL_SHEBANG = /^#!\s*\S*\/(?:env\s+(?:-\S+\s+)*)?(?:ba|da|z|k)?sh\b/;
/** The script's own folder, as scripts compute it: `$(dirname "$0")`, `$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)`. */
const OWN_FOLDER_VALUE =
  /^["']?\$\(\s*(?:cd\s+)?["']?\$\(\s*dirname\s+["']?\$\{?(?:BASH_SOURCE(?:\[0\])?|0)\}?["']?\s*\)["']?(?:\s*(?:&&|;)\s*pwd(?:\s+-P)?)?\s*\)["']?$|^["']?\$\{(?:BASH_SOURCE(?:\[0\])?|0)%\/\*\}["']?$/;

/**
 * The command lines of a script that runs straight through (a shell interpreter line, no functions), with the
 * variables that hold the script's own folder (`scriptdir=$(cd $(dirname $0) && pwd)`) replaced by that folder,
 * so `$scriptdir/validate-tests` names a repository path; null for any other file.
 */
export function linearScriptLines(text: string, path: string): string[] | null {
  if (!SHELL_SHEBANG.test(text.split("\n", 1)[0] ?? "")) return null;
  if (/^\s*(?:function\s+)?[\w.:-]+\s*\(\s*\)|^\s*function\s+[\w.:-]+/m.test(text)) return null;
  const here = parentDir(path);
  const ownFolder = new Set<string>();
  const out: string[] = [];
  for (const line of commandLines(text)) {
    const assignment = /^(?:export\s+|readonly\s+|local\s+)?(\w+)=(.+)$/.exec(line);
    if (assignment?.[1] && assignment[2] && OWN_FOLDER_VALUE.test(assignment[2].trim())) {
      ownFolder.add(assignment[1]);
      continue;
    }
    out.push(
      line.replace(/"?\$\{?(\w+)\}?"?\/([\w./-]+)/g, (whole, name: string, rest: string) =>
        ownFolder.has(name) ? normaliseRepoPath(here === "." ? rest : `${here}/${rest}`) : whole,
      ),
    );
  }
  return out;
}
