// `codeaudit audit [path]`: the baseline audit; writes the reports, prints the summary, applies --fail-on.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { isAreaId, type AreaId } from "../model/areas.js";
import type { Audit } from "../model/audit.js";
import { isAtLeast, isSeverity, SEVERITIES, type Severity } from "../model/severity.js";
import { auditRepository } from "../pipeline/audit-repository.js";
import { renderHtml } from "../report/html/render-html.js";
import { renderJson } from "../report/json.js";
import { renderMarkdown } from "../report/markdown/render-markdown.js";
import { renderSarif, type SarifRuleInput } from "../report/sarif.js";
import { renderTerminalSummary } from "../report/terminal.js";
import type { ExternalInput } from "../facts/define.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { createProgress } from "./progress.js";

export const REPORT_FORMATS = ["md", "json", "sarif", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const FILE_NAMES: Record<ReportFormat, string> = {
  md: "AUDIT.md",
  json: "audit.json",
  sarif: "audit.sarif",
  html: "audit.html",
};

interface AuditCliOptions {
  ref?: string;
  format: string;
  out: string;
  config?: string;
  only?: string;
  quiet?: boolean;
  color: boolean;
  jobs?: string;
  failOn?: string;
  timestamp: boolean;
  history?: string | boolean;
  advisories?: string;
  coverage?: string[];
  junit?: string[];
}

export function registerAuditCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("audit")
    .description("baseline audit of a repository's working tree (or of a commit with --ref)")
    .argument("[path]", "repository folder", ".")
    .option("--ref <rev>", "audit this commit instead of the working tree (the working tree is not touched)")
    .option("--format <list>", `report formats, comma-separated: ${REPORT_FORMATS.join(",")}`, "md,json")
    .option("--out <dir>", "folder the reports are written to", "codeaudit-report")
    .option(
      "--config <file>",
      "configuration file (default: codeaudit.config.json|yaml or package.json#codeaudit)",
    )
    .option(
      "--only <areas>",
      "restrict to these areas, comma-separated: build, dependencies, lint, security, deadcode, database, web, config, tests, ci, containers, concurrency, resources, errors, performance, observability, docs, quality",
    )
    .option("--quiet", "print nothing but errors")
    .option("--no-color", "disable colours (also NO_COLOR)")
    .option("--jobs <n>", "worker threads (default: all cores)")
    .option("--fail-on <severity>", `exit 1 when a finding is at least this severe: ${SEVERITIES.join("|")}`)
    .option("--no-timestamp", "omit the date, so reruns on one commit are byte-identical")
    .option(
      "--history [range]",
      "also scan git history for secrets added and later removed (all of HEAD's history, or a range like v1.0..HEAD)",
    )
    .option(
      "--advisories <dir>",
      "local OSV advisory store (default: the one `codeaudit advisories import` fills, when present)",
    )
    .option(
      "--coverage <file...>",
      "coverage reports to read (lcov, Cobertura XML, coverage.py JSON, excoveralls JSON, Go coverprofile)",
    )
    .option("--junit <file...>", "JUnit XML test results to summarise")
    .action(async (path: string, options: AuditCliOptions) => {
      setExit(await runAuditCommand(path, options, io));
    });
}

export async function runAuditCommand(path: string, options: AuditCliOptions, io: CliIo): Promise<number> {
  const formats = parseFormats(options.format);
  const only = parseAreas(options.only);
  const jobs = options.jobs === undefined ? undefined : parsePositiveInt(options.jobs, "--jobs");
  const failOn = parseSeverity(options.failOn);
  const progress = createProgress(io.stderr, Boolean(options.quiet));
  const repoPath = resolve(io.cwd, path);
  const coverageFiles = readInputs(options.coverage, "--coverage", io.cwd);
  const junitFiles = readInputs(options.junit, "--junit", io.cwd);
  const outDir = resolve(io.cwd, options.out);
  const run = await auditRepository({
    path: repoPath,
    outputDirs: [outDir],
    ...(options.ref ? { ref: options.ref } : {}),
    ...(options.config ? { configPath: resolve(io.cwd, options.config) } : {}),
    ...(only ? { only } : {}),
    ...(jobs ? { jobs } : {}),
    noTimestamp: !options.timestamp,
    ...(options.history ? { historyRange: options.history === true ? "HEAD" : options.history } : {}),
    ...(options.advisories ? { advisoryDir: resolve(io.cwd, options.advisories) } : {}),
    coverageFiles,
    junitFiles,
    onProgress: (done, total) => progress.update(done, total),
    onStage: (stage) => progress.stage(stage),
  });
  progress.done();
  const effectiveFailOn = failOn ?? run.config.config.failOn;
  const written = writeReports(run.audit, formats, outDir, run.engine.ruleSet.allRules);
  if (!options.quiet) {
    const color = options.color && !io.env.NO_COLOR && Boolean(io.stdout.isTTY);
    io.stdout.write(
      renderTerminalSummary(run.audit, {
        color,
        writtenFiles: written.map((file) => relative(io.cwd, file) || file),
      }),
    );
  }
  if (effectiveFailOn && gateFails(run.audit, effectiveFailOn)) {
    if (!options.quiet)
      io.stderr.write(`codeaudit: quality gate failed: findings at or above ${effectiveFailOn}\n`);
    return 1;
  }
  return 0;
}

export function gateFails(audit: Audit, threshold: Severity): boolean {
  return audit.findings.some((finding) => isAtLeast(finding.severity, threshold));
}

function writeReports(
  audit: Audit,
  formats: ReportFormat[],
  outDir: string,
  rules: readonly SarifRuleInput[],
): string[] {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const file = join(outDir, FILE_NAMES[format]);
    const content =
      format === "md"
        ? renderMarkdown(audit)
        : format === "json"
          ? renderJson(audit)
          : format === "sarif"
            ? renderSarif(audit, rules)
            : renderHtml(audit);
    writeFileSync(file, content);
    written.push(file);
  }
  return written;
}

/** Reads files named on the command line; a missing one is a usage error naming it. */
function readInputs(files: string[] | undefined, option: string, cwd: string): ExternalInput[] {
  return (files ?? []).map((file) => {
    try {
      return { label: file, text: readFileSync(resolve(cwd, file), "utf8") };
    } catch {
      throw new UsageError(`${option} ${file}: no such file`);
    }
  });
}

function parseFormats(value: string): ReportFormat[] {
  const formats = value
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  for (const format of formats) {
    if (!(REPORT_FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format ${format}: unknown format; allowed: ${REPORT_FORMATS.join(", ")}`);
  }
  if (formats.length === 0)
    throw new UsageError(`--format: give at least one of ${REPORT_FORMATS.join(", ")}`);
  return [...new Set(formats)] as ReportFormat[];
}

function parseAreas(value: string | undefined): AreaId[] | undefined {
  if (value === undefined) return undefined;
  const areas = value
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  for (const area of areas)
    if (!isAreaId(area))
      throw new UsageError(
        `--only ${area}: unknown area; allowed: build, dependencies, lint, security, deadcode, database, web, config, tests, ci, containers, concurrency, resources, errors, performance, observability, docs, quality`,
      );
  return areas as AreaId[];
}

function parseSeverity(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (!isSeverity(value))
    throw new UsageError(`--fail-on ${value}: unknown severity; allowed: ${SEVERITIES.join(", ")}`);
  return value;
}

function parsePositiveInt(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${option} ${value}: expected a whole number of at least 1`);
  return n;
}
