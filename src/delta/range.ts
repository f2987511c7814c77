// Range facts from git: the commits between two refs, the files they changed (renames followed), their line
// counts and the lines added at head. Read-only git plumbing; the working tree is never touched.
import { git, GitError, readGitInfo, resolveCommit } from "../repo/git.js";
import { readRegularFile } from "../repo/safe-read.js";
import { classifyChange } from "./classify.js";
import type { AddedLines, ChangedFile, RangeCommit, RangeFacts } from "./types.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export class DeltaHistoryError extends Error {}

export interface RangeSpec {
  base: string;
  head: string;
  /** `a...b`: compare from the merge base, as a pull request does. */
  mergeBase: boolean;
}

/** Parses `base..head`, `base...head` or `base` (head = HEAD). */
export function parseRangeSpec(spec: string): RangeSpec {
  const three = spec.indexOf("...");
  if (three !== -1)
    return { base: spec.slice(0, three), head: spec.slice(three + 3) || "HEAD", mergeBase: true };
  const two = spec.indexOf("..");
  if (two !== -1) return { base: spec.slice(0, two), head: spec.slice(two + 2) || "HEAD", mergeBase: false };
  return { base: spec, head: "HEAD", mergeBase: false };
}

/** The shallow-clone message: what is missing and the exact commands that fetch it. */
export function shallowMessage(root: string, spec: RangeSpec, reason: string): string {
  const depth = Math.max(50, countVisible(root, spec) * 2);
  // `origin/main`: name the remote and branch in the commands when the prefix is a configured remote.
  const slash = spec.base.indexOf("/");
  const remotes = safeGit(root, ["remote"]).split("\n").filter(Boolean);
  const remoteBase =
    slash > 0 && remotes.includes(spec.base.slice(0, slash))
      ? [spec.base.slice(0, slash), spec.base.slice(slash + 1)]
      : null;
  const lines = [
    `codeaudit delta: this is a shallow clone and ${reason}.`,
    `The history between ${spec.base} and ${spec.head} is cut off, so commits, authors and added secrets in the range cannot all be read.`,
    `Fetch more history, then rerun:`,
    `  git fetch --deepen=${depth}${remoteBase && remoteBase.length === 2 ? ` ${remoteBase[0]} ${remoteBase[1]}` : ""}`,
    `  or the whole history: git fetch --unshallow`,
  ];
  if (remoteBase && remoteBase.length === 2)
    lines.push(
      `  and make sure the base exists: git fetch ${remoteBase[0]} ${remoteBase[1]}:refs/remotes/${remoteBase[0]}/${remoteBase[1]}`,
    );
  lines.push(`In GitHub Actions: actions/checkout with \`fetch-depth: 0\`.`);
  return lines.join("\n");
}

function safeGit(root: string, args: string[]): string {
  try {
    return git(root, args);
  } catch {
    return "";
  }
}

function countVisible(root: string, spec: RangeSpec): number {
  try {
    return Number(git(root, ["rev-list", "--count", spec.head]).trim()) || 0;
  } catch {
    return 0;
  }
}

/** The commits where a shallow clone's history is cut off. */
function shallowBoundaries(root: string): Set<string> {
  try {
    const file = git(root, ["rev-parse", "--path-format=absolute", "--git-path", "shallow"]).trim();
    return new Set(
      readRegularFile(file, 16 * 1024 * 1024)
        .toString("utf8")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    );
  } catch {
    return new Set();
  }
}

/** Resolves the two ends, with a clear message for shallow clones that lack the base or part of the range. */
export function resolveRange(root: string, spec: RangeSpec): { base: string; head: string } {
  const shallow = readGitInfo(root)?.shallow ?? false;
  let head: string;
  let base: string;
  try {
    head = resolveCommit(root, spec.head);
  } catch (error) {
    if (shallow)
      throw new DeltaHistoryError(shallowMessage(root, spec, `the head ${spec.head} is not in it`));
    throw error;
  }
  try {
    base = resolveCommit(root, spec.base);
  } catch (error) {
    if (shallow)
      throw new DeltaHistoryError(shallowMessage(root, spec, `the base ${spec.base} is not in it`));
    throw error;
  }
  if (spec.mergeBase || shallow) {
    let mergeBase: string | null = null;
    try {
      mergeBase = git(root, ["merge-base", base, head]).trim() || null;
    } catch {
      mergeBase = null;
    }
    if (shallow) {
      if (mergeBase === null)
        throw new DeltaHistoryError(
          shallowMessage(root, spec, `no common ancestor of ${spec.base} and ${spec.head} has been fetched`),
        );
      const cut = shallowBoundaries(root);
      const walked = git(root, ["rev-list", `${base}..${head}`])
        .split("\n")
        .filter(Boolean);
      const hit = walked.find((commit) => cut.has(commit));
      if (hit)
        throw new DeltaHistoryError(
          shallowMessage(root, spec, `its history stops at ${hit.slice(0, 12)}, inside the range`),
        );
    }
    if (spec.mergeBase) {
      if (mergeBase === null) throw new GitError(`${spec.base} and ${spec.head} have no common ancestor`);
      base = mergeBase;
    }
  }
  return { base, head };
}

const FIELD = "\x1f";
const RECORD = "\x1e";

export function readCommits(root: string, base: string, head: string): RangeCommit[] {
  const out = git(root, [
    "log",
    "--no-color",
    `--format=%H${FIELD}%an${FIELD}%aI${FIELD}%s${RECORD}`,
    `${base}..${head}`,
    "--",
    ".",
  ]);
  return out
    .split(RECORD)
    .map((record) => record.trim())
    .filter(Boolean)
    .map((record) => {
      const [hash = "", author = "", date = "", subject = ""] = record.split(FIELD);
      return { hash, author, date, subject };
    });
}

/** Changed files with numstat counts, renames followed, paths relative to the audited folder. */
export function readChangedFiles(root: string, base: string, head: string): ChangedFile[] {
  const status = git(root, [
    "diff",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--relative",
    "-M",
    "--name-status",
    "-z",
    base,
    head,
  ]).split("\0");
  const files = new Map<string, ChangedFile>();
  for (let i = 0; i < status.length;) {
    const code = status[i] ?? "";
    if (!code) {
      i++;
      continue;
    }
    if (code.startsWith("R") || code.startsWith("C")) {
      const oldPath = status[i + 1] ?? "";
      const path = status[i + 2] ?? "";
      files.set(path, {
        path,
        oldPath,
        status: code.startsWith("R") ? "renamed" : "added",
        kind: classifyChange(path),
        insertions: 0,
        deletions: 0,
      });
      i += 3;
    } else {
      const path = status[i + 1] ?? "";
      const kind = code.startsWith("A") ? "added" : code.startsWith("D") ? "deleted" : "modified";
      files.set(path, {
        path,
        oldPath: null,
        status: kind,
        kind: classifyChange(path),
        insertions: 0,
        deletions: 0,
      });
      i += 2;
    }
  }
  const numstat = git(root, [
    "diff",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--relative",
    "-M",
    "--numstat",
    "-z",
    base,
    head,
  ]).split("\0");
  for (let i = 0; i < numstat.length;) {
    const record = numstat[i] ?? "";
    if (!record) {
      i++;
      continue;
    }
    const [added = "", deleted = "", pathField = ""] = record.split("\t");
    let path = pathField;
    if (pathField === "") {
      path = numstat[i + 2] ?? "";
      i += 3;
    } else i += 1;
    const file = files.get(path);
    if (!file) continue;
    file.insertions = added === "-" ? null : Number(added);
    file.deletions = deleted === "-" ? null : Number(deleted);
  }
  return [...files.values()].sort((a, b) => compareCodeUnits(a.path, b.path));
}

/** Parses a zero-context unified diff into the head-side line ranges each file gained. */
export function parseAddedLines(diff: string): AddedLines {
  return parseChangedLines(diff).added;
}

/**
 * Parses a zero-context unified diff into the line ranges each file gained at head (by head path) and lost at
 * base (by base path): facts on lost lines are what a change removed or rewrote.
 */
export function parseChangedLines(diff: string): { added: AddedLines; removed: AddedLines } {
  const added: AddedLines = new Map();
  const removed: AddedLines = new Map();
  let source: string | null = null;
  let target: string | null = null;
  const push = (map: AddedLines, path: string | null, start: number, count: number): void => {
    if (!path || count <= 0) return;
    const ranges = map.get(path) ?? [];
    ranges.push([start, start + count - 1]);
    map.set(path, ranges);
  };
  // File headers sit between `diff --git` and the first hunk; inside hunks a removed "-- x" reads "--- x".
  let inHeader = true;
  for (const line of diff.split("\n")) {
    if (line.startsWith("diff --git ")) {
      inHeader = true;
      continue;
    }
    if (inHeader && line.startsWith("--- ")) {
      const from = line.slice(4);
      source = from === "/dev/null" ? null : unquote(from).replace(/^a\//, "");
      continue;
    }
    if (inHeader && line.startsWith("+++ ")) {
      const to = line.slice(4);
      target = to === "/dev/null" ? null : unquote(to).replace(/^b\//, "");
      continue;
    }
    const hunk = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk) continue;
    inHeader = false;
    push(removed, source, Number(hunk[1]), hunk[2] === undefined ? 1 : Number(hunk[2]));
    push(added, target, Number(hunk[3]), hunk[4] === undefined ? 1 : Number(hunk[4]));
  }
  return { added, removed };
}

function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  try {
    return JSON.parse(path) as string;
  } catch {
    return path.slice(1, -1);
  }
}

export function readChangedLines(
  root: string,
  base: string,
  head: string,
): { added: AddedLines; removed: AddedLines } {
  return parseChangedLines(
    git(root, [
      "diff",
      "--no-color",
      "--no-ext-diff",
      "--no-textconv",
      "--relative",
      "-M",
      "-U0",
      base,
      head,
    ]),
  );
}

export function readRangeFacts(root: string, spec: RangeSpec): RangeFacts {
  const { base, head } = resolveRange(root, spec);
  const files = readChangedFiles(root, base, head);
  const changed = readChangedLines(root, base, head);
  let insertions = 0;
  let deletions = 0;
  for (const file of files) {
    insertions += file.insertions ?? 0;
    deletions += file.deletions ?? 0;
  }
  return {
    base,
    head,
    baseRef: spec.base,
    headRef: spec.head,
    commits: readCommits(root, base, head),
    files,
    insertions,
    deletions,
    addedLines: changed.added,
    removedLines: changed.removed,
  };
}

/** True when a 1-based line lies in one of the ranges. */
export function inRanges(ranges: Array<[number, number]> | undefined, line: number): boolean {
  return (ranges ?? []).some(([start, end]) => line >= start && line <= end);
}
