// Hostile repositories that try to make the audit write outside --out: a committed report file that is a
// link, a committed output folder that is a link; and output folders that cannot be written (one line, exit 2,
// nothing half-written left behind).
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hostileRepo, runCli, type HostileRepo } from "./hostile-repo.js";

let repo: HostileRepo;
afterEach(() => repo?.cleanup());

function plant(r: HostileRepo): string {
  r.write("package.json", JSON.stringify({ name: "svc", version: "1.0.0" }));
  r.write("src/index.js", "export const answer = 42;\n");
  const victim = join(r.work, "victim.txt");
  writeFileSync(victim, "untouched\n");
  return victim;
}

const AUDIT = ["audit", ".", "--no-timestamp", "--jobs", "1", "--quiet"];

describe("reports are written only inside --out", () => {
  it("replaces a committed report file that is a link instead of writing through it", async () => {
    repo = hostileRepo();
    const victim = plant(repo);
    repo.link("codeaudit-report/AUDIT.md", victim);
    repo.link("codeaudit-report/audit.json", victim);
    repo.commit("report links");
    const run = await runCli(repo.root, AUDIT);
    expect(run.code).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("untouched\n");
    expect(lstatSync(join(repo.root, "codeaudit-report", "AUDIT.md")).isFile()).toBe(true);
    expect(readFileSync(join(repo.root, "codeaudit-report", "AUDIT.md"), "utf8")).toMatch(/^# /);
  });

  it("recreates the default output folder as a plain folder when it is a committed link", async () => {
    repo = hostileRepo();
    plant(repo);
    const elsewhere = join(repo.work, "elsewhere");
    mkdirSync(elsewhere);
    repo.link("codeaudit-report", elsewhere);
    repo.commit("folder link");
    const run = await runCli(repo.root, AUDIT);
    expect(run.code).toBe(0);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(lstatSync(join(repo.root, "codeaudit-report")).isDirectory()).toBe(true);
  });

  it("refuses an output folder named explicitly that is a link inside the tree (audit and delta)", async () => {
    repo = hostileRepo();
    plant(repo);
    const base = repo.commit("base");
    repo.write("src/more.js", "export const more = 1;\n");
    const elsewhere = join(repo.work, "elsewhere");
    mkdirSync(elsewhere);
    repo.link("reports/current", elsewhere);
    repo.commit("head");
    for (const args of [
      [...AUDIT, "--out", "reports/current"],
      ["delta", `${base}..HEAD`, ".", "--out", "reports/current", "--quiet", "--jobs", "1"],
      [...AUDIT, "--out", "reports/current/nested"],
    ]) {
      const run = await runCli(repo.root, args);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain("symbolic link");
      expect(readdirSync(elsewhere)).toEqual([]);
    }
  });

  it("prints one line and exits 2 when --out is a file or cannot be created", async () => {
    repo = hostileRepo();
    plant(repo);
    repo.commit("base");
    writeFileSync(join(repo.work, "a-file"), "x");
    for (const out of [
      join(repo.work, "a-file"),
      join(repo.work, "a-file", "sub"),
      "/sys/codeaudit-cannot",
    ]) {
      const run = await runCli(repo.root, [...AUDIT, "--out", out]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/^codeaudit: --out /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("leaves no half-written set when one report cannot be written", async () => {
    repo = hostileRepo();
    plant(repo);
    repo.commit("base");
    const out = join(repo.work, "out");
    mkdirSync(join(out, "audit.json"), { recursive: true });
    writeFileSync(join(out, "AUDIT.md"), "previous report\n");
    const run = await runCli(repo.root, [...AUDIT, "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(readFileSync(join(out, "AUDIT.md"), "utf8")).toBe("previous report\n");
    expect(readdirSync(out).sort()).toEqual(["AUDIT.md", "audit.json"]);
  });

  const tiny = join("/tmp", `codeaudit-full-disk-${process.pid}`);
  const canMount = ((): boolean => {
    try {
      mkdirSync(tiny, { recursive: true });
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", tiny], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!canMount)("prints one line and exits 2 on a full disk, leaving no temp file", async () => {
    try {
      writeFileSync(join(tiny, "filler"), Buffer.alloc(12 * 1024));
      repo = hostileRepo();
      plant(repo);
      repo.commit("base");
      const run = await runCli(repo.root, [...AUDIT, "--out", join(tiny, "out"), "--format", "md,json,html"]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain("no space left");
      const left = existsSync(join(tiny, "out")) ? readdirSync(join(tiny, "out")) : [];
      expect(left).toEqual([]);
    } finally {
      execFileSync("umount", [tiny], { stdio: "ignore" });
    }
  });
});
