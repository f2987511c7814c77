// Files named on the command line (--coverage, --junit, --coverage-base/head): regular files only, capped.
import { resolve } from "node:path";
import type { ExternalInput } from "../facts/define.js";
import { MAX_READ_BYTES, readRegularFile, ReadRefusedError } from "../repo/safe-read.js";
import { UsageError } from "./cli-io.js";

/** Coverage and test reports of large projects reach tens of megabytes; none reaches this. */
export const INPUT_FILE_BYTES = MAX_READ_BYTES;

/** The text of a file given with `option`; anything but a readable regular file is a one-line usage error. */
export function readInputFile(fullPath: string, option: string, given: string): string {
  try {
    return readRegularFile(fullPath, INPUT_FILE_BYTES).toString("utf8");
  } catch (error) {
    if (!(error instanceof ReadRefusedError)) throw error;
    const colon = error.message.indexOf(": ");
    throw new UsageError(
      `${option} ${given}: ${colon === -1 ? error.message : error.message.slice(colon + 2)}`,
    );
  }
}

/** The files given with `option` (relative to `cwd`), each labelled as given; a missing one is a usage error naming it. */
export function readInputFiles(files: string[] | undefined, option: string, cwd: string): ExternalInput[] {
  return (files ?? []).map((file) => ({
    label: file,
    text: readInputFile(resolve(cwd, file), option, file),
  }));
}
