// The streams and environment a command uses, injectable so commands are testable without spawning.

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {}
