// The built CLI on a repository large enough for worker threads (> 150 files) and for worker recycling
// (> 25 batches of 40): the default path of every real audit, compared with the single-thread run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const cli = join(root, "bin", "codeaudit.js");
const FILES = 1_100;

interface AuditJson {
  findings: Array<{ id: string; ruleId: string; location: { path: string; startLine: number } | null }>;
  summary: { score: number };
}

describe("built CLI on a 1,100-file repository", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "codeaudit-workers-"));
    const repo = join(work, "repo");
    for (let i = 0; i < FILES; i++) {
      const dir = join(repo, "pkg", `m${Math.floor(i / 50)}`);
      mkdirSync(dir, { recursive: true });
      if (i % 3 === 0)
        writeFileSync(
          join(dir, `svc_${i}.py`),
          `import requests\n\n\ndef fetch_${i}(url):\n    # TODO: retry ${i}\n    return requests.get(url)\n`,
        );
      else if (i % 3 === 1)
        writeFileSync(join(dir, `mod${i}.js`), `export function run${i}(code) {\n  return eval(code);\n}\n`);
      else
        writeFileSync(
          join(dir, `f${i}.go`),
          `package m\n\nimport "os"\n\nfunc Remove${i}(p string) {\n\tos.Remove(p)\n}\n`,
        );
    }
    writeFileSync(join(repo, "README.md"), "# Generated\n");
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const audit = (out: string, extra: string[]) => {
    const run = spawnSync(
      process.execPath,
      [cli, "audit", "repo", "--out", out, "--no-timestamp", "--format", "json", ...extra],
      { cwd: work, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    return { ...run, audit: JSON.parse(readFileSync(join(work, out, "audit.json"), "utf8")) as AuditJson };
  };

  it("gives the same findings on worker threads (with recycling) as in one thread", () => {
    expect(existsSync(join(root, "dist", "engine", "file-worker.js")), "run `npm run build` first").toBe(
      true,
    );
    const pooled = audit("pooled", ["--jobs", "2"]);
    expect(pooled.status, pooled.stderr).toBe(0);
    // Without a terminal the progress is plain stage lines on stderr.
    expect(pooled.stderr).toMatch(/^codeaudit: /m);
    const single = audit("single", ["--jobs", "1", "--quiet"]);
    expect(single.status, single.stderr).toBe(0);
    expect(single.stderr).toBe("");
    const summary = (a: AuditJson) =>
      a.findings.map((f) => `${f.id} ${f.ruleId} ${f.location?.path}:${f.location?.startLine}`);
    expect(pooled.audit.findings.length).toBeGreaterThan(FILES / 2);
    expect(summary(pooled.audit)).toEqual(summary(single.audit));
    expect(pooled.audit.summary.score).toBe(single.audit.summary.score);
    for (const rule of ["node/eval-new-function", "python/requests-without-timeout"])
      expect(
        pooled.audit.findings.some((f) => f.ruleId === rule),
        rule,
      ).toBe(true);
  });
});
