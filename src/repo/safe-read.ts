// The one way codeaudit reads a file: regular files only (no symbolic link, device, FIFO or socket is ever
// opened through), inside the audited tree when a tree is given, and never more than a byte cap.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from "node:fs";
import { isAbsolute, join, resolve, sep } from "node:path";

/**
 * Upper bound on any single read, whatever the caller asks: large enough for the biggest lockfiles and
 * coverage reports seen in real repositories, small enough that a hostile input cannot exhaust memory.
 */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

/** Why a read was refused; the message is one line naming the path. */
export type ReadRefusal = "missing" | "symlink" | "not-regular" | "outside-tree" | "too-large" | "io-error";

export class ReadRefusedError extends Error {
  constructor(
    readonly reason: ReadRefusal,
    message: string,
  ) {
    super(message);
  }
}

// O_NOFOLLOW makes the open itself fail on a link (no window between a check and the open); O_NONBLOCK keeps
// a FIFO from blocking the open; both are 0 where the platform lacks them (the fstat check still applies).
const OPEN_FLAGS =
  constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** Pseudo file systems whose "regular" files are endless or hold the process's secrets. */
const PSEUDO_ROOTS = ["/proc/", "/sys/", "/dev/"];

/**
 * Reads a regular file, at most `maxBytes` (capped at MAX_READ_BYTES) bytes. Throws ReadRefusedError for a
 * link, a device, FIFO or socket, a pseudo file system path or a file over the cap.
 */
export function readRegularFile(path: string, maxBytes: number = MAX_READ_BYTES): Buffer {
  const cap = Math.min(Math.max(0, maxBytes), MAX_READ_BYTES);
  const full = resolve(path);
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    throw new ReadRefusedError("missing", `${path}: no such file`);
  }
  if (PSEUDO_ROOTS.some((prefix) => real.startsWith(prefix)))
    throw new ReadRefusedError("not-regular", `${path}: not a regular file (${real})`);
  return readOpened(full, path, cap);
}

function readOpened(full: string, label: string, cap: number): Buffer {
  let fd: number;
  try {
    fd = openSync(full, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw new ReadRefusedError("symlink", `${label}: symbolic link, not followed`);
    if (code === "ENOENT" || code === "ENOTDIR")
      throw new ReadRefusedError("missing", `${label}: no such file`);
    if (code === "EISDIR") throw new ReadRefusedError("not-regular", `${label}: is a folder, not a file`);
    throw new ReadRefusedError("io-error", `${label}: cannot be read (${code ?? (error as Error).message})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new ReadRefusedError("not-regular", `${label}: is a folder, not a file`);
    if (!stat.isFile())
      throw new ReadRefusedError("not-regular", `${label}: not a regular file (device, FIFO or socket)`);
    if (stat.size > cap) throw tooLarge(label, stat.size, cap);
    // Read to the cap plus one byte whatever the size says: some files report 0 and are not empty.
    const chunks: Buffer[] = [];
    let total = 0;
    const chunkSize = Math.min(Math.max(stat.size + 1, 64 * 1024), cap + 1);
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkSize, cap + 1 - total));
      let read: number;
      try {
        read = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new ReadRefusedError(
          "io-error",
          `${label}: cannot be read (${code ?? (error as Error).message})`,
        );
      }
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
      if (total > cap) throw tooLarge(label, total, cap);
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(label: string, size: number, cap: number): ReadRefusedError {
  return new ReadRefusedError(
    "too-large",
    `${label}: ${size > cap ? `over ${cap}` : size} bytes, over the ${cap}-byte read limit`,
  );
}

/**
 * Reads files of one tree by repository-relative path: every folder on the way must be a real folder inside
 * the tree (no link), and the file itself a regular file. Folder checks are cached for the reader's life.
 */
export class TreeReader {
  private readonly realRoot: string;
  private readonly folderOk = new Map<string, boolean>();

  constructor(
    readonly root: string,
    readonly maxBytes: number = MAX_READ_BYTES,
  ) {
    let real: string;
    try {
      real = realpathSync(root);
    } catch {
      real = resolve(root);
    }
    this.realRoot = real;
  }

  /** Bytes of a path, or throws ReadRefusedError saying why not. */
  readOrThrow(relPath: string, maxBytes: number = this.maxBytes): Buffer {
    const parts = relPath.split(/[\\/]/);
    if (isAbsolute(relPath) || parts.some((part) => part === ".." || part === "") || relPath.includes("\0"))
      throw new ReadRefusedError("outside-tree", `${relPath}: not a path inside the audited folder`);
    let folder = this.realRoot;
    for (const part of parts.slice(0, -1)) {
      folder = join(folder, part);
      if (!this.isRealFolder(folder))
        throw new ReadRefusedError(
          "symlink",
          `${relPath}: a folder on its path is a symbolic link or missing`,
        );
    }
    return readOpened(join(this.realRoot, relPath), relPath, Math.min(maxBytes, MAX_READ_BYTES));
  }

  /** Bytes of a path, or null when it is missing or refused. */
  read(relPath: string, maxBytes?: number): Buffer | null {
    try {
      return this.readOrThrow(relPath, maxBytes);
    } catch (error) {
      if (error instanceof ReadRefusedError) return null;
      throw error;
    }
  }

  private isRealFolder(folder: string): boolean {
    const known = this.folderOk.get(folder);
    if (known !== undefined) return known;
    let ok = false;
    try {
      const stat = lstatSync(folder);
      ok = stat.isDirectory() && !stat.isSymbolicLink() && (folder + sep).startsWith(this.realRoot + sep);
    } catch {
      ok = false;
    }
    this.folderOk.set(folder, ok);
    return ok;
  }
}
