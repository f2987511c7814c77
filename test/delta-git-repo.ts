// Test helper for the delta tests: a throwaway git repository in a temp dir, with commits made file by file.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface TempRepo {
  root: string;
  git(...args: string[]): string;
  /** Writes (string) or deletes (null) files, commits them and returns the new commit hash. */
  commit(message: string, files: Record<string, string | null>): string;
  cleanup(): void;
}

const IDENTITY = [
  "-c",
  "user.name=Delta Tester",
  "-c",
  "user.email=delta@example.invalid",
  "-c",
  "commit.gpgsign=false",
  "-c",
  "init.defaultBranch=main",
];

export function tempRepo(prefix = "codeaudit-delta-"): TempRepo {
  const parent = mkdtempSync(join(tmpdir(), prefix));
  const root = join(parent, "project");
  mkdirSync(root);
  const git = (...args: string[]): string =>
    execFileSync("git", [...IDENTITY, ...args], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
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
      execFileSync("git", [...IDENTITY, "commit", "-q", "-m", message], {
        cwd: root,
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
        stdio: ["ignore", "pipe", "pipe"],
      });
      return git("rev-parse", "HEAD").trim();
    },
    cleanup() {
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
