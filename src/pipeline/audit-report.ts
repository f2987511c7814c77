// An audit for its reports (the `audit` command): when nothing the audit reads has changed since a run stored in the
// cache, the stored result is the result, read from one entry instead of rebuilt from thousands.
import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ContentHashes } from "../cache/content-hashes.js";
import { codeFingerprint, hashTree } from "../cache/fingerprint.js";
import type { OutcomeStore } from "../cache/outcome-store.js";
import type { SuppressedFinding } from "../engine/run-engine.js";
import type { LoadedConfig } from "../config/load-config.js";
import type { Audit } from "../model/audit.js";
import { TreeReader } from "../repo/safe-read.js";
import type { SarifRuleInput } from "../report/sarif.js";
import { compareCodeUnits } from "../util/compare-code-units.js";
import {
  auditPrepared,
  prepareAudit,
  type AuditOptions,
  type AuditRun,
  type PreparedAudit,
} from "./audit-repository.js";

/** What the reports need: the audit, the findings silenced in the code, and the rules they describe. */
export interface ReportRun {
  audit: Audit;
  suppressedFindings: SuppressedFinding[];
  rules: SarifRuleInput[];
  config: LoadedConfig;
  weakening: string[];
  /** The result came from a stored run (nothing was analysed or collected). */
  fromStoredRun: boolean;
  /**
   * Reports rendered from this very result, kept beside the stored run: present when the result is (or was just)
   * stored, so an unchanged tree's next run writes the reports it rendered instead of rendering them again.
   */
  renderings?: StoredRenderings;
}

/**
 * Rendered reports of a stored run, by name and by what else the rendering read (`inputs`: anything a report
 * depends on besides the result itself, such as the tool's home page). Only for a result with no date: the
 * caller decides (a report stamped with this run's date, or changed after the run, is never stored).
 */
export interface StoredRenderings {
  get(name: string, inputs: unknown): string | undefined;
  set(name: string, inputs: unknown, text: string): void;
}

/** A stored run: the result with no date (each run stamps its own), and how many files it stands for. */
interface StoredRun {
  audit: Audit;
  suppressedFindings: SuppressedFinding[];
  rules: SarifRuleInput[];
  sourceFiles: number;
}

const RUN_KEY_LAYOUT = "run-key-v1";
const RENDERING_KEY_LAYOUT = "rendering-v1";
/** The entry beside a stored run that holds its count of source files (the cache's hit count). */
const SOURCE_FILES = "source-files";

export async function auditReport(options: AuditOptions): Promise<ReportRun> {
  const prepared = await prepareAudit(options);
  const store = options.cache ?? null;
  // A history scan reads git objects and refs, which no file of the tree stands for; a commit's blobs come with
  // their own ids: both are audited in full (the per-file cache still applies).
  const stored =
    store !== null &&
    prepared.settings.collect.historyRange === null &&
    prepared.index.contentDescription.startsWith("working tree");
  if (!store || !stored) return reportOf(await auditPrepared(prepared, options));
  const hashes = prepared.contentHashes ?? new ContentHashes(store.dir, prepared.root);
  const key = runKey(prepared, options, store, hashes);
  const hit = store.getRunLazily(key, isStoredRun);
  if (hit) {
    hashes.save();
    const renderings = renderingsOf(store, key);
    // How many files the run stands for, kept beside it (a number read without building the result).
    const counted = Number(renderings.get(SOURCE_FILES, null));
    store.stats.hits += Number.isInteger(counted) && counted >= 0 ? counted : hit().sourceFiles;
    const generatedAt = options.noTimestamp ? null : new Date().toISOString();
    let audit: Audit | undefined;
    // The result is deserialised when read: with every report kept beside it, a quiet run with no gate never does.
    return {
      get audit(): Audit {
        audit ??= { ...hit().audit, generatedAt };
        return audit;
      },
      get suppressedFindings(): SuppressedFinding[] {
        return hit().suppressedFindings;
      },
      get rules(): SarifRuleInput[] {
        return hit().rules;
      },
      config: prepared.config,
      weakening: prepared.weakening,
      fromStoredRun: true,
      renderings,
    };
  }
  const run = await auditPrepared(prepared, options, hashes);
  hashes.save();
  // Stored only when every file the key hashed is still as it was hashed: a file edited during the run (or too
  // recently to tell by its times) would store a result under a key it does not belong to.
  if (hashes.allStillAsHashed()) {
    const entry: StoredRun = {
      audit: { ...run.audit, generatedAt: null },
      suppressedFindings: run.engine.suppressedFindings,
      rules: run.engine.ruleSet.allRules.map(ruleDescriptor),
      sourceFiles: prepared.index.sourceFiles().length,
    };
    store.setRun(key, entry);
    const renderings = renderingsOf(store, key);
    renderings.set(SOURCE_FILES, null, String(entry.sourceFiles));
    store.prune();
    return { ...reportOf(run), renderings };
  }
  return reportOf(run);
}

/** The renderings kept beside the run stored under `runKey` (entries of their own, evicted like the rest). */
function renderingsOf(store: OutcomeStore, runKey: string): StoredRenderings {
  const keyOf = (name: string, inputs: unknown): string =>
    createHash("sha256")
      .update(`${RENDERING_KEY_LAYOUT}\0${runKey}\0${name}\0${JSON.stringify(inputs) ?? "null"}`)
      .digest("hex");
  return {
    get: (name, inputs) => store.getRun(keyOf(name, inputs), isString),
    set: (name, inputs, text) => store.setRun(keyOf(name, inputs), text),
  };
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function reportOf(run: AuditRun): ReportRun {
  return {
    audit: run.audit,
    suppressedFindings: run.engine.suppressedFindings,
    rules: run.engine.ruleSet.allRules.map(ruleDescriptor),
    config: run.config,
    weakening: run.weakening,
    fromStoredRun: false,
  };
}

/** The rule fields a report reads (the SARIF rule descriptors), as plain data. */
function ruleDescriptor(rule: SarifRuleInput): SarifRuleInput {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    ...(rule.area !== undefined ? { area: rule.area } : {}),
    docs: { rationale: rule.docs.rationale, impact: rule.docs.impact, fix: rule.docs.fix },
  };
}

/**
 * Everything a run's result follows from: the code, the configuration and options, the repository's identity and
 * listing, and the content of every file a collector or rule could read (every file of the index but links and
 * devices, which are never read). The external inputs: coverage and JUnit texts are in the settings, a custom-rule
 * folder and an advisory store are hashed.
 */
export function runKey(
  prepared: PreparedAudit,
  options: AuditOptions,
  store: OutcomeStore,
  hashes: ContentHashes,
): string {
  const { index, settings, config } = prepared;
  const hash = createHash("sha256");
  const add = (value: unknown): void => {
    hash.update(JSON.stringify(value) ?? "null");
    hash.update("\0");
  };
  add(RUN_KEY_LAYOUT);
  add(store.codeFingerprint ?? codeFingerprint(store.dir));
  add(settings);
  add(settings.customRulesDir ? hashTree(settings.customRulesDir) : null);
  add(settings.collect.advisoryDir ? statListing(settings.collect.advisoryDir) : null);
  add([
    config.config,
    config.path,
    config.fromAuditedTree ?? null,
    prepared.weakening,
    prepared.ignoredAdvisories,
  ]);
  add([options.only ?? [], options.trustRepoConfig ?? false]);
  add([index.root, index.name, index.git, index.ref, index.contentDescription, index.options]);
  add([index.scope.gitRoot, index.scope.subfolder, index.scope.contextFiles, index.scope.excluded]);
  add(index.diagnostics);
  const own = new TreeReader(index.root);
  const enclosing = index.git ? new TreeReader(index.git.topLevel) : null;
  for (const file of index.files) {
    add([file.path, file.language, file.size, file.isTest, file.skip]);
    if (file.skip === "skipped-symlink" || file.skip === "io-error") continue;
    const context = file.skip === "skipped-context";
    const reader = context ? enclosing : own;
    const folder = context ? (index.git?.topLevel ?? null) : index.root;
    if (!reader || folder === null) {
      add("unreadable");
      continue;
    }
    try {
      add(
        hashes.hash(
          `${context ? "context:" : ""}${file.path}`,
          join(folder, file.path),
          () => reader.readOrThrow(file.path),
          context ? undefined : index.statSignatureOf(file.path),
        ),
      );
    } catch (error) {
      add(`refused: ${(error as Error).message}`);
    }
  }
  return hash.digest("hex");
}

/** Every file under a folder by path, size and times: an advisory store is rewritten whole by each import. */
function statListing(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string, prefix: string): void => {
    let names: string[];
    try {
      names = readdirSync(folder).sort(compareCodeUnits);
    } catch {
      out.push(`${prefix}: unreadable`);
      return;
    }
    for (const name of names) {
      const full = join(folder, name);
      try {
        const stat = statSync(full, { bigint: true });
        if (stat.isDirectory()) walk(full, `${prefix}${name}/`);
        else out.push(`${prefix}${name}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`);
      } catch {
        out.push(`${prefix}${name}: gone`);
      }
    }
  };
  walk(dir, "");
  return out;
}

function isStoredRun(value: unknown): value is StoredRun {
  if (typeof value !== "object" || value === null) return false;
  const run = value as Partial<StoredRun>;
  return (
    typeof run.audit === "object" &&
    run.audit !== null &&
    Array.isArray(run.audit.findings) &&
    Array.isArray(run.suppressedFindings) &&
    Array.isArray(run.rules) &&
    typeof run.sourceFiles === "number"
  );
}
