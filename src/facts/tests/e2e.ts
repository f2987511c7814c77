// End-to-end suites (Playwright, Cypress) and the applications they drive: a suite kept outside an app's
// folder (a root `e2e/`, `apps/web/playwright` run from the root config) still tests that app.
import { dirname } from "node:path/posix";
import type { CollectContext } from "../define.js";

export interface E2eSuite {
  tool: "playwright" | "cypress";
  config: string;
  /** Folder the suite's tests live in (from testDir / specPattern, or the tool's default). */
  testDir: string;
  testFiles: number;
  /** Folders (AppFact.path) of the node applications the suite drives. */
  drives: string[];
}

const CONFIG = /(^|\/)(playwright|cypress)\.config\.[cm]?[jt]s$|(^|\/)cypress\.json$/;
const NODE_LANGUAGES = new Set(["javascript", "typescript", "tsx"]);

const join = (dir: string, rel: string): string => {
  const parts = [...(dir === "." || dir === "" ? [] : dir.split("/")), ...rel.split("/")];
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
};

const inFolder = (path: string, folder: string): boolean =>
  folder === "" || folder === "." || path === folder || path.startsWith(`${folder}/`);

/**
 * The suites of the repository and the node applications each one drives: the app whose folder holds the
 * config or the tests, the apps whose folder or package name the config or the suite's package scripts name (a
 * `webServer` command such as `pnpm --filter @acme/web dev`, `start-server-and-test "npm start -w @acme/web"`), or else — for a suite at the root — the only app with a dev or start script.
 */
export function collectE2eSuites(ctx: CollectContext): E2eSuite[] {
  const apps = (ctx.facts.apps ?? []).filter((app) => app.ecosystem === "node");
  const packages = ctx.facts.node?.packages ?? [];
  const suites: E2eSuite[] = [];
  for (const config of ctx.index.paths((path) => CONFIG.test(path))) {
    const text = ctx.index.read(config) ?? "";
    const tool = /playwright/.test(config) ? "playwright" : "cypress";
    const dir = dirname(config);
    const declared =
      tool === "playwright"
        ? /\btestDir\s*:\s*["'`]([^"'`]+)["'`]/.exec(text)?.[1]
        : /\b(?:specPattern|integrationFolder)\s*["']?\s*:\s*["'`]([^"'`*{]+)/.exec(text)?.[1];
    const testDir = join(dir, declared ?? (tool === "playwright" ? "." : "cypress"));
    const testFiles = ctx.facts.files.filter(
      (f) => f.isTest && NODE_LANGUAGES.has(f.language) && inFolder(f.path, testDir),
    ).length;
    // The suite's own package scripts may start the app it drives (`start-server-and-test "npm run start -w
    // @acme/web" … "playwright test"`), in a package apart from the app.
    const own = packages
      .filter((p) => p.dir !== "." && p.dir !== "" && inFolder(config, p.dir))
      .sort((a, b) => b.dir.length - a.dir.length)[0];
    const scripts = (own?.scripts ?? []).map((script) => script.command).join("\n");
    const names = (needle: string): boolean => text.includes(needle) || scripts.includes(needle);
    const named = apps.filter((app) => {
      if (app.path === ".") return false;
      const pkg = packages.find((p) => p.manifest === app.manifest);
      return (
        inFolder(config, app.path) ||
        inFolder(testDir, app.path) ||
        names(app.path) ||
        (pkg?.name ? names(pkg.name) : false)
      );
    });
    let drives = named.map((app) => app.path);
    if (drives.length === 0 && (dir === "." || dir === "")) {
      const runnable = apps.filter((app) =>
        packages
          .find((p) => p.manifest === app.manifest)
          ?.scripts.some((s) => /^(dev|start|serve|preview)$/.test(s.name)),
      );
      if (runnable.length === 1 && runnable[0]) drives = [runnable[0].path];
      else if (apps.length === 1 && apps[0]) drives = [apps[0].path];
    }
    suites.push({ tool, config, testDir: testDir || ".", testFiles, drives: [...new Set(drives)].sort() });
  }
  return suites;
}
