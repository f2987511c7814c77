// Range facts for the delta audit: range specs, classification, added-line parsing, renames, merge bases
// and the shallow-clone message.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyChange } from "../src/delta/classify.js";
import {
  DeltaHistoryError,
  inRanges,
  parseAddedLines,
  parseRangeSpec,
  readRangeFacts,
  resolveRange,
} from "../src/delta/range.js";
import { tempRepo, type TempRepo } from "./delta-git-repo.js";
import { runGit } from "./helpers/git.js";

describe("delta range parsing", () => {
  it("reads two-dot, three-dot and single-ref ranges", () => {
    expect(parseRangeSpec("origin/main..HEAD")).toEqual({
      base: "origin/main",
      head: "HEAD",
      mergeBase: false,
    });
    expect(parseRangeSpec("v1.0...feature")).toEqual({ base: "v1.0", head: "feature", mergeBase: true });
    expect(parseRangeSpec("abc123")).toEqual({ base: "abc123", head: "HEAD", mergeBase: false });
  });

  it("classifies changed paths", () => {
    expect(classifyChange("priv/repo/migrations/20240101_create_users.exs")).toBe("migrations");
    expect(classifyChange("db/migrate/20240101_add.rb")).toBe("migrations");
    expect(classifyChange("mix.lock")).toBe("dependencies");
    expect(classifyChange("requirements-dev.txt")).toBe("dependencies");
    expect(classifyChange(".github/workflows/ci.yml")).toBe("ci");
    expect(classifyChange("tests/test_api.py")).toBe("tests");
    expect(classifyChange("src/app.test.ts")).toBe("tests");
    expect(classifyChange("docs/guide.md")).toBe("docs");
    expect(classifyChange("CHANGELOG.md")).toBe("docs");
    expect(classifyChange("config/runtime.exs")).toBe("code");
    expect(classifyChange("Dockerfile")).toBe("config");
    expect(classifyChange(".eslintrc.json")).toBe("config");
    expect(classifyChange("lib/app/router.ex")).toBe("code");
    // Near-misses: a folder named like a migration folder but not holding migrations, a docs-like name in code.
    expect(classifyChange("lib/migrations_helper.ex")).toBe("code");
    expect(classifyChange("src/readme_parser.py")).toBe("code");
  });

  it("parses zero-context hunks into head-side line ranges", () => {
    const diff = [
      "diff --git a/a.py b/a.py",
      "--- a/a.py",
      "+++ b/a.py",
      "@@ -3 +3,2 @@",
      "-x",
      "+y",
      "+z",
      "@@ -10,2 +11,0 @@",
      "-gone",
      "-gone",
      "diff --git a/new.py b/new.py",
      "--- /dev/null",
      "+++ b/new.py",
      "@@ -0,0 +1 @@",
      "+hello",
      "diff --git a/old.py b/old.py",
      "--- a/old.py",
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-bye",
    ].join("\n");
    const added = parseAddedLines(diff);
    expect([...added.keys()]).toEqual(["a.py", "new.py"]);
    expect(added.get("a.py")).toEqual([[3, 4]]);
    expect(added.get("new.py")).toEqual([[1, 1]]);
    expect(inRanges(added.get("a.py"), 4)).toBe(true);
    expect(inRanges(added.get("a.py"), 11)).toBe(false);
  });
});

describe("delta range facts from git", () => {
  let repo: TempRepo;
  let base: string;
  beforeAll(() => {
    repo = tempRepo();
    base = repo.commit("base", {
      "lib/long_module_name.py": Array.from({ length: 30 }, (_, i) => `value_${i} = ${i}\n`).join(""),
      "README.md": "x\n",
    });
    repo.git("checkout", "-q", "-b", "feature");
    repo.git("mv", "lib/long_module_name.py", "lib/renamed_module.py");
    repo.commit("rename", {
      "lib/renamed_module.py": Array.from(
        { length: 30 },
        (_, i) => `value_${i} = ${i === 5 ? 50 : i}\n`,
      ).join(""),
    });
    repo.git("checkout", "-q", "main");
    repo.commit("main moves on", { "README.md": "y\n" });
  });
  afterAll(() => repo.cleanup());

  it("follows renames and counts the lines changed", () => {
    const facts = readRangeFacts(repo.root, parseRangeSpec(`${base}..feature`));
    expect(facts.files).toEqual([
      {
        path: "lib/renamed_module.py",
        oldPath: "lib/long_module_name.py",
        status: "renamed",
        kind: "code",
        insertions: 1,
        deletions: 1,
      },
    ]);
    expect(facts.commits.map((c) => c.subject)).toEqual(["rename"]);
    expect(facts.addedLines.get("lib/renamed_module.py")).toEqual([[6, 6]]);
  });

  it("compares from the merge base with three dots", () => {
    const three = readRangeFacts(repo.root, parseRangeSpec("main...feature"));
    expect(three.base).toBe(base);
    expect(three.files.map((f) => f.path)).toEqual(["lib/renamed_module.py"]);
    const two = readRangeFacts(repo.root, parseRangeSpec("main..feature"));
    expect(two.files.map((f) => f.path).sort()).toEqual(["README.md", "lib/renamed_module.py"]);
  });

  it("audits a subfolder with paths relative to it and only the commits that touch it", () => {
    const sub = tempRepo();
    try {
      const start = sub.commit("start", { "svc/app.py": "a = 1\n", "web/index.ts": "export {};\n" });
      sub.commit("web only", { "web/index.ts": "export const x = 1;\n" });
      sub.commit("svc change", { "svc/app.py": "a = 2\n" });
      const facts = readRangeFacts(join(sub.root, "svc"), parseRangeSpec(`${start}..HEAD`));
      expect(facts.files.map((f) => f.path)).toEqual(["app.py"]);
      expect(facts.commits.map((c) => c.subject)).toEqual(["svc change"]);
      expect(facts.addedLines.get("app.py")).toEqual([[1, 1]]);
    } finally {
      sub.cleanup();
    }
  });

  it("names an unknown ref in a full clone without the shallow message", () => {
    expect(() => resolveRange(repo.root, parseRangeSpec("nope..HEAD"))).toThrow(/unknown revision 'nope'/);
  });
});

describe("delta on a shallow clone", () => {
  let repo: TempRepo;
  let clone: string;
  let first: string;
  beforeAll(() => {
    repo = tempRepo();
    first = repo.commit("one", { "a.py": "a = 1\n" });
    for (let i = 2; i <= 6; i++) repo.commit(`commit ${i}`, { "a.py": `a = ${i}\n` });
    clone = join(mkdtempSync(join(tmpdir(), "codeaudit-shallow-")), "clone");
    runGit(repo.root, ["clone", "-q", "--depth", "2", `file://${repo.root}`, clone]);
  });
  afterAll(() => {
    repo.cleanup();
    rmSync(join(clone, ".."), { recursive: true, force: true });
  });

  it("says which history is missing and how to fetch it", () => {
    let message = "";
    try {
      resolveRange(clone, parseRangeSpec(`${first}..HEAD`));
    } catch (error) {
      expect(error).toBeInstanceOf(DeltaHistoryError);
      message = (error as Error).message;
    }
    expect(message).toContain("shallow clone");
    expect(message).toContain(`the base ${first} is not in it`);
    expect(message).toMatch(/git fetch --deepen=\d+/);
    expect(message).toContain("git fetch --unshallow");
    expect(message).toContain("fetch-depth: 0");
  });

  it("reports a base that was fetched but sits behind the cut", () => {
    runGit(clone, ["fetch", "-q", "--depth", "1", "origin", first]);
    expect(() => resolveRange(clone, parseRangeSpec(`${first}..HEAD`))).toThrow(DeltaHistoryError);
  });

  it("names the remote and branch when the base is a remote-tracking ref", () => {
    let message = "";
    try {
      resolveRange(clone, parseRangeSpec("origin/release..HEAD"));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/git fetch --deepen=\d+ origin release/);
    expect(message).toContain("git fetch origin release:refs/remotes/origin/release");
  });

  it("works inside the fetched history", () => {
    const facts = readRangeFacts(clone, parseRangeSpec("HEAD~1..HEAD"));
    expect(facts.commits).toHaveLength(1);
  });
});
