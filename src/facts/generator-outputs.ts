// Which tracked source files the project's own generator scripts write whole (a Mix task's `File.write!`, a Node or
// Python codegen script, a `//go:generate … -o`, a Makefile or package.json `gen` target redirecting into a path):
// such a file is output, regenerated rather than edited, even when it carries no "generated" header.

import { parentDir } from "../repo/repo-path.js";
import { escapeRegExp } from "../util/escape-reg-exp.js";

const dirOf = (path: string): string => parentDir(path, "");

/** A tracked file written by one of the project's generator scripts. */
export interface GeneratorOutput {
  /** The written file, repository-relative. */
  path: string;
  /** The generator's file and 1-based line of the write. */
  writer: string;
  line: number;
}

/** Source kinds a generated file is skipped for; data and manifests (package.json, a changelog) are still read. */
export const SOURCE_EXTENSION = /\.(tsx?|jsx?|mjs|cjs|mts|cts|ex|exs|py|go|rb|rs|java|kt|php|swift|dart|cs)$/;

const MIX_TASK = /(^|\/)lib\/mix\/tasks\/[^/]+\.ex$/;
/** Scripts of JS and Python projects whose name or folder says they generate code. */
const CODEGEN_SCRIPT =
  /(^|\/)(scripts?|tools?|codegen|generators?|bin)\/[^/]+\.(m?[jt]s|cjs|py)$|(^|\/)[^/]*(gen|generate|codegen)[^/]*\.(m?[jt]s|cjs|py)$/i;
const GO_FILE = /\.go$/;
const MAKEFILE = /(^|\/)(GNUmakefile|[Mm]akefile)$/;
const PACKAGE_JSON = /(^|\/)package\.json$/;
/** Make targets and package.json scripts that generate code by their name. */
const GEN_TARGET = /^(?:[\w.:-]*[.:_-])?(?:gen|generate|codegen)(?:[.:_-][\w.:-]*)?$/i;

/** Folders a relative path in a generator may be taken from: its own, its project's, the repository's. */
const PROJECT_MARKERS = ["mix.exs", "package.json", "go.mod", "pyproject.toml", "setup.py", "Makefile"];

const STR = String.raw`(?:"([^"\\#{}$]+)"|'([^'\\$]+)'|` + "`([^`$\\\\]+)`)";

/** Whole-file writes with a literal path, per generator kind. */
const ELIXIR_WRITE = new RegExp(String.raw`\bFile\.write!?\(\s*` + STR, "g");
const JS_WRITE = new RegExp(
  String.raw`\bwriteFile(?:Sync)?\(\s*(?:` +
    STR +
    String.raw`|(?:path\.)?(?:join|resolve)\(\s*(?:__dirname|import\.meta\.dirname)\s*((?:,\s*` +
    STR +
    String.raw`\s*)+)\))`,
  "g",
);
const PY_WRITE = new RegExp(
  String.raw`\bopen\(\s*` +
    STR +
    String.raw`\s*,\s*["']w[bt]?["']|\bPath\(\s*` +
    STR +
    String.raw`\s*\)\.write_(?:text|bytes)\(`,
  "g",
);
const REDIRECT = new RegExp(
  String.raw`(?:>|\s--?o(?:ut(?:put|file)?)?)[\s=]+(?:` + STR + String.raw`|([\w./-]+))`,
  "g",
);

function literal(match: RegExpExecArray, from: number, count = 3): string | null {
  for (let i = from; i < from + count; i++) if (match[i] !== undefined) return match[i] ?? null;
  return null;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function joinPath(dir: string, relative: string): string | null {
  const parts = dir === "" ? [] : dir.split("/");
  for (const part of relative.replace(/^\.\//, "").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

/**
 * Tracked source files that a generator script of the project writes whole with a literal path. Candidates are
 * resolved against the generator's folder, its project's root (the nearest folder with a manifest) and the
 * repository's root, and kept only when that file is tracked; a script that also reads the file it writes patches
 * it in place (a version bump) and does not count.
 */
export function generatorOutputs(
  paths: readonly string[],
  read: (path: string) => string | null,
): GeneratorOutput[] {
  const tracked = new Set(paths);
  const found = new Map<string, GeneratorOutput>();
  const projectRoot = (path: string): string => {
    for (let dir = dirOf(path); ; dir = dirOf(dir)) {
      if (PROJECT_MARKERS.some((marker) => tracked.has(dir === "" ? marker : `${dir}/${marker}`))) return dir;
      if (dir === "") return "";
    }
  };
  const record = (writer: string, text: string, offset: number, target: string, bases: string[]): void => {
    if (!SOURCE_EXTENSION.test(target) || target.startsWith("/")) return;
    for (const base of bases) {
      const resolved = joinPath(base, target);
      if (resolved === null || resolved === writer || !tracked.has(resolved)) continue;
      const name = target.replace(/^\.\//, "");
      // Read-modify-write of the same file: a patch, not a generation.
      if (new RegExp(String.raw`\bread\w*\(\s*["'\`](?:\./)?` + escapeRegExp(name)).test(text)) return;
      if (!found.has(resolved)) found.set(resolved, { path: resolved, writer, line: lineAt(text, offset) });
      return;
    }
  };
  for (const path of paths) {
    const kind = MIX_TASK.test(path)
      ? "elixir"
      : CODEGEN_SCRIPT.test(path)
        ? path.endsWith(".py")
          ? "python"
          : "js"
        : GO_FILE.test(path)
          ? "go"
          : MAKEFILE.test(path)
            ? "make"
            : PACKAGE_JSON.test(path)
              ? "package"
              : null;
    if (kind === null) continue;
    const text = read(path);
    if (text === null || (kind === "go" && !text.includes("//go:generate"))) continue;
    const bases = [...new Set([dirOf(path), projectRoot(path), ""])];
    if (kind === "elixir") {
      if (!/\bdefmodule\s+Mix\.Tasks\./.test(text)) continue;
      for (const m of text.matchAll(ELIXIR_WRITE)) {
        const target = literal(m, 1);
        if (target !== null) record(path, text, m.index, target, bases);
      }
    } else if (kind === "js") {
      for (const m of text.matchAll(JS_WRITE)) {
        const direct = literal(m, 1);
        if (direct !== null) {
          record(path, text, m.index, direct, bases);
          continue;
        }
        const parts = [...(m[4] ?? "").matchAll(new RegExp(STR, "g"))].map((p) => literal(p, 1) ?? "");
        const joined = joinPath(dirOf(path), parts.join("/"));
        if (joined !== null) record(path, text, m.index, joined, [""]);
      }
    } else if (kind === "python") {
      for (const m of text.matchAll(PY_WRITE)) {
        const target = literal(m, 1) ?? literal(m, 4);
        if (target !== null) record(path, text, m.index, target, bases);
      }
    } else if (kind === "go") {
      if (!text.includes("//go:generate")) continue;
      for (const m of text.matchAll(/^\/\/go:generate\s+(.*)$/gm))
        scanCommand(m[1] ?? "", m.index, path, text, record);
    } else if (kind === "make") {
      let inGenTarget = false;
      let offset = 0;
      for (const line of text.split("\n")) {
        const target = /^([\w.:-]+)\s*:(?!=)/.exec(line);
        if (target) inGenTarget = GEN_TARGET.test(target[1] ?? "");
        else if (inGenTarget && line.startsWith("\t")) scanCommand(line, offset, path, text, record);
        else if (line.trim() !== "" && !line.startsWith("\t") && !line.startsWith("#")) inGenTarget = false;
        offset += line.length + 1;
      }
    } else {
      let scripts: unknown;
      try {
        scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
      } catch {
        continue;
      }
      if (typeof scripts !== "object" || scripts === null) continue;
      for (const [name, command] of Object.entries(scripts as Record<string, unknown>)) {
        if (!GEN_TARGET.test(name) || typeof command !== "string") continue;
        const at = text.indexOf(JSON.stringify(name));
        scanCommand(command, at === -1 ? 0 : at, path, text, record);
      }
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function scanCommand(
  command: string,
  offset: number,
  path: string,
  text: string,
  record: (writer: string, text: string, offset: number, target: string, bases: string[]) => void,
): void {
  for (const m of ` ${command}`.matchAll(REDIRECT)) {
    const target = literal(m, 1) ?? m[4] ?? null;
    if (target !== null) record(path, text, offset, target, [dirOf(path)]);
  }
}
