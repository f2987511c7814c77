// Python manifests and lockfiles: pyproject.toml (PEP 621, PEP 735 groups, Poetry), requirements*.txt, setup.cfg,
// Pipfile; poetry.lock, uv.lock, Pipfile.lock and `==` pins. Every entry keeps its path and line.
import { parse as parseToml } from "smol-toml";
import type { Diagnostic } from "../../model/diagnostic.js";
import type { DeclaredDependency, EcosystemDependencies, LockedPackage } from "../dependencies/types.js";
import { normalizeName } from "./syntax.js";

type Read = (path: string) => string | null;
type Diagnose = (diagnostic: Diagnostic) => void;
type Table = Record<string, unknown>;

const DEV_GROUP =
  /^(dev|devel|develop|development|test|tests|testing|lint|linting|typing|types|docs?|style|qa|ci)$/i;
const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/;

export function isRequirementsFile(path: string): boolean {
  const base = path.split("/").pop() ?? "";
  return /^requirements.*\.(txt|in)$/.test(base) || /(^|\/)requirements\/[^/]+\.(txt|in)$/.test(path);
}

export function isPythonManifest(path: string): boolean {
  const base = path.split("/").pop() ?? "";
  return ["pyproject.toml", "setup.cfg", "Pipfile"].includes(base) || isRequirementsFile(path);
}

export function isPythonLockfile(path: string): boolean {
  const base = path.split("/").pop() ?? "";
  return ["poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock"].includes(base);
}

export function readDependencies(
  paths: readonly string[],
  read: Read,
  diagnose: Diagnose,
): EcosystemDependencies {
  const deps: EcosystemDependencies = { manifests: [], lockfiles: [], declared: [], locked: [] };
  for (const path of paths) {
    const text = read(path);
    if (text === null) continue;
    const base = path.split("/").pop() ?? "";
    try {
      if (base === "pyproject.toml") pyproject(path, text, deps);
      else if (base === "setup.cfg") setupCfg(path, text, deps);
      else if (base === "Pipfile") pipfile(path, text, deps);
      else if (isRequirementsFile(path)) requirements(path, text, deps);
      else if (base === "poetry.lock" || base === "uv.lock" || base === "pdm.lock")
        tomlLock(path, text, deps);
      else if (base === "Pipfile.lock") pipfileLock(path, text, deps);
    } catch (error) {
      diagnose({
        kind: "invalid-config",
        path,
        message: `could not read ${base}: ${(error as Error).message.split("\n")[0]}`,
      });
    }
  }
  return deps;
}

/** 1-based line of the first line at or after `from` that matches. */
function lineOf(lines: string[], test: (line: string) => boolean, from = 0): number {
  for (let i = from; i < lines.length; i++) if (test(lines[i] ?? "")) return i + 1;
  return Math.max(1, from + 1);
}

/**
 * Where names occur in a manifest, indexed once: looking a dependency up is a binary search, not a scan with a
 * new regular expression per line (a 1 MB pyproject.toml with 40k dependencies took minutes that way).
 */
class LineIndex {
  private quotedNames: Map<string, number[]> | null = null;
  private assignedKeys: Map<string, number[]> | null = null;
  private jsonStrings: Map<string, number[]> | null = null;

  constructor(private readonly lines: readonly string[]) {}

  /** 1-based line of the first `"name` / `'name` followed by a word boundary, at or after `from` (any case). */
  quoted(name: string, from: number): number {
    this.quotedNames ??= this.build((line, add) => {
      for (const match of line.matchAll(/["']([A-Za-z0-9_][A-Za-z0-9_.-]*)/g)) {
        const token = match[1] ?? "";
        // Package names are short; a long run of name characters is data, not a name.
        if (token.length > 214) continue;
        // `"name\b` matches every prefix that ends a word: "a-b.c" answers to "a", "a-b" and "a-b.c".
        for (let end = 1; end <= token.length; end++) {
          if (/\w/.test(token[end - 1] ?? "") && (end === token.length || !/\w/.test(token[end] ?? "")))
            add(token.slice(0, end).toLowerCase());
        }
      }
    });
    return this.first(this.quotedNames, name.toLowerCase(), from);
  }

  /** 1-based line of the first `name = …` (key optionally quoted), at or after `from` (any case). */
  key(name: string, from: number): number {
    this.assignedKeys ??= this.build((line, add) => {
      const match = /^\s*["']?([^"'\s=]+)["']?\s*=/.exec(line);
      if (match?.[1]) add(match[1].toLowerCase());
    });
    return this.first(this.assignedKeys, name.toLowerCase(), from);
  }

  /** 1-based line of the first line holding the JSON string `"name"`, at or after `from`. */
  jsonString(name: string, from: number): number {
    this.jsonStrings ??= this.build((line, add) => {
      for (const match of line.matchAll(/"([^"\\]*)"/g)) add(match[1] ?? "");
    });
    return this.first(this.jsonStrings, name, from);
  }

  private build(collect: (line: string, add: (key: string) => void) => void): Map<string, number[]> {
    const index = new Map<string, number[]>();
    this.lines.forEach((line, i) => {
      collect(line, (key) => {
        const at = index.get(key);
        if (!at) index.set(key, [i]);
        else if (at[at.length - 1] !== i) at.push(i);
      });
    });
    return index;
  }

  private first(index: Map<string, number[]>, key: string, from: number): number {
    const at = index.get(key);
    if (!at) return Math.max(1, from + 1);
    let low = 0;
    let high = at.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((at[mid] ?? 0) < from) low = mid + 1;
      else high = mid;
    }
    return low < at.length ? (at[low] ?? 0) + 1 : Math.max(1, from + 1);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function sectionLine(lines: string[], header: RegExp): number {
  const index = lines.findIndex((l) => header.test(l.trim()));
  return index;
}

function parseRequirement(
  spec: string,
): { name: string; requirement: string | null; url: string | null } | null {
  const cleaned = spec.split(";")[0]?.trim() ?? "";
  const at = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*@\s*(\S+)/.exec(cleaned);
  if (at?.[1] && at[3]) return { name: at[1], requirement: null, url: at[3] };
  const match = REQUIREMENT.exec(cleaned);
  if (!match?.[1]) return null;
  const requirement = (match[3] ?? "").replace(/\s+/g, "").replace(/^\((.*)\)$/, "$1");
  return { name: match[1], requirement: requirement || null, url: null };
}

/** A declared dependency from a PEP 508 requirement read in a manifest. */
function requirementDependency(
  parsed: NonNullable<ReturnType<typeof parseRequirement>>,
  at: { dev: boolean; manifest: string; line: number },
): DeclaredDependency {
  return {
    ecosystem: "PyPI",
    name: normalizeName(parsed.name),
    requirement: parsed.requirement,
    dev: at.dev,
    source: sourceOf(parsed.url),
    manifest: at.manifest,
    line: at.line,
  };
}

function sourceOf(url: string | null): DeclaredDependency["source"] {
  if (!url) return { kind: "registry" };
  if (/^(git\+|git:)/.test(url) || /\.git(@|$)/.test(url)) {
    const ref = /@([^@#]+)$/.exec(url.replace(/#.*$/, ""))?.[1] ?? null;
    return { kind: "git", url, pinned: ref !== null && /^[0-9a-f]{7,40}$/.test(ref), ref };
  }
  if (url.startsWith("file:") || url.startsWith(".") || url.startsWith("/"))
    return { kind: "path", path: url.replace(/^file:(\/\/)?/, "") };
  return { kind: "registry" };
}

function pinOf(requirement: string | null): string | null {
  const pin = requirement && /^===?([^,*;]+)$/.exec(requirement);
  return pin?.[1] ?? null;
}

function pyproject(path: string, text: string, deps: EcosystemDependencies): void {
  const doc = parseToml(text) as Table;
  const lines = text.split("\n");
  const found = new LineIndex(lines);
  const project = doc.project as Table | undefined;
  const tool = (doc.tool as Table | undefined) ?? {};
  const poetry = tool.poetry as Table | undefined;
  let any = false;
  const addList = (list: unknown, header: RegExp, dev: boolean): void => {
    if (!Array.isArray(list)) return;
    any = true;
    const start = Math.max(0, sectionLine(lines, header));
    for (const entry of list) {
      if (typeof entry !== "string") continue;
      const parsed = parseRequirement(entry);
      if (!parsed) continue;
      const line = found.quoted(parsed.name, start);
      deps.declared.push(requirementDependency(parsed, { dev, manifest: path, line }));
    }
  };
  if (project) {
    addList(project.dependencies, /^(\[project\]|dependencies\s*=)/, false);
    const optional = (project["optional-dependencies"] as Table | undefined) ?? {};
    for (const [group, list] of Object.entries(optional))
      addList(list, new RegExp(`^${escape(group)}\\s*=`), DEV_GROUP.test(group));
  }
  const groups = (doc["dependency-groups"] as Table | undefined) ?? {};
  for (const [group, list] of Object.entries(groups))
    addList(list, new RegExp(`^${escape(group)}\\s*=`), true);
  const uvDev = (tool.uv as Table | undefined)?.["dev-dependencies"];
  addList(uvDev, /^dev-dependencies\s*=/, true);
  if (poetry) {
    const tables: Array<[Table | undefined, RegExp, boolean]> = [
      [poetry.dependencies as Table | undefined, /^\[tool\.poetry\.dependencies\]/, false],
      [poetry["dev-dependencies"] as Table | undefined, /^\[tool\.poetry\.dev-dependencies\]/, true],
    ];
    for (const [group, body] of Object.entries((poetry.group as Table | undefined) ?? {})) {
      tables.push([
        (body as Table).dependencies as Table | undefined,
        new RegExp(`^\\[tool\\.poetry\\.group\\.${escape(group)}\\.dependencies\\]`),
        DEV_GROUP.test(group) || group !== "main",
      ]);
    }
    for (const [table, header, dev] of tables) {
      if (!table) continue;
      any = true;
      const start = Math.max(0, sectionLine(lines, header));
      for (const [name, value] of Object.entries(table)) {
        if (name.toLowerCase() === "python") continue;
        const line = found.key(name, start);
        let requirement: string | null = null;
        let source: DeclaredDependency["source"] = { kind: "registry" };
        if (typeof value === "string") requirement = value;
        else if (typeof value === "object" && value !== null) {
          const v = value as Table;
          requirement = typeof v.version === "string" ? v.version : null;
          if (typeof v.git === "string") {
            const ref = (v.rev ?? v.tag ?? v.branch ?? null) as string | null;
            source = {
              kind: "git",
              url: v.git,
              pinned: typeof v.rev === "string" || typeof v.tag === "string",
              ref,
            };
          } else if (typeof v.path === "string") source = { kind: "path", path: v.path };
        }
        deps.declared.push({
          ecosystem: "PyPI",
          name: normalizeName(name),
          requirement,
          dev,
          source,
          manifest: path,
          line,
        });
      }
    }
  }
  if (any) deps.manifests.push(path);
}

function requirements(path: string, text: string, deps: EcosystemDependencies): void {
  deps.manifests.push(path);
  const dev = /(dev|test|lint|doc|ci|typing)/i.test(path.split("/").pop() ?? "");
  const lines = text.split("\n");
  let pinned = false;
  lines.forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line || line.startsWith("-") || /^(https?|git\+|file):/.test(line)) return;
    const parsed = parseRequirement(line.replace(/\\$/, "").trim());
    if (!parsed) return;
    const entry = requirementDependency(parsed, { dev, manifest: path, line: index + 1 });
    deps.declared.push(entry);
    const pin = pinOf(parsed.requirement);
    if (pin) {
      pinned = true;
      deps.locked.push({
        ecosystem: "PyPI",
        name: entry.name,
        version: pin,
        lockfile: path,
        line: index + 1,
        direct: true,
        dev,
      });
    }
  });
  if (pinned && !deps.lockfiles.includes(path)) deps.lockfiles.push(path);
}

/** setup.cfg: `install_requires` under [options] and `extras_require` groups, read line-wise as INI. */
function setupCfg(path: string, text: string, deps: EcosystemDependencies): void {
  const sections = iniSections(text);
  const lines = text.split("\n");
  let any = false;
  const install = sections.get("options")?.get("install_requires");
  const extras = sections.get("options.extras_require");
  const add = (value: { value: string; line: number } | undefined, dev: boolean): void => {
    if (!value) return;
    any = true;
    value.value.split("\n").forEach((entry, offset) => {
      const spec = entry.replace(/#.*$/, "").trim();
      if (!spec) return;
      const parsed = parseRequirement(spec);
      if (!parsed) return;
      const line = lineOf(lines, (l) => l.includes(parsed.name), value.line - 1 + Math.max(0, offset - 1));
      deps.declared.push(requirementDependency(parsed, { dev, manifest: path, line }));
    });
  };
  add(install, false);
  for (const [group, value] of extras ?? []) add(value, DEV_GROUP.test(group));
  if (any) deps.manifests.push(path);
}

/** Minimal INI reader: section → key → value (continuation lines joined with newlines) and the key's line. */
export function iniSections(text: string): Map<string, Map<string, { value: string; line: number }>> {
  const sections = new Map<string, Map<string, { value: string; line: number }>>();
  let current: Map<string, { value: string; line: number }> | null = null;
  let lastKey: string | null = null;
  text.split("\n").forEach((raw, index) => {
    if (/^\s*[#;]/.test(raw) || raw.trim() === "") return;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw.trim());
    if (header?.[1] && !/^\s/.test(raw)) {
      current = new Map();
      sections.set(header[1].trim(), current);
      lastKey = null;
      return;
    }
    if (!current) return;
    if (/^\s/.test(raw) && lastKey) {
      const entry = current.get(lastKey);
      if (entry) entry.value = `${entry.value}\n${raw.trim()}`;
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv?.[1]) {
      lastKey = kv[1].trim();
      current.set(lastKey, { value: (kv[2] ?? "").trim(), line: index + 1 });
    }
  });
  return sections;
}

function pipfile(path: string, text: string, deps: EcosystemDependencies): void {
  const doc = parseToml(text) as Table;
  const lines = text.split("\n");
  const found = new LineIndex(lines);
  deps.manifests.push(path);
  for (const [section, dev] of [
    ["packages", false],
    ["dev-packages", true],
  ] as const) {
    const table = doc[section] as Table | undefined;
    if (!table) continue;
    const start = Math.max(0, sectionLine(lines, new RegExp(`^\\[${escape(section)}\\]`)));
    for (const [name, value] of Object.entries(table)) {
      const requirement =
        typeof value === "string"
          ? value === "*"
            ? null
            : value
          : typeof (value as Table).version === "string"
            ? ((value as Table).version as string)
            : null;
      const line = found.key(name, start);
      deps.declared.push({
        ecosystem: "PyPI",
        name: normalizeName(name),
        requirement,
        dev,
        source: { kind: "registry" },
        manifest: path,
        line,
      });
    }
  }
}

function tomlLock(path: string, text: string, deps: EcosystemDependencies): void {
  const doc = parseToml(text) as Table;
  const lines = text.split("\n");
  deps.lockfiles.push(path);
  const packages = Array.isArray(doc.package) ? (doc.package as Table[]) : [];
  let cursor = 0;
  for (const pkg of packages) {
    if (typeof pkg.name !== "string" || typeof pkg.version !== "string") continue;
    const name = pkg.name;
    const line = lineOf(
      lines,
      (l) => new RegExp(`^name\\s*=\\s*["']${escape(name)}["']`).test(l.trim()),
      cursor,
    );
    cursor = line;
    const category = typeof pkg.category === "string" ? pkg.category : null;
    const locked: LockedPackage = {
      ecosystem: "PyPI",
      name: normalizeName(name),
      version: pkg.version,
      lockfile: path,
      line,
      direct: null,
      dev: category === null ? null : category !== "main",
    };
    deps.locked.push(locked);
  }
}

function pipfileLock(path: string, text: string, deps: EcosystemDependencies): void {
  const doc = JSON.parse(text) as Table;
  const lines = text.split("\n");
  const found = new LineIndex(lines);
  deps.lockfiles.push(path);
  for (const [section, dev] of [
    ["default", false],
    ["develop", true],
  ] as const) {
    const table = (doc[section] as Table | undefined) ?? {};
    const start = Math.max(
      0,
      lines.findIndex((l) => l.includes(`"${section}"`)),
    );
    for (const [name, value] of Object.entries(table)) {
      const version =
        typeof (value as Table).version === "string"
          ? ((value as Table).version as string).replace(/^==/, "")
          : null;
      if (!version) continue;
      const line = found.jsonString(name, start);
      deps.locked.push({
        ecosystem: "PyPI",
        name: normalizeName(name),
        version,
        lockfile: path,
        line,
        direct: null,
        dev,
      });
    }
  }
}
