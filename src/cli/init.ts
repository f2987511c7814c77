// `codeaudit init`: writes a commented configuration file, never over an existing one.
import { closeSync, constants, lstatSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { AREAS } from "../model/areas.js";
import { CONFIG_SCHEMA_URL } from "../config/config-json-schema.js";
import { CONFIG_FILE_NAMES } from "../config/load-config.js";
import type { CliIo } from "./cli-io.js";

export function registerInitCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("init")
    .description("write a commented codeaudit.config.yaml in the current folder")
    .action(() => {
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

export function initialConfig(): string {
  return [
    // Editors with the YAML language server complete and check keys from the shipped schema.
    `# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`,
    "# codeaudit configuration. Every key is optional; unknown keys are an error.",
    "# Schema: schema/config.schema.json in the codeaudit package (node_modules/codeaudit/schema/).",
    "",
    "# Rules by id (`codeaudit rules` lists them): off, on, a severity, or {enabled, severity, options}.",
    "rules: {}",
    "#  generic/todo-comment: off",
    "#  generic/god-file: { severity: low, options: { maxCodeLines: 800 } }",
    "# `codeaudit explain <rule-id>` lists a rule's options and their defaults.",
    "",
    "# Area weights in the overall score (relative; renormalised over the areas that apply). Defaults:",
    "weights: {}",
    ...AREAS.map((area) => `#  ${area.id}: ${area.weight}`),
    "",
    "# Paths to leave out of the audit, gitignore syntax.",
    "ignore: []",
    "",
    "# Files larger than this are not analysed as source (bytes).",
    "# maxFileBytes: 1048576",
    "",
    "# Copy-paste detection: smallest clone in tokens and lines (every copy), per language if needed;",
    "# JavaScript, TypeScript, JSX and TSX are compared with each other, so give them the same values.",
    "# duplication:",
    "#   minTokens: 50",
    "#   minLines: 6",
    "#   languages: { python: { minTokens: 70 } }",
    "#   enabled: true",
    "",
    "# A folder of your own ast-grep rules: <dir>/<language>/*.yml with codeaudit metadata.",
    "# customRules: .codeaudit/rules",
    "",
    "# Exit 1 when a finding is at least this severe (same as --fail-on).",
    "# failOn: high",
    "",
  ].join("\n");
}
