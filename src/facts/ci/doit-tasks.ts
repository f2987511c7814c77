// pydoit tasks as CI runs them: `doit run typescript` (or `doit typescript`, `python -m doit …`) runs the tasks in
// the task's `task_dep`, then its `actions`, read from `def task_<name>():` in dodo.py. An action written as a string
// is a shell command; one written as a list (`[npx, 'tsc', '--noEmit']`) is a command's words, a name standing for
// its value's program (`npx = 'npx.cmd' if windows else 'npx'` reads as `npx`). Python callables are not commands.

/** A dodo.py task: the tasks it depends on and the command lines of its actions. */
export interface DoitTask {
  deps: string[];
  commands: string[];
}

/** The text from `open` (a `[`) to its matching `]`, or null. */
function bracketed(text: string, open: number): string | null {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === "\\") i++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "[" || char === "(" || char === "{") depth++;
    else if (char === "]" || char === ")" || char === "}") {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return null;
}

/** Top-level items of a list's inside, split on commas outside quotes and brackets. */
function items(inside: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = "";
  for (let i = 0; i < inside.length; i++) {
    const char = inside[i] ?? "";
    if (quote) {
      current += char;
      if (char === "\\") current += inside[++i] ?? "";
      else if (char === quote) quote = null;
      continue;
    }
    if (char === "#") {
      const end = inside.indexOf("\n", i);
      i = end === -1 ? inside.length : end - 1;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "[" || char === "(" || char === "{") depth++;
    else if (char === "]" || char === ")" || char === "}") depth--;
    if (char === "," && depth === 0) {
      if (current.trim()) out.push(current.trim());
      current = "";
    } else current += char;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

function stringLiteral(item: string): string | null {
  const m = /^[rbfu]?(?:"([^"]*)"|'([^']*)')$/i.exec(item.trim());
  return m ? (m[1] ?? m[2] ?? "") : null;
}

/** An action as a command line: a string, or a list of words (literals and names of programs); null for callables. */
function actionCommand(item: string): string | null {
  const literal = stringLiteral(item);
  if (literal !== null) return literal.trim() || null;
  if (!item.startsWith("[")) return null;
  const inside = bracketed(item, 0);
  if (inside === null) return null;
  const words: string[] = [];
  for (const word of items(inside)) {
    const text = stringLiteral(word);
    if (text !== null) words.push(text);
    else if (/^[A-Za-z_]\w*$/.test(word)) words.push(word);
    else return words.length > 0 ? words.join(" ") : null;
  }
  return words.length > 0 ? words.join(" ") : null;
}

/** The value of `key=[…]` or `'key': […]` in a task's body, as list items. */
function listValue(body: string, key: string): string[] {
  const at = new RegExp(String.raw`(?:\b${key}\s*=|["']${key}["']\s*:)\s*\[`).exec(body);
  if (!at) return [];
  const inside = bracketed(body, at.index + at[0].length - 1);
  return inside === null ? [] : items(inside);
}

/** Every `def task_<name>()` of a dodo.py, by task name. */
export function parseDodo(text: string): Map<string, DoitTask> {
  const tasks = new Map<string, DoitTask>();
  const defs = [...text.matchAll(/^def task_(\w+)\s*\(/gm)];
  for (const def of defs) {
    const start = def.index;
    // The body runs to the next line at column 0 that is code.
    const next = /\n(?=[^\s#])/g;
    next.lastIndex = start + def[0].length;
    const end = next.exec(text)?.index ?? text.length;
    const body = text.slice(start, end);
    const name = def[1] ?? "";
    tasks.set(name, {
      deps: listValue(body, "task_dep")
        .map(stringLiteral)
        .filter((d): d is string => d !== null && d !== ""),
      commands: listValue(body, "actions")
        .map(actionCommand)
        .filter((c): c is string => c !== null),
    });
  }
  return tasks;
}

/** The command lines `doit run <name>` runs: its dependencies' (as `doit run dep`, resolved in turn), then its own. */
export function doitTaskCommands(tasks: Map<string, DoitTask> | null, name: string): string[] | null {
  const task = tasks?.get(name.replace(/:.*$/, ""));
  if (!task) return null;
  return [...task.deps.map((dep) => `doit run ${dep}`), ...task.commands];
}
