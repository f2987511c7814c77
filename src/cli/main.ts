// The command line: parses options with commander, runs a command, returns the exit code (0 ok, 1 gate failed, 2 error).
import { Command, CommanderError, Option } from "commander";
import { toolVersion } from "../pipeline/tool-version.js";
import { registerAdvisoriesCommand } from "./advisories.js";
import { registerAuditCommand } from "./audit.js";
import { registerBaselineCommand } from "./baseline.js";
import { registerDeltaCommand } from "./delta.js";
import { registerPlanCommand } from "./plan.js";
import { registerHistoryCommand } from "./history.js";
import { registerFleetCommand } from "./fleet.js";
import { registerExplainCommand, registerRulesCommand } from "./rules.js";
import { registerInitCommand } from "./init.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { escapeControlCharacters, safeMessage } from "./output-safety.js";

export async function main(argv: string[], io: CliIo): Promise<number> {
  const program = new Command("codeaudit")
    .description(
      "Audits a source repository and writes the report a staff engineer would: findings with evidence, actions, a grade.",
    )
    .version(toolVersion(), "-v, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Usage errors echo the arguments: shown with control characters made visible.
      writeErr: (s) => io.stderr.write(s.split("\n").map(escapeControlCharacters).join("\n")),
    })
    .showHelpAfterError("(run codeaudit --help for usage)");
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  registerAuditCommand(program, io, setExit);
  registerBaselineCommand(program, io, setExit);
  registerDeltaCommand(program, io, setExit);
  registerPlanCommand(program, io, setExit);
  registerHistoryCommand(program, io, setExit);
  registerFleetCommand(program, io, setExit);
  registerRulesCommand(program, io);
  registerAdvisoriesCommand(program, io);
  registerExplainCommand(program, io, setExit);
  registerInitCommand(program, io, setExit);
  program.addOption(new Option("--no-color", "disable colours (also NO_COLOR)"));
  // `codeaudit rules | head`: the reader left; stop writing quietly instead of dying on EPIPE.
  const stdoutClosed = (error: NodeJS.ErrnoException): void => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  };
  io.stdout.on("error", stdoutClosed);
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      )
        return 0;
      return 2;
    }
    if (error instanceof UsageError || isKnownError(error)) {
      io.stderr.write(`codeaudit: ${safeMessage((error as Error).message)}\n`);
      return 2;
    }
    const stack = (error as Error).stack ?? String(error);
    io.stderr.write(`codeaudit: unexpected error: ${stack.split("\n").map(safeMessage).join("\n")}\n`);
    return 2;
  }
}

/** Expected failures (bad path, bad ref, bad config) print one line; anything else is a bug and prints a stack. */
function isKnownError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return ["RepositoryError", "GitError", "ConfigError", "AstRuleError", "OutputError", "StoreError"].includes(
    error.constructor.name,
  );
}
