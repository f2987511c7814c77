// Combines patches made against the same version of a repository (one per finding) into one diff per file.
//
// Every finding's patch is written against the file as audited, so two patches whose hunks are near each other
// do not apply one after the other (the second one's context no longer matches). Combining them here — from
// the diffs alone, since every hunk carries the original lines around its change — gives one patch per file
// that applies in one go. Patches that change the same lines differently cannot both be taken: the later one
// is left out (apply the combined patch, audit again, and it comes back against the new text).

import { renderFileDiff, type LineChange } from "./unified-diff.js";
import { compareCodeUnits } from "./compare-code-units.js";

interface FileSection {
  path: string;
  /** Original lines seen in the hunks (context and removed lines), by 0-based index, with their `\n`. */
  original: Map<number, string>;
  changes: LineChange[];
}

export interface CombinedPatches {
  /** One diff per file, in path order. */
  files: Array<{ path: string; patch: string; sources: number[] }>;
  /** Indices (into the input) of patches left out because they change lines another patch already changes. */
  leftOut: number[];
}

/** Combines patches (each possibly touching several files) into one diff per file. */
export function combinePatches(patches: readonly string[]): CombinedPatches {
  const files = new Map<string, FileSection & { sources: number[] }>();
  const leftOut: number[] = [];
  patches.forEach((patch, index) => {
    const sections = parsePatch(patch);
    if (sections === null) {
      leftOut.push(index);
      return;
    }
    const accepted = sections.every((section) => {
      const target = files.get(section.path);
      return !target || section.changes.every((change) => compatible(change, target.changes));
    });
    if (!accepted) {
      leftOut.push(index);
      return;
    }
    for (const section of sections) {
      const target = files.get(section.path) ?? {
        path: section.path,
        original: new Map<number, string>(),
        changes: [],
        sources: [],
      };
      files.set(section.path, target);
      for (const [line, text] of section.original) target.original.set(line, text);
      for (const change of section.changes)
        if (!target.changes.some((c) => sameChange(c, change))) target.changes.push(change);
      target.sources.push(index);
    }
  });
  return {
    files: [...files.values()]
      .sort((a, b) => compareCodeUnits(a.path, b.path))
      .map((file) => ({
        path: file.path,
        patch: renderFileDiff(
          file.path,
          file.original,
          [...file.changes].sort((a, b) => a.from - b.from || a.to - b.to),
        ),
        sources: file.sources,
      })),
    leftOut,
  };
}

/** Whether a change can join changes already taken: the same change again, or one on other lines. */
function compatible(change: LineChange, taken: readonly LineChange[]): boolean {
  return taken.every((other) => sameChange(change, other) || disjoint(change, other));
}

function sameChange(a: LineChange, b: LineChange): boolean {
  return a.from === b.from && a.to === b.to && a.lines.join("") === b.lines.join("");
}

function disjoint(a: LineChange, b: LineChange): boolean {
  const aInserts = a.from === a.to;
  const bInserts = b.from === b.to;
  // Two insertions at one point are both kept, in the order the patches came (a workflow that lacks both
  // `permissions:` and `concurrency:` gets both blocks before `jobs:`); an insertion may sit at either end of
  // a replaced range but not inside it.
  if (aInserts && bInserts) return true;
  if (aInserts) return a.from <= b.from || a.from >= b.to;
  if (bInserts) return b.from <= a.from || b.from >= a.to;
  return a.to <= b.from || b.to <= a.from;
}

/** Reads a unified diff (as unified-diff.ts writes it) into per-file changes; null when it is not one. */
export function parsePatch(patch: string): FileSection[] | null {
  const rows = patch.split("\n");
  if (rows[rows.length - 1] === "") rows.pop();
  const sections: FileSection[] = [];
  let section: FileSection | null = null;
  let i = 0;
  while (i < rows.length) {
    const row = rows[i] ?? "";
    if (row.startsWith("--- ")) {
      const next = rows[i + 1] ?? "";
      if (!next.startsWith("+++ b/")) return null;
      section = { path: next.slice("+++ b/".length), original: new Map(), changes: [] };
      sections.push(section);
      i += 2;
      continue;
    }
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(row);
    if (!header || !section) return null;
    const count = header[2] === undefined ? 1 : Number(header[2]);
    let line = count === 0 ? Number(header[1]) : Number(header[1]) - 1;
    let change: LineChange | null = null;
    i++;
    while (i < rows.length && !rows[i]?.startsWith("@@") && !rows[i]?.startsWith("--- ")) {
      const body = rows[i] ?? "";
      const noNewline = rows[i + 1] === "\\ No newline at end of file";
      const text = body.slice(1) + (noNewline ? "" : "\n");
      const marker = body[0];
      if (marker === " ") {
        if (change) section.changes.push(change);
        change = null;
        section.original.set(line++, text);
      } else if (marker === "-") {
        change ??= { from: line, to: line, lines: [] };
        section.original.set(line++, text);
        change.to = line;
      } else if (marker === "+") {
        change ??= { from: line, to: line, lines: [] };
        change.lines.push(text);
      } else return null;
      i += noNewline ? 2 : 1;
    }
    if (change) section.changes.push(change);
  }
  return sections.length > 0 ? sections : null;
}
