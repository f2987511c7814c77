// One process at a time in an embedded store folder (PGlite is single-process): a lock file, waited for, stale ones taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { StoreError } from "./store-error.js";

export interface LockOptions {
  /** How long to wait for another process to finish with the store (ms). */
  waitMs?: number;
}

const LOCK_FILE = "store.lock";

/** Takes `<dir>/store.lock`, waiting up to `waitMs`; returns the release function. */
export async function lockStoreFolder(dir: string, options: LockOptions = {}): Promise<() => void> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  let delay = 25;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(path);
    if (holder && holder.host === hostname() && !processAlive(holder.pid)) {
      // The holder died without releasing: its process is gone, so the lock is free.
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline)
      throw new StoreError(
        `the history store ${dir} is in use by another codeaudit process${holder ? ` (pid ${holder.pid} on ${holder.host})` : ""}; wait for it to finish, give --store another folder, or --no-history`,
      );
    await new Promise((done) => setTimeout(done, delay));
    delay = Math.min(delay * 2, 500);
  }
}

function readHolder(path: string): { pid: number; host: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as { pid?: unknown; host?: unknown };
    return typeof parsed.pid === "number" && typeof parsed.host === "string"
      ? { pid: parsed.pid, host: parsed.host }
      : null;
  } catch {
    // Written but not yet filled by its holder, or removed meanwhile: treat as held.
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
