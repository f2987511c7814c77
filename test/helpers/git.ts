// Test helper: git as every test must run it — independent of the machine's global and system configuration
// (commit signing, default branch, hooks, identity), with fixed dates so commits are reproducible.
import { execFileSync } from "node:child_process";

/** The environment every test's git runs in: no global or system config, a fixed identity and date. */
export function pinnedGitEnv(date = "2024-01-01T12:00:00Z"): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Codeaudit Tester",
    GIT_AUTHOR_EMAIL: "tester@example.invalid",
    GIT_COMMITTER_NAME: "Codeaudit Tester",
    GIT_COMMITTER_EMAIL: "tester@example.invalid",
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
}

/** Options that must hold even if a test repository's own config says otherwise. */
export const PINNED_GIT_OPTIONS = [
  "-c",
  "commit.gpgsign=false",
  "-c",
  "tag.gpgsign=false",
  "-c",
  "init.defaultBranch=main",
];

/** Runs git in `cwd` with the pinned environment and options; returns its stdout. */
export function runGit(cwd: string, args: string[], date?: string): string {
  return execFileSync("git", [...PINNED_GIT_OPTIONS, ...args], {
    cwd,
    encoding: "utf8",
    env: pinnedGitEnv(date),
    stdio: ["ignore", "pipe", "pipe"],
  });
}
