// Whole-file duplicates: same-named files with near-identical code, grouped (shared by duplicate-module and clone-class).
import type { FileSummary } from "../../facts/repo-facts.js";
import { isCodeLanguage } from "../../model/language.js";

export interface DuplicateFileOptions {
  minSimilarity: number;
  minCodeLines: number;
}

export const DEFAULT_DUPLICATE_FILE_OPTIONS: DuplicateFileOptions = { minSimilarity: 0.7, minCodeLines: 15 };

export interface DuplicateFileGroup {
  /** The shared file name. */
  name: string;
  /** Files of the group, sorted by path; each is similar to at least one other. */
  files: FileSummary[];
  /** Highest pairwise similarity in the group (0–1). */
  similarity: number;
}

/**
 * Groups same-named production code files whose code lines are mostly the same (Jaccard of distinct,
 * whitespace-folded lines ≥ minSimilarity), linking pairs transitively so that each group is reported once.
 */
export function duplicateFileGroups(
  files: readonly FileSummary[],
  readText: (path: string) => string | null,
  options: DuplicateFileOptions = DEFAULT_DUPLICATE_FILE_OPTIONS,
): DuplicateFileGroup[] {
  const byName = new Map<string, FileSummary[]>();
  for (const file of files) {
    if (file.isTest || !isCodeLanguage(file.language) || file.lines.code < options.minCodeLines) continue;
    const name = file.path.slice(file.path.lastIndexOf("/") + 1);
    byName.set(name, [...(byName.get(name) ?? []), file]);
  }
  const groups: DuplicateFileGroup[] = [];
  for (const [name, named] of [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (named.length < 2 || named.length > 20) continue;
    const sorted = [...named].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const lineSets = sorted.map((file) => normalisedLines(readText(file.path) ?? ""));
    const parent = sorted.map((_, i) => i);
    const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i] as number)));
    const best = new Map<number, number>();
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const similarity = jaccard(lineSets[i] as Set<string>, lineSets[j] as Set<string>);
        if (similarity < options.minSimilarity) continue;
        const a = root(i);
        const b = root(j);
        parent[Math.max(a, b)] = Math.min(a, b);
        const top = root(i);
        best.set(top, Math.max(best.get(top) ?? 0, best.get(a) ?? 0, best.get(b) ?? 0, similarity));
      }
    }
    const members = new Map<number, FileSummary[]>();
    sorted.forEach((file, i) => {
      const top = root(i);
      members.set(top, [...(members.get(top) ?? []), file]);
    });
    for (const [top, group] of members)
      if (group.length >= 2) groups.push({ name, files: group, similarity: best.get(top) ?? 0 });
  }
  return groups;
}

/** A file's distinct code lines, whitespace folded, without comment markers and lone closing tokens. */
export function normalisedLines(text: string): Set<string> {
  const lines = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+/g, " ").trim();
    if (line.length > 2 && !/^(#|\/\/|\*|\/\*|--|end|\}|\)|\]|\{)$/.test(line)) lines.add(line);
  }
  return lines;
}

/** Share of distinct lines two files have in common. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const line of a) if (b.has(line)) shared++;
  return shared / (a.size + b.size - shared);
}
