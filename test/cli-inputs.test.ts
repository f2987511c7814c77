// CLI inputs from outside the repository: SARIF output, the advisory store, --coverage/--junit files, --history.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { runGit } from "./helpers/git.js";
import { fakeIo } from "./helpers/fake-io.js";

const fixtures = join(import.meta.dirname, "fixtures");

function workspace(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), "codeaudit-inputs-"));
  cpSync(join(fixtures, fixture), join(dir, "repo"), { recursive: true });
  return dir;
}

describe("codeaudit audit inputs", () => {
  it("writes audit.sarif with --format sarif, one result per finding", async () => {
    const dir = workspace("generic-monorepo");
    expect(
      await main(
        ["audit", "repo", "--format", "json,sarif", "--out", "out", "--quiet", "--no-timestamp"],
        fakeIo(dir),
      ),
    ).toBe(0);
    const sarif = JSON.parse(readFileSync(join(dir, "out", "audit.sarif"), "utf8"));
    const audit = JSON.parse(readFileSync(join(dir, "out", "audit.json"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results).toHaveLength(audit.findings.length);
  });

  it("imports OSV advisories into a store and matches locked packages against it", async () => {
    const dir = workspace("security-service");
    const store = join(dir, "store");
    const importIo = fakeIo(dir);
    expect(
      await main(["advisories", "import", join(fixtures, "osv-sample"), "--store", store], importIo),
    ).toBe(0);
    expect(importIo.out()).toMatch(/^imported \d+ advisories into /);
    await main(
      ["audit", "repo", "--advisories", store, "--out", "with", "--quiet", "--no-timestamp"],
      fakeIo(dir),
    );
    await main(
      [
        "audit",
        "repo",
        "--advisories",
        join(dir, "empty-store"),
        "--out",
        "without",
        "--quiet",
        "--no-timestamp",
      ],
      fakeIo(dir),
    );
    const withStore = JSON.parse(readFileSync(join(dir, "with", "audit.json"), "utf8"));
    const withoutStore = JSON.parse(readFileSync(join(dir, "without", "audit.json"), "utf8"));
    const vulnerable = (audit: { findings: Array<{ ruleId: string }> }) =>
      audit.findings.filter((f) => f.ruleId === "security/vulnerable-dependency");
    expect(vulnerable(withStore).length).toBeGreaterThan(0);
    expect(vulnerable(withoutStore)).toEqual([]);
    const check = withoutStore.areas
      .flatMap((a: { checks: Array<{ ruleId: string; status: string }> }) => a.checks)
      .find((c: { ruleId: string }) => c.ruleId === "security/vulnerable-dependency");
    expect(check.status).toBe("unknown");
  });

  it("reads --coverage and --junit files, and refuses a missing one with exit 2", async () => {
    const dir = workspace("generic-monorepo");
    writeFileSync(join(dir, "lcov.info"), "SF:a.ts\nDA:1,1\nDA:2,0\nLF:4\nLH:3\nend_of_record\n");
    writeFileSync(
      join(dir, "junit.xml"),
      '<testsuite name="s" tests="3" failures="1" skipped="1"><testcase name="a" time="0.5"/><testcase name="b" time="1"><failure/></testcase><testcase name="c"><skipped/></testcase></testsuite>',
    );
    expect(
      await main(
        [
          "audit",
          "repo",
          "--coverage",
          "lcov.info",
          "--junit",
          "junit.xml",
          "--out",
          "out",
          "--quiet",
          "--no-timestamp",
        ],
        fakeIo(dir),
      ),
    ).toBe(0);
    const audit = JSON.parse(readFileSync(join(dir, "out", "audit.json"), "utf8"));
    const testFacts = audit.areas
      .find((a: { id: string }) => a.id === "tests")
      .facts.map(
        (f: { label: string; value: string; location?: { path: string } }) =>
          `${f.label}: ${f.value} @${f.location?.path ?? ""}`,
      )
      .join("\n");
    expect(testFacts).toContain("75");
    expect(testFacts).toContain(
      "Test results (JUnit): 3 tests, 1 failed, 0 errors, 1 skipped; slowest b 1s @junit.xml",
    );
    expect(testFacts).toContain("Measured coverage (lcov): 75% (3/4) @lcov.info");
    const missing = fakeIo(dir);
    expect(await main(["audit", "repo", "--coverage", "nope.info"], missing)).toBe(2);
    expect(missing.err()).toBe("codeaudit: --coverage nope.info: no such file\n");
  });

  it("finds a secret that was committed and later removed only with --history", async () => {
    const dir = workspace("generic-monorepo");
    const repo = join(dir, "repo");
    const git = (...args: string[]) => runGit(repo, args);
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "first");
    writeFileSync(join(repo, "deploy.env"), "AWS_ACCESS_KEY_ID=AKIAZ7QRXW3JMN4PLK2B\n");
    git("add", "-A");
    git("commit", "-qm", "add key");
    execFileSync("rm", [join(repo, "deploy.env")]);
    git("add", "-A");
    git("commit", "-qm", "remove key");
    const ids = async (args: string[], out: string) => {
      await main(["audit", "repo", ...args, "--out", out, "--quiet", "--no-timestamp"], fakeIo(dir));
      return JSON.parse(readFileSync(join(dir, out, "audit.json"), "utf8")).findings.filter(
        (f: { ruleId: string }) => f.ruleId === "security/secret-in-history",
      );
    };
    expect(await ids([], "plain")).toEqual([]);
    const found = await ids(["--history"], "history");
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found)).not.toContain("AKIAZ7QRXW3JMN4PLK2B");
  });
});
