// Where the persistent cache lives by default: the user cache folder (never the audited tree or the report folder).
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/** $XDG_CACHE_HOME/codeaudit, else ~/.cache/codeaudit (%LOCALAPPDATA%\codeaudit on Windows). */
export function defaultCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "codeaudit");
  if (process.platform === "win32" && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, "codeaudit");
  return join(homedir(), ".cache", "codeaudit");
}

/** The folder a run uses: `--cache-dir` when given (relative to the working directory), else the default. */
export function cacheDirectory(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ? resolve(option) : defaultCacheDirectory(env);
}

/** `--cache-max-mb`: default 1 GB. */
export const DEFAULT_CACHE_MAX_BYTES = 1024 * 1024 * 1024;
