// The built CLI records a run without waiting for the embedded store: the run is left pending and a detached
// recorder writes it in once the store is free. The test holds the store's lock while the audit runs, so an audit
// that waited for the store would hang on the lock and warn instead of finishing cleanly.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockStoreFolder } from "../src/store/embedded-lock.js";
import { pendingRuns } from "../src/store/run-spool.js";

const root = join(import.meta.dirname, "..");
const cli = join(root, "bin", "codeaudit.js");
const fixture = join(import.meta.dirname, "fixtures", "go-service");
let work: string;

beforeAll(() => {
  if (!spawnSync(process.execPath, [cli, "--version"]).stdout.length)
    throw new Error("bin/codeaudit.js does not run: npm run build");
  work = mkdtempSync(join(tmpdir(), "codeaudit-history-bg-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  CODEAUDIT_NO_HISTORY: "0",
  CODEAUDIT_DATA_HOME: join(work, "data"),
  NO_COLOR: "1",
});

describe("recording in the background", () => {
  it("finishes the audit while the store is busy, then the detached recorder records the run", async () => {
    const store = join(work, "store");
    const release = await lockStoreFolder(store);
    let audit;
    try {
      audit = spawnSync(
        process.execPath,
        [cli, "audit", fixture, "--out", join(work, "out"), "--no-timestamp", "--quiet", "--store", store],
        { env: env(), encoding: "utf8", timeout: 120_000 },
      );
      expect(audit.status).toBe(0);
      expect(audit.stderr).not.toMatch(/not recorded/);
      expect(pendingRuns(store)).toHaveLength(1);
    } finally {
      release();
    }
    // The recorder was waiting for the lock: it now records the run and removes the pending file.
    const deadline = Date.now() + 240_000;
    while (pendingRuns(store).length > 0 && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 500));
    expect(pendingRuns(store)).toEqual([]);
    expect(readdirSync(join(store, "pending")).filter((name) => name.includes(".failed"))).toEqual([]);
    const history = spawnSync(
      process.execPath,
      [cli, "history", fixture, "--store", store, "--format", "json"],
      { env: env(), encoding: "utf8", timeout: 240_000 },
    );
    expect(history.status).toBe(0);
    expect((JSON.parse(history.stdout) as { runs: unknown[] }).runs).toHaveLength(1);
  }, 600_000);
});
