// openStore(location): the one entry point — a folder opens the embedded engine under a lock, a URL connects to a server.
import { join } from "node:path";
import { AuditStore } from "./audit-store.js";
import { lockStoreFolder } from "./embedded-lock.js";
import { migrate } from "./migrations.js";
import { drainPendingRuns } from "./run-spool.js";
import type { SqlClient } from "./sql-client.js";
import { StoreError } from "./store-error.js";
import { describeStoreLocation, type StoreLocation } from "./store-location.js";

export interface OpenStoreOptions {
  /** Embedded engine: how long to wait for another process holding the folder (ms). */
  lockWaitMs?: number;
  /** Migrate only up to this schema version (tests of upgrades). */
  schemaVersion?: number;
  /** Embedded engine: record the runs waiting in `pending/` on opening (default true). */
  recordPending?: boolean;
}

/** Opens the store at `location`, migrated to this build's schema. Failures are StoreErrors with one-line messages. */
export async function openStore(
  location: StoreLocation,
  options: OpenStoreOptions = {},
): Promise<AuditStore> {
  const shown = describeStoreLocation(location);
  let client: SqlClient;
  if (location.kind === "embedded") {
    const release = await lockStoreFolder(location.dir, {
      ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}),
    });
    try {
      // Loaded on use: runs with --no-history never pay for the WebAssembly engine.
      const { openPgliteClient } = await import("./pglite-client.js");
      const embedded = await openPgliteClient(join(location.dir, "pgdata"));
      client = {
        ...embedded,
        close: async () => {
          try {
            await embedded.close();
          } finally {
            release();
          }
        },
      };
    } catch (error) {
      release();
      throw new StoreError(`cannot open the history store ${shown}: ${(error as Error).message}`);
    }
  } else {
    const { openPostgresClient } = await import("./pg-client.js");
    client = openPostgresClient(location.url);
  }
  try {
    await migrate(client, options.schemaVersion);
  } catch (error) {
    await client.close().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError(`cannot open the history store ${shown}: ${(error as Error).message}`);
  }
  const store = new AuditStore(client, shown);
  // Runs other processes left pending are recorded first, so every reader sees every finished audit.
  if (location.kind === "embedded" && options.recordPending !== false)
    store.pendingDrain = await drainPendingRuns(store, location.dir);
  return store;
}
