// `codeaudit audit [path]`: the baseline audit; writes the reports, prints the summary, applies --fail-on.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Baseline } from "./baseline-file.js";
import type { Command } from "commander";
import { isAreaId, type AreaId } from "../model/areas.js";
import type { Audit } from "../model/audit.js";
import type { AuditTrendPoint } from "../model/trend.js";
import { isAtLeast, isSeverity, SEVERITIES, type Severity } from "../model/severity.js";
import type { SuppressedFinding } from "../engine/run-engine.js";
import type { SarifRuleInput } from "../report/sarif.js";
import { readInputFiles } from "./input-file.js";
import { parseFormatList } from "./parse-format-list.js";
import { escapeControlCharacters, escapeJsonText, maskRendered, safeModel } from "./output-safety.js";
import { writeReportFiles, type OutputFolder, type ReportFile } from "./report-writer.js";
import { colorEnabled, STDOUT_OUT, UsageError, type CliIo } from "./cli-io.js";
import { createProgress } from "./progress.js";
import { describeCacheStats } from "../cache/open-store.js";
import { addCacheOptions, openCommandCache, type CacheCliFlags } from "./cache-options.js";
import { noHistoryOption, recordRunInHistory, storeOption } from "./record-history.js";
import type { StoredRenderings } from "../pipeline/audit-report.js";

export const REPORT_FORMATS = ["md", "json", "sarif", "html", "gitlab"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const FILE_NAMES: Record<ReportFormat, string> = {
  md: "AUDIT.md",
  json: "audit.json",
  sarif: "audit.sarif",
  html: "audit.html",
  gitlab: "gl-code-quality-report.json",
};

interface AuditCliOptions extends CacheCliFlags {
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
  /** Set by the command: whether --out was left at its default. */
  outIsDefault?: boolean;
  trustRepoConfig?: boolean;
  baseline?: string;
  store?: string;
}

export function registerAuditCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addCacheOptions(program.command("audit"))
    .description("baseline audit of a repository's working tree (or of a commit with --ref)")
    .argument("[path]", "repository folder", ".")
    .option("--ref <rev>", "audit this commit instead of the working tree (the working tree is not touched)")
    .option("--format <list>", `report formats, comma-separated: ${REPORT_FORMATS.join(",")}`, "md,json")
    .option(
      "--out <dir>",
      "folder the reports are written to (- writes the one --format asked for to stdout, nothing else there)",
      "codeaudit-report",
    )
    .option(
      "--config <file>",
      "configuration file (default: codeaudit.config.json|yaml, .codeaudit.json|yaml or package.json#codeaudit)",
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
    .option(
      "--baseline <file|ref>",
      "a baseline file (`codeaudit baseline` writes .codeaudit/baseline.json), or a git ref whose findings are the baseline: its findings are reported apart and only new ones are gated",
    )
    .option(
      "--trust-repo-config",
      "apply every setting of a configuration found in the audited folder, its advisory store included (settings that narrow the audit are listed in the report header either way)",
    )
    .addOption(noHistoryOption())
    .addOption(storeOption())
    .action(async (path: string, options: AuditCliOptions, command: Command) => {
      const outIsDefault = command.getOptionValueSource("out") === "default";
      // `codeaudit --no-color audit` sets the program's option, `codeaudit audit --no-color` the command's.
      const color = options.color && command.optsWithGlobals<{ color?: boolean }>().color !== false;
      setExit(await runAuditCommand(path, { ...options, color, outIsDefault }, io));
    });
}

// The pipeline, the renderers and the history scan are imported when a run needs them (`import()` below): loading
// every module up front cost about 1 s of CPU, more than reading an unchanged tree's stored run.
export async function runAuditCommand(path: string, options: AuditCliOptions, io: CliIo): Promise<number> {
  const formats = parseFormatList(options.format, REPORT_FORMATS);
  const toStdout = options.out === STDOUT_OUT;
  if (toStdout && formats.length !== 1)
    throw new UsageError(
      `--out -: writes one report to stdout; give one --format (${REPORT_FORMATS.join(", ")}), not ${formats.join(",")}`,
    );
  const only = parseAreas(options.only);
  const jobs = options.jobs === undefined ? undefined : parsePositiveInt(options.jobs, "--jobs");
  const failOn = parseSeverity(options.failOn);
  const progress = createProgress(io.stderr, Boolean(options.quiet));
  const repoPath = resolve(io.cwd, path);
  const coverageFiles = readInputFiles(options.coverage, "--coverage", io.cwd);
  const junitFiles = readInputFiles(options.junit, "--junit", io.cwd);
  // A range is checked before the audit starts: an unknown or option-like revision is a one-line error.
  if (typeof options.history === "string") {
    const { resolveHistoryRange } = await import("../history/scan.js");
    resolveHistoryRange(repoPath, options.history);
  }
  const outDir = resolve(io.cwd, options.out);
  const cache = openCommandCache(options, io);
  const { auditReport } = await import("../pipeline/audit-report.js");
  // The reports' inputs only, so that an unchanged tree's result is read from the cache in one entry.
  const run = await auditReport({
    path: repoPath,
    cache,
    outputDirs: toStdout ? [] : [outDir],
    ...(options.ref ? { ref: options.ref } : {}),
    ...(options.config ? { configPath: resolve(io.cwd, options.config) } : {}),
    ...(options.trustRepoConfig ? { trustRepoConfig: true } : {}),
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
  if (cache) progress.stage(describeCacheStats(cache.stats));
  // The findings the gate counts: all of them, unless a baseline accepts some (read only when there is a gate).
  let fresh: Audit["findings"] | null = null;
  if (options.baseline !== undefined) {
    progress.stage("reading the baseline");
    const baseline = await loadBaseline(options.baseline, repoPath, io, options);
    const { splitByBaseline } = await import("./baseline-file.js");
    const split = splitByBaseline(run.audit.findings, baseline.baseline);
    fresh = split.fresh;
    run.audit.baseline = {
      source: baseline.source,
      baselinedIds: split.baselined.map((finding) => finding.id),
      fixed: split.fixed.map(({ id, ruleId, path, title }) => ({ id, ruleId, path, title })),
    };
    run.audit.coverage.baselined = split.baselined.length;
  }
  progress.done();
  const effectiveFailOn = failOn ?? run.config.config.failOn;
  const outFolder: OutputFolder = {
    given: options.out,
    path: outDir,
    isDefault: options.outIsDefault ?? false,
    auditedRoot: repoPath,
  };
  // One masking and escaping pass over the model for every format, then a masking pass over the rendered text.
  // Each model is built on first use: the escaped one only when a human-readable output needs it, the masked one
  // only when a report is rendered or the run is recorded (not when every report comes from the stored run).
  let shownModel: Audit | undefined;
  const shown = (): Audit => (shownModel ??= safeModel(run.audit, { escape: true }));
  let dataModel: Audit | undefined;
  const data = (): Audit => (dataModel ??= safeModel(run.audit, { escape: false }));
  let suppressedModel: SuppressedFinding[] | undefined;
  const suppressed = (): SuppressedFinding[] =>
    (suppressedModel ??= safeModel(run.suppressedFindings, { escape: false }));
  // Recorded from the masked model; only the HTML report reads the history back (its trend chart), the other
  // formats never depend on it.
  const trend = await recordRunInHistory(data, "audit", run.config, options, io, {
    needTrend: formats.includes("html"),
  });
  // Reports rendered from a stored result with no date, unchanged since (no baseline split), are kept with it.
  const renderings = options.timestamp || options.baseline !== undefined ? undefined : run.renderings;
  const rendered = await renderReports(
    { shown, data, suppressed, trend },
    formats,
    () => run.rules,
    renderings,
  );
  if (toStdout) {
    // stdout carries the document and nothing else; the summary goes to stderr (unless --quiet).
    io.stdout.write(rendered[0]?.content ?? "");
    if (!options.quiet)
      io.stderr.write(
        await summaryOf(shown, run.weakening, { color: false, writtenFiles: ["stdout"] }, renderings),
      );
  }
  const written = toStdout ? [] : writeReportFiles(outFolder, rendered);
  if (!options.quiet && !toStdout) {
    const color = colorEnabled(io, options.color);
    const writtenFiles = written.map((file) => escapeControlCharacters(relative(io.cwd, file) || file));
    io.stdout.write(await summaryOf(shown, run.weakening, { color, writtenFiles }, renderings));
  }
  const failing = effectiveFailOn
    ? (fresh ?? run.audit.findings).filter((finding) => isAtLeast(finding.severity, effectiveFailOn)).length
    : 0;
  if (effectiveFailOn && failing > 0) {
    // Printed even with --quiet: a failed CI step must say why.
    io.stderr.write(
      `codeaudit: quality gate failed: ${failing} ${run.audit.baseline ? "new " : ""}finding(s) at or above ${effectiveFailOn}\n`,
    );
    return 1;
  }
  return 0;
}

/** Lines the summary owes the reader: settings the audited tree chose, files left unread for their size. */
function terminalNotes(weakening: string[], audit: Audit): string {
  const lines: string[] = [];
  if (weakening.length > 0)
    lines.push(
      `Note: the audited folder's own configuration narrows this audit: ${weakening.map(escapeControlCharacters).join("; ")}`,
    );
  if (audit.baseline) {
    const { baselinedIds, fixed, source } = audit.baseline;
    lines.push(
      `Baseline ${escapeControlCharacters(source)}: ${audit.findings.length - baselinedIds.length} new finding(s) gated, ${baselinedIds.length} accepted by the baseline (reported, not gated)${
        fixed.length
          ? `; ${fixed.length} baseline entr${fixed.length === 1 ? "y is" : "ies are"} fixed, remove them (rerun \`codeaudit baseline\`): ${fixed
              .slice(0, 5)
              .map((entry) => `${entry.ruleId} ${entry.path ?? ""}`.trim())
              .join(", ")}${fixed.length > 5 ? ", …" : ""}`
          : ""
      }`,
    );
  }
  const huge = audit.diagnostics.filter((d) => d.kind === "skipped-huge");
  if (huge.length > 0)
    lines.push(
      `Note: ${huge.length} file(s) not analysed for their size: ${huge
        .slice(0, 5)
        .map((d) => d.path ?? "")
        .join(", ")}${huge.length > 5 ? ", …" : ""} (raise maxFileBytes to include them)`,
    );
  return lines.map((line) => `${line}\n`).join("");
}

export function gateFails(audit: Audit, threshold: Severity): boolean {
  return audit.findings.some((finding) => isAtLeast(finding.severity, threshold));
}

/** `shown`: masked and escaped, for human-readable formats; `data`: masked, for JSON formats (escaped losslessly). */
interface ReportModels {
  /** Each built on first use: only Markdown, HTML and the terminal summary need `shown`. */
  shown: () => Audit;
  data: () => Audit;
  suppressed: () => SuppressedFinding[];
  trend: AuditTrendPoint[] | null;
}

/** The terminal summary and notes, masked; kept with a stored run like a report (by colour and files written). */
async function summaryOf(
  shown: () => Audit,
  weakening: string[],
  options: { color: boolean; writtenFiles: string[] },
  renderings: StoredRenderings | undefined,
): Promise<string> {
  const stored = renderings?.get("terminal-summary", options);
  if (stored !== undefined) return stored;
  const { renderTerminalSummary } = await import("../report/terminal.js");
  const text = maskRendered(renderTerminalSummary(shown(), options) + terminalNotes(weakening, shown()));
  renderings?.set("terminal-summary", options, text);
  return text;
}

async function renderReports(
  audit: ReportModels,
  formats: ReportFormat[],
  rules: () => readonly SarifRuleInput[],
  renderings: StoredRenderings | undefined,
): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  // Each renderer is loaded only when its format was asked for.
  for (const format of formats) {
    // What a report reads besides the result: the tool's links (package.json, the rule documentation shipped),
    // and for HTML the history's trend (kept only without one: the history grows with every recorded run).
    const inputs =
      renderings && (format !== "html" || audit.trend === null) ? await renderingInputs(format, rules) : null;
    const stored = inputs ? renderings?.get(format, inputs) : undefined;
    const content = stored ?? (await renderReport(audit, format, rules()));
    if (inputs && stored === undefined) renderings?.set(format, inputs, content);
    files.push({ name: FILE_NAMES[format], content });
  }
  return files;
}

async function renderingInputs(
  format: ReportFormat,
  rules: () => readonly SarifRuleInput[],
): Promise<unknown> {
  const { ruleDocsUri, toolHomepage } = await import("../util/project-links.js");
  return {
    homepage: toolHomepage(),
    ...(format === "sarif" ? { docs: rules().map((rule) => ruleDocsUri(rule.id) ?? null) } : {}),
  };
}

async function renderReport(
  audit: ReportModels,
  format: ReportFormat,
  rules: readonly SarifRuleInput[],
): Promise<string> {
  switch (format) {
    case "md": {
      const { renderMarkdown } = await import("../report/markdown/render-markdown.js");
      return maskRendered(renderMarkdown(audit.shown()));
    }
    case "json": {
      const { renderJson } = await import("../report/json.js");
      return escapeJsonText(renderJson(audit.data()));
    }
    case "sarif": {
      const { renderSarif } = await import("../report/sarif.js");
      const { ruleDocsUri, toolHomepage } = await import("../util/project-links.js");
      return escapeJsonText(
        renderSarif(audit.data(), rules, {
          informationUri: toolHomepage(),
          helpUri: ruleDocsUri,
          suppressed: audit.suppressed(),
        }),
      );
    }
    case "gitlab": {
      const { renderGitlabCodeQuality } = await import("../report/gitlab-code-quality.js");
      return escapeJsonText(renderGitlabCodeQuality(audit.data()));
    }
    case "html": {
      const { renderHtml } = await import("../report/html/render-html.js");
      return maskRendered(renderHtml(audit.shown(), audit.trend ? { trend: audit.trend } : {}));
    }
  }
}

/** The baseline named by --baseline: a file, else a git ref whose own findings are the baseline. */
async function loadBaseline(
  value: string,
  repoPath: string,
  io: CliIo,
  options: AuditCliOptions,
): Promise<{ baseline: Baseline; source: string }> {
  const { buildBaseline, readBaselineFile } = await import("./baseline-file.js");
  const asFile = resolve(io.cwd, value);
  if (existsSync(asFile)) return { baseline: readBaselineFile(asFile, value), source: value };
  const inRepo = resolve(repoPath, value);
  if (existsSync(inRepo)) return { baseline: readBaselineFile(inRepo, value), source: value };
  if (value.startsWith("-") || !isCommit(repoPath, value))
    throw new UsageError(`--baseline ${value}: neither a baseline file nor a commit of ${repoPath}`);
  const { audit: auditPath } = await import("../index.js");
  const atRef = await auditPath(repoPath, {
    cache: openCommandCache(options, io),
    ref: value,
    noTimestamp: true,
    ...(options.config ? { configPath: resolve(io.cwd, options.config) } : {}),
    ...(options.trustRepoConfig ? { trustRepoConfig: true } : {}),
    ...(options.advisories ? { advisoryDir: resolve(io.cwd, options.advisories) } : {}),
  });
  return { baseline: buildBaseline(atRef.audit, null), source: `findings at ${value}` };
}

function isCommit(repoPath: string, ref: string): boolean {
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], {
      cwd: repoPath,
      stdio: "ignore",
    });
    return true;
  } catch {
    return false;
  }
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

export function parsePositiveInt(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${option} ${value}: expected a whole number of at least 1`);
  return n;
}
