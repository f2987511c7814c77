// A folder with no `.git` entry in it or above it is no git work tree: learnt without starting git. Any `.git` entry
// on the path still asks git, so a folder that is (or becomes) a repository, or a subfolder of one, is never missed.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mayBeInWorkTree, readGitInfo } from "../../src/repo/git.js";
import { runGit } from "../helpers/git.js";
import { scratchFolder } from "./scratch-store.js";

const { freshDir } = scratchFolder("codeaudit-git-lookup-test-");

function plainTree(): string {
  const root = freshDir();
  mkdirSync(join(root, "pkg", "inner"), { recursive: true });
  writeFileSync(join(root, "pkg", "inner", "a.go"), "package inner\n");
  return root;
}

describe("finding a work tree without starting git", () => {
  it("answers no for a plain folder (the scratch space lies under no repository) and git agrees", () => {
    const root = plainTree();
    expect(mayBeInWorkTree(root)).toBe(false);
    expect(mayBeInWorkTree(join(root, "pkg", "inner"))).toBe(false);
    expect(readGitInfo(root)).toBeNull();
  });

  it("asks git once a `.git` folder, file or dangling link is in the folder or above it", () => {
    const root = plainTree();
    runGit(root, ["init", "-q"]);
    expect(mayBeInWorkTree(join(root, "pkg", "inner"))).toBe(true);
    const info = readGitInfo(join(root, "pkg", "inner"));
    expect(info?.topLevel).toBeTruthy();

    const linked = plainTree();
    writeFileSync(join(linked, "pkg", ".git"), "gitdir: /nowhere\n");
    expect(mayBeInWorkTree(join(linked, "pkg", "inner"))).toBe(true);
    expect(mayBeInWorkTree(linked)).toBe(false);

    const dangling = plainTree();
    symlinkSync(join(dangling, "missing"), join(dangling, ".git"));
    expect(mayBeInWorkTree(join(dangling, "pkg"))).toBe(true);
  });

  it("finds the repository through a link to a folder inside it (git looks from the real path)", () => {
    const repo = plainTree();
    runGit(repo, ["init", "-q"]);
    const outside = freshDir();
    mkdirSync(outside, { recursive: true });
    symlinkSync(join(repo, "pkg"), join(outside, "link"));
    expect(mayBeInWorkTree(join(outside, "link"))).toBe(true);
    expect(readGitInfo(join(outside, "link"))).not.toBeNull();
  });
});
