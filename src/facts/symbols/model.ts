// The symbol index's shared shapes: what a definition, a reference that resolves to nothing, and a definition
// that nothing references look like, whatever the ecosystem. Facts only: rules decide what is worth reporting.

/** A place in the repository (1-based line). */
export interface SymbolSite {
  path: string;
  line: number;
}

/**
 * How sure the index is. `certain`: every place the reference could resolve was read. `heuristic`: the index
 * had to guess (a package name taken from an import path, an entry point recognised by convention).
 */
export type IndexConfidence = "certain" | "heuristic";

/** A reference that resolves in no scope the index can see. */
export interface UnresolvedReference extends SymbolSite {
  /** The name as written: `DreamManager`, `pkg.Name`, `CodeSearch.search/2`, `{ foo } from './x'`. */
  name: string;
  /** The module, package or file the name was looked up in (`internal/engine`, `MyApp.CodeSearch`, `src/x.ts`). */
  scope: string;
  /** What was searched, for the finding's evidence. */
  searched: string;
  isTest: boolean;
  confidence: IndexConfidence;
  /** Names the scope does define that are close to this one (a likely typo), at most three. */
  nearby: string[];
  /** The reference is to a type only (erased at run time): the type check fails, the program still runs. */
  typeOnly?: boolean;
  /** The import runs only under a condition in a function (an optional feature's module): it fails only there. */
  conditional?: boolean;
  /** The file holding the reference is imported by test files only (a test plugin or helper kept beside the code). */
  importedOnlyByTests?: boolean;
}

/** A definition that nothing in the repository references. */
export interface UnreferencedDefinition extends SymbolSite {
  name: string;
  /** What the definition is: a private function, a module, a file, an export. */
  kind: "function" | "private-function" | "module" | "file" | "export";
  endLine: number;
  /** The module or package it belongs to. */
  scope: string;
  searched: string;
  isTest: boolean;
  confidence: IndexConfidence;
}

/** Counts that say how much of a repository the index could resolve, per ecosystem. */
export interface ResolutionSummary {
  /** Packages, modules or files indexed. */
  units: number;
  /** Definitions indexed. */
  definitions: number;
  /** Distinct references looked up (per file). */
  references: number;
  /** References the index could not decide (dynamic code, files it could not read): neither used nor undefined. */
  unknown: number;
  /** Why some references were unknowable, each with one example place. */
  unknownReasons: Array<{ reason: string; count: number; example: SymbolSite }>;
}

/** What one ecosystem's index says: references to nothing, definitions used by nothing, and its coverage. */
export interface EcosystemSymbols {
  unresolved: UnresolvedReference[];
  unreferenced: UnreferencedDefinition[];
  summary: ResolutionSummary;
  /**
   * Source files (not tests) that no production entry point reaches (package.json entry fields, routes,
   * conventional entry files, HTML and components; not tests, scripts, tool configuration or stories), in code-unit
   * order: code only a developer runs by hand, or nothing runs. Absent when the ecosystem does not say, or when its
   * entry points were not recognised well enough to tell.
   */
  unreachedFromProduction?: string[];
  /**
   * TS/JS files that maintainers run and no production entry point reaches: the files package.json scripts named for
   * maintenance run (release, changelog, rebase …), files only a CI workflow names, and what only they import.
   * Decided even when `unreachedFromProduction` is withheld. Absent when the ecosystem does not say.
   */
  maintenanceOnly?: string[];
  /** Implementations of each in-repo contract, with what each builds on (absent when the ecosystem has none). */
  families?: ContractFamily[];
  /**
   * TS/JS: per importing file, what each bare specifier it writes (`lodash/fp`, `@/lib/x`, `@acme/ui`) resolves to
   * with the index's module resolution (tsconfig `paths`/`baseUrl` of the configuration governing that file,
   * workspace packages, framework aliases): a repository file, an alias whose target the index could not find, or
   * a package outside the repository. Files the index does not read (stylesheets, JSON) are absent.
   */
  bareSpecifiers?: Record<string, Record<string, BareResolution>>;
}

/** What a bare import specifier names: a file of the repository, a declared or framework alias, or a package. */
export type BareResolution = "file" | "alias" | "package";

/**
 * The modules that implement one contract (an in-repo Elixir behaviour, an in-repo Python base class), each with
 * the other in-repo modules it builds on (`use`d modules, further base classes and their ancestors): what a rule
 * needs to tell "most implementations share this base, these few do not".
 */
export interface ContractFamily {
  /** The behaviour or base class, as the ecosystem names it (`MyApp.Agent`, `shop.base.Handler`). */
  contract: string;
  /** Where the contract is defined. */
  definedAt: SymbolSite;
  members: Array<
    SymbolSite & {
      name: string;
      shared: string[];
      /** The methods the member defines itself (TS/JS classes; absent where the ecosystem does not say). */
      methods?: string[];
    }
  >;
  /** Per shared module, the methods it implements (TS/JS base classes; absent where the ecosystem does not say). */
  provides?: Record<string, string[]>;
}

/** An empty index, for an ecosystem with no files. */
export function emptySymbols(): EcosystemSymbols {
  return {
    unresolved: [],
    unreferenced: [],
    summary: { units: 0, definitions: 0, references: 0, unknown: 0, unknownReasons: [] },
  };
}

/** Counts unknown references by reason, keeping the first place of each. */
export class UnknownTally {
  private readonly byReason = new Map<string, { count: number; example: SymbolSite }>();
  total = 0;

  add(reason: string, site: SymbolSite, count = 1): void {
    this.total += count;
    const entry = this.byReason.get(reason);
    if (entry) entry.count += count;
    else this.byReason.set(reason, { count, example: site });
  }

  /** Each reason with its first site and count, in the order the reasons were first added (replayed by `add`). */
  entries(): Array<[reason: string, example: SymbolSite, count: number]> {
    return [...this.byReason].map(([reason, { count, example }]) => [reason, example, count]);
  }

  list(): ResolutionSummary["unknownReasons"] {
    return [...this.byReason]
      .map(([reason, { count, example }]) => ({ reason, count, example }))
      .sort((a, b) => b.count - a.count || compareText(a.reason, b.reason));
  }
}

/** Code-unit order, the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts sites by path then line (then name), in code-unit order. */
export function bySite<T extends SymbolSite & { name: string }>(a: T, b: T): number {
  return compareText(a.path, b.path) || a.line - b.line || compareText(a.name, b.name);
}

/** Up to three names from `candidates` within a small edit distance of `name` (a likely typo or rename). */
export function nearbyNames(name: string, candidates: Iterable<string>): string[] {
  const limit = name.length <= 4 ? 1 : 2;
  const out: Array<[number, string]> = [];
  for (const candidate of candidates) {
    if (candidate === name || Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase(), limit);
    if (distance <= limit) out.push([distance, candidate]);
  }
  return out
    .sort((a, b) => a[0] - b[0] || compareText(a[1], b[1]))
    .slice(0, 3)
    .map(([, candidate]) => candidate);
}

/** Levenshtein distance, cut off above `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}
