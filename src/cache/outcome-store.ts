// The persistent store of per-file outcomes: one checksummed file per entry, written atomically, evicted by age.
import { createHash, randomBytes } from "node:crypto";
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { FileOutcome } from "../engine/analyze-file.js";

/** Bumped when the entry layout changes; older layouts live in their own folder and age out. */
const LAYOUT = "outcomes-v1";
/** Whole-run entries: one audit's result, keyed by everything the run read (pipeline/ decides what). */
const RUN_LAYOUT = "runs-v1";
/** Repository-level collector results, keyed by everything the collector read (engine/collector-memo decides what). */
const MEMO_LAYOUT = "memo-v1";
const MAGIC = Buffer.from("codeaud1", "latin1");
const HEADER_BYTES = MAGIC.length + 32 + 32;
/** A temporary file this old was left by a run that died mid-write. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export interface CacheStats {
  /** Files whose outcome came from the store. */
  hits: number;
  /** Files analysed (not in the store, or not cacheable). */
  analysed: number;
  /** Entries written this run. */
  written: number;
  /** Entries found corrupt, truncated or foreign (ignored, then rewritten). */
  corrupt: number;
  /** Entries removed to keep the store under its size bound. */
  evicted: number;
  /** Repository-level collector results taken from an earlier run with the same inputs (engine/collector-memo). */
  reused: number;
  /** Parts of collectors' results (a Go folder's symbols) taken from the previous run when the whole was not. */
  partsReused: number;
  /** Parts of collectors' results computed (and stored for the next run). */
  partsComputed: number;
}

export interface OutcomeStoreOptions {
  dir: string;
  /** Upper bound of the store's size on disk; least recently used entries go first. */
  maxBytes: number;
  /** Replaces the running tool's code fingerprint (tests: a changed rule set or tool version). */
  codeFingerprint?: string;
}

export function emptyCacheStats(): CacheStats {
  return {
    hits: 0,
    analysed: 0,
    written: 0,
    corrupt: 0,
    evicted: 0,
    reused: 0,
    partsReused: 0,
    partsComputed: 0,
  };
}

export class OutcomeStore {
  readonly dir: string;
  readonly maxBytes: number;
  readonly codeFingerprint: string | undefined;
  readonly stats: CacheStats = emptyCacheStats();
  private readonly root: string;
  private readonly runRoot: string;
  private readonly memoRoot: string;
  private writable = true;

  constructor(options: OutcomeStoreOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes;
    this.codeFingerprint = options.codeFingerprint;
    this.root = join(options.dir, LAYOUT);
    this.runRoot = join(options.dir, RUN_LAYOUT);
    this.memoRoot = join(options.dir, MEMO_LAYOUT);
  }

  /** The stored outcome for a key (64 hex digits), or undefined when absent or unusable. */
  get(key: string): FileOutcome | undefined {
    return this.read(this.pathOf(key), key, isOutcome);
  }

  set(key: string, outcome: FileOutcome): void {
    this.write(this.pathOf(key), key, outcome);
  }

  /** A whole run's stored result, when `isValid` accepts it (a foreign or damaged one reads as absent). */
  getRun<T>(key: string, isValid: (value: unknown) => value is T): T | undefined {
    return this.read(this.runPathOf(key), key, isValid);
  }

  setRun(key: string, result: unknown): void {
    this.write(this.runPathOf(key), key, result);
  }

  /** A collector's stored result, when `isValid` accepts it (a foreign or damaged one reads as absent). */
  getMemo<T>(key: string, isValid: (value: unknown) => value is T): T | undefined {
    return this.read(join(this.memoRoot, key.slice(0, 2), key), key, isValid);
  }

  setMemo(key: string, result: unknown): void {
    this.write(join(this.memoRoot, key.slice(0, 2), key), key, result);
  }

  private read<T>(path: string, key: string, isValid: (value: unknown) => value is T): T | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      return undefined;
    }
    const outcome = decodePayload(bytes, key, isValid);
    if (outcome === undefined) {
      this.stats.corrupt++;
      return undefined;
    }
    // The file's modification time is its last use: eviction removes the oldest first.
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // Evicted by a concurrent run meanwhile: the outcome read is still valid.
    }
    return outcome;
  }

  private write(path: string, key: string, value: unknown): void {
    if (!this.writable) return;
    let entry: Buffer;
    try {
      entry = encodeEntry(key, value);
    } catch {
      return; // Not serialisable: analysed again next time.
    }
    const temp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      mkdirSync(join(path, ".."), { recursive: true });
      writeFileSync(temp, entry);
      // rename is atomic: a concurrent reader sees the old entry, the new one or none, never half of one.
      renameSync(temp, path);
      this.stats.written++;
    } catch {
      // A read-only or full disk: the audit goes on without storing.
      this.writable = false;
      try {
        unlinkSync(temp);
      } catch {
        // Never created.
      }
    }
  }

  /** Keeps the store under maxBytes: removes least recently used entries down to 80% of it, and dead temp files. */
  prune(now: number = Date.now()): void {
    const entries: Array<{ path: string; size: number; used: number }> = [];
    let total = 0;
    const shards: string[] = [];
    for (const root of [this.root, this.runRoot, this.memoRoot]) {
      try {
        shards.push(...readdirSync(root).map((shard) => join(root, shard)));
      } catch {
        // No entry of that kind yet.
      }
    }
    for (const shard of shards) {
      let names: string[];
      try {
        names = readdirSync(shard);
      } catch {
        continue;
      }
      for (const name of names) {
        const path = join(shard, name);
        try {
          const stat = statSync(path);
          if (name.endsWith(".tmp")) {
            if (now - stat.mtimeMs > STALE_TEMP_MS) unlinkSync(path);
            continue;
          }
          entries.push({ path, size: stat.size, used: stat.mtimeMs });
          total += stat.size;
        } catch {
          // Removed by a concurrent run.
        }
      }
    }
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => a.used - b.used || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const target = this.maxBytes * 0.8;
    for (const entry of entries) {
      if (total <= target) break;
      try {
        unlinkSync(entry.path);
        this.stats.evicted++;
      } catch {
        // Already gone.
      }
      total -= entry.size;
    }
  }

  pathOf(key: string): string {
    return join(this.root, key.slice(0, 2), key);
  }

  runPathOf(key: string): string {
    return join(this.runRoot, key.slice(0, 2), key);
  }
}

/** magic, the key, the payload's sha256, the payload (v8.serialize: the same structured clone workers use). */
export function encodeEntry(key: string, value: unknown): Buffer {
  const payload = serialize(value);
  const checksum = createHash("sha256").update(payload).digest();
  return Buffer.concat([MAGIC, Buffer.from(key, "hex"), checksum, payload]);
}

export function decodeEntry(bytes: Buffer, key: string): FileOutcome | undefined {
  return decodePayload(bytes, key, isOutcome);
}

function decodePayload<T>(
  bytes: Buffer,
  key: string,
  isValid: (value: unknown) => value is T,
): T | undefined {
  if (bytes.length <= HEADER_BYTES) return undefined;
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!bytes.subarray(MAGIC.length, MAGIC.length + 32).equals(Buffer.from(key, "hex"))) return undefined;
  const payload = bytes.subarray(HEADER_BYTES);
  const checksum = createHash("sha256").update(payload).digest();
  if (!bytes.subarray(MAGIC.length + 32, HEADER_BYTES).equals(checksum)) return undefined;
  try {
    const value: unknown = deserialize(payload);
    return isValid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isOutcome(value: unknown): value is FileOutcome {
  if (typeof value !== "object" || value === null) return false;
  const outcome = value as Partial<FileOutcome>;
  return (
    typeof outcome.path === "string" &&
    Array.isArray(outcome.drafts) &&
    Array.isArray(outcome.suppressions) &&
    Array.isArray(outcome.diagnostics)
  );
}
