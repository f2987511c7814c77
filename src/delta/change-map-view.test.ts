import { describe, expect, it } from "vitest";
import { changeMapView, MAX_MAP_FILES } from "./change-map-view.js";
import type { ChangedFile, RangeFacts } from "./types.js";

const file = (
  path: string,
  kind: ChangedFile["kind"],
  status: ChangedFile["status"] = "modified",
): ChangedFile => ({
  path,
  oldPath: null,
  status,
  kind,
  insertions: 2,
  deletions: 1,
});

const range = (files: ChangedFile[]): RangeFacts => ({
  base: "a",
  head: "b",
  baseRef: "main",
  headRef: "HEAD",
  commits: [],
  files,
  insertions: 0,
  deletions: 0,
  addedLines: new Map(),
  removedLines: new Map(),
});

describe("changeMapView", () => {
  it("draws files grouped by folder in code-unit order, deleted files only in the module counts", () => {
    const view = changeMapView(
      range([file("app/b.py", "code"), file("README.md", "docs"), file("app/old.py", "code", "deleted")]),
      { edges: [], touches: [], links: [] },
    );
    expect(view.byFile).toBe(true);
    expect(view.groups.map((g) => [g.folder, g.files.map((f) => f.path)])).toEqual([
      ["(root)", ["README.md"]],
      ["app", ["app/b.py"]],
    ]);
    expect(view.modules).toEqual([
      { folder: "(root)", files: 1, insertions: 2, deletions: 1, kinds: [{ kind: "docs", count: 1 }] },
      { folder: "app", files: 2, insertions: 4, deletions: 2, kinds: [{ kind: "code", count: 2 }] },
    ]);
    expect(view.kinds).toEqual([
      { kind: "code", count: 2 },
      { kind: "docs", count: 1 },
    ]);
  });

  it("switches to folders above the file limit and counts imports between folders", () => {
    const files = Array.from({ length: MAX_MAP_FILES + 1 }, (_, i) =>
      file(i % 2 === 0 ? `web/f${i}.ts` : `api/f${i}.ts`, "code"),
    );
    const view = changeMapView(range(files), {
      edges: [
        { from: "web/f0.ts", to: "api/f1.ts" },
        { from: "web/f2.ts", to: "api/f3.ts" },
        { from: "web/f2.ts", to: "web/f4.ts" },
      ],
      touches: [],
      links: [],
    });
    expect(view.byFile).toBe(false);
    expect(view.groups.map((g) => [g.folder, g.files.length])).toEqual([
      ["api", 30],
      ["web", 31],
    ]);
    expect(view.folderImports).toEqual([{ from: "web", to: "api", count: 2 }]);
  });
});
