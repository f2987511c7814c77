// Test helper for the delta tests: a throwaway git repository in a temp dir, with commits made file by file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runGit } from "./helpers/git.js";

export interface TempRepo {
  root: string;
  git(...args: string[]): string;
  /** Writes (string) or deletes (null) files, commits them and returns the new commit hash. */
  commit(message: string, files: Record<string, string | null>): string;
  cleanup(): void;
}

export function tempRepo(prefix = "codeaudit-delta-"): TempRepo {
  const parent = mkdtempSync(join(tmpdir(), prefix));
  const root = join(parent, "project");
  mkdirSync(root);
  const git = (...args: string[]): string => runGit(root, args);
  git("init", "-q");
  let tick = 0;
  return {
    root,
    git,
    commit(message, files) {
      for (const [path, content] of Object.entries(files)) {
        const full = join(root, path);
        if (content === null) rmSync(full, { force: true });
        else {
          mkdirSync(dirname(full), { recursive: true });
          writeFileSync(full, content);
        }
      }
      git("add", "-A");
      tick++;
      const date = `2024-01-${String(tick).padStart(2, "0")}T12:00:00Z`;
      runGit(root, ["commit", "-q", "-m", message], date);
      return git("rev-parse", "HEAD").trim();
    },
    cleanup() {
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
