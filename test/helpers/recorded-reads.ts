// The cache tests' engine run that records which files the engine read in one window of the run (the facts
// collection, or everything before the per-file analysis), with or without the stat index, and the run that only
// hashes files as a stored run's hit does. Shared by the memo tests, which each ask a different fact of the result.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ContentHashes } from "../../src/cache/content-hashes.js";
import { runEngine, type EngineResult } from "../../src/engine/run-engine.js";
import { prepareAudit } from "../../src/pipeline/audit-repository.js";

/** Which reads count: those while the facts are collected, or all before the per-file analysis starts. */
export type ReadWindow = "collecting facts" | "before analysing files";

/** One engine run over `root` (with the stat index in `cacheDir`, or none), and the files read in `window`, sorted. */
export async function runRecordingReads(
  root: string,
  cacheDir: string | null,
  window: ReadWindow,
): Promise<{ result: EngineResult; reads: string[] }> {
  const prepared = await prepareAudit({ path: root, noTimestamp: true, cache: null });
  const hashes = cacheDir === null ? undefined : new ContentHashes(cacheDir, root);
  const reads: string[] = [];
  let recording = window === "before analysing files";
  const index = prepared.index;
  const readBytes = index.readBytes.bind(index);
  index.readBytes = (path: string): Buffer | null => {
    if (recording) reads.push(path);
    return readBytes(path);
  };
  const result = await runEngine(index, prepared.settings, {
    jobs: 1,
    ...(hashes ? { contentHashes: hashes } : {}),
    onStage: (stage) => {
      if (window === "collecting facts") recording = stage === "collecting facts";
      else if (stage === "analysing files") recording = false;
    },
  });
  hashes?.save();
  return { result, reads: [...new Set(reads)].sort() };
}

/** A run that only hashes the files (a stored run's hit: nothing analysed, no facts collected), then saves the index. */
export function hashOnly(root: string, cacheDir: string, names: readonly string[]): void {
  const hashes = new ContentHashes(cacheDir, root);
  for (const name of names) hashes.hash(name, join(root, name), () => readFileSync(join(root, name)));
  hashes.save();
}
