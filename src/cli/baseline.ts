// `codeaudit baseline [path]`: records today's findings in .codeaudit/baseline.json, so `audit --baseline` gates only
// new ones; reasons already written in the file are kept for findings still present.
import { existsSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import type { Command } from "commander";
import type { Baseline } from "./baseline-file.js";
import { BASELINE_PATH, type CliIo } from "./cli-io.js";
import { escapeControlCharacters, escapeJsonText, safeModel } from "./output-safety.js";
import { createProgress } from "./progress.js";
import { writeReportFiles } from "./report-writer.js";

interface BaselineCliOptions {
  out?: string;
  config?: string;
  jobs?: string;
  quiet?: boolean;
}

export function registerBaselineCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("baseline")
    .description(
      "record the current findings in .codeaudit/baseline.json: `audit --baseline` then reports them apart and gates only new ones",
    )
    .argument("[path]", "repository folder", ".")
    .option("--out <file>", `baseline file (default: <path>/${BASELINE_PATH})`)
    .option("--config <file>", "configuration file (default: the one in the audited folder)")
    .option("--jobs <n>", "worker threads (default: all cores)")
    .option("--quiet", "print nothing but errors")
    .action(async (path: string, options: BaselineCliOptions) => {
      setExit(await runBaselineCommand(path, options, io));
    });
}

export async function runBaselineCommand(
  path: string,
  options: BaselineCliOptions,
  io: CliIo,
): Promise<number> {
  // Loaded when the command runs: registering it (or `--help`) loads no pipeline.
  const { audit: auditPath } = await import("../index.js");
  const { buildBaseline, readBaselineFile, renderBaseline } = await import("./baseline-file.js");
  const repoPath = resolve(io.cwd, path);
  const target = options.out ? resolve(io.cwd, options.out) : resolve(repoPath, BASELINE_PATH);
  const shown = options.out ?? relative(io.cwd, target);
  const jobs = options.jobs === undefined ? undefined : Math.max(1, Number(options.jobs) || 1);
  const previous: Baseline | null = existsSync(target) ? readBaselineFile(target, shown) : null;
  const progress = createProgress(io.stderr, Boolean(options.quiet));
  const run = await auditPath(repoPath, {
    noTimestamp: true,
    ...(options.config ? { configPath: resolve(io.cwd, options.config) } : {}),
    ...(jobs ? { jobs } : {}),
    onStage: (stage) => progress.stage(stage),
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.done();
  // Secrets in titles or paths are masked like in every report.
  const baseline = buildBaseline(safeModel(run.audit, { escape: false }), previous);
  writeReportFiles({ given: shown, path: dirname(target), isDefault: !options.out, auditedRoot: repoPath }, [
    { name: basename(target), content: escapeJsonText(renderBaseline(baseline)) },
  ]);
  if (!options.quiet) {
    const kept = previous
      ? baseline.findings.filter((entry) => previous.findings.some((p) => p.id === entry.id)).length
      : 0;
    io.stdout.write(
      `wrote ${escapeControlCharacters(shown)}: ${baseline.findings.length} finding(s)${previous ? ` (${kept} kept from the previous baseline, ${previous.findings.length - kept} fixed and removed)` : ""}\n` +
        `Commit it; \`codeaudit audit --baseline ${escapeControlCharacters(relative(repoPath, target) || target)}\` then gates only new findings.\n`,
    );
  }
  return 0;
}
