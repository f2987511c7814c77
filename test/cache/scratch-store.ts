// The cache tests' scratch space: a temp folder removed after the file's tests, fresh sub-folders, and an outcome
// store in one of them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { OutcomeStore } from "../../src/cache/outcome-store.js";

/** A scratch folder for the calling test file; `freshDir()` names a new folder inside it each time. */
export function scratchFolder(prefix: string): { freshDir: () => string } {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  let dirs = 0;
  return { freshDir: () => join(scratch, `d${dirs++}`) };
}

/** An outcome store in `dir` (1 GiB bound unless given), with a fixed code fingerprint when one is given. */
export function scratchStore(
  dir: string,
  maxBytes = 1024 * 1024 * 1024,
  codeFingerprint?: string,
): OutcomeStore {
  return new OutcomeStore({ dir, maxBytes, ...(codeFingerprint ? { codeFingerprint } : {}) });
}
