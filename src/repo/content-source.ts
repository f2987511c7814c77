// Where file contents come from: the working tree, blobs of a commit, or memory (tests).
import { ReadRefusedError, TreeReader, type ReadRefusal } from "./safe-read.js";

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
