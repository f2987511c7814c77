// Runs before each test file: the per-user data folder is a temp dir, so no test writes the history store into
// $HOME, and audits do not record history unless a test asks (opening the embedded store costs seconds per audit).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const dataHome = mkdtempSync(join(tmpdir(), "codeaudit-data-"));
process.env.CODEAUDIT_DATA_HOME = dataHome;
process.env.CODEAUDIT_NO_HISTORY = "1";
afterAll(() => rmSync(dataHome, { recursive: true, force: true }));
