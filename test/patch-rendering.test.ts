// Patches as the reports show them: several findings' patches to one file are combined per file in AUDIT.md
// and DELTA.md, and what the reports show applies with `git apply` and removes the findings.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderDeltaMarkdown } from "../src/delta/render-delta-md.js";
import { runDelta } from "../src/delta/run-delta.js";
import { auditRepository } from "../src/pipeline/audit-repository.js";
import { renderMarkdown } from "../src/report/markdown/render-markdown.js";
import { tempRepo } from "./delta-git-repo.js";

const RULE = "python/bare-except";
const handler = (name: string): string =>
  [`def ${name}():`, "    try:", "        work()", "    except:", "        log()", ""].join("\n");
const FILES = {
  "app/a.py": [handler("a"), handler("b")].join(""),
  "app/b.py": handler("c"),
};

/** The diff blocks of a Markdown report (their indentation removed). */
function diffBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^( *)```diff\n([\s\S]*?)^\1```$/gm)].map(([, pad, body]) =>
    (body ?? "")
      .split("\n")
      .map((line) => line.slice((pad ?? "").length))
      .join("\n"),
  );
}

describe("patches in the reports", () => {
  const repos: Array<ReturnType<typeof tempRepo>> = [];
  afterAll(() => repos.forEach((repo) => repo.cleanup()));

  it("AUDIT.md shows one combined diff per file for an issue with several patches, and it applies", async () => {
    const repo = tempRepo("codeaudit-patches-");
    repos.push(repo);
    repo.commit("code", FILES);
    const run = await auditRepository({ path: repo.root, noTimestamp: true, jobs: 1, advisoryDir: null });
    expect(run.audit.findings.filter((f) => f.ruleId === RULE)).toHaveLength(3);
    const markdown = renderMarkdown(run.audit);
    expect(markdown).toContain("**Patch** for 3 places, combined per file (`git apply` accepts it):");
    const blocks = diffBlocks(markdown).filter((block) => block.includes("except Exception:"));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.match(/^--- a\/.*$/gm)).toEqual(["--- a/app/a.py", "--- a/app/b.py"]);
    writeFileSync(join(repo.root, "..", "audit.patch"), blocks[0] ?? "");
    repo.git("apply", "--check", "../audit.patch");
    repo.git("apply", "../audit.patch");
    const after = await auditRepository({ path: repo.root, noTimestamp: true, jobs: 1, advisoryDir: null });
    expect(after.audit.findings.filter((f) => f.ruleId === RULE)).toEqual([]);
  });

  it("DELTA.md gives one patch per file, listing the fixes it combines, and they apply at head", async () => {
    const repo = tempRepo("codeaudit-patches-");
    repos.push(repo);
    const base = repo.commit("base", { "app/__init__.py": "" });
    const head = repo.commit("handlers", FILES);
    const run = await runDelta({ path: repo.root, range: `${base}..${head}`, jobs: 1, noTimestamp: true });
    const markdown = renderDeltaMarkdown(run.report);
    const section = markdown.slice(
      markdown.indexOf("## 6. Ready-to-Apply Patches"),
      markdown.indexOf("## 7."),
    );
    expect(section).toContain("### Patch 1: `app/a.py` — 2 fixes");
    expect(section).toContain("- Bare except or silently swallowed Exception (`app/a.py:4`)");
    expect(section).toContain("### Patch 2: Bare except or silently swallowed Exception (`app/b.py:4`)");
    const blocks = diffBlocks(section);
    expect(blocks).toHaveLength(2);
    blocks.forEach((block, i) => writeFileSync(join(repo.root, "..", `${i}.patch`), block));
    repo.git("apply", "--check", "../0.patch", "../1.patch");
    repo.git("apply", "../0.patch", "../1.patch");
    const after = await auditRepository({ path: repo.root, noTimestamp: true, jobs: 1, advisoryDir: null });
    expect(after.audit.findings.filter((f) => f.ruleId === RULE)).toEqual([]);
  });
});
