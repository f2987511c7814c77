// `codeaudit delta <base>..<head> [path]`: the milestone / pull-request audit of SPEC §6; writes DELTA.md and
// delta.json, prints the gates, applies --fail-on-gate.
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import type { AuditRun } from "../pipeline/audit-repository.js";
import type { renderSarif as RenderSarif } from "../report/sarif.js";
import { ruleDocsUri, toolHomepage } from "../util/project-links.js";
import type { DeltaReport } from "../delta/types.js";
import { readInputFile } from "./input-file.js";
import { parseFormatList } from "./parse-format-list.js";
import { writeReportFiles } from "./report-writer.js";
import {
  escapeControlCharacters,
  escapeJsonText,
  maskRendered,
  safeMessage,
  safeModel,
} from "./output-safety.js";
import { noHistoryOption, recordRunInHistory, storeOption } from "./record-history.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { createProgress } from "./progress.js";
import { describeCacheStats } from "../cache/open-store.js";
import { addCacheOptions, openCommandCache, type CacheCliFlags } from "./cache-options.js";

export const DELTA_FORMATS = ["md", "json", "sarif", "html"] as const;
type DeltaFormat = (typeof DELTA_FORMATS)[number];
const FILE_NAMES: Record<DeltaFormat, string> = {
  md: "DELTA.md",
  json: "delta.json",
  sarif: "delta.sarif",
  html: "delta.html",
};

interface DeltaCliOptions extends CacheCliFlags {
  out: string;
  format: string;
  failOnGate?: boolean;
  coverageBase?: string;
  coverageHead?: string;
  quiet?: boolean;
  jobs?: string;
  timestamp: boolean;
  /** Set by the command: whether --out was left at its default. */
  outIsDefault?: boolean;
  config?: string;
  trustRepoConfig?: boolean;
  history?: boolean;
  store?: string;
}

export function registerDeltaCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addCacheOptions(program.command("delta"))
    .description(
      "audit the changes between two git refs (base..head): gates, change map, observations, patches",
    )
    .argument(
      "<range>",
      "base..head (or base...head to compare from the merge base; base alone means base..HEAD)",
    )
    .argument("[path]", "repository folder", ".")
    .option("--out <dir>", "folder the reports are written to", "codeaudit-report")
    .option(
      "--format <list>",
      `report formats, comma-separated: ${DELTA_FORMATS.join(",")} (sarif: the findings the range adds; html: the report as a page)`,
      "md,json",
    )
    .option("--fail-on-gate", "exit 1 when any quality gate fails")
    .option(
      "--coverage-base <file>",
      "coverage report of the base (lcov, Cobertura XML, coverage.py JSON, Go coverprofile)",
    )
    .option("--coverage-head <file>", "coverage report of the head")
    .option("--jobs <n>", "worker threads (default: all cores)")
    .option("--quiet", "print nothing but errors")
    .option("--no-timestamp", "omit the date, so reruns on one range are byte-identical")
    .option("--config <file>", "configuration file (default: the one in the base commit, never the head's)")
    .option(
      "--trust-repo-config",
      "take the configuration from the head under review (by default the base commit's is used, so a change cannot relax its own audit)",
    )
    .addOption(noHistoryOption())
    .addOption(storeOption())
    .action(async (range: string, path: string, options: DeltaCliOptions, command: Command) => {
      const outIsDefault = command.getOptionValueSource("out") === "default";
      setExit(await runDeltaCommand(range, path, { ...options, outIsDefault }, io));
    });
}

export async function runDeltaCommand(
  range: string,
  path: string,
  options: DeltaCliOptions,
  io: CliIo,
): Promise<number> {
  if (!range || range.startsWith("..") || range.endsWith("...") || range === "..")
    throw new UsageError(`delta ${range}: give a range as base..head, e.g. origin/main..HEAD`);
  const formats = parseFormatList(options.format, DELTA_FORMATS);
  // Loaded when the command runs: registering it (or `--help`) loads no pipeline.
  const { parseCoverageReport } = await import("../delta/coverage.js");
  const { renderDeltaJson } = await import("../delta/delta-json.js");
  const { DeltaHistoryError } = await import("../delta/range.js");
  const { renderDeltaHtml } = await import("../delta/render-delta-html.js");
  const { renderDeltaMarkdown } = await import("../delta/render-delta-md.js");
  const { delta } = await import("../index.js");
  const { renderSarif } = await import("../report/sarif.js");
  let jobs: number | undefined;
  if (options.jobs !== undefined) {
    jobs = Number(options.jobs);
    if (!Number.isInteger(jobs) || jobs < 1)
      throw new UsageError(`--jobs ${options.jobs}: expected a whole number of at least 1`);
  }
  for (const [option, file] of [
    ["--coverage-base", options.coverageBase],
    ["--coverage-head", options.coverageHead],
  ] as const) {
    if (file === undefined) continue;
    const full = resolve(io.cwd, file);
    if (!parseCoverageReport(readInputFile(full, option, file), file))
      throw new UsageError(
        `${option} ${file}: not a coverage report codeaudit reads (lcov, Cobertura XML, coverage.py JSON, Go coverprofile)`,
      );
  }
  const progress = createProgress(io.stderr, Boolean(options.quiet));
  const cache = openCommandCache(options, io);
  let report: DeltaReport;
  let head: AuditRun;
  let base: AuditRun;
  try {
    const run = await delta(range, resolve(io.cwd, path), {
      noTimestamp: !options.timestamp,
      ...(options.config ? { configPath: resolve(io.cwd, options.config) } : {}),
      ...(options.trustRepoConfig ? { trustRepoConfig: true } : {}),
      ...(jobs ? { jobs } : {}),
      ...(options.coverageBase ? { coverageBase: resolve(io.cwd, options.coverageBase) } : {}),
      ...(options.coverageHead ? { coverageHead: resolve(io.cwd, options.coverageHead) } : {}),
      onStage: (stage) => progress.stage(stage),
      cache,
    });
    if (cache) progress.stage(describeCacheStats(cache.stats));
    report = run.report;
    head = run.head;
    base = run.base;
  } catch (error) {
    progress.done();
    if (error instanceof DeltaHistoryError) {
      io.stderr.write(`${error.message.split("\n").map(safeMessage).join("\n")}\n`);
      return 2;
    }
    throw error;
  }
  progress.done();
  // The head's audit, per base commit: the store's delta runs say what each range looked like at its head.
  await recordRunInHistory(safeModel(head.audit, { escape: false }), "delta", head.config, options, io, {
    extra: { base: base.audit.repository.commit },
  });
  // Commit subjects, head lines and paths come from the repository: masked and escaped before any rendering.
  const shown = safeModel(report, { escape: true });
  const written = writeReportFiles(
    {
      given: options.out,
      path: resolve(io.cwd, options.out),
      isDefault: options.outIsDefault ?? false,
      auditedRoot: resolve(io.cwd, path),
    },
    formats.map((format) => ({
      name: FILE_NAMES[format],
      content:
        format === "md"
          ? maskRendered(renderDeltaMarkdown(shown))
          : format === "html"
            ? maskRendered(renderDeltaHtml(shown))
            : format === "sarif"
              ? escapeJsonText(deltaSarif(report, head, renderSarif))
              : escapeJsonText(renderDeltaJson(safeModel(report, { escape: false }))),
    })),
  ).map((file) => escapeControlCharacters(relative(io.cwd, file) || file));
  if (!options.quiet) io.stdout.write(maskRendered(terminalSummary(shown, written)));
  const failed = report.gates.filter((g) => g.status === "FAIL");
  if (options.failOnGate && failed.length > 0) {
    // Printed even with --quiet: a failed CI step must say why.
    io.stderr.write(
      `codeaudit: ${failed.length} quality gate(s) failed: ${failed.map((g) => g.id).join(", ")}\n`,
    );
    return 1;
  }
  return 0;
}

/**
 * delta.sarif: the head's audit restricted to the findings the range adds, each `baselineState: new`, so code
 * scanning on a pull request shows what the change introduces and nothing it inherited.
 */
function deltaSarif(report: DeltaReport, head: AuditRun, renderSarif: typeof RenderSarif): string {
  const added = new Set(report.findings.new.map((finding) => finding.id));
  const audit = safeModel(head.audit, { escape: false });
  const findings = audit.findings.filter((finding) => added.has(finding.id));
  return renderSarif(
    {
      ...audit,
      findings,
      baseline: {
        source: `${report.range.baseRef}`,
        baselinedIds: [],
        fixed: [],
      },
    },
    head.engine.ruleSet.allRules,
    { informationUri: toolHomepage(), helpUri: ruleDocsUri },
  );
}

function terminalSummary(report: DeltaReport, written: string[]): string {
  const range = report.range;
  const lines = [
    `Delta ${range.baseRef}..${range.headRef}: ${range.commits.length} commit(s), ${range.files.length} file(s), +${range.insertions}/-${range.deletions}`,
    `Findings: ${report.findings.new.length} new (${report.findings.new.filter((f) => f.introduced).length} introduced), ${report.findings.fixed.length} fixed, ${report.findings.unchanged.length} unchanged`,
    ...report.gates.map((g) => `  ${g.status.padEnd(4)} ${g.title}`),
    `Wrote ${written.join(", ")}`,
  ];
  return lines.join("\n") + "\n";
}
