// The repositories to enqueue: a text list (`<url|path> [ref]` per line, # comments) or a JSON manifest.
import { isAbsolute, resolve } from "node:path";
import type { FleetJob } from "./fleet-queue.js";

export class JobListError extends Error {
  override name = "JobListError";
}

/**
 * JSON: an array of sources or `{ repository, ref? }` objects, or `{ repositories: [...] }` of the same. Local paths
 * are made absolute against `baseDir` (the list's folder), so every worker reads the same folder.
 */
export function readJobList(text: string, label: string, baseDir: string): FleetJob[] {
  const trimmed = text.trim();
  const jobs: FleetJob[] = [];
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new JobListError(`${label}: not valid JSON: ${(error as Error).message}`);
    }
    const entries = Array.isArray(parsed) ? parsed : (parsed as { repositories?: unknown }).repositories;
    if (!Array.isArray(entries))
      throw new JobListError(`${label}: expected an array of repositories, or { "repositories": [...] }`);
    for (const [i, entry] of entries.entries()) {
      if (typeof entry === "string") jobs.push({ repository: sourceOf(entry, baseDir), ref: null });
      else if (
        entry &&
        typeof entry === "object" &&
        typeof (entry as { repository?: unknown }).repository === "string"
      ) {
        const { repository, ref } = entry as { repository: string; ref?: unknown };
        if (ref !== undefined && typeof ref !== "string")
          throw new JobListError(`${label}: repositories[${i}].ref: expected a string`);
        jobs.push({ repository: sourceOf(repository, baseDir), ref: ref ?? null });
      } else
        throw new JobListError(
          `${label}: repositories[${i}]: expected a string or { "repository": "…", "ref": "…" }`,
        );
    }
  } else
    for (const [i, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.replace(/#.*$/, "").trim();
      if (!line) continue;
      const parts = line.split(/\s+/);
      if (parts.length > 2)
        throw new JobListError(`${label}:${i + 1}: expected \`<url|path> [ref]\`, got ${parts.length} words`);
      jobs.push({ repository: sourceOf(parts[0]!, baseDir), ref: parts[1] ?? null });
    }
  for (const job of jobs)
    if (job.repository.startsWith("-") || job.ref?.startsWith("-"))
      throw new JobListError(
        `${label}: ${job.repository} ${job.ref ?? ""}: a repository or ref may not start with "-"`,
      );
  return jobs;
}

function sourceOf(value: string, baseDir: string): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^[^@/\s]+@[^:/\s]+:/.test(value);
  return isUrl || isAbsolute(value) ? value : resolve(baseDir, value);
}
