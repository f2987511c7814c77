// The `duplication` config key: loaded, validated with a clear error, and passed to the clone search.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load-config.js";
import { auditRepository } from "../../pipeline/audit-repository.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repoWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "codeaudit-clones-config-"));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

describe("duplication config", () => {
  it("reads per-language thresholds and hands them to the clone search", async () => {
    const dir = repoWith({
      "codeaudit.config.yaml":
        "duplication:\n  minTokens: 80\n  languages:\n    python: { minTokens: 120, minLines: 8 }\n",
      "a.py": "x = 1\n",
    });
    const run = await auditRepository({ path: dir, noTimestamp: true, jobs: 1, advisoryDir: null });
    expect(run.engine.facts.clones.settings).toEqual({
      enabled: true,
      minTokens: 80,
      minLines: 6,
      languages: { python: { minTokens: 120, minLines: 8 } },
    });
    expect(run.weakening.some((note) => note.startsWith("copy-paste detection settings"))).toBe(true);
  });

  it("rejects an unknown language or a bad value, naming the key", () => {
    const dir = repoWith({
      "codeaudit.config.yaml": "duplication:\n  languages:\n    cobol: { minTokens: 10 }\n",
    });
    expect(() => loadConfig(dir)).toThrow(/duplication/);
    const bad = repoWith({ "codeaudit.config.yaml": "duplication:\n  minTokens: 2\n" });
    expect(() => loadConfig(bad)).toThrow(/minTokens/);
  });
});
