import { describe, expect, it } from "vitest";
import { applyPatches } from "../../test/helpers/patch-check.js";
import { unifiedDiff, unifiedDiffForEdit, unifiedDiffForEdits } from "./unified-diff.js";

const numbered = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join("");

describe("unified diffs", () => {
  it("writes one hunk with three lines of context for a single edit", () => {
    const text = numbered(10);
    const start = text.indexOf("line 5");
    expect(unifiedDiffForEdit("a.txt", text, start, start + 6, "LINE 5")).toBe(
      [
        "--- a/a.txt",
        "+++ b/a.txt",
        "@@ -2,7 +2,7 @@",
        " line 2",
        " line 3",
        " line 4",
        "-line 5",
        "+LINE 5",
        " line 6",
        " line 7",
        " line 8",
        "",
      ].join("\n"),
    );
  });

  it("writes one hunk per distant edit and joins edits whose context touches", () => {
    const text = numbered(30);
    const at = (n: number) => text.indexOf(`line ${n}\n`);
    const patch = unifiedDiffForEdits("a.txt", text, [
      { start: at(25), end: at(25) + 7, inserted: "LINE 25" },
      { start: at(2), end: at(2) + 6, inserted: "LINE 2" },
      { start: at(8), end: at(8), inserted: "inserted\n" },
    ]);
    expect(patch.match(/^@@.*@@$/gm)).toEqual(["@@ -1,10 +1,11 @@", "@@ -22,7 +23,7 @@"]);
    const { texts } = applyPatches({ "a.txt": text }, [patch]);
    expect(texts["a.txt"]).toBe(
      text
        .replace("line 2\n", "LINE 2\n")
        .replace("line 8\n", "inserted\nline 8\n")
        .replace("line 25", "LINE 25"),
    );
  });

  it("rewrites two edits on one line as one change and keeps a missing final newline", () => {
    const text = "a = f(x) + f(y)";
    const patch = unifiedDiffForEdits("a.py", text, [
      { start: 4, end: 8, inserted: "g(x)" },
      { start: 11, end: 15, inserted: "g(y)" },
    ]);
    expect(patch).toBe(
      [
        "--- a/a.py",
        "+++ b/a.py",
        "@@ -1,1 +1,1 @@",
        "-a = f(x) + f(y)",
        "\\ No newline at end of file",
        "+a = g(x) + g(y)",
        "\\ No newline at end of file",
        "",
      ].join("\n"),
    );
    expect(applyPatches({ "a.py": text }, [patch]).texts["a.py"]).toBe("a = g(x) + g(y)");
  });

  it("shows an insertion of whole lines as added lines only", () => {
    const text = "on: push\njobs:\n  a: {}\n";
    const at = text.indexOf("jobs:");
    const patch = unifiedDiffForEdit("w.yml", text, at, at, "permissions:\n  contents: read\n");
    expect(patch).toContain(" on: push\n+permissions:\n+  contents: read\n jobs:\n");
  });

  it("rejects overlapping edits and gives an empty diff for no change", () => {
    expect(() =>
      unifiedDiffForEdits("a", "abcdef", [
        { start: 0, end: 3, inserted: "x" },
        { start: 2, end: 4, inserted: "y" },
      ]),
    ).toThrow(/overlapping/);
    expect(unifiedDiff("a", "same\n", "same\n")).toBe("");
  });
});
