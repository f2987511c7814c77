// The fingerprint of the analysis code: anything that can change what a file's analysis produces without the
// file changing. Computed once per process from what is installed, so a new or changed rule, fact pack, rule
// YAML or parser invalidates the cache with no list to maintain here.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compareCodeUnits } from "../util/compare-code-units.js";
import { ContentHashes } from "./content-hashes.js";

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

/**
 * The fingerprint of the running tool, computed once per process (~1,000 small files hashed). With the cache's
 * folder, the code files' hashes are remembered by stat there (a warm run stats them instead of reading them).
 */
export function codeFingerprint(cacheDir?: string): string {
  computed ??= fingerprintOf(currentParts(cacheDir));
  return computed;
}

export function fingerprintOf(parts: FingerprintParts): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

function currentParts(cacheDir: string | undefined): FingerprintParts {
  const codeRoot = fileURLToPath(new URL("..", import.meta.url));
  const hashes = cacheDir ? new ContentHashes(cacheDir, codeRoot) : undefined;
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
  const codeHash = hashTree(codeRoot, hashes);
  hashes?.save();
  return {
    codeHash,
    toolVersion: pkg.version ?? "0.0.0",
    v8: process.versions.v8,
    dependencies: names.map((name) => `${name}@${installedVersion(name)}`),
  };
}

/** Every file under `root`, by relative path and content hash, in code-unit order. */
export function hashTree(root: string, hashes?: ContentHashes): string {
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
        const read = (): Buffer => readFileSync(full);
        const content = hashes
          ? hashes.hash(relative, full, read)
          : createHash("sha256").update(read()).digest("hex");
        hash.update(`${relative}\0${content}\0`);
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
