// `codeaudit init`: writes a commented configuration file, never over an existing one.
import { closeSync, constants, lstatSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import type { CliIo } from "./cli-io.js";

export function registerInitCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("init")
    .description("write a commented codeaudit.config.yaml in the current folder")
    .action(async () => {
      // Loaded when the command runs: registering it (or `--help`) loads no configuration schema.
      const { CONFIG_FILE_NAMES } = await import("../config/load-config.js");
      const { initialConfig } = await import("./init-config.js");
      const path = join(io.cwd, "codeaudit.config.yaml");
      const existing = CONFIG_FILE_NAMES.find((name) => exists(join(io.cwd, name)));
      if (existing) {
        io.stderr.write(`codeaudit: ${existing} already exists; not overwritten\n`);
        setExit(2);
        return;
      }
      // Exclusive and no-follow: a dangling link named like the config is never written through.
      let fd: number;
      try {
        fd = openSync(
          path,
          constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
          0o644,
        );
      } catch (error) {
        io.stderr.write(
          `codeaudit: cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}\n`,
        );
        setExit(2);
        return;
      }
      try {
        writeSync(fd, initialConfig());
      } finally {
        closeSync(fd);
      }
      io.stdout.write(`wrote ${path}\n`);
    });
}

/** True for anything at the path, a dangling link included. */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
