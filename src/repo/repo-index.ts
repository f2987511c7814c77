// RepoIndex: every file of the audited tree with its language and size, and the one place that reads contents.
import type { Diagnostic, DiagnosticKind } from "../model/diagnostic.js";
import type { Language } from "../model/language.js";
import { MemoryContentSource, type ContentSource } from "./content-source.js";
import type { GitInfo } from "./git.js";
import { languageFromPath } from "./language-of.js";
import { isGeneratedPath, isLockfilePath, isTestPath, isVendoredPath } from "./path-kind.js";
import { applyScope, EMPTY_SCOPE, type IndexScope } from "./scope.js";
import { decodeText } from "./text-decoding.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export interface RepoFile {
  /** Repository-relative, `/`-separated. */
  path: string;
  /** From the path; files with no telling name may get one from their shebang when analysed. */
  language: Language | null;
  size: number;
  isTest: boolean;
  /** Why the file is not analysed as source (it is still readable by fact collectors), or null. */
  skip: DiagnosticKind | null;
}

export interface IndexOptions {
  /** Files larger than this are not analysed as source (default 1 MiB). */
  maxFileBytes: number;
  /** Extra path patterns (gitignore syntax) to leave out entirely. */
  ignore: string[];
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = { maxFileBytes: 1024 * 1024, ignore: [] };

export interface RepoEntry {
  path: string;
  size: number;
  symlink?: boolean;
  /** A device, FIFO or socket: listed so the report says it was not read, never opened. */
  special?: boolean;
  /** A file of the enclosing repository read for facts only (CI, tool config) when a subfolder is audited. */
  context?: boolean;
  /** A regular file's stat signature from the walk (repo/file-stat), so the stat index need not stat it again. */
  stat?: string;
}

/** Whether a file (with the walk's stat `walked`) holds a set of words: remembered by stat, else `holds()`. */
export type WordMemo = (
  path: string,
  walked: string,
  setKey: string,
  holds: () => boolean | null,
) => boolean | null;

export class RepoIndex {
  readonly files: readonly RepoFile[];
  readonly diagnostics: Diagnostic[] = [];
  private readonly byPath = new Map<string, RepoFile>();
  private readonly textCache = new Map<string, string | null>();
  /** Stat signatures the walk took, by path (working trees only). */
  private readonly statSignatures = new Map<string, string>();

  constructor(
    /** Absolute path of the audited folder, or a label for in-memory trees. */
    readonly root: string,
    readonly name: string,
    readonly git: GitInfo | null,
    /** The audited revision when auditing a commit rather than the working tree. */
    readonly ref: string | null,
    entries: RepoEntry[],
    private readonly source: ContentSource,
    readonly options: IndexOptions = DEFAULT_INDEX_OPTIONS,
    /** Where the audited folder sits in its repository, and what was left out of the audit. */
    readonly scope: IndexScope = EMPTY_SCOPE,
  ) {
    const sorted = [...entries].sort((a, b) => compareCodeUnits(a.path, b.path));
    const files: RepoFile[] = [];
    for (const entry of sorted) {
      const file = classifyEntry(entry, options);
      if (file.skip && file.skip !== "skipped-vendored" && file.skip !== "skipped-context") {
        this.diagnostics.push({ kind: file.skip, path: file.path, message: skipMessage(file, options) });
      }
      files.push(file);
      this.byPath.set(file.path, file);
      if (entry.stat !== undefined) this.statSignatures.set(file.path, entry.stat);
    }
    this.files = files;
  }

  /**
   * Leaves a file out of source analysis for a reason found after the walk (a generator of the project writes it):
   * it stays readable by fact collectors, like the files skipped by their path.
   */
  markGenerated(path: string, message: string): void {
    const file = this.byPath.get(path);
    if (!file || file.skip !== null) return;
    file.skip = "skipped-generated";
    this.diagnostics.push({ kind: "skipped-generated", path, message });
  }

  /** Marks a file as test code for a reason found after the walk (the project's test runner names it a test). */
  markTest(path: string): void {
    const file = this.byPath.get(path);
    if (file) file.isTest = true;
  }

  /** The file at a path, if the tree has it. */
  file(path: string): RepoFile | undefined {
    return this.byPath.get(path);
  }

  /** The stat signature the walk took of a regular file of the working tree; undefined otherwise. */
  statSignatureOf(path: string): string | undefined {
    return this.statSignatures.get(path);
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  private wordMemo: WordMemo | null = null;

  /** Remembers between runs whether files hold a set of words (the engine sets it when a cache is in use). */
  useWordMemo(memo: WordMemo): void {
    this.wordMemo = memo;
  }

  /**
   * False when the file's bytes are known not to hold any of `words` (`setKey` names the set): remembered by the
   * file's stat from an earlier run, or learnt now by reading it. True when they may (read the file to know).
   */
  mayHoldWords(path: string, words: readonly string[], setKey: string): boolean {
    const walked = this.statSignatures.get(path);
    if (!this.wordMemo || walked === undefined) return true;
    const held = this.wordMemo(path, walked, setKey, () => {
      const bytes = this.readBytes(path);
      return bytes === null ? null : words.some((word) => bytes.includes(word));
    });
    // Unreadable: read again by the caller, so the refusal is noted as without the memo.
    return held !== false;
  }

  /**
   * Raw bytes of a file, read from its source: never through a symbolic link, never a device or FIFO, never
   * over the read cap (a refusal is recorded once as a diagnostic and reads as null).
   */
  readBytes(path: string): Buffer | null {
    const file = this.byPath.get(path);
    if (!file || file.skip === "skipped-symlink") return null;
    const bytes = this.source.read(path);
    if (bytes === null) this.noteRefusal(path);
    return bytes;
  }

  private readonly refusalsNoted = new Set<string>();

  private noteRefusal(path: string): void {
    const refusal = this.source.refusal?.(path);
    if (!refusal || refusal.reason === "missing" || this.refusalsNoted.has(path)) return;
    this.refusalsNoted.add(path);
    this.diagnostics.push({
      kind:
        refusal.reason === "symlink"
          ? "skipped-symlink"
          : refusal.reason === "too-large"
            ? "skipped-huge"
            : "io-error",
      path,
      message: refusal.message.startsWith(`${path}: `)
        ? refusal.message.slice(path.length + 2)
        : refusal.message,
    });
  }

  /** Text of a file (UTF-8, BOM dropped, invalid bytes replaced), cached for the run; null when unreadable. */
  read(path: string): string | null {
    if (this.textCache.has(path)) return this.textCache.get(path) ?? null;
    const bytes = this.readBytes(path);
    const text = bytes ? decodeText(bytes).text : null;
    this.textCache.set(path, text);
    return text;
  }

  /** Files analysed as source: not vendored, not skipped, optionally of some languages. */
  sourceFiles(languages?: readonly Language[]): RepoFile[] {
    return this.files.filter(
      (file) =>
        file.skip === null && (!languages || (file.language !== null && languages.includes(file.language))),
    );
  }

  /** Paths matching a test, outside vendored trees (context files of an enclosing repository included). */
  paths(predicate: (path: string) => boolean): string[] {
    return this.files
      .filter((file) => file.skip !== "skipped-vendored" && predicate(file.path))
      .map((f) => f.path);
  }

  get contentDescription(): string {
    return this.source.description;
  }
}

function classifyEntry(entry: RepoEntry, options: IndexOptions): RepoFile {
  const language = languageFromPath(entry.path);
  const file: RepoFile = {
    path: entry.path,
    language,
    size: entry.size,
    isTest: isTestPath(entry.path),
    skip: null,
  };
  if (entry.context) file.skip = "skipped-context";
  else if (entry.symlink) file.skip = "skipped-symlink";
  else if (entry.special) file.skip = "io-error";
  else if (isVendoredPath(entry.path)) file.skip = "skipped-vendored";
  else if (isLockfilePath(entry.path)) file.skip = "skipped-generated";
  else if (isGeneratedPath(entry.path)) file.skip = "skipped-generated";
  else if (entry.size > options.maxFileBytes) file.skip = "skipped-huge";
  return file;
}

function skipMessage(file: RepoFile, options: IndexOptions): string {
  switch (file.skip) {
    case "skipped-symlink":
      return "symbolic link: not followed";
    case "io-error":
      return "not a regular file (device, FIFO or socket): not read";
    case "skipped-huge":
      return `${file.size} bytes, over the ${options.maxFileBytes}-byte limit for source analysis`;
    case "skipped-generated":
      return "lockfile or generated file: read for facts, not analysed as source";
    default:
      return String(file.skip);
  }
}

/** Builds an index over in-memory files; for tests and for blobs read from git. */
export function indexFromMemory(files: Record<string, string | Buffer>, name = "memory"): RepoIndex {
  const contents = new Map<string, Buffer>();
  for (const [path, content] of Object.entries(files)) {
    contents.set(path, typeof content === "string" ? Buffer.from(content, "utf8") : content);
  }
  const entries = [...contents].map(([path, bytes]) => ({ path, size: bytes.length }));
  const source = new MemoryContentSource(contents);
  const scoped = applyScope(entries, source, []);
  return new RepoIndex(`<${name}>`, name, null, null, scoped.entries, source, DEFAULT_INDEX_OPTIONS, {
    ...EMPTY_SCOPE,
    excluded: scoped.excluded,
  });
}
