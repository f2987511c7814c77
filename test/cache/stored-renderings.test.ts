// Reports kept with a stored run (pipeline/audit-report `renderings`, cli/audit): an unchanged tree's `codeaudit
// audit` writes the reports and the summary rendered by the run that stored the result, and they are byte-identical
// to what rendering gives. Each input a kept report depends on invalidates it: the run's key (any file, the
// configuration, the code), the report's name, the summary's colour and files, the date, a baseline.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildBaseline, renderBaseline } from "../../src/cli/baseline-file.js";
import { runAuditCommand } from "../../src/cli/audit.js";
import { auditReport } from "../../src/pipeline/audit-report.js";
import { toolHomepage } from "../../src/util/project-links.js";
import { fakeIo } from "../helpers/fake-io.js";
import { racyClock } from "../helpers/racy-clock.js";
import { scratchFolder, scratchStore } from "./scratch-store.js";

const fixtures = resolve(import.meta.dirname, "..", "fixtures");
const { freshDir } = scratchFolder("codeaudit-stored-renderings-test-");
/** Files changed less than two seconds ago are never trusted by their stat: `settle()` moves the clock past that. */
const { settle } = racyClock();
const FILES = ["AUDIT.md", "audit.json", "audit.sarif", "gl-code-quality-report.json", "audit.html"];

async function copyOf(fixture: string): Promise<string> {
  const path = freshDir();
  cpSync(join(fixtures, fixture), path, { recursive: true });
  await settle();
  return path;
}

interface Written {
  files: Record<string, string>;
  stdout: string;
}

async function audit(
  repo: string,
  cacheDir: string | null,
  extra: { timestamp?: boolean; baseline?: string; out?: string; format?: string } = {},
): Promise<Written> {
  const work = freshDir();
  const out = extra.out ?? join(work, "out");
  const io = fakeIo(work);
  const code = await runAuditCommand(
    repo,
    {
      format: extra.format ?? "md,json,sarif,gitlab,html",
      out,
      timestamp: extra.timestamp ?? false,
      color: false,
      history: false,
      ...(extra.baseline ? { baseline: extra.baseline } : {}),
      ...(cacheDir ? { cacheDir } : { cache: false }),
    },
    io,
  );
  expect(code).toBe(0);
  const files: Record<string, string> = {};
  for (const name of readdirSync(out)) files[name] = readFileSync(join(out, name), "utf8");
  // The summary names the files written, by their path from the working folder: shown relative to the folder.
  return { files, stdout: io.out().split(work).join("<work>") };
}

/** Every entry of the whole-run folder (the stored run and the renderings kept with it). */
function runEntries(cacheDir: string): number {
  const runs = join(cacheDir, "runs-v1");
  return readdirSync(runs).reduce((sum, shard) => sum + readdirSync(join(runs, shard)).length, 0);
}

describe("reports kept with a stored run", () => {
  for (const fixture of ["node-service", "go-service"]) {
    it(`${fixture}: every report and the summary are the same uncached, cold, and from the kept renderings`, async () => {
      const repo = await copyOf(fixture);
      const cacheDir = freshDir();
      const none = await audit(repo, null);
      const cold = await audit(repo, cacheDir);
      // The stored run, its count of source files, one rendering per format and the summary.
      expect(runEntries(cacheDir)).toBe(2 + FILES.length + 1);
      const warm = await audit(repo, cacheDir);
      expect(runEntries(cacheDir)).toBe(2 + FILES.length + 1);
      expect(Object.keys(none.files).sort()).toEqual([...FILES].sort());
      for (const name of FILES) {
        expect(cold.files[name], name).toBe(none.files[name]);
        expect(warm.files[name], name).toBe(none.files[name]);
      }
      expect(cold.stdout).toBe(none.stdout);
      expect(warm.stdout).toBe(none.stdout);
    }, 240_000);
  }

  it("a kept rendering is the one read on the next run (not rendered again)", async () => {
    const repo = await copyOf("go-service");
    const cacheDir = freshDir();
    await audit(repo, cacheDir, { format: "json" });
    const run = await auditReport({ path: repo, cache: scratchStore(cacheDir), noTimestamp: true });
    expect(run.fromStoredRun).toBe(true);
    const inputs = { homepage: toolHomepage() };
    const kept = run.renderings?.get("json", inputs);
    expect(kept).toBeDefined();
    // Marked in place of the kept text: the next run writes what was kept, so the mark shows.
    run.renderings?.set("json", inputs, `${kept}MARK`);
    const next = await audit(repo, cacheDir, { format: "json" });
    expect(next.files["audit.json"]?.endsWith("MARK")).toBe(true);
  });
});

describe("reports kept with a stored run: invalidation", () => {
  it("a changed file: the reports are rendered from the new result (uncached ones)", async () => {
    const repo = await copyOf("node-service");
    const cacheDir = freshDir();
    const cold = await audit(repo, cacheDir);
    await audit(repo, cacheDir);
    const changed = join(repo, "src", "server.ts");
    writeFileSync(changed, readFileSync(changed, "utf8") + "\ntry { run(); } catch (e) {}\n");
    await settle();
    const edited = await audit(repo, cacheDir);
    const none = await audit(repo, null);
    expect(edited.files["audit.json"]).not.toBe(cold.files["audit.json"]);
    for (const name of FILES) expect(edited.files[name], name).toBe(none.files[name]);
    expect(edited.stdout).toBe(none.stdout);
    // And the edited tree's own renderings are then kept and read.
    const again = await audit(repo, cacheDir);
    for (const name of FILES) expect(again.files[name], name).toBe(none.files[name]);
  }, 240_000);

  it("the summary follows the files written (another --out)", async () => {
    const repo = await copyOf("go-service");
    const cacheDir = freshDir();
    const first = await audit(repo, cacheDir, { format: "json", out: join(freshDir(), "one") });
    const second = await audit(repo, cacheDir, { format: "json", out: join(freshDir(), "two") });
    expect(first.stdout).toContain("one");
    expect(second.stdout).toContain("two");
    expect(second.stdout).not.toContain("one");
  });

  it("with the date on, the reports carry this run's date, not the kept ones'", async () => {
    const repo = await copyOf("go-service");
    const cacheDir = freshDir();
    await audit(repo, cacheDir, { format: "json,md" });
    const dated = await audit(repo, cacheDir, { format: "json,md", timestamp: true });
    const generatedAt = (JSON.parse(dated.files["audit.json"] ?? "{}") as { generatedAt: unknown })
      .generatedAt;
    expect(typeof generatedAt).toBe("string");
    expect(dated.files["AUDIT.md"]).not.toContain("omitted (--no-timestamp)");
  });

  it("with a baseline, the reports show the baseline split, not the kept reports", async () => {
    const repo = await copyOf("node-service");
    const cacheDir = freshDir();
    const plain = await audit(repo, cacheDir, { format: "json" });
    const stored = await auditReport({ path: repo, noTimestamp: true });
    const folder = freshDir();
    mkdirSync(folder, { recursive: true });
    const baselineFile = join(folder, "baseline.json");
    writeFileSync(baselineFile, renderBaseline(buildBaseline(stored.audit, null)));
    const split = await audit(repo, cacheDir, { format: "json", baseline: baselineFile });
    const none = await audit(repo, null, { format: "json", baseline: baselineFile });
    expect(split.files["audit.json"]).toBe(none.files["audit.json"]);
    expect(split.files["audit.json"]).not.toBe(plain.files["audit.json"]);
    expect(split.files["audit.json"]).toContain('"baselinedIds"');
  }, 240_000);
});
