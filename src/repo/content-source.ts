// Where file contents come from: the working tree, blobs of a commit, or memory (tests).
import { readBlob } from "./git.js";
import { MAX_READ_BYTES, ReadRefusedError, TreeReader, type ReadRefusal } from "./safe-read.js";

export interface ContentSource {
  /** Raw bytes of a repository-relative path, or null when it cannot be read. */
  read(path: string): Buffer | null;
  /** Why the last refused read of a path was refused (a link, a device, over the cap), when it was. */
  refusal?(path: string): { reason: ReadRefusal; message: string } | null;
  /** Describes the source for diagnostics and reports. */
  readonly description: string;
}

/** The working tree, read only through the safe read layer: regular files inside the tree, capped. */
export class DiskContentSource implements ContentSource {
  private readonly reader: TreeReader;
  private readonly refused = new Map<string, { reason: ReadRefusal; message: string }>();

  constructor(readonly root: string) {
    this.reader = new TreeReader(root);
  }
  get description(): string {
    return `working tree at ${this.root}`;
  }
  read(path: string): Buffer | null {
    try {
      return this.reader.readOrThrow(path);
    } catch (error) {
      if (!(error instanceof ReadRefusedError)) throw error;
      this.refused.set(path, { reason: error.reason, message: error.message });
      return null;
    }
  }
  refusal(path: string): { reason: ReadRefusal; message: string } | null {
    return this.refused.get(path) ?? null;
  }
}

export class MemoryContentSource implements ContentSource {
  constructor(
    private readonly contents: ReadonlyMap<string, Buffer>,
    readonly description = "memory",
  ) {}
  read(path: string): Buffer | null {
    return this.contents.get(path) ?? null;
  }
}

/**
 * Blobs of a commit: small ones loaded up front, large ones read from git on demand up to the read cap, and the
 * paths git could not read (missing or corrupt objects), which read as null with a refusal, never as empty.
 */
export class GitBlobSource implements ContentSource {
  private readonly contents = new Map<string, Buffer>();
  private readonly large = new Map<string, { blob: string; size: number }>();
  private readonly unreadable = new Set<string>();

  constructor(
    private readonly gitRoot: string,
    readonly description: string,
  ) {}

  add(path: string, bytes: Buffer): void {
    this.contents.set(path, bytes);
  }
  addLarge(path: string, blob: string, size: number): void {
    this.large.set(path, { blob, size });
  }
  addUnreadable(path: string): void {
    this.unreadable.add(path);
  }
  read(path: string): Buffer | null {
    const small = this.contents.get(path);
    if (small) return small;
    const large = this.large.get(path);
    if (!large || large.size > MAX_READ_BYTES) return null;
    const bytes = readBlob(this.gitRoot, large.blob, MAX_READ_BYTES);
    if (bytes === null) this.unreadable.add(path);
    return bytes;
  }
  refusal(path: string): { reason: ReadRefusal; message: string } | null {
    if (this.unreadable.has(path))
      return {
        reason: "io-error",
        message: `${path}: git could not read its blob (missing or corrupt object)`,
      };
    const large = this.large.get(path);
    if (large && large.size > MAX_READ_BYTES)
      return {
        reason: "too-large",
        message: `${path}: ${large.size} bytes, over the ${MAX_READ_BYTES}-byte read limit`,
      };
    return null;
  }
}
