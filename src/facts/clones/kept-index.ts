// The clone index a run keeps for the next: per file its fingerprints and counts, every pair's matches and every
// connected set of places with its classes, so that after an edit the join redoes only what the changed files reach.
// The facts are always those of find-clones' full join (test/clones-incremental.test.ts compares them).
import type { FileSummary } from "../repo-facts.js";
import type { CloneSettings } from "./clone-settings.js";
import type { CloneTokens } from "./clone-tokens.js";
import {
  MAX_GROUP,
  compareBuckets,
  componentsOf,
  describeComponent,
  duplicatedLineCounts,
  FingerprintList,
  fullJoin,
  membersOf,
  sortedClasses,
  sortedKeys,
  spanKeyOf,
  statistics,
  thresholdsFor,
  undominated,
  unpack,
  winnowFile,
  WinnowWork,
  type CloneClass,
  type ClonesFacts,
  type Component,
  type FileCounts,
  type FileStream,
  type Join,
  type Member,
  type PairMatch,
  type Span,
} from "./find-clones.js";
/** A file of the clone search whose token streams are read only when the join needs them. */
export interface LazyCloneInput {
  file: FileSummary;
  /** A digest of the file's clone tokens (equal digests, equal tokens); "" when unknown (never taken as unchanged). */
  digest: string;
  value: () => CloneTokens;
}

const STATE_VERSION = 1;

/**
 * The clone index a run keeps for the next (plain data): per file its digest, token and line counts, duplicated
 * lines and fingerprints; every pair's undominated matches; every connected set of places with its classes. Files by
 * index in `paths` (the run's order, sorted by path).
 */
export interface CloneIndexState {
  version: number;
  settings: string;
  paths: string[];
  digests: string[];
  /** `<language>:<0|1 test>` of each file. */
  kinds: string[];
  tokens: Uint32Array;
  codeLines: Uint32Array;
  duplicated: Uint32Array;
  identical: Uint32Array;
  /** File k's fingerprints are [fpStart[k], fpStart[k + 1]) of fpHash and fpPos. */
  fpStart: Uint32Array;
  fpHash: Uint32Array;
  fpPos: Uint32Array;
  /** Five numbers a match: first file, from, second file, from, length. */
  matches: Int32Array;
  /** Component c's places are [placeStart[c], placeStart[c + 1]) triples (file, from, length) of `places`. */
  placeStart: Uint32Array;
  places: Int32Array;
  /** Its kept token ranges: quadruples (file, from, length, identical 0/1) of `kept`. */
  keptStart: Uint32Array;
  kept: Int32Array;
  /** Its classes: [classStart[c], classStart[c + 1]) of `classes`. */
  classStart: Uint32Array;
  classes: CloneClass[];
}

export function isCloneIndexState(value: unknown): value is CloneIndexState {
  if (typeof value !== "object" || value === null) return false;
  const state = value as Partial<CloneIndexState>;
  const files = state.paths?.length ?? -1;
  const components = (state.placeStart?.length ?? 0) - 1;
  return (
    state.version === STATE_VERSION &&
    typeof state.settings === "string" &&
    Array.isArray(state.paths) &&
    Array.isArray(state.digests) &&
    Array.isArray(state.kinds) &&
    Array.isArray(state.classes) &&
    state.digests.length === files &&
    state.kinds.length === files &&
    [state.tokens, state.codeLines, state.duplicated, state.identical].every(
      (array) => array instanceof Uint32Array && array.length === files,
    ) &&
    state.fpStart instanceof Uint32Array &&
    state.fpStart.length === files + 1 &&
    state.fpHash instanceof Uint32Array &&
    state.fpPos instanceof Uint32Array &&
    state.fpHash.length === state.fpPos.length &&
    state.fpStart[files] === state.fpHash.length &&
    state.matches instanceof Int32Array &&
    state.matches.length % 5 === 0 &&
    state.places instanceof Int32Array &&
    state.kept instanceof Int32Array &&
    components >= 0 &&
    [state.keptStart, state.classStart].every(
      (array) => array instanceof Uint32Array && array.length === components + 1,
    ) &&
    state.placeStart?.[components] === state.places.length / 3 &&
    state.keptStart?.[components] === state.kept.length / 4 &&
    state.classStart?.[components] === state.classes.length
  );
}

function kindOf(file: FileSummary): string {
  return `${file.language}:${file.isTest ? 1 : 0}`;
}

/**
 * findClones with the previous run's clone index: only the files that changed (by digest) are decoded and winnowed
 * again, only pairs of files an edit can reach are compared again (a changed file, or a file sharing with it a
 * bucket of more than MAX_GROUP places or holding two places of such a bucket), and only the connected sets of
 * places those pairs touch are described again. The facts are the full join's; with many changes or a state that
 * does not fit its layout the full join runs.
 */
export function findClonesKept(
  inputs: readonly LazyCloneInput[],
  settings: CloneSettings,
  previous: unknown,
): { facts: ClonesFacts; state: CloneIndexState } {
  const settingsKey = JSON.stringify(settings);
  if (isCloneIndexState(previous) && previous.settings === settingsKey) {
    let result: { facts: ClonesFacts; join: Join } | null = null;
    try {
      result = incrementalJoin(inputs, settings, previous);
    } catch {
      // A state that does not fit its own layout: the full join below.
      result = null;
    }
    if (result) return { facts: result.facts, state: stateOf(inputs, settingsKey, result.join) };
  }
  const streams = inputs.map((input) =>
    unpack({ file: input.file, value: input.value() }, thresholdsFor(settings, input.file.language)),
  );
  const { facts, join } = fullJoin(streams, settings);
  return { facts, state: stateOf(inputs, settingsKey, join) };
}

function stateOf(inputs: readonly LazyCloneInput[], settingsKey: string, join: Join): CloneIndexState {
  const n = inputs.length;
  const fp = join.fingerprints;
  const fpStart = new Uint32Array(n + 1);
  for (let k = 0; k < fp.count; k++) (fpStart[(fp.file[k] as number) + 1] as number)++;
  for (let k = 0; k < n; k++) fpStart[k + 1] = (fpStart[k + 1] as number) + (fpStart[k] as number);
  const matches = new Int32Array(join.matches.length * 5);
  join.matches.forEach((match, k) => {
    matches.set([match.a.file, match.a.from, match.b.file, match.b.from, match.length], k * 5);
  });
  const components = join.components;
  const placeStart = new Uint32Array(components.length + 1);
  const keptStart = new Uint32Array(components.length + 1);
  const classStart = new Uint32Array(components.length + 1);
  components.forEach((component, c) => {
    placeStart[c + 1] = (placeStart[c] as number) + component.places.length;
    keptStart[c + 1] = (keptStart[c] as number) + component.kept.length;
    classStart[c + 1] = (classStart[c] as number) + component.classes.length;
  });
  const places = new Int32Array((placeStart[components.length] as number) * 3);
  const kept = new Int32Array((keptStart[components.length] as number) * 4);
  const classes: CloneClass[] = [];
  components.forEach((component, c) => {
    let at = (placeStart[c] as number) * 3;
    for (const span of component.places) {
      places[at++] = span.file;
      places[at++] = span.from;
      places[at++] = span.length;
    }
    at = (keptStart[c] as number) * 4;
    for (const span of component.kept) {
      kept[at++] = span.file;
      kept[at++] = span.from;
      kept[at++] = span.length;
      kept[at++] = span.identical ? 1 : 0;
    }
    classes.push(...component.classes);
  });
  return {
    version: STATE_VERSION,
    settings: settingsKey,
    paths: inputs.map((input) => input.file.path),
    digests: inputs.map((input) => input.digest),
    kinds: inputs.map((input) => kindOf(input.file)),
    tokens: Uint32Array.from(join.tokens),
    codeLines: Uint32Array.from(join.files, (file) => file.codeLines),
    duplicated: Uint32Array.from(join.files, (file) => file.duplicated),
    identical: Uint32Array.from(join.files, (file) => file.identical),
    fpStart,
    fpHash: fp.hash.slice(0, fp.count),
    fpPos: fp.pos.slice(0, fp.count),
    matches,
    placeStart,
    places,
    keptStart,
    kept,
    classStart,
    classes,
  };
}

/** More changed files than this share of the tree: the full join is as quick. */
const MAX_CHANGED_SHARE = 0.25;

function incrementalJoin(
  inputs: readonly LazyCloneInput[],
  settings: CloneSettings,
  previous: CloneIndexState,
): { facts: ClonesFacts; join: Join } | null {
  const n = inputs.length;
  const oldCount = previous.paths.length;
  const oldIndex = new Map<string, number>();
  previous.paths.forEach((path, index) => oldIndex.set(path, index));
  // Unchanged files: the same path, digest, language and test flag.
  const newOf = new Int32Array(oldCount).fill(-1);
  const oldOf = new Int32Array(n).fill(-1);
  let changed = 0;
  inputs.forEach((input, index) => {
    const old = oldIndex.get(input.file.path);
    if (
      old !== undefined &&
      input.digest !== "" &&
      previous.digests[old] === input.digest &&
      previous.kinds[old] === kindOf(input.file)
    ) {
      newOf[old] = index;
      oldOf[index] = old;
    } else changed++;
  });
  if (changed > n * MAX_CHANGED_SHARE) return null;
  const streams: FileStream[] = new Array<FileStream>(n);
  const streamOf = (index: number): FileStream => {
    let stream = streams[index];
    if (!stream) {
      const input = inputs[index] as LazyCloneInput;
      stream = unpack(
        { file: input.file, value: input.value() },
        thresholdsFor(settings, input.file.language),
      );
      streams[index] = stream;
    }
    return stream;
  };
  const tokens = inputs.map((_, index) =>
    (oldOf[index] as number) >= 0
      ? (previous.tokens[oldOf[index] as number] as number)
      : streamOf(index).normalised.length,
  );
  const longest = tokens.reduce((a, b) => Math.max(a, b), 0);

  // The fingerprint index: kept for unchanged files, winnowed for changed ones, in file order.
  const list = new FingerprintList();
  const work = new WinnowWork(longest);
  const changedHashes = new Set<number>();
  const removedHashes = new Map<number, number>();
  for (let index = 0; index < n; index++) {
    const old = oldOf[index] as number;
    if (old >= 0) {
      const end = previous.fpStart[old + 1] as number;
      for (let k = previous.fpStart[old] as number; k < end; k++)
        list.push(previous.fpHash[k] as number, index, previous.fpPos[k] as number);
    } else winnowFile(streamOf(index), index, list, work);
  }
  const fp = list.done();
  for (let k = 0; k < fp.count; k++)
    if ((oldOf[fp.file[k] as number] as number) < 0) changedHashes.add(fp.hash[k] as number);
  for (let old = 0; old < oldCount; old++) {
    if ((newOf[old] as number) >= 0) continue;
    const end = previous.fpStart[old + 1] as number;
    for (let k = previous.fpStart[old] as number; k < end; k++) {
      const hash = previous.fpHash[k] as number;
      changedHashes.add(hash);
      removedHashes.set(hash, (removedHashes.get(hash) ?? 0) + 1);
    }
  }

  // Touched files: changed ones, and those whose pairs a changed place can reorder (a bucket of more than MAX_GROUP
  // places before or after, where places are compared with neighbours only; two places of one file in a bucket,
  // whose comparisons with each other depend on the order of the bucket's groups).
  const touched = new Uint8Array(n);
  for (let index = 0; index < n; index++) if ((oldOf[index] as number) < 0) touched[index] = 1;
  const keys = sortedKeys(fp);
  let runStart = 0;
  while (runStart < keys.length) {
    const bucket = Math.floor((keys[runStart] as number) / 2 ** 21);
    let runEnd = runStart + 1;
    while (runEnd < keys.length && Math.floor((keys[runEnd] as number) / 2 ** 21) === bucket) runEnd++;
    if (changedHashes.has(bucket)) {
      const members = membersOf(fp, bucket, keys, runStart, runEnd);
      let fresh = 0;
      for (const member of members) if ((oldOf[member.file] as number) < 0) fresh++;
      const before = members.length - fresh + (removedHashes.get(bucket) ?? 0);
      const big = members.length > MAX_GROUP || before > MAX_GROUP;
      for (let m = 0; m < members.length; m++) {
        const file = (members[m] as Member).file;
        if (big || (m > 0 && (members[m - 1] as Member).file === file)) touched[file] = 1;
      }
    }
    runStart = runEnd;
  }

  // Pairs with a touched file compared again; every other pair's matches are the previous run's.
  const fresh = undominated(
    compareBuckets(streams, fp, keys, longest, touched, (members) => {
      for (const member of members) streamOf(member.file);
    }),
    n,
  );
  const spanKey = spanKeyOf(n, longest);
  const keptMatches: PairMatch[] = [];
  for (let k = 0; k + 4 < previous.matches.length; k += 5) {
    const a = newOf[previous.matches[k] as number] as number;
    const b = newOf[previous.matches[k + 2] as number] as number;
    if (a < 0 || b < 0 || touched[a] === 1 || touched[b] === 1) continue;
    const length = previous.matches[k + 4] as number;
    keptMatches.push({
      a: { file: a, from: previous.matches[k + 1] as number, length },
      b: { file: b, from: previous.matches[k + 3] as number, length },
      length,
    });
  }

  // The previous components: clean ones (no place in a touched or removed file, no place a new match reaches) are
  // kept whole with their classes; the others are joined again from their kept matches and the new ones.
  const componentCount = previous.placeStart.length - 1;
  const dirty = new Uint8Array(componentCount);
  const componentOf = new Map<number | string, number>();
  for (let c = 0; c < componentCount; c++) {
    const end = previous.placeStart[c + 1] as number;
    for (let p = previous.placeStart[c] as number; p < end; p++) {
      const file = newOf[previous.places[p * 3] as number] as number;
      if (file < 0 || touched[file] === 1) {
        dirty[c] = 1;
        continue;
      }
      const from = previous.places[p * 3 + 1] as number;
      const length = previous.places[p * 3 + 2] as number;
      componentOf.set(spanKey({ file, from, length }), c);
    }
  }
  for (const match of fresh)
    for (const span of [match.a, match.b]) {
      const c = componentOf.get(spanKey(span));
      if (c !== undefined) dirty[c] = 1;
    }
  const rejoined = [
    ...keptMatches.filter((match) => dirty[componentOf.get(spanKey(match.a)) ?? -1] === 1),
    ...fresh,
  ];
  const components: Component[] = [];
  const statFiles = new Set<number>();
  for (let index = 0; index < n; index++) if ((oldOf[index] as number) < 0) statFiles.add(index);
  for (let c = 0; c < componentCount; c++) {
    const keptEnd = previous.keptStart[c + 1] as number;
    if (dirty[c] === 1) {
      for (let q = previous.keptStart[c] as number; q < keptEnd; q++) {
        const file = newOf[previous.kept[q * 4] as number] as number;
        if (file >= 0) statFiles.add(file);
      }
      continue;
    }
    const places: Span[] = [];
    const placeEnd = previous.placeStart[c + 1] as number;
    for (let p = previous.placeStart[c] as number; p < placeEnd; p++)
      places.push({
        file: newOf[previous.places[p * 3] as number] as number,
        from: previous.places[p * 3 + 1] as number,
        length: previous.places[p * 3 + 2] as number,
      });
    const kept: Span[] = [];
    for (let q = previous.keptStart[c] as number; q < keptEnd; q++)
      kept.push({
        file: newOf[previous.kept[q * 4] as number] as number,
        from: previous.kept[q * 4 + 1] as number,
        length: previous.kept[q * 4 + 2] as number,
        identical: previous.kept[q * 4 + 3] === 1,
      });
    const classes = previous.classes.slice(previous.classStart[c], previous.classStart[c + 1]);
    components.push({ places, classes, kept });
  }
  for (const places of componentsOf(n, longest, rejoined)) {
    for (const span of places) streamOf(span.file);
    const component = describeComponent(streams, places);
    for (const span of component.kept) statFiles.add(span.file);
    components.push(component);
  }
  const classes = sortedClasses(components);

  const counts = duplicatedLineCounts(
    streamOf,
    components.flatMap((component) => component.kept),
    statFiles,
  );
  const files = inputs.map((input, index): FileCounts => {
    const old = oldOf[index] as number;
    const own = counts.get(index);
    const fresh = old < 0 || statFiles.has(index);
    return {
      path: input.file.path,
      language: input.file.language,
      codeLines: old >= 0 ? (previous.codeLines[old] as number) : streamOf(index).input.value.codeLines,
      duplicated: fresh ? (own?.duplicated ?? 0) : (previous.duplicated[old] as number),
      identical: fresh ? (own?.identical ?? 0) : (previous.identical[old] as number),
    };
  });
  return {
    facts: { settings, filesSearched: n, ...statistics(files), classes },
    join: { fingerprints: fp, matches: [...keptMatches, ...fresh], components, files, tokens },
  };
}

/** A prose word in the match stream. */
