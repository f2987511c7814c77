// The persistent per-file cache is never stale: reports are byte-identical with and without it, cold and warm,
// and a changed file, configuration, rule set fingerprint or tool version invalidates exactly what it affects.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintOf, hashTree, type FingerprintParts } from "../../src/cache/fingerprint.js";
import { OutcomeStore, type CacheStats } from "../../src/cache/outcome-store.js";
import type { LoadedConfig } from "../../src/config/load-config.js";
import { runAuditCommand } from "../../src/cli/audit.js";
import { auditRepository } from "../../src/pipeline/audit-repository.js";
import { runDelta } from "../../src/delta/run-delta.js";
import { renderJson } from "../../src/report/json.js";
import { tempRepo } from "../delta-git-repo.js";
import { fakeIo } from "../helpers/fake-io.js";
import { scratchFolder, scratchStore } from "./scratch-store.js";

const fixtures = resolve(import.meta.dirname, "..", "fixtures");
const { freshDir } = scratchFolder("codeaudit-cache-test-");
const store = scratchStore;

interface Audited {
  json: string;
  stats: CacheStats | null;
}

async function audit(
  path: string,
  cache: OutcomeStore | null,
  extra: { config?: LoadedConfig } = {},
): Promise<Audited> {
  const before = cache ? { ...cache.stats } : null;
  const run = await auditRepository({
    path,
    noTimestamp: true,
    ...(cache ? { cache } : {}),
    ...(extra.config ? { config: extra.config } : {}),
  });
  const stats =
    cache && before
      ? {
          hits: cache.stats.hits - before.hits,
          analysed: cache.stats.analysed - before.analysed,
          written: cache.stats.written - before.written,
          corrupt: cache.stats.corrupt - before.corrupt,
          evicted: cache.stats.evicted - before.evicted,
          reused: cache.stats.reused - before.reused,
          partsReused: cache.stats.partsReused - before.partsReused,
          partsComputed: cache.stats.partsComputed - before.partsComputed,
        }
      : null;
  return { json: renderJson(run.audit), stats };
}

function entryFiles(dir: string, layout = "outcomes-v1"): string[] {
  const root = join(dir, layout);
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((shard) =>
    readdirSync(join(root, shard)).map((name) => join(root, shard, name)),
  );
}

describe("persistent cache: byte-identical reports", () => {
  for (const fixture of ["node-service", "go-service", "python-service", "elixir-phoenix"]) {
    it(`${fixture}: audit.json is the same without the cache, cold and warm`, async () => {
      const path = join(fixtures, fixture);
      const cache = store(freshDir());
      const none = await audit(path, null);
      const cold = await audit(path, cache);
      const warm = await audit(path, cache);
      expect(cold.json).toBe(none.json);
      expect(warm.json).toBe(none.json);
      expect(cold.stats?.hits).toBe(0);
      expect(cold.stats?.analysed).toBeGreaterThan(0);
      expect(warm.stats).toMatchObject({ hits: cold.stats?.analysed, analysed: 0, written: 0 });
    });
  }
});

describe("persistent cache: invalidation", () => {
  const copyOf = (fixture: string): string => {
    const path = freshDir();
    cpSync(join(fixtures, fixture), path, { recursive: true });
    return path;
  };

  it("a changed file is analysed again, and only it", async () => {
    const path = copyOf("node-service");
    const cache = store(freshDir());
    const cold = await audit(path, cache);
    const files = cold.stats?.analysed ?? 0;
    const changed = join(path, "src", "server.ts");
    expect(existsSync(changed)).toBe(true);
    writeFileSync(changed, readFileSync(changed, "utf8") + "\ntry { run(); } catch (e) {}\n");
    const warm = await audit(path, cache);
    expect(warm.stats).toMatchObject({ hits: files - 1, analysed: 1 });
    expect(warm.json).toBe((await audit(path, null)).json);
    expect(warm.json).not.toBe(cold.json);
  });

  it("a changed file rule setting invalidates every file; a setting file analysis never reads invalidates none", async () => {
    const path = join(fixtures, "node-service");
    const cache = store(freshDir());
    const cold = await audit(path, cache);
    const files = cold.stats?.analysed ?? 0;
    const ruleOff: LoadedConfig = { config: { rules: { "node/empty-catch": "off" } }, path: null };
    const changed = await audit(path, cache, { config: ruleOff });
    expect(changed.stats).toMatchObject({ hits: 0, analysed: files });
    expect(changed.json).toBe((await audit(path, null, { config: ruleOff })).json);
    expect(changed.json).not.toContain('"ruleId": "node/empty-catch"');
    // A repository rule turned off: no file's analysis reads it.
    const repoRuleOff: LoadedConfig = {
      config: { rules: { "docs/missing-project-file": "off" } },
      path: null,
    };
    const unaffected = await audit(path, cache, { config: repoRuleOff });
    expect(unaffected.stats).toMatchObject({ hits: files, analysed: 0 });
    expect(unaffected.json).toBe((await audit(path, null, { config: repoRuleOff })).json);
  });

  it("a changed code fingerprint (rule set, fact packs, tool version) invalidates every file", async () => {
    const path = join(fixtures, "go-service");
    const dir = freshDir();
    const cold = await audit(path, store(dir, 1e9, "code-a"));
    const files = cold.stats?.analysed ?? 0;
    expect((await audit(path, store(dir, 1e9, "code-a"))).stats).toMatchObject({ hits: files });
    const other = await audit(path, store(dir, 1e9, "code-b"));
    expect(other.stats).toMatchObject({ hits: 0, analysed: files });
    expect(other.json).toBe(cold.json);
  });

  it("the fingerprint follows the tool version, the code tree's files, V8 and the dependencies' versions", () => {
    const parts: FingerprintParts = { codeHash: "c", toolVersion: "0.1.0", v8: "11", dependencies: ["a@1"] };
    const base = fingerprintOf(parts);
    expect(fingerprintOf({ ...parts })).toBe(base);
    expect(fingerprintOf({ ...parts, toolVersion: "0.1.1" })).not.toBe(base);
    expect(fingerprintOf({ ...parts, codeHash: "d" })).not.toBe(base);
    expect(fingerprintOf({ ...parts, v8: "12" })).not.toBe(base);
    expect(fingerprintOf({ ...parts, dependencies: ["a@2"] })).not.toBe(base);
    // A rule added to, or changed in, the code tree changes the tree's hash.
    const tree = freshDir();
    cpSync(join(fixtures, "custom-rules"), tree, { recursive: true });
    const before = hashTree(tree);
    writeFileSync(join(tree, "python", "new-rule.yml"), "id: x\n");
    expect(hashTree(tree)).not.toBe(before);
  });
});

describe("persistent cache: damaged entries and options", () => {
  it("a cache folder inside the audited tree is never audited: reports stay identical run after run", async () => {
    const path = freshDir();
    cpSync(join(fixtures, "python-service"), path, { recursive: true });
    const none = await audit(path, null);
    const cache = store(join(path, "audit-cache"));
    const cold = await audit(path, cache);
    const warm = await audit(path, cache);
    expect(entryFiles(join(path, "audit-cache")).length).toBeGreaterThan(0);
    expect(cold.json).toBe(none.json);
    expect(warm.json).toBe(none.json);
    expect(warm.stats).toMatchObject({ analysed: 0 });
  });

  it("a truncated, foreign or corrupted entry is ignored and rewritten", async () => {
    const path = join(fixtures, "python-service");
    const dir = freshDir();
    const cache = store(dir);
    const cold = await audit(path, cache);
    const files = cold.stats?.analysed ?? 0;
    const entries = entryFiles(dir).sort();
    expect(entries.length).toBe(files);
    const [truncated, foreign, flipped] = entries as [string, string, string];
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 50));
    writeFileSync(foreign, "not an entry");
    const bytes = readFileSync(flipped);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(flipped, bytes);
    // Without the folder's pack, every outcome comes from its own entry.
    rmSync(join(dir, "packs-v1"), { recursive: true });
    const damaged = await audit(path, cache);
    expect(damaged.stats).toMatchObject({ hits: files - 3, analysed: 3, corrupt: 3, written: 3 });
    expect(damaged.json).toBe(cold.json);
    expect((await audit(path, cache)).stats).toMatchObject({ hits: files, analysed: 0, corrupt: 0 });
  });

  it("a warm run reads the folder's outcomes from its pack, and a changed file is still analysed again", async () => {
    const path = freshDir();
    cpSync(join(fixtures, "node-service"), path, { recursive: true });
    const dir = freshDir();
    const cold = await audit(path, store(dir));
    const files = cold.stats?.analysed ?? 0;
    expect(entryFiles(dir, "packs-v1")).toHaveLength(1);
    // The per-file entries gone: the pack alone serves every file.
    rmSync(join(dir, "outcomes-v1"), { recursive: true });
    const warm = await audit(path, store(dir));
    expect(warm.stats).toMatchObject({ hits: files, analysed: 0, written: 0, corrupt: 0 });
    expect(warm.json).toBe(cold.json);
    const changed = join(path, "src", "server.ts");
    writeFileSync(changed, readFileSync(changed, "utf8") + "\ntry { run(); } catch (e) {}\n");
    const edited = await audit(path, store(dir));
    expect(edited.stats).toMatchObject({ hits: files - 1, analysed: 1 });
    expect(edited.json).toBe((await audit(path, null)).json);
    expect(edited.json).not.toBe(cold.json);
    // The pack was rewritten with the new outcome: the next run analyses nothing, from the pack alone.
    rmSync(join(dir, "outcomes-v1"), { recursive: true });
    const again = await audit(path, store(dir));
    expect(again.stats).toMatchObject({ hits: files, analysed: 0 });
    expect(again.json).toBe(edited.json);
  });

  it("a truncated, foreign or corrupted pack is noted and ignored: the per-file entries serve, and it is rewritten", async () => {
    const path = join(fixtures, "python-service");
    const dir = freshDir();
    const cold = await audit(path, store(dir));
    const files = cold.stats?.analysed ?? 0;
    const [pack] = entryFiles(dir, "packs-v1");
    if (pack === undefined) throw new Error("no pack written");
    const intact = readFileSync(pack);
    const flipped = Buffer.from(intact);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0xff;
    for (const damaged of [intact.subarray(0, intact.length - 7), Buffer.from("not a pack"), flipped]) {
      writeFileSync(pack, damaged);
      const run = await audit(path, store(dir));
      expect(run.stats).toMatchObject({ hits: files, analysed: 0, corrupt: 1 });
      expect(run.json).toBe(cold.json);
      expect(readFileSync(pack).equals(damaged)).toBe(false);
    }
    // The rewritten pack serves every file alone (the per-file entries gone), and a stray temp file beside it, left
    // by a run that died mid-write, never breaks a run.
    rmSync(join(dir, "outcomes-v1"), { recursive: true });
    writeFileSync(`${pack}.123.abc.tmp`, "half");
    const after = await audit(path, store(dir));
    expect(after.stats).toMatchObject({ hits: files, analysed: 0, corrupt: 0 });
    expect(after.json).toBe(cold.json);
  });

  it("the store stays under its bound by removing the least recently used entries", () => {
    const dir = freshDir();
    const small = store(dir, 2000);
    const outcome = (n: number) => ({
      path: `f${n}.ts`,
      summary: null,
      drafts: [],
      suppressions: [],
      diagnostics: [{ kind: "io-error" as const, path: `f${n}.ts`, message: "x".repeat(400) }],
    });
    const key = (n: number): string => n.toString(16).padStart(64, "0");
    // Written a minute apart, oldest first (a file's modification time is its last use).
    for (let n = 1; n <= 8; n++) {
      small.set(key(n), outcome(n));
      const written = new Date(Date.now() - (10 - n) * 60_000);
      utimesSync(small.pathOf(key(n)), written, written);
    }
    // Entry 1 is used again: it is the most recent, entries 2, 3, ... go first.
    expect(small.get(key(1))?.path).toBe("f1.ts");
    small.prune(Date.now());
    expect(small.stats.evicted).toBeGreaterThan(0);
    expect(small.get(key(1))?.path).toBe("f1.ts");
    expect(small.get(key(2))).toBeUndefined();
    const left = entryFiles(dir).reduce((sum, file) => sum + readFileSync(file).length, 0);
    expect(left).toBeLessThanOrEqual(2000);
  });

  it("--no-cache reads and writes nothing; --cache-dir puts the cache there and nowhere else", async () => {
    const work = freshDir();
    const repo = join(fixtures, "node-clean");
    const cacheDir = join(work, "cache");
    const io = fakeIo(work);
    await runAuditCommand(
      repo,
      { format: "json", out: join(work, "a"), timestamp: false, color: false, cache: false, cacheDir },
      io,
    );
    expect(existsSync(cacheDir)).toBe(false);
    await runAuditCommand(
      repo,
      { format: "json", out: join(work, "b"), timestamp: false, color: false, cacheDir },
      io,
    );
    expect(entryFiles(cacheDir).length).toBeGreaterThan(0);
    expect(io.err()).toMatch(/cache: 0 hits, \d+ analysed/);
    expect(readFileSync(join(work, "b", "audit.json"), "utf8")).toBe(
      readFileSync(join(work, "a", "audit.json"), "utf8"),
    );
    expect(readdirSync(repo)).not.toContain("cache");
  });
});

describe("persistent cache: delta", () => {
  it("both ends of a delta read and fill the same cache; a warm delta analyses nothing and reports the same", async () => {
    const repo = tempRepo();
    try {
      repo.commit("base", {
        "README.md": "# x\n",
        "app/core.py": "def f():\n    return 1\n",
        "app/util.py": "def g():\n    return 1\n",
      });
      repo.commit("change", {
        "app/core.py": "def f():\n    try:\n        return 2\n    except Exception:\n        pass\n",
      });
      const dir = freshDir();
      const withoutTimings = (report: object): string => JSON.stringify({ ...report, timings: null });
      const none = await runDelta({ path: repo.root, range: "HEAD~1..HEAD", noTimestamp: true });
      const coldStore = store(dir);
      const cold = await runDelta({
        path: repo.root,
        range: "HEAD~1..HEAD",
        noTimestamp: true,
        cache: coldStore,
      });
      // The head's unchanged files come from the base's outcomes, in memory: only changed files are analysed twice.
      expect(coldStore.stats.hits).toBe(0);
      const warmStore = store(dir);
      const warm = await runDelta({
        path: repo.root,
        range: "HEAD~1..HEAD",
        noTimestamp: true,
        cache: warmStore,
      });
      expect(warmStore.stats).toMatchObject({ hits: coldStore.stats.analysed, analysed: 0, written: 0 });
      expect(withoutTimings(cold.report)).toBe(withoutTimings(none.report));
      expect(withoutTimings(warm.report)).toBe(withoutTimings(none.report));
    } finally {
      repo.cleanup();
    }
  });
});
