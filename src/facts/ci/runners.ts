// Task runners a CI command can go through: package.json scripts (with pre/post hooks, npm-run-all chains and
// workspace fan-out by pnpm -r / turbo / nx / lerna), Makefile targets, Taskfile and justfile recipes, gulp tasks,
// shell scripts and local composite actions. Each resolves a named target to the command lines it runs.
import { doitTasks } from "./doit-tasks.js";
import { moonWorkspaceProjects, parseMoonProject, type MoonProject } from "./moon-projects.js";
import { exCheckCommands } from "./ex-check.js";
import { parse as parseToml } from "smol-toml";
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import { normaliseRepoPath, parentDir } from "../../repo/repo-path.js";
import { escapeRegExp } from "../../util/escape-reg-exp.js";
import { justRecipe, parseJustfile, type Justfile } from "./justfile-recipes.js";
import { parseNxProject, type NxProject } from "./nx-projects.js";
import { stepItems } from "./semantics.js";
import {
  linearScriptLines,
  parseShellScript,
  type ShellFunction,
  type ShellScript,
} from "./shell-functions.js";

/** A command line and the directory it starts in ("." for the repository root). */
export interface ResolvedCommand {
  text: string;
  dir: string;
}

export type Runner =
  | "npm"
  | "make"
  | "script"
  | "task"
  | "just"
  | "gulp"
  | "workspaces"
  | "mix"
  | "go-program"
  | "doit"
  | "moon"
  | "mise";

/** What a command line hands to a runner: `npm run lint`, `task py:test`, `turbo run test lint` … */
export interface Invocation {
  runner: Runner;
  /** The first target (the only one for most runners). */
  target: string;
  dir?: string | null;
  /** Every target, when the command names several (`npm-run-all lint test`, `turbo run lint test`). */
  targets?: string[];
  /**
   * For "just": the words after the recipe, its arguments (`just fmt --check`); for "script": the words after the
   * script (`./manage test.unit`); for "doit": the dodo file named with `-f`, when one is.
   */
  args?: string[];
  /**
   * For "workspaces": the packages named (`yarn workspace @acme/web build`, `pnpm --filter web test`), by
   * package name or folder; absent when every package that defines the target runs it.
   */
  packages?: string[];
}

export interface RunnerFiles {
  read(path: string): string | null;
  /** Every package.json of the repository (workspaces), outside vendored folders. */
  packageJsons: string[];
  /** Every file path of the repository (to read a Go pipeline program's folder); optional. */
  paths?: string[];
}

export interface Resolver {
  /** Commands a runner target runs, or null when the target is unknown. */
  resolve(invocation: Invocation, dir: string): ResolvedCommand[] | null;
  /** Steps of a local composite action (`uses: ./.github/actions/setup`): its `run:` lines and `uses:` references. */
  compositeAction(
    path: string,
  ): { commands: ResolvedCommand[]; uses: Array<{ uses: string; with: Record<string, string> }> } | null;
  /** Folders of the Go pipeline programs (Dagger or mage) resolved so far, sorted. */
  pipelinePrograms(): string[];
  /** What a task's definition says it does (a mise task's `description`), or null. */
  description(invocation: Invocation, dir: string): string | null;
  /** A repository file's text (a tool's configuration a command reads), or null when absent or unreadable. */
  fileText(path: string): string | null;
}

/** A folder path in normal form (the repository's shared normalisation). */
export const normaliseDir = normaliseRepoPath;

const join = (dir: string, name: string): string => (dir === "." ? name : `${dir}/${name}`);
const dirOf = (path: string): string => parentDir(path);

/**
 * The scripts a loop over a glob of the script's own folder runs (`for t in "$(dirname "$0")"/test_*; do "$t"; done`),
 * as `bash <path>` lines (itself left out), so the resolver reads each of them.
 */
function globLoopScripts(text: string, scriptPath: string, paths: readonly string[]): string[] {
  const out: string[] = [];
  const here = parentDir(scriptPath);
  const loop =
    /^\s*for\s+(\w+)\s+in\s+"?\$\(\s*dirname\s+"?\$\{?(?:0|BASH_SOURCE(?:\[0\])?)\}?"?\s*\)"?\/([\w.*?-]+)\s*;?\s*(?:do)?\s*$/gm;
  for (const m of text.matchAll(loop)) {
    const variable = m[1] ?? "";
    const rest = text.slice((m.index ?? 0) + m[0].length);
    const body = rest.slice(0, Math.max(0, rest.search(/^\s*done\b/m)));
    // The loop runs what it iterates over: `"$t"`, `${t}`, `bash "$t"` as a command word.
    const runs = new RegExp(`^\\s*(?:(?:bash|sh)\\s+)?"?\\$\\{?${variable}\\}?"?(?:\\s|$)`, "m");
    if (!runs.test(body)) continue;
    const glob = new RegExp(
      `^${(m[2] ?? "").replace(/[.]/g, "\\.").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`,
    );
    for (const path of paths)
      if (
        path !== scriptPath &&
        parentDir(path) === here &&
        glob.test(path.slice(here === "." ? 0 : here.length + 1))
      )
        out.push(`bash ${path}`);
  }
  return out;
}

/** The repository paths an absolute path in a container may be copied from, longest tail first: `/app/bin/ci.sh` → `app/bin/ci.sh`, `bin/ci.sh`, `ci.sh`. */
function containerPathTails(target: string): string[] {
  if (!target.startsWith("/")) return [];
  const parts = target.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === "..")) return [];
  return parts.map((_, i) => parts.slice(i).join("/"));
}

function scalarText(node: unknown): string | null {
  return isScalar(node) && node.value !== null && node.value !== undefined
    ? String(node.value as string | number | boolean)
    : null;
}

/** Splits a package script on `&&`, `;` and `||` into the commands it runs (a `||` fallback stays with its command). */
function splitChain(script: string): string[] {
  return script
    .split(/\s*(?:&&|;)\s*/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

// npm-run-all / run-s / run-p / concurrently: the scripts they start, by name or glob (`lint:*`).
const RUN_ALL = /^(?:npx\s+)?(?:npm-run-all2?|run-s|run-p)\b(.*)$/;
const CONCURRENTLY = /^(?:npx\s+)?concurrently\b(.*)$/;

function scriptsByPattern(scripts: Record<string, string>, pattern: string): string[] {
  if (!pattern.includes("*")) return pattern in scripts ? [pattern] : [];
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^:]*")}$`,
  );
  return Object.keys(scripts)
    .filter((name) => re.test(name))
    .sort();
}

export function makeResolver(files: RunnerFiles): Resolver {
  const scriptsCache = new Map<string, Record<string, string> | null>();
  const makeCache = new Map<string, Map<string, string[]> | null>();
  const taskCache = new Map<string, Map<string, { cmds: string[]; dir: string }> | null>();
  const justCache = new Map<string, Justfile | null>();
  const gulpCache = new Map<string, Map<string, string[]> | null>();
  const doitCache = new Map<string, Map<string, string[]> | null>();
  const mixCache = new Map<string, string | null>();

  /** A mix alias (`ci: ["format --check-formatted", "credo", "test"]` in mix.exs) as `mix …` commands. */
  const mixAlias = (dir: string, name: string): string[] | null => {
    if (!mixCache.has(dir)) {
      const text = files.read(join(dir, "mix.exs"));
      const start = text?.search(/\bdefp?\s+aliases\b/) ?? -1;
      mixCache.set(dir, text && start >= 0 ? text.slice(start) : null);
    }
    const aliases = mixCache.get(dir);
    if (!aliases) return null;
    const escaped = escapeRegExp(name);
    const m = new RegExp(`(?:^|[\\s,\\[])(?:${escaped}|"${escaped}"):\\s*\\[([^\\]]*)\\]`).exec(aliases);
    if (!m) return null;
    return [...(m[1] ?? "").matchAll(/"([^"]+)"/g)].map((x) => {
      const body = x[1] ?? "";
      // `cmd npm test` runs a shell command; anything else is a mix task.
      return body.startsWith("cmd ") ? body.slice(4).replace(/^--cd\s+(\S+)\s+/, "cd $1 && ") : `mix ${body}`;
    });
  };

  const npmScripts = (dir: string): Record<string, string> | null => {
    if (scriptsCache.has(dir)) return scriptsCache.get(dir) ?? null;
    const text = files.read(join(dir, "package.json"));
    let scripts: Record<string, string> | null = null;
    try {
      const parsed = text ? (JSON.parse(text) as { scripts?: Record<string, unknown> }) : null;
      if (parsed?.scripts)
        scripts = Object.fromEntries(
          Object.entries(parsed.scripts).filter((e): e is [string, string] => typeof e[1] === "string"),
        );
    } catch {
      scripts = null;
    }
    scriptsCache.set(dir, scripts);
    return scripts;
  };

  /** A package script with its `pre`/`post` hooks, and the scripts an npm-run-all/concurrently line starts. */
  const npmScript = (dir: string, target: string): ResolvedCommand[] | null => {
    let where = dir;
    let scripts = npmScripts(dir);
    if (!scripts?.[target] && dir !== ".") {
      where = ".";
      scripts = npmScripts(".");
    }
    const script = scripts?.[target];
    if (!scripts || script === undefined) return null;
    const out: ResolvedCommand[] = [];
    for (const name of [`pre${target}`, target, `post${target}`]) {
      const body = scripts[name];
      if (body === undefined) continue;
      for (const command of splitChain(body)) {
        const runAll = RUN_ALL.exec(command) ?? CONCURRENTLY.exec(command);
        if (!runAll) {
          out.push({ text: command, dir: where });
          continue;
        }
        // `npm-run-all -p lint:* test`, `concurrently "npm:lint" "npm run test"`.
        for (const token of (runAll[1] ?? "").match(/"[^"]*"|'[^']*'|\S+/g) ?? []) {
          const word = token.replace(/^["']|["']$/g, "");
          if (word.startsWith("-")) continue;
          if (/^(npm|yarn|pnpm|bun)\s/.test(word)) out.push({ text: word, dir: where });
          else
            for (const s of scriptsByPattern(scripts, word.replace(/^(npm|yarn|pnpm|bun):/, "")))
              out.push({ text: `npm run ${s}`, dir: where });
        }
      }
    }
    return out;
  };

  const makeTargets = (dir: string): Map<string, string[]> | null => {
    if (makeCache.has(dir)) return makeCache.get(dir) ?? null;
    const main =
      files.read(join(dir, "Makefile")) ??
      files.read(join(dir, "GNUmakefile")) ??
      files.read(join(dir, "makefile"));
    let targets: Map<string, string[]> | null = null;
    if (main) {
      targets = new Map();
      const vars = new Map<string, string>();
      const expand = (text: string, depth = 0): string =>
        depth > 4
          ? text
          : text.replace(/\$[({](\w+)[)}]/g, (m, name: string) => {
              const value = vars.get(name);
              return value === undefined ? m : expand(value, depth + 1);
            });
      // Variables first (from the Makefile and what it includes), so a target list (`$(TOOLS):`) and a recipe
      // read them wherever they are set; the first plain assignment wins (a conditional's first branch), `+=`
      // appends.
      const texts = [main];
      for (let t = 0; t < texts.length && t < 5; t++)
        for (const line of (texts[t] ?? "").split("\n")) {
          const include = /^-?include\s+(\S+)/.exec(line);
          if (include?.[1]) {
            const inc = files.read(join(dir, expand(include[1])));
            if (inc) texts.push(inc);
            continue;
          }
          const variable = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*([:?+]?)=\s*(.*)$/.exec(line);
          if (!variable?.[1] || line.startsWith("\t")) continue;
          const value = (variable[3] ?? "").trim();
          const had = vars.get(variable[1]);
          if (variable[2] === "+") vars.set(variable[1], had === undefined ? value : `${had} ${value}`);
          else if (had === undefined) vars.set(variable[1], value);
        }
      let current: string[] | null = null;
      for (const text of texts)
        for (const line of text.split("\n")) {
          if (/^-?include\s/.test(line) || /^\s*(?:export\s+)?[A-Za-z_]\w*\s*[:?+]?=/.test(line)) {
            if (!line.startsWith("\t")) {
              current = null;
              continue;
            }
          }
          const header = /^([\w.%/-]+(?:\s+[\w.%/-]+)*)\s*:(?![=:])(.*)$/.exec(
            line.startsWith("\t") ? "" : expand(line),
          );
          if (header?.[1]) {
            current = [];
            // Prerequisites that are other targets run first: record them as `make <dep>`.
            for (const dep of (header[2] ?? "").split(/\s+/).filter((d) => /^[\w.-]+$/.test(d)))
              current.push(`make ${dep}`);
            for (const name of header[1].split(/\s+/)) {
              if (!targets.has("") && !name.startsWith(".")) targets.set("", current);
              if (!targets.has(name)) targets.set(name, current);
            }
          } else if (current && line.startsWith("\t"))
            current.push(expand(line.trim()).replace(/^[@+-]+/, ""));
          // A conditional inside a recipe (`ifdef X` / `else` / `endif` at column 0) chooses among its lines; both
          // branches are kept, as either may run.
          else if (current && /^(ifdef|ifndef|ifeq|ifneq|else|endif)\b/.test(line)) continue;
          else if (line.trim() !== "" && !line.startsWith("#")) current = null;
        }
    }
    makeCache.set(dir, targets);
    return targets;
  };

  /** Taskfile tasks (`cmds`, `deps`, `dir`), with included Taskfiles under their namespace. */
  const taskfile = (dir: string): Map<string, { cmds: string[]; dir: string }> | null => {
    if (taskCache.has(dir)) return taskCache.get(dir) ?? null;
    const names = ["Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml", "Taskfile.dist.yml"];
    const path = names.map((n) => join(dir, n)).find((p) => files.read(p) !== null) ?? null;
    const tasks = new Map<string, { cmds: string[]; dir: string }>();
    const load = (file: string, prefix: string, baseDir: string, depth: number): void => {
      const text = files.read(file);
      if (text === null || depth > 2) return;
      const doc = parseDocument(text);
      const root = doc.contents;
      if (!isMap(root)) return;
      const includes = root.get("includes", true);
      if (isMap(includes))
        for (const pair of includes.items) {
          const ns = scalarText(pair.key);
          const value = pair.value;
          const ref = scalarText(value) ?? (isMap(value) ? scalarText(value.get("taskfile", true)) : null);
          if (!ns || !ref) continue;
          let target = normaliseDir(join(dirOf(file), ref));
          if (!/\.ya?ml$/.test(target)) target = join(target, "Taskfile.yml");
          const incDir = isMap(value) ? scalarText(value.get("dir", true)) : null;
          load(
            target,
            `${prefix}${ns}:`,
            incDir ? normaliseDir(join(baseDir, incDir)) : dirOf(target),
            depth + 1,
          );
        }
      const defined = root.get("tasks", true);
      if (!isMap(defined)) return;
      for (const pair of defined.items) {
        const name = scalarText(pair.key);
        if (!name) continue;
        const body = pair.value;
        const cmds: string[] = [];
        const addCommand = (node: unknown): void => {
          const text = scalarText(node);
          if (text !== null) {
            cmds.push(...text.split("\n").filter((l) => l.trim() !== ""));
            return;
          }
          if (!isMap(node)) return;
          const cmd = scalarText(node.get("cmd", true));
          const task = scalarText(node.get("task", true));
          if (cmd) cmds.push(...cmd.split("\n").filter((l) => l.trim() !== ""));
          if (task) cmds.push(`task ${task.includes(":") || !prefix ? task : prefix + task}`);
        };
        if (isSeq(body)) body.items.forEach(addCommand);
        else if (scalarText(body) !== null) addCommand(body);
        else if (isMap(body)) {
          const deps = body.get("deps", true);
          if (isSeq(deps))
            for (const dep of deps.items) {
              const depName = scalarText(dep) ?? (isMap(dep) ? scalarText(dep.get("task", true)) : null);
              if (depName) cmds.push(`task ${prefix && !depName.includes(":") ? prefix + depName : depName}`);
            }
          const list = body.get("cmds", true);
          if (isSeq(list)) list.items.forEach(addCommand);
          const taskDir = scalarText(body.get("dir", true));
          tasks.set(`${prefix}${name}`, {
            cmds,
            dir: taskDir && !taskDir.includes("{{") ? normaliseDir(join(baseDir, taskDir)) : baseDir,
          });
          continue;
        }
        tasks.set(`${prefix}${name}`, { cmds, dir: baseDir });
      }
    };
    if (path) load(path, "", dir, 0);
    const result = path ? tasks : null;
    taskCache.set(dir, result);
    return result;
  };

  /**
   * mise tasks of a folder: file tasks (an executable under `.mise/tasks/`, `mise/tasks/`, `mise-tasks/`,
   * `.mise-tasks/` or `.config/mise/tasks/`, `a:b` being `a/b`) and TOML tasks (`[tasks.x]` with `run` and
   * `depends`, or `x = "cmd"`, in `mise.toml`, `.mise.toml`, `mise/config.toml`, `.mise/config.toml`,
   * `.config/mise.toml` or `.config/mise/config.toml`).
   */
  const miseTask = (dir: string, name: string): { commands: string[]; description: string | null } | null => {
    for (const folder of [".mise/tasks", "mise/tasks", "mise-tasks", ".mise-tasks", ".config/mise/tasks"]) {
      const path = join(dir, `${folder}/${name.replace(/:/g, "/")}`);
      const text = files.read(path);
      if (text === null) continue;
      const description = /^#\s*(?:MISE|\[MISE\])\s+description\s*=\s*"([^"]*)"/m.exec(text)?.[1] ?? null;
      const lines =
        linearScriptLines(text, path) ??
        text
          .split("\n")
          .map((l) => l.trim())
          .filter((l) => l !== "" && !l.startsWith("#") && !/^set\s/.test(l));
      // `#MISE depends=["lint"]`: tasks run before this one.
      const depends = /^#\s*(?:MISE|\[MISE\])\s+depends\s*=\s*\[([^\]]*)\]/m.exec(text)?.[1] ?? "";
      const before = [...depends.matchAll(/"([^"]+)"|'([^']+)'/g)].map(
        (m) => `mise run ${m[1] ?? m[2] ?? ""}`,
      );
      return { commands: [...before, ...lines], description };
    }
    for (const config of [
      "mise.toml",
      ".mise.toml",
      "mise/config.toml",
      ".mise/config.toml",
      ".config/mise.toml",
      ".config/mise/config.toml",
    ]) {
      const text = files.read(join(dir, config));
      if (text === null || !text.includes("tasks")) continue;
      let tasks: unknown;
      try {
        tasks = (parseToml(text) as { tasks?: unknown }).tasks;
      } catch {
        continue;
      }
      const task = tasks && typeof tasks === "object" ? (tasks as Record<string, unknown>)[name] : undefined;
      if (typeof task === "string") return { commands: splitChain(task), description: null };
      if (!task || typeof task !== "object") continue;
      const { run, depends, description } = task as {
        run?: unknown;
        depends?: unknown;
        description?: unknown;
      };
      const strings = (value: unknown): string[] =>
        typeof value === "string"
          ? [value]
          : Array.isArray(value)
            ? value.filter((v): v is string => typeof v === "string")
            : [];
      return {
        commands: [
          ...strings(depends).map((d) => `mise run ${d}`),
          ...strings(run).flatMap((r) => r.split("\n").flatMap(splitChain)),
        ],
        description: typeof description === "string" ? description : null,
      };
    }
    return null;
  };

  /** justfile recipes (justfile-recipes.ts). */
  const justfile = (dir: string): Justfile | null => {
    if (justCache.has(dir)) return justCache.get(dir) ?? null;
    const text =
      files.read(join(dir, "justfile")) ??
      files.read(join(dir, "Justfile")) ??
      files.read(join(dir, ".justfile"));
    const recipes = text === null ? null : parseJustfile(text);
    justCache.set(dir, recipes);
    return recipes;
  };

  /**
   * gulp tasks: `gulp.task("x", fn)`, `exports.x = fn`, `export { fn as x }`. A task's commands are the string
   * literals of its function joined in order (spawn("pipenv", ["run", "pytest"]) reads as `pipenv run pytest`),
   * and a series/parallel of task names runs those tasks.
   */
  const doitFile = (path: string): Map<string, string[]> | null => {
    if (!doitCache.has(path)) {
      const text = files.read(path);
      doitCache.set(path, text === null ? null : doitTasks(text));
    }
    return doitCache.get(path) ?? null;
  };

  const gulpTasks = (dir: string): Map<string, string[]> | null => {
    if (gulpCache.has(dir)) return gulpCache.get(dir) ?? null;
    const text = ["gulpfile.js", "gulpfile.mjs", "gulpfile.cjs", "gulpfile.ts", "gulpfile.babel.js"]
      .map((n) => files.read(join(dir, n)))
      .find((t) => t !== null);
    let tasks: Map<string, string[]> | null = null;
    if (text) {
      tasks = new Map();
      const registrations: Array<{ name: string; body: string }> = [];
      for (const m of text.matchAll(/\bgulp\.task\(\s*["']([\w:.-]+)["']\s*,\s*([\s\S]*?)\)\s*;/g))
        registrations.push({ name: m[1] ?? "", body: m[2] ?? "" });
      for (const m of text.matchAll(/\bexports\.([\w$]+)\s*=\s*([^;\n]+)/g))
        registrations.push({ name: m[1] ?? "", body: m[2] ?? "" });
      for (const m of text.matchAll(/\bexport\s*\{([^}]*)\}/g))
        for (const part of (m[1] ?? "").split(",")) {
          const alias = /([\w$]+)(?:\s+as\s+([\w$]+))?/.exec(part.trim());
          if (alias?.[1]) registrations.push({ name: alias[2] ?? alias[1], body: alias[1] });
        }
      const names = new Set(registrations.map((r) => r.name));
      for (const { name, body } of registrations) {
        const commands: string[] = [];
        // Task names given as strings (gulp.series("lint", "test")) run those tasks.
        for (const lit of body.matchAll(/["']([\w:.-]+)["']/g))
          if (names.has(lit[1] ?? "")) commands.push(`gulp ${lit[1]}`);
        for (const fn of body.matchAll(/\b([A-Za-z_$][\w$]*)\b/g)) {
          const source = functionBody(text, fn[1] ?? "");
          if (source) commands.push(stringLiterals(source));
        }
        const inline = /^(?:async\s+)?function\b|=>/.test(body.trim()) ? stringLiterals(body) : "";
        if (inline) commands.push(inline);
        tasks.set(
          name,
          commands.filter((c) => c !== ""),
        );
      }
    }
    gulpCache.set(dir, tasks);
    return tasks;
  };

  const packageNames = new Map<string, string>();
  const packageName = (dir: string): string | null => {
    if (!packageNames.has(dir)) {
      let name = "";
      try {
        const parsed = JSON.parse(files.read(join(dir, "package.json")) ?? "{}") as { name?: unknown };
        name = typeof parsed.name === "string" ? parsed.name : "";
      } catch {
        name = "";
      }
      packageNames.set(dir, name);
    }
    return packageNames.get(dir) || null;
  };

  /**
   * A local Go program CI runs as its pipeline (`go run ./ci`, `go run main.go ci` in magefiles/, `mage test`):
   * the commands its Go code executes (`WithExec([]string{"mix", "test"})` of a Dagger pipeline,
   * `exec.Command("go", "test", "./...")`, mage's `sh.RunV("golangci-lint", "run")`), from the files of its
   * folder and the folders below it. Which of them a given target reaches is not decided: a pipeline
   * program is read as a whole.
   */
  const pipelineDirs = new Set<string>();
  const goProgram = (program: string): ResolvedCommand[] | null => {
    const dir = /\.go$/.test(program) ? dirOf(program) : program;
    const sources = (files.paths ?? []).filter(
      (p) =>
        /\.go$/.test(p) &&
        !/_test\.go$/.test(p) &&
        (dir === "." ? !p.includes("/") : p.startsWith(`${dir}/`)) &&
        !/(^|\/)(vendor|testdata)\//.test(p),
    );
    if (sources.length === 0 || sources.length > 200) return null;
    const out: ResolvedCommand[] = [];
    for (const path of sources) {
      const text = files.read(path) ?? "";
      if (/"(dagger\.io\/dagger|github\.com\/magefile\/mage\/[\w/]+)"/.test(text)) pipelineDirs.add(dir);
      for (const call of text.matchAll(GO_EXEC_CALL)) {
        const args = balancedArguments(text, (call.index ?? 0) + call[0].length);
        const words = [...args.matchAll(/"((?:[^"\\\n]|\\.)*)"|`([^`]*)`/g)].map((m) => m[1] ?? m[2] ?? "");
        if (words.length > 0) out.push({ text: words.join(" "), dir: "." });
      }
    }
    return out;
  };

  /**
   * A make target's recipe: its explicit rule, or, when no explicit rule of it has a recipe (only prerequisites),
   * the pattern rule it matches (`app-%:` with `cd app && make $*`), with `$*` replaced by the stem, as make does.
   */
  const makeTarget = (dir: string, target: string): string[] | undefined => {
    const targets = makeTargets(dir);
    if (!targets) return undefined;
    const explicit = targets.get(target);
    if (explicit?.some((line) => !/^make [\w.-]+$/.test(line))) return explicit;
    for (const [name, lines] of targets) {
      const percent = name.indexOf("%");
      if (percent < 0 || name.indexOf("%", percent + 1) >= 0) continue;
      const prefix = name.slice(0, percent);
      const suffix = name.slice(percent + 1);
      if (target.length <= prefix.length + suffix.length) continue;
      if (!target.startsWith(prefix) || !target.endsWith(suffix)) continue;
      const stem = target.slice(prefix.length, target.length - suffix.length);
      return [...(explicit ?? []), ...lines.map((line) => line.replace(/\$\*/g, stem))];
    }
    return explicit;
  };

  /** A script's functions with those of the files it sources (a few levels, first definition wins). */
  const shellCache = new Map<string, ShellScript | null>();
  const shellScript = (path: string): ShellScript | null => {
    if (!shellCache.has(path)) {
      const text = files.read(path);
      shellCache.set(path, text === null ? null : parseShellScript(text, path));
    }
    return shellCache.get(path) ?? null;
  };
  const scriptFunctions = (path: string): Map<string, ShellFunction> => {
    const all = new Map<string, ShellFunction>();
    const queue = [path];
    const visited = new Set<string>();
    while (queue.length > 0 && visited.size < 40) {
      const next = queue.shift() ?? "";
      if (visited.has(next)) continue;
      visited.add(next);
      const script = shellScript(next);
      if (!script) continue;
      for (const [name, fn] of script.functions) if (!all.has(name)) all.set(name, fn);
      queue.push(...script.sources);
    }
    return all;
  };

  /**
   * The commands `<script> <name>` runs when the script hands its arguments to the shell function of that name
   * (`"$cmd" "$@"`): the function's lines, with calls of the script's other functions replaced by their lines,
   * and a wrapper function that runs its arguments (`pyenv.cmd python -m pytest` with `"$@"` in its body) read
   * as the command it wraps.
   */
  const dispatchedFunction = (path: string, name: string): string[] | null => {
    const script = shellScript(path);
    if (!script) return null;
    const functions = scriptFunctions(path);
    // The function of that name when the script runs its first argument; otherwise the top-level branch that
    // tests the first argument against it (`elif [[ $1 = "test" ]]; then run_tests "$@"`).
    const branch = script.dispatchesArguments && functions.has(name) ? null : script.branches.get(name);
    if (!branch && !(script.dispatchesArguments && functions.has(name))) return null;
    const out: string[] = [];
    const expandLines = (
      lines: readonly string[],
      fn: string | null,
      depth: number,
      stack: string[],
    ): void => {
      for (const line of lines) {
        if (out.length > 400) return;
        const word = /^[\w.:-]+/.exec(line)?.[0] ?? "";
        const called = functions.get(word);
        if (!called || word === fn) {
          out.push(line);
          continue;
        }
        if (depth < 6 && !stack.includes(word))
          expandLines(functions.get(word)?.lines ?? [], word, depth + 1, [...stack, word]);
        const args = line.slice(word.length).trim();
        // A helper that runs its argument (`run "npm run test $*"`): the quoted command line it is given.
        if (called.runsArguments && args !== "")
          out.push(/^"[^"]*"$|^'[^']*'$/.test(args) ? args.slice(1, -1) : args);
      }
    };
    if (branch) expandLines(branch, null, 0, []);
    else expandLines(functions.get(name)?.lines ?? [], name, 0, [name]);
    return out;
  };

  /**
   * Repository folders a Dockerfile puts on the image's PATH (`ENV PATH=$WORKSPACE/docker/app:$PATH`), so a bare
   * command run in a compose service (`docker compose run app run-test`) can name a script of the repository.
   */
  let pathFolders: string[] | null = null;
  const imagePathFolders = (): string[] => {
    if (pathFolders) return pathFolders;
    const found = new Set<string>();
    for (const path of files.paths ?? []) {
      if (!/(^|\/)(?:Dockerfile[^/]*|[^/]+\.dockerfile)$/i.test(path)) continue;
      for (const m of (files.read(path) ?? "").matchAll(/^\s*ENV\s+PATH[=\s]\s*"?([^"\n]+)"?/gim))
        for (const entry of (m[1] ?? "").split(":")) {
          // `$WORKSPACE/docker/app` → docker/app: the repository is copied or mounted at the variable's folder.
          const tail = /^\$\{?\w+\}?\/([\w.-]+(?:\/[\w.-]+)*)\/?$/.exec(entry.trim())?.[1];
          if (tail && !/(^|\/)node_modules\//.test(`${tail}/`)) found.add(normaliseDir(tail));
        }
    }
    pathFolders = [...found].sort();
    return pathFolders;
  };

  /** Nx projects (`project.json`): name, folder and each target's executor and options. */
  let nxProjectList: NxProject[] | null = null;
  const nxProjects = (): NxProject[] => {
    if (nxProjectList) return nxProjectList;
    nxProjectList = [];
    for (const path of files.paths ?? []) {
      if (!/(^|\/)project\.json$/.test(path) || /(^|\/)node_modules\//.test(path)) continue;
      const project = parseNxProject(files.read(path), dirOf(path));
      if (project) nxProjectList.push(project);
    }
    return nxProjectList;
  };

  /** moon projects of `.moon/workspace.yml`, with their tasks (inherited ones from `.moon/tasks.yml`). */
  let moonProjectList: MoonProject[] | null = null;
  const moonProjects = (): MoonProject[] => {
    if (moonProjectList) return moonProjectList;
    const moonFiles = (files.paths ?? []).filter(
      (path) => /(^|\/)moon\.yml$/.test(path) && !/(^|\/)node_modules\//.test(path),
    );
    const inherited = files.read(".moon/tasks.yml");
    moonProjectList = (moonWorkspaceProjects(files.read(".moon/workspace.yml"), moonFiles) ?? []).map(
      ({ id, dir }) => parseMoonProject(id, dir, files.read(join(dir, "moon.yml")), inherited),
    );
    return moonProjectList;
  };

  const fanOut = (target: string, only?: readonly string[]): ResolvedCommand[] => {
    const out: ResolvedCommand[] = [];
    const selected = (dir: string): boolean =>
      !only || only.some((sel) => sel === packageName(dir) || sel === dir || sel === dir.split("/").pop());
    // Named packages that exist: run theirs only; a name matching no package falls back to every package.
    const known = only && files.packageJsons.some((m) => selected(dirOf(m)));
    for (const manifest of files.packageJsons) {
      const dir = dirOf(manifest);
      if (known && !selected(dir)) continue;
      const scripts = npmScripts(dir);
      if (scripts?.[target] === undefined) continue;
      out.push(...(npmScript(dir, target) ?? []));
    }
    // Nx runs a project's target through its executor when no package script of that name exists.
    const projects = nxProjects().filter((p) => p.targets.has(target));
    const named = only?.filter((sel) => nxProjects().some((p) => p.name === sel || p.dir === sel));
    for (const project of projects) {
      if (named && named.length > 0 && !named.includes(project.name) && !named.includes(project.dir))
        continue;
      if (npmScripts(project.dir)?.[target] !== undefined) continue;
      out.push(...(project.targets.get(target) ?? []));
    }
    return out;
  };

  return {
    fileText: (path) => files.read(path),
    resolve(invocation, dir) {
      const targets = invocation.targets ?? [invocation.target];
      const collect = (one: (t: string) => ResolvedCommand[] | null): ResolvedCommand[] | null => {
        const all = targets.map(one);
        return all.every((a) => a === null) ? null : all.flatMap((a) => a ?? []);
      };
      switch (invocation.runner) {
        case "npm":
          return collect((t) => npmScript(dir, t));
        case "workspaces":
          return collect((t) => {
            const found = fanOut(t, invocation.packages);
            return found.length > 0 ? found : null;
          });
        case "script": {
          const path = [
            normaliseDir(join(dir, invocation.target)),
            normaliseDir(invocation.target),
            ...(invocation.target.includes("/")
              ? []
              : imagePathFolders().map((f) => join(f, invocation.target))),
            // An absolute path in a container the job built from the repository (`docker compose exec web
            // /app/scripts/ci.sh test`): the repository file with the longest matching tail.
            ...containerPathTails(invocation.target),
          ].find((p) => files.read(p) !== null);
          const text = path ? files.read(path) : null;
          const subcommand =
            path && invocation.args?.[0] ? dispatchedFunction(path, invocation.args[0]) : null;
          if (subcommand) return subcommand.map((l) => ({ text: l, dir }));
          // A shell script that runs straight through (interpreter line, no functions) is read whole, whatever
          // its name; any other script without the .sh extension only through the function it dispatches to.
          const linear = path && text ? linearScriptLines(text, path) : null;
          if (linear && path && text)
            return [...linear, ...globLoopScripts(text, path, files.paths ?? [])].map((l) => ({
              text: l,
              dir,
            }));
          if (!/\.(?:sh|bash)$/.test(invocation.target)) return null;
          return text
            ? text
                .split("\n")
                .map((l) => l.trim())
                .filter((l) => l !== "" && !l.startsWith("#") && !/^set\s/.test(l))
                .map((l) => ({ text: l, dir }))
            : null;
        }
        case "make":
          return collect((t) => {
            const found = makeTarget(dir, t) ?? (dir !== "." ? makeTarget(".", t) : undefined);
            // `$@` in a recipe is the target being made (one recipe can serve a list of targets).
            return found ? found.map((text) => ({ text: text.replace(/\$@/g, t), dir })) : null;
          });
        case "task":
          return collect((t) => {
            const found = taskfile(dir)?.get(t) ?? (dir !== "." ? taskfile(".")?.get(t) : undefined);
            return found ? found.cmds.map((text) => ({ text, dir: found.dir })) : null;
          });
        case "just":
          return collect((t) => {
            const found =
              justRecipe(justfile(dir), t, invocation.args ?? []) ??
              (dir !== "." ? justRecipe(justfile("."), t, invocation.args ?? []) : null);
            return found ? found.map((text) => ({ text, dir })) : null;
          });
        case "mix":
          return collect((t) => {
            const found =
              mixAlias(dir, t) ??
              (dir !== "." ? mixAlias(".", t) : null) ??
              // `mix check` without an alias of that name is ex_check's task.
              (t === "check"
                ? exCheckCommands(files.read(join(dir, "mix.exs")), files.read(join(dir, ".check.exs")))
                : null) ??
              // A task of the test namespace with no alias (`mix test.watch`, a project's Mix.Tasks.Test.Slow) runs
              // the tests its own way.
              (/^test\.[\w.]+$/.test(t) ? ["mix test"] : null);
            return found ? found.map((text) => ({ text, dir })) : null;
          });
        case "go-program": {
          const found = goProgram(normaliseDir(join(dir, invocation.target)));
          // `mage` without a magefiles/ folder builds the magefile.go of the folder it starts in.
          return found ?? (invocation.target === "magefiles" ? goProgram(dir) : null);
        }
        case "moon":
          return collect((t) => {
            const [project = "", task = ""] = t.split(":");
            const found = moonProjects()
              .filter((p) => project === "" || p.id === project)
              .flatMap((p) => p.tasks.get(task) ?? []);
            return found.length > 0 ? found : null;
          });
        case "doit":
          return collect((t) => {
            const file = invocation.args?.[0] ?? "dodo.py";
            const found =
              doitFile(join(dir, file))?.get(t) ?? (dir !== "." ? doitFile(file)?.get(t) : undefined);
            return found ? found.map((text) => ({ text, dir })) : null;
          });
        case "mise":
          return collect((t) => {
            const found = miseTask(dir, t) ?? (dir !== "." ? miseTask(".", t) : null);
            return found ? found.commands.map((text) => ({ text, dir })) : null;
          });
        case "gulp":
          return collect((t) => {
            const found = gulpTasks(dir)?.get(t) ?? (dir !== "." ? gulpTasks(".")?.get(t) : undefined);
            return found ? found.map((text) => ({ text, dir })) : null;
          });
      }
    },
    pipelinePrograms() {
      return [...pipelineDirs].sort();
    },
    description(invocation, dir) {
      if (invocation.runner !== "mise") return null;
      return (
        (miseTask(dir, invocation.target) ?? (dir !== "." ? miseTask(".", invocation.target) : null))
          ?.description ?? null
      );
    },
    compositeAction(path) {
      const base = normaliseDir(path.replace(/^\.\//, ""));
      const text = files.read(join(base, "action.yml")) ?? files.read(join(base, "action.yaml"));
      if (text === null) return null;
      const root = parseDocument(text).contents;
      const runs = isMap(root) ? root.get("runs", true) : null;
      const steps = isMap(runs) ? runs.get("steps", true) : null;
      if (!isSeq(steps)) return { commands: [], uses: [] };
      const commands: ResolvedCommand[] = [];
      const uses: Array<{ uses: string; with: Record<string, string> }> = [];
      for (const step of stepItems(steps)) {
        const run = scalarText(step.get("run", true));
        const dir = scalarText(step.get("working-directory", true));
        if (run)
          for (const line of run.split("\n").filter((l) => l.trim() !== ""))
            commands.push({ text: line.trim(), dir: dir ? normaliseDir(dir) : "." });
        const ref = scalarText(step.get("uses", true));
        if (ref) {
          const inputs: Record<string, string> = {};
          const w = step.get("with", true);
          if (isMap(w)) for (const p of w.items) inputs[scalarText(p.key) ?? ""] = scalarText(p.value) ?? "";
          uses.push({ uses: ref, with: inputs });
        }
      }
      return { commands, uses };
    },
  };
}

/** Calls that run a process from Go: Dagger's WithExec, os/exec, mage's sh helpers. */
const GO_EXEC_CALL =
  /\b(?:WithExec|exec\.Command(?:Context)?|sh\.(?:Run|RunV|RunWith|RunWithV|Output|OutputWith|Exec))\(/g;

/** The text of a call's arguments from just after its `(` to the matching `)` (strings skipped), at most 2,000 characters. */
function balancedArguments(text: string, start: number): string {
  let depth = 1;
  for (let i = start; i < text.length && i < start + 2000; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "`") {
      const close =
        ch === "`" ? text.indexOf("`", i + 1) : /"/.exec(text.slice(i + 1).replace(/\\./g, "xx"))?.index;
      if (close === undefined || close < 0) break;
      i = ch === "`" ? close : i + 1 + close;
      continue;
    }
    if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return text.slice(start, i);
  }
  return text.slice(start, Math.min(text.length, start + 2000));
}

/** The `{ … }` body of `function name(…)` or `const name = (…) => { … }` in a JavaScript file, or null. */
function functionBody(text: string, name: string): string | null {
  const escaped = name.replace(/\$/g, "\\$");
  const start = new RegExp(
    `(?:function\\s+${escaped}\\s*\\(|(?:const|let|var)\\s+${escaped}\\s*=\\s*(?:async\\s*)?(?:function\\b[^(]*)?\\([^)]*\\)\\s*(?:=>)?)`,
  ).exec(text);
  if (!start) return null;
  const open = text.indexOf("{", start.index + start[0].length - 1);
  if (open < 0) return null;
  let depth = 0;
  for (let i = open; i < text.length && i < open + 20000; i++) {
    const ch = text[i];
    if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return text.slice(open, i + 1);
  }
  return null;
}

/** The string literals of a piece of JavaScript, joined by spaces (one command-like line). */
function stringLiterals(source: string): string {
  return [...source.matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`$]*)`/g)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? "")
    .filter((s) => s.trim() !== "")
    .join(" ");
}
