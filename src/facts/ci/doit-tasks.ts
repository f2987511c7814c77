// pydoit tasks (dodo.py): what `doit run <task>` / `doit <task>` runs, read from the Python syntax tree. A task is a
// module-level `def task_<name>()` that returns or yields a dict (`dict(actions=[…])` or `{"actions": […]}`); its
// shell actions are strings or argument lists (`[npx, "tsc", "--noEmit"]`), and its `task_dep` tasks run first.
// Python-callable actions run code of the project that is not followed.
import type { SgNode } from "@ast-grep/napi";
import { parseSource } from "../../parse/grammar-registry.js";
import { stringValue } from "../python/syntax.js";

/** doit's own commands: `doit list` and the like name no task. */
const DOIT_COMMANDS = /^(auto|clean|dumpdb|forget|help|ignore|info|list|reset-dep|strace|tabcompletion)$/;

/**
 * The tasks a `doit` command line runs, and the dodo file it names (`-f`/`--file`, else null), or null when the
 * line is not a doit run. `doit` alone runs the default tasks, which are not followed.
 */
export function doitInvocation(words: readonly string[]): { tasks: string[]; file: string | null } | null {
  let rest = [...words];
  if (/^python[\d.]*$/.test(rest[0] ?? "") && rest[1] === "-m" && rest[2] === "doit") rest = rest.slice(3);
  else if (rest[0] === "doit") rest = rest.slice(1);
  else return null;
  let file: string | null = null;
  const tasks: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? "";
    if (word === "-f" || word === "--file" || word === "--dir" || word === "-d") {
      if (word === "-f" || word === "--file") file = rest[i + 1] ?? null;
      i++;
      continue;
    }
    if (word.startsWith("--file=")) file = word.slice("--file=".length);
    if (word.startsWith("-") || word.includes("=")) continue;
    if (tasks.length === 0 && word === "run") continue;
    if (tasks.length === 0 && DOIT_COMMANDS.test(word)) return null;
    if (/^[\w:.-]+$/.test(word)) tasks.push(word);
  }
  return tasks.length > 0 ? { tasks, file } : null;
}

/** Each task's commands in the order doit runs them: its `task_dep` tasks as `doit run <dep>`, then its actions. */
export function doitTasks(text: string): Map<string, string[]> {
  const tasks = new Map<string, string[]>();
  const root = parseSource("python", text)?.root();
  if (!root) return tasks;
  const strings = moduleStrings(root);
  for (const fn of root.children().filter((child) => child.kind() === "function_definition")) {
    const name = fn.field("name")?.text() ?? "";
    if (!name.startsWith("task_")) continue;
    const commands: string[] = [];
    for (const dict of returnedDicts(fn)) {
      for (const dep of listItems(entry(dict, "task_dep"))) {
        const task = stringValue(dep);
        if (task) commands.push(`doit run ${task}`);
      }
      for (const action of listItems(entry(dict, "actions"))) {
        const command = actionCommand(action, strings);
        if (command) commands.push(command);
      }
    }
    tasks.set(name.slice("task_".length), commands);
  }
  return tasks;
}

/**
 * Module-level names bound to a string (`npx = 'npx'`, also inside a top-level `if`), by the value every binding
 * agrees on once a Windows suffix (`npx.cmd`) is set aside.
 */
function moduleStrings(root: SgNode): Map<string, string> {
  const values = new Map<string, Set<string>>();
  const visit = (node: SgNode): void => {
    for (const child of node.children()) {
      if (child.kind() === "function_definition" || child.kind() === "class_definition") continue;
      if (child.kind() === "assignment") {
        const left = child.field("left");
        const right = child.field("right");
        const value = right ? stringValue(right) : null;
        if (left?.kind() === "identifier" && value !== null) {
          const set = values.get(left.text()) ?? new Set<string>();
          set.add(value.replace(/\.(?:cmd|exe|bat)$/i, ""));
          values.set(left.text(), set);
        }
        continue;
      }
      visit(child);
    }
  };
  visit(root);
  const out = new Map<string, string>();
  for (const [name, set] of values) if (set.size === 1) out.set(name, [...set][0] ?? "");
  return out;
}

/** The dicts a task function returns or yields (`dict(...)` calls and `{...}` literals). */
function returnedDicts(fn: SgNode): SgNode[] {
  const out: SgNode[] = [];
  for (const statement of fn.findAll({ rule: { any: [{ kind: "return_statement" }, { kind: "yield" }] } })) {
    for (const value of statement.children().filter((child) => child.isNamed())) {
      if (value.kind() === "dictionary") out.push(value);
      else if (value.kind() === "call" && value.field("function")?.text() === "dict") out.push(value);
    }
  }
  return out;
}

/** A dict's value for a key: `dict(key=…)` or `{"key": …}`. */
function entry(dict: SgNode, key: string): SgNode | null {
  if (dict.kind() === "dictionary") {
    for (const pair of dict.children().filter((child) => child.kind() === "pair")) {
      const name = pair.field("key");
      if (name && stringValue(name) === key) return pair.field("value");
    }
    return null;
  }
  for (const argument of dict.field("arguments")?.children() ?? []) {
    if (argument.kind() === "keyword_argument" && argument.field("name")?.text() === key)
      return argument.field("value");
  }
  return null;
}

function listItems(node: SgNode | null): SgNode[] {
  if (!node || (node.kind() !== "list" && node.kind() !== "tuple")) return [];
  return node.children().filter((child) => child.isNamed());
}

/**
 * A shell action as the command line it runs: a string as written, an argument list joined with module-level
 * names read as their value (or their own name: `[npx, "tsc"]`); null for a Python callable or a computed value.
 */
function actionCommand(action: SgNode, strings: ReadonlyMap<string, string>): string | null {
  const text = stringValue(action);
  if (text !== null) return text.trim() || null;
  if (action.kind() !== "list" && action.kind() !== "tuple") return null;
  const words: string[] = [];
  for (const item of listItems(action)) {
    const word =
      stringValue(item) ?? (item.kind() === "identifier" ? (strings.get(item.text()) ?? item.text()) : null);
    if (word === null) return words.length > 0 ? words.join(" ") : null;
    words.push(word);
  }
  return words.length > 0 ? words.join(" ") : null;
}
