// Records one finished run in the store at a location: identity, configuration hash, then the run itself.
import { createHash } from "node:crypto";
import type { Audit } from "../model/audit.js";
import type { AuditTrendPoint } from "../model/trend.js";
import { toTrendPoint, type RunKind } from "./audit-store.js";
import { openStore } from "./open-store.js";
import { repositoryIdentity } from "./repository-identity.js";
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
  const repository = repositoryIdentity(
    audit.repository.root,
    audit.repository.scope.gitRoot,
    audit.repository.scope.subfolder,
    audit.repository.name,
  );
  const store = await openStore(
    location,
    options.lockWaitMs !== undefined ? { lockWaitMs: options.lockWaitMs } : {},
  );
  try {
    const recorded = await store.recordRun({
      audit,
      kind: options.kind,
      repository,
      configHash: configurationHash(options.configuration),
      ...(options.keepReport ? { keepReport: true } : {}),
    });
    const trend = (await store.runs(repository.identity, options.kind)).map(toTrendPoint);
    return { ...recorded, trend };
  } finally {
    await store.close();
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
