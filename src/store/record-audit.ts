// Records one finished run in the store at a location: identity, configuration hash, then the run itself — now, or
// (embedded store) as a pending run a detached recorder writes in while the audit returns.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Audit } from "../model/audit.js";
import type { AuditTrendPoint } from "../model/trend.js";
import { toTrendPoint, type RecordRunInput, type RunKind } from "./audit-store.js";
import { openStore } from "./open-store.js";
import { repositoryIdentity } from "./repository-identity.js";
import { spoolRun } from "./run-spool.js";
import type { StoreLocation } from "./store-location.js";

export interface RecordAuditOptions {
  kind: RunKind;
  /** The effective configuration, and for delta/plan what else decides the result (range, plan text). */
  configuration: unknown;
  keepReport?: boolean;
  lockWaitMs?: number;
}

/** Records `audit` and returns the repository's runs of that kind as trend points, the new one last. */
export async function recordAudit(
  location: StoreLocation,
  audit: Audit,
  options: RecordAuditOptions,
): Promise<{ runId: string; created: boolean; trend: AuditTrendPoint[] }> {
  const input = recordInput(audit, options);
  const store = await openStore(
    location,
    options.lockWaitMs !== undefined ? { lockWaitMs: options.lockWaitMs } : {},
  );
  try {
    const recorded = await store.recordRun(input);
    const trend = (await store.runs(input.repository.identity, options.kind)).map(toTrendPoint);
    return { ...recorded, trend };
  } finally {
    await store.close();
  }
}

/**
 * Records `audit` without waiting for the store when that costs seconds: an embedded store gets a pending run
 * (run-spool.ts) and a detached recorder is started to write it in; a server is written to at once. Returns how.
 */
export async function queueAudit(
  location: StoreLocation,
  audit: Audit,
  options: RecordAuditOptions,
): Promise<"recorded" | "pending"> {
  if (location.kind !== "embedded") {
    await recordAudit(location, audit, options);
    return "recorded";
  }
  spoolRun(location.dir, recordInput(audit, options));
  startPendingRecorder(location.dir);
  return "pending";
}

function recordInput(audit: Audit, options: RecordAuditOptions): RecordRunInput {
  return {
    audit,
    kind: options.kind,
    repository: repositoryIdentity(
      audit.repository.root,
      audit.repository.scope.gitRoot,
      audit.repository.scope.subfolder,
      audit.repository.name,
    ),
    configHash: configurationHash(options.configuration),
    ...(options.keepReport ? { keepReport: true } : {}),
  };
}

/**
 * Starts `record-pending-main.js` on the store, detached from this process and its terminal, and does not wait.
 * Running from sources (tests), the script has no built sibling and nothing is started: the pending run is then
 * recorded by whoever opens the store next.
 */
function startPendingRecorder(storeDir: string): void {
  const script = fileURLToPath(new URL("./record-pending-main.js", import.meta.url));
  if (!existsSync(script)) return;
  try {
    const child = spawn(process.execPath, [script, storeDir], {
      detached: true,
      stdio: "ignore",
      windowsHide: true,
    });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    /* the run stays pending and is recorded at the next opening */
  }
}

/** sha256 of the configuration as JSON with sorted keys, so key order in the file does not make a new run. */
export function configurationHash(value: unknown): string {
  return createHash("sha256").update(stableJson(value)).digest("hex").slice(0, 16);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}
