// Whole-file twins: one file name in several folders with near-identical code — the one definition of "the same
// file" that generic/duplicate-module reports and deadcode/clone-class leaves to it.
import { isCodeLanguage } from "../../model/language.js";
import { isMigrationPath } from "../../repo/path-kind.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import { defineCollector } from "../define.js";
import type { FileSummary } from "../repo-facts.js";

/** Share of distinct, whitespace-folded code lines two files must have in common (Jaccard) to be one file. */
export const FILE_TWIN_MIN_SIMILARITY = 0.7;
/** Smaller files are not compared: a dozen lines alike is a convention, not a module kept twice. */
export const FILE_TWIN_MIN_CODE_LINES = 15;
/** A name held by more files is a convention of the framework (`index.ts`, `__init__.py`), not copies. */
const MAX_FILES_PER_NAME = 20;

/**
 * Files alike on purpose: tool configuration repeated per package, framework convention files, translations,
 * frozen snapshots named by a version number (`v/2.ts`, `0003.py`); migrations are matched by isMigrationPath.
 */
const ALIKE_BY_DESIGN = [
  /(^|\/)[^/]*\.config\.[cm]?[jt]s$/,
  /(^|\/)\.?[a-z]+rc\.[cm]?[jt]s$/,
  /(^|\/)(setup|manage|wsgi|asgi|conftest|noxfile)\.py$/,
  /(^|\/)(loading|error|not-found|global-error|template|default)\.[jt]sx?$/,
  /(^|\/)(locales?|i18n|lang|langs|translations?)\//,
  /(^|\/)v?\d+(\.\d+)*\.[a-z]+$/,
];

export interface FileTwin {
  path: string;
  codeLines: number;
}

export interface FileTwinGroup {
  /** The shared file name. */
  name: string;
  /** Files of the group, sorted by path; each reaches FILE_TWIN_MIN_SIMILARITY with at least one other. */
  files: FileTwin[];
  /** Distinct code lines present in every file of the group. */
  sharedLines: number;
  /** Lowest similarity (0–1) of another file of the group to the first one. */
  similarityToFirst: number;
  /** Every file is alike on purpose (migrations, tool configuration, convention files, translations, snapshots). */
  alikeByDesign: boolean;
}

export interface FileTwinsFacts {
  /** Groups sorted by name, then first path. */
  groups: FileTwinGroup[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    fileTwins: FileTwinsFacts;
  }
}

export const fileTwinsCollector = defineCollector({
  id: "fileTwins",
  collect(ctx) {
    return { groups: fileTwinGroups(ctx.facts.files, (path) => ctx.index.read(path)) };
  },
  // fileTwinGroups reads each file's path, test flag, language and code line count, and the texts of same-named
  // files (recorded by the memo, compared on reuse): an edit elsewhere does not normalise every twin again.
  memo: {
    analyzers: [],
    summary: () => null,
    inputs: (ctx) => ctx.facts.files.map((file) => [file.path, file.isTest, file.language, file.lines.code]),
  },
});

export function isAlikeByDesign(path: string): boolean {
  return isMigrationPath(path) || ALIKE_BY_DESIGN.some((pattern) => pattern.test(path));
}

/**
 * Same-named production code files whose code lines are mostly the same, linked transitively so that each group
 * is one entry. Files alike on purpose are grouped only among themselves.
 */
export function fileTwinGroups(
  files: readonly FileSummary[],
  readText: (path: string) => string | null,
): FileTwinGroup[] {
  const byName = new Map<string, FileSummary[]>();
  for (const file of files) {
    if (file.isTest || !isCodeLanguage(file.language) || file.lines.code < FILE_TWIN_MIN_CODE_LINES) continue;
    const name = file.path.slice(file.path.lastIndexOf("/") + 1);
    const named = byName.get(name);
    if (named) named.push(file);
    else byName.set(name, [file]);
  }
  const groups: FileTwinGroup[] = [];
  for (const name of [...byName.keys()].sort(compareCodeUnits)) {
    const named = byName.get(name) ?? [];
    if (named.length < 2) continue;
    const ordinary = named.filter((file) => !isAlikeByDesign(file.path));
    const alike = named.filter((file) => isAlikeByDesign(file.path));
    for (const [part, alikeByDesign] of [
      [ordinary, false],
      [alike, true],
    ] as const) {
      if (part.length < 2 || part.length > MAX_FILES_PER_NAME) continue;
      const sorted = [...part].sort((a, b) => compareCodeUnits(a.path, b.path));
      const lineSets = sorted.map((file) => normalisedLines(readText(file.path) ?? ""));
      for (const members of similarGroups(lineSets)) {
        const first = lineSets[members[0] as number] as Set<string>;
        const others = members.slice(1).map((index) => lineSets[index] as Set<string>);
        groups.push({
          name,
          files: members.map((index) => {
            const file = sorted[index] as FileSummary;
            return { path: file.path, codeLines: file.lines.code };
          }),
          sharedLines: linesInAll(first, others),
          similarityToFirst: Math.min(...others.map((other) => jaccard(first, other))),
          alikeByDesign,
        });
      }
    }
  }
  return groups;
}

/** Groups of files (indexes, ascending) linked by pairwise similarity at or above the threshold, in path order. */
function similarGroups(lineSets: ReadonlyArray<Set<string>>): number[][] {
  const parent = lineSets.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) index = parent[index] as number;
    return index;
  };
  for (let i = 0; i < lineSets.length; i++) {
    for (let j = i + 1; j < lineSets.length; j++) {
      if (jaccard(lineSets[i] as Set<string>, lineSets[j] as Set<string>) < FILE_TWIN_MIN_SIMILARITY)
        continue;
      const a = root(i);
      const b = root(j);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const groups = new Map<number, number[]>();
  lineSets.forEach((_, index) => {
    const top = root(index);
    const group = groups.get(top);
    if (group) group.push(index);
    else groups.set(top, [index]);
  });
  return [...groups.values()].filter((group) => group.length > 1);
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

function linesInAll(first: Set<string>, others: ReadonlyArray<Set<string>>): number {
  let shared = 0;
  for (const line of first) if (others.every((set) => set.has(line))) shared++;
  return shared;
}
