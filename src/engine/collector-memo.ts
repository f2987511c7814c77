// Reuse of a repository-level collector's result from an earlier run whose inputs were the same. A collector that
// declares `memo` (facts/define.ts) names everything its result is a function of; the key hashes those inputs
// (per-file analyzer outputs by the digest the analysis recorded, the summary fields and index listing it reads, its
// settings and other facts), and the texts it read through the index are re-read and compared before reuse.
// A re-audit after an edit that leaves a collector's inputs alone then skips its repository-wide join (the clone
// index, the symbol index), and the result is the very value the full computation gives.
import { createHash } from "node:crypto";
import { serialize } from "node:v8";
import type { OutcomeStore } from "../cache/outcome-store.js";
import type {
  CollectContext,
  CollectorParts,
  FactCollector,
  FileAnalyzer,
  FactsPack,
} from "../facts/define.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { RepoIndex } from "../repo/repo-index.js";

/** Bumped when the key's make-up or the entry's layout changes. */
const MEMO_VERSION = 1;

/** What a stored collector result carries besides the value: what it read, and what it reported. */
export interface MemoEntry {
  collector: string;
  /** Each text read through the index: [how, path, sha256 of what it gave (null: unreadable)]. */
  reads: Array<["text" | "bytes", string, string | null]>;
  diagnostics: Diagnostic[];
  result: unknown;
}

export interface CollectorMemoOptions {
  store: OutcomeStore;
  /** The code fingerprint: a changed collector, analyzer or tool version never reuses a result. */
  analysis: string;
  /** Digests of a file's analyzer outputs, by analyzer id, as the analysis recorded them. */
  digestsOf(path: string): Readonly<Record<string, string>> | undefined;
  /** The sha256 of the bytes a file's outcome was computed from this run (the per-file cache's content hash). */
  contentOf(path: string): string | undefined;
}

/** The ids of the analyzers some memoised collector reads: their outputs get a digest when a file is analysed. */
export function memoAnalyzerIds(packs: readonly FactsPack[]): Set<string> {
  const ids = new Set<string>();
  for (const pack of packs)
    for (const collector of pack.collectors ?? [])
      for (const analyzer of collector.memo?.analyzers ?? []) ids.add(analyzer.id);
  return ids;
}

/** The digest of one analyzer output (its structured-clone bytes: equal digests, equal values). */
export function factDigest(value: unknown): string {
  return createHash("sha256").update(serialize(value)).digest("hex");
}

/** Runs `collector` (which declares `memo`), or returns the stored result of a run with the same inputs. */
export function collectMemoised(
  collector: FactCollector,
  ctx: CollectContext,
  options: CollectorMemoOptions,
): unknown {
  const memo = collector.memo;
  if (!memo) return collector.collect(ctx);
  const key = memoKey(collector, ctx, options);
  if (key === null) return collector.collect(ctx);
  const stored = options.store.getMemo(key, isMemoEntry);
  if (stored && stored.collector === collector.id && readsUnchanged(stored.reads, ctx.index)) {
    for (const diagnostic of stored.diagnostics) ctx.diagnose(diagnostic);
    options.store.stats.reused++;
    return stored.result;
  }
  const reads: MemoEntry["reads"] = [];
  const diagnostics: Diagnostic[] = [];
  let storable = true;
  const target = ctx.index;
  const index = new Proxy(target, {
    get(_, property) {
      if (property === "read")
        return (path: string): string | null => {
          const text = target.read(path);
          reads.push(["text", path, text === null ? null : sha256(text)]);
          return text;
        };
      if (property === "readBytes")
        return (path: string): Buffer | null => {
          const bytes = target.readBytes(path);
          reads.push(["bytes", path, bytes === null ? null : sha256(bytes)]);
          return bytes;
        };
      // The listing is in the key only when the collector declares what it reads of it.
      if (property !== "files" || !memo.listing) storable = false;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const parts = new PartsOfRun(collector.id, ctx.index.root, options);
  const result = collector.collect({
    ...ctx,
    index,
    diagnose: (diagnostic) => {
      diagnostics.push(diagnostic);
      ctx.diagnose(diagnostic);
    },
    parts,
  });
  parts.save();
  if (storable) options.store.setMemo(key, { collector: collector.id, reads, diagnostics, result });
  return result;
}

/** A collector's parts store for one run: the previous run's parts read from one entry, this run's written to it. */
class PartsOfRun implements CollectorParts {
  private readonly key: string;
  private readonly previous: Map<string, unknown>;
  private readonly next = new Map<string, unknown>();
  private readonly computed = new Set<string>();
  private changed = false;

  constructor(
    private readonly collector: string,
    root: string,
    private readonly options: CollectorMemoOptions,
  ) {
    // One entry per collector, code and repository folder: parts keep their own keys inside it.
    this.key = createHash("sha256")
      .update(JSON.stringify([MEMO_VERSION, "parts", options.analysis, collector, root]))
      .digest("hex");
    const stored = options.store.getMemo(this.key, isPartsEntry);
    this.previous = new Map(stored && stored.collector === collector ? stored.parts : []);
  }

  get(key: string): unknown {
    const value = this.previous.get(key);
    if (value !== undefined && !this.next.has(key)) this.next.set(key, value);
    return value;
  }

  set(key: string, value: unknown): void {
    this.next.set(key, value);
    this.computed.add(key);
    this.changed = true;
  }

  digestOf(path: string, analyzerId: string): string | undefined {
    return this.options.digestsOf(path)?.[analyzerId];
  }

  contentOf(path: string): string | undefined {
    return this.options.contentOf(path);
  }

  /** Writes this run's parts when any was computed or any of the previous run's went unused. */
  save(): void {
    let computed = 0;
    for (const key of this.next.keys()) if (this.computed.has(key)) computed++;
    this.options.store.stats.partsComputed += computed;
    this.options.store.stats.partsReused += this.next.size - computed;
    if (!this.changed && this.next.size === this.previous.size) return;
    const entry: PartsEntry = { collector: this.collector, parts: [...this.next] };
    this.options.store.setMemo(this.key, entry);
  }
}

interface PartsEntry {
  collector: string;
  parts: Array<[string, unknown]>;
}

function isPartsEntry(value: unknown): value is PartsEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Partial<PartsEntry>;
  return (
    typeof entry.collector === "string" &&
    Array.isArray(entry.parts) &&
    entry.parts.every((part) => Array.isArray(part) && typeof part[0] === "string")
  );
}

/** The hash of every declared input; null when a file's output has no recorded digest (then it cannot be known). */
function memoKey(
  collector: FactCollector,
  ctx: CollectContext,
  options: CollectorMemoOptions,
): string | null {
  const memo = collector.memo;
  if (!memo) return null;
  const ids = memo.analyzers.map((analyzer: FileAnalyzer) => analyzer.id);
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify([MEMO_VERSION, options.analysis, collector.id, ctx.index.root, ids, memo.inputs(ctx)]),
  );
  for (const file of ctx.facts.files) {
    // `in`, not a read: an analyzer's output is kept only when defined, and a cached file's facts are deserialised
    // on first read (cache/outcome-store): the key needs their digests, not their values.
    if (!ids.some((id) => id in file.facts)) continue;
    const digests = options.digestsOf(file.path);
    const own: Array<string | null> = [];
    for (const id of ids) {
      if (!(id in file.facts)) own.push(null);
      else {
        const digest = digests?.[id];
        if (digest === undefined) return null;
        own.push(digest);
      }
    }
    hash.update(JSON.stringify([file.path, memo.summary(file), own]));
    hash.update("\n");
  }
  if (memo.contents) {
    hash.update("contents\n");
    for (const file of ctx.facts.files) {
      if (!memo.contents(file)) continue;
      const content = options.contentOf(file.path);
      if (content === undefined) return null;
      hash.update(`${JSON.stringify(file.path)} ${content}\n`);
    }
  }
  if (memo.listing) {
    hash.update("listing\n");
    for (const file of ctx.index.files) {
      const seen = memo.listing(file);
      if (seen === undefined) continue;
      hash.update(JSON.stringify(seen));
      hash.update("\n");
    }
  }
  return hash.digest("hex");
}

/** Whether every text the stored run read reads the same now (read again: the same refusals are noted). */
function readsUnchanged(reads: MemoEntry["reads"], index: RepoIndex): boolean {
  for (const [how, path, digest] of reads) {
    const now = how === "text" ? index.read(path) : index.readBytes(path);
    if ((now === null ? null : sha256(now)) !== digest) return false;
  }
  return true;
}

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function isMemoEntry(value: unknown): value is MemoEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Partial<MemoEntry>;
  return (
    typeof entry.collector === "string" &&
    Array.isArray(entry.reads) &&
    Array.isArray(entry.diagnostics) &&
    "result" in entry
  );
}
