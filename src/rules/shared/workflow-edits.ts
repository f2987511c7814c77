// Surgical edits of GitHub Actions workflow files for ready-to-apply patches: a top-level block inserted
// before `jobs:`, checked by parsing the result so a patch never leaves a workflow that means something else.
import { isDeepStrictEqual } from "node:util";
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import { unifiedDiffForEdit } from "../../util/unified-diff.js";

/**
 * The patch inserting a top-level `key:` mapping (given as `child: value` lines) before the workflow's `jobs:`
 * key, above the comments that introduce it, indented like the jobs. Null when the file is not a plain block
 * mapping with one top-level `jobs:`, or when the patched file does not parse to the original plus `key`
 * (so a value that YAML would read differently, such as an unquoted `: `, yields no patch).
 */
export function insertTopLevelBlock(
  path: string,
  text: string,
  key: string,
  value: Record<string, string | boolean>,
): string | null {
  const lines = text.split("\n");
  const jobsAt = lines.flatMap((line, i) => (/^jobs\s*:\s*(#.*)?\r?$/.test(line) ? [i] : []));
  const jobs = jobsAt[0];
  if (jobsAt.length !== 1 || jobs === undefined) return null;
  let at = jobs;
  while (at > 0 && /^#/.test(lines[at - 1] ?? "")) at--;
  const eol = (lines[jobs] ?? "").endsWith("\r") ? "\r\n" : "\n";
  const child = lines.slice(jobs + 1).find((line) => /^\s+[^\s#]/.test(line));
  const indent = /^[ ]+/.exec(child ?? "")?.[0] ?? "  ";
  const block =
    `${key}:${eol}` +
    Object.entries(value)
      .map(([name, v]) => `${indent}${name}: ${v}${eol}`)
      .join("") +
    (at > 0 && /^\s*$/.test(lines[at - 1] ?? "") ? eol : "");
  const offset = lines.slice(0, at).reduce((sum, line) => sum + line.length + 1, 0);
  const patched = text.slice(0, offset) + block + text.slice(offset);
  if (!meansOriginalPlus(text, patched, key, value)) return null;
  return unifiedDiffForEdit(path, text, offset, offset, block);
}

function meansOriginalPlus(
  before: string,
  after: string,
  key: string,
  value: Record<string, string | boolean>,
): boolean {
  const original = parseDocument(before);
  const patched = parseDocument(after);
  if (original.errors.length > 0 || patched.errors.length > 0) return false;
  const expected: unknown = original.toJSON();
  if (typeof expected !== "object" || expected === null || key in expected) return false;
  return isDeepStrictEqual(patched.toJSON(), { ...expected, [key]: value });
}

/**
 * The patch adding `need` to the `needs:` of job `jobId` in a GitHub workflow: appended to a flow list
 * (`needs: [a, b]`) or a single name (`needs: a` → `needs: [a, need]`), or a new `needs: [need]` line after the
 * job's key. Null when the job's `needs:` is a block list or the patched file does not parse to the original with
 * that job's needs extended.
 */
export function addJobNeed(path: string, text: string, jobId: string, need: string): string | null {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return null;
  const jobs = doc.get("jobs", true);
  if (!isMap(jobs)) return null;
  const pair = jobs.items.find((p) => isScalar(p.key) && p.key.value === jobId);
  const body = pair?.value;
  if (!pair || !isMap(body)) return null;
  const needsPair = body.items.find((p) => isScalar(p.key) && p.key.value === "needs");
  let start: number;
  let end: number;
  let replacement: string;
  if (needsPair) {
    const node = needsPair.value;
    const range = isScalar(node) || isSeq(node) ? node.range : undefined;
    if (!range) return null;
    if (isScalar(node)) replacement = `[${String(node.source ?? node.value)}, ${need}]`;
    else if (isSeq(node) && node.flow)
      replacement = `[${node.items.map((i) => (isScalar(i) ? String(i.source ?? i.value) : "")).join(", ")}${node.items.length ? ", " : ""}${need}]`;
    else return null;
    [start, end] = [range[0], range[1]];
    // A scalar's range ends before trailing comments; a flow list's includes its closing bracket.
  } else {
    const first = body.items[0]?.key;
    if (!isScalar(first) || !first.range) return null;
    const lineStart = text.lastIndexOf("\n", first.range[0] - 1) + 1;
    const indent = text.slice(lineStart, first.range[0]);
    if (!/^ +$/.test(indent)) return null;
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    start = end = lineStart;
    replacement = `${indent}needs: [${need}]${eol}`;
  }
  const patched = text.slice(0, start) + replacement + text.slice(end);
  const expected = doc.toJSON() as { jobs: Record<string, { needs?: unknown }> };
  const job = expected.jobs[jobId];
  if (!job) return null;
  const before = job.needs;
  job.needs = [...(Array.isArray(before) ? (before as unknown[]) : before ? [before] : []), need];
  const after = parseDocument(patched);
  if (after.errors.length > 0 || !isDeepStrictEqual(after.toJSON(), expected)) return null;
  return unifiedDiffForEdit(path, text, start, end, replacement);
}
