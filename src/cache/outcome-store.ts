// The persistent store of per-file outcomes: one checksummed file per entry, written atomically, evicted by age.
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
  writevSync,
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
/** Packs: one audited folder's per-file outcomes in one file, read in one go (see OutcomePack). */
const PACK_LAYOUT = "packs-v1";
const MAGIC = Buffer.from("codeaud1", "latin1");
const PACK_MAGIC = Buffer.from("codepak2", "latin1");
/** magic, the folder's key, the body's sha256, the entry count. */
const PACK_HEADER_BYTES = PACK_MAGIC.length + 32 + 32 + 4;
/** Buffers handed to one writev call (the system's IOV_MAX is at least 1024). */
const WRITEV_BATCH = 1024;
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
  private readonly packRoot: string;
  private writable = true;

  constructor(options: OutcomeStoreOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes;
    this.codeFingerprint = options.codeFingerprint;
    this.root = join(options.dir, LAYOUT);
    this.runRoot = join(options.dir, RUN_LAYOUT);
    this.memoRoot = join(options.dir, MEMO_LAYOUT);
    this.packRoot = join(options.dir, PACK_LAYOUT);
  }

  /**
   * The pack of one audited folder under this code and configuration (`scope`: whatever tells two such runs apart,
   * the folder's absolute path among it): the previous run's outcomes read from one file, per-file entries for the
   * rest; `save()` rewrites it with the outcomes this run used.
   */
  openPack(scope: string): OutcomePack {
    const key = createHash("sha256").update(scope).digest("hex");
    return new OutcomePack(this, join(this.packRoot, key.slice(0, 2), key), key);
  }

  /** Writes `chunks` to `path` atomically (temp file + rename); false when the disk refused. */
  writeChunks(path: string, chunks: readonly Buffer[]): boolean {
    if (!this.writable) return false;
    const temp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    let fd: number | null = null;
    try {
      mkdirSync(join(path, ".."), { recursive: true });
      fd = openSync(temp, "w");
      for (let i = 0; i < chunks.length; i += WRITEV_BATCH) {
        const batch = chunks.slice(i, i + WRITEV_BATCH);
        const size = batch.reduce((sum, chunk) => sum + chunk.length, 0);
        const written = writevSync(fd, batch);
        // A short write (rare for regular files): the rest with plain writes.
        if (written < size) {
          const rest = Buffer.concat(batch).subarray(written);
          for (let at = 0; at < rest.length;) at += writeSync(fd, rest, at);
        }
      }
      closeSync(fd);
      fd = null;
      renameSync(temp, path);
      return true;
    } catch {
      this.writable = false;
      if (fd !== null)
        try {
          closeSync(fd);
        } catch {
          // Already closed.
        }
      try {
        unlinkSync(temp);
      } catch {
        // Never created.
      }
      return false;
    }
  }

  /** Marks a file as used now (eviction removes the least recently used first). */
  touch(path: string): void {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // Evicted by a concurrent run meanwhile.
    }
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

  /**
   * A whole run's stored result, checked (magic, key, checksum) now and deserialised on first call: a run that only
   * needs to know the entry is there (its reports were kept with it) never builds the result. The key names the
   * code that wrote the entry, so a checked entry is this code's; one `isValid` refuses all the same throws.
   */
  getRunLazily<T>(key: string, isValid: (value: unknown) => value is T): (() => T) | undefined {
    const path = this.runPathOf(key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      return undefined;
    }
    const payload = checkedPayload(bytes, key);
    if (payload === undefined) {
      this.stats.corrupt++;
      return undefined;
    }
    this.touch(path);
    let value: T | undefined;
    return () => {
      if (value !== undefined) return value;
      const decoded: unknown = deserialize(payload);
      if (!isValid(decoded)) throw new Error(`the stored run ${key} holds no run`);
      value = decoded;
      return value;
    };
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
    this.touch(path);
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
    this.writeBytes(path, entry);
  }

  private writeBytes(path: string, entry: Buffer): void {
    if (!this.writable) return;
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
    for (const root of [this.root, this.runRoot, this.memoRoot, this.packRoot]) {
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

/** An entry's payload when its magic, key and checksum are right. */
function checkedPayload(bytes: Buffer, key: string): Buffer | undefined {
  if (bytes.length <= HEADER_BYTES) return undefined;
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!bytes.subarray(MAGIC.length, MAGIC.length + 32).equals(Buffer.from(key, "hex"))) return undefined;
  const payload = bytes.subarray(HEADER_BYTES);
  const checksum = createHash("sha256").update(payload).digest();
  if (!bytes.subarray(MAGIC.length + 32, HEADER_BYTES).equals(checksum)) return undefined;
  return payload;
}

function decodePayload<T>(
  bytes: Buffer,
  key: string,
  isValid: (value: unknown) => value is T,
): T | undefined {
  const payload = checkedPayload(bytes, key);
  if (payload === undefined) return undefined;
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

/**
 * One audited folder's per-file outcomes in one file: the previous run's entries are read (and checked) in one go
 * instead of one file each, and the file is rewritten atomically, with the outcomes this run used, when they differ
 * from what it held. An outcome missing from the pack comes from its per-file entry, and a fresh outcome is stored
 * in both (a delta or another folder's run shares the per-file entries). A damaged, truncated or foreign pack is
 * counted as an unusable entry and read as empty: the run goes on from the per-file entries and rewrites it.
 */
export class OutcomePack {
  private readonly previous: Map<string, Buffer>;
  private readonly next = new Map<string, Buffer>();
  private added = false;

  constructor(
    private readonly store: OutcomeStore,
    readonly path: string,
    private readonly folderKey: string,
  ) {
    let bytes: Buffer | null = null;
    try {
      bytes = readFileSync(path);
    } catch {
      // No pack yet.
    }
    const entries = bytes === null ? new Map<string, Buffer>() : decodePack(bytes, folderKey);
    if (entries === null) store.stats.corrupt++;
    this.previous = entries ?? new Map();
  }

  /** The stored outcome for a file's key, from the pack or else its per-file entry. */
  get(key: string): FileOutcome | undefined {
    const payload = this.previous.get(key);
    if (payload !== undefined) {
      const outcome = decodePackEntry(payload);
      if (outcome !== undefined) {
        this.next.set(key, payload);
        return outcome;
      }
      this.store.stats.corrupt++;
    }
    const found = this.store.get(key);
    if (found === undefined) return undefined;
    this.keep(key, found);
    return found;
  }

  /** Stores a fresh outcome: its per-file entry now, the pack at `save()`. */
  set(key: string, outcome: FileOutcome): void {
    this.store.set(key, outcome);
    this.keep(key, outcome);
  }

  private keep(key: string, outcome: FileOutcome): void {
    try {
      this.next.set(key, encodePackEntry(outcome));
      this.added = true;
    } catch {
      // Not serialisable: analysed again next time.
    }
  }

  /** Rewrites the pack when this run's outcomes are not exactly the ones it held; else marks it used. */
  save(): void {
    if (!this.added && this.next.size === this.previous.size) {
      if (this.previous.size > 0) this.store.touch(this.path);
      return;
    }
    const count = Buffer.alloc(4);
    count.writeUInt32LE(this.next.size);
    const body: Buffer[] = [count];
    for (const [key, payload] of this.next) {
      const head = Buffer.alloc(36);
      head.write(key, 0, 32, "hex");
      head.writeUInt32LE(payload.length, 32);
      body.push(head, payload);
    }
    const checksum = createHash("sha256");
    for (const chunk of body) checksum.update(chunk);
    const header = Buffer.concat([PACK_MAGIC, Buffer.from(this.folderKey, "hex"), checksum.digest()]);
    this.store.writeChunks(this.path, [header, ...body]);
  }
}

/** A pack's entries by key (payloads are views of `bytes`), or null when it is damaged, truncated or foreign. */
export function decodePack(bytes: Buffer, folderKey: string): Map<string, Buffer> | null {
  if (bytes.length < PACK_HEADER_BYTES) return null;
  if (!bytes.subarray(0, PACK_MAGIC.length).equals(PACK_MAGIC)) return null;
  const keyAt = PACK_MAGIC.length;
  if (!bytes.subarray(keyAt, keyAt + 32).equals(Buffer.from(folderKey, "hex"))) return null;
  const sumAt = keyAt + 32;
  const checksum = createHash("sha256")
    .update(bytes.subarray(sumAt + 32))
    .digest();
  if (!bytes.subarray(sumAt, sumAt + 32).equals(checksum)) return null;
  const count = bytes.readUInt32LE(sumAt + 32);
  const entries = new Map<string, Buffer>();
  let at = PACK_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (at + 36 > bytes.length) return null;
    const key = bytes.toString("hex", at, at + 32);
    const length = bytes.readUInt32LE(at + 32);
    at += 36;
    if (at + length > bytes.length) return null;
    entries.set(key, bytes.subarray(at, at + length));
    at += length;
  }
  return at === bytes.length ? entries : null;
}

/**
 * A pack entry: the outcome without its per-file facts, the facts' analyzer ids, and each analyzer's output
 * serialised apart, so that a run deserialises only the facts something reads (the clone tokens, most of an
 * entry's bytes, are read only when the clone index is recomputed).
 */
function encodePackEntry(outcome: FileOutcome): Buffer {
  const summary = outcome.summary;
  if (summary === null) return serialize([outcome, [], []]);
  const ids = Object.keys(summary.facts);
  const parts = ids.map((id) => serialize(summary.facts[id]));
  return serialize([{ ...outcome, summary: { ...summary, facts: {} } }, ids, parts]);
}

/** The outcome of a pack entry, its facts deserialised on first read; undefined when the entry is not one. */
function decodePackEntry(payload: Buffer): FileOutcome | undefined {
  let value: unknown;
  try {
    value = deserialize(payload);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [outcome, ids, parts] = value as [unknown, unknown, unknown];
  if (!isOutcome(outcome) || !Array.isArray(ids) || !Array.isArray(parts) || ids.length !== parts.length)
    return undefined;
  if (ids.length === 0) return outcome;
  const facts = outcome.summary?.facts;
  if (facts === undefined || Object.keys(facts).length > 0) return undefined;
  for (let i = 0; i < ids.length; i++) {
    const id: unknown = ids[i];
    const part: unknown = parts[i];
    if (typeof id !== "string" || !(part instanceof Uint8Array)) return undefined;
    lazyFact(facts, id, part);
  }
  return outcome;
}

/**
 * Defines `facts[id]` as the value `bytes` deserialise to, computed on first read (the pack's checksum vouches for
 * the bytes). Reading, enumerating, spreading or serialising the object gives the same keys, in the same order, and
 * the same values as the object the analysis made.
 */
function lazyFact(facts: Record<string, unknown>, id: string, bytes: Uint8Array): void {
  const settle = (value: unknown): void => {
    Object.defineProperty(facts, id, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(facts, id, {
    enumerable: true,
    configurable: true,
    get(): unknown {
      const value: unknown = deserialize(bytes);
      settle(value);
      return value;
    },
    set: settle,
  });
}
