// Surgical edits of GitHub Actions workflow files for ready-to-apply patches: a top-level block inserted
// before `jobs:`, checked by parsing the result so a patch never leaves a workflow that means something else.
import { isDeepStrictEqual } from "node:util";
import { parseDocument } from "yaml";
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
