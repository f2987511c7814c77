// The fingerprint of the analysis code: anything that can change what a file's analysis produces without the
// file changing. Computed once per process from what is installed, so a new or changed rule, fact pack, rule
// YAML or parser invalidates the cache with no list to maintain here.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compareCodeUnits } from "../util/compare-code-units.js";

export interface FingerprintParts {
  /** Hash of every file of the loaded code tree (dist/ when built, src/ when running from sources). */
  codeHash: string;
  toolVersion: string;
  /** The V8 version: serialised entries and regular-expression behaviour follow it. */
  v8: string;
  /** Installed versions of the runtime dependencies (parsers, YAML/TOML readers), name@version. */
  dependencies: string[];
}

let computed: string | null = null;

/** The fingerprint of the running tool, computed once per process (~1,000 small files hashed). */
export function codeFingerprint(): string {
  computed ??= fingerprintOf(currentParts());
  return computed;
}

export function fingerprintOf(parts: FingerprintParts): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

function currentParts(): FingerprintParts {
  const codeRoot = fileURLToPath(new URL("..", import.meta.url));
  const packageRoot = fileURLToPath(new URL("../..", import.meta.url));
  let pkg: {
    version?: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  } = {};
  try {
    pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as typeof pkg;
  } catch {
    pkg = {};
  }
  const names = Object.keys({ ...(pkg.dependencies ?? {}), ...(pkg.optionalDependencies ?? {}) }).sort(
    compareCodeUnits,
  );
  return {
    codeHash: hashTree(codeRoot),
    toolVersion: pkg.version ?? "0.0.0",
    v8: process.versions.v8,
    dependencies: names.map((name) => `${name}@${installedVersion(name)}`),
  };
}

/** Every file under `root`, by relative path and content, in code-unit order. */
export function hashTree(root: string): string {
  const hash = createHash("sha256");
  const walk = (dir: string, prefix: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => compareCodeUnits(a.name, b.name));
    for (const entry of entries) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, relative);
      else if (entry.isFile()) {
        hash.update(`${relative}\0`);
        hash.update(readFileSync(full));
        hash.update("\0");
      }
    }
  };
  walk(root, "");
  return hash.digest("hex");
}

const require = createRequire(import.meta.url);

/** A dependency's installed version, found through Node's lookup folders (ESM-only packages included). */
function installedVersion(name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    const manifest = join(dir, name, "package.json");
    if (!existsSync(manifest)) continue;
    try {
      return (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version ?? "?";
    } catch {
      return "?";
    }
  }
  return "absent";
}
