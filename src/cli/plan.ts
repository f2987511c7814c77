// `codeaudit plan <plan.yml> [path]`: progress against a staged plan (SPEC §7); `--draft <docs...>` drafts plan.yml.
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import type { PlanReport } from "../plan/types.js";
import { readInputFile, readInputFiles } from "./input-file.js";
import { parseFormatList } from "./parse-format-list.js";
import { escapeControlCharacters, escapeJsonText, maskRendered, safeModel } from "./output-safety.js";
import { noHistoryOption, recordRunInHistory, storeOption } from "./record-history.js";
import { writeReportFiles, type OutputFolder } from "./report-writer.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { createProgress } from "./progress.js";
import { describeCacheStats } from "../cache/open-store.js";
import { addCacheOptions, openCommandCache, type CacheCliFlags } from "./cache-options.js";

export const PLAN_FORMATS = ["md", "json", "html"] as const;
type PlanFormat = (typeof PLAN_FORMATS)[number];
const FILE_NAMES: Record<PlanFormat, string> = { md: "PLAN.md", json: "plan.json", html: "plan.html" };

interface PlanCliOptions extends CacheCliFlags {
  draft?: string[];
  ref?: string;
  out: string;
  format: string;
  config?: string;
  quiet?: boolean;
  jobs?: string;
  timestamp: boolean;
  coverage?: string[];
  junit?: string[];
  trustRepoConfig?: boolean;
  outIsDefault?: boolean;
  history?: boolean;
  store?: string;
}

/** The plan file format, shown by `codeaudit plan --help`. */
export const PLAN_FORMAT_HELP = `
Plan file (YAML): stages of items; each item has one check key and optional id, title, weight (default 1),
effort (30m, 4h, 2d, 1w), area, source, in (path globs).

  plan: OTP refactor
  stages:
    - stage: "1"
      title: Critical fixes
      items:
        - module: Foundation.FeatureFlags              # Elixir module, Python/TS module file, Go package
          effort: 2d
        - module: [Foundation.ErrorBoundary, Foundation.RetryStrategy]   # 1 of 2 → partial
        - path: lib/foundation/credo_checks/no_raw_send.ex
        - function: Foundation.Error.wrap/2           # arity for Elixir
        - class: WorkflowSupervisor
        - absent: Process.put in lib/**               # literal; match: regex | ast (ast-grep, complete code)
        - count: Process.sleep in test/** <= 5
        - present: "Process.demonitor($REF, [:flush])"
          match: ast
        - rule: elixir/unsupervised-task               # no findings of that rule (in: scope)
        - implements: GenServer
          module: Foundation.TaskAgent
        - uses: Foundation.PersistentAgent
          module: JidoSystem.TaskAgent
        - ci: {job: test}                             # or {step: "mix format --check-formatted"}, {gate: format}
        - config: my_app.Repo.pool_size               # config/*.exs; or file: config.yaml (JSON/YAML/TOML)
          value: 10
        - env: DATABASE_URL
        - dependency: oban
        - script: test:e2e                            # npm script, Mix alias or task, make target
        - route: GET /api/health
        - migration: create_users
        - table: users
        - coverage: ">= 80"                           # from --coverage reports
        - tests: ">= 200"                             # from --junit results or ExUnit test blocks
        - path: lib/legacy/
          gone: true                                  # existence checks: done when it is gone
        - Deployment rollout plan agreed              # free text: not decidable, check by hand

States: done, done elsewhere (the named thing exists at another path or under another namespace), partial (what
is missing is listed), missing (with the search that found nothing), not decidable (never counted as done).
`;

export function registerPlanCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addCacheOptions(program.command("plan"))
    .description("progress audit against a staged plan (plan.yml), or --draft a plan.yml from Markdown plans")
    .argument("[plan]", "plan file (YAML); with --draft: the folder the documents are read from", "plan.yml")
    .argument("[path]", "repository folder", ".")
    .option(
      "--draft <docs...>",
      "write a plan.yml draft (to stdout) from Markdown plans, roadmaps and milestone documents",
    )
    .option("--ref <rev>", "audit this commit instead of the working tree (the working tree is not touched)")
    .option("--format <list>", `report formats, comma-separated: ${PLAN_FORMATS.join(",")}`, "md,json")
    .option("--out <dir>", "folder the reports are written to", "codeaudit-report")
    .option(
      "--config <file>",
      "configuration file (default: codeaudit.config.json|yaml, .codeaudit.json|yaml or package.json#codeaudit)",
    )
    .option("--quiet", "print nothing but errors")
    .option("--jobs <n>", "worker threads (default: all cores)")
    .option("--no-timestamp", "omit the date, so reruns on one commit are byte-identical")
    .option("--coverage <file...>", "coverage reports for `coverage:` items")
    .option("--junit <file...>", "JUnit XML results for `tests:` items")
    .option("--trust-repo-config", "apply every setting of a configuration found in the audited folder")
    .addHelpText("after", PLAN_FORMAT_HELP)
    .addOption(noHistoryOption())
    .addOption(storeOption())
    .action(async (plan: string, path: string, options: PlanCliOptions, command: Command) => {
      const outIsDefault = command.getOptionValueSource("out") === "default";
      setExit(
        options.draft
          ? await runDraft(options.draft, io)
          : await runPlanCommand(plan, path, { ...options, outIsDefault }, io),
      );
    });
}

/** Reads the documents, drafts the plan, prints plan.yml on stdout. */
export async function runDraft(docs: string[], io: CliIo): Promise<number> {
  // Loaded when the command runs: registering it (or `--help`) loads no markdown parser.
  const { draftPlan } = await import("../plan/draft/draft-plan.js");
  const { renderDraftYaml } = await import("../plan/draft/render-draft-yaml.js");
  const inputs = docs.map((doc) => {
    const path = resolve(io.cwd, doc);
    const text = readInputFile(path, "--draft", doc);
    return { path: (relative(io.cwd, path) || doc).split("\\").join("/"), text };
  });
  const plan = draftPlan(inputs);
  io.stdout.write(
    maskRendered(
      renderDraftYaml(
        plan,
        inputs.map((input) => input.path),
      ),
    ),
  );
  return 0;
}

export async function runPlanCommand(
  planPath: string,
  path: string,
  options: PlanCliOptions,
  io: CliIo,
): Promise<number> {
  const formats = parseFormatList(options.format, PLAN_FORMATS);
  // Loaded when the command runs: registering it (or `--help`) loads no pipeline.
  const { auditRepository } = await import("../pipeline/audit-repository.js");
  const { evaluatePlan } = await import("../plan/evaluate-plan.js");
  const { parsePlanFile, PlanFileError } = await import("../plan/plan-file.js");
  const { renderPlanJson } = await import("../plan/plan-json.js");
  const { renderPlanHtml } = await import("../plan/render-plan-html.js");
  const { renderPlanMarkdown } = await import("../plan/render-plan-md.js");
  const planFile = resolve(io.cwd, planPath);
  const planText = readInputFile(planFile, "plan", planPath);
  const label = relative(io.cwd, planFile) || planPath;
  let plan;
  try {
    plan = parsePlanFile(planText, label);
  } catch (error) {
    if (error instanceof PlanFileError) throw new UsageError(error.message);
    throw error;
  }
  const jobs = options.jobs === undefined ? undefined : Number(options.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1))
    throw new UsageError(`--jobs ${options.jobs}: expected a whole number of at least 1`);
  const repoPath = resolve(io.cwd, path);
  const outDir = resolve(io.cwd, options.out);
  const progress = createProgress(io.stderr, Boolean(options.quiet));
  const cache = openCommandCache(options, io);
  const run = await auditRepository({
    path: repoPath,
    cache,
    outputDirs: [outDir],
    ...(options.ref ? { ref: options.ref } : {}),
    ...(options.config ? { configPath: resolve(io.cwd, options.config) } : {}),
    ...(options.trustRepoConfig ? { trustRepoConfig: true } : {}),
    ...(jobs ? { jobs } : {}),
    noTimestamp: !options.timestamp,
    coverageFiles: readInputFiles(options.coverage, "--coverage", io.cwd),
    junitFiles: readInputFiles(options.junit, "--junit", io.cwd),
    onProgress: (done, total) => progress.update(done, total),
    onStage: (stage) => progress.stage(stage),
  });
  if (cache) progress.stage(describeCacheStats(cache.stats));
  progress.done();
  const report = evaluatePlan({
    plan,
    planFile: label.split("\\").join("/"),
    engine: run.engine,
    audit: run.audit,
    generatedAt: run.audit.generatedAt,
  });
  // A plan run is the audit judged against one plan: the plan's text is part of what decides the result.
  await recordRunInHistory(safeModel(run.audit, { escape: false }), "plan", run.config, options, io, {
    extra: { plan: planText },
  });
  const outFolder: OutputFolder = {
    given: options.out,
    path: outDir,
    isDefault: options.outIsDefault ?? false,
    auditedRoot: repoPath,
  };
  const shown = safeModel(report, { escape: true });
  const written = writeReportFiles(
    outFolder,
    formats.map((format) => ({
      name: FILE_NAMES[format],
      content:
        format === "md"
          ? maskRendered(renderPlanMarkdown(shown))
          : format === "json"
            ? escapeJsonText(renderPlanJson(safeModel(report, { escape: false })))
            : maskRendered(renderPlanHtml(shown)),
    })),
  );
  if (!options.quiet)
    io.stdout.write(
      maskRendered(
        terminalSummary(
          shown,
          written.map((file) => escapeControlCharacters(relative(io.cwd, file) || file)),
        ),
      ),
    );
  return 0;
}

function terminalSummary(report: PlanReport, written: string[]): string {
  const lines = [`Plan: ${report.plan.title}`];
  for (const stage of report.stages)
    lines.push(
      `  Stage ${stage.id} ${stage.title}: ${stage.percent === null ? "not decidable" : `${stage.percent}%`} (${stage.counts.done + stage.counts["done-elsewhere"]} done, ${stage.counts.partial} partial, ${stage.counts.missing} missing, ${stage.counts["not-decidable"]} not decidable)`,
    );
  lines.push(report.summary.verdict, `Wrote ${written.join(", ")}`);
  return lines.join("\n") + "\n";
}
