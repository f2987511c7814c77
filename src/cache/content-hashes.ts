// The sha256 of a working-tree file without reading it when it has not changed: a stat index, as git's index
// keeps, from (device, inode, size, modification and change times in nanoseconds) to the content hash.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { fileStatSignature, type LineCountMemo } from "../repo/file-stat.js";

const LAYOUT = "stat-v1";
/**
 * A file whose modification or change time is this close to the moment it was hashed may change again within the
 * file system's timestamp granularity (2 s on FAT, 1 s on some network mounts) without its stat changing: such an
 * entry is never trusted, the file is hashed again next time (git's "racily clean" entries).
 */
const RACY_MARGIN_NS = 2_000_000_000n;

interface StatEntry {
  /** dev:ino:size:mtimeNs:ctimeNs */
  stat: string;
  /** The content hash; "" in a line-count entry. */
  sha256: string;
  /**
   * A derived entry's value: a line count (files of excluded folders, repo/scope), 1/0 for whether a Go file holds
   * a `//go:generate` line (engine/run-engine), or 1/0 for whether a file's bytes hold one of a set of words
   * (facts/symbols/word-search; 2: unreadable).
   */
  lines?: number;
}

/** Derived entries' keys: a path never holds a NUL, so they never meet a content hash's key. */
const LINES_KEY = "\0lines:";
const GO_GENERATE_KEY = "\0go:generate:";
/** `\0words:<16 hex digits naming the word set>:<path>`. */
const WORDS_KEY = "\0words:";
const WORDS_SET_LENGTH = 16;
const DERIVED_KEYS = [LINES_KEY, GO_GENERATE_KEY, WORDS_KEY];

/** The file a go:generate or word-set answer is about (line counts are not carried over). */
function answerPath(key: string): string | null {
  if (key.startsWith(GO_GENERATE_KEY)) return key.slice(GO_GENERATE_KEY.length);
  if (key.startsWith(WORDS_KEY)) return key.slice(WORDS_KEY.length + WORDS_SET_LENGTH + 1);
  return null;
}

/** The stat of a path as one comparable string, or null when it is not a regular file (or is gone). */
export function statSignature(absolutePath: string): { signature: string; changedNs: bigint } | null {
  let stat;
  try {
    stat = statSync(absolutePath, { bigint: true, throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (!stat || !stat.isFile()) return null;
  return fileStatSignature(stat);
}

/**
 * Content hashes of one audited folder's files, remembered between runs by stat (one file per folder under
 * `<cache>/stat-v1/`). `hash` returns what reading would give: the caller's `read` runs unless the stat matches an
 * entry recorded at least RACY_MARGIN_NS after the file last changed.
 */
export class ContentHashes implements LineCountMemo {
  private readonly previous: Map<string, StatEntry>;
  private readonly next = new Map<string, StatEntry>();
  private readonly file: string | null;
  private changed = false;
  /** The stat of every file hashed this run when it was hashed; null when it was too recent to trust. */
  private readonly hashedStats = new Map<string, { path: string; signature: string | null }>();
  /** Files whose hash came from the stat index (no read). */
  reused = 0;

  /** `cacheDir` null: nothing is remembered between runs (hashes are still memoised for this run). */
  constructor(cacheDir: string | null, root: string) {
    this.file = cacheDir
      ? join(cacheDir, LAYOUT, createHash("sha256").update(root).digest("hex").slice(0, 40))
      : null;
    this.previous = this.file ? loadEntries(this.file) : new Map();
  }

  /**
   * The sha256 of `read()`'s bytes for the file at `absolutePath` (keyed by `key`, its path in the audit). `read`
   * may throw (unreadable): the error goes to the caller and nothing is recorded.
   */
  hash(key: string, absolutePath: string, read: () => Buffer, walked?: string): string {
    const memo = this.next.get(key);
    if (memo) return memo.sha256;
    const known = this.previous.get(key);
    // The walk's stat (repo/open-repository), when it took one, spares a second stat of an unchanged file.
    if (walked !== undefined && known && known.stat === walked) {
      this.next.set(key, known);
      this.hashedStats.set(key, { path: absolutePath, signature: known.stat });
      this.reused++;
      return known.sha256;
    }
    const before = statSignature(absolutePath);
    if (before && known && known.stat === before.signature) {
      this.next.set(key, known);
      this.hashedStats.set(key, { path: absolutePath, signature: known.stat });
      this.reused++;
      return known.sha256;
    }
    const hashedAtNs = BigInt(Date.now()) * 1_000_000n;
    const sha256 = createHash("sha256").update(read()).digest("hex");
    const entry = { stat: before?.signature ?? "", sha256 };
    this.next.set(key, entry);
    // Trusted next time only when the file had been still for the margin before it was read, and was not
    // changed while it was read (the stat after the read is the one before).
    const after = statSignature(absolutePath);
    if (
      before &&
      after &&
      after.signature === before.signature &&
      before.changedNs + RACY_MARGIN_NS < hashedAtNs
    )
      this.changed = true;
    else entry.stat = "";
    this.hashedStats.set(key, { path: absolutePath, signature: entry.stat || null });
    return sha256;
  }

  /**
   * The line count of a file of an excluded folder, remembered by stat like a content hash (same racy-entry rule):
   * `count` runs unless the walk's stat matches the remembered one.
   */
  lines(path: string, absolutePath: string, walked: string | undefined, count: () => number): number {
    return this.derived(`${LINES_KEY}${path}`, absolutePath, walked, count);
  }

  /**
   * Whether a file's bytes hold a `//go:generate` line (null: it could not be read), remembered by stat like a line
   * count: `holds` (which reads the file) runs unless the walk's stat matches the remembered one. A warm run then
   * reads only the Go files that changed or that hold such a line, not every Go file of the tree.
   */
  holdsGoGenerate(
    path: string,
    absolutePath: string,
    walked: string,
    holds: () => boolean | null,
  ): boolean | null {
    const value = this.derived(`${GO_GENERATE_KEY}${path}`, absolutePath, walked, () => {
      const held = holds();
      return held === null ? 2 : held ? 1 : 0;
    });
    return value === 2 ? null : value === 1;
  }

  /**
   * Whether a file's bytes hold any of a set of words (`setKey`: a digest naming the set; null: unreadable),
   * remembered by stat like a line count: `holds` (which reads the file) runs unless the walk's stat matches the
   * remembered one. A run after an edit then reads only the files that changed or hold one of the words.
   */
  holdsWords(
    path: string,
    absolutePath: string,
    walked: string,
    setKey: string,
    holds: () => boolean | null,
  ): boolean | null {
    const key = `${WORDS_KEY}${setKey.slice(0, WORDS_SET_LENGTH).padEnd(WORDS_SET_LENGTH, "0")}:${path}`;
    const value = this.derived(key, absolutePath, walked, () => {
      const held = holds();
      return held === null ? 2 : held ? 1 : 0;
    });
    return value === 2 ? null : value === 1;
  }

  private derived(
    key: string,
    absolutePath: string,
    walked: string | undefined,
    count: () => number,
  ): number {
    const memo = this.next.get(key);
    if (memo?.lines !== undefined) return memo.lines;
    const known = this.previous.get(key);
    if (walked !== undefined && known?.lines !== undefined && known.stat === walked) {
      this.next.set(key, known);
      return known.lines;
    }
    const before = statSignature(absolutePath);
    const countedAtNs = BigInt(Date.now()) * 1_000_000n;
    const lines = count();
    const after = statSignature(absolutePath);
    const trusted =
      before !== null &&
      after !== null &&
      after.signature === before.signature &&
      before.changedNs + RACY_MARGIN_NS < countedAtNs;
    this.next.set(key, { stat: trusted ? before.signature : "", sha256: "", lines });
    if (trusted) this.changed = true;
    return lines;
  }

  /**
   * Whether every file hashed this run still has the stat it had when hashed, and none was too recently changed to
   * tell: only then does a result computed from the files belong to the hashes.
   */
  allStillAsHashed(): boolean {
    for (const { path, signature } of this.hashedStats.values())
      if (signature === null || statSignature(path)?.signature !== signature) return false;
    return true;
  }

  /** Writes the index for the next run (atomically) when something changed; entries of files not seen are dropped. */
  save(): void {
    if (!this.file) return;
    // A run that never asked (a stored run's hit skips the generator pass and the facts) keeps the go:generate and
    // word-set answers of files it hashed with the stat the answer was taken at; any other is dropped (it would be
    // asked again anyway).
    for (const [key, entry] of this.previous) {
      const path = answerPath(key);
      if (path === null || this.next.has(key)) continue;
      const hashed = this.next.get(path);
      if (hashed !== undefined && hashed.stat !== "" && hashed.stat === entry.stat) this.next.set(key, entry);
    }
    const kept = [...this.next].filter(([, entry]) => entry.stat !== "");
    if (!this.changed && kept.length === this.previous.size) return;
    const temp = `${this.file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      mkdirSync(join(this.file, ".."), { recursive: true });
      writeFileSync(temp, serialize(kept));
      renameSync(temp, this.file);
    } catch {
      try {
        unlinkSync(temp);
      } catch {
        // Never created.
      }
    }
  }
}

function loadEntries(file: string): Map<string, StatEntry> {
  try {
    const value: unknown = deserialize(readFileSync(file));
    if (!Array.isArray(value)) return new Map();
    const entries = new Map<string, StatEntry>();
    for (const item of value as unknown[]) {
      if (!Array.isArray(item) || typeof item[0] !== "string") continue;
      const entry = item[1] as Partial<StatEntry> | undefined;
      if (
        typeof entry?.stat === "string" &&
        typeof entry.sha256 === "string" &&
        /^[0-9a-f]{64}$/.test(entry.sha256)
      )
        entries.set(item[0], { stat: entry.stat, sha256: entry.sha256 });
      else if (
        DERIVED_KEYS.some((prefix) => item[0].startsWith(prefix)) &&
        typeof entry?.stat === "string" &&
        typeof entry.lines === "number" &&
        Number.isInteger(entry.lines) &&
        entry.lines >= 0
      )
        entries.set(item[0], { stat: entry.stat, sha256: "", lines: entry.lines });
    }
    return entries;
  } catch {
    return new Map(); // Absent, truncated or foreign: every file is hashed and the index rewritten.
  }
}
