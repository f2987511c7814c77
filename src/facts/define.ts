// The two kinds of fact producers: file analyzers (per file, in worker threads, over text and syntax tree)
// and collectors (once per repository, over the index and the analyzers' outputs).
import type { SgNode } from "@ast-grep/napi";
import type { Diagnostic } from "../model/diagnostic.js";
import type { Language } from "../model/language.js";
import type { KindsByLanguage, NodesOfKind } from "../parse/kind-index.js";
import type { RepoFile, RepoIndex } from "../repo/repo-index.js";
import type { AreaFactEntry, FileSummary, RepoFacts } from "./repo-facts.js";
import { DEFAULT_CLONE_SETTINGS, type CloneSettings } from "./clones/clone-settings.js";

export interface AnalyzerInput {
  path: string;
  language: Language;
  text: string;
  /** The text split into lines (index 0 is line 1). */
  lines: readonly string[];
  /** The syntax tree's root, or null when the language has no grammar. */
  tree: SgNode | null;
  /**
   * The tree's nodes of one kind, in document order, from the one search the engine makes per file for every
   * kind its analyzers and rules declare (`kinds`); empty without a tree. Shared: never mutate the array.
   */
  nodesOfKind: NodesOfKind;
  isTest: boolean;
}

/** Extracts facts from one file. Its output must be plain JSON data (it crosses worker threads). */
export interface FileAnalyzer<T = unknown> {
  id: string;
  languages: readonly Language[] | "all";
  /** Cheap test on the text; the analyzer runs only when it returns true. */
  prefilter?: (text: string, path: string) => boolean;
  /** Whether it reads the syntax tree (files are parsed only when something needs their tree). */
  needsTree: boolean;
  /** Kinds it reads through `nodesOfKind`, per language: searched with every other declared kind at once. */
  kinds?: KindsByLanguage;
  /** Whether the run's settings want this analyzer at all (default: yes); decided once per run. */
  enabled?: (settings: CollectSettings) => boolean;
  /** Undefined means "nothing to record for this file". */
  analyze(input: AnalyzerInput): T | undefined;
}

export function defineAnalyzer<T>(analyzer: FileAnalyzer<T>): FileAnalyzer<T> {
  return analyzer;
}

/** Inputs from outside the repository that some collectors read (never the network). */
export interface CollectSettings {
  /** Folder of the local OSV advisory store, or null when none is configured. */
  advisoryDir: string | null;
  /** Git range whose history is scanned for secrets (`--history`), or null. */
  historyRange: string | null;
  /** Coverage reports passed on the command line (`--coverage`), read by the caller. */
  coverageFiles: ExternalInput[];
  /** JUnit XML results passed on the command line (`--junit`). */
  junitFiles: ExternalInput[];
  /** Copy-paste detection thresholds (config `duplication`). */
  duplication: CloneSettings;
}

/** A file from outside the repository: the label it is reported under, and its text. */
export interface ExternalInput {
  label: string;
  text: string;
}

export const DEFAULT_COLLECT_SETTINGS: CollectSettings = {
  advisoryDir: null,
  historyRange: null,
  coverageFiles: [],
  junitFiles: [],
  duplication: DEFAULT_CLONE_SETTINGS,
};

export interface CollectContext {
  index: RepoIndex;
  settings: CollectSettings;
  /** Facts collected so far (those this collector depends on are complete). */
  facts: Readonly<Partial<RepoFacts>> & Pick<RepoFacts, "repo" | "files">;
  /** Every file's output of one analyzer, sorted by path. */
  fileFacts<T>(analyzer: FileAnalyzer<T>): Array<{ file: FileSummary; value: T }>;
  /** Records an expected problem (broken YAML, an unreadable manifest) and goes on. */
  diagnose(diagnostic: Diagnostic): void;
  /**
   * Results of parts of this collector's work kept from the previous run (engine/collector-memo.ts), present only
   * for a collector that declares `memo` when a cache is in use and its whole result could not be reused.
   */
  parts?: CollectorParts;
}

/**
 * A memoised collector's store of partial results between runs: the collector keys each part by everything the part
 * is a function of (texts it reads through the index are checked by the collector itself), so a run after an edit
 * recomputes only the parts the edit reaches. Parts not asked for in a run are dropped from the store.
 */
export interface CollectorParts {
  /** The value stored under `key` by the previous run (deserialised: a fresh copy), or undefined. */
  get(key: string): unknown;
  /** Stores `value` (plain data) under `key` for the next run. */
  set(key: string, value: unknown): void;
  /** The digest the analysis recorded of a file's output of one analyzer (facts/define: memo.analyzers), if any. */
  digestOf(path: string, analyzerId: string): string | undefined;
  /**
   * The sha256 of the bytes a file's outcome was computed from this run (the per-file cache's content hash), if
   * known: a part keyed by it is reused only for the same bytes, without reading the file.
   */
  contentOf(path: string): string | undefined;
}

export interface FactCollector<K extends keyof RepoFacts = keyof RepoFacts> {
  id: K;
  /** Collectors whose facts this one reads; they run first. */
  dependsOn?: Array<keyof RepoFacts>;
  collect(ctx: CollectContext): RepoFacts[K];
  /**
   * Declares everything the result depends on, so that a run with a cache reuses the previous run's result when none
   * of it changed (engine/collector-memo.ts): a re-audit after an edit that leaves these inputs alone (a comment, a
   * string, another language's file) skips the repository-wide join. Leave it out when unsure: it only saves time.
   */
  memo?: CollectorMemo;
}

/**
 * What a memoised collector's result is a function of, and nothing else: `collect` may read only these. The texts
 * it reads through `ctx.index.read`/`readBytes` are recorded and compared by content on reuse; reading any other
 * member of the index than `files`, `read` and `readBytes` makes that run's result unstorable.
 */
export interface CollectorMemo {
  /** The analyzers whose per-file outputs `collect` reads through `ctx.fileFacts`. */
  analyzers: FileAnalyzer[];
  /** The fields of those files' summaries `collect` reads (never `facts`), as JSON data. */
  summary: (file: FileSummary) => unknown;
  /**
   * The fields of `ctx.index.files` entries `collect` reads, as JSON data (undefined: a file whose entry it ignores
   * whatever its fields); absent when it never lists the index.
   */
  listing?: (file: RepoFile) => unknown;
  /** Everything else it reads (settings, other collectors' facts), as JSON data. */
  inputs: (ctx: CollectContext) => unknown;
  /**
   * The analysed files whose bytes `collect` may read (their content hashes join the key): a collector whose parts
   * are keyed by content hashes reads only some texts in a run, so the texts it records are not all it depends on.
   */
  contents?: (file: FileSummary) => boolean;
}

export function defineCollector<K extends keyof RepoFacts>(collector: FactCollector<K>): FactCollector<K> {
  return collector;
}

/** A folder of facts/: its analyzers, collectors, and how its facts read in each area of the report. */
export interface FactsPack {
  name: string;
  analyzers?: FileAnalyzer[];
  // Collectors of different keys live in one list; each is typed where it is defined.
  collectors?: Array<FactCollector<keyof RepoFacts>>;
  describe?: (facts: RepoFacts) => AreaFactEntry[];
}

export function definePack(pack: FactsPack): FactsPack {
  return pack;
}
