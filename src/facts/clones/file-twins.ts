// Whole-file twins: one file name in several folders with near-identical code — the one definition of "the same
// file" that generic/duplicate-module reports and deadcode/clone-class leaves to it.
import { createHash } from "node:crypto";
import { isCodeLanguage } from "../../model/language.js";
import { isMigrationPath } from "../../repo/path-kind.js";
import { decodeText } from "../../repo/text-decoding.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import { defineCollector, type CollectorParts } from "../define.js";
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
    const { index, parts } = ctx;
    if (!parts) return { groups: fileTwinGroups(ctx.facts.files, (path) => index.read(path)) };
    return { groups: fileTwinGroups(ctx.facts.files, (path) => index.read(path), keptGroups(parts, index)) };
  },
  // fileTwinGroups reads each file's path, test flag, language and code line count, and the texts of same-named
  // candidates: an edit elsewhere does not normalise every twin again, and with a cache a name's groups are kept
  // (a part per name, keyed by its files' content hashes), so an edit that changes a line count reads only the
  // files named like the edited one.
  memo: {
    analyzers: [],
    summary: () => null,
    inputs: (ctx) => ctx.facts.files.map((file) => [file.path, file.isTest, file.language, file.lines.code]),
    contents: (file) => isCandidate(file),
  },
});

/** A name's groups kept between runs: looked up and stored by fileTwinGroups. */
export interface KeptTwinGroups {
  /** The groups of these same-named files (sorted by path) from an earlier run, when their bytes are the same. */
  get(name: string, alikeByDesign: boolean, files: readonly FileSummary[]): FileTwinGroup[] | undefined;
  /** Reads a file's text for a name whose groups are computed, and notes whether its bytes are the hashed ones. */
  read(path: string): string | null;
  /** Stores the groups computed from the texts `read` gave, unless a file's bytes were not the hashed ones. */
  set(name: string, alikeByDesign: boolean, files: readonly FileSummary[], groups: FileTwinGroup[]): void;
}

/** Kept groups as parts of the collector's results, keyed by the name and each file's path, lines and content hash. */
function keptGroups(
  parts: CollectorParts,
  index: { readBytes(path: string): Buffer | null },
): KeptTwinGroups {
  const differs = new Set<string>();
  const keyOf = (name: string, alikeByDesign: boolean, files: readonly FileSummary[]): string | null => {
    const members: Array<[string, number, string]> = [];
    for (const file of files) {
      const content = parts.contentOf(file.path);
      if (content === undefined) return null;
      members.push([file.path, file.lines.code, content]);
    }
    const key = JSON.stringify(["file-twins", name, alikeByDesign, members]);
    return createHash("sha256").update(key).digest("hex");
  };
  return {
    get(name, alikeByDesign, files) {
      const key = keyOf(name, alikeByDesign, files);
      return key === null ? undefined : (parts.get(key) as FileTwinGroup[] | undefined);
    },
    read(path) {
      const bytes = index.readBytes(path);
      const content = bytes === null ? undefined : createHash("sha256").update(bytes).digest("hex");
      // Changed since it was hashed (or unreadable now): this run's groups of its name are not kept.
      if (content === undefined || content !== parts.contentOf(path)) differs.add(path);
      return bytes === null ? null : decodeText(bytes).text;
    },
    set(name, alikeByDesign, files, groups) {
      if (files.some((file) => differs.has(file.path))) return;
      const key = keyOf(name, alikeByDesign, files);
      if (key !== null) parts.set(key, groups);
    },
  };
}

/** A file fileTwinGroups may compare: production code of at least FILE_TWIN_MIN_CODE_LINES code lines. */
function isCandidate(file: FileSummary): boolean {
  return !file.isTest && isCodeLanguage(file.language) && file.lines.code >= FILE_TWIN_MIN_CODE_LINES;
}

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
  kept?: KeptTwinGroups,
): FileTwinGroup[] {
  const byName = new Map<string, FileSummary[]>();
  for (const file of files) {
    if (!isCandidate(file)) continue;
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
      const stored = kept?.get(name, alikeByDesign, sorted);
      if (stored) {
        groups.push(...stored);
        continue;
      }
      const read = kept ? (path: string) => kept.read(path) : readText;
      const lineSets = sorted.map((file) => normalisedLines(read(file.path) ?? ""));
      const found: FileTwinGroup[] = [];
      for (const members of similarGroups(lineSets)) {
        const first = lineSets[members[0] as number] as Set<string>;
        const others = members.slice(1).map((index) => lineSets[index] as Set<string>);
        found.push({
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
      kept?.set(name, alikeByDesign, sorted, found);
      groups.push(...found);
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
