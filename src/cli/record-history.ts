// --no-history / --store for audit, delta and plan: records the run in the history store; a failure is a warning.
import { dirname } from "node:path";
import { Option } from "commander";
import type { LoadedConfig } from "../config/load-config.js";
import type { Audit } from "../model/audit.js";
import type { AuditTrendPoint } from "../model/trend.js";
import type { RunKind } from "../store/audit-store.js";
import { defaultStoreLocation, parseStoreLocation, type StoreLocation } from "../store/store-location.js";
import type { CliIo } from "./cli-io.js";
import { safeMessage } from "./output-safety.js";

export interface HistoryCliOptions {
  /** false with --no-history (on `audit`, --history [range] is the git-history secret scan and leaves recording on). */
  history?: string | boolean;
  store?: string;
  trustRepoConfig?: boolean;
  quiet?: boolean;
}

/** The store a run is recorded in, or null when recording is off (--no-history, CODEAUDIT_NO_HISTORY=1, config). */
export function historyStoreOf(
  options: HistoryCliOptions,
  config: LoadedConfig,
  io: CliIo,
): StoreLocation | null {
  // The real environment, with what the caller injected on top (tests inject a partial one).
  const env = { ...process.env, ...io.env };
  if (options.history === false || env.CODEAUDIT_NO_HISTORY === "1") return null;
  const settings = config.config.history;
  if (options.store !== undefined) return parseStoreLocation(options.store, io.cwd);
  if (settings?.record === false) return null;
  // A store named by the audited tree's own config would write outside --out (or send results to its server).
  const trusted = !config.fromAuditedTree || options.trustRepoConfig === true;
  if (settings?.store && trusted && config.path)
    return parseStoreLocation(settings.store, dirname(config.path));
  return defaultStoreLocation(env);
}

export interface RecordRunOptions {
  /** What else decides the run's result besides the configuration (delta's base, plan's text). */
  extra?: Record<string, unknown>;
  /** The caller draws the history (the HTML trend chart): record now and read the trend back. */
  needTrend?: boolean;
}

/**
 * Records the finished run; returns the repository's trend (for the HTML chart) when `needTrend`, else null. Without
 * `needTrend` an embedded store's run is left pending for a detached recorder (opening the engine costs seconds).
 * Never throws: the audit already succeeded, and its report does not depend on the store. `audit` may be given as
 * a function that builds it, called only when the run is recorded.
 */
export async function recordRunInHistory(
  audit: Audit | (() => Audit),
  kind: RunKind,
  config: LoadedConfig,
  options: HistoryCliOptions,
  io: CliIo,
  { extra = {}, needTrend = false }: RecordRunOptions = {},
): Promise<AuditTrendPoint[] | null> {
  let location: StoreLocation | null;
  try {
    location = historyStoreOf(options, config, io);
    if (!location) return null;
    const recordOptions = {
      kind,
      configuration: { config: config.config, ...extra },
      ...(config.config.history?.keepReports ? { keepReport: true } : {}),
    };
    // Loaded only when recording: the store's modules are not needed otherwise.
    const { queueAudit, recordAudit } = await import("../store/record-audit.js");
    const recorded = typeof audit === "function" ? audit() : audit;
    if (!needTrend) {
      await queueAudit(location, recorded, recordOptions);
      return null;
    }
    const { trend } = await recordAudit(location, recorded, recordOptions);
    return trend;
  } catch (error) {
    if (!options.quiet)
      io.stderr.write(
        `codeaudit: warning: this run was not recorded in the history store: ${safeMessage((error as Error).message)}\n`,
      );
    return null;
  }
}

/** --no-history for audit, delta and plan. */
export function noHistoryOption(): Option {
  return new Option(
    "--no-history",
    "do not record this run in the history store (`codeaudit history`; also CODEAUDIT_NO_HISTORY=1)",
  );
}

/** --store for audit, delta, plan, history and fleet. */
export function storeOption(): Option {
  return new Option(
    "--store <dir|url>",
    "history store: a folder, or a postgres:// URL (default: the per-user data folder, e.g. ~/.local/share/codeaudit/store)",
  );
}
