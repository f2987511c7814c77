// Benchmark: walk + parse + every rule over a corpus, with files/s, MB/s and peak memory, and the peer tools
// found on this machine (cloc, ripgrep, jscpd, secretlint) timed on the same corpus for a ratio.
// Usage: npm run bench -- <corpus-path> [--jobs N]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { auditRepository as AuditRepository } from "../src/pipeline/audit-repository.js";

// The built pipeline, as the CLI runs it: file analysis on worker threads (sources would run in one thread).
const built = resolve(import.meta.dirname, "..", "dist", "pipeline", "audit-repository.js");
if (!existsSync(built))
  execFileSync("npm", ["run", "build", "--silent"], {
    cwd: resolve(import.meta.dirname, ".."),
    stdio: "inherit",
  });
const { auditRepository } = (await import(pathToFileURL(built).href)) as {
  auditRepository: typeof AuditRepository;
};

const args = process.argv.slice(2);
const corpus = resolve(args.find((a) => !a.startsWith("--")) ?? ".");
const jobsArg = args.includes("--jobs") ? Number(args[args.indexOf("--jobs") + 1]) : undefined;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const started = process.hrtime.bigint();
const run = await auditRepository({ path: corpus, noTimestamp: true, ...(jobsArg ? { jobs: jobsArg } : {}) });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const { coverage } = run.audit;
const mb = coverage.bytesAnalysed / 1024 / 1024;
const lines = [
  `corpus        ${corpus}`,
  `files         ${coverage.filesAnalysed} analysed of ${coverage.filesTotal}`,
  `size          ${mb.toFixed(1)} MB`,
  `time          ${seconds.toFixed(2)} s`,
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
for (const [name, command, commandArgs] of peers) {
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
