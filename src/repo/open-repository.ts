// Opens a folder (or a commit of it) as a RepoIndex: git ls-files in a checkout, a .gitignore-aware walk elsewhere.
import { lstatSync, readdirSync, statSync, type Stats } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { readRegularFile } from "./safe-read.js";
import { DiskContentSource, GitBlobSource } from "./content-source.js";
import { git, listTree, readBlobs, readGitInfo, resolveCommit, type GitInfo } from "./git.js";
import { DEFAULT_INDEX_OPTIONS, RepoIndex, type IndexOptions, type RepoEntry } from "./repo-index.js";

/** A .gitignore larger than this is not an ignore file anyone wrote by hand: it is not applied. */
const IGNORE_FILE_BYTES = 1024 * 1024;

export class RepositoryError extends Error {}

export interface OpenOptions extends Partial<IndexOptions> {
  /** Audit this revision instead of the working tree. */
  ref?: string;
}

/** Folders a plain walk never enters (a git checkout leaves them out through .gitignore anyway). */
const WALK_SKIP = new Set([
  ".git",
  "node_modules",
  "_build",
  "deps",
  ".venv",
  "venv",
  "__pycache__",
  "target",
  ".elixir_ls",
]);

export async function openRepository(path: string, options: OpenOptions = {}): Promise<RepoIndex> {
  const root = resolve(path);
  let stat;
  try {
    stat = statSync(root);
  } catch {
    throw new RepositoryError(`${path}: no such folder`);
  }
  if (!stat.isDirectory()) throw new RepositoryError(`${path}: not a folder`);
  const indexOptions: IndexOptions = { ...DEFAULT_INDEX_OPTIONS, ...stripUndefined(options) };
  const gitInfo = readGitInfoUnlessIgnored(root);
  const name = basename(gitInfo?.topLevel ?? root);
  const extraIgnore = ignore().add(indexOptions.ignore);

  if (options.ref) {
    if (!gitInfo) throw new RepositoryError(`--ref ${options.ref}: ${path} is not a git repository`);
    const commit = resolveCommit(root, options.ref);
    const prefix = toPosix(relative(gitInfo.topLevel, root));
    const tree = listTree(gitInfo.topLevel, commit, prefix).filter(
      (entry) => !extraIgnore.ignores(entry.path),
    );
    const wanted = tree.filter((entry) => entry.mode !== "120000" && entry.mode !== "160000");
    // Only blobs the analysis accepts are loaded up front; larger ones (a lockfile a collector asks for) are
    // read one at a time on demand, up to the read cap, so a small .git holding huge blobs cannot fill memory.
    const small = wanted.filter((entry) => entry.size <= indexOptions.maxFileBytes);
    const blobs = await readBlobs(gitInfo.topLevel, [...new Set(small.map((entry) => entry.blob))]);
    const source = new GitBlobSource(gitInfo.topLevel, `commit ${commit}`);
    for (const entry of wanted) {
      const bytes = blobs.get(entry.blob);
      if (bytes) source.add(entry.path, bytes);
      else if (entry.size > indexOptions.maxFileBytes) source.addLarge(entry.path, entry.blob, entry.size);
      else source.addUnreadable(entry.path);
    }
    const entries: RepoEntry[] = tree.map((entry) => ({
      path: entry.path,
      size: entry.size,
      symlink: entry.mode === "120000",
    }));
    const refInfo: GitInfo = { ...gitInfo, commit, dirty: false, branch: null };
    return new RepoIndex(root, name, refInfo, options.ref, entries, source, indexOptions);
  }

  const entries = gitInfo ? listGitFiles(root) : walkFolder(root);
  const kept = entries.filter((entry) => !extraIgnore.ignores(entry.path));
  return new RepoIndex(root, name, gitInfo, null, kept, new DiskContentSource(root), indexOptions);
}

/** Git facts, or null when the folder is outside a work tree or ignored by the enclosing repository (a
 *  tool's install folder inside a dotfiles repo, say): then its files are not that repository's content. */
function readGitInfoUnlessIgnored(root: string): GitInfo | null {
  const info = readGitInfo(root);
  if (!info) return null;
  try {
    git(root, ["check-ignore", "-q", "."]);
    return null;
  } catch {
    return info;
  }
}

function listGitFiles(root: string): RepoEntry[] {
  const out = git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."]);
  const seen = new Set<string>();
  const entries: RepoEntry[] = [];
  for (const path of out.split("\0")) {
    if (!path || seen.has(path)) continue;
    seen.add(path);
    try {
      const stat = lstatSync(join(root, path));
      if (stat.isDirectory()) continue;
      entries.push(entryOf(path, stat));
    } catch {
      // Tracked but deleted in the working tree: not part of what is audited.
    }
  }
  return entries;
}

/** A walk that honours .gitignore files at every level and never follows symbolic links. */
function walkFolder(root: string): RepoEntry[] {
  const entries: RepoEntry[] = [];
  const visit = (folder: string, rules: Array<{ base: string; matcher: Ignore }>): void => {
    const local = readIgnoreFile(join(folder, ".gitignore"));
    const relFolder = toPosix(relative(root, folder));
    const active = local ? [...rules, { base: relFolder, matcher: local }] : rules;
    let names: string[];
    try {
      names = readdirSync(folder).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(folder, name);
      const path = toPosix(relative(root, full));
      let stat;
      try {
        stat = lstatSync(full);
      } catch {
        continue;
      }
      const isDir = stat.isDirectory();
      if (isDir && WALK_SKIP.has(name)) continue;
      if (isIgnored(active, path, isDir)) continue;
      if (isDir) visit(full, active);
      else entries.push(entryOf(path, stat));
    }
  };
  visit(root, []);
  return entries;
}

function entryOf(path: string, stat: Stats): RepoEntry {
  const symlink = stat.isSymbolicLink();
  return { path, size: stat.size, symlink, special: !symlink && !stat.isFile() };
}

function isIgnored(rules: Array<{ base: string; matcher: Ignore }>, path: string, isDir: boolean): boolean {
  for (const { base, matcher } of rules) {
    const rel = base ? path.slice(base.length + 1) : path;
    if (rel && matcher.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function readIgnoreFile(path: string): Ignore | null {
  try {
    return ignore().add(readRegularFile(path, IGNORE_FILE_BYTES).toString("utf8"));
  } catch {
    return null;
  }
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
