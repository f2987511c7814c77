// Unified diffs for single edits, in the form `git apply` accepts.

const CONTEXT = 3;

/** The diff that replaces characters [start, end) of `text` with `inserted` in the file at `path`. */
export function unifiedDiffForEdit(
  path: string,
  text: string,
  start: number,
  end: number,
  inserted: string,
): string {
  return unifiedDiff(path, text, text.slice(0, start) + inserted + text.slice(end));
}

/** A one-hunk diff between two versions of a file (the changed region plus three lines of context). */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return "";
  const a = splitKeepingEnds(before);
  const b = splitKeepingEnds(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const from = Math.max(0, prefix - CONTEXT);
  const aEnd = Math.min(a.length, a.length - suffix + CONTEXT);
  const bEnd = Math.min(b.length, b.length - suffix + CONTEXT);
  const lines: string[] = [`--- a/${path}`, `+++ b/${path}`];
  lines.push(`@@ -${rangeHeader(from, aEnd - from)} +${rangeHeader(from, bEnd - from)} @@`);
  for (let i = from; i < prefix; i++) lines.push(...diffLine(" ", a[i] ?? ""));
  for (let i = prefix; i < a.length - suffix; i++) lines.push(...diffLine("-", a[i] ?? ""));
  for (let i = prefix; i < b.length - suffix; i++) lines.push(...diffLine("+", b[i] ?? ""));
  for (let i = a.length - suffix; i < aEnd; i++) lines.push(...diffLine(" ", a[i] ?? ""));
  return lines.join("\n") + "\n";
}

function rangeHeader(start: number, count: number): string {
  return count === 0 ? `${start},0` : `${start + 1},${count}`;
}

function diffLine(marker: string, line: string): string[] {
  if (line.endsWith("\n")) return [marker + line.slice(0, -1)];
  return [marker + line, "\\ No newline at end of file"];
}

function splitKeepingEnds(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}
