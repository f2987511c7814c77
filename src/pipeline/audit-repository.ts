// One baseline audit end to end: open the repository, run the engine, score, and return the Audit model.
import { existsSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { defaultAdvisoryDir } from "../advisories/store.js";
import type { ExternalInput } from "../facts/define.js";
import { DEFAULT_CLONE_SETTINGS } from "../facts/clones/clone-settings.js";
import {
  configBase,
  loadConfig,
  weakeningSettings,
  checkRuleSettings,
  ConfigError,
  type LoadedConfig,
} from "../config/load-config.js";
import type { CodeauditConfig } from "../config/config-schema.js";
import { ContentHashes } from "../cache/content-hashes.js";
import type { OutcomeStore } from "../cache/outcome-store.js";
import type { EngineResult } from "../engine/run-engine.js";
import type { EngineSettings, RuleSetting } from "../engine/settings.js";
import type { Audit } from "../model/audit.js";
import type { AreaId } from "../model/areas.js";
import { isSeverity } from "../model/severity.js";
import { openRepository } from "../repo/open-repository.js";
import type { RepoIndex } from "../repo/repo-index.js";
import { toolVersion } from "./tool-version.js";

export interface AuditOptions {
  path: string;
  ref?: string;
  configPath?: string;
  /** A configuration already loaded (delta reads the base commit's); wins over `configPath`. */
  config?: LoadedConfig;
  /** Apply every setting of a configuration found in the audited tree, its advisory store included. */
  trustRepoConfig?: boolean;
  only?: AreaId[];
  jobs?: number;
  /** Folders the reports are written to: never audited when inside the tree (the default one never is). */
  outputDirs?: string[];
  /** Omit the date so two runs over the same commit give byte-identical reports. */
  noTimestamp?: boolean;
  /** Local OSV store; default: config `advisories`, else the user store when it exists. */
  advisoryDir?: string | null;
  /** Scan this git range for secrets ("HEAD" for all history); null or absent: no history scan. */
  historyRange?: string | null;
  coverageFiles?: ExternalInput[];
  junitFiles?: ExternalInput[];
  onProgress?: (done: number, total: number) => void;
  onStage?: (stage: string) => void;
  /** The persistent per-file cache (the CLI opens the user's unless --no-cache); absent: no cache. */
  cache?: OutcomeStore | null;
}

export interface AuditRun {
  audit: Audit;
  engine: EngineResult;
  config: LoadedConfig;
  /** Settings from the audited tree's own configuration that narrow the audit (shown in the report header). */
  weakening: string[];
}

/** What an audit has settled before analysing anything: its configuration, its files and its engine settings. */
export interface PreparedAudit {
  root: string;
  config: LoadedConfig;
  weakening: string[];
  /** The audited tree named an advisory store that was not used (no --trust-repo-config). */
  ignoredAdvisories: boolean;
  index: RepoIndex;
  settings: EngineSettings;
  /** With a cache, a working tree's stat index (content hashes, excluded files' line counts), opened by the walk. */
  contentHashes?: ContentHashes;
}

export async function prepareAudit(options: AuditOptions): Promise<PreparedAudit> {
  const root = resolve(options.path);
  const config = options.config ?? loadConfig(root, options.configPath);
  const weakening = weakeningSettings(config);
  // An advisory store named by the audited tree would replace the user's: not without --trust-repo-config.
  const ignoredAdvisories =
    config.fromAuditedTree === true && !options.trustRepoConfig && config.config.advisories !== undefined;
  options.onStage?.("reading the repository");
  const contentHashes =
    options.cache && !options.ref ? new ContentHashes(options.cache.dir, root) : undefined;
  const index = await openRepository(root, {
    ...(contentHashes ? { lineCounts: contentHashes } : {}),
    ...(options.ref ? { ref: options.ref } : {}),
    ...(config.config.maxFileBytes ? { maxFileBytes: config.config.maxFileBytes } : {}),
    ignore: config.config.ignore ?? [],
    // A cache folder inside the tree (--cache-dir there, or auditing the home folder) is left out like report output:
    // its entries would otherwise be audited, and a second run's report would differ from the first's.
    outputDirs: [...(options.outputDirs ?? []), ...(options.cache ? [options.cache.dir] : [])],
  });
  const settings = engineSettings(
    ignoredAdvisories ? { ...config, config: { ...config.config, advisories: undefined } } : config,
    root,
    options,
  );
  return {
    root,
    config,
    weakening,
    ignoredAdvisories,
    index,
    settings,
    ...(contentHashes ? { contentHashes } : {}),
  };
}

export async function auditRepository(options: AuditOptions): Promise<AuditRun> {
  return auditPrepared(await prepareAudit(options), options);
}

export async function auditPrepared(
  prepared: PreparedAudit,
  options: AuditOptions,
  contentHashes?: ContentHashes,
): Promise<AuditRun> {
  const { root, config, weakening, ignoredAdvisories, index, settings } = prepared;
  // With a cache, a working tree's unchanged files are known by their stat and not read to be hashed.
  const hashes =
    contentHashes ??
    prepared.contentHashes ??
    (options.cache && index.contentDescription.startsWith("working tree")
      ? new ContentHashes(options.cache.dir, root)
      : undefined);
  // Loaded here, not at the top: an unchanged tree's stored run (pipeline/audit-report) never needs the engine.
  const { runEngine } = await import("../engine/run-engine.js");
  const { buildAudit } = await import("../score/build-audit.js");
  const engine = await runEngine(index, settings, {
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onStage ? { onStage: options.onStage } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
    ...(hashes ? { contentHashes: hashes } : {}),
  });
  if (hashes && !contentHashes) hashes.save();
  checkRuleSettings(config, engine.ruleSet.allRules);
  reportContextPaths(engine);
  const audit = buildAudit(engine, {
    toolVersion: toolVersion(),
    generatedAt: options.noTimestamp ? null : new Date().toISOString(),
    weights: config.config.weights ?? {},
  });
  if (weakening.length > 0) {
    const source = config.path ? relative(root, config.path) || config.path : "configuration";
    const shown = weakening.map((note) =>
      ignoredAdvisories && note.startsWith("advisory store")
        ? `${note} (ignored: pass --trust-repo-config to use it)`
        : note,
    );
    const sentence = `Settings from the audited tree (${source}) that narrow the audit: ${shown.join("; ")}.`;
    audit.method = `${audit.method} ${sentence}`;
    audit.diagnostics.push({ kind: "invalid-config", path: source, message: sentence });
  }
  return { audit, engine, config, weakening };
}

/**
 * Files read from the enclosing repository (a subfolder audit's CI and tool config) are indexed under their path from
 * the git root, so collectors find `.github/workflows/`; the report names them from the audited folder
 * (`../.github/workflows/ci.yml`), where a reader opens them. Their patches are dropped: they would apply from the root.
 */
function reportContextPaths(engine: EngineResult): void {
  const reported = new Map(engine.index.scope.contextFiles.map((file) => [file.path, file.reportedPath]));
  if (reported.size === 0) return;
  const rename = <T extends { path: string }>(at: T): T => {
    const path = reported.get(at.path);
    return path ? { ...at, path } : at;
  };
  engine.findings = engine.findings.map((finding) => {
    if (!finding.location && !finding.related) return finding;
    const moved = finding.location ? reported.has(finding.location.path) : false;
    return {
      ...finding,
      location: finding.location ? rename(finding.location) : null,
      ...(finding.related ? { related: finding.related.map(rename) } : {}),
      patch: moved ? null : finding.patch,
    };
  });
  engine.areaFacts = engine.areaFacts.map((fact) =>
    fact.location ? { ...fact, location: rename(fact.location) } : fact,
  );
  engine.diagnostics = engine.diagnostics.map((diagnostic) => {
    const path = diagnostic.path ? reported.get(diagnostic.path) : undefined;
    return path ? { ...diagnostic, path } : diagnostic;
  });
}

/** The default store that `codeaudit advisories import` fills, when it has been filled. */
function userAdvisoryStore(): string | null {
  const dir = defaultAdvisoryDir();
  return existsSync(dir) ? dir : null;
}

function engineSettings(loaded: LoadedConfig, root: string, options: AuditOptions): EngineSettings {
  const config: CodeauditConfig = loaded.config;
  const rules: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(config.rules ?? {})) {
    if (value === "off") rules[id] = { enabled: false };
    else if (value === "on") rules[id] = { enabled: true };
    else if (typeof value === "string" && isSeverity(value)) rules[id] = { enabled: true, severity: value };
    else if (typeof value === "object") {
      rules[id] = {
        enabled: value.enabled ?? true,
        ...(value.severity ? { severity: value.severity } : {}),
        ...(value.options ? { options: value.options } : {}),
      };
    }
  }
  const base = configBase(loaded, root);
  return {
    rules,
    only: options.only ?? [],
    requireSuppressionReason: config.suppressions?.requireReason ?? true,
    customRulesDir: config.customRules
      ? insideTreeWhenFromIt(loaded, root, resolve(base, config.customRules))
      : null,
    collect: {
      advisoryDir:
        options.advisoryDir !== undefined
          ? options.advisoryDir
          : config.advisories
            ? resolve(base, config.advisories)
            : userAdvisoryStore(),
      historyRange: options.historyRange ?? null,
      coverageFiles: options.coverageFiles ?? [],
      junitFiles: options.junitFiles ?? [],
      duplication: {
        enabled: config.duplication?.enabled ?? true,
        minTokens: config.duplication?.minTokens ?? DEFAULT_CLONE_SETTINGS.minTokens,
        minLines: config.duplication?.minLines ?? DEFAULT_CLONE_SETTINGS.minLines,
        languages: config.duplication?.languages ?? {},
      },
    },
  };
}

/** A folder named by the audited tree's own configuration must lie inside that tree. */
function insideTreeWhenFromIt(loaded: LoadedConfig, root: string, path: string): string {
  if (loaded.fromAuditedTree && path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep))
    throw new ConfigError(`${loaded.path}: customRules ${path}: outside the audited folder`);
  return path;
}
