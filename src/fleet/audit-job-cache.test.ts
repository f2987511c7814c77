// A fleet job audits through the worker's shared per-file cache: a second commit of the same repository analyses
// only the files that changed (scratch folders differ per job, the cache keys do not).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempRepo } from "../../test/delta-git-repo.js";
import { OutcomeStore } from "../cache/outcome-store.js";
import { openStore } from "../store/open-store.js";
import { auditJob } from "./fleet-worker.js";

const scratch = mkdtempSync(join(tmpdir(), "codeaudit-fleet-cache-"));
const repo = tempRepo("codeaudit-fleet-cache-repo-");
afterAll(() => {
  repo.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

describe("fleet auditJob with the shared cache", () => {
  it("reuses the unchanged files of an earlier commit and analyses only the changed one", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`src/mod${i}.py`] = `def handler_${i}(x):\n    return x + ${i}\n`;
    const first = repo.commit("first", files);
    const second = repo.commit("second", { "src/mod0.py": "def handler_0(x):\n    return x * 2\n" });
    const store = await openStore({ kind: "embedded", dir: join(scratch, "store") });
    const cache = new OutcomeStore({ dir: join(scratch, "cache"), maxBytes: 64 * 1024 * 1024 });
    try {
      const one = await auditJob({ repository: repo.root, ref: first }, store, scratch, cache);
      expect(one.audited).toBe(true);
      const analysedFirst = cache.stats.analysed;
      expect(analysedFirst).toBeGreaterThanOrEqual(6);
      expect(cache.stats.hits).toBe(0);
      const two = await auditJob({ repository: repo.root, ref: second }, store, scratch, cache);
      expect(two.audited).toBe(true);
      expect(two.commit).toBe(second);
      expect(cache.stats.analysed - analysedFirst).toBe(1);
      expect(cache.stats.hits).toBe(analysedFirst - 1);
    } finally {
      await store.close();
    }
  }, 120_000);
});
