// Analyses every candidate file, on worker threads when the run is large enough to pay for them.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import Tinypool from "tinypool";
import type { RepoIndex } from "../repo/repo-index.js";
import { analyzeFile, type FileOutcome, type FileTask } from "./analyze-file.js";
import type { FileBatch } from "./file-worker.js";
import type { RuleSet } from "./rule-set.js";
import type { EngineSettings } from "./settings.js";

export interface RunFilesOptions {
  /** Worker threads; 1 analyses in this thread. Default: the machine's cores. */
  jobs?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 150;
const BATCH_SIZE = 40;

export async function runFiles(index: RepoIndex, ruleSet: RuleSet, settings: EngineSettings, options: RunFilesOptions): Promise<FileOutcome[]> {
  const tasks = fileTasks(index);
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const workerFile = new URL("./file-worker.js", import.meta.url);
  // Workers need the built JavaScript; from TypeScript sources (tests, tsx) the run stays in this thread.
  const canUseWorkers = import.meta.url.endsWith(".js");
  if (jobs === 1 || tasks.length < MIN_FILES_FOR_WORKERS || !canUseWorkers) {
    const outcomes: FileOutcome[] = [];
    tasks.forEach((task, i) => {
      outcomes.push(analyzeFile(task, ruleSet));
      if (i % 25 === 0 || i === tasks.length - 1) options.onProgress?.(i + 1, tasks.length);
    });
    return outcomes;
  }
  const pool = new Tinypool({ filename: fileURLToPath(workerFile), minThreads: jobs, maxThreads: jobs });
  try {
    let done = 0;
    const batches: FileBatch[] = [];
    for (let i = 0; i < tasks.length; i += BATCH_SIZE) batches.push({ tasks: tasks.slice(i, i + BATCH_SIZE), settings });
    const results = await Promise.all(
      batches.map(async (batch) => {
        const out = (await pool.run(batch)) as FileOutcome[];
        done += batch.tasks.length;
        options.onProgress?.(done, tasks.length);
        return out;
      }),
    );
    return results.flat();
  } finally {
    await pool.destroy();
  }
}

/** One task per file that can be analysed; in-memory sources send their text along. */
function fileTasks(index: RepoIndex): FileTask[] {
  const fromDisk = index.contentDescription.startsWith("working tree");
  return index.sourceFiles().map((file) => {
    const task: FileTask = { path: file.path, language: file.language, isTest: file.isTest };
    if (fromDisk) task.root = index.root;
    else task.text = index.readBytes(file.path) ?? new Uint8Array();
    return task;
  });
}
