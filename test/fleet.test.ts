// The fleet on a real PostgreSQL server: 60 generated repositories, 3 worker processes, one killed (SIGKILL) in the
// middle of a job; every repository is audited and stored exactly once, and the report lists all 60.
import { spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGit } from "./helpers/git.js";
import { freshPostgresDatabase, postgresAvailable } from "./helpers/test-postgres.js";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "codeaudit.js");
const REPOSITORIES = 60;
const runs = postgresAvailable("fleet.test.ts");

interface Worker {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startWorker(url: string, scratch: string): Worker {
  const child = spawn(
    process.execPath,
    [
      bin,
      "fleet",
      "worker",
      "--queue",
      url,
      "--exit-when-idle",
      "--poll",
      "1",
      "--maintenance",
      "1",
      "--scratch",
      scratch,
    ],
    { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    output: () => output,
    exited: new Promise((done) => child.on("exit", (code) => done(code))),
  };
}

function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => done({ code, output }));
  });
}

describe.runIf(runs)("codeaudit fleet on PostgreSQL", () => {
  let work: string;
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    expect(existsSync(join(root, "dist", "cli", "fleet.js")), "run `npm run build` first").toBe(true);
    db = await freshPostgresDatabase();
    work = mkdtempSync(join(tmpdir(), "codeaudit-fleet-test-"));
    const list: string[] = ["# generated repositories"];
    for (let i = 0; i < REPOSITORIES; i++) {
      const repo = join(work, "repos", `service-${String(i).padStart(2, "0")}`);
      mkdirSync(join(repo, "src"), { recursive: true });
      writeFileSync(join(repo, "package.json"), JSON.stringify({ name: `service-${i}`, version: "1.0.0" }));
      // Every third repository evaluates its input: a finding shared by 20 repositories.
      writeFileSync(
        join(repo, "src", "index.js"),
        i % 3 === 0 ? "module.exports = (req) => eval(req.query.expr);\n" : `module.exports = () => ${i};\n`,
      );
      runGit(repo, ["init", "-q"]);
      runGit(repo, ["add", "-A"]);
      runGit(repo, ["commit", "-q", "-m", "initial"]);
      list.push(i % 2 === 0 ? repo : `${repo} main`);
    }
    writeFileSync(join(work, "repos.txt"), list.join("\n") + "\n");
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("audits every repository exactly once with 3 workers, one of them killed mid-job", async () => {
    const enqueued = await cli([
      "fleet",
      "enqueue",
      join(work, "repos.txt"),
      "--queue",
      db.url,
      "--job-timeout",
      "8",
    ]);
    expect(enqueued).toEqual({ code: 0, output: `Queued ${REPOSITORIES} repositories\n` });
    // Enqueuing the same list again while it waits queues nothing twice.
    const again = await cli(["fleet", "enqueue", join(work, "repos.txt"), "--queue", db.url]);
    expect(again.output).toBe(`Queued 0 repositories (${REPOSITORIES} already waiting)\n`);

    const scratch = join(work, "scratch");
    mkdirSync(scratch);
    const workers = [
      startWorker(db.url, scratch),
      startWorker(db.url, scratch),
      startWorker(db.url, scratch),
    ];
    // Kill the first worker as soon as it has started a job: that job stays active until it expires.
    const victim = workers[0]!;
    let killedJob = "";
    while (!killedJob) {
      const started = /^start (\S+)/m.exec(victim.output());
      if (started && !/^done \S+/m.test(victim.output())) {
        victim.child.kill("SIGKILL");
        killedJob = started[1]!;
      } else if (/^done /m.test(victim.output())) {
        // It finished a job before we looked: kill it at its next start.
        const starts = [...victim.output().matchAll(/^start (\S+)/gm)];
        const dones = new Set([...victim.output().matchAll(/^done (\S+)/gm)].map((m) => m[1]));
        const open = starts.map((m) => m[1]!).find((id) => !dones.has(id));
        if (open) {
          victim.child.kill("SIGKILL");
          killedJob = open;
        }
      }
      await new Promise((done) => setTimeout(done, 20));
    }
    const codes = await Promise.all(workers.map((worker) => worker.exited));
    expect(codes.slice(1), workers.map((w) => w.output()).join("\n---\n")).toEqual([0, 0]);
    // Another worker finished the killed worker's job after it expired.
    const survivors = workers
      .slice(1)
      .map((worker) => worker.output())
      .join("\n");
    expect(survivors).toMatch(new RegExp(`^done ${killedJob} `, "m"));

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ repositories: number; runs: number; duplicates: number }>(
        `SELECT count(DISTINCT repository_id)::int AS repositories, count(*)::int AS runs,
           (SELECT count(*)::int FROM (SELECT repository_id, commit FROM runs GROUP BY 1, 2 HAVING count(*) > 1) d) AS duplicates
         FROM runs`,
      );
      expect(rows[0]).toEqual({ repositories: REPOSITORIES, runs: REPOSITORIES, duplicates: 0 });
      const retried = await client.query<{ retry_count: number; state: string }>(
        "SELECT retry_count, state FROM codeaudit_queue.job WHERE id = $1",
        [killedJob],
      );
      expect(retried.rows[0]).toMatchObject({ state: "completed" });
      expect(retried.rows[0]!.retry_count).toBeGreaterThanOrEqual(1);
    } finally {
      await client.end();
    }
    // The scratch folders are gone, but for the killed worker's.
    expect(readdirCount(scratch)).toBeLessThanOrEqual(1);

    const out = join(work, "report");
    const report = await cli(["fleet", "report", "--queue", db.url, "--out", out]);
    expect(report.code, report.output).toBe(0);
    const fleet = JSON.parse(readFileSync(join(out, "fleet.json"), "utf8")) as {
      repositories: Array<{ name: string }>;
      commonFindings: Array<{ ruleId: string; repositories: number }>;
    };
    expect(fleet.repositories).toHaveLength(REPOSITORIES);
    expect(new Set(fleet.repositories.map((r) => r.name)).size).toBe(REPOSITORIES);
    expect(
      fleet.commonFindings.some((f) => f.repositories === REPOSITORIES / 3 && /eval/.test(f.ruleId)),
    ).toBe(true);
    expect(readFileSync(join(out, "fleet.html"), "utf8")).toContain(`<h1>${REPOSITORIES} repositories</h1>`);
  }, 900_000);
});

function readdirCount(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).length : 0;
}
