// Benchmark: walk + parse + every rule over a corpus, with files/s, MB/s and peak memory, and the peer tools
// found on this machine (cloc, ripgrep, jscpd, secretlint) timed on the same corpus for a ratio.
// Usage: npm run bench -- <corpus-path> [--jobs N] [--cache cold|warm --cache-dir <dir>] [--no-peers]
//        npm run bench -- fleet [--pg <url>] [--repos N]
//   --cache cold: empties <dir> first, so the run analyses every file and fills the cache;
//   --cache warm: fills <dir> in a child process when it is empty, then measures a run that reads it.
// The sha256 of audit.json is printed, so cold, warm and uncached runs can be checked for byte identity.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { auditReport as AuditReport } from "../src/pipeline/audit-report.js";
import type { OutcomeStore as OutcomeStoreClass } from "../src/cache/outcome-store.js";
import type { renderJson as RenderJson } from "../src/report/json.js";

// The built pipeline, as the `audit` command runs it: file analysis on worker threads (sources would run in one
// thread), and with a cache an unchanged tree's result read from its stored run.
const built = resolve(import.meta.dirname, "..", "dist", "pipeline", "audit-report.js");
if (!existsSync(built))
  execFileSync("npm", ["run", "build", "--silent"], {
    cwd: resolve(import.meta.dirname, ".."),
    stdio: "inherit",
  });
const { auditReport } = (await import(pathToFileURL(built).href)) as {
  auditReport: typeof AuditReport;
};
const { OutcomeStore } = (await import(
  pathToFileURL(resolve(import.meta.dirname, "..", "dist", "cache", "outcome-store.js")).href
)) as { OutcomeStore: typeof OutcomeStoreClass };
const { renderJson } = (await import(
  pathToFileURL(resolve(import.meta.dirname, "..", "dist", "report", "json.js")).href
)) as { renderJson: typeof RenderJson };

const args = process.argv.slice(2);
// `npm run bench -- fleet [--pg <url>] [--repos N]`: fleet throughput with 1, 2 and 3 workers and the history store's
// write time per audit (bench/fleet.ts, also `npm run bench:fleet`).
if (args[0] === "fleet") {
  execFileSync(
    process.execPath,
    [...process.execArgv, resolve(import.meta.dirname, "fleet.ts"), ...args.slice(1)],
    {
      stdio: "inherit",
    },
  );
  process.exit(0);
}
const valueOf = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const optionValues = new Set(["--jobs", "--cache", "--cache-dir"].map(valueOf));
const corpus = resolve(args.find((a) => !a.startsWith("--") && !optionValues.has(a)) ?? ".");
const jobsArg = valueOf("--jobs") ? Number(valueOf("--jobs")) : undefined;
const cacheMode = valueOf("--cache");
const cacheDir = valueOf("--cache-dir") ? resolve(valueOf("--cache-dir") as string) : undefined;
if (cacheMode !== undefined && (!cacheDir || !["cold", "warm"].includes(cacheMode)))
  throw new Error("--cache cold|warm needs --cache-dir <dir>");
if (cacheMode === "cold" && cacheDir) rmSync(cacheDir, { recursive: true, force: true });
if (cacheMode === "warm" && cacheDir && !(existsSync(cacheDir) && readdirSync(cacheDir).length > 0)) {
  process.stdout.write(`filling the cache ${cacheDir} (one unmeasured run in a child process)\n`);
  execFileSync(
    process.execPath,
    [
      ...process.execArgv,
      import.meta.filename,
      corpus,
      "--cache",
      "cold",
      "--cache-dir",
      cacheDir,
      "--no-peers",
    ],
    { stdio: "ignore" },
  );
}
const cache = cacheDir ? new OutcomeStore({ dir: cacheDir, maxBytes: 4 * 1024 * 1024 * 1024 }) : null;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const run = await auditReport({
  path: corpus,
  noTimestamp: true,
  ...(jobsArg ? { jobs: jobsArg } : {}),
  ...(cache ? { cache } : {}),
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
// user + sys of the whole process (worker threads included), for the audit only.
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const { coverage } = run.audit;
const mb = coverage.bytesAnalysed / 1024 / 1024;
const lines = [
  `corpus        ${corpus}`,
  `files         ${coverage.filesAnalysed} analysed of ${coverage.filesTotal}`,
  `size          ${mb.toFixed(1)} MB`,
  `time          ${seconds.toFixed(2)} s`,
  `cpu           ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, sys ${(cpu.system / 1e6).toFixed(2)})`,
  `cache         ${cache ? `${cacheMode ?? "on"}: ${cache.stats.hits} hits, ${cache.stats.analysed} analysed, ${cache.stats.written} written, ${cache.stats.reused} collector results reused${run.fromStoredRun ? ", result read from the stored run" : ""}` : "off"}`,
  `audit.json    sha256 ${createHash("sha256").update(renderJson(run.audit)).digest("hex").slice(0, 16)}`,
  `throughput    ${(coverage.filesAnalysed / seconds).toFixed(0)} files/s, ${(mb / seconds).toFixed(2)} MB/s`,
  `peak RSS      ${(peakRss / 1024 / 1024).toFixed(0)} MB (whole process, worker threads included)`,
  `findings      ${run.audit.findings.length} (${Object.entries(run.audit.summary.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(", ")})`,
];
for (const line of lines) process.stdout.write(line + "\n");

const peers: Array<[string, string, string[]]> = [
  ["cloc", "cloc", ["--quiet", corpus]],
  ["ripgrep", "rg", ["-c", "TODO|FIXME", corpus]],
  ["jscpd", "npx", ["--no-install", "jscpd", "--silent", corpus]],
  [
    "secretlint",
    "npx",
    ["--no-install", "secretlint", "--secretlintrc", secretlintConfig(), `${corpus}/**/*`],
  ],
];
for (const [name, command, commandArgs] of args.includes("--no-peers") ? [] : peers) {
  if (!available(command, name)) {
    process.stdout.write(`peer ${name.padEnd(11)} not installed\n`);
    continue;
  }
  const t0 = process.hrtime.bigint();
  spawnSync(command, commandArgs, { stdio: "ignore", timeout: 600_000 });
  const peerSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(
    `peer ${name.padEnd(11)} ${peerSeconds.toFixed(2)} s (codeaudit/peer time ratio ${(seconds / peerSeconds).toFixed(2)})\n`,
  );
}

/** secretlint needs a config naming its rules: the recommended preset, as the peers are compared with it. */
function secretlintConfig(): string {
  const path = join(tmpdir(), "codeaudit-bench-secretlintrc.json");
  writeFileSync(path, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
  return path;
}

function available(command: string, name: string): boolean {
  try {
    if (command === "npx")
      execFileSync("npx", ["--no-install", name, "--version"], { stdio: "ignore", timeout: 20_000 });
    else execFileSync(command, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
