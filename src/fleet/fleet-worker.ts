// A fleet worker: takes audit jobs from the queue, fetches each repository into a scratch folder, audits it, stores
// the run, cleans up. Any number of these run on any number of machines against one PostgreSQL server.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type PgBoss from "pg-boss";
import type { OutcomeStore } from "../cache/outcome-store.js";
import { auditRepository } from "../pipeline/audit-repository.js";
import type { AuditStore } from "../store/audit-store.js";
import { configurationHash } from "../store/record-audit.js";
import { normaliseRemoteUrl } from "../store/repository-identity.js";
import { fetchRepository } from "./fetch-repository.js";
import { AUDIT_QUEUE, type FleetJob } from "./fleet-queue.js";

export interface FleetWorkerOptions {
  /** Jobs worked at once in this process. */
  concurrency: number;
  /** Stop when the queue has nothing waiting, retrying or running (batch runs, tests, benchmarks). */
  exitWhenIdle?: boolean;
  /** Seconds between polls of an empty queue. */
  pollSeconds?: number;
  /** Where scratch folders are made (default: the system temp folder). */
  scratchDir?: string;
  /** The per-file analysis cache shared by the jobs (and every worker on this machine); null: none. */
  cache?: OutcomeStore | null;
  /** One line per event, for the log. */
  log?: (line: string) => void;
  /** Resolves when the worker should stop taking jobs (SIGTERM). */
  stopSignal?: Promise<void>;
}

export interface JobOutcome {
  repository: string;
  commit: string;
  runId: string;
  /** False when this commit was already in the store: the job did nothing (idempotent per repository and commit). */
  audited: boolean;
}

/** Runs until idle (with exitWhenIdle) or stopped; returns how many jobs it completed and failed. */
export async function runFleetWorker(
  boss: PgBoss,
  store: AuditStore,
  options: FleetWorkerOptions,
): Promise<{ completed: number; failed: number }> {
  const log = options.log ?? (() => undefined);
  const pollMs = (options.pollSeconds ?? 2) * 1000;
  let stopped = false;
  void options.stopSignal?.then(() => (stopped = true));
  const counts = { completed: 0, failed: 0 };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const [job] = await boss.fetch<FleetJob>(AUDIT_QUEUE, { batchSize: 1 });
      if (!job) {
        // Waiting, retrying (backoff) or running elsewhere: a running job may yet expire and come back to us.
        if (options.exitWhenIdle && (await boss.getQueueSize(AUDIT_QUEUE, { before: "completed" })) === 0)
          return;
        await sleep(pollMs);
        continue;
      }
      log(`start ${job.id} ${job.data.repository}${job.data.ref ? ` @ ${job.data.ref}` : ""}`);
      try {
        const outcome = await auditJob(job.data, store, options.scratchDir, options.cache ?? null);
        await boss.complete(AUDIT_QUEUE, job.id, { ...outcome });
        counts.completed++;
        log(
          `done ${job.id} ${outcome.repository} ${outcome.commit.slice(0, 12)} ${outcome.audited ? `run ${outcome.runId}` : "already stored"}`,
        );
      } catch (error) {
        counts.failed++;
        const message = (error as Error).message.split("\n")[0] ?? "failed";
        await boss.fail(AUDIT_QUEUE, job.id, { message }).catch(() => undefined);
        log(`fail ${job.id} ${job.data.repository}: ${message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, loop));
  return counts;
}

/** Fetch, audit, store, clean up — skipping the audit when the store already has this repository at this commit. */
export async function auditJob(
  job: FleetJob,
  store: AuditStore,
  scratchDir?: string,
  cache: OutcomeStore | null = null,
): Promise<JobOutcome> {
  const scratch = mkdtempSync(join(scratchDir ?? tmpdir(), "codeaudit-fleet-"));
  try {
    const checkout = join(scratch, sourceName(job.repository));
    mkdirSync(checkout);
    const commit = await fetchRepository(job.repository, job.ref, checkout);
    const identity = normaliseRemoteUrl(job.repository);
    const existing = await store.findRun(identity, commit, "audit");
    if (existing) return { repository: identity, commit, runId: existing, audited: false };
    // Cache keys hold paths relative to the checkout, so two commits of one repository share their unchanged files.
    const run = await auditRepository({ path: checkout, noTimestamp: true, cache });
    const recorded = await store.recordRun({
      audit: run.audit,
      kind: "audit",
      // The source as queued, not the scratch folder: the same repository whichever worker fetched it.
      repository: { identity, name: sourceName(job.repository) },
      configHash: configurationHash({ config: run.config.config }),
    });
    return { repository: identity, commit, runId: recorded.runId, audited: true };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The repository's name from its URL or path (`…/owner/name.git` → `name`). */
function sourceName(source: string): string {
  const last =
    source
      .replace(/[/\\]+$/, "")
      .split(/[/\\:]/)
      .pop() ?? "repository";
  return last.replace(/\.git$/i, "").replace(/[^A-Za-z0-9._-]/g, "_") || "repository";
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
