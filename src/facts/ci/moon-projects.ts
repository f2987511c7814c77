// moon (moonrepo) projects: what `moon run <project>:<task>` runs. The workspace (`.moon/workspace.yml`) names its
// projects (`projects: { web: "web" }`, or a list of folders/globs); each project's `moon.yml` gives its tasks as a
// command with arguments, the tasks they depend on (run first) and the folder they run in (the project's, or the
// workspace root with `runFromWorkspaceRoot`). Tasks inherited from `.moon/tasks.yml` apply to every project.
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from "yaml";
import { normaliseRepoPath as normalise } from "../../repo/repo-path.js";
import { globMatcher } from "../symbols/node-index.js";
import type { ResolvedCommand } from "./runners.js";

export interface MoonProject {
  id: string;
  dir: string;
  /** Each task's commands in order: its dependencies as `moon run <project>:<task>`, then its own command. */
  tasks: Map<string, ResolvedCommand[]>;
}

function yamlMap(text: string | null): YAMLMap | null {
  if (text === null) return null;
  const doc = parseDocument(text);
  return doc.errors.length === 0 && isMap(doc.contents) ? doc.contents : null;
}

const scalar = (node: unknown): string | null =>
  isScalar(node) && (typeof node.value === "string" || typeof node.value === "number")
    ? String(node.value)
    : null;

const words = (node: unknown): string[] => {
  if (isSeq(node)) return node.items.map(scalar).filter((word): word is string => word !== null);
  const text = scalar(node);
  return text === null ? [] : [text];
};

/**
 * The projects of a moon workspace, by id and folder: the `projects` map, or folders of a list (globs match the
 * folders of `moonFiles`, the repository's moon.yml paths). Null when the text is not a moon workspace.
 */
export function moonWorkspaceProjects(
  text: string | null,
  moonFiles: readonly string[],
): Array<{ id: string; dir: string }> | null {
  const root = yamlMap(text);
  if (!root) return null;
  const projects = root.get("projects", true);
  const out: Array<{ id: string; dir: string }> = [];
  if (isMap(projects)) {
    for (const pair of projects.items) {
      const id = scalar(pair.key);
      const dir = scalar(pair.value);
      if (id && dir) out.push({ id, dir: normalise(dir) });
    }
    return out;
  }
  const patterns = isSeq(projects) ? words(projects) : isMap(projects) ? [] : ["*"];
  const dirs = moonFiles.map((path) => normalise(path.replace(/(^|\/)moon\.yml$/, "")));
  for (const pattern of patterns) {
    const matcher = globMatcher(normalise(pattern));
    const test = (dir: string): boolean => matcher.test(dir);
    for (const dir of dirs)
      if (test(dir) && !out.some((p) => p.dir === dir)) out.push({ id: dir.split("/").pop() ?? dir, dir });
  }
  return out;
}

/** One project's tasks from its moon.yml and the workspace's inherited tasks (the project's own win). */
export function parseMoonProject(
  id: string,
  dir: string,
  projectText: string | null,
  inheritedText: string | null,
): MoonProject {
  const project = yamlMap(projectText);
  const ownId = scalar(project?.get("id", true)) ?? id;
  const tasks = new Map<string, ResolvedCommand[]>();
  for (const source of [yamlMap(inheritedText), project]) {
    const taskMap = source?.get("tasks", true);
    if (!isMap(taskMap)) continue;
    for (const pair of taskMap.items) {
      const name = scalar(pair.key);
      if (!name || !isMap(pair.value)) continue;
      const task = pair.value;
      const options = task.get("options", true);
      const fromRoot = isMap(options) && options.get("runFromWorkspaceRoot") === true;
      const commands: ResolvedCommand[] = [];
      for (const dep of words(task.get("deps", true))) {
        // `build`, `~:build` (this project), `web:build`; `^:build` (every dependency project) is not followed.
        if (dep.startsWith("^:")) continue;
        const target = dep.includes(":") ? dep.replace(/^~:/, `${ownId}:`) : `${ownId}:${dep}`;
        commands.push({ text: `moon run ${target}`, dir: "." });
      }
      const command = [...words(task.get("command", true)), ...words(task.get("args", true))].join(" ");
      if (command !== "") commands.push({ text: command, dir: fromRoot ? "." : dir });
      tasks.set(name, commands);
    }
  }
  return { id: ownId, dir, tasks };
}

/** The targets a `moon` command line runs (`moon run web:lint :test`), or null when it is not `moon run`. */
export function moonInvocation(wordsOfLine: readonly string[]): string[] | null {
  if (wordsOfLine[0] !== "moon" || wordsOfLine[1] !== "run") return null;
  const targets = wordsOfLine
    .slice(2)
    .filter((word) => !word.startsWith("-"))
    .filter((word) => /^[\w@./~^-]*:[\w.-]+$/.test(word));
  return targets.length > 0 ? targets : null;
}
