// Analyses every candidate file, on worker threads when the run is large enough to pay for them.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Tinypool from "tinypool";
import { analysisConfigHash, fileCacheKey, sha256Hex } from "../cache/file-key.js";
import type { ContentHashes } from "../cache/content-hashes.js";
import { codeFingerprint } from "../cache/fingerprint.js";
import type { OutcomeStore } from "../cache/outcome-store.js";
import type { RepoIndex } from "../repo/repo-index.js";
import { analyzeFile, readTaskBytes, type FileOutcome, type FileTask } from "./analyze-file.js";
import type { FileBatch } from "./file-worker.js";
import type { RuleSet } from "./rule-set.js";
import type { EngineSettings } from "./settings.js";

export interface RunFilesOptions {
  /** Worker threads; 1 analyses in this thread. Default: the machine's cores. */
  jobs?: number;
  onProgress?: (done: number, total: number) => void;
  /** The persistent per-file cache; absent or null: every file is analysed. */
  cache?: OutcomeStore | null;
  /** Content hashes of the working tree's files, remembered by stat between runs (a file unchanged is not read). */
  contentHashes?: ContentHashes;
  /** Filled, when given and a cache is in use, with each file's content hash (the one its outcome is stored under). */
  contents?: Map<string, string>;
}

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 150;
const BATCH_SIZE = 40;
/**
 * Workers are replaced after each wave of this much source (syntax trees' native memory is only returned when a
 * thread ends). Measured by bytes, not files: a repository of thousands of tiny files would otherwise pay a
 * worker start-up (loading every rule) per thousand files.
 */
const WAVE_BYTES = 8 * 1024 * 1024;
const WAVE_FILES = 5000;

/**
 * Per-file outcomes shared between runs in one process (the two ends of a delta audit), under the same keys as
 * the persistent store. Off unless enabled; its hits are counted apart from the store's.
 */
let outcomeCache: Map<string, FileOutcome> | null = null;
const cacheStats = { hits: 0, misses: 0 };

export function enableOutcomeCache(): void {
  outcomeCache ??= new Map();
}

export function isOutcomeCacheEnabled(): boolean {
  return outcomeCache !== null;
}

export function disableOutcomeCache(): void {
  outcomeCache = null;
  cacheStats.hits = 0;
  cacheStats.misses = 0;
}

export function outcomeCacheStats(): { hits: number; misses: number } {
  return { ...cacheStats };
}

export async function runFiles(
  index: RepoIndex,
  ruleSet: RuleSet,
  settings: EngineSettings,
  options: RunFilesOptions,
): Promise<FileOutcome[]> {
  const all = fileTasks(index);
  const memo = outcomeCache;
  const cache = options.cache ?? null;
  if (!memo && !cache) return analyseTasks(all, ruleSet, settings, options);
  const analysis = `${cache?.codeFingerprint ?? codeFingerprint(cache?.dir)}:${analysisConfigHash(ruleSet, settings)}`;
  // A working tree's outcomes come from its pack, read in one go (per-file entries fill what it lacks); a commit's
  // blobs (a delta's ends) from per-file entries only.
  const pack = cache && isWorkingTree(index) ? cache.openPack(`${index.root}\0${analysis}`) : null;
  const store = pack ?? cache;
  const keyOf = (task: FileTask, contentSha256: string): string =>
    fileCacheKey({ analysis, path: task.path, language: task.language, isTest: task.isTest, contentSha256 });
  const hashes = options.contentHashes;
  const contentHash = (task: FileTask): string =>
    hashes && task.root !== undefined && task.text === undefined
      ? hashes.hash(task.path, join(task.root, task.path), () => readTaskBytes(task))
      : sha256Hex(readTaskBytes(task));
  const keys = all.map((task) => {
    try {
      const content = contentHash(task);
      options.contents?.set(task.path, content);
      return keyOf(task, content);
    } catch {
      return null; // Unreadable: analysed, which reports why, and never stored.
    }
  });
  const cached = keys.map((key) => {
    if (key === null) {
      if (memo) cacheStats.misses++;
      return undefined;
    }
    const remembered = memo?.get(key);
    if (remembered) {
      cacheStats.hits++;
      return remembered;
    }
    if (memo) cacheStats.misses++;
    const stored = store?.get(key);
    if (stored) {
      if (cache) cache.stats.hits++;
      memo?.set(key, stored);
    }
    return stored;
  });
  const todo = all
    .filter((_, i) => cached[i] === undefined)
    .map((task) => (task.text === undefined ? { ...task, hashContent: true } : task));
  if (cache) cache.stats.analysed += todo.length;
  const fresh = await analyseTasks(todo, ruleSet, settings, options);
  const byPath = new Map(fresh.map((outcome) => [outcome.path, outcome]));
  const outcomes = all.map((task, i) => {
    const hit = cached[i];
    if (hit) return hit;
    const outcome = byPath.get(task.path) as FileOutcome;
    // A file read from disk is stored under the content the analysis read, which may differ from the bytes
    // hashed above when the file changed meanwhile.
    const contentSha256 = outcome.contentSha256;
    delete outcome.contentSha256;
    const key = contentSha256 !== undefined ? keyOf(task, contentSha256) : keys[i];
    // The outcome is of the bytes the analysis read: its content hash is theirs.
    if (contentSha256 !== undefined && keys[i] !== null) options.contents?.set(task.path, contentSha256);
    else if (keys[i] === null) options.contents?.delete(task.path);
    if (key && keys[i] !== null && !outcome.diagnostics.some((d) => d.kind === "io-error")) {
      memo?.set(key, outcome);
      store?.set(key, outcome);
    }
    return outcome;
  });
  pack?.save();
  if (cache && cache.stats.written > 0) cache.prune();
  return outcomes;
}

async function analyseTasks(
  tasks: FileTask[],
  ruleSet: RuleSet,
  settings: EngineSettings,
  options: RunFilesOptions,
): Promise<FileOutcome[]> {
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const workerFile = new URL("./file-worker.js", import.meta.url);
  // Workers need the built JavaScript; from TypeScript sources (tests, tsx) the run stays in this thread.
  const canUseWorkers = import.meta.url.endsWith(".js");
  if (jobs === 1 || tasks.length < MIN_FILES_FOR_WORKERS || !canUseWorkers) {
    const outcomes: FileOutcome[] = [];
    tasks.forEach((task, i) => {
      outcomes.push(analyzeFile(task, ruleSet));
      if (i % 25 === 0 || i === tasks.length - 1) options.onProgress?.(i + 1, tasks.length);
    });
    return outcomes;
  }
  const pool = new Tinypool({ filename: fileURLToPath(workerFile), minThreads: jobs, maxThreads: jobs });
  try {
    let done = 0;
    const batches: FileBatch[] = [];
    for (let i = 0; i < tasks.length; i += BATCH_SIZE)
      batches.push({ tasks: tasks.slice(i, i + BATCH_SIZE), settings });
    const results: FileOutcome[][] = [];
    // Syntax trees' native memory is only returned when a worker thread ends, so workers are replaced
    // after each wave of batches (Go's standard library: 4.2 GB peak without this).
    for (const [w, wave] of wavesOf(batches).entries()) {
      if (w > 0) await pool.recycleWorkers();
      const waveResults = await Promise.all(
        wave.map(async (batch) => {
          const out = (await pool.run(batch)) as FileOutcome[];
          done += batch.tasks.length;
          options.onProgress?.(done, tasks.length);
          return out;
        }),
      );
      results.push(...waveResults);
    }
    return results.flat();
  } finally {
    await pool.destroy();
  }
}

/** Consecutive batches grouped into waves of at most WAVE_BYTES of source or WAVE_FILES files (at least one batch). */
export function wavesOf(batches: readonly FileBatch[]): FileBatch[][] {
  const waves: FileBatch[][] = [];
  let current: FileBatch[] = [];
  let bytes = 0;
  let files = 0;
  for (const batch of batches) {
    const size = batch.tasks.reduce((sum, task) => sum + (task.size ?? task.text?.length ?? 0), 0);
    if (current.length > 0 && (bytes + size > WAVE_BYTES || files + batch.tasks.length > WAVE_FILES)) {
      waves.push(current);
      current = [];
      bytes = 0;
      files = 0;
    }
    current.push(batch);
    bytes += size;
    files += batch.tasks.length;
  }
  if (current.length > 0) waves.push(current);
  return waves;
}

function isWorkingTree(index: RepoIndex): boolean {
  return index.contentDescription.startsWith("working tree");
}

/** One task per file that can be analysed; in-memory sources send their text along. */
function fileTasks(index: RepoIndex): FileTask[] {
  const fromDisk = isWorkingTree(index);
  return index.sourceFiles().flatMap((file) => {
    const task: FileTask = { path: file.path, language: file.language, isTest: file.isTest, size: file.size };
    if (fromDisk) task.root = index.root;
    else {
      // An unreadable blob is reported by the index (a diagnostic), never analysed as an empty file.
      const bytes = index.readBytes(file.path);
      if (bytes === null) return [];
      task.text = bytes;
    }
    return [task];
  });
}
