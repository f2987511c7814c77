// Fetches one repository at one ref into a scratch folder with git: shallow where the server allows, no hook run.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Options that keep the fetched repository inert: no hooks, no fsmonitor, no system or user config that could name
 * filters; nothing from the repository runs while it is fetched and checked out.
 */
const SAFE_GIT = [
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "core.fsmonitor=false",
  "-c",
  "protocol.ext.allow=never",
];
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
};

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", [...SAFE_GIT, ...args], {
    cwd,
    env: GIT_ENV,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

/** Fetches `source` at `ref` (default: its HEAD) into the empty folder `dir`; returns the commit checked out. */
export async function fetchRepository(source: string, ref: string | null, dir: string): Promise<string> {
  await git(dir, ["init", "-q"]);
  await git(dir, ["remote", "add", "origin", source]);
  const wanted = ref ?? "HEAD";
  try {
    await git(dir, ["fetch", "-q", "--depth", "1", "--no-tags", "origin", wanted]);
  } catch {
    // A commit id the server will not serve shallow (or a dumb transport): fetch everything, then find it.
    await git(dir, ["fetch", "-q", "--tags", "origin", "+refs/heads/*:refs/remotes/origin/*"]);
    let commit: string;
    try {
      commit = await git(dir, ["rev-parse", "--verify", "--end-of-options", `${wanted}^{commit}`]);
    } catch {
      commit = await git(dir, ["rev-parse", "--verify", "--end-of-options", `origin/${wanted}^{commit}`]);
    }
    await git(dir, ["update-ref", "FETCH_HEAD", commit]);
  }
  await git(dir, ["checkout", "-q", "--detach", "FETCH_HEAD"]);
  return git(dir, ["rev-parse", "HEAD"]);
}
