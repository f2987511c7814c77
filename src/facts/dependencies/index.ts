// Facts pack: every ecosystem's declared and locked dependencies in one list, for cross-ecosystem rules.
import { defineCollector, definePack } from "../define.js";
import {
  ECOSYSTEM_FACT_KEYS,
  isEcosystemDependencies,
  type DeclaredDependency,
  type LockedPackage,
} from "./types.js";

export interface DependencyFacts {
  declared: DeclaredDependency[];
  locked: LockedPackage[];
  manifests: string[];
  lockfiles: string[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    dependencies: DependencyFacts;
  }
}

export const dependenciesCollector = defineCollector({
  id: "dependencies",
  // Ecosystem packs register their keys as they land; a key with no pack yet is simply absent.
  dependsOn: ECOSYSTEM_FACT_KEYS as unknown as Array<"dependencies">,
  collect(ctx) {
    const merged: DependencyFacts = { declared: [], locked: [], manifests: [], lockfiles: [] };
    for (const key of ECOSYSTEM_FACT_KEYS) {
      const ecosystemFacts = (ctx.facts as Record<string, unknown>)[key] as
        { dependencies?: unknown } | undefined;
      const deps = ecosystemFacts?.dependencies;
      if (!isEcosystemDependencies(deps)) continue;
      merged.declared.push(...deps.declared);
      merged.locked.push(...deps.locked);
      merged.manifests.push(...deps.manifests);
      merged.lockfiles.push(...deps.lockfiles);
    }
    merged.manifests.sort();
    merged.lockfiles.sort();
    return merged;
  },
});

export default definePack({
  name: "dependencies",
  collectors: [dependenciesCollector],
  describe(facts) {
    const deps = facts.dependencies;
    if (deps.manifests.length === 0) return [];
    const prod = deps.declared.filter((d) => !d.dev).length;
    const dev = deps.declared.length - prod;
    return [
      {
        area: "dependencies",
        label: "Declared dependencies",
        value: `${deps.declared.length} (${prod} production, ${dev} development/test) in ${deps.manifests.join(", ")}`,
      },
      {
        area: "dependencies",
        label: "Lockfiles",
        value:
          deps.lockfiles.length > 0
            ? `${deps.lockfiles.join(", ")} (${deps.locked.length} packages locked)`
            : "none found",
      },
    ];
  },
});
