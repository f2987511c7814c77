// The store a command uses, from its cache options: `--no-cache`, `--cache-dir <dir>`, `--cache-max-mb <n>`.
import { cacheDirectory, DEFAULT_CACHE_MAX_BYTES } from "./cache-dir.js";
import { OutcomeStore, type CacheStats } from "./outcome-store.js";

export interface CacheCliOptions {
  /** false with --no-cache. */
  cache?: boolean;
  cacheDir?: string;
  /** Already checked to be a whole number of at least 1. */
  cacheMaxMb?: number;
}

/** Null with --no-cache: nothing is read or written. */
export function openOutcomeStore(options: CacheCliOptions, env: NodeJS.ProcessEnv): OutcomeStore | null {
  if (options.cache === false) return null;
  return new OutcomeStore({
    dir: cacheDirectory(options.cacheDir, env),
    maxBytes: options.cacheMaxMb ? options.cacheMaxMb * 1024 * 1024 : DEFAULT_CACHE_MAX_BYTES,
  });
}

/** One line for progress output (never the reports: they stay identical with and without the cache). */
export function describeCacheStats(stats: CacheStats): string {
  const corrupt =
    stats.corrupt > 0 ? `, ${stats.corrupt} unusable entr${stats.corrupt === 1 ? "y" : "ies"} rewritten` : "";
  return `cache: ${stats.hits} hits, ${stats.analysed} analysed${corrupt}`;
}
