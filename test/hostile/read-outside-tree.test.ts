// Hostile repositories that try to make the audit read outside its tree: links to outside files, to
// /proc/self/environ, to /dev/zero, FIFOs, linked folders; and --coverage/--junit pointing at devices.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { auditArgs, hostileRepo, runCli, type HostileRepo } from "./hostile-repo.js";

const OUTSIDE_MARKER = "OUTSIDE_ONLY_VALUE_7f3a";

let repo: HostileRepo;
afterEach(() => repo?.cleanup());

function plantService(r: HostileRepo): void {
  r.write("package.json", JSON.stringify({ name: "svc", version: "1.0.0", scripts: { test: "vitest" } }));
  r.write("src/index.js", "console.log(process.env.PORT);\n");
}

describe("reads stay inside the audited tree", () => {
  it("never prints a file reached through a symbolic link (outside file, /proc/self/environ)", async () => {
    repo = hostileRepo();
    plantService(repo);
    writeFileSync(join(repo.work, "outside.env"), `${OUTSIDE_MARKER}=1\nAPI_URL=https://outside.invalid\n`);
    repo.link(".env.example", join(repo.work, "outside.env"));
    repo.link("config/.env.sample", "/proc/self/environ");
    mkdirSync(join(repo.work, "outside-docs"));
    writeFileSync(join(repo.work, "outside-docs", "README.md"), `# ${OUTSIDE_MARKER}\n`);
    repo.link("docs", join(repo.work, "outside-docs"));
    repo.commit("links");
    const run = await runCli(repo.work, auditArgs("out"), "out");
    expect(run.code).toBe(0);
    expect(run.everything).not.toContain(OUTSIDE_MARKER);
    expect(run.everything).not.toContain(`PATH=${process.env.PATH}`);
    expect(run.files["AUDIT.md"]).toContain("symbolic link: not followed");
  });

  it("finishes on links to /dev/zero in coverage and JUnit report paths (bounded memory)", async () => {
    repo = hostileRepo();
    plantService(repo);
    repo.link("coverage/lcov.info", "/dev/zero");
    repo.link("junit.xml", "/dev/zero");
    repo.link("coverage/coverage.xml", "/dev/urandom");
    repo.commit("devices");
    const run = await runCli(repo.work, auditArgs("out"), "out");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.files["audit.json"] ?? "{}").schemaVersion).toBeDefined();
  });

  it("lists a FIFO in a plain folder as not read, and does not block on it", async () => {
    repo = hostileRepo({ git: false });
    plantService(repo);
    execFileSync("mkfifo", [join(repo.root, "requirements.txt")]);
    execFileSync("mkfifo", [join(repo.root, "src", "app.py")]);
    const run = await runCli(repo.work, auditArgs("out"), "out");
    expect(run.code).toBe(0);
    expect(run.files["AUDIT.md"]).toContain("not a regular file");
  });

  it("refuses --coverage and --junit files that are devices or pseudo files, in one line, exit 2", async () => {
    repo = hostileRepo();
    plantService(repo);
    repo.commit("service");
    for (const args of [
      ["--coverage", "/dev/zero"],
      ["--junit", "/dev/zero"],
      ["--coverage", "/proc/self/environ"],
      ["--junit", "repo"],
    ]) {
      const run = await runCli(repo.work, auditArgs("out", ...args), "out");
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/^codeaudit: --(coverage|junit) /);
    }
  });

  it("refuses a configuration file that is a link out of the tree", async () => {
    repo = hostileRepo();
    plantService(repo);
    writeFileSync(join(repo.work, "outside.json"), JSON.stringify({ ignore: ["src/**"] }));
    repo.link("codeaudit.config.json", join(repo.work, "outside.json"));
    repo.commit("linked config");
    const run = await runCli(repo.work, auditArgs("out"), "out");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/codeaudit\.config\.json: symbolic link, not followed/);
  });
});
