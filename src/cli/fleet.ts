// `codeaudit fleet enqueue|worker|report`: many repositories through a job queue on PostgreSQL (pg-boss).
import { dirname, relative, resolve } from "node:path";
import { Option, type Command } from "commander";
import { parseStoreLocation, redactUrlPassword } from "../store/store-location.js";
import { parsePositiveInt } from "./audit.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { addCacheOptions, openCommandCache, type CacheCliFlags } from "./cache-options.js";
import { readInputFile } from "./input-file.js";
import { escapeControlCharacters, escapeJsonText, maskRendered, safeMessage } from "./output-safety.js";
import { storeOption } from "./record-history.js";
import { writeReportFiles } from "./report-writer.js";

interface FleetCommonOptions {
  queue?: string;
  store?: string;
  quiet?: boolean;
}

function queueOption(): Option {
  return new Option("--queue <url>", "PostgreSQL URL of the job queue (default: CODEAUDIT_FLEET_URL)");
}

export function registerFleetCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const fleet = program
    .command("fleet")
    .description(
      "audit many repositories from a job queue on PostgreSQL, with workers on any number of machines",
    );
  fleet
    .command("enqueue")
    .description("put repositories on the queue: a list (`<url|path> [ref]` per line) or a JSON manifest")
    .argument("<list>", "the list or manifest file")
    .addOption(queueOption())
    .option("--job-timeout <seconds>", "a job running longer is taken as abandoned and retried (default 900)")
    .option("--retries <n>", "attempts after a failure, with exponential backoff (default 3)")
    .option("--quiet", "print nothing but errors")
    .action(async (list: string, options: FleetCommonOptions & { jobTimeout?: string; retries?: string }) => {
      const url = queueUrl(options, io);
      const file = resolve(io.cwd, list);
      // The job list reader, the store and the fleet renderers are loaded on use, like the queue library.
      const { JobListError, readJobList } = await import("../fleet/read-job-list.js");
      const jobs = wrapListError(
        () => readJobList(readInputFile(file, "list", list), list, dirname(file)),
        JobListError,
      );
      // The queue library is loaded on use, so other commands never load it.
      const { enqueueJobs, openFleetQueue } = await import("../fleet/fleet-queue.js");
      const boss = await openFleetQueue(url, {
        ...(options.jobTimeout
          ? { jobTimeoutSeconds: parsePositiveInt(options.jobTimeout, "--job-timeout") }
          : {}),
        ...(options.retries !== undefined ? { retries: nonNegativeInt(options.retries, "--retries") } : {}),
      });
      try {
        const result = await enqueueJobs(boss, jobs);
        if (!options.quiet)
          io.stdout.write(
            `Queued ${result.queued} repositories${result.skipped ? ` (${result.skipped} already waiting)` : ""}\n`,
          );
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
      setExit(0);
    });
  const worker = fleet
    .command("worker")
    .description("take jobs from the queue: fetch each repository, audit it, store the run, clean up")
    .addOption(queueOption())
    .addOption(storeOption().default(undefined, "the queue's database"))
    .option("--concurrency <n>", "jobs worked at once", "1")
    .option("--exit-when-idle", "stop when nothing is waiting, retrying or running")
    .option("--poll <seconds>", "seconds between polls of an empty queue", "2")
    .addOption(
      new Option("--maintenance <seconds>", "how often abandoned jobs are expired and retried").default("30"),
    )
    .option("--scratch <dir>", "folder for the scratch checkouts (default: the system temp folder)")
    .option("--quiet", "print nothing but errors");
  addCacheOptions(worker).action(
    async (
      options: FleetCommonOptions &
        CacheCliFlags & {
          concurrency: string;
          exitWhenIdle?: boolean;
          poll: string;
          maintenance: string;
          scratch?: string;
        },
    ) => {
      const url = queueUrl(options, io);
      const { openFleetQueue } = await import("../fleet/fleet-queue.js");
      const { runFleetWorker } = await import("../fleet/fleet-worker.js");
      const { openStore } = await import("../store/open-store.js");
      const store = await openStore(parseStoreLocation(options.store ?? url, io.cwd));
      const boss = await openFleetQueue(url, {
        maintenanceSeconds: parsePositiveInt(options.maintenance, "--maintenance"),
      });
      let stop: () => void = () => undefined;
      const stopSignal = new Promise<void>((done) => (stop = done));
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      try {
        const counts = await runFleetWorker(boss, store, {
          concurrency: parsePositiveInt(options.concurrency, "--concurrency"),
          exitWhenIdle: Boolean(options.exitWhenIdle),
          pollSeconds: parsePositiveInt(options.poll, "--poll"),
          ...(options.scratch ? { scratchDir: resolve(io.cwd, options.scratch) } : {}),
          cache: openCommandCache(options, io),
          stopSignal,
          log: options.quiet
            ? undefined
            : (line) => io.stdout.write(`${escapeControlCharacters(safeMessage(line))}\n`),
        });
        if (!options.quiet)
          io.stdout.write(`Worker finished: ${counts.completed} completed, ${counts.failed} failed\n`);
      } finally {
        process.off("SIGTERM", stop);
        process.off("SIGINT", stop);
        await boss.stop({ graceful: false, wait: true });
        await store.close();
      }
      setExit(0);
    },
  );
  fleet
    .command("report")
    .description(
      "the organisation view: grade per repository, worst areas, verdicts, most common findings, trends",
    )
    .addOption(queueOption())
    .addOption(storeOption().default(undefined, "the queue's database"))
    .requiredOption("--out <dir>", "folder fleet.html and fleet.json are written to")
    .option("--quiet", "print nothing but errors")
    .action(async (options: FleetCommonOptions & { out: string }) => {
      const location = parseStoreLocation(options.store ?? queueUrl(options, io), io.cwd);
      const { openStore } = await import("../store/open-store.js");
      const { renderFleetHtml, renderFleetJson } = await import("../report/fleet.js");
      const store = await openStore(location);
      const { buildFleetReport } = await import("../fleet/build-fleet-report.js");
      let report;
      try {
        report = await buildFleetReport(store);
      } finally {
        await store.close();
      }
      const written = writeReportFiles(
        { given: options.out, path: resolve(io.cwd, options.out), isDefault: false, auditedRoot: null },
        [
          { name: "fleet.json", content: escapeJsonText(renderFleetJson(report)) },
          { name: "fleet.html", content: maskRendered(renderFleetHtml(report)) },
        ],
      );
      if (!options.quiet)
        io.stdout.write(
          `${report.repositories.length} repositories; wrote ${written.map((f) => escapeControlCharacters(relative(io.cwd, f) || f)).join(", ")}\n`,
        );
      setExit(0);
    });
}

function queueUrl(options: FleetCommonOptions, io: CliIo): string {
  const url = options.queue ?? io.env.CODEAUDIT_FLEET_URL ?? process.env.CODEAUDIT_FLEET_URL;
  if (!url)
    throw new UsageError(
      "fleet: give the queue's PostgreSQL URL with --queue postgres://… or CODEAUDIT_FLEET_URL",
    );
  if (!/^postgres(ql)?:\/\//i.test(url))
    throw new UsageError(
      `--queue ${redactUrlPassword(url)}: expected a postgres:// URL (the queue lives in PostgreSQL)`,
    );
  return url;
}

function wrapListError<T>(read: () => T, listError: abstract new (...args: never[]) => Error): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof listError) throw new UsageError(error.message);
    throw error;
  }
}

function nonNegativeInt(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`${option} ${value}: expected a whole number of at least 0`);
  return n;
}
