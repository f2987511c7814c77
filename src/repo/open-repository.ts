// Opens a folder (or a commit of it) as a RepoIndex: git ls-files in a checkout, a .gitignore-aware walk elsewhere.
import { lstatSync, readdirSync, statSync, type BigIntStats } from "node:fs";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { readRegularFile } from "./safe-read.js";
import { DiskContentSource, GitBlobSource, type ContentSource } from "./content-source.js";
import { git, listTree, readBlobs, readGitInfo, resolveCommit, subfolderIn, type GitInfo } from "./git.js";
import { DEFAULT_INDEX_OPTIONS, RepoIndex, type IndexOptions, type RepoEntry } from "./repo-index.js";
import { applyScope, contextFilesOf, type ContextFile, type IndexScope } from "./scope.js";
import { fileStatSignature, type LineCountMemo } from "./file-stat.js";

/** A .gitignore larger than this is not an ignore file anyone wrote by hand: it is not applied. */
const IGNORE_FILE_BYTES = 1024 * 1024;

export class RepositoryError extends Error {}

export interface OpenOptions extends Partial<IndexOptions> {
  /** Audit this revision instead of the working tree. */
  ref?: string;
  /** Folders reports are written to (absolute): never audited when they lie inside the tree. */
  outputDirs?: string[];
  /** Line counts of excluded folders' files remembered by stat (the cache's stat index); absent: read each. */
  lineCounts?: LineCountMemo;
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
  const { ref: _ref, outputDirs = [], lineCounts: _lineCounts, ...indexOverrides } = options;
  const indexOptions: IndexOptions = { ...DEFAULT_INDEX_OPTIONS, ...stripUndefined(indexOverrides) };
  const gitInfo = readGitInfoUnlessIgnored(root);
  const name = basename(gitInfo?.topLevel ?? root);
  const extraIgnore = ignore().add(indexOptions.ignore);
  const subfolder = gitInfo ? subfolderIn(gitInfo.topLevel, root) : "";
  const outputs = outputDirs
    .map((dir) => toPosix(relative(root, resolve(dir))))
    .filter((dir) => dir && !dir.startsWith("..") && !isAbsolute(dir));

  if (options.ref) {
    if (!gitInfo) throw new RepositoryError(`--ref ${options.ref}: ${path} is not a git repository`);
    const commit = resolveCommit(root, options.ref);
    const prefix = subfolder;
    const tree = listTree(gitInfo.topLevel, commit, prefix).filter(
      (entry) => !extraIgnore.ignores(entry.path),
    );
    const rootTree = prefix ? listTree(gitInfo.topLevel, commit, "") : [];
    const contextTree = contextFilesOf(
      rootTree.map((entry) => ({ path: entry.path, size: entry.size, symlink: entry.mode === "120000" })),
      prefix,
      new Set(tree.map((entry) => entry.path)),
    );
    const contextBlobs = new Map(rootTree.map((entry) => [entry.path, entry.blob]));
    const wanted = tree.filter((entry) => entry.mode !== "120000" && entry.mode !== "160000");
    // Only blobs the analysis accepts are loaded up front; larger ones (a lockfile a collector asks for) are
    // read one at a time on demand, up to the read cap, so a small .git holding huge blobs cannot fill memory.
    const small = wanted.filter((entry) => entry.size <= indexOptions.maxFileBytes);
    const smallContext = contextTree.filter((entry) => entry.size <= indexOptions.maxFileBytes);
    const blobs = await readBlobs(
      gitInfo.topLevel,
      [
        ...new Set([
          ...small.map((entry) => entry.blob),
          ...smallContext.map((entry) => contextBlobs.get(entry.path) ?? ""),
        ]),
      ].filter(Boolean),
    );
    const source = new GitBlobSource(gitInfo.topLevel, `commit ${commit}`);
    for (const entry of wanted) {
      const bytes = blobs.get(entry.blob);
      if (bytes) source.add(entry.path, bytes);
      else if (entry.size > indexOptions.maxFileBytes) source.addLarge(entry.path, entry.blob, entry.size);
      else source.addUnreadable(entry.path);
    }
    for (const entry of contextTree) {
      const bytes = blobs.get(contextBlobs.get(entry.path) ?? "");
      if (bytes) source.add(entry.path, bytes);
    }
    const entries: RepoEntry[] = tree.map((entry) => ({
      path: entry.path,
      size: entry.size,
      symlink: entry.mode === "120000",
    }));
    const refInfo: GitInfo = { ...gitInfo, commit, dirty: false, branch: null };
    const scoped = applyScope(entries, source, outputs);
    return new RepoIndex(
      root,
      name,
      refInfo,
      options.ref,
      [...scoped.entries, ...contextEntries(contextTree)],
      source,
      indexOptions,
      {
        gitRoot: gitInfo.topLevel,
        subfolder: prefix,
        contextFiles: contextTree.map(({ path, reportedPath }) => ({ path, reportedPath })),
        excluded: scoped.excluded,
        existsInRepository: (path) =>
          rootTree.some((entry) => entry.path === path || entry.path.startsWith(`${path}/`)),
      },
    );
  }

  const entries = gitInfo ? listGitFiles(root) : walkFolder(root);
  const kept =
    indexOptions.ignore.length > 0 ? entries.filter((entry) => !extraIgnore.ignores(entry.path)) : entries;
  const own = new DiskContentSource(root);
  const contextTree =
    gitInfo && subfolder
      ? contextFilesOf(listRootFiles(gitInfo.topLevel), subfolder, new Set(kept.map((e) => e.path)))
      : [];
  const source: ContentSource =
    gitInfo && contextTree.length > 0
      ? new ContextContentSource(
          own,
          new DiskContentSource(gitInfo.topLevel),
          new Set(contextTree.map((e) => e.path)),
        )
      : own;
  const scoped = applyScope(
    kept,
    own,
    outputs,
    options.lineCounts ? { memo: options.lineCounts, root } : null,
  );
  const scope: IndexScope = {
    gitRoot: gitInfo?.topLevel ?? null,
    subfolder,
    contextFiles: contextTree.map(({ path, reportedPath }) => ({ path, reportedPath })),
    excluded: scoped.excluded,
    ...(gitInfo ? { existsInRepository: (path: string) => existsInside(gitInfo.topLevel, path) } : {}),
  };
  return new RepoIndex(
    root,
    name,
    gitInfo,
    null,
    [...scoped.entries, ...contextEntries(contextTree)],
    source,
    indexOptions,
    scope,
  );
}

function contextEntries(files: ReadonlyArray<RepoEntry & ContextFile>): RepoEntry[] {
  return files.map(({ path, size }) => ({ path, size, context: true }));
}

/** Reads context files from the enclosing repository's root, everything else from the audited folder. */
class ContextContentSource implements ContentSource {
  constructor(
    private readonly own: ContentSource,
    private readonly enclosing: ContentSource,
    private readonly contextPaths: ReadonlySet<string>,
  ) {}
  get description(): string {
    return this.own.description;
  }
  read(path: string): Buffer | null {
    return this.contextPaths.has(path) ? this.enclosing.read(path) : this.own.read(path);
  }
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
      const stat = lstatSync(join(root, path), { bigint: true });
      if (stat.isDirectory()) continue;
      entries.push(entryOf(path, stat));
    } catch {
      // Tracked but deleted in the working tree: not part of what is audited.
    }
  }
  return entries;
}

/** Whether a repository-relative path exists in the work tree, without following a symbolic link out of it. */
function existsInside(topLevel: string, path: string): boolean {
  if (path.split("/").includes("..")) return false;
  try {
    lstatSync(join(topLevel, path));
    return true;
  } catch {
    return false;
  }
}

/** The enclosing repository's files at its root and in its CI folders: where context files can be. */
function listRootFiles(topLevel: string): RepoEntry[] {
  // Pathspec magic is off for every git call (a hostile path must stay a literal), so the root's files and the CI
  // folders are picked from the full listing here rather than with `:(top,glob)` patterns.
  const out = git(topLevel, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  const wanted = (path: string): boolean =>
    !path.includes("/") || path.startsWith(".github/") || /^\.(circleci|buildkite)\/[^/]+$/.test(path);
  const entries: RepoEntry[] = [];
  for (const path of new Set(out.split("\0"))) {
    if (!path || !wanted(path)) continue;
    try {
      const stat = lstatSync(join(topLevel, path));
      if (!stat.isDirectory()) entries.push({ path, size: stat.size, symlink: stat.isSymbolicLink() });
    } catch {
      // Listed but gone from the working tree.
    }
  }
  return entries;
}

/** A walk that honours .gitignore files at every level and never follows symbolic links. */
function walkFolder(root: string): RepoEntry[] {
  const entries: RepoEntry[] = [];
  const visit = (folder: string, rules: Array<{ base: string; matcher: Ignore }>): void => {
    let names: string[];
    try {
      names = readdirSync(folder).sort();
    } catch {
      return;
    }
    // Opened only when listed: trying every folder cost a failed open per folder.
    const local = names.includes(".gitignore") ? readIgnoreFile(join(folder, ".gitignore")) : null;
    const relFolder = toPosix(relative(root, folder));
    const active = local ? [...rules, { base: relFolder, matcher: local }] : rules;
    for (const name of names) {
      const full = join(folder, name);
      const path = relFolder ? `${relFolder}/${name}` : name;
      let stat;
      try {
        stat = lstatSync(full, { bigint: true });
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

/** The walk's stat in nanoseconds: its signature spares the stat index (cache/content-hashes) a second stat. */
function entryOf(path: string, stat: BigIntStats): RepoEntry {
  const symlink = stat.isSymbolicLink();
  const entry: RepoEntry = { path, size: Number(stat.size), symlink, special: !symlink && !stat.isFile() };
  if (stat.isFile()) entry.stat = fileStatSignature(stat).signature;
  return entry;
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
