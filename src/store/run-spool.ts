// Runs waiting to be recorded in an embedded store: an audit writes its run into `<store>/pending/` (one file, a
// rename away from complete) and returns at once; whoever opens the store next — the detached recorder the audit
// starts, `codeaudit history`, an HTML report's trend — records them first, under the store's lock. Opening the
// embedded engine costs seconds, and an audit that does not read the history should not wait for it.
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AuditStore, RecordRunInput } from "./audit-store.js";

const PENDING_FOLDER = "pending";
const SPOOL_VERSION = 1;

interface SpooledRun {
  version: number;
  recordedAt: string;
  input: Omit<RecordRunInput, "recordedAt">;
}

export interface DrainResult {
  recorded: number;
  /** Pending files that could not be recorded, renamed `<name>.failed` beside the others with the reason. */
  failed: Array<{ file: string; reason: string }>;
}

/** The folder pending runs wait in. */
export function pendingFolder(storeDir: string): string {
  return join(storeDir, PENDING_FOLDER);
}

/**
 * Writes `input` as a pending run of the store at `storeDir`. Names sort in the order runs were made (time, then
 * process and a random part), so they are recorded in that order; the file appears complete or not at all.
 */
export function spoolRun(storeDir: string, input: RecordRunInput): string {
  const folder = pendingFolder(storeDir);
  mkdirSync(folder, { recursive: true });
  const recordedAt = input.recordedAt ?? new Date();
  const { recordedAt: _dropped, ...rest } = input;
  const spooled: SpooledRun = { version: SPOOL_VERSION, recordedAt: recordedAt.toISOString(), input: rest };
  const name = `${String(recordedAt.getTime()).padStart(15, "0")}-${process.pid}-${randomBytes(4).toString("hex")}`;
  const partial = join(folder, `.${name}.tmp`);
  const complete = join(folder, `${name}.json`);
  writeFileSync(partial, JSON.stringify(spooled));
  renameSync(partial, complete);
  return complete;
}

/** Names of the pending runs, oldest first. */
export function pendingRuns(storeDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(pendingFolder(storeDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names.filter((name) => name.endsWith(".json") && !name.startsWith(".")).sort();
}

/**
 * Records every pending run into `store` (which the caller opened, so the lock is held) and deletes each file once
 * its run is recorded. A file that cannot be read or recorded is kept as `<name>.failed` with the reason in
 * `<name>.failed.txt`, never deleted: the run it holds is the user's.
 */
export async function drainPendingRuns(store: AuditStore, storeDir: string): Promise<DrainResult> {
  const result: DrainResult = { recorded: 0, failed: [] };
  const folder = pendingFolder(storeDir);
  for (const name of pendingRuns(storeDir)) {
    const path = join(folder, name);
    try {
      const spooled = JSON.parse(readFileSync(path, "utf8")) as SpooledRun;
      if (spooled.version !== SPOOL_VERSION || !spooled.input?.audit)
        throw new Error(`not a pending run of this version (version ${String(spooled.version)})`);
      await store.recordRun({ ...spooled.input, recordedAt: new Date(spooled.recordedAt) });
      rmSync(path, { force: true });
      result.recorded += 1;
    } catch (error) {
      const reason = (error as Error).message;
      // Another process may have recorded and removed it meanwhile: nothing to keep then.
      try {
        renameSync(path, `${path}.failed`);
        writeFileSync(`${path}.failed.txt`, `${reason}\n`);
        result.failed.push({ file: `${path}.failed`, reason });
      } catch {
        /* gone already */
      }
    }
  }
  return result;
}
