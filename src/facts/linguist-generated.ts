// Which files the repository's `.gitattributes` marks `linguist-generated` (GitHub's own mark for generated code,
// hidden from diffs and language statistics): an SDK or client generated into the repository, committed and
// regenerated rather than edited, often with no header saying so.

import ignore from "ignore";
import { parentDir } from "../repo/repo-path.js";
import { SOURCE_EXTENSION } from "./generator-outputs.js";

/** A file a `.gitattributes` line marks generated. */
export interface LinguistGenerated {
  path: string;
  /** The `.gitattributes` file and 1-based line whose pattern decided it. */
  attributes: string;
  line: number;
}

/** The two marks linguist reads to leave a file out: generated code, and a copy of another project's code. */
export type LinguistMark = "linguist-generated" | "linguist-vendored";

/** `linguist-generated`, `linguist-generated=true`: set; `-linguist-generated`, `=false`, `!linguist-generated`: unset. */
function markAttribute(attributes: string[], mark: LinguistMark): boolean | null {
  let value: boolean | null = null;
  for (const attribute of attributes) {
    const m = new RegExp(`^([-!]?)${mark}(?:=(\\S+))?$`).exec(attribute);
    if (!m) continue;
    value = m[1] === "" && (m[2] === undefined || /^(true|1|yes)$/i.test(m[2]));
  }
  return value;
}

/**
 * The files of `paths` that a `.gitattributes` (at the root or in a folder, its patterns relative to that folder)
 * marks `linguist-generated` (or `mark`: `linguist-vendored`, a third-party copy), the last matching line deciding,
 * as git reads attributes. Source files only: data and manifests under such a pattern are still read.
 */
export function linguistGenerated(
  paths: readonly string[],
  read: (path: string) => string | null,
  mark: LinguistMark = "linguist-generated",
): LinguistGenerated[] {
  const rules: Array<{
    base: string;
    file: string;
    line: number;
    set: boolean;
    matches: (rel: string) => boolean;
  }> = [];
  for (const file of paths.filter((p) => p === ".gitattributes" || p.endsWith("/.gitattributes")).sort()) {
    const text = read(file);
    if (!text || !text.includes(mark)) continue;
    const base = parentDir(file, "");
    text.split("\n").forEach((raw, i) => {
      const [pattern, ...attributes] = raw.trim().split(/\s+/);
      if (!pattern || pattern.startsWith("#") || pattern.startsWith("!")) return;
      const set = markAttribute(attributes, mark);
      if (set === null) return;
      // gitattributes patterns follow .gitignore's matching (no negation): a name without a slash matches at any
      // depth, one with a slash is anchored to the attributes file's folder.
      const matcher = ignore().add(pattern);
      rules.push({ base, file, line: i + 1, set, matches: (rel) => matcher.ignores(rel) });
    });
  }
  if (rules.length === 0) return [];
  const result: LinguistGenerated[] = [];
  for (const path of paths) {
    if (!SOURCE_EXTENSION.test(path)) continue;
    let decided: (typeof rules)[number] | null = null;
    for (const rule of rules) {
      if (rule.base && !path.startsWith(`${rule.base}/`)) continue;
      const rel = rule.base ? path.slice(rule.base.length + 1) : path;
      if (rule.matches(rel)) decided = rule;
    }
    if (decided?.set) result.push({ path, attributes: decided.file, line: decided.line });
  }
  return result;
}
