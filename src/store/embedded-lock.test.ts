// One embedded store, several processes: they take turns through the lock file, a stale lock is taken over, and a
// process that cannot wait gets a clear message.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockStoreFolder } from "./embedded-lock.js";

const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "codeaudit-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A separate node process that opens the store, writes one repository row, holds the store a moment and closes it. */
function writer(name: string): Promise<{ code: number | null; stderr: string }> {
  const script = `
    const { openStore } = await import(${JSON.stringify(join(root, "dist", "store", "open-store.js"))});
    const store = await openStore({ kind: "embedded", dir: ${JSON.stringify(dir)} }, { lockWaitMs: 120000 });
    await store.client.query("INSERT INTO repositories (identity, name) VALUES ($1, $1)", [${JSON.stringify(name)}]);
    await new Promise((done) => setTimeout(done, 300));
    await store.close();`;
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => done({ code, stderr }));
  });
}

describe("embedded store lock", () => {
  it("lets two processes write to one embedded store, one after the other", async () => {
    expect(existsSync(join(root, "dist", "store", "open-store.js")), "run `npm run build` first").toBe(true);
    const results = await Promise.all([writer("first"), writer("second")]);
    expect(results).toEqual([
      { code: 0, stderr: "" },
      { code: 0, stderr: "" },
    ]);
    const { openStore } = await import("./open-store.js");
    const store = await openStore({ kind: "embedded", dir });
    const rows = await store.client.query<{ identity: string }>(
      "SELECT identity FROM repositories ORDER BY identity",
    );
    await store.close();
    expect(rows.map((row) => row.identity)).toEqual(["first", "second"]);
    expect(existsSync(join(dir, "store.lock"))).toBe(false);
  }, 300_000);

  it("says who holds the store when it cannot wait, and takes over a lock whose process is gone", async () => {
    const lockDir = mkdtempSync(join(tmpdir(), "codeaudit-lock-"));
    try {
      const release = await lockStoreFolder(lockDir);
      await expect(lockStoreFolder(lockDir, { waitMs: 50 })).rejects.toThrow(
        new RegExp(`in use by another codeaudit process \\(pid ${process.pid} on .*--no-history`),
      );
      release();
      // A holder that died (no such pid) without releasing.
      writeFileSync(join(lockDir, "store.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
      const again = await lockStoreFolder(lockDir, { waitMs: 50 });
      again();
    } finally {
      rmSync(lockDir, { recursive: true, force: true });
    }
  });
});
