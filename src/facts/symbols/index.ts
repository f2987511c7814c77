// Facts pack: the cross-file symbol index — per ecosystem, what each file defines and references, resolved
// across the repository into references that resolve nowhere and definitions that nothing references.
import { posix } from "node:path";
import type { AreaFactEntry, RepoFacts } from "../repo-facts.js";
import { defineCollector, definePack, type CollectContext } from "../define.js";
import { elixirSymbolsAnalyzer } from "./elixir-file.js";
import { buildElixirSymbols } from "./elixir-index.js";
import { goSymbolsAnalyzer } from "./go-file.js";
import { nodeSymbolsAnalyzer } from "./node-file.js";
import type { FileResolver } from "./node-classes.js";
import { buildNodeSymbols, nodeFileResolver, type NodeWorkspacePackage } from "./node-index.js";
import { buildGoSymbols } from "./go-index.js";
import { emptySymbols, type EcosystemSymbols } from "./model.js";
import { pythonSymbolsAnalyzer } from "./python-file.js";
import { buildPythonSymbols } from "./python-index.js";

export type { EcosystemSymbols } from "./model.js";

declare module "../repo-facts.js" {
  interface RepoFacts {
    /** Go: packages, their scopes and the uses each file makes of them. */
    goSymbols: EcosystemSymbols;
    /** Elixir: modules, their functions by arity, remote calls between them. */
    elixirSymbols: EcosystemSymbols;
    /** TS/JS: files, their exports and the names other files import from them. */
    nodeSymbols: EcosystemSymbols;
    /** Python: the repository's packages, the names their modules bind, the imports of them. */
    pythonSymbols: EcosystemSymbols;
  }
}

export const goSymbolsCollector = defineCollector({
  id: "goSymbols",
  dependsOn: ["go"],
  collect(ctx) {
    const files = ctx.fileFacts(goSymbolsAnalyzer);
    if (files.length === 0) return emptySymbols();
    return buildGoSymbols(ctx.index, files, goModuleRoots(ctx), ctx.parts);
  },
  // buildGoSymbols reads the files' symbol facts, test flags and syntax-error lines, the module roots, the paths and
  // skip reasons of the index's files, and (recorded by the memo) the texts of Go files the engine did not analyse.
  memo: {
    analyzers: [goSymbolsAnalyzer],
    summary: (file) => [file.isTest, file.syntaxErrorLine ?? null],
    // Only Go sources and assembly files count; the rest of the listing is never looked at.
    listing: (file) => (/\.(go|s)$/.test(file.path) ? [file.path, file.skip] : undefined),
    inputs: (ctx) => goModuleRoots(ctx),
  },
});

function goModuleRoots(ctx: CollectContext): Array<{ module: string; dir: string }> {
  return (ctx.facts.go?.modules ?? []).flatMap((mod) =>
    mod.module ? [{ module: mod.module, dir: posix.dirname(mod.manifest) }] : [],
  );
}

export const elixirSymbolsCollector = defineCollector({
  id: "elixirSymbols",
  collect(ctx) {
    const files = ctx.fileFacts(elixirSymbolsAnalyzer);
    return files.length === 0 ? emptySymbols() : buildElixirSymbols(ctx.index, files);
  },
});

/** The node facts' workspace packages as the module resolution reads them. */
function workspacePackages(facts: Partial<RepoFacts>): NodeWorkspacePackage[] {
  return (facts.node?.packages ?? []).map((pkg) => ({
    dir: pkg.dir,
    name: pkg.name,
    manifest: pkg.manifest,
    scripts: pkg.scripts.map((script) => ({ name: script.name, command: script.command })),
  }));
}

/**
 * The TS/JS symbol index's module resolution for a collector that depends on the node facts: the repository file
 * an import specifier names from an importer (relative, tsconfig paths, workspace packages), or null.
 */
export function nodeImportResolver(ctx: CollectContext): FileResolver {
  return nodeFileResolver(ctx.index, ctx.facts.node?.tsconfigs ?? [], workspacePackages(ctx.facts));
}

export const nodeSymbolsCollector = defineCollector({
  id: "nodeSymbols",
  dependsOn: ["node"],
  collect(ctx) {
    const files = ctx.fileFacts(nodeSymbolsAnalyzer);
    if (files.length === 0) return emptySymbols();
    return buildNodeSymbols(ctx.index, files, ctx.facts.node?.tsconfigs ?? [], workspacePackages(ctx.facts));
  },
});

export const pythonSymbolsCollector = defineCollector({
  id: "pythonSymbols",
  collect(ctx) {
    const files = ctx.fileFacts(pythonSymbolsAnalyzer);
    return files.length === 0 ? emptySymbols() : buildPythonSymbols(ctx.index, files);
  },
});

/** The ecosystems the symbol index covers, by the name rules ask for them. */
export type SymbolEcosystem = "go" | "elixir" | "node" | "python";

/** The indexes of the asked ecosystems that ran, in the order asked. */
export function symbolIndexes(facts: RepoFacts, ecosystems: readonly SymbolEcosystem[]): EcosystemSymbols[] {
  const byName: Record<SymbolEcosystem, EcosystemSymbols | undefined> = {
    go: facts.goSymbols,
    elixir: facts.elixirSymbols,
    node: facts.nodeSymbols,
    python: facts.pythonSymbols,
  };
  return ecosystems.flatMap((name) => (byName[name] ? [byName[name]] : []));
}

/** One line per indexed ecosystem in the dead-code area: what the index covered and what it could not decide. */
export function describeSymbols(facts: RepoFacts): AreaFactEntry[] {
  const entries: AreaFactEntry[] = [];
  const ecosystems: Array<[string, EcosystemSymbols | undefined, string]> = [
    ["Go", facts.goSymbols, "packages"],
    ["Elixir", facts.elixirSymbols, "modules"],
    ["TS/JS", facts.nodeSymbols, "files"],
    ["Python", facts.pythonSymbols, "top-level packages"],
  ];
  for (const [label, symbols, units] of ecosystems) {
    if (!symbols || symbols.summary.units === 0) continue;
    const { summary } = symbols;
    const reasons = summary.unknownReasons
      .slice(0, 3)
      .map((reason) => `${reason.count} ${reason.reason}`)
      .join("; ");
    entries.push({
      area: "deadcode",
      label: `${label} symbol index`,
      value:
        `${summary.units} ${units}, ${summary.definitions} definitions, ${summary.references} references looked up; ` +
        `${symbols.unresolved.length} resolve nowhere, ${symbols.unreferenced.length} definitions unreferenced` +
        (summary.unknown > 0 ? `; ${summary.unknown} undecidable (${reasons})` : ""),
    });
  }
  return entries;
}

export default definePack({
  name: "symbols",
  analyzers: [goSymbolsAnalyzer, elixirSymbolsAnalyzer, nodeSymbolsAnalyzer, pythonSymbolsAnalyzer],
  collectors: [goSymbolsCollector, elixirSymbolsCollector, nodeSymbolsCollector, pythonSymbolsCollector],
  describe: describeSymbols,
});
