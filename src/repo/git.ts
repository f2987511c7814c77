// Git access for the repository layer: facts about the checkout, refs, trees and blobs. Never writes.
import { execFileSync, spawn } from "node:child_process";

export interface GitInfo {
  commit: string | null;
  branch: string | null;
  dirty: boolean | null;
  shallow: boolean;
  topLevel: string;
}

export class GitError extends Error {}

/** Runs git and returns stdout; throws GitError with git's own message on failure. */
export function git(cwd: string, args: string[], options: { maxBuffer?: number } = {}): string {
  try {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      maxBuffer: options.maxBuffer ?? 1024 * 1024 * 512,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new GitError(stderr.trim().split("\n")[0] || String(error));
  }
}

/** Git facts for a folder, or null when it is not inside a git work tree. */
export function readGitInfo(root: string): GitInfo | null {
  let topLevel: string;
  try {
    topLevel = git(root, ["rev-parse", "--show-toplevel"]).trim();
  } catch {
    return null;
  }
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
    dirty = git(root, ["status", "--porcelain", "--untracked-files=no"]).trim().length > 0;
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

/** Resolves a revision to a full commit hash, or throws GitError naming the ref. */
export function resolveCommit(root: string, ref: string): string {
  try {
    return git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
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

/** Reads many blobs with one `git cat-file --batch` process. */
export function readBlobs(root: string, blobs: string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const result = new Map<string, Buffer>();
    if (blobs.length === 0) return resolve(result);
    const child = spawn("git", ["cat-file", "--batch"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file exited with ${code}`));
      const output = Buffer.concat(chunks);
      let offset = 0;
      for (const blob of blobs) {
        const newline = output.indexOf(10, offset);
        const header = output.subarray(offset, newline).toString("utf8");
        const [, , sizeText] = header.split(" ");
        const size = Number(sizeText);
        if (header.endsWith("missing") || Number.isNaN(size)) {
          offset = newline + 1;
          continue;
        }
        result.set(blob, output.subarray(newline + 1, newline + 1 + size));
        offset = newline + 1 + size + 1;
      }
      resolve(result);
    });
    child.stdin.end(blobs.join("\n") + "\n");
  });
}
