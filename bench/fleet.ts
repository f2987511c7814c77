// Benchmark: fleet throughput (repositories per minute with 1, 2 and 3 worker processes on one PostgreSQL) and the
// history store's write time per audit on both engines.
// Usage: npm run bench:fleet -- [--pg postgres://…] [--repos N]   (default: CODEAUDIT_TEST_PG_URL, 24 repositories)
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "bin", "codeaudit.js");
const args = process.argv.slice(2);
const arg = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const serverUrl = arg("--pg") ?? process.env.CODEAUDIT_TEST_PG_URL;
const repositories = Number(arg("--repos") ?? 24);
if (!serverUrl) {
  process.stderr.write(
    "bench:fleet needs a PostgreSQL server: --pg postgres://… or CODEAUDIT_TEST_PG_URL (.ci/postgres.sh)\n",
  );
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), "codeaudit-bench-fleet-"));
const git = (cwd: string, ...gitArgs: string[]): void => {
  execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", ...gitArgs], {
    cwd,
  });
};

async function withDatabase<T>(use: (url: string) => Promise<T>): Promise<T> {
  const name = `codeaudit_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  try {
    return await use(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

function cli(cliArgs: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...cliArgs], { stdio: "ignore" });
    child.on("exit", (code) =>
      code === 0 ? done() : fail(new Error(`codeaudit ${cliArgs[0]} exited ${code}`)),
    );
  });
}

// Tiny repositories: a manifest and a source file each, one commit.
const list: string[] = [];
for (let i = 0; i < repositories; i++) {
  const repo = join(work, "repos", `r${i}`);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "package.json"), JSON.stringify({ name: `r${i}`, version: "1.0.0" }));
  writeFileSync(join(repo, "src", "index.js"), `module.exports = (req) => req.query.a + ${i};\n`);
  git(repo, "init", "-q");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "initial");
  list.push(repo);
}
writeFileSync(join(work, "repos.txt"), list.join("\n") + "\n");

const lines = [
  `fleet: ${repositories} tiny repositories, PostgreSQL ${serverUrl.replace(/:[^:@/]*@/, ":***@")}`,
];
for (const workers of [1, 2, 3]) {
  const seconds = await withDatabase(async (url) => {
    await cli(["fleet", "enqueue", join(work, "repos.txt"), "--queue", url, "--quiet"]);
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: workers }, () =>
        cli(["fleet", "worker", "--queue", url, "--exit-when-idle", "--poll", "1", "--quiet"]),
      ),
    );
    return Number(process.hrtime.bigint() - started) / 1e9;
  });
  lines.push(
    `  ${workers} worker(s): ${seconds.toFixed(1)} s, ${((repositories / seconds) * 60).toFixed(0)} repositories/min`,
  );
}

// Store write time: one real audit (the node-service fixture) recorded under 20 distinct commits.
const { auditRepository } = (await import(
  pathToFileURL(join(root, "dist", "pipeline", "audit-repository.js")).href
)) as typeof import("../src/pipeline/audit-repository.js");
const { openStore } = (await import(
  pathToFileURL(join(root, "dist", "store", "open-store.js")).href
)) as typeof import("../src/store/open-store.js");
const audit = (
  await auditRepository({ path: join(root, "test", "fixtures", "node-service"), noTimestamp: true })
).audit;
const writes = 20;
async function timeWrites(
  location: Parameters<typeof openStore>[0],
): Promise<{ open: number; write: number }> {
  const opened = process.hrtime.bigint();
  const store = await openStore(location);
  const open = Number(process.hrtime.bigint() - opened) / 1e6;
  const started = process.hrtime.bigint();
  for (let i = 0; i < writes; i++)
    await store.recordRun({
      audit: {
        ...audit,
        repository: { ...audit.repository, commit: String(i).padStart(40, "0"), dirty: false },
      },
      kind: "audit",
      repository: { identity: "bench/store", name: "store" },
      configHash: "bench",
    });
  const write = Number(process.hrtime.bigint() - started) / 1e6 / writes;
  await store.close();
  return { open, write };
}
const embedded = await timeWrites({ kind: "embedded", dir: join(work, "store") });
lines.push(
  `store, ${audit.findings.length} findings per audit: embedded open ${embedded.open.toFixed(0)} ms (first use, creates the database), write ${embedded.write.toFixed(1)} ms/audit`,
);
const reopened = await timeWrites({ kind: "embedded", dir: join(work, "store") });
lines.push(
  `  embedded, existing store: open ${reopened.open.toFixed(0)} ms, write ${reopened.write.toFixed(1)} ms/audit`,
);
const server = await withDatabase((url) => timeWrites({ kind: "postgres", url }));
lines.push(
  `  PostgreSQL: open ${server.open.toFixed(0)} ms (migrations), write ${server.write.toFixed(1)} ms/audit`,
);
rmSync(work, { recursive: true, force: true });
process.stdout.write(lines.join("\n") + "\n");
