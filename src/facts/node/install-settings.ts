// Package-manager settings beside a lockfile that change what an install puts in node_modules:
// `.npmrc` (pnpm shamefully-hoist / node-linker, npm install-strategy), `pnpm-workspace.yaml` (the same
// settings in camelCase, and `overrides`), `.yarnrc.yml` (nodeLinker).
import { parse as parseToml } from "smol-toml";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { globMatcher } from "../symbols/node-index.js";
import { overrideTarget, type InstallLayout, type LockfileKind } from "./lockfiles.js";

export interface InstallSettings {
  layout: { value: InstallLayout; path: string; line: number } | null;
  /** Names pinned by `overrides:` in pnpm-workspace.yaml. */
  overridden: string[];
  /**
   * pnpm `public-hoist-pattern` globs (`.npmrc`, or `publicHoistPattern` in pnpm-workspace.yaml): packages matching
   * one are hoisted to the root node_modules, where every workspace package resolves them.
   */
  publicHoistPatterns: string[];
}

const joinPath = (dir: string, name: string): string => (dir ? `${dir}/${name}` : name);

/** Reads the settings that apply to an install whose lockfile sits in `dir`. */
export function readInstallSettings(
  kind: LockfileKind,
  dir: string,
  read: (path: string) => string | null,
): InstallSettings {
  const out: InstallSettings = { layout: null, overridden: [], publicHoistPatterns: [] };
  if (kind === "pnpm" || kind === "npm") {
    const npmrcPath = joinPath(dir, ".npmrc");
    const npmrc = read(npmrcPath);
    if (npmrc !== null) {
      npmrc.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.replace(/[#;].*$/, "").trim();
        const setting = /^([\w-]+(?:\[\])?)\s*=\s*(.*)$/.exec(line);
        if (!setting) return;
        const [, key, value] = setting;
        const layout = layoutOfSetting(kind, key ?? "", (value ?? "").trim());
        if (layout) out.layout = { value: layout, path: npmrcPath, line: index + 1 };
        if (kind === "pnpm" && /^public-hoist-pattern(\[\])?$/.test(key ?? ""))
          out.publicHoistPatterns.push(...hoistPatterns(value ?? ""));
      });
    }
  }
  if (kind === "pnpm") {
    const workspacePath = joinPath(dir, "pnpm-workspace.yaml");
    const text = read(workspacePath);
    if (text !== null) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(text, { lineCounter });
      const contents = doc.errors.length === 0 ? doc.contents : null;
      if (isMap(contents)) {
        for (const pair of contents.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : "";
          const line = lineCounter.linePos((pair.key as YamlNode | null)?.range?.[0] ?? 0).line;
          if (key === "overrides" && isMap(pair.value)) {
            for (const item of pair.value.items)
              if (isScalar(item.key)) out.overridden.push(overrideTarget(String(item.key.value)));
            continue;
          }
          const value = isScalar(pair.value)
            ? String(pair.value.value)
            : isSeq(pair.value)
              ? pair.value.items.map((item) => (isScalar(item) ? String(item.value) : "")).join(",")
              : "";
          const layout = layoutOfSetting(kind, key, value);
          if (layout) out.layout = { value: layout, path: workspacePath, line };
          if (key === "publicHoistPattern") out.publicHoistPatterns.push(...hoistPatterns(value));
        }
      }
    }
  }
  if (kind === "yarn-berry") {
    const yarnrcPath = joinPath(dir, ".yarnrc.yml");
    const text = read(yarnrcPath);
    const linker = text === null ? null : /^nodeLinker:\s*["']?([\w-]+)/m.exec(text);
    if (text !== null && linker?.[1]) {
      const line = text.slice(0, linker.index).split("\n").length;
      const value: InstallLayout =
        linker[1] === "node-modules" ? "hoisted" : linker[1] === "pnpm" ? "isolated" : "pnp";
      out.layout = { value, path: yarnrcPath, line };
    }
  }
  if (kind === "bun") {
    const bunfigPath = joinPath(dir, "bunfig.toml");
    const text = read(bunfigPath);
    const linker = text === null ? null : bunLinker(text);
    if (text !== null && linker) {
      const line = text.slice(0, linker.offset).split("\n").length;
      out.layout = { value: linker.value, path: bunfigPath, line };
    }
  }
  return out;
}

/** `[install] linker = "hoisted" | "isolated"` of a bunfig.toml, with where it is written. */
function bunLinker(text: string): { value: InstallLayout; offset: number } | null {
  let parsed: unknown;
  try {
    parsed = parseToml(text);
  } catch {
    return null;
  }
  const install = (parsed as { install?: { linker?: unknown } }).install;
  const value = install?.linker;
  if (value !== "hoisted" && value !== "isolated") return null;
  const offset = /^\s*linker\s*=/m.exec(text)?.index ?? 0;
  return { value, offset };
}

/** The globs of a public-hoist-pattern value (comma-separated, quoted or not), without negations. */
function hoistPatterns(value: string): string[] {
  return value
    .split(",")
    .map((pattern) => pattern.trim().replace(/^["']|["']$/g, ""))
    .filter((pattern) => pattern !== "" && !pattern.startsWith("!"));
}

/** Whether a package name matches one of pnpm's public-hoist-pattern globs (`*` any characters). */
export function publiclyHoisted(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    new RegExp(
      `^${pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
        .join(".*")}$`,
    ).test(name),
  );
}

/** The layout a single setting selects, or null when it does not decide one. */
function layoutOfSetting(kind: LockfileKind, key: string, value: string): InstallLayout | null {
  const normalised = key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()).replace(/\[\]$/, "");
  if (kind === "npm") return normalised === "installStrategy" && value === "linked" ? "isolated" : null;
  if (normalised === "shamefullyHoist") return value === "true" ? "hoisted" : null;
  if (normalised === "nodeLinker")
    return value === "hoisted" ? "hoisted" : value === "isolated" ? "isolated" : null;
  if (normalised === "publicHoistPattern") return value.split(",").includes("*") ? "hoisted" : null;
  return null;
}

/** The `packages:` globs of a pnpm-workspace.yaml (`docs`, `packages/*`, `!**\/test/**`), or [] when unreadable. */
export function pnpmWorkspaceGlobs(text: string | null): string[] {
  if (text === null) return [];
  const doc = parseDocument(text);
  const contents = doc.errors.length === 0 ? doc.contents : null;
  if (!isMap(contents)) return [];
  const packages = contents.items.find((pair) => isScalar(pair.key) && pair.key.value === "packages")?.value;
  return isSeq(packages)
    ? packages.items.flatMap((item: unknown) =>
        isScalar(item) ? [String(item.value).replace(/^\.\//, "").replace(/\/$/, "")] : [],
      )
    : [];
}

/**
 * Whether a folder (relative to the workspace root) is a member by a list of workspace globs: `*` one folder
 * name, `**` any depth; a `!` glob excludes.
 */
export function isWorkspaceMember(dir: string, globs: readonly string[]): boolean {
  const matches = (glob: string): boolean => globMatcher(glob).test(dir);
  return (
    globs.some((glob) => !glob.startsWith("!") && matches(glob)) &&
    !globs.some((glob) => glob.startsWith("!") && matches(glob.slice(1)))
  );
}
