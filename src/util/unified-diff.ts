// Unified diffs for edits of one file, in the form `git apply` accepts (three lines of context, one hunk per
// group of nearby changes).

const CONTEXT = 3;

/** Replace characters [start, end) of a text with `inserted` (UTF-16 indices, as ast-grep ranges give them). */
export interface TextEdit {
  start: number;
  end: number;
  inserted: string;
}

/** Lines [from, to) of the original (0-based, each line with its `\n`) replaced by `lines`. */
export interface LineChange {
  from: number;
  to: number;
  lines: string[];
}

/** The diff that replaces characters [start, end) of `text` with `inserted` in the file at `path`. */
export function unifiedDiffForEdit(
  path: string,
  text: string,
  start: number,
  end: number,
  inserted: string,
): string {
  return unifiedDiffForEdits(path, text, [{ start, end, inserted }]);
}

/**
 * The diff that applies several non-overlapping edits to `text`: one hunk per group of changes whose context
 * touches, so distant edits do not drag the lines between them into the patch. Overlapping edits are a
 * programming error of the caller and throw.
 */
export function unifiedDiffForEdits(path: string, text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  sorted.forEach((edit, i) => {
    const previous = sorted[i - 1];
    if (edit.start > edit.end || (previous && previous.end > edit.start))
      throw new Error(`overlapping or inverted edits in ${path}`);
  });
  const lines = splitKeepingEnds(text);
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length;
  }
  const lineAt = (index: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  };
  // Edits that share a line are rewritten together, as one line change.
  const changes: LineChange[] = [];
  let group: TextEdit[] = [];
  const flush = (): void => {
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) return;
    const from = lineAt(first.start);
    const to = Math.min(lines.length, lineAt(Math.max(last.end - 1, last.start)) + 1);
    const regionStart = lineStarts[from] ?? text.length;
    const regionEnd = to < lines.length ? (lineStarts[to] ?? text.length) : text.length;
    let replaced = "";
    let cursor = regionStart;
    for (const edit of group) {
      replaced += text.slice(cursor, edit.start) + edit.inserted;
      cursor = edit.end;
    }
    replaced += text.slice(cursor, regionEnd);
    changes.push({ from, to, lines: splitKeepingEnds(replaced) });
    group = [];
  };
  for (const edit of sorted) {
    const last = group[group.length - 1];
    if (last && lineAt(edit.start) > lineAt(Math.max(last.end - 1, last.start))) flush();
    group.push(edit);
  }
  flush();
  const original = new Map(lines.map((line, i) => [i, line] as const));
  return renderFileDiff(
    path,
    original,
    changes.map((change) => trimChange(change, original)),
  );
}

/** A diff between two versions of a file: the changed region (one hunk) plus three lines of context. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return "";
  const a = splitKeepingEnds(before);
  const b = splitKeepingEnds(after);
  const original = new Map(a.map((line, i) => [i, line] as const));
  return renderFileDiff(path, original, [trimChange({ from: 0, to: a.length, lines: b }, original)]);
}

/**
 * Renders changes to one file as a unified diff. `original` holds the original lines the diff needs (every
 * changed line and up to three lines of context on each side; lines missing around a change are taken to be
 * beyond the start or end of the file). Changes must be sorted and must not overlap.
 */
export function renderFileDiff(
  path: string,
  original: ReadonlyMap<number, string>,
  changes: readonly LineChange[],
): string {
  const effective = changes.filter((c) => c.to > c.from || c.lines.length > 0);
  if (effective.length === 0) return "";
  const out: string[] = [`--- a/${path}`, `+++ b/${path}`];
  let shift = 0; // lines added minus lines removed by the hunks already written
  let i = 0;
  while (i < effective.length) {
    // A hunk takes every following change whose leading context would touch this one's trailing context.
    let j = i;
    while (j + 1 < effective.length) {
      const next = effective[j + 1] as LineChange;
      if (next.from - (effective[j] as LineChange).to > 2 * CONTEXT) break;
      j++;
    }
    const first = effective[i] as LineChange;
    const last = effective[j] as LineChange;
    let start = first.from;
    while (start > first.from - CONTEXT && original.has(start - 1)) start--;
    let end = last.to;
    while (end < last.to + CONTEXT && original.has(end)) end++;
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    let cursor = start;
    for (const change of effective.slice(i, j + 1)) {
      for (; cursor < change.from; cursor++) {
        body.push(...diffLine(" ", original.get(cursor) ?? ""));
        oldCount++;
        newCount++;
      }
      for (let k = change.from; k < change.to; k++) body.push(...diffLine("-", original.get(k) ?? ""));
      for (const line of change.lines) body.push(...diffLine("+", line));
      oldCount += change.to - change.from;
      newCount += change.lines.length;
      cursor = change.to;
    }
    for (; cursor < end; cursor++) {
      body.push(...diffLine(" ", original.get(cursor) ?? ""));
      oldCount++;
      newCount++;
    }
    out.push(`@@ -${rangeHeader(start, oldCount)} +${rangeHeader(start + shift, newCount)} @@`, ...body);
    shift += newCount - oldCount;
    i = j + 1;
  }
  return out.join("\n") + "\n";
}

/** Drops the lines a change leaves as they were from both of its ends, so the diff shows only what differs. */
function trimChange(change: LineChange, original: ReadonlyMap<number, string>): LineChange {
  let { from, to } = change;
  const lines = [...change.lines];
  while (from < to && lines.length > 0 && original.get(from) === lines[0]) {
    from++;
    lines.shift();
  }
  while (to > from && lines.length > 0 && original.get(to - 1) === lines[lines.length - 1]) {
    to--;
    lines.pop();
  }
  return { from, to, lines };
}

function rangeHeader(start: number, count: number): string {
  return count === 0 ? `${start},0` : `${start + 1},${count}`;
}

function diffLine(marker: string, line: string): string[] {
  if (line.endsWith("\n")) return [marker + line.slice(0, -1)];
  return [marker + line, "\\ No newline at end of file"];
}

/** The lines of a text, each keeping its `\n` (the last one may have none). */
export function splitKeepingEnds(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

/** Offset of the first character of a 1-based line, or null when the text has fewer lines. */
export function lineStartOffset(text: string, line: number): number | null {
  let start = 0;
  for (let i = 1; i < line; i++) {
    start = text.indexOf("\n", start) + 1;
    if (start === 0) return null;
  }
  return line >= 1 && start <= text.length ? start : null;
}

/** A 1-based line of a text: its start offset and its content without the line ending. */
export function lineOfText(text: string, line: number): { start: number; content: string } | null {
  const start = lineStartOffset(text, line);
  if (start === null) return null;
  const end = text.indexOf("\n", start);
  return { start, content: text.slice(start, end === -1 ? text.length : end).replace(/\r$/, "") };
}
