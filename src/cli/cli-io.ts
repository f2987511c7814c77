// The streams and environment a command uses, injectable so commands are testable without spawning.

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {}

/**
 * Whether the terminal summary is coloured: `--no-color` (on the command or before it) and NO_COLOR turn it off,
 * FORCE_COLOR (any value but 0/false) turns it on for a pipe, otherwise only a terminal gets colours.
 */
export function colorEnabled(io: CliIo, colorOption: boolean): boolean {
  if (!colorOption) return false;
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return Boolean(io.stdout.isTTY);
}

/** `--out -`: the report goes to stdout instead of a folder. */
export const STDOUT_OUT = "-";

/** Where `codeaudit baseline` writes by default (here, not in baseline-file.ts, so registering the command loads no schema). */
export const BASELINE_PATH = ".codeaudit/baseline.json";
