// In-memory streams for running CLI commands in tests without spawning a process.
import { Writable } from "node:stream";
import type { CliIo } from "../../src/cli/cli-io.js";

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

export function fakeIo(cwd: string): CapturedIo {
  let out = "";
  let err = "";
  const stdout = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
  const stderr = new Writable({
    write: (chunk, _enc, done) => ((err += String(chunk)), done()),
  }) as unknown as NodeJS.WriteStream;
  return { stdout, stderr, env: { NO_COLOR: "1" }, cwd, out: () => out, err: () => err };
}
