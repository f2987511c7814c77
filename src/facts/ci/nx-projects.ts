// Nx projects: what `nx run <project>:<target>` / `nx run-many -t <target>` runs when the target is an executor of
// `project.json` rather than a package script. Executors are read as the command line their tool amounts to, so
// the gate classifier judges them like any other command (`@nx/jest:jest` is `jest`, an Angular build type-checks).
import type { ResolvedCommand } from "./runners.js";

export interface NxProject {
  name: string;
  dir: string;
  /** Each target's commands, as the executor runs them. */
  targets: Map<string, ResolvedCommand[]>;
}

/** Executors and the command their tool amounts to (their folder: the project's). */
const EXECUTOR_COMMANDS: Array<[RegExp, string]> = [
  // Angular's builders compile templates and TypeScript with full type checking.
  [
    /^@(?:nx|nrwl)\/angular:(?:browser(?:-esbuild)?|application|webpack-browser)$|^@angular-devkit\/build-angular:(?:browser(?:-esbuild)?|application)$|^@angular\/build:application$/,
    "ng build",
  ],
  [/^@(?:nx|nrwl)\/js:tsc$/, "tsc -p tsconfig.lib.json"],
  [/^@(?:nx|nrwl)\/jest:jest$|^@angular-devkit\/build-angular:jest$/, "jest"],
  [/^@(?:nx|nrwl)\/(?:vite|vitest):test$/, "vitest run"],
  [/^@(?:nx|nrwl)\/(?:eslint|linter):(?:lint|eslint)$|^@angular-eslint\/builder:lint$/, "eslint ."],
  [/^@(?:nx|nrwl)\/cypress:cypress$/, "cypress run"],
  [/^@(?:nx|nrwl)\/playwright:playwright$/, "playwright test"],
];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The commands a `nx:run-commands` target runs (`command`, or `commands` as strings or `{ command }`), in its `cwd`
 * (relative to the workspace root, which is also the default).
 */
function runCommands(options: Json): ResolvedCommand[] {
  const dir = typeof options.cwd === "string" && options.cwd !== "" ? options.cwd.replace(/^\.\//, "") : ".";
  const lines: string[] = [];
  if (typeof options.command === "string") lines.push(options.command);
  if (Array.isArray(options.commands))
    for (const entry of options.commands) {
      if (typeof entry === "string") lines.push(entry);
      else if (isObject(entry) && typeof entry.command === "string") lines.push(entry.command);
    }
  return lines.map((text) => ({ text, dir }));
}

/** One project.json, or null when it is not an Nx project (no targets) or does not parse. */
export function parseNxProject(text: string | null, dir: string): NxProject | null {
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(parsed) || !isObject(parsed.targets)) return null;
  const name = typeof parsed.name === "string" ? parsed.name : (dir.split("/").pop() ?? dir);
  const targets = new Map<string, ResolvedCommand[]>();
  for (const [target, body] of Object.entries(parsed.targets)) {
    if (!isObject(body) || typeof body.executor !== "string") continue;
    const executor = body.executor;
    const options = isObject(body.options) ? body.options : {};
    if (executor === "nx:run-commands") targets.set(target, runCommands(options));
    else if (executor === "nx:run-script" && typeof options.script === "string")
      targets.set(target, [{ text: `npm run ${options.script}`, dir }]);
    else {
      const command = EXECUTOR_COMMANDS.find(([test]) => test.test(executor))?.[1];
      if (command) targets.set(target, [{ text: command, dir }]);
    }
  }
  return { name, dir, targets };
}
