// Facts pack: copy-paste clones (type 1 and type 2) across the repository, duplicated-lines density, and whole-file
// twins (one file name in several folders with near-identical code).
import type { AreaFactEntry } from "../repo-facts.js";
import { defineCollector, definePack } from "../define.js";
import { cloneTokensAnalyzer, type CloneTokens } from "./clone-tokens.js";
import { findClones, type CloneClass, type ClonesFacts } from "./find-clones.js";
import { findClonesKept, type LazyCloneInput } from "./kept-index.js";
import { fileTwinsCollector } from "./file-twins.js";

export type { CloneClass, ClonePlace, ClonesFacts, CloneSettings, DuplicationStats } from "./find-clones.js";
export type { FileTwin, FileTwinGroup, FileTwinsFacts } from "./file-twins.js";

declare module "../repo-facts.js" {
  interface RepoFacts {
    clones: ClonesFacts;
  }
}

/** The part of the clones collector's kept results holding its clone index (kept-index: CloneIndexState). */
export const CLONE_INDEX_PART = "clone-index";

export const clonesCollector = defineCollector({
  id: "clones",
  collect(ctx) {
    const parts = ctx.parts;
    if (!parts) return findClones(ctx.fileFacts(cloneTokensAnalyzer), ctx.settings.duplication);
    // With a cache: the previous run's clone index, updated for the files whose tokens changed (by the digest the
    // analysis recorded); an unchanged file's tokens are read only when a changed file shares a fragment with it.
    const id = cloneTokensAnalyzer.id;
    const inputs: LazyCloneInput[] = [];
    for (const file of ctx.facts.files) {
      // `in`, not a read: a cached file's facts are deserialised on first read (cache/outcome-store).
      if (!(id in file.facts)) continue;
      inputs.push({
        file,
        digest: parts.digestOf(file.path, id) ?? "",
        value: () => file.facts[id] as CloneTokens,
      });
    }
    const { facts, state } = findClonesKept(inputs, ctx.settings.duplication, parts.get(CLONE_INDEX_PART));
    parts.set(CLONE_INDEX_PART, state);
    return facts;
  },
  // findClones reads each file's token streams, path, language and test flag, and the thresholds: nothing else.
  memo: {
    analyzers: [cloneTokensAnalyzer],
    summary: (file) => [file.language, file.isTest],
    inputs: (ctx) => ctx.settings.duplication,
  },
});

/** `path:start-end` of every place, for one-line facts. */
export function placesText(cloneClass: CloneClass, limit = 4): string {
  const shown = cloneClass.places
    .slice(0, limit)
    .map((place) => `${place.path}:${place.startLine}-${place.endLine}`);
  const more = cloneClass.places.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

function describeClones(clones: ClonesFacts): AreaFactEntry[] {
  if (clones.filesSearched === 0) return [];
  const { total } = clones;
  const identical = clones.classes.filter((c) => c.kind === "identical").length;
  const threshold = `minimum clone ${clones.settings.minTokens} tokens and ${clones.settings.minLines} lines`;
  if (total.duplicatedLines === 0)
    return [
      {
        area: "deadcode",
        label: "Duplicated code",
        value: `none found in ${total.codeLines} code lines of ${clones.filesSearched} files (${threshold})`,
      },
    ];
  const out: AreaFactEntry[] = [
    {
      area: "deadcode",
      label: "Duplicated code",
      value:
        `${total.identicalPercent}% of code lines in identical copies (${total.identicalLines} of ${total.codeLines} in ${clones.filesSearched} files); ` +
        `${total.percent}% counting copies with renamed identifiers or literals (${total.duplicatedLines} lines); ` +
        `${clones.classes.length} clone classes (${identical} identical); ${threshold}`,
    },
    {
      area: "deadcode",
      label: "Duplicated lines by language",
      value: clones.byLanguage
        .map((row) => `${row.language} ${row.identicalPercent}% identical, ${row.percent}% with renamed`)
        .join(", "),
    },
  ];
  const folders = clones.byFolder.filter((row) => row.duplicatedLines > 0).slice(0, 8);
  if (folders.length > 0)
    out.push({
      area: "deadcode",
      label: "Duplicated lines by top-level folder",
      value: folders
        .map((row) => `${row.folder} ${row.identicalPercent}% identical, ${row.percent}% with renamed`)
        .join(", "),
    });
  for (const cloneClass of clones.classes.filter((c) => !c.data).slice(0, 3)) {
    const first = cloneClass.places[0];
    out.push({
      area: "deadcode",
      label: "Large clone class",
      value: `${cloneClass.places.length} copies of ${cloneClass.lines} lines (${cloneClass.tokens} tokens, ${cloneClass.kind}): ${placesText(cloneClass)}`,
      location: first ? { path: first.path, startLine: first.startLine, endLine: first.endLine } : null,
    });
  }
  return out;
}

export default definePack({
  name: "clones",
  analyzers: [cloneTokensAnalyzer],
  collectors: [clonesCollector, fileTwinsCollector],
  describe: (facts) => describeClones(facts.clones),
});
