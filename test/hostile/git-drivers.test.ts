// Hostile .git folders: fsmonitor, hooks, filter and textconv drivers, external diff, signature programs set
// in the audited repository's own configuration must never run, in `audit`, `--history`, `--ref` and `delta`;
// and values that reach git (--history, --ref, a delta range) can never be read as git options.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hostileRepo, runCli, type HostileRepo } from "./hostile-repo.js";

let repo: HostileRepo;
afterEach(() => repo?.cleanup());

/** Plants a driver of every kind; each one, if run, creates `ran-<kind>` in the work folder. */
function plantDrivers(r: HostileRepo): { ran: () => string[] } {
  const mark = (kind: string): string => `touch '${join(r.work, `ran-${kind}`)}'`;
  r.write(".gitattributes", "* filter=evil diff=evil\n");
  r.write("package.json", JSON.stringify({ name: "svc", version: "1.0.0" }));
  r.write("src/index.js", "export const answer = 42;\n");
  r.write("config.txt", "same size\n");
  r.commit("base");
  r.write("src/index.js", "export const answer = 43;\nexport const more = 1;\n");
  r.commit("head");
  const config: Array<[string, string]> = [
    ["core.fsmonitor", `${mark("fsmonitor")}; false`],
    ["filter.evil.clean", `${mark("clean")}; cat`],
    ["filter.evil.smudge", `${mark("smudge")}; cat`],
    ["filter.evil.process", `${mark("process")}; cat`],
    ["filter.evil.required", "true"],
    ["diff.evil.textconv", `sh -c "${mark("textconv")}; cat \\"\\$0\\""`],
    ["diff.evil.command", `${mark("diff-command")}; true`],
    ["diff.external", `${mark("external-diff")}; true`],
    ["log.showSignature", "true"],
    ["gpg.program", `${mark("gpg")}; true`],
    ["core.pager", `${mark("pager")}; cat`],
    ["core.sshCommand", `${mark("ssh")}; true`],
  ];
  for (const [key, value] of config) r.git("config", key, value);
  for (const hook of ["post-index-change", "post-checkout", "reference-transaction", "pre-auto-gc"]) {
    const path = join(r.root, ".git", "hooks", hook);
    writeFileSync(path, `#!/bin/sh\n${mark(`hook-${hook}`)}\n`, { mode: 0o755 });
  }
  // Same size, same second as the index: git cannot trust the stat data and re-hashes it (through filters).
  writeFileSync(join(r.root, "config.txt"), "SAME SIZE\n");
  return { ran: () => readdirSync(r.work).filter((name) => name.startsWith("ran-")) };
}

describe("nothing from the audited .git runs", () => {
  it("runs no driver or hook during audit, --history, --ref and delta", async () => {
    repo = hostileRepo();
    const drivers = plantDrivers(repo);
    const runs = [
      ["audit", ".", "--out", "../o1", "--no-timestamp", "--jobs", "1", "--quiet"],
      ["audit", ".", "--out", "../o2", "--history", "--no-timestamp", "--jobs", "1", "--quiet"],
      ["audit", ".", "--out", "../o3", "--ref", "HEAD~1", "--no-timestamp", "--jobs", "1", "--quiet"],
      ["delta", "HEAD~1..HEAD", ".", "--out", "../o4", "--no-timestamp", "--jobs", "1", "--quiet"],
    ];
    for (const args of runs) {
      const run = await runCli(repo.root, args);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
    expect(drivers.ran()).toEqual([]);
  });
});

describe("values that reach git are never options", () => {
  it("refuses --history, --ref and delta ranges that read as options, in one line, writing nothing", async () => {
    repo = hostileRepo();
    repo.write("src/index.js", "export const answer = 42;\n");
    repo.commit("base");
    const leak = join(repo.work, "leak");
    for (const args of [
      ["audit", ".", "--out", "../o", `--history=--output=${leak}`, "--quiet"],
      ["audit", ".", "--out", "../o", `--history=HEAD..--output=${leak}`, "--quiet"],
      ["audit", ".", "--out", "../o", `--ref=--output=${leak}`, "--quiet"],
      ["delta", "--out", "../o", "--quiet", "--", `--output=${leak}..HEAD`, "."],
      ["delta", `HEAD..--output=${leak}`, ".", "--out", "../o", "--quiet"],
    ]) {
      const run = await runCli(repo.root, args);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(existsSync(leak)).toBe(false);
    }
  });
});
