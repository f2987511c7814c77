// The whole-run entry (an unchanged tree's audit read from one cache entry) and the stat index of content hashes
// are never stale: anything the audit reads that changed (a source file, a file only collectors read, the listing,
// the configuration, the code, an advisory store, a coverage report) means a full run, whose report is the uncached
// one; and reports read from a stored run are byte-identical to uncached ones.
import { cpSync, existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { importAdvisories } from "../../src/advisories/store.js";
import { ContentHashes } from "../../src/cache/content-hashes.js";
import { OutcomeStore } from "../../src/cache/outcome-store.js";
import type { LoadedConfig } from "../../src/config/load-config.js";
import { runAuditCommand } from "../../src/cli/audit.js";
import { auditReport } from "../../src/pipeline/audit-report.js";
import type { AuditOptions } from "../../src/pipeline/audit-repository.js";
import { renderJson } from "../../src/report/json.js";
import { renderSarif } from "../../src/report/sarif.js";
import { tempRepo } from "../delta-git-repo.js";
import { fakeIo } from "../helpers/fake-io.js";
import { racyClock } from "../helpers/racy-clock.js";
import { scratchFolder, scratchStore } from "./scratch-store.js";

const fixtures = resolve(import.meta.dirname, "..", "fixtures");
const { freshDir } = scratchFolder("codeaudit-run-entry-test-");
const store = (dir: string, codeFingerprint?: string): OutcomeStore =>
  scratchStore(dir, undefined, codeFingerprint);
/** Files changed less than two seconds ago are never trusted by their stat: `settle()` moves the clock past that. */
const { settle } = racyClock();

interface Reported {
  json: string;
  sarif: string;
  stored: boolean;
}

async function report(
  path: string,
  cache: OutcomeStore | null,
  extra: Partial<AuditOptions> = {},
): Promise<Reported> {
  const run = await auditReport({
    path,
    noTimestamp: true,
    advisoryDir: null,
    ...extra,
    ...(cache ? { cache } : {}),
  });
  return {
    json: renderJson(run.audit),
    sarif: renderSarif(run.audit, run.rules, { suppressed: run.suppressedFindings }),
    stored: run.fromStoredRun,
  };
}

async function copyOf(fixture: string): Promise<string> {
  const path = freshDir();
  cpSync(join(fixtures, fixture), path, { recursive: true });
  await settle();
  return path;
}

describe("whole-run entry: byte-identical reports", () => {
  for (const fixture of ["node-service", "go-service", "python-service", "elixir-phoenix"]) {
    it(`${fixture}: audit.json and SARIF are the same without the cache, cold, and read from the stored run`, async () => {
      const path = await copyOf(fixture);
      const cache = store(freshDir());
      const none = await report(path, null);
      const cold = await report(path, cache);
      const warm = await report(path, cache);
      expect(cold.stored).toBe(false);
      expect(warm.stored).toBe(true);
      expect(cold.json).toBe(none.json);
      expect(warm.json).toBe(none.json);
      expect(warm.sarif).toBe(none.sarif);
    }, 240_000);
  }

  it("a stored run stamps its own date, and --no-timestamp runs stay identical", async () => {
    const path = await copyOf("go-service");
    const cache = store(freshDir());
    await report(path, cache);
    const stamped = await auditReport({ path, cache, advisoryDir: null });
    expect(stamped.fromStoredRun).toBe(true);
    expect(stamped.audit.generatedAt).not.toBeNull();
    expect(Date.now() - Date.parse(stamped.audit.generatedAt ?? "")).toBeLessThan(60_000);
  });
});

describe("whole-run entry: invalidation", () => {
  it("a changed source file: the run is not read, the report is the uncached one", async () => {
    const path = await copyOf("node-service");
    const cache = store(freshDir());
    const cold = await report(path, cache);
    const changed = join(path, "src", "server.ts");
    writeFileSync(changed, readFileSync(changed, "utf8") + "\ntry { run(); } catch (e) {}\n");
    const warm = await report(path, cache);
    expect(warm.stored).toBe(false);
    expect(warm.json).toBe((await report(path, null)).json);
    expect(warm.json).not.toBe(cold.json);
  });

  it("a changed file only collectors read (a lockfile): the run is not read", async () => {
    const path = await copyOf("node-service");
    const cache = store(freshDir());
    const cold = await report(path, cache);
    const lockfile = join(path, "package-lock.json");
    writeFileSync(lockfile, readFileSync(lockfile, "utf8").replace('"zod": "^3.22.4"', '"zod": "^3.23.8"'));
    const warm = await report(path, cache);
    expect(warm.stored).toBe(false);
    expect(warm.json).toBe((await report(path, null)).json);
    expect(warm.json).not.toBe(cold.json);
  });

  it("a file removed from the tree: the run is not read", async () => {
    const path = await copyOf("go-service");
    const cache = store(freshDir());
    const cold = await report(path, cache);
    unlinkSync(join(path, "README.md"));
    const warm = await report(path, cache);
    expect(warm.stored).toBe(false);
    expect(warm.json).toBe((await report(path, null)).json);
    expect(warm.json).not.toBe(cold.json);
  });

  it("a changed repository rule setting (which no file's analysis reads): the run is not read", async () => {
    const path = await copyOf("node-service");
    const cache = store(freshDir());
    const cold = await report(path, cache);
    expect(cold.json).toContain('"ruleId": "docs/missing-project-file"');
    const repoRuleOff: LoadedConfig = {
      config: { rules: { "docs/missing-project-file": "off" } },
      path: null,
    };
    const warm = await report(path, cache, { config: repoRuleOff });
    expect(warm.stored).toBe(false);
    expect(warm.json).toBe((await report(path, null, { config: repoRuleOff })).json);
    expect(warm.json).not.toContain('"ruleId": "docs/missing-project-file"');
  });

  it("a changed code fingerprint: the run is not read", async () => {
    const path = await copyOf("go-service");
    const dir = freshDir();
    await report(path, store(dir, "code-a"));
    expect((await report(path, store(dir, "code-a"))).stored).toBe(true);
    expect((await report(path, store(dir, "code-b"))).stored).toBe(false);
  });

  it("an advisory store imported into, and a coverage report changed: the run is not read", async () => {
    const path = await copyOf("node-service");
    const cache = store(freshDir());
    const advisories = freshDir();
    const before = await report(path, cache, { advisoryDir: advisories });
    expect((await report(path, cache, { advisoryDir: advisories })).stored).toBe(true);
    await importAdvisories(join(fixtures, "osv-sample"), advisories);
    const after = await report(path, cache, { advisoryDir: advisories });
    expect(after.stored).toBe(false);
    expect(after.json).toBe((await report(path, null, { advisoryDir: advisories })).json);
    expect(after.json).not.toBe(before.json);
    const coverage = (text: string): Partial<AuditOptions> => ({
      coverageFiles: [{ label: "lcov.info", text }],
    });
    const first = "SF:src/server.ts\nLF:10\nLH:2\nend_of_record\n";
    await report(path, cache, coverage(first));
    expect((await report(path, cache, coverage(first))).stored).toBe(true);
    expect((await report(path, cache, coverage(first.replace("LH:2", "LH:9")))).stored).toBe(false);
  });

  it("a git history scan is never read from a stored run, nor stored", async () => {
    const repo = tempRepo();
    try {
      repo.commit("base", { "README.md": "# x\n", "app/core.py": "def f():\n    return 1\n" });
      await settle();
      const dir = freshDir();
      const cache = store(dir);
      const first = await report(repo.root, cache, { historyRange: "HEAD" });
      const again = await report(repo.root, cache, { historyRange: "HEAD" });
      expect(first.stored).toBe(false);
      expect(again.stored).toBe(false);
      expect(again.json).toBe(first.json);
      expect(existsSync(join(dir, "runs-v1"))).toBe(false);
      // Without the scan, the same tree's run is stored and read.
      await report(repo.root, cache);
      expect((await report(repo.root, cache)).stored).toBe(true);
    } finally {
      repo.cleanup();
    }
  });

  it("a corrupted or foreign stored run is ignored and rewritten", async () => {
    const path = await copyOf("python-service");
    const dir = freshDir();
    const cache = store(dir);
    const cold = await report(path, cache);
    const runs = join(dir, "runs-v1");
    // The run is the largest entry: small ones beside it (its source-file count, kept reports) live there too.
    const entries = readdirSync(runs).flatMap((shard) =>
      readdirSync(join(runs, shard)).map((name) => join(runs, shard, name)),
    );
    const entry = entries.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
    const bytes = readFileSync(entry);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(entry, bytes);
    const damaged = await report(path, cache);
    expect(damaged.stored).toBe(false);
    expect(damaged.json).toBe(cold.json);
    expect(cache.stats.corrupt).toBe(1);
    expect((await report(path, cache)).stored).toBe(true);
  });

  it("a run over files changed too recently to tell by their stat is not stored", async () => {
    const path = freshDir();
    cpSync(join(fixtures, "go-service"), path, { recursive: true });
    const cache = store(freshDir());
    await report(path, cache); // just copied: every file is within the racy margin
    expect((await report(path, cache)).stored).toBe(false);
  });
});

describe("content hashes by stat", () => {
  it("an unchanged file is not read again; a changed one is, even with the same size; a recent one is never trusted", async () => {
    const root = freshDir();
    cpSync(join(fixtures, "go-service"), root, { recursive: true });
    const file = join(root, "go.mod");
    const cacheDir = freshDir();
    let reads = 0;
    const read = (): Buffer => (reads++, readFileSync(file));
    const first = new ContentHashes(cacheDir, root);
    const hash = first.hash("go.mod", file, read);
    first.save();
    // Just written: hashed again (a same-second change could not be told by its stat).
    const second = new ContentHashes(cacheDir, root);
    expect(second.hash("go.mod", file, read)).toBe(hash);
    expect(reads).toBe(2);
    second.save();
    await settle();
    const third = new ContentHashes(cacheDir, root);
    third.hash("go.mod", file, read);
    third.save();
    expect(reads).toBe(3);
    const fourth = new ContentHashes(cacheDir, root);
    expect(fourth.hash("go.mod", file, read)).toBe(hash);
    expect(reads).toBe(3);
    expect(fourth.reused).toBe(1);
    // Same size, new content: the stat differs (times, change time), so it is read.
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/.$/s, text.endsWith("x") ? "y" : "x"));
    const fifth = new ContentHashes(cacheDir, root);
    expect(fifth.hash("go.mod", file, read)).not.toBe(hash);
    expect(reads).toBe(4);
  });

  it("a damaged index is ignored", async () => {
    const root = await copyOf("go-service");
    const cacheDir = freshDir();
    const hashes = new ContentHashes(cacheDir, root);
    hashes.hash("go.mod", join(root, "go.mod"), () => readFileSync(join(root, "go.mod")));
    hashes.save();
    const statDir = join(cacheDir, "stat-v1");
    expect(readdirSync(statDir)).toHaveLength(1);
    for (const name of readdirSync(statDir)) writeFileSync(join(statDir, name), "not an index");
    const again = new ContentHashes(cacheDir, root);
    let reads = 0;
    again.hash("go.mod", join(root, "go.mod"), () => (reads++, readFileSync(join(root, "go.mod"))));
    expect(reads).toBe(1);
  });
});

describe("the audit command reads the stored run", () => {
  it("the second run of `codeaudit audit` analyses nothing and writes the same audit.json", async () => {
    const work = freshDir();
    const repo = await copyOf("node-clean");
    const cacheDir = join(work, "cache");
    const io = fakeIo(work);
    const options = {
      format: "json,sarif",
      timestamp: false,
      color: false,
      cacheDir,
      history: false,
    } as const;
    await runAuditCommand(repo, { ...options, out: join(work, "a") }, io);
    await runAuditCommand(repo, { ...options, out: join(work, "b") }, io);
    expect(io.err()).toMatch(/cache: (\d+) hits, 0 analysed/);
    expect(readFileSync(join(work, "b", "audit.json"), "utf8")).toBe(
      readFileSync(join(work, "a", "audit.json"), "utf8"),
    );
    expect(readFileSync(join(work, "b", "audit.sarif"), "utf8")).toBe(
      readFileSync(join(work, "a", "audit.sarif"), "utf8"),
    );
  });
});
