// The cache options shared by audit, delta and plan: --cache-dir, --no-cache, --cache-max-mb.
import { resolve } from "node:path";
import type { Command } from "commander";
import { openOutcomeStore } from "../cache/open-store.js";
import type { OutcomeStore } from "../cache/outcome-store.js";
import { UsageError, type CliIo } from "./cli-io.js";

export interface CacheCliFlags {
  /** false with --no-cache. */
  cache?: boolean;
  cacheDir?: string;
  cacheMaxMb?: string;
}

export function addCacheOptions(command: Command): Command {
  return command
    .option(
      "--cache-dir <dir>",
      "folder of the per-file analysis cache (default: $XDG_CACHE_HOME/codeaudit or ~/.cache/codeaudit)",
    )
    .option("--no-cache", "analyse every file, reading and writing no cache")
    .option(
      "--cache-max-mb <n>",
      "size bound of the cache folder, least recently used entries removed first (default 1024)",
    );
}

/** The persistent cache the options ask for (null with --no-cache). */
export function openCommandCache(options: CacheCliFlags, io: CliIo): OutcomeStore | null {
  let cacheMaxMb: number | undefined;
  if (options.cacheMaxMb !== undefined) {
    cacheMaxMb = Number(options.cacheMaxMb);
    if (!Number.isInteger(cacheMaxMb) || cacheMaxMb < 1)
      throw new UsageError(`--cache-max-mb ${options.cacheMaxMb}: expected a whole number of at least 1`);
  }
  return openOutcomeStore(
    {
      ...(options.cache === false ? { cache: false } : {}),
      ...(options.cacheDir ? { cacheDir: resolve(io.cwd, options.cacheDir) } : {}),
      ...(cacheMaxMb ? { cacheMaxMb } : {}),
    },
    { ...process.env, ...io.env },
  );
}
