// Which files a project's JS test runner configuration names as tests beyond the usual conventions: a vitest
// `include: ["src/**/*.clienttest.{ts,tsx}"]` or a jest `testMatch: ["**/*.integration-test.ts"]`. Such files are tests
// (they run under the runner, never in the application) even though their names follow no convention a path alone
// shows, so rules that leave tests out must leave them out too.

import { globMatcher } from "../symbols/node-index.js";
import { parentDir } from "../../repo/repo-path.js";

/** A vitest, vite or jest configuration file (also workspace/project lists). */
const RUNNER_CONFIG =
  /(^|\/)(vitest|vite|jest)\.(config|workspace|projects)(\.[\w-]+)?\.[cm]?[jt]s$|(^|\/)jest\.config\.json$/;
/** `include: [...]`, `testMatch: [...]` (in a config or a package.json `jest` section). */
const GLOB_LIST = /["']?\b(include|testMatch)["']?\s*:\s*\[([^\]]*)\]/g;
const STRING = /["'`]([^"'`\n]+)["'`]/g;
const SOURCE = /\.[cm]?[jt]sx?$/;

/**
 * The test-file globs a runner configuration names, relative to the repository: only patterns whose file name
 * part says test or spec (`*.clienttest.ts`, `*-spec.js`) and holds a wildcard, so that a broad `src/**` or a
 * `setup.ts` never turns application code into tests.
 */
export function runnerTestGlobs(configPath: string, text: string): string[] {
  const dir = parentDir(configPath, "");
  const globs: string[] = [];
  for (const list of text.matchAll(GLOB_LIST))
    for (const literal of (list[2] ?? "").matchAll(STRING)) {
      const glob = (literal[1] ?? "").replace(/^<rootDir>\//, "").replace(/^\.\//, "");
      const name = glob.slice(glob.lastIndexOf("/") + 1);
      if (glob.startsWith("!") || glob.startsWith("../") || !name.includes("*")) continue;
      if (!/test|spec/i.test(name.replace(/\{[^}]*\}/g, ""))) continue;
      globs.push(dir === "" ? glob : `${dir}/${glob}`);
    }
  return globs;
}

/** Source files of the repository that a test runner's configuration names as tests. */
export function testFilesNamedByRunners(
  paths: readonly string[],
  read: (path: string) => string | null,
): string[] {
  const matchers: RegExp[] = [];
  for (const path of paths) {
    const isManifest = /(^|\/)package\.json$/.test(path);
    if (!RUNNER_CONFIG.test(path) && !isManifest) continue;
    const text = read(path);
    if (text === null) continue;
    // A package.json counts only through its `jest` section.
    const section = isManifest ? /"jest"\s*:\s*\{[\s\S]*?\n\s{0,4}\}/.exec(text)?.[0] : text;
    if (!section) continue;
    for (const glob of runnerTestGlobs(path, section)) matchers.push(globMatcher(glob));
  }
  if (matchers.length === 0) return [];
  return paths.filter((path) => SOURCE.test(path) && matchers.some((m) => m.test(path)));
}
