// Where file contents come from: the working tree, blobs of a commit, or memory (tests).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ContentSource {
  /** Raw bytes of a repository-relative path, or null when it cannot be read. */
  read(path: string): Buffer | null;
  /** Describes the source for diagnostics and reports. */
  readonly description: string;
}

export class DiskContentSource implements ContentSource {
  constructor(readonly root: string) {}
  get description(): string {
    return `working tree at ${this.root}`;
  }
  read(path: string): Buffer | null {
    try {
      return readFileSync(join(this.root, path));
    } catch {
      return null;
    }
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
