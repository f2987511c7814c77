// Django settings modules and what every deployment runs: which module DJANGO_SETTINGS_MODULE names where the app
// is served (wsgi.py/asgi.py, Dockerfiles, compose files, uwsgi ini, start scripts, systemd units), and whether a
// module-level SECRET_KEY or DEBUG of a base settings module is replaced before it is ever read — by every deployed
// module that star-imports it and assigns the name again, or by a required `from .local_settings import *` at the
// end of the module, a file the deployment writes from a template in the repository.
import { posix } from "node:path";

/** A base settings value that no deployment keeps: `by` (path:line) replaces it. */
export interface SettingsOverride {
  /** The settings module assigning the value. */
  path: string;
  name: "SECRET_KEY" | "DEBUG";
  /** The module and line that replace it. */
  by: { path: string; line: number };
  /** `deployed-modules`: every deployed settings module assigns it again; `required-local-settings`: a required star import of a file the deployment writes (its template sets the name). */
  how: "deployed-modules" | "required-local-settings";
  /** The deployed modules (dotted names), or the template of the local settings file. */
  via: string[];
}

const NAMES = ["SECRET_KEY", "DEBUG"] as const;
const SETTINGS_FILE = /(^|\/)(settings|settings_\w+|\w+_settings|config)\.py$|(^|\/)settings\/[^/]+\.py$/;
/** A module meant for development, tests or CI (`tcms.settings.devel`, `app.settings.test.postgresql`). */
const DEV_MODULE =
  /(^|\.)(dev|devel|develop|development|local|test|tests|testing|ci|example|sample)(_settings)?(\.|$)/;
/** Files that name the settings module a server runs with (CI, tests and docs are not a deployment). */
const DEPLOY_FILE =
  /(^|\/)(wsgi\.py|asgi\.py|manage\.py|Dockerfile[^/]*|[^/]*\.dockerfile|(docker-)?compose[^/]*\.ya?ml|[^/]*\.ini|[^/]*\.sh|[^/]*\.service|Procfile|[^/]*\.env)$/;
const NOT_DEPLOYMENT =
  /(^|\/)(\.github|\.gitlab|tests?|docs?|examples?)\/|(^|\/)(pytest|tox|setup)\.(ini|cfg)$/;
const MODULE_NAMED = /DJANGO_SETTINGS_MODULE["']?\s*(?:,|=|:)\s*["']?([A-Za-z_][\w.]*)/g;
/** `sed -i "s/app.settings.devel/app.settings.product/" manage.py` in a Dockerfile: the image switches module. */
const SED_SWITCH = /\bsed\b[^\n]*?s\/([A-Za-z_][\w.]*)\/([A-Za-z_][\w.]*)\/[^\n]*?\b(manage|wsgi|asgi)\.py/g;

/** Base settings values that every deployment replaces. */
export function settingsOverrides(
  paths: readonly string[],
  read: (path: string) => string | null,
): SettingsOverride[] {
  const python = paths.filter((path) => path.endsWith(".py"));
  const candidates = python.filter((path) => SETTINGS_FILE.test(path) && !NOT_DEPLOYMENT.test(path));
  if (candidates.length === 0) return [];
  const deployed = deployedModules(paths, read);
  const resolved = deployed.map((module) => ({ module, path: resolveModule(module, python) }));
  const out: SettingsOverride[] = [];
  for (const path of candidates) {
    const text = read(path);
    if (text === null) continue;
    const lines = text.split("\n");
    for (const name of NAMES) {
      const at = lines.findIndex((line) => new RegExp(`^${name}\\s*=`).test(line));
      if (at < 0) continue;
      const local = requiredLocalSettings(path, lines, at, name, paths, read);
      if (local) {
        out.push({ path, name, ...local });
        continue;
      }
      // Every deployed module is another module that star-imports this one and assigns the name again.
      if (resolved.length === 0 || resolved.some((d) => d.path === null || d.path === path)) continue;
      const replacing = resolved.map((d) => reassignsAfterImport(d.path!, path, name, read));
      if (replacing.every((line) => line !== null))
        out.push({
          path,
          name,
          by: { path: resolved[0]!.path!, line: replacing[0]! },
          how: "deployed-modules",
          via: resolved.map((d) => d.module),
        });
    }
  }
  return out;
}

/** The settings modules named for serving (not development, tests or CI), deduplicated. */
function deployedModules(paths: readonly string[], read: (path: string) => string | null): string[] {
  const modules = new Set<string>();
  for (const path of paths) {
    if (!DEPLOY_FILE.test(path) || NOT_DEPLOYMENT.test(path)) continue;
    const text = read(path);
    if (text === null || !/DJANGO_SETTINGS_MODULE|\bsed\b/.test(text)) continue;
    for (const match of text.matchAll(MODULE_NAMED)) modules.add(match[1]!.replace(/\.$/, ""));
    for (const match of text.matchAll(SED_SWITCH)) modules.add(match[2]!);
  }
  return [...modules].filter((module) => !DEV_MODULE.test(module)).sort();
}

/** The repository file of a dotted module name (`tcms.settings.product`), matched by path suffix; null if none. */
function resolveModule(module: string, python: readonly string[]): string | null {
  const tail = module.replace(/\./g, "/");
  const matches = python.filter(
    (path) =>
      path === `${tail}.py` ||
      path === `${tail}/__init__.py` ||
      path.endsWith(`/${tail}.py`) ||
      path.endsWith(`/${tail}/__init__.py`),
  );
  return matches.length === 1 ? matches[0]! : null;
}

/** Whether a `from X import *` line names the module at `target` (relative to `from`, or by a dotted suffix). */
function importsModule(line: string, from: string, target: string): boolean {
  const match = /^from\s+(\.*)([\w.]*)\s+import\s+\*/.exec(line);
  if (!match) return false;
  const [, dots = "", name = ""] = match;
  const stem = target.replace(/(\/__init__)?\.py$/, "");
  if (dots.length > 0) {
    let dir = posix.dirname(from);
    for (let up = 1; up < dots.length; up++) dir = posix.dirname(dir);
    const joined = posix.join(dir, name.replace(/\./g, "/"));
    return joined === stem;
  }
  const tail = name.replace(/\./g, "/");
  return stem === tail || stem.endsWith(`/${tail}`);
}

/**
 * The line (1-based) at which `module` assigns `name` again after star-importing `base`, at the top level or in the
 * `try`/`except` of a top-level try (`try: SECRET_KEY = read_file() except: SECRET_KEY = generate()`), with a value
 * that is neither the literal it replaces nor a fallback to it; null when it does not.
 */
function reassignsAfterImport(
  module: string,
  base: string,
  name: string,
  read: (path: string) => string | null,
): number | null {
  const lines = (read(module) ?? "").split("\n");
  const imported = lines.findIndex((line) => importsModule(line, module, base));
  if (imported < 0) return null;
  let block: string | null = null;
  for (let at = imported + 1; at < lines.length; at++) {
    const line = lines[at]!;
    if (/^\S/.test(line)) block = /^(try|except\b[^:]*|else|finally)\s*:/.test(line) ? "try" : null;
    const assignment = new RegExp(`^(\\s*)${name}\\s*=\\s*(.+)$`).exec(line);
    if (!assignment) continue;
    const indented = assignment[1]!.length > 0;
    if (indented && block !== "try") continue;
    const value = assignment[2]!.trim();
    if (value === "True" || new RegExp(`\\b${name}\\b`).test(value) || /^["']/.test(value)) return null;
    return at + 1;
  }
  return null;
}

/**
 * `from .local_settings import *` at the top level after the assignment, outside any try: the module fails to load
 * without that file, which the repository does not hold and whose template (`local_settings.example.py`) sets the
 * name, so the deployment that writes it replaces the value.
 */
function requiredLocalSettings(
  path: string,
  lines: readonly string[],
  at: number,
  name: string,
  paths: readonly string[],
  read: (path: string) => string | null,
): Pick<SettingsOverride, "by" | "how" | "via"> | null {
  const dir = posix.dirname(path);
  for (let index = at + 1; index < lines.length; index++) {
    const match = /^from\s+\.([A-Za-z_]\w*)\s+import\s+\*/.exec(lines[index]!);
    if (!match) continue;
    const module = match[1]!;
    const file = posix.join(dir, `${module}.py`);
    if (paths.includes(file) || paths.includes(posix.join(dir, module, "__init__.py"))) continue;
    const template = paths.find(
      (candidate) =>
        posix.dirname(candidate) === dir &&
        posix.basename(candidate).startsWith(module) &&
        /example|template|sample|dist/i.test(posix.basename(candidate).slice(module.length)),
    );
    if (!template || !new RegExp(`^${name}\\s*=`, "m").test(read(template) ?? "")) continue;
    return { by: { path, line: index + 1 }, how: "required-local-settings", via: [template] };
  }
  return null;
}
