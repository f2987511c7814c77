// Git access for the repository layer: facts about the checkout, refs, trees and blobs. Never writes.
// The audited repository is untrusted, and so is its .git: every invocation goes through `gitInvocation`, which
// turns off everything in its configuration that could run a program (fsmonitor, hooks, filter drivers, signature
// programs, transports) and keeps git from writing the index.
import {
  execFileSync,
  spawn,
  spawnSync,
  type ChildProcessWithoutNullStreams,
  type SpawnSyncReturns,
} from "node:child_process";
import { lstatSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

export interface GitInfo {
  commit: string | null;
  branch: string | null;
  dirty: boolean | null;
  shallow: boolean;
  topLevel: string;
}

export class GitError extends Error {}

/**
 * Options before the git command, for every invocation: no pager, no optional lock (so no index write and no
 * hook that an index write triggers), no replace refs, no fsmonitor or hooks, no transport (a partial clone's
 * lazy fetch would run the repository's transport settings), no signature program, no mailmap file.
 */
const HARDENING_OPTIONS = [
  "--no-pager",
  "--no-optional-locks",
  "--no-replace-objects",
  "-c",
  "core.fsmonitor=false",
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "protocol.allow=never",
  "-c",
  "log.showSignature=false",
  "-c",
  "log.mailmap=false",
  "-c",
  "credential.helper=",
  "-c",
  "core.quotepath=off",
];

/** Variables that would point git at another repository, index or program than the audited folder's. */
const INHERITED_GIT_VARIABLES = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_COMMON_DIR",
  "GIT_NAMESPACE",
  "GIT_EXTERNAL_DIFF",
  "GIT_PAGER",
  "GIT_EDITOR",
  "GIT_SSH",
  "GIT_SSH_COMMAND",
  "GIT_ASKPASS",
  "GIT_PROXY_COMMAND",
  "GIT_EXEC_PATH",
];

/** Filter drivers named in the repository's configuration, per repository (read once; reading runs nothing). */
const filterDriverCache = new Map<string, string[]>();

function filterDrivers(cwd: string, env: NodeJS.ProcessEnv): string[] {
  const cached = filterDriverCache.get(cwd);
  if (cached) return cached;
  const listed = spawnSync("git", [...HARDENING_OPTIONS, "config", "-z", "--get-regexp", "^filter\\."], {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 4 * 1024 * 1024,
  });
  const names = new Set<string>();
  if (listed.status === 0) {
    for (const record of listed.stdout.split("\0")) {
      const key = record.split("\n")[0] ?? "";
      const last = key.lastIndexOf(".");
      if (key.startsWith("filter.") && last > "filter.".length) names.add(key.slice("filter.".length, last));
    }
  }
  const drivers = [...names].sort();
  filterDriverCache.set(cwd, drivers);
  return drivers;
}

/**
 * The environment for a git child process: the user's, without variables that redirect git, with system config
 * off, optional locks off, no prompt, no lazy fetch, and every filter driver the repository defines emptied (an
 * empty clean/smudge/process command is no filter), passed as GIT_CONFIG_* pairs so any driver name is safe.
 */
export function gitEnvironment(cwd: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_GIT_VARIABLES) delete env[name];
  Object.assign(env, {
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_ATTR_NOSYSTEM: "1",
    GIT_OPTIONAL_LOCKS: "0",
    GIT_TERMINAL_PROMPT: "0",
    GIT_NO_REPLACE_OBJECTS: "1",
    GIT_NO_LAZY_FETCH: "1",
    // File names are data: `*` or `:(exclude)` in a committed name must not act as pathspec magic.
    GIT_LITERAL_PATHSPECS: "1",
  });
  const drivers = filterDrivers(cwd, env);
  let count = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  for (const driver of drivers) {
    for (const command of ["clean", "smudge", "process"]) {
      env[`GIT_CONFIG_KEY_${count}`] = `filter.${driver}.${command}`;
      env[`GIT_CONFIG_VALUE_${count}`] = "";
      count++;
    }
  }
  if (count > 0) env.GIT_CONFIG_COUNT = String(count);
  return env;
}

/** The program, arguments and environment of a hardened git invocation in `cwd`. */
export function gitInvocation(
  cwd: string,
  args: readonly string[],
): { args: string[]; env: NodeJS.ProcessEnv } {
  return { args: [...HARDENING_OPTIONS, ...args], env: gitEnvironment(cwd) };
}

/** Runs git and returns stdout; throws GitError with git's own message on failure. */
export function git(cwd: string, args: string[], options: { maxBuffer?: number } = {}): string {
  const invocation = gitInvocation(cwd, args);
  try {
    return execFileSync("git", invocation.args, {
      cwd,
      env: invocation.env,
      encoding: "utf8",
      maxBuffer: options.maxBuffer ?? 1024 * 1024 * 512,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new GitError(stderr.trim().split("\n")[0] || String(error));
  }
}

/** Runs git synchronously with the hardened invocation, returning the raw result (for callers that stream or cap). */
export function gitSpawnSync(
  cwd: string,
  args: string[],
  options: { maxBuffer: number; encoding?: "utf8" },
): SpawnSyncReturns<string> {
  const invocation = gitInvocation(cwd, args);
  return spawnSync("git", invocation.args, {
    cwd,
    env: invocation.env,
    encoding: "utf8",
    maxBuffer: options.maxBuffer,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Starts git asynchronously with the hardened invocation (stdin, stdout and stderr piped). */
export function gitSpawn(cwd: string, args: string[]): ChildProcessWithoutNullStreams {
  const invocation = gitInvocation(cwd, args);
  return spawn("git", invocation.args, { cwd, env: invocation.env, stdio: ["pipe", "pipe", "pipe"] });
}

/** A revision given by a user or a repository: refused when it could be read as an option. */
export function assertRevisionArgument(ref: string, what: string): void {
  if (ref.length === 0 || ref.startsWith("-") || /[\0\n\r]/.test(ref))
    throw new GitError(`${what} '${ref}': not a revision (a revision never starts with '-')`);
}

/** Git facts for a folder, or null when it is not inside a git work tree. */
export function readGitInfo(root: string): GitInfo | null {
  if (!mayBeInWorkTree(root)) return null;
  let topLevel: string;
  try {
    topLevel = git(root, ["rev-parse", "--show-toplevel"]).trim();
  } catch {
    return null;
  }
  // A work tree that does not contain the folder (core.worktree or a gitdir file pointing elsewhere) is not
  // this folder's repository: its files would be read from outside the audited tree.
  if (!contains(realOrSelf(topLevel), realOrSelf(root))) return null;
  let commit: string | null = null;
  try {
    commit = git(root, ["rev-parse", "HEAD"]).trim();
  } catch {
    // A repository with no commit yet.
  }
  let branch: string | null = null;
  try {
    const name = git(root, ["rev-parse", "--abbrev-ref", "HEAD"]).trim();
    branch = name === "HEAD" ? null : name;
  } catch {
    branch = null;
  }
  let dirty: boolean | null = null;
  try {
    dirty =
      git(root, ["status", "--porcelain", "--untracked-files=no", "--ignore-submodules=all"]).trim().length >
      0;
  } catch {
    dirty = null;
  }
  let shallow = false;
  try {
    shallow = git(root, ["rev-parse", "--is-shallow-repository"]).trim() === "true";
  } catch {
    shallow = false;
  }
  return { commit, branch, dirty, shallow, topLevel };
}

/**
 * Where `root` sits in the work tree at `topLevel`, `/`-separated ("" at its top). Both are resolved through
 * symlinks first: git names the top level by its real path, so a folder reached through a symlink would otherwise
 * look like a folder outside the repository (`../../link/repo`).
 */
export function subfolderIn(topLevel: string, root: string): string {
  return relative(realOrSelf(topLevel), realOrSelf(root)).split(sep).join("/");
}

/**
 * Whether git could find a work tree holding `root`: git looks for a `.git` entry (a repository folder, or a file
 * naming one) in the folder and in each folder above it, and the variables that would point it elsewhere are removed
 * from its environment (`INHERITED_GIT_VARIABLES`). With no such entry on either the given or the real path, `git
 * rev-parse --show-toplevel` can only fail, so the two git processes that would learn it are not started. Any entry
 * named `.git` (even a dangling link), or a folder that cannot be looked into, answers "maybe".
 */
export function mayBeInWorkTree(root: string): boolean {
  const start = resolve(root);
  for (const path of new Set([start, realOrSelf(start)])) {
    for (let dir = path; ;) {
      try {
        if (lstatSync(join(dir, ".git"), { throwIfNoEntry: false }) !== undefined) return true;
      } catch {
        return true;
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return false;
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function contains(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** Resolves a revision to a full commit hash, or throws GitError naming the ref. */
export function resolveCommit(root: string, ref: string): string {
  assertRevisionArgument(ref, "revision");
  try {
    const commit = git(root, [
      "rev-parse",
      "--verify",
      "--quiet",
      "--end-of-options",
      `${ref}^{commit}`,
    ]).trim();
    if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new GitError(commit);
    return commit;
  } catch {
    throw new GitError(`unknown revision '${ref}': it names no commit in ${root}`);
  }
}

export interface TreeEntry {
  path: string;
  blob: string;
  size: number;
  mode: string;
}

/** Every blob of a commit's tree, with sizes, paths relative to `prefix` (the audited folder inside the repo). */
export function listTree(root: string, commit: string, prefix: string): TreeEntry[] {
  const out = git(root, [
    "ls-tree",
    "-r",
    "-l",
    "-z",
    "--full-tree",
    "--end-of-options",
    commit,
    ...(prefix ? ["--", prefix] : []),
  ]);
  const entries: TreeEntry[] = [];
  for (const record of out.split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("\t");
    const [mode, type, blob, size] = record.slice(0, tab).split(/\s+/);
    let path = record.slice(tab + 1);
    if (type !== "blob" || !blob || !mode) continue;
    if (prefix) path = path.slice(prefix.length + 1);
    entries.push({ path, blob, size: Number(size), mode });
  }
  return entries;
}

/**
 * Reads many blobs with one `git cat-file --batch` process, parsing its output as it streams. A blob git cannot
 * read (missing or corrupt object) is absent from the result: its path is then reported as unreadable, never as
 * empty. Callers ask only for blobs whose size they accept (see `listTree`).
 */
export function readBlobs(root: string, blobs: string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const result = new Map<string, Buffer>();
    if (blobs.length === 0) return resolve(result);
    const child = gitSpawn(root, ["cat-file", "--batch"]);
    let pending: Buffer = Buffer.alloc(0);
    let next = 0;
    let body: { blob: string; size: number; chunks: Buffer[]; have: number } | null = null;
    const consume = (): void => {
      for (;;) {
        if (body) {
          const need = body.size + 1 - body.have;
          if (pending.length === 0) return;
          const take = pending.subarray(0, Math.min(need, pending.length));
          body.chunks.push(take);
          body.have += take.length;
          pending = pending.subarray(take.length);
          if (body.have < body.size + 1) return;
          result.set(body.blob, Buffer.concat(body.chunks).subarray(0, body.size));
          body = null;
          continue;
        }
        const newline = pending.indexOf(10);
        if (newline === -1) return;
        const header = pending.subarray(0, newline).toString("utf8");
        pending = pending.subarray(newline + 1);
        const blob = blobs[next++] ?? "";
        const [, type, sizeText] = header.split(" ");
        const size = Number(sizeText);
        if (type === "missing" || header.endsWith(" missing") || !Number.isInteger(size) || size < 0)
          continue;
        body = { blob, size, chunks: [], have: 0 };
      }
    };
    child.stdout.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      consume();
    });
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", () => resolve(result));
    child.stdin.on("error", () => {
      // git stopped reading (a corrupt object ends it): the blobs read so far are kept.
    });
    child.stdin.end(blobs.join("\n") + "\n");
  });
}

/** One blob, when git can read it and it is at most `maxBytes`; null otherwise (missing, corrupt, too large). */
export function readBlob(root: string, blob: string, maxBytes: number): Buffer | null {
  if (!/^[0-9a-f]{40,64}$/.test(blob)) return null;
  const invocation = gitInvocation(root, ["cat-file", "blob", blob]);
  const shown = spawnSync("git", invocation.args, {
    cwd: root,
    env: invocation.env,
    maxBuffer: maxBytes,
    stdio: ["ignore", "pipe", "ignore"],
  });
  if (shown.status !== 0 || shown.error) return null;
  return shown.stdout as Buffer;
}
