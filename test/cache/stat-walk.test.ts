// The walk's stat feeds the stat index (no second stat of an unchanged file), and excluded folders' line counts are
// remembered there by stat: never stale, and the same as counted without a cache.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContentHashes, statSignature } from "../../src/cache/content-hashes.js";
import { prepareAudit } from "../../src/pipeline/audit-repository.js";
import { racyClock } from "../helpers/racy-clock.js";
import { scratchFolder, scratchStore } from "./scratch-store.js";

const { freshDir } = scratchFolder("codeaudit-stat-walk-test-");
/** Files changed less than two seconds ago are never trusted by their stat: `settle()` moves the clock past that. */
const { settle } = racyClock();

function goModuleWithTestdata(): string {
  const root = freshDir();
  mkdirSync(join(root, "testdata"), { recursive: true });
  writeFileSync(join(root, "go.mod"), "module example.com/m\n\ngo 1.19\n");
  writeFileSync(join(root, "main.go"), "package main\n\nfunc main() {}\n");
  writeFileSync(join(root, "testdata", "input.go"), "package input\n\nvar a = 1\n");
  return root;
}

describe("the stat index and the walk", () => {
  it("remembers a file's line count by its stat and counts again once the stat changes", async () => {
    const root = goModuleWithTestdata();
    const file = join(root, "testdata", "input.go");
    await settle();
    const dir = freshDir();
    const first = new ContentHashes(dir, root);
    expect(first.lines("testdata/input.go", file, statSignature(file)?.signature, () => 3)).toBe(3);
    first.save();
    // Unchanged stat: the remembered count, the file is not counted again.
    const second = new ContentHashes(dir, root);
    expect(second.lines("testdata/input.go", file, statSignature(file)?.signature, () => 99)).toBe(3);
    second.save();
    appendFileSync(file, "var b = 2\n");
    const third = new ContentHashes(dir, root);
    expect(third.lines("testdata/input.go", file, statSignature(file)?.signature, () => 4)).toBe(4);
  });

  it("takes a content hash from the walk's stat only when it matches the remembered one", async () => {
    const root = goModuleWithTestdata();
    const file = join(root, "main.go");
    await settle();
    const dir = freshDir();
    const first = new ContentHashes(dir, root);
    const sha = first.hash("main.go", file, () => Buffer.from("package main\n\nfunc main() {}\n"));
    first.save();
    const walked = statSignature(file)?.signature;
    const second = new ContentHashes(dir, root);
    expect(second.hash("main.go", file, () => Buffer.from("never read"), walked)).toBe(sha);
    // A walk signature that does not match: the file's own stat decides (unchanged here: not read).
    const third = new ContentHashes(dir, root);
    expect(third.hash("main.go", file, () => Buffer.from("never read"), "0:0:0:0:0")).toBe(sha);
    // Changed: the walk's new stat matches nothing remembered, the file is read and hashed.
    appendFileSync(file, "// changed\n");
    const fourth = new ContentHashes(dir, root);
    const rewalked = statSignature(file)?.signature;
    expect(rewalked).not.toBe(walked);
    expect(fourth.hash("main.go", file, () => Buffer.from("changed"), rewalked)).not.toBe(sha);
  });

  it("gives excluded folders the line counts an uncached walk gives, after an excluded file changed", async () => {
    const root = goModuleWithTestdata();
    await settle();
    const cache = scratchStore(freshDir());
    const excludedOf = async (withCache: boolean): Promise<unknown> => {
      const prepared = await prepareAudit({ path: root, noTimestamp: true, cache: withCache ? cache : null });
      prepared.contentHashes?.save();
      return prepared.index.scope.excluded;
    };
    const uncached = await excludedOf(false);
    expect(uncached).toEqual([expect.objectContaining({ path: "testdata", kind: "test-data", lines: 3 })]);
    expect(await excludedOf(true)).toEqual(uncached);
    expect(await excludedOf(true)).toEqual(uncached);
    appendFileSync(join(root, "testdata", "input.go"), "var b = 2\nvar c = 3\n");
    const changed = await excludedOf(false);
    expect(changed).toEqual([expect.objectContaining({ path: "testdata", lines: 5 })]);
    expect(await excludedOf(true)).toEqual(changed);
    await settle();
    expect(await excludedOf(true)).toEqual(changed);
    expect(await excludedOf(true)).toEqual(changed);
  });
});
