// The fleet's job queue: pg-boss on the PostgreSQL server, one queue of "audit this repository at this ref" jobs.
import PgBoss from "pg-boss";
import { StoreError } from "../store/store-error.js";
import { redactUrlPassword } from "../store/store-location.js";

export const AUDIT_QUEUE = "codeaudit-audit";

/** One job: a repository (git URL or path) and the ref to audit (default: its HEAD). */
export interface FleetJob {
  repository: string;
  ref: string | null;
}

export interface FleetQueueOptions {
  /** Seconds a job may stay active before it counts as abandoned (its worker died) and is retried elsewhere. */
  jobTimeoutSeconds?: number;
  /** Attempts after the first, with exponential backoff. */
  retries?: number;
  /** How often this process runs the queue's maintenance (expiry of abandoned jobs, retries). */
  maintenanceSeconds?: number;
}

/** Connects to the queue (creating pg-boss's schema and the audit queue on first use). */
export async function openFleetQueue(url: string, options: FleetQueueOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: "codeaudit_queue",
    max: 4,
    maintenanceIntervalSeconds: options.maintenanceSeconds ?? 30,
    monitorStateIntervalSeconds: options.maintenanceSeconds ?? 30,
  });
  // Connection hiccups are reported by the calls that fail; the emitter must not crash the worker.
  boss.on("error", () => undefined);
  try {
    await boss.start();
  } catch (error) {
    throw new StoreError(
      `cannot open the job queue at ${redactUrlPassword(url)}: ${(error as Error).message}`,
    );
  }
  const queue = {
    name: AUDIT_QUEUE,
    // "short": one waiting job per singleton key, so enqueuing a list twice does not queue its repositories twice.
    policy: "short" as const,
    retryLimit: options.retries ?? 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: options.jobTimeoutSeconds ?? 15 * 60,
  };
  const exists = await boss.getQueue(AUDIT_QUEUE);
  // The queue's settings are the enqueuer's to choose (they are copied into each job when it is sent).
  if (exists && (options.jobTimeoutSeconds !== undefined || options.retries !== undefined))
    await boss.updateQueue(AUDIT_QUEUE, queue);
  else if (!exists)
    await boss.createQueue(AUDIT_QUEUE, queue).catch(async (error: unknown) => {
      // Two processes creating the queue at once: the loser finds it there.
      if (!(await boss.getQueue(AUDIT_QUEUE))) throw error;
    });
  return boss;
}

/** Puts jobs on the queue; a repository and ref already waiting is not queued twice. */
export async function enqueueJobs(
  boss: PgBoss,
  jobs: FleetJob[],
): Promise<{ queued: number; skipped: number }> {
  let queued = 0;
  for (const job of jobs) {
    const id = await boss.send(
      AUDIT_QUEUE,
      { ...job },
      { singletonKey: `${job.repository}@${job.ref ?? "HEAD"}` },
    );
    if (id) queued++;
  }
  return { queued, skipped: jobs.length - queued };
}
