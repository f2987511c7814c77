// Shared dependency shapes. Every ecosystem pack reports its manifests' and lockfiles' packages in these forms,
// under `dependencies` in its own facts (e.g. facts.elixir.dependencies), so cross-ecosystem rules
// (advisories, duplicate-purpose libraries, drift, new dependencies in a delta) read one shape.

/** Ecosystem names as OSV spells them, so advisories match without translation. */
export type PackageEcosystem =
  "Hex" | "Go" | "PyPI" | "npm" | "crates.io" | "RubyGems" | "Maven" | "Packagist";

/** A dependency as a manifest declares it (mix.exs, go.mod, pyproject.toml, package.json …). */
export interface DeclaredDependency {
  ecosystem: PackageEcosystem;
  name: string;
  /** The requirement as written (`~> 1.7`, `^4.2.0`, `>=2,<3`), or null when none is given. */
  requirement: string | null;
  /** Development/test-only (devDependencies, `only: [:dev, :test]`, dev groups). */
  dev: boolean;
  /** Mix `only:` environments as written without the colon (`["dev"]`), when the manifest restricts them. */
  onlyEnvs?: string[];
  /** Where it comes from when not the registry. */
  source:
    | { kind: "registry" }
    | { kind: "path"; path: string }
    | { kind: "git"; url: string; pinned: boolean; ref: string | null };
  manifest: string;
  line: number;
}

/** A resolved package version as a lockfile records it. */
export interface LockedPackage {
  ecosystem: PackageEcosystem;
  name: string;
  version: string;
  lockfile: string;
  line: number;
  /** True when the manifest names it directly; null when the lockfile does not say. */
  direct: boolean | null;
  dev: boolean | null;
}

/** What one ecosystem pack knows about dependencies. */
export interface EcosystemDependencies {
  manifests: string[];
  lockfiles: string[];
  declared: DeclaredDependency[];
  locked: LockedPackage[];
}

export const EMPTY_DEPENDENCIES: EcosystemDependencies = {
  manifests: [],
  lockfiles: [],
  declared: [],
  locked: [],
};

/** Facts keys whose values carry `dependencies: EcosystemDependencies` (filled by each ecosystem pack). */
export const ECOSYSTEM_FACT_KEYS = ["elixir", "go", "python", "node", "rust"] as const;

export function isEcosystemDependencies(value: unknown): value is EcosystemDependencies {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<EcosystemDependencies>;
  return Array.isArray(v.declared) && Array.isArray(v.locked) && Array.isArray(v.manifests);
}
