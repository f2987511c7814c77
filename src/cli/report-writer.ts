// Writes report files into the output folder: never through a symbolic link, always into a real folder, and
// atomically (every file goes to a temp name first, then all are renamed), so a failure or a kill never leaves
// a truncated report beside older ones.
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname, join, parse, relative, resolve, sep } from "node:path";

/** The output could not be written: printed as one line, exit code 2. */
export class OutputError extends Error {}

export interface ReportFile {
  /** File name inside the output folder (no folders). */
  name: string;
  content: string;
}

export interface OutputFolder {
  /** The folder as given on the command line (for messages). */
  given: string;
  /** Its absolute path. */
  path: string;
  /** True when the user did not name it: a link there is then replaced by a plain folder, not refused. */
  isDefault: boolean;
  /** The audited folder: inside it, no folder on the way to the output may be a link. */
  auditedRoot: string | null;
}

const WRITE_FLAGS =
  constants.O_WRONLY |
  constants.O_CREAT |
  constants.O_EXCL |
  (constants.O_NOFOLLOW ?? 0) |
  (constants.O_NOCTTY ?? 0);

/** Writes every file or none; returns the paths written. Throws OutputError with a one-line message. */
export function writeReportFiles(folder: OutputFolder, files: readonly ReportFile[]): string[] {
  prepareFolder(folder);
  const temps: Array<{ temp: string; final: string }> = [];
  try {
    for (const file of files) {
      if (file.name.includes("/") || file.name.includes(sep) || file.name.startsWith("."))
        throw new OutputError(`${file.name}: not a report file name`);
      const final = join(folder.path, file.name);
      const temp = join(folder.path, `.${file.name}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
      writeNew(temp, file.content, folder);
      temps.push({ temp, final });
    }
    // Anything but a file or a link at a final name would stop a rename half-way: refuse before the first.
    for (const { final } of temps) {
      let stat;
      try {
        stat = lstatSync(final);
      } catch {
        continue;
      }
      if (stat.isDirectory())
        throw new OutputError(`--out ${folder.given}: cannot write ${final}: a folder is in the way`);
    }
    for (const { temp, final } of temps) {
      try {
        // rename replaces a link at the final name instead of writing through it.
        renameSync(temp, final);
      } catch (error) {
        throw outputError(folder, error, final);
      }
    }
  } catch (error) {
    for (const { temp } of temps) {
      try {
        unlinkSync(temp);
      } catch {
        // Already renamed or never created.
      }
    }
    throw error;
  }
  return temps.map(({ final }) => final);
}

function writeNew(path: string, content: string, folder: OutputFolder): void {
  let fd: number;
  try {
    fd = openSync(path, WRITE_FLAGS, 0o644);
  } catch (error) {
    throw outputError(folder, error, path);
  }
  try {
    const bytes = Buffer.from(content, "utf8");
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      // Nothing to remove.
    }
    throw outputError(folder, error, path);
  }
  closeSync(fd);
}

/** Makes sure the output folder is a real folder, creating missing ones, following no link inside the tree. */
function prepareFolder(folder: OutputFolder): void {
  const target = resolve(folder.path);
  const realRoot = folder.auditedRoot ? realOrSelf(folder.auditedRoot) : null;
  const { root } = parse(target);
  const parts = relative(root, target).split(sep).filter(Boolean);
  let current = root;
  parts.forEach((part, index) => {
    current = join(current, part);
    const last = index === parts.length - 1;
    let stat;
    try {
      stat = lstatSync(current);
    } catch {
      stat = null;
    }
    if (stat === null) {
      try {
        mkdirSync(current);
      } catch (error) {
        throw outputError(folder, error, current);
      }
      return;
    }
    if (stat.isSymbolicLink()) {
      const inTree = realRoot !== null && isInside(realOrSelf(dirname(current)), realRoot);
      if (last && folder.isDefault) {
        // The default folder name is this tool's own: a link committed there is replaced, never followed.
        try {
          unlinkSync(current);
          mkdirSync(current);
        } catch (error) {
          throw outputError(folder, error, current);
        }
        return;
      }
      if (last || inTree)
        throw new OutputError(
          `--out ${folder.given}: ${current} is a symbolic link; reports are never written through a link (give a real folder)`,
        );
      return;
    }
    if (!stat.isDirectory())
      throw new OutputError(`--out ${folder.given}: ${current} is a file, not a folder`);
  });
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

const REASONS: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  EISDIR: "a folder is in the way",
  ENOTDIR: "a file is in the way of a folder",
  EEXIST: "already exists",
  ELOOP: "symbolic link in the way",
  ENAMETOOLONG: "name too long",
};

function outputError(folder: OutputFolder, error: unknown, path: string): OutputError {
  if (error instanceof OutputError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const reason = REASONS[code] ?? (error as Error).message.split("\n")[0] ?? String(error);
  return new OutputError(`--out ${folder.given}: cannot write ${path}: ${reason}${code ? ` (${code})` : ""}`);
}
