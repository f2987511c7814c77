// `codeaudit history [path]`: the stored runs of a repository, new and fixed findings between two runs, areas over time.
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { basename, relative, resolve, sep } from "node:path";
import type { Command } from "commander";
import { safeMessage } from "./output-safety.js";
import { repositoryIdentity, type RepositoryIdentity } from "../store/repository-identity.js";
import { StoreError } from "../store/store-error.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { escapeControlCharacters, escapeJsonText, maskRendered } from "./output-safety.js";
import { parseFormatList } from "./parse-format-list.js";
import { historyStoreOf, storeOption } from "./record-history.js";
import { writeReportFiles } from "./report-writer.js";

export const HISTORY_FORMATS = ["md", "json", "html"] as const;
type HistoryFormat = (typeof HISTORY_FORMATS)[number];
const FILE_NAMES: Record<HistoryFormat, string> = {
  md: "HISTORY.md",
  json: "history.json",
  html: "history.html",
};

interface HistoryCliOptions {
  store?: string;
  from?: string;
  to?: string;
  kind: string;
  format: string;
  out?: string;
  config?: string;
  trustRepoConfig?: boolean;
}

export function registerHistoryCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("history")
    .description(
      "past runs from the history store: grade and score per run, new and fixed findings, areas over time",
    )
    .argument("[path]", "repository folder", ".")
    .addOption(storeOption())
    .option(
      "--from <run|commit>",
      "compare from this run (its id, or a commit); default: the run before --to",
    )
    .option("--to <run|commit>", "compare to this run (its id, or a commit); default: the latest run")
    .option("--kind <kind>", "which runs: audit, delta or plan", "audit")
    .option("--format <list>", `formats, comma-separated: ${HISTORY_FORMATS.join(",")}`, "md")
    .option(
      "--out <dir>",
      "write HISTORY.md / history.json / history.html there (default: one format to stdout)",
    )
    .option("--config <file>", "configuration file (its history.store key names the store)")
    .option("--trust-repo-config", "use the history store named by the audited folder's own configuration")
    .action(async (path: string, options: HistoryCliOptions) => {
      setExit(await runHistoryCommand(path, options, io));
    });
}

export async function runHistoryCommand(
  path: string,
  options: HistoryCliOptions,
  io: CliIo,
): Promise<number> {
  const formats = parseFormatList(options.format, HISTORY_FORMATS);
  // Loaded when the command runs: registering it (or `--help`) loads no configuration schema or store.
  const { loadConfig } = await import("../config/load-config.js");
  const { renderHistoryHtml, renderHistoryJson, renderHistoryMarkdown } =
    await import("../report/history.js");
  const { buildHistory } = await import("../store/build-history.js");
  const { openStore } = await import("../store/open-store.js");
  if (!options.out && formats.length !== 1)
    throw new UsageError(`--format ${options.format}: without --out, give one format (printed to stdout)`);
  if (options.kind !== "audit" && options.kind !== "delta" && options.kind !== "plan")
    throw new UsageError(`--kind ${options.kind}: allowed: audit, delta, plan`);
  const root = resolve(io.cwd, path);
  const repository = identityOf(root);
  const config = loadConfig(root, options.config ? resolve(io.cwd, options.config) : undefined);
  // Recording may be off for audits; reading is what this command is for, so a store is always named.
  const location = historyStoreOf({ ...options, history: true }, config, {
    ...io,
    env: { ...io.env, CODEAUDIT_NO_HISTORY: "" },
  });
  if (!location) throw new UsageError("no history store: give --store <dir|url>");
  const store = await openStore(location);
  for (const failed of store.pendingDrain?.failed ?? [])
    io.stderr.write(
      `codeaudit: warning: a pending run could not be recorded (${safeMessage(failed.reason)}); it is kept in ${failed.file}\n`,
    );
  let report;
  try {
    report = await buildHistory(store, repository, {
      kind: options.kind,
      ...(options.from ? { from: options.from } : {}),
      ...(options.to ? { to: options.to } : {}),
    });
  } finally {
    await store.close();
  }
  const rendered = formats.map((format) => ({
    name: FILE_NAMES[format],
    content:
      format === "json"
        ? escapeJsonText(renderHistoryJson(report))
        : maskRendered(format === "md" ? renderHistoryMarkdown(report) : renderHistoryHtml(report)),
  }));
  if (!options.out) {
    io.stdout.write(rendered[0]!.content);
    return 0;
  }
  const written = writeReportFiles(
    { given: options.out, path: resolve(io.cwd, options.out), isDefault: false, auditedRoot: root },
    rendered,
  );
  io.stdout.write(
    `Wrote ${written.map((file) => escapeControlCharacters(relative(io.cwd, file) || file)).join(", ")}\n`,
  );
  return 0;
}

/** The identity the audit of `root` was recorded under (same remote URL or folder, same subfolder). */
function identityOf(root: string): RepositoryIdentity {
  const real = safeRealpath(root);
  let gitRoot: string | null = null;
  try {
    gitRoot = execFileSync("git", ["-c", "core.hooksPath=/dev/null", "rev-parse", "--show-toplevel"], {
      cwd: real,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    gitRoot = null; // not a git work tree: the folder is the identity
  }
  const subfolder = gitRoot ? relative(safeRealpath(gitRoot), real).split(sep).join("/") : "";
  return repositoryIdentity(real, gitRoot, subfolder, basename(real));
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    throw new StoreError(`history ${path}: no such folder`);
  }
}
