// npm, pnpm and yarn lockfiles: the packages they lock (with lines) and, where they record it,
// what each workspace package's manifest said when the lockfile was written (to detect drift).
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import type { LockedPackage } from "../dependencies/types.js";
import { isObject, parseJsonc, stringMap, type JsonValue } from "./jsonc.js";

export type LockfileKind = "npm" | "pnpm" | "yarn-classic" | "yarn-berry" | "bun";

/**
 * How an install lays out node_modules: `hoisted` (npm, yarn classic, pnpm with shamefully-hoist or
 * node-linker=hoisted): every locked package sits in the root node_modules, so any workspace member can
 * import it; `isolated` (pnpm's default): a package sees only what it declares; `pnp` (yarn berry's
 * default): no node_modules, undeclared imports fail.
 */
export type InstallLayout = "hoisted" | "isolated" | "pnp";

/** What a lockfile records about one package of the repository (the root or a workspace member). */
export interface LockImporter {
  /** Folder of the package, relative to the repository root ("" for the root). */
  dir: string;
  /** Dependency name → the requirement the lockfile recorded for it, with its line. */
  specs: Record<string, { requirement: string; line: number; dev: boolean }>;
}

export interface NodeLockfile {
  path: string;
  /** Folder the lockfile serves, relative to the repository root. */
  dir: string;
  kind: LockfileKind;
  /** lockfileVersion as written, or null. */
  version: string | null;
  /** Per package: the requirements recorded (npm v2/v3 and pnpm); null when the format does not record them. */
  importers: LockImporter[] | null;
  /** yarn: every `name@range` the lockfile resolves, to check declared requirements against. */
  resolvedSpecs: string[] | null;
  packages: LockedPackage[];
  /** Names pinned by the lockfile's own `overrides:` (pnpm): importers record the override, not the range. */
  overridden: string[];
  layout: InstallLayout;
  /** The setting that chose the layout, when one did (`.npmrc` shamefully-hoist, `.yarnrc.yml` nodeLinker). */
  layoutSetting: { path: string; line: number } | null;
  /** pnpm public-hoist-pattern globs: matching packages are hoisted to the root whatever the layout. */
  publicHoistPatterns?: string[];
}

export const joinDir = (dir: string, sub: string): string => {
  const parts = [...(dir ? dir.split("/") : []), ...sub.split("/")].filter((p) => p !== "" && p !== ".");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
};

export function parseNpmLock(path: string, dir: string, text: string): NodeLockfile {
  const parsed = parseJsonc(text);
  const root = isObject(parsed.value) ? parsed.value : {};
  const version = root.lockfileVersion === undefined ? null : String(root.lockfileVersion);
  const packages: LockedPackage[] = [];
  const lock: NodeLockfile = {
    path,
    dir,
    kind: "npm",
    version,
    importers: null,
    resolvedSpecs: null,
    packages,
    overridden: [],
    layout: "hoisted",
    layoutSetting: null,
  };
  if (isObject(root.packages)) {
    const importers: LockImporter[] = [];
    const directNames = new Set<string>();
    for (const [key, entry] of Object.entries(root.packages)) {
      if (!isObject(entry) || key.includes("node_modules/")) continue;
      const specs: LockImporter["specs"] = {};
      for (const field of [
        "dependencies",
        "devDependencies",
        "optionalDependencies",
        "peerDependencies",
      ] as const) {
        for (const [name, requirement] of Object.entries(stringMap(entry[field]))) {
          // A package both installed for development (`"react": "18.3.1"`) and asked of consumers (`"react":
          // "^18.0.0"`): npm installs the former, the peer range is a contract for the packages that use this one.
          if (field === "peerDependencies" && specs[name]) continue;
          specs[name] = {
            requirement,
            line: parsed.lineOf(["packages", key, field, name]) ?? 1,
            dev: field === "devDependencies",
          };
          if (key === "") directNames.add(name);
        }
      }
      importers.push({ dir: joinDir(dir, key), specs });
    }
    lock.importers = importers;
    for (const [key, entry] of Object.entries(root.packages)) {
      if (!isObject(entry) || !key.includes("node_modules/") || entry.link === true) continue;
      const name =
        typeof entry.name === "string"
          ? entry.name
          : key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
      if (typeof entry.version !== "string") continue;
      packages.push({
        ecosystem: "npm",
        name,
        version: entry.version,
        lockfile: path,
        line: parsed.lineOf(["packages", key]) ?? 1,
        direct: key === `node_modules/${name}` ? directNames.has(name) : false,
        dev: entry.dev === true,
      });
    }
  } else if (isObject(root.dependencies)) {
    const walk = (deps: { [key: string]: JsonValue }, trail: string[], top: boolean): void => {
      for (const [name, entry] of Object.entries(deps)) {
        if (!isObject(entry) || typeof entry.version !== "string") continue;
        packages.push({
          ecosystem: "npm",
          name,
          version: entry.version,
          lockfile: path,
          line: parsed.lineOf([...trail, name]) ?? 1,
          direct: top ? null : false,
          dev: entry.dev === true,
        });
        if (isObject(entry.dependencies)) walk(entry.dependencies, [...trail, name, "dependencies"], false);
      }
    };
    walk(root.dependencies, ["dependencies"], true);
  }
  return lock;
}

interface YamlEntry {
  key: string;
  value: unknown;
  line: number;
}

function entriesOf(node: unknown, lineCounter: LineCounter): YamlEntry[] {
  if (!isMap(node)) return [];
  const out: YamlEntry[] = [];
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    if (key === null) continue;
    const offset = (pair.key as YamlNode).range?.[0] ?? 0;
    out.push({ key, value: pair.value, line: lineCounter.linePos(offset).line });
  }
  return out;
}

const scalar = (node: unknown): string | null =>
  isScalar(node) && node.value !== null ? String(node.value) : null;

/** Splits `name@version` (also `@scope/name@version`) at the last `@` that is not the first character. */
function splitAt(text: string): { name: string; rest: string } | null {
  const at = text.lastIndexOf("@");
  if (at <= 0) return null;
  return { name: text.slice(0, at), rest: text.slice(at + 1) };
}

export function parsePnpmLock(path: string, dir: string, text: string): NodeLockfile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) throw new Error(doc.errors[0]?.message ?? "invalid YAML");
  const top = entriesOf(doc.contents, lineCounter);
  const get = (key: string): YamlEntry | undefined => top.find((entry) => entry.key === key);
  const version = scalar(get("lockfileVersion")?.value);
  const importerSpecs = (entries: YamlEntry[]): LockImporter["specs"] => {
    const specs: LockImporter["specs"] = {};
    const specifiers = new Map(
      entriesOf(entries.find((e) => e.key === "specifiers")?.value, lineCounter).map((e) => [
        e.key,
        scalar(e.value),
      ]),
    );
    for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
      for (const dep of entriesOf(entries.find((e) => e.key === field)?.value, lineCounter)) {
        const inline = entriesOf(dep.value, lineCounter).find((e) => e.key === "specifier");
        const requirement = inline ? scalar(inline.value) : (specifiers.get(dep.key) ?? null);
        specs[dep.key] = { requirement: requirement ?? "", line: dep.line, dev: field === "devDependencies" };
      }
    }
    return specs;
  };
  const importers: LockImporter[] = [];
  const importersEntry = get("importers");
  if (importersEntry) {
    for (const importer of entriesOf(importersEntry.value, lineCounter)) {
      importers.push({
        dir: joinDir(dir, importer.key),
        specs: importerSpecs(entriesOf(importer.value, lineCounter)),
      });
    }
  } else {
    importers.push({ dir, specs: importerSpecs(top) });
  }
  const directNames = new Set(Object.keys(importers.find((i) => i.dir === dir)?.specs ?? {}));
  const packages: LockedPackage[] = [];
  for (const entry of entriesOf(get("packages")?.value, lineCounter)) {
    let key = entry.key.replace(/\(.*$/, "").replace(/^\//, "");
    let name: string;
    let versionText: string;
    const split = splitAt(key);
    if (split && /^\d/.test(split.rest)) {
      name = split.name;
      versionText = split.rest;
    } else {
      // pnpm v5: /name/1.2.3_peer
      key = key.replace(/_.*$/, "");
      const slash = key.lastIndexOf("/");
      if (slash <= 0) continue;
      name = key.slice(0, slash);
      versionText = key.slice(slash + 1);
    }
    const fields = entriesOf(entry.value, lineCounter);
    const dev = scalar(fields.find((f) => f.key === "dev")?.value);
    packages.push({
      ecosystem: "npm",
      name,
      version: versionText,
      lockfile: path,
      line: entry.line,
      direct: directNames.has(name),
      dev: dev === null ? null : dev === "true",
    });
  }
  const overridden = entriesOf(get("overrides")?.value, lineCounter).map((e) => overrideTarget(e.key));
  return {
    path,
    dir,
    kind: "pnpm",
    version,
    importers,
    resolvedSpecs: null,
    packages,
    overridden: [...new Set(overridden)].sort(),
    layout: "isolated",
    layoutSetting: null,
  };
}

export function parseYarnLock(path: string, dir: string, text: string): NodeLockfile {
  if (/^__metadata:/m.test(text)) return parseYarnBerry(path, dir, text);
  const packages: LockedPackage[] = [];
  const resolvedSpecs: string[] = [];
  const lines = text.split(/\r?\n/);
  let current: { names: string[]; line: number } | null = null;
  lines.forEach((line, index) => {
    if (line.startsWith("#") || line.trim() === "") return;
    if (!/^\s/.test(line) && line.trimEnd().endsWith(":")) {
      const specs = line
        .trimEnd()
        .slice(0, -1)
        .split(/,\s*/)
        .map((spec) => spec.trim().replace(/^"|"$/g, ""));
      resolvedSpecs.push(...specs);
      const names = [
        ...new Set(specs.map((spec) => splitAt(spec)?.name).filter((n): n is string => Boolean(n))),
      ];
      current = { names, line: index + 1 };
      return;
    }
    const version = /^\s+version:?\s+"?([^"\s]+)"?/.exec(line);
    if (version?.[1] && current) {
      for (const name of current.names)
        packages.push({
          ecosystem: "npm",
          name,
          version: version[1],
          lockfile: path,
          line: current.line,
          direct: null,
          dev: null,
        });
      current = null;
    }
  });
  return {
    path,
    dir,
    kind: "yarn-classic",
    version: "1",
    importers: null,
    resolvedSpecs,
    packages,
    overridden: [],
    layout: "hoisted",
    layoutSetting: null,
  };
}

function parseYarnBerry(path: string, dir: string, text: string): NodeLockfile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) throw new Error(doc.errors[0]?.message ?? "invalid YAML");
  const packages: LockedPackage[] = [];
  const resolvedSpecs: string[] = [];
  let version: string | null = null;
  for (const entry of entriesOf(doc.contents, lineCounter)) {
    const fields = entriesOf(entry.value, lineCounter);
    if (entry.key === "__metadata") {
      version = scalar(fields.find((f) => f.key === "version")?.value);
      continue;
    }
    const specs = entry.key.split(/,\s*/).map((s) => s.trim());
    resolvedSpecs.push(...specs);
    const resolution = scalar(fields.find((f) => f.key === "resolution")?.value) ?? specs[0] ?? "";
    if (/@(workspace|link|portal):/.test(resolution)) continue;
    const name = splitAt(specs[0] ?? "")?.name;
    const ver = scalar(fields.find((f) => f.key === "version")?.value);
    if (!name || !ver) continue;
    packages.push({
      ecosystem: "npm",
      name,
      version: ver,
      lockfile: path,
      line: entry.line,
      direct: null,
      dev: null,
    });
  }
  return {
    path,
    dir,
    kind: "yarn-berry",
    version,
    importers: null,
    resolvedSpecs,
    packages,
    overridden: [],
    layout: "pnp",
    layoutSetting: null,
  };
}

/**
 * The package an override key pins: `postcss`, `protobufjs@8` → protobufjs, `a>b` → b,
 * `**\/@scope/x@1` → @scope/x, `react-router-dom@>=6.7.0 <6.30.6` → react-router-dom (a `>` in a version range
 * is not pnpm's parent>child separator: that one is followed by a package name).
 */
export function overrideTarget(key: string): string {
  const path = (
    key
      .replace(/^.*\*\*\//, "")
      .split(/>(?=[@a-z0-9_])(?![0-9])/i)
      .pop() ?? key
  ).split("/");
  const tail =
    path.length >= 2 && path[path.length - 2]?.startsWith("@")
      ? path.slice(-2).join("/")
      : (path[path.length - 1] ?? key);
  return tail.replace(/(.)@.*$/, "$1");
}
