// Clone classes over every file's token stream: winnowed fingerprints as seeds, maximal joint extension, classes.
//
// Each file's normalised tokens are hashed in windows of half the minimum clone size; winnowing keeps the smallest
// hash of each run of windows, so any fragment of at least `minTokens` tokens shared by two places shares at least
// one kept fingerprint (Schleimer et al., "Winnowing", 2003) while about one window in (minTokens / 4) is indexed.
// Every group of places sharing a fingerprint is verified token by token and extended backwards and forwards as
// far as all of them agree: that maximal fragment and its places are one clone class.
import type { Language } from "../../model/language.js";
import type { FileSummary } from "../repo-facts.js";
import { LOGIC_BIT, type CloneTokens } from "./clone-tokens.js";
import type { CloneSettings, CloneThresholds } from "./clone-settings.js";

export { DEFAULT_CLONE_SETTINGS, type CloneSettings, type CloneThresholds } from "./clone-settings.js";

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
  /**
   * Of `tokens`, the words of Python triple-quoted strings (docstrings): prose, counted as jscpd counts it in the
   * duplicated lines, but not code.
   */
  proseTokens: number;
  /** `identical`: the same tokens everywhere (type 1); `renamed`: identifiers or literals differ (type 2). */
  kind: "identical" | "renamed";
  /**
   * The fragment is data (a table, a list, markup) or prose: under MIN_LOGIC_SHARE of its code tokens express
   * logic, or it has no code tokens. Counted in the duplicated lines like any class; not copied logic.
   */
  data: boolean;
  /** Every place holding the fragment, sorted by path and line. */
  places: ClonePlace[];
}

export interface DuplicationStats {
  /** Lines holding code tokens in the files searched. */
  codeLines: number;
  /** Of those, lines inside at least one clone (identical or renamed copies, of code, data or docstrings). */
  duplicatedLines: number;
  /** duplicatedLines / codeLines, in percent with one decimal. */
  percent: number;
  /**
   * Lines inside identical copies only (type 1), comparable with tools that do not normalise names (jscpd's default
   * mode): a run of at least the minimum size that reads the same in two places, also inside a renamed class.
   */
  identicalLines: number;
  identicalPercent: number;
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
/** Share of logic tokens (keywords, comparisons, calls …) under which a fragment is data. */
const MIN_LOGIC_SHARE = 0.1;
/** Places of one seed compared all pairwise; above this, each place is compared with its NEIGHBOURS next ones. */
export const MAX_GROUP = 40;
const NEIGHBOURS = 8;
/** Languages whose files are searched against each other (one lexer, one syntax). */
const FAMILY: Partial<Record<Language, string>> = {
  typescript: "js",
  tsx: "js",
  javascript: "js",
  vue: "js",
  svelte: "js",
};

export interface FileStream {
  input: CloneInput;
  /** Seed stream: normalised tokens, prose words with their own hash (only the same docstrings share seeds). */
  normalised: Uint16Array;
  /**
   * Match stream: `normalised` with every prose word the same token, so a renamed copy extends through a docstring
   * reworded word for word (the same array as `normalised` for files without prose).
   */
  match: Uint16Array;
  exact: Uint16Array;
  /** Packed bytes, kept for the lazy line decoding. */
  packed: Uint8Array;
  /** Decoded on first use, for files holding a clone only. */
  lines: LineIndex | null;
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
  return fullJoin(streams, settings).facts;
}

/** The whole join over decoded streams: the facts, and what a later run needs to redo only what an edit reaches. */
export function fullJoin(
  streams: readonly FileStream[],
  settings: CloneSettings,
): { facts: ClonesFacts; join: Join } {
  const fingerprints = winnowAll(streams);
  const longest = longestStream(streams);
  const keys = sortedKeys(fingerprints);
  const matches = undominated(compareBuckets(streams, fingerprints, keys, longest, null), streams.length);
  const components = componentsOf(streams.length, longest, matches).map((places) =>
    describeComponent(streams, places),
  );
  const counts = duplicatedLineCounts(
    (file) => streams[file] as FileStream,
    components.flatMap((component) => component.kept),
    null,
  );
  const files = streams.map((stream, index): FileCounts => {
    const { file, value } = stream.input;
    const own = counts.get(index);
    return {
      path: file.path,
      language: file.language,
      codeLines: value.codeLines,
      duplicated: own?.duplicated ?? 0,
      identical: own?.identical ?? 0,
    };
  });
  const classes = sortedClasses(components);
  return {
    facts: { settings, filesSearched: streams.length, ...statistics(files), classes },
    join: {
      fingerprints,
      matches,
      components,
      files,
      tokens: streams.map((stream) => stream.normalised.length),
    },
  };
}

/** What one run's join keeps for the next (kept-index), by this run's file indexes. */
export interface Join {
  fingerprints: Fingerprints;
  /** The undominated matches of every pair of files. */
  matches: PairMatch[];
  components: Component[];
  files: FileCounts[];
  tokens: number[];
}

/** A prose word in the match stream. */
const PROSE_WORD = 0x7ffe;

export function unpack(input: CloneInput, thresholds: CloneThresholds): FileStream {
  const n = input.value.tokens;
  // Decoded straight into a fresh buffer (typed-array views need an aligned offset), without a second copy.
  const packed = new Uint8Array(n * 5);
  Buffer.from(packed.buffer, 0, n * 5).write(input.value.data, 0, n * 5, "base64");
  const normalised = new Uint16Array(packed.buffer, 0, n);
  const prose = input.value.prose;
  let match = normalised;
  if (prose.length > 0) {
    match = normalised.slice();
    for (let k = 0; k + 1 < prose.length; k += 2) match.fill(PROSE_WORD, prose[k], prose[k + 1]);
  }
  return {
    input,
    normalised,
    match,
    exact: new Uint16Array(packed.buffer, n * 2, n),
    packed,
    lines: null,
    thresholds,
  };
}

/**
 * A sparse line index: the first token of each line holding tokens, and that line's number (8 bytes a code line,
 * where a line number per token took 4 bytes a token).
 */
interface LineIndex {
  firstToken: Uint32Array;
  line: Uint32Array;
}

function linesOf(stream: FileStream): LineIndex {
  if (stream.lines) return stream.lines;
  const n = stream.normalised.length;
  const far = new Map<number, number>();
  const farLines = stream.input.value.farLines;
  for (let k = 0; k + 1 < farLines.length; k += 2) far.set(farLines[k] as number, farLines[k + 1] as number);
  const deltas = stream.packed.subarray(n * 4, n * 5);
  let count = 0;
  for (let k = 0; k < n; k++) if (k === 0 || deltas[k] !== 0) count++;
  const firstToken = new Uint32Array(count);
  const lineOf = new Uint32Array(count);
  let line = 1;
  let entry = -1;
  for (let k = 0; k < n; k++) {
    const delta = deltas[k] as number;
    line = delta === 255 ? (far.get(k) ?? line) : line + delta;
    if (k === 0 || delta !== 0) {
      entry++;
      firstToken[entry] = k;
      lineOf[entry] = line;
    }
  }
  stream.lines = { firstToken, line: lineOf };
  return stream.lines;
}

/** The entry of the line holding token `k`: the last entry whose first token is at or before `k`. */
function lineEntry(index: LineIndex, k: number): number {
  let low = 0;
  let high = index.firstToken.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if ((index.firstToken[middle] as number) <= k) low = middle;
    else high = middle - 1;
  }
  return low;
}

function lineOfToken(index: LineIndex, k: number): number {
  return index.line[lineEntry(index, k)] as number;
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
  const out = new FingerprintList();
  // One pair of work arrays for every file, as long as the longest stream's windows (not two arrays per file).
  const work = new WinnowWork(longestStream(streams));
  streams.forEach((stream, fileIndex) => winnowFile(stream, fileIndex, out, work));
  return out.done();
}

/** A growing list of fingerprints (hash, file, position). */
export class FingerprintList {
  private capacity = 1024;
  private out: Fingerprints = {
    hash: new Uint32Array(1024),
    file: new Uint32Array(1024),
    pos: new Uint32Array(1024),
    count: 0,
  };

  push(hash: number, file: number, pos: number): void {
    let out = this.out;
    if (out.count === this.capacity) {
      this.capacity *= 2;
      const grown: Fingerprints = {
        hash: new Uint32Array(this.capacity),
        file: new Uint32Array(this.capacity),
        pos: new Uint32Array(this.capacity),
        count: out.count,
      };
      grown.hash.set(out.hash);
      grown.file.set(out.file);
      grown.pos.set(out.pos);
      this.out = out = grown;
    }
    out.hash[out.count] = hash;
    out.file[out.count] = file;
    out.pos[out.count] = pos;
    out.count++;
  }

  done(): Fingerprints {
    return this.out;
  }
}

export class WinnowWork {
  hashes: Uint32Array;
  deque: Int32Array;
  constructor(length: number) {
    this.hashes = new Uint32Array(length);
    this.deque = new Int32Array(length);
  }
}

/** Pushes one file's fingerprints, in increasing position. */
export function winnowFile(
  stream: FileStream,
  fileIndex: number,
  out: FingerprintList,
  work: WinnowWork,
): void {
  const tokens = stream.normalised;
  const n = tokens.length;
  if (n < stream.thresholds.minTokens) return;
  if (work.hashes.length < n) work = new WinnowWork(n);
  const { hashes, deque } = work;
  const { seed, winnow } = windowsOf(stream.thresholds);
  const windows = n - seed + 1;
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
        out.push(hashes[chosen] as number, fileIndex, chosen);
        lastChosen = chosen;
      }
    }
  }
}

/** Spreads the polynomial hash's low bits (its low bits depend only on the last tokens). */
function mix(value: number): number {
  let h = value ^ (value >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface Member {
  file: number;
  pos: number;
}

/** Token ranges of every place of every class, for the line statistics. */
export interface Span {
  file: number;
  from: number;
  length: number;
  /** Set on the places of identical classes, for the type-1 statistics. */
  identical?: boolean;
}

/**
 * Every pair of places sharing a verified seed, extended as far as both agree (matches of at least the minimum
 * size). `touched` (incremental runs): only buckets holding a place of a touched file are read, only pairs with a
 * touched file are compared, and `prepare` decodes a bucket's files before its places are compared.
 */
export function compareBuckets(
  streams: readonly FileStream[],
  fp: Fingerprints,
  keys: Float64Array,
  longest: number,
  touched: Uint8Array | null,
  prepare?: (members: readonly Member[]) => void,
): PairMatch[] {
  const matches: PairMatch[] = [];
  // Per pair of files, per offset between the two places: the token ranges (on the first file) already matched.
  const fileCount = streams.length;
  const diagonals = new DiagonalRanges(fileCount, longest);
  let runStart = 0;
  while (runStart < keys.length) {
    const bucket = Math.floor((keys[runStart] as number) / 2 ** 21);
    let runEnd = runStart + 1;
    while (runEnd < keys.length && Math.floor((keys[runEnd] as number) / 2 ** 21) === bucket) runEnd++;
    if (runEnd - runStart >= 2) {
      // The key kept only the index modulo 2^21: recover the members by scanning for this hash.
      const members = membersOf(fp, bucket, keys, runStart, runEnd);
      if (touched && !members.some((member) => touched[member.file] === 1)) {
        runStart = runEnd;
        continue;
      }
      prepare?.(members);
      for (const group of verifiedGroups(streams, members)) {
        // Every pair in a small group; in a large one (a common fragment) each place with its next few places,
        // which keeps the work linear and still joins every place to its class through shared places.
        const reach = group.length <= MAX_GROUP ? group.length : NEIGHBOURS;
        for (let i = 0; i < group.length; i++) {
          for (let j = i + 1; j < group.length && j <= i + reach; j++) {
            const a = group[i] as Member;
            const b = group[j] as Member;
            if (touched && touched[a.file] !== 1 && touched[b.file] !== 1) continue;
            // A seed inside a match already found on the same diagonal (same files, same offset) adds nothing.
            const filePair = a.file * fileCount + b.file;
            if (diagonals.covers(filePair, b.pos - a.pos, a.pos)) continue;
            const match = extendPair(streams, a, b);
            diagonals.add(filePair, b.pos - a.pos, match.a.from, match.a.from + match.length);
            if (match.length >= (streams[a.file] as FileStream).thresholds.minTokens) matches.push(match);
          }
        }
      }
    }
    runStart = runEnd;
  }
  return matches;
}

/** Fingerprints sorted by hash (then by index, i.e. file and position) through one numeric key: hash × 2^21 + index mod 2^21. */
export function sortedKeys(fp: Fingerprints): Float64Array {
  const keys = new Float64Array(fp.count);
  for (let k = 0; k < fp.count; k++) keys[k] = (fp.hash[k] as number) * 2 ** 21 + (k % 2 ** 21);
  keys.sort();
  return keys;
}

/** The longest token stream's length: positions and offsets between two places lie within ±this. */
function longestStream(streams: readonly FileStream[]): number {
  let longest = 0;
  for (const stream of streams) longest = Math.max(longest, stream.normalised.length);
  return longest;
}

/**
 * Per pair of files, per offset between the two places: the token ranges (on the first file) already matched. An
 * open-addressing table of typed arrays under one numeric key when every key fits a double exactly (millions of
 * diagonals on a large tree: no object per diagonal or range), else a map per pair.
 */
class DiagonalRanges {
  private readonly width: number;
  private readonly numeric: boolean;
  private keys = new Float64Array(1 << 16).fill(-1);
  private heads = new Int32Array(1 << 16);
  private size = 0;
  private from = new Uint32Array(1 << 16);
  private to = new Uint32Array(1 << 16);
  private next = new Int32Array(1 << 16);
  private nodes = 0;
  private readonly nested = new Map<number, Map<number, number[]>>();

  constructor(fileCount: number, longest: number) {
    this.width = 2 * longest + 1;
    this.numeric = fileCount * fileCount * this.width < Number.MAX_SAFE_INTEGER;
  }

  /** Whether `pos` lies in a range found on the diagonal `offset` of the pair of files `filePair`. */
  covers(filePair: number, offset: number, pos: number): boolean {
    if (!this.numeric) return inRanges(this.nested.get(filePair)?.get(offset) ?? [], pos);
    const slot = this.slotOf(this.keyOf(filePair, offset));
    if (this.keys[slot] === -1) return false;
    for (let node = this.heads[slot] as number; node !== -1; node = this.next[node] as number)
      if (pos >= (this.from[node] as number) && pos < (this.to[node] as number)) return true;
    return false;
  }

  /** Records the range [from, to) as found on that diagonal. */
  add(filePair: number, offset: number, from: number, to: number): void {
    if (!this.numeric) {
      let byOffset = this.nested.get(filePair);
      if (!byOffset) this.nested.set(filePair, (byOffset = new Map()));
      let found = byOffset.get(offset);
      if (!found) byOffset.set(offset, (found = []));
      found.push(from, to);
      return;
    }
    const key = this.keyOf(filePair, offset);
    let slot = this.slotOf(key);
    if (this.keys[slot] === -1) {
      if ((this.size + 1) * 2 > this.keys.length) {
        this.grow();
        slot = this.slotOf(key);
      }
      this.keys[slot] = key;
      this.heads[slot] = -1;
      this.size++;
    }
    if (this.nodes === this.from.length) {
      const capacity = this.nodes * 2;
      this.from = grownUint32(this.from, capacity);
      this.to = grownUint32(this.to, capacity);
      const next = new Int32Array(capacity);
      next.set(this.next);
      this.next = next;
    }
    this.from[this.nodes] = from;
    this.to[this.nodes] = to;
    this.next[this.nodes] = this.heads[slot] as number;
    this.heads[slot] = this.nodes++;
  }

  private keyOf(filePair: number, offset: number): number {
    return filePair * this.width + offset + (this.width - 1) / 2;
  }

  /** The slot holding `key`, or the empty slot where it goes (linear probing). */
  private slotOf(key: number): number {
    const mask = this.keys.length - 1;
    const low = (key % 2 ** 32) | 0;
    const high = Math.floor(key / 2 ** 32) | 0;
    let slot = mix(low ^ Math.imul(high, 0x9e3779b1)) & mask;
    for (;;) {
      const held = this.keys[slot] as number;
      if (held === key || held === -1) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const keys = this.keys;
    const heads = this.heads;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.heads = new Int32Array(keys.length * 2);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as number;
      if (key === -1) continue;
      const slot = this.slotOf(key);
      this.keys[slot] = key;
      this.heads[slot] = heads[k] as number;
    }
  }
}

function grownUint32(array: Uint32Array, capacity: number): Uint32Array<ArrayBuffer> {
  const grown = new Uint32Array(capacity);
  grown.set(array);
  return grown;
}

/** Whether `pos` lies in one of the [from, to) ranges stored flat in `ranges`. */
function inRanges(ranges: readonly number[], pos: number): boolean {
  for (let k = 0; k < ranges.length; k += 2)
    if (pos >= (ranges[k] as number) && pos < (ranges[k + 1] as number)) return true;
  return false;
}

/** Two places holding the same normalised tokens. */
export interface PairMatch {
  a: Span;
  b: Span;
  length: number;
}

function extendPair(streams: readonly FileStream[], a: Member, b: Member): PairMatch {
  const ta = (streams[a.file] as FileStream).match;
  const tb = (streams[b.file] as FileStream).match;
  const { seed } = windowsOf((streams[a.file] as FileStream).thresholds);
  // Copies in one file may not overlap: the fragment is at most the distance between their starts.
  const cap = a.file === b.file ? Math.abs(b.pos - a.pos) : Number.MAX_SAFE_INTEGER;
  let back = 0;
  while (
    seed + back < cap &&
    a.pos - back > 0 &&
    b.pos - back > 0 &&
    ta[a.pos - back - 1] === tb[b.pos - back - 1]
  )
    back++;
  let forward = 0;
  while (
    seed + back + forward < cap &&
    a.pos + seed + forward < ta.length &&
    b.pos + seed + forward < tb.length &&
    ta[a.pos + seed + forward] === tb[b.pos + seed + forward]
  )
    forward++;
  const length = Math.min(seed + back + forward, cap);
  return {
    a: { file: a.file, from: a.pos - back, length },
    b: { file: b.file, from: b.pos - back, length },
    length,
  };
}

function contains(outer: Span, inner: Span): boolean {
  return (
    outer.file === inner.file &&
    outer.from <= inner.from &&
    inner.from + inner.length <= outer.from + outer.length
  );
}

/**
 * Drops a match whose two places both lie inside the places of a longer match of the same two files: the shifted
 * echoes of repetitive code (statement i of one copy against statement i + 1 of the other) are such matches.
 */
export function undominated(matches: PairMatch[], fileCount: number): PairMatch[] {
  const byFiles = new Map<number, PairMatch[]>();
  for (const match of matches) {
    const key = match.a.file * fileCount + match.b.file;
    const list = byFiles.get(key);
    if (list) list.push(match);
    else byFiles.set(key, [match]);
  }
  const kept: PairMatch[] = [];
  for (const group of byFiles.values()) {
    group.sort((x, y) => y.length - x.length || x.a.from - y.a.from || x.b.from - y.b.from);
    const survivors: PairMatch[] = [];
    for (const match of group) {
      if (survivors.some((other) => contains(other.a, match.a) && contains(other.b, match.b))) continue;
      survivors.push(match);
    }
    kept.push(...survivors);
  }
  return kept;
}

/** Joins matches sharing a place: each connected set of places (sorted by file and position), in the order met. */
export function componentsOf(fileCount: number, longest: number, matches: readonly PairMatch[]): Span[][] {
  // One number per place when (file, from, length) fits a double exactly, else a string.
  const spanKey = spanKeyOf(fileCount, longest);
  const ids = new Map<number | string, number>();
  const spans: Span[] = [];
  const parent: number[] = [];
  const idOf = (span: Span): number => {
    const key = spanKey(span);
    let id = ids.get(key);
    if (id === undefined) {
      id = spans.length;
      ids.set(key, id);
      spans.push(span);
      parent.push(id);
    }
    return id;
  };
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  for (const match of matches) {
    const x = root(idOf(match.a));
    const y = root(idOf(match.b));
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  }
  const members = new Map<number, Span[]>();
  spans.forEach((span, i) => {
    const top = root(i);
    const list = members.get(top);
    if (list) list.push(span);
    else members.set(top, [span]);
  });
  const groups = [...members.values()];
  for (const group of groups) group.sort((x, y) => x.file - y.file || x.from - y.from);
  return groups;
}

/** One number per place (file, from, length) when it fits a double exactly, else a string. */
export function spanKeyOf(fileCount: number, longest: number): (span: Span) => number | string {
  const width = longest + 1;
  const numeric = fileCount * width * width < Number.MAX_SAFE_INTEGER;
  return (span) =>
    numeric
      ? (span.file * width + span.from) * width + span.length
      : `${span.file}:${span.from}:${span.length}`;
}

/** A connected set of places and what it gives: its classes and the token ranges the line statistics count. */
export interface Component {
  /** The places joined, sorted by file and position. */
  places: Span[];
  classes: CloneClass[];
  /** Token ranges of the classes' places (and of identical runs inside renamed classes), for the statistics. */
  kept: Span[];
}

export function describeComponent(streams: readonly FileStream[], places: Span[]): Component {
  const classes: CloneClass[] = [];
  const kept: Span[] = [];
  // describeClass narrows the group it is given: the places stay as joined.
  for (const { cloneClass, spans: classSpans } of describeClass(streams, places.slice())) {
    classes.push(cloneClass);
    const identical = cloneClass.kind === "identical";
    for (const span of classSpans)
      kept.push({ file: span.file, from: span.from, length: span.length, identical });
    // The parts of a renamed class that read the same in two places are type-1 lines, as jscpd's default mode
    // counts them.
    if (!identical)
      for (const run of exactRuns(streams, classSpans))
        for (const span of runSpans(streams, run))
          kept.push({ file: span.file, from: span.from, length: span.length, identical: true });
  }
  return { places, classes, kept };
}

/**
 * Every component's classes, largest first. compareClasses orders any two different classes, so the order does not
 * depend on the order the components were met in (an incremental join meets them in another).
 */
export function sortedClasses(components: readonly Component[]): CloneClass[] {
  return components.flatMap((component) => component.classes).sort(compareClasses);
}

/** Fingerprint indices with hash `hash`, from the sorted run (index ≡ key mod 2^21, so candidates are checked). */
export function membersOf(
  fp: Fingerprints,
  hash: number,
  keys: Float64Array,
  from: number,
  to: number,
): Member[] {
  const members: Member[] = [];
  if (fp.count <= 2 ** 21) {
    // Each key holds its whole index: the run lists each fingerprint once, in index order (file, then position:
    // winnowing pushes a file's positions in increasing order), which is the order the members are sorted in.
    for (let r = from; r < to; r++) {
      const k = (keys[r] as number) % 2 ** 21;
      members.push({ file: fp.file[k] as number, pos: fp.pos[k] as number });
    }
    return members;
  }
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

/** The places of `group` split by their exact tokens, as identical classes (groups of two or more). */
function identicalSubclasses(streams: readonly FileStream[], group: readonly Span[]): Described[] {
  const byText = new Map<number, Span[]>();
  for (const span of group) {
    const exact = (streams[span.file] as FileStream).exact;
    let hash = 0x811c9dc5;
    for (let k = span.from; k < span.from + span.length; k++)
      hash = Math.imul(hash ^ (exact[k] as number), BASE);
    const list = byText.get(hash);
    if (list) list.push(span);
    else byText.set(hash, [span]);
  }
  return [...byText.values()]
    .filter((spans) => spans.length >= 2)
    .flatMap((spans) => describeClass(streams, spans));
}

/** A token range (offset and length within aligned places) that reads the same, exactly, in `spans`. */
interface ExactRun {
  offset: number;
  length: number;
  spans: Span[];
}

/**
 * The runs of at least the minimum size where places holding the same normalised tokens also hold the same exact
 * tokens (type-1 copies inside a type-2 class), each with every place sharing that text there.
 */
function exactRuns(streams: readonly FileStream[], spans: readonly Span[]): ExactRun[] {
  const length = (spans[0] as Span).length;
  const exactHash = (span: Span, offset: number, runLength: number): number => {
    const exact = (streams[span.file] as FileStream).exact;
    let hash = 0x811c9dc5;
    for (let k = span.from + offset; k < span.from + offset + runLength; k++)
      hash = Math.imul(hash ^ (exact[k] as number), BASE);
    return hash >>> 0;
  };
  // Places with the same whole text are one bucket, compared with the others once.
  const buckets = new Map<number, Span[]>();
  for (const span of spans) {
    const hash = exactHash(span, 0, length);
    const bucket = buckets.get(hash);
    if (bucket) bucket.push(span);
    else buckets.set(hash, [span]);
  }
  const texts = [...buckets.values()];
  const runs = new Map<string, ExactRun>();
  const add = (offset: number, runLength: number, members: readonly Span[]): void => {
    const key = `${offset}:${runLength}:${exactHash(members[0] as Span, offset, runLength)}`;
    const run = runs.get(key);
    if (!run) runs.set(key, { offset, length: runLength, spans: [...members] });
    else for (const span of members) if (!run.spans.includes(span)) run.spans.push(span);
  };
  for (const members of texts) if (members.length >= 2) add(0, length, members);
  const shown = texts.slice(0, MAX_GROUP);
  for (let i = 0; i < shown.length; i++) {
    for (let j = i + 1; j < shown.length; j++) {
      const a = (shown[i] as Span[])[0] as Span;
      const b = (shown[j] as Span[])[0] as Span;
      const ea = (streams[a.file] as FileStream).exact;
      const eb = (streams[b.file] as FileStream).exact;
      const { minTokens } = (streams[a.file] as FileStream).thresholds;
      let start = 0;
      for (let k = 0; k <= length; k++) {
        if (k < length && ea[a.from + k] === eb[b.from + k]) continue;
        if (k - start >= minTokens) add(start, k - start, [...(shown[i] as Span[]), ...(shown[j] as Span[])]);
        start = k + 1;
      }
    }
  }
  return [...runs.values()];
}

/** The places of a run spanning at least the minimum lines (places sorted by file and position). */
function runSpans(streams: readonly FileStream[], run: ExactRun): Span[] {
  return run.spans
    .map((span) => ({ file: span.file, from: span.from + run.offset, length: run.length }))
    .filter((span) => {
      const stream = streams[span.file] as FileStream;
      const lines = linesOf(stream);
      const lineSpan = lineOfToken(lines, span.from + span.length - 1) - lineOfToken(lines, span.from) + 1;
      return lineSpan >= stream.thresholds.minLines;
    })
    .sort((x, y) => x.file - y.file || x.from - y.from);
}

/** A clone class and the token ranges of its places. */
interface Described {
  cloneClass: CloneClass;
  spans: Span[];
}

/**
 * The clone classes of a group of places holding the same normalised tokens (usually one). `repetitive`: the group
 * is the identical copies of a fragment too repetitive to compare renamed (a column of records): kept as data.
 */
function describeClass(streams: readonly FileStream[], group: Span[], repetitive = false): Described[] {
  const first = group[0] as Span;
  const firstStream = streams[first.file] as FileStream;
  const reference = firstStream.match;
  const { from: start, length } = first;
  const distinct = new Set<number>();
  for (let k = start; k < start + length && distinct.size < MIN_DISTINCT_TOKENS; k++)
    distinct.add(reference[k] as number);
  // Renamed, a repetitive fragment matches every table of the same shape; only its identical copies are clones.
  if (distinct.size < MIN_DISTINCT_TOKENS && !repetitive) return repetitiveClasses(streams, group);
  const prose = proseIn(firstStream, start, length);
  let logic = 0;
  for (let k = start; k < start + length; k++) if (((reference[k] as number) & LOGIC_BIT) !== 0) logic++;
  const codeTokens = length - prose;
  const data = repetitive || codeTokens === 0 || logic < codeTokens * MIN_LOGIC_SHARE;
  let identical = true;
  const places: ClonePlace[] = [];
  let longest = 0;
  // A place overlapping an earlier one of the class (two pairs meeting at shifted places) is left out.
  const distinctPlaces = group.filter((span, i) => {
    const previous = group[i - 1];
    return !previous || previous.file !== span.file || previous.from + previous.length <= span.from;
  });
  if (distinctPlaces.length < 2) return [];
  group.length = 0;
  group.push(...distinctPlaces);
  const short = new Set<Span>();
  for (const span of group) {
    const stream = streams[span.file] as FileStream;
    if (identical) {
      for (let k = 0; k < length; k++) {
        if (stream.exact[span.from + k] !== firstStream.exact[start + k]) {
          identical = false;
          break;
        }
      }
    }
    const lines = linesOf(stream);
    const startLine = lineOfToken(lines, span.from);
    const endLine = lineOfToken(lines, span.from + span.length - 1);
    const lineSpan = endLine - startLine + 1;
    // Every copy must span minLines: a copy folded onto fewer lines is left out of the class.
    if (lineSpan < stream.thresholds.minLines) {
      short.add(span);
      continue;
    }
    longest = Math.max(longest, lineSpan);
    const { file } = stream.input;
    places.push({ path: file.path, language: file.language, isTest: file.isTest, startLine, endLine });
  }
  // Renamed copies of data (tables, lists, markup) are the same shape with other values: kept as a class marked
  // `data` (not counted as duplicated lines), with the places holding the very same data as identical classes.
  const subclasses = data && !identical ? identicalSubclasses(streams, group) : [];
  if (short.size > 0) {
    const long = group.filter((span) => !short.has(span));
    return long.length >= 2 ? describeClass(streams, long, repetitive) : [];
  }
  let keyHash = 0x811c9dc5;
  for (let k = start; k < start + length; k++)
    keyHash = Math.imul(keyHash ^ ((reference[k] as number) & 0x7fff), BASE);
  const cloneClass: CloneClass = {
    data,
    key: `${(keyHash >>> 0).toString(16).padStart(8, "0")}-${length}`,
    tokens: length,
    proseTokens: prose,
    lines: longest,
    kind: identical ? "identical" : "renamed",
    places,
  };
  return [{ cloneClass, spans: group }, ...subclasses];
}

/** Identical copies inside a group of repetitive places, as data classes. */
function repetitiveClasses(streams: readonly FileStream[], group: readonly Span[]): Described[] {
  const places = group.filter((span, i) => {
    const previous = group[i - 1];
    return !previous || previous.file !== span.file || previous.from + previous.length <= span.from;
  });
  if (places.length < 2) return [];
  return exactRuns(streams, places).flatMap((run) => {
    const spans = runSpans(streams, run);
    return spans.length >= 2 ? describeClass(streams, spans, true) : [];
  });
}

/** Prose tokens (words of Python triple-quoted strings) in `stream`'s tokens [from, from + length). */
function proseIn(stream: FileStream, from: number, length: number): number {
  const runs = stream.input.value.prose;
  let count = 0;
  for (let k = 0; k + 1 < runs.length; k += 2) {
    const overlap = Math.min(runs[k + 1] as number, from + length) - Math.max(runs[k] as number, from);
    if (overlap > 0) count += overlap;
  }
  return count;
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
    compareText(a.key, b.key) ||
    comparePlaces(a.places, b.places) ||
    compareText(a.kind, b.kind) ||
    Number(a.data) - Number(b.data) ||
    a.proseTokens - b.proseTokens
  );
}

/**
 * The last tie-break: classes equal by every other measure (identical copies of one table in different pairs of
 * files) are ordered by their places, so the order never depends on the order the join met them in.
 */
function comparePlaces(a: readonly ClonePlace[], b: readonly ClonePlace[]): number {
  for (let k = 0; k < a.length && k < b.length; k++) {
    const pa = a[k] as ClonePlace;
    const pb = b[k] as ClonePlace;
    const order = compareText(pa.path, pb.path) || pa.startLine - pb.startLine || pa.endLine - pb.endLine;
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function topFolder(path: string): string {
  const slash = path.indexOf("/");
  return slash === -1 ? "." : path.slice(0, slash);
}

/** Per file (by index) among `files` (all when null): its duplicated lines and, of them, lines in identical copies. */
export function duplicatedLineCounts(
  streamOf: (file: number) => FileStream,
  spans: Iterable<Span>,
  files: ReadonlySet<number> | null,
): Map<number, { duplicated: number; identical: number }> {
  // Per file: each duplicated line (by its entry in the file's line index), 1 when only renamed copies cover it, 2
  // when an identical copy does.
  const duplicated = new Map<number, Uint8Array>();
  for (const span of spans) {
    if (files && !files.has(span.file)) continue;
    // Only lines holding tokens count, the same lines the denominator counts.
    const lines = linesOf(streamOf(span.file));
    let marked = duplicated.get(span.file);
    if (!marked) {
      marked = new Uint8Array(lines.line.length);
      duplicated.set(span.file, marked);
    }
    const mark = span.identical ? 2 : 1;
    const last = lineEntry(lines, span.from + span.length - 1);
    for (let entry = lineEntry(lines, span.from); entry <= last; entry++)
      if ((marked[entry] as number) < mark) marked[entry] = mark;
  }
  const counts = new Map<number, { duplicated: number; identical: number }>();
  for (const [file, marked] of duplicated) {
    let identical = 0;
    let dup = 0;
    for (const mark of marked) {
      if (mark !== 0) dup++;
      if (mark === 2) identical++;
    }
    counts.set(file, { duplicated: dup, identical });
  }
  return counts;
}

/** A searched file as the statistics count it. */
export interface FileCounts {
  path: string;
  language: Language;
  codeLines: number;
  duplicated: number;
  identical: number;
}

export function statistics(
  files: readonly FileCounts[],
): Pick<ClonesFacts, "total" | "byLanguage" | "byFolder"> {
  interface Row {
    codeLines: number;
    duplicatedLines: number;
    identicalLines: number;
  }
  const empty = (): Row => ({ codeLines: 0, duplicatedLines: 0, identicalLines: 0 });
  const total = empty();
  const byLanguage = new Map<string, Row>();
  const byFolder = new Map<string, Row>();
  for (const file of files) {
    const { identical, duplicated: dup } = file;
    for (const [map, key] of [
      [byLanguage, file.language],
      [byFolder, topFolder(file.path)],
    ] as const) {
      const row = map.get(key) ?? empty();
      map.set(key, row);
      row.codeLines += file.codeLines;
      row.duplicatedLines += dup;
      row.identicalLines += identical;
    }
    total.codeLines += file.codeLines;
    total.duplicatedLines += dup;
    total.identicalLines += identical;
  }
  const percent = (part: number, whole: number): number =>
    whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
  const withPercent = (row: Row): DuplicationStats => ({
    codeLines: row.codeLines,
    duplicatedLines: row.duplicatedLines,
    percent: percent(row.duplicatedLines, row.codeLines),
    identicalLines: row.identicalLines,
    identicalPercent: percent(row.identicalLines, row.codeLines),
  });
  return {
    total: withPercent(total),
    byLanguage: [...byLanguage]
      .map(([language, row]) => ({ language: language as Language, ...withPercent(row) }))
      .sort((a, b) => b.duplicatedLines - a.duplicatedLines || compareText(a.language, b.language)),
    byFolder: [...byFolder]
      .map(([folder, row]) => ({ folder, ...withPercent(row) }))
      .sort((a, b) => b.duplicatedLines - a.duplicatedLines || compareText(a.folder, b.folder)),
  };
}
