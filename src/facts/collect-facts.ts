// Runs every collector once, in dependency order, over the index and the file analyzers' outputs.
import type { Diagnostic } from "../model/diagnostic.js";
import type { RepoIndex } from "../repo/repo-index.js";
import {
  DEFAULT_COLLECT_SETTINGS,
  type CollectContext,
  type CollectSettings,
  type FactCollector,
  type FactsPack,
  type FileAnalyzer,
} from "./define.js";
import type { AreaFactEntry, FileSummary, RepoFacts } from "./repo-facts.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export interface CollectedFacts {
  facts: RepoFacts;
  areaFacts: AreaFactEntry[];
  diagnostics: Diagnostic[];
}

export function collectFacts(
  index: RepoIndex,
  files: FileSummary[],
  packs: FactsPack[],
  settings: CollectSettings = DEFAULT_COLLECT_SETTINGS,
  /**
   * Runs one collector in place of `collector.collect(ctx)` (the engine's reuse of a stored result for collectors
   * that declare `memo`); absent: every collector runs.
   */
  runCollector?: (collector: FactCollector, ctx: CollectContext) => unknown,
): CollectedFacts {
  const diagnostics: Diagnostic[] = [];
  const facts: Partial<RepoFacts> & Pick<RepoFacts, "repo" | "files"> = {
    repo: { root: index.root, name: index.name, git: index.git, ref: index.ref, scope: index.scope },
    files,
  };
  const ctx: CollectContext = {
    index,
    settings,
    facts,
    fileFacts<T>(analyzer: FileAnalyzer<T>) {
      const out: Array<{ file: FileSummary; value: T }> = [];
      for (const file of files) {
        const value = file.facts[analyzer.id];
        if (value !== undefined) out.push({ file, value: value as T });
      }
      return out;
    },
    diagnose: (diagnostic) => diagnostics.push(diagnostic),
  };
  for (const collector of orderCollectors(packs.flatMap((pack) => pack.collectors ?? []))) {
    try {
      (facts as Record<string, unknown>)[collector.id] = runCollector
        ? runCollector(collector, ctx)
        : collector.collect(ctx);
    } catch (error) {
      // A collector bug must not sink the audit: record it, leave its facts absent, and go on.
      diagnostics.push({
        kind: "rule-error",
        path: null,
        message: `facts collector ${collector.id} failed: ${(error as Error).stack ?? error}`,
      });
    }
  }
  const complete = facts as RepoFacts;
  const areaFacts: AreaFactEntry[] = [];
  for (const pack of packs) {
    if (!pack.describe) continue;
    try {
      areaFacts.push(...pack.describe(complete));
    } catch (error) {
      diagnostics.push({
        kind: "rule-error",
        path: null,
        message: `facts pack ${pack.name} could not describe its facts: ${(error as Error).message}`,
      });
    }
  }
  return { facts: complete, areaFacts, diagnostics };
}

/** Topological order of collectors by `dependsOn`; ties keep id order so runs are deterministic. */
export function orderCollectors(collectors: FactCollector[]): FactCollector[] {
  const byId = new Map(collectors.map((collector) => [collector.id, collector]));
  const ordered: FactCollector[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (collector: FactCollector): void => {
    const mark = state.get(collector.id);
    if (mark === "done") return;
    if (mark === "visiting")
      throw new Error(`facts collectors depend on each other in a cycle at ${collector.id}`);
    state.set(collector.id, "visiting");
    for (const dependency of collector.dependsOn ?? []) {
      const needed = byId.get(dependency);
      if (needed) visit(needed);
    }
    state.set(collector.id, "done");
    ordered.push(collector);
  };
  for (const collector of [...collectors].sort((a, b) => compareCodeUnits(a.id, b.id))) visit(collector);
  return ordered;
}
