// Facts pack: Rust (Cargo) manifests and lockfiles, in the shared dependency shape.
import { parse as parseToml } from "smol-toml";
import { isVendoredPath } from "../../repo/path-kind.js";
import { defineCollector, definePack } from "../define.js";
import type { DeclaredDependency, EcosystemDependencies, LockedPackage } from "../dependencies/types.js";

export interface RustFacts {
  dependencies: EcosystemDependencies;
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    rust: RustFacts;
  }
}

const DEPENDENCY_TABLES: Array<[string, boolean]> = [
  ["dependencies", false],
  ["dev-dependencies", true],
  ["build-dependencies", false],
];

/** Packages of a Cargo.lock (`[[package]]` tables), with the line of each `name = "..."`. */
export function parseCargoLock(
  text: string,
  lockfile: string,
  directNames: ReadonlySet<string> | null,
): LockedPackage[] {
  const lines = text.split(/\r?\n/);
  const packages: LockedPackage[] = [];
  let current: { name?: string; version?: string; line: number; registry: boolean } | null = null;
  const flush = (): void => {
    if (current?.name && current.version && current.registry) {
      packages.push({
        ecosystem: "crates.io",
        name: current.name,
        version: current.version,
        lockfile,
        line: current.line,
        direct: directNames ? directNames.has(current.name) : null,
        dev: null,
      });
    }
  };
  lines.forEach((line, index) => {
    if (/^\s*\[\[package\]\]\s*$/.test(line)) {
      flush();
      current = { line: index + 1, registry: false };
      return;
    }
    if (/^\s*\[/.test(line)) {
      flush();
      current = null;
      return;
    }
    if (!current) return;
    const field = /^\s*(name|version|source)\s*=\s*"([^"]*)"/.exec(line);
    if (!field) return;
    if (field[1] === "name") {
      current.name = field[2];
      current.line = index + 1;
    } else if (field[1] === "version") current.version = field[2];
    else if (field[1] === "source") current.registry = (field[2] ?? "").startsWith("registry+");
  });
  flush();
  return packages;
}

export const rustCollector = defineCollector({
  id: "rust",
  collect(ctx) {
    const deps: EcosystemDependencies = { manifests: [], lockfiles: [], declared: [], locked: [] };
    const manifests = ctx.index.paths((p) => /(^|\/)Cargo\.toml$/.test(p) && !isVendoredPath(p)).sort();
    for (const manifest of manifests) {
      const text = ctx.index.read(manifest);
      if (text === null) continue;
      let toml: Record<string, unknown>;
      try {
        toml = parseToml(text) as Record<string, unknown>;
      } catch (error) {
        ctx.diagnose({
          kind: "invalid-config",
          path: manifest,
          message: `Cargo.toml: ${(error as Error).message}`,
        });
        continue;
      }
      deps.manifests.push(manifest);
      const lines = text.split(/\r?\n/);
      for (const [table, dev] of DEPENDENCY_TABLES) {
        const entries = (toml[table] ?? {}) as Record<string, unknown>;
        for (const [name, spec] of Object.entries(entries)) {
          deps.declared.push(declared(name, spec, dev, manifest, lineOf(lines, table, name)));
        }
      }
    }
    const lockfiles = ctx.index.paths((p) => /(^|\/)Cargo\.lock$/.test(p) && !isVendoredPath(p)).sort();
    const direct = new Set(deps.declared.map((d) => d.name));
    for (const lockfile of lockfiles) {
      const text = ctx.index.read(lockfile);
      if (text === null) continue;
      deps.lockfiles.push(lockfile);
      deps.locked.push(...parseCargoLock(text, lockfile, deps.manifests.length > 0 ? direct : null));
    }
    return { dependencies: deps };
  },
});

function declared(
  name: string,
  spec: unknown,
  dev: boolean,
  manifest: string,
  line: number,
): DeclaredDependency {
  const table = typeof spec === "object" && spec !== null ? (spec as Record<string, unknown>) : {};
  const requirement =
    typeof spec === "string" ? spec : typeof table.version === "string" ? table.version : null;
  let source: DeclaredDependency["source"] = { kind: "registry" };
  if (typeof table.path === "string") source = { kind: "path", path: table.path };
  else if (typeof table.git === "string") {
    const ref = [table.rev, table.tag, table.branch].find((r): r is string => typeof r === "string") ?? null;
    source = { kind: "git", url: table.git, pinned: typeof table.rev === "string", ref };
  }
  const packageName = typeof table.package === "string" ? table.package : name;
  return { ecosystem: "crates.io", name: packageName, requirement, dev, source, manifest, line };
}

/** Line of `name = ...` inside `[table]`, or of `[table.name]`; 1 when not found. */
function lineOf(lines: string[], table: string, name: string): number {
  let inTable = false;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line.startsWith("[")) {
      if (line === `[${table}.${name}]`) return i + 1;
      inTable = line === `[${table}]`;
      continue;
    }
    if (inTable && new RegExp(`^"?${name.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}"?\\s*=`).test(line))
      return i + 1;
  }
  return 1;
}

export default definePack({
  name: "rust",
  collectors: [rustCollector],
  describe(facts) {
    const deps = facts.rust.dependencies;
    if (deps.manifests.length === 0) return [];
    return [
      {
        area: "dependencies",
        label: "Cargo crates",
        value: `${deps.declared.length} declared in ${deps.manifests.join(", ")}; ${deps.locked.length} locked in ${
          deps.lockfiles.join(", ") || "no Cargo.lock"
        }`,
      },
    ];
  },
});
