// Facts pack: locked packages matched against the local OSV advisory store (never downloaded at run time).
// Without a store the facts say so, and the advisory rule reports "unknown" rather than "no vulnerabilities".
import { loadAdvisoryStore } from "../../advisories/store.js";
import { matchAdvisories, type AdvisoryMatch } from "../../advisories/match.js";
import { defineCollector, definePack } from "../define.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

export interface AdvisoryFacts {
  /** True when an advisory store with at least one advisory was loaded. */
  loaded: boolean;
  /** Why nothing was loaded, when `loaded` is false. */
  reason: string | null;
  storeDir: string | null;
  /** ISO date-time of the store's last import, or null. */
  importedAt: string | null;
  /** Advisories in the store per ecosystem. */
  ecosystems: Record<string, number>;
  /** Locked packages checked, per ecosystem. */
  checked: Record<string, number>;
  matches: AdvisoryMatch[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    advisories: AdvisoryFacts;
  }
}

export const advisoriesCollector = defineCollector({
  id: "advisories",
  dependsOn: ["dependencies"],
  collect(ctx) {
    const locked = ctx.facts.dependencies?.locked ?? [];
    const checked: Record<string, number> = {};
    for (const pkg of locked) checked[pkg.ecosystem] = (checked[pkg.ecosystem] ?? 0) + 1;
    const storeDir = ctx.settings.advisoryDir;
    const empty = (reason: string): AdvisoryFacts => {
      // SPEC §5 "what was not analysed": data absent, such as no advisory database.
      ctx.diagnose({ kind: "data-absent", path: null, message: `known-vulnerability check: ${reason}` });
      return {
        loaded: false,
        reason,
        storeDir,
        importedAt: null,
        ecosystems: {},
        checked,
        matches: [],
      };
    };
    if (!storeDir)
      return empty(
        "no advisory data loaded (no advisory store configured; run `codeaudit advisories import`)",
      );
    let store;
    try {
      store = loadAdvisoryStore(storeDir);
    } catch (error) {
      ctx.diagnose({
        kind: "invalid-config",
        path: storeDir,
        message: `advisory store unreadable: ${(error as Error).message}`,
      });
      return empty(`no advisory data loaded (the store at ${storeDir} could not be read)`);
    }
    if (!store || store.advisories.length === 0)
      return empty(
        `no advisory data loaded (the store at ${storeDir} is empty; run \`codeaudit advisories import\`)`,
      );
    return {
      loaded: true,
      reason: null,
      storeDir,
      importedAt: store.meta.importedAt,
      ecosystems: store.meta.ecosystems,
      checked,
      matches: matchAdvisories(locked, store.advisories),
    };
  },
});

export default definePack({
  name: "advisories",
  collectors: [advisoriesCollector],
  describe(facts) {
    const advisories = facts.advisories;
    const checked = Object.entries(advisories.checked)
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([ecosystem, count]) => `${ecosystem} ${count}`)
      .join(", ");
    if (!advisories.loaded) {
      return [
        {
          area: "dependencies",
          label: "Known-vulnerability check",
          value: advisories.reason ?? "no advisory data loaded",
        },
      ];
    }
    const store = Object.entries(advisories.ecosystems)
      .map(([ecosystem, count]) => `${ecosystem} ${count}`)
      .join(", ");
    return [
      {
        area: "dependencies",
        label: "Advisory database",
        value: `local OSV store imported ${advisories.importedAt ?? "at an unknown date"} (${store})`,
      },
      {
        area: "dependencies",
        label: "Known-vulnerable locked packages",
        value: `${new Set(advisories.matches.map((m) => `${m.ecosystem}:${m.name}@${m.version}`)).size} of ${Object.values(
          advisories.checked,
        ).reduce(
          (a, b) => a + b,
          0,
        )} locked packages (${checked || "none locked"}) match ${advisories.matches.length} advisories`,
      },
    ];
  },
});
