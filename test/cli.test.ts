// The CLI end to end, in-process: reports written, exit codes, determinism, JSON Schema, error messages.
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { runGit } from "./helpers/git.js";
import { fakeIo } from "./helpers/fake-io.js";

const fixture = join(import.meta.dirname, "fixtures", "generic-monorepo");
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "codeaudit-cli-"));
  cpSync(fixture, join(work, "repo"), { recursive: true });
});

describe("codeaudit audit", () => {
  it("writes AUDIT.md and audit.json, prints the summary, exits 0", async () => {
    const io = fakeIo(work);
    const code = await main(["audit", "repo", "--out", "out1", "--no-timestamp", "--quiet"], io);
    expect(code).toBe(0);
    expect(existsSync(join(work, "out1", "AUDIT.md"))).toBe(true);
    expect(existsSync(join(work, "out1", "audit.json"))).toBe(true);
    const summaryIo = fakeIo(work);
    await main(["audit", "repo", "--out", "out1", "--no-timestamp"], summaryIo);
    expect(summaryIo.out()).toMatch(/Grade [A-F][+-]? \(\d+\/100\)/);
  });

  it("is byte-identical across runs with --no-timestamp", async () => {
    await main(
      ["audit", "repo", "--out", "a", "--no-timestamp", "--quiet", "--format", "md,json,html"],
      fakeIo(work),
    );
    await main(
      ["audit", "repo", "--out", "b", "--no-timestamp", "--quiet", "--format", "md,json,html"],
      fakeIo(work),
    );
    for (const file of ["AUDIT.md", "audit.json", "audit.html"]) {
      expect(readFileSync(join(work, "a", file), "utf8")).toBe(readFileSync(join(work, "b", file), "utf8"));
    }
  });

  it("writes audit.json valid against schema/audit.schema.json", async () => {
    await main(["audit", "repo", "--out", "schema-check", "--no-timestamp", "--quiet"], fakeIo(work));
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "schema", "audit.schema.json"), "utf8"),
    );
    const audit = JSON.parse(readFileSync(join(work, "schema-check", "audit.json"), "utf8"));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(audit);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(audit.findings.length).toBeGreaterThan(0);
  });

  it("exits 1 when --fail-on is met and 0 when it is not", async () => {
    expect(await main(["audit", "repo", "--out", "g", "--quiet", "--fail-on", "low"], fakeIo(work))).toBe(1);
    expect(
      await main(["audit", "repo", "--out", "g", "--quiet", "--fail-on", "critical"], fakeIo(work)),
    ).toBe(0);
  });

  it("exits 2 with one clear line on a missing path, a bad option or an unknown ref", async () => {
    const missing = fakeIo(work);
    expect(await main(["audit", "no-such-folder", "--quiet"], missing)).toBe(2);
    expect(missing.err()).toBe(
      "codeaudit: no-such-folder: no such folder\n".replace(
        "no-such-folder: ",
        `${join(work, "no-such-folder")}: `,
      ),
    );
    const badFormat = fakeIo(work);
    expect(await main(["audit", "repo", "--format", "pdf"], badFormat)).toBe(2);
    expect(badFormat.err()).toContain("--format pdf: unknown format; allowed: md, json, sarif, html");
    const badSeverity = fakeIo(work);
    expect(await main(["audit", "repo", "--fail-on", "severe"], badSeverity)).toBe(2);
    const notGit = fakeIo(work);
    expect(await main(["audit", "repo", "--ref", "HEAD~1"], notGit)).toBe(2);
    expect(notGit.err()).toContain("is not a git repository");
  });

  it("audits a commit with --ref without touching the working tree", async () => {
    const repo = join(work, "git-repo");
    cpSync(fixture, repo, { recursive: true });
    const git = (...args: string[]) => runGit(repo, args);
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "first");
    const unknown = fakeIo(work);
    expect(await main(["audit", "git-repo", "--ref", "nope", "--quiet"], unknown)).toBe(2);
    expect(unknown.err()).toContain("unknown revision 'nope'");
    const io = fakeIo(work);
    expect(
      await main(["audit", "git-repo", "--ref", "HEAD", "--out", "ref-out", "--no-timestamp", "--quiet"], io),
    ).toBe(0);
    const audit = JSON.parse(readFileSync(join(work, "ref-out", "audit.json"), "utf8"));
    expect(audit.repository.ref).toBe("HEAD");
    expect(audit.repository.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(audit.findings.some((f: { ruleId: string }) => f.ruleId === "generic/todo-cluster")).toBe(true);
  });
});

describe("codeaudit rules / explain / init", () => {
  it("lists rules and explains one", async () => {
    const list = fakeIo(work);
    expect(await main(["rules"], list)).toBe(0);
    expect(list.out()).toContain("generic/todo-cluster");
    const explain = fakeIo(work);
    expect(await main(["explain", "generic/god-file"], explain)).toBe(0);
    expect(explain.out()).toContain("# generic/god-file");
    const unknown = fakeIo(work);
    expect(await main(["explain", "generic/nope"], unknown)).toBe(2);
  });

  it("writes a config once and never overwrites it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codeaudit-init-"));
    expect(await main(["init"], fakeIo(dir))).toBe(0);
    const second = fakeIo(dir);
    expect(await main(["init"], second)).toBe(2);
    expect(second.err()).toContain("already exists; not overwritten");
  });
});
