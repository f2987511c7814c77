// A file's stat as one comparable string, as the walk takes it and the stat index (cache/content-hashes) keys on.
import type { BigIntStats } from "node:fs";

/** `dev:ino:size:mtimeNs:ctimeNs` of a regular file, and the later of its two times (racy-entry checks). */
export function fileStatSignature(stat: BigIntStats): { signature: string; changedNs: bigint } {
  const changedNs = stat.mtimeNs > stat.ctimeNs ? stat.mtimeNs : stat.ctimeNs;
  return { signature: `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`, changedNs };
}

/**
 * Remembers a derived count of a file by its stat (the stat index implements it): a warm run takes an unchanged
 * file's line count from there instead of reading the file.
 */
export interface LineCountMemo {
  /** `count()` runs unless `signature` (from the walk) matches what was remembered for `path`. */
  lines(path: string, absolutePath: string, signature: string | undefined, count: () => number): number;
}
