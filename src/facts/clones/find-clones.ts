// Clone classes over every file's token stream: winnowed fingerprints as seeds, maximal joint extension, classes.
//
// Each file's normalised tokens are hashed in windows of half the minimum clone size; winnowing keeps the smallest
// hash of each run of windows, so any fragment of at least `minTokens` tokens shared by two places shares at least
// one kept fingerprint (Schleimer et al., "Winnowing", 2003) while about one window in (minTokens / 4) is indexed.
// Every group of places sharing a fingerprint is verified token by token and extended backwards and forwards as
// far as all of them agree: that maximal fragment and its places are one clone class.
import type { Language } from "../../model/language.js";
import type { FileSummary } from "../repo-facts.js";
import type { CloneTokens } from "./clone-tokens.js";

export interface CloneThresholds {
  /** Smallest clone, in tokens. */
  minTokens: number;
  /** Smallest clone, in lines (every copy must span at least this many). */
  minLines: number;
}

export interface CloneSettings extends CloneThresholds {
  /** Per-language thresholds; languages that match each other (JS/TS/JSX/TSX) should share them. */
  languages: Partial<Record<Language, Partial<CloneThresholds>>>;
}

export const DEFAULT_CLONE_SETTINGS: CloneSettings = { minTokens: 50, minLines: 6, languages: {} };

export interface ClonePlace {
  path: string;
  language: Language;
  isTest: boolean;
  startLine: number;
  endLine: number;
}

export interface CloneClass {
  /** Stable across runs and unrelated edits: a hash of the fragment's normalised tokens (no line numbers). */
  key: string;
  tokens: number;
  /** Lines of the longest place. */
  lines: number;
  /** `identical`: the same tokens everywhere (type 1); `renamed`: identifiers or literals differ (type 2). */
  kind: "identical" | "renamed";
  /** Every place holding the fragment, sorted by path and line. */
  places: ClonePlace[];
}

export interface DuplicationStats {
  /** Lines holding code tokens in the files searched. */
  codeLines: number;
  /** Of those, lines inside at least one clone. */
  duplicatedLines: number;
  /** duplicatedLines / codeLines, in percent with one decimal. */
  percent: number;
}

export interface ClonesFacts {
  settings: CloneSettings;
  filesSearched: number;
  total: DuplicationStats;
  byLanguage: Array<DuplicationStats & { language: Language }>;
  /** Per top-level folder (`.` for files at the root). */
  byFolder: Array<DuplicationStats & { folder: string }>;
  /** Every clone class, largest first (duplicated lines, then tokens, then first place). */
  classes: CloneClass[];
}

export interface CloneInput {
  file: FileSummary;
  value: CloneTokens;
}

/** Fragments with fewer distinct normalised tokens are repetitive data (tables, lists), not copied logic. */
const MIN_DISTINCT_TOKENS = 8;
/** Languages whose files are searched against each other (one lexer, one syntax). */
const FAMILY: Partial<Record<Language, string>> = {
  typescript: "js",
  tsx: "js",
  javascript: "js",
  vue: "js",
  svelte: "js",
};

interface FileStream {
  input: CloneInput;
  normalised: Uint16Array;
  exact: Uint16Array;
  /** Packed bytes, kept for the lazy line decoding. */
  packed: Uint8Array;
  lines: Uint32Array | null;
  thresholds: CloneThresholds;
}

export function thresholdsFor(settings: CloneSettings, language: Language): CloneThresholds {
  const own = settings.languages[language] ?? {};
  return { minTokens: own.minTokens ?? settings.minTokens, minLines: own.minLines ?? settings.minLines };
}

export function findClones(inputs: readonly CloneInput[], settings: CloneSettings): ClonesFacts {
  const streams: FileStream[] = inputs.map((input) =>
    unpack(input, thresholdsFor(settings, input.file.language)),
  );
  const fingerprints = winnowAll(streams);
  const { classes, spans } = buildClasses(streams, fingerprints);
  return { settings, filesSearched: streams.length, ...statistics(streams, spans), classes };
}

function unpack(input: CloneInput, thresholds: CloneThresholds): FileStream {
  const n = input.value.tokens;
  const bytes = Buffer.from(input.value.data, "base64");
  // Copied into a fresh buffer: typed-array views need an aligned offset.
  const packed = new Uint8Array(n * 5);
  packed.set(bytes.subarray(0, n * 5));
  return {
    input,
    normalised: new Uint16Array(packed.buffer, 0, n),
    exact: new Uint16Array(packed.buffer, n * 2, n),
    packed,
    lines: null,
    thresholds,
  };
}

function linesOf(stream: FileStream): Uint32Array {
  if (stream.lines) return stream.lines;
  const n = stream.normalised.length;
  const far = new Map<number, number>();
  const farLines = stream.input.value.farLines;
  for (let k = 0; k + 1 < farLines.length; k += 2) far.set(farLines[k] as number, farLines[k + 1] as number);
  const lines = new Uint32Array(n);
  let line = 1;
  for (let k = 0; k < n; k++) {
    const delta = stream.packed[n * 4 + k] as number;
    line = delta === 255 ? (far.get(k) ?? line) : line + delta;
    lines[k] = line;
  }
  stream.lines = lines;
  return lines;
}

interface Fingerprints {
  hash: Uint32Array;
  file: Uint32Array;
  pos: Uint32Array;
  count: number;
}

const BASE = 0x01000193;

function familyOf(language: Language): string {
  return FAMILY[language] ?? language;
}

function familySalt(language: Language, seedSize: number): number {
  const family = familyOf(language);
  let salt = 0x811c9dc5 ^ seedSize;
  for (let k = 0; k < family.length; k++) salt = Math.imul(salt ^ family.charCodeAt(k), BASE);
  return salt >>> 0;
}

/** Seed window (tokens hashed together) and winnowing window (hashes one fingerprint is chosen from). */
function windowsOf(thresholds: CloneThresholds): { seed: number; winnow: number } {
  const seed = Math.max(1, Math.ceil(thresholds.minTokens / 2));
  return { seed, winnow: Math.max(1, thresholds.minTokens - seed + 1) };
}

function winnowAll(streams: readonly FileStream[]): Fingerprints {
  let capacity = 1024;
  let out: Fingerprints = {
    hash: new Uint32Array(capacity),
    file: new Uint32Array(capacity),
    pos: new Uint32Array(capacity),
    count: 0,
  };
  const push = (hash: number, file: number, pos: number): void => {
    if (out.count === capacity) {
      capacity *= 2;
      const grown: Fingerprints = {
        hash: new Uint32Array(capacity),
        file: new Uint32Array(capacity),
        pos: new Uint32Array(capacity),
        count: out.count,
      };
      grown.hash.set(out.hash);
      grown.file.set(out.file);
      grown.pos.set(out.pos);
      out = grown;
    }
    out.hash[out.count] = hash;
    out.file[out.count] = file;
    out.pos[out.count] = pos;
    out.count++;
  };
  streams.forEach((stream, fileIndex) => {
    const tokens = stream.normalised;
    const n = tokens.length;
    if (n < stream.thresholds.minTokens) return;
    const { seed, winnow } = windowsOf(stream.thresholds);
    const windows = n - seed + 1;
    const hashes = new Uint32Array(windows);
    let power = 1;
    for (let k = 1; k < seed; k++) power = Math.imul(power, BASE);
    let hash = 0;
    for (let k = 0; k < seed; k++) hash = (Math.imul(hash, BASE) + (tokens[k] as number) + 1) | 0;
    const salt = familySalt(stream.input.file.language, seed);
    hashes[0] = (mix(hash) ^ salt) >>> 0;
    for (let k = 1; k < windows; k++) {
      hash = (hash - Math.imul((tokens[k - 1] as number) + 1, power)) | 0;
      hash = (Math.imul(hash, BASE) + (tokens[k + seed - 1] as number) + 1) | 0;
      hashes[k] = (mix(hash) ^ salt) >>> 0;
    }
    // Sliding-window minimum (rightmost on ties) over `winnow` consecutive hashes, with a monotonic deque.
    const deque = new Int32Array(windows);
    let head = 0;
    let tail = 0;
    let lastChosen = -1;
    for (let k = 0; k < windows; k++) {
      const value = hashes[k] as number;
      while (tail > head && (hashes[deque[tail - 1] as number] as number) >= value) tail--;
      deque[tail++] = k;
      if ((deque[head] as number) <= k - winnow) head++;
      if (k >= winnow - 1 || k === windows - 1) {
        const chosen = deque[head] as number;
        if (chosen !== lastChosen) {
          push(hashes[chosen] as number, fileIndex, chosen);
          lastChosen = chosen;
        }
      }
    }
  });
  return out;
}

/** Spreads the polynomial hash's low bits (its low bits depend only on the last tokens). */
function mix(value: number): number {
  let h = value ^ (value >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

interface Member {
  file: number;
  pos: number;
}

/** Token ranges of every place of every class, for the line statistics. */
interface Span {
  file: number;
  from: number;
  length: number;
}

function buildClasses(
  streams: readonly FileStream[],
  fp: Fingerprints,
): { classes: CloneClass[]; spans: Span[] } {
  // Sort fingerprints by hash (then by index, i.e. file and position) through one numeric key.
  const keys = new Float64Array(fp.count);
  for (let k = 0; k < fp.count; k++) keys[k] = (fp.hash[k] as number) * 2 ** 21 + (k % 2 ** 21);
  keys.sort();
  const seen = new Set<string>();
  const classes: CloneClass[] = [];
  const spans: Span[] = [];
  let runStart = 0;
  while (runStart < keys.length) {
    const bucket = Math.floor((keys[runStart] as number) / 2 ** 21);
    let runEnd = runStart + 1;
    while (runEnd < keys.length && Math.floor((keys[runEnd] as number) / 2 ** 21) === bucket) runEnd++;
    if (runEnd - runStart >= 2) {
      // The key kept only the index modulo 2^21: recover the members by scanning for this hash.
      const members = membersOf(fp, bucket, keys, runStart, runEnd);
      for (const group of verifiedGroups(streams, members)) {
        const found = extend(streams, group);
        if (!found || seen.has(found.signature)) continue;
        seen.add(found.signature);
        classes.push(found.cloneClass);
        for (const member of group)
          spans.push({ file: member.file, from: member.pos - found.back, length: found.cloneClass.tokens });
      }
    }
    runStart = runEnd;
  }
  return { classes: classes.sort(compareClasses), spans };
}

/** Fingerprint indices with hash `hash`, from the sorted run (index ≡ key mod 2^21, so candidates are checked). */
function membersOf(fp: Fingerprints, hash: number, keys: Float64Array, from: number, to: number): Member[] {
  const members: Member[] = [];
  for (let r = from; r < to; r++) {
    const low = (keys[r] as number) % 2 ** 21;
    for (let k = low; k < fp.count; k += 2 ** 21) {
      if (fp.hash[k] === hash) {
        const member = { file: fp.file[k] as number, pos: fp.pos[k] as number };
        if (!members.some((m) => m.file === member.file && m.pos === member.pos)) members.push(member);
      }
    }
  }
  return members.sort((a, b) => a.file - b.file || a.pos - b.pos);
}

/** Splits members whose seed windows really hold the same normalised tokens (hashes can collide). */
function verifiedGroups(streams: readonly FileStream[], members: Member[]): Member[][] {
  const groups: Member[][] = [];
  for (const member of members) {
    const stream = streams[member.file] as FileStream;
    const { seed } = windowsOf(stream.thresholds);
    const group = groups.find((g) => sameTokens(streams, g[0] as Member, member, seed));
    if (!group) {
      groups.push([member]);
      continue;
    }
    // A place overlapping the previous one in the same file is the same text repeating, not a second copy.
    const previous = group[group.length - 1] as Member;
    if (previous.file === member.file && member.pos - previous.pos < seed) continue;
    group.push(member);
  }
  return groups.filter((g) => g.length >= 2);
}

function sameTokens(streams: readonly FileStream[], a: Member, b: Member, length: number): boolean {
  const sa = streams[a.file] as FileStream;
  const sb = streams[b.file] as FileStream;
  if (familyOf(sa.input.file.language) !== familyOf(sb.input.file.language)) return false;
  const ta = sa.normalised;
  const tb = sb.normalised;
  if (a.pos + length > ta.length || b.pos + length > tb.length) return false;
  for (let k = 0; k < length; k++) if (ta[a.pos + k] !== tb[b.pos + k]) return false;
  return true;
}

function extend(
  streams: readonly FileStream[],
  group: Member[],
): { signature: string; back: number; cloneClass: CloneClass } | null {
  const first = group[0] as Member;
  const firstStream = streams[first.file] as FileStream;
  const { seed } = windowsOf(firstStream.thresholds);
  // Copies in one file may not overlap: the fragment is at most the distance between their starts.
  let cap = Number.MAX_SAFE_INTEGER;
  for (let k = 1; k < group.length; k++) {
    const a = group[k - 1] as Member;
    const b = group[k] as Member;
    if (a.file === b.file) cap = Math.min(cap, b.pos - a.pos);
  }
  const reference = firstStream.normalised;
  let back = 0;
  backward: while (seed + back < cap) {
    const at = first.pos - back - 1;
    if (at < 0) break;
    const token = reference[at];
    for (const member of group) {
      const p = member.pos - back - 1;
      if (p < 0 || (streams[member.file] as FileStream).normalised[p] !== token) break backward;
    }
    back++;
  }
  let forward = 0;
  forward: while (seed + back + forward < cap) {
    const at = first.pos + seed + forward;
    if (at >= reference.length) break;
    const token = reference[at];
    for (const member of group) {
      const tokens = (streams[member.file] as FileStream).normalised;
      const p = member.pos + seed + forward;
      if (p >= tokens.length || tokens[p] !== token) break forward;
    }
    forward++;
  }
  const length = seed + back + forward;
  const start = first.pos - back;
  const signature = group.map((m) => `${m.file}:${m.pos - back}:${length}`).join(",");
  if (length < firstStream.thresholds.minTokens) return null;
  const distinct = new Set<number>();
  for (let k = start; k < start + length && distinct.size < MIN_DISTINCT_TOKENS; k++)
    distinct.add(reference[k] as number);
  if (distinct.size < MIN_DISTINCT_TOKENS) return null;

  let identical = true;
  const places: ClonePlace[] = [];
  let longest = 0;
  for (const member of group) {
    const stream = streams[member.file] as FileStream;
    const from = member.pos - back;
    if (identical) {
      for (let k = 0; k < length; k++) {
        if (stream.exact[from + k] !== firstStream.exact[start + k]) {
          identical = false;
          break;
        }
      }
    }
    const lines = linesOf(stream);
    const startLine = lines[from] as number;
    const endLine = lines[from + length - 1] as number;
    const span = endLine - startLine + 1;
    if (span < stream.thresholds.minLines) return null;
    longest = Math.max(longest, span);
    const { file } = stream.input;
    places.push({ path: file.path, language: file.language, isTest: file.isTest, startLine, endLine });
  }
  let keyHash = 0x811c9dc5;
  for (let k = start; k < start + length; k++) keyHash = Math.imul(keyHash ^ (reference[k] as number), BASE);
  const cloneClass: CloneClass = {
    key: `${(keyHash >>> 0).toString(16).padStart(8, "0")}-${length}`,
    tokens: length,
    lines: longest,
    kind: identical ? "identical" : "renamed",
    places,
  };
  return { signature, back, cloneClass };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareClasses(a: CloneClass, b: CloneClass): number {
  const pa = a.places[0] as ClonePlace;
  const pb = b.places[0] as ClonePlace;
  return (
    b.lines * b.places.length - a.lines * a.places.length ||
    b.tokens - a.tokens ||
    compareText(pa.path, pb.path) ||
    pa.startLine - pb.startLine ||
    b.places.length - a.places.length ||
    compareText(a.key, b.key)
  );
}

function topFolder(path: string): string {
  const slash = path.indexOf("/");
  return slash === -1 ? "." : path.slice(0, slash);
}

function statistics(
  streams: readonly FileStream[],
  spans: readonly Span[],
): Pick<ClonesFacts, "total" | "byLanguage" | "byFolder"> {
  const duplicated = new Map<number, Set<number>>();
  for (const span of spans) {
    let marked = duplicated.get(span.file);
    if (!marked) {
      marked = new Set();
      duplicated.set(span.file, marked);
    }
    // Only lines holding tokens count, the same lines the denominator counts.
    const lines = linesOf(streams[span.file] as FileStream);
    for (let k = span.from; k < span.from + span.length; k++) marked.add(lines[k] as number);
  }
  const total = { codeLines: 0, duplicatedLines: 0 };
  const byLanguage = new Map<Language, { codeLines: number; duplicatedLines: number }>();
  const byFolder = new Map<string, { codeLines: number; duplicatedLines: number }>();
  streams.forEach((stream, index) => {
    const { file, value } = stream.input;
    const dup = duplicated.get(index)?.size ?? 0;
    for (const [map, key] of [
      [byLanguage, file.language],
      [byFolder, topFolder(file.path)],
    ] as const) {
      const row = (map as Map<string, { codeLines: number; duplicatedLines: number }>).get(key) ?? {
        codeLines: 0,
        duplicatedLines: 0,
      };
      row.codeLines += value.codeLines;
      row.duplicatedLines += dup;
      (map as Map<string, { codeLines: number; duplicatedLines: number }>).set(key, row);
    }
    total.codeLines += value.codeLines;
    total.duplicatedLines += dup;
  });
  const withPercent = <T extends { codeLines: number; duplicatedLines: number }>(
    row: T,
  ): T & DuplicationStats => ({
    ...row,
    percent: row.codeLines > 0 ? Math.round((row.duplicatedLines / row.codeLines) * 1000) / 10 : 0,
  });
  return {
    total: withPercent(total),
    byLanguage: [...byLanguage]
      .map(([language, row]) => withPercent({ language, ...row }))
      .sort((a, b) => b.duplicatedLines - a.duplicatedLines || compareText(a.language, b.language)),
    byFolder: [...byFolder]
      .map(([folder, row]) => withPercent({ folder, ...row }))
      .sort((a, b) => b.duplicatedLines - a.duplicatedLines || compareText(a.folder, b.folder)),
  };
}
