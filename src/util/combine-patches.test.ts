import { describe, expect, it } from "vitest";
import { applyPatches } from "../../test/helpers/patch-check.js";
import { combinePatches, parsePatch } from "./combine-patches.js";
import { unifiedDiffForEdit } from "./unified-diff.js";

const text = Array.from({ length: 20 }, (_, i) => `line ${i + 1}\n`).join("");
const replace = (path: string, line: number, by: string, source = text): string => {
  const start = source.indexOf(`line ${line}\n`);
  return unifiedDiffForEdit(path, source, start, start + `line ${line}`.length, by);
};

describe("combinePatches", () => {
  it("combines patches with overlapping context into one diff that applies in one go", () => {
    const patches = [
      replace("a.txt", 5, "FIVE"),
      replace("a.txt", 3, "THREE"),
      replace("a.txt", 18, "EIGHTEEN"),
    ];
    const combined = combinePatches(patches);
    expect(combined.leftOut).toEqual([]);
    expect(combined.files.map((f) => [f.path, f.sources])).toEqual([["a.txt", [0, 1, 2]]]);
    expect(combined.files[0]?.patch.match(/^@@.*@@$/gm)).toEqual(["@@ -1,8 +1,8 @@", "@@ -15,6 +15,6 @@"]);
    const { texts } = applyPatches({ "a.txt": text }, [combined.files[0]?.patch ?? ""]);
    expect(texts["a.txt"]).toBe(
      text.replace("line 3\n", "THREE\n").replace("line 5\n", "FIVE\n").replace("line 18\n", "EIGHTEEN\n"),
    );
  });

  it("keeps one copy of identical patches and leaves out a different change of the same line", () => {
    const combined = combinePatches([
      replace("a.txt", 5, "FIVE"),
      replace("a.txt", 5, "FIVE"),
      replace("a.txt", 5, "5"),
    ]);
    expect(combined.leftOut).toEqual([2]);
    expect(combined.files[0]?.sources).toEqual([0, 1]);
    expect(combined.files[0]?.patch).toBe(replace("a.txt", 5, "FIVE"));
  });

  it("gives one diff per file, in path order, and reads the end-of-file marker", () => {
    const short = "x\ny";
    const combined = combinePatches([
      replace("b.txt", 1, "ONE"),
      unifiedDiffForEdit("a.txt", short, 2, 3, "z"),
      unifiedDiffForEdit("a.txt", short, 0, 1, "w"),
    ]);
    expect(combined.files.map((f) => f.path)).toEqual(["a.txt", "b.txt"]);
    const { texts } = applyPatches(
      { "a.txt": short, "b.txt": text },
      combined.files.map((f) => f.patch),
    );
    expect(texts["a.txt"]).toBe("w\nz");
    expect(texts["b.txt"]?.startsWith("ONE\nline 2\n")).toBe(true);
  });

  it("keeps two different insertions at one point, in the order given", () => {
    const at = text.indexOf("line 3\n");
    const combined = combinePatches([
      unifiedDiffForEdit("a.txt", text, at, at, "first\n"),
      unifiedDiffForEdit("a.txt", text, at, at, "second\n"),
    ]);
    expect(combined.leftOut).toEqual([]);
    const { texts } = applyPatches({ "a.txt": text }, [combined.files[0]?.patch ?? ""]);
    expect(texts["a.txt"]).toBe(text.replace("line 3\n", "first\nsecond\nline 3\n"));
  });

  it("gives a single patch back unchanged", () => {
    for (const patch of [
      replace("a.txt", 1, "ONE"),
      replace("a.txt", 20, "TWENTY"),
      unifiedDiffForEdit("b.txt", "x\ny", 3, 3, "\nz\n"),
      unifiedDiffForEdit("c.txt", "", 0, 0, "new\n"),
    ])
      expect(combinePatches([patch]).files[0]?.patch).toBe(patch);
  });

  it("refuses what is not a unified diff", () => {
    expect(parsePatch("not a diff")).toBeNull();
    expect(combinePatches(["garbage"]).leftOut).toEqual([0]);
  });
});
