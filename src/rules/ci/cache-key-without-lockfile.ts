// ci/cache-key-without-lockfile: an actions/cache key built only from the OS, versions or env values, never from
// a hash of the lockfile, so the cache is saved once and restored unchanged for ever after.
import { posix } from "node:path";
import type { CiCache } from "../../facts/ci/types.js";
import { unifiedDiffForEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";

/** Values that change on every run: the key is new each time and restore-keys bring back the latest cache. */
const PER_RUN = /\bgithub\.(sha|run_id|run_number|run_attempt)\b|\b(steps|needs)\.[\w-]+\.outputs\b/;

/** Lockfile names by what a cached path holds. */
const LOCKFILE_FOR: Array<{ path: RegExp; lockfiles: RegExp }> = [
  { path: /(^|\/)(deps|_build)(\/|$)|\.mix|\.hex/, lockfiles: /(^|\/)mix\.lock$/ },
  {
    path: /node_modules|\.npm|\.yarn|yarn|pnpm|\.bun/,
    lockfiles: /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/,
  },
  { path: /go\/pkg\/mod|go-build/, lockfiles: /(^|\/)go\.sum$/ },
  {
    path: /pip|\.venv|venv|poetry|pypoetry|uv/,
    lockfiles: /(^|\/)(poetry\.lock|uv\.lock|Pipfile\.lock|pdm\.lock)$/,
  },
  { path: /\.cargo|(^|\/)target(\/|$)/, lockfiles: /(^|\/)Cargo\.lock$/ },
];

/** The repository's lockfile matching what the cache holds, when there is exactly one such kind. */
function lockfileFor(cache: CiCache, lockfiles: readonly string[]): string | null {
  const kinds = LOCKFILE_FOR.filter((k) => cache.paths.some((p) => k.path.test(p)));
  if (kinds.length !== 1) return null;
  const found = lockfiles.filter((l) => kinds[0]!.lockfiles.test(l));
  if (found.length === 0) return null;
  const names = [...new Set(found.map((l) => posix.basename(l)))];
  return names.length === 1 ? `**/${names[0]}` : null;
}

/** The patch appending `-${{ hashFiles('glob') }}` to a one-line key, or null. */
function keyPatch(path: string, text: string | null, cache: CiCache, glob: string): string | null {
  if (!text) return null;
  const lines = text.split("\n");
  const line = lines[cache.line - 1];
  if (line === undefined) return null;
  const m = /^(\s*(?:-\s+)?key:\s*)(["']?)(.*?)\2(\s*(#.*)?)\r?$/.exec(line);
  if (!m || m[3] !== cache.key) return null;
  const suffix = `-\${{ hashFiles('${glob}') }}`;
  const start =
    lines.slice(0, cache.line - 1).reduce((sum, l) => sum + l.length + 1, 0) +
    m[1]!.length +
    m[2]!.length +
    m[3]!.length;
  return unifiedDiffForEdit(path, text, start, start, suffix);
}

export default defineRule({
  id: "ci/cache-key-without-lockfile",
  area: "ci",
  severity: "low",
  title: "CI cache key does not hash the lockfile",
  effortMinutes: 10,
  confidence: "certain",
  notes: [
    "GitHub Actions `actions/cache` keys with no `hashFiles(...)` and no per-run value (`github.sha`, `github.run_id`, a step's output): the first run's cache is restored for ever. GitLab re-uploads its caches after each job, so its keys are not judged.",
    "Low: a stale cache costs time (every run installs what changed since) and can hide a lockfile change; the build still installs what it needs.",
    "Only caches whose paths belong to one package manager whose lockfile the repository has (deps/_build and mix.lock, node_modules or ~/.npm and package-lock/yarn/pnpm locks, Go's module cache and go.sum, pip/Poetry/uv caches and their locks, Cargo and Cargo.lock): a cache of images keyed by their tag, or of a tool keyed by its version, is keyed on what it holds.",
    "The finding carries a patch appending `-${{ hashFiles('**/<lockfile>') }}` to a one-line key.",
  ],
  docs: {
    rationale:
      "`actions/cache` never overwrites an existing key. A key made of the OS, tool versions or env values stays the same after the lockfile changes, so the cache saved by the first run is restored on every later run, however far the dependencies have moved.",
    impact:
      "Every run downloads and compiles everything that changed since that first run (the cache stops saving time), and a build can pick up stale compiled dependencies.",
    fix: "Add the lockfile's hash to the key (`${{ hashFiles('**/mix.lock') }}`) and keep a `restore-keys:` prefix for partial hits.",
    example: {
      language: "yaml",
      bad: "- uses: actions/cache@v4\n  with:\n    path: deps\n    key: ${{ runner.os }}-mix-${{ env.ELIXIR_VERSION }}",
      good: "- uses: actions/cache@v4\n  with:\n    path: deps\n    key: ${{ runner.os }}-mix-${{ env.ELIXIR_VERSION }}-${{ hashFiles('**/mix.lock') }}\n    restore-keys: ${{ runner.os }}-mix-${{ env.ELIXIR_VERSION }}-",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.some((w) => w.jobs.some((j) => (j.caches ?? []).length > 0))
      ? true
      : { status: "not-applicable", reason: "no CI caches" },
  check({ facts, report, readText }) {
    const lockfiles = facts.dependencies?.lockfiles ?? [];
    for (const workflow of facts.ci.workflows) {
      if (workflow.provider !== "github") continue;
      for (const job of workflow.jobs)
        for (const cache of job.caches ?? []) {
          // restore-only halves do not save; a key with no expression at all is a deliberate constant.
          if (/\/restore@/.test(cache.via) || !cache.key) continue;
          if (cache.hashedFiles.length > 0 || /hashFiles\s*\(/.test(cache.key) || PER_RUN.test(cache.key))
            continue;
          // Only caches of a package manager whose lockfile the repository has: other caches (images by tag,
          // tool versions) are keyed on what they hold.
          const glob = lockfileFor(cache, lockfiles);
          if (!glob) continue;
          report({
            path: workflow.path,
            line: cache.line,
            message: `Cache key \`${cache.key}\` of job ${job.id} hashes no file (the cached ${cache.paths.join(", ")} follow${cache.paths.length > 1 ? "" : "s"} ${glob.slice(3)}): it is saved once and restored unchanged on every later run`,
            key: `${job.id}:${cache.key}`,
            snippet: `key: ${cache.key}`,
            patch: keyPatch(workflow.path, readText(workflow.path), cache, glob),
          });
        }
    }
  },
});
