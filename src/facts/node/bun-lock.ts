// Bun's text lockfile (`bun.lock`, JSONC with trailing commas): what each workspace package declared when it was
// written, and the packages it locks. `bun.lockb`, the older binary format, is not read.
import type { LockedPackage } from "../dependencies/types.js";
import { isObject, parseJsonc, stringMap } from "./jsonc.js";
import { joinDir, type LockImporter, type NodeLockfile } from "./lockfiles.js";

const DEPENDENCY_FIELDS = [
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
] as const;

/** `@scope/name@1.2.3` → [`@scope/name`, `1.2.3`]; the version part may be a protocol (`workspace:apps/api`). */
function splitSpec(spec: string): [string, string] | null {
  const at = spec.indexOf("@", 1);
  return at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : null;
}

export function parseBunLock(path: string, dir: string, text: string): NodeLockfile {
  const parsed = parseJsonc(text);
  const root = isObject(parsed.value) ? parsed.value : {};
  const importers: LockImporter[] = [];
  const directNames = new Set<string>();
  const devOnly = new Map<string, boolean>();
  if (isObject(root.workspaces)) {
    for (const [key, entry] of Object.entries(root.workspaces)) {
      if (!isObject(entry)) continue;
      const specs: LockImporter["specs"] = {};
      for (const field of DEPENDENCY_FIELDS) {
        for (const [name, requirement] of Object.entries(stringMap(entry[field]))) {
          const dev = field === "devDependencies";
          // Named in two fields: the install takes dependencies over devDependencies over peerDependencies.
          if (specs[name]) continue;
          specs[name] = { requirement, line: parsed.lineOf(["workspaces", key, field, name]) ?? 1, dev };
          if (key === "") directNames.add(name);
          devOnly.set(name, (devOnly.get(name) ?? true) && dev);
        }
      }
      importers.push({ dir: joinDir(dir, key), specs });
    }
  }
  const packages: LockedPackage[] = [];
  if (isObject(root.packages)) {
    for (const [key, entry] of Object.entries(root.packages)) {
      const spec = Array.isArray(entry) && typeof entry[0] === "string" ? splitSpec(entry[0]) : null;
      // Workspace members and linked folders are the repository's own code, not installed packages.
      if (!spec || /^(workspace|link|file):/.test(spec[1])) continue;
      const [name, version] = spec;
      // A key naming a parent (`parent/child`) is a second copy nested under that parent, never hoisted.
      const nested = key !== name;
      packages.push({
        ecosystem: "npm",
        name,
        version: version.replace(/^npm:/, ""),
        lockfile: path,
        line: parsed.lineOf(["packages", key]) ?? 1,
        direct: nested ? false : directNames.has(name),
        dev: nested ? null : (devOnly.get(name) ?? null),
      });
    }
  }
  const workspaceCount = importers.length;
  return {
    path,
    dir,
    kind: "bun",
    version: root.lockfileVersion === undefined ? null : String(root.lockfileVersion),
    importers,
    resolvedSpecs: null,
    packages,
    overridden: Object.keys(isObject(root.overrides) ? root.overrides : {}).sort(),
    // Bun 1.3.2 writes configVersion 1 into new lockfiles: such workspaces install isolated, anything else hoisted
    // (bunfig.toml's `[install] linker` overrides both; read with the install settings).
    layout: Number(root.configVersion ?? 0) >= 1 && workspaceCount > 1 ? "isolated" : "hoisted",
    layoutSetting: null,
  };
}
