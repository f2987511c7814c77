// `codeaudit delta` end to end: reports written, delta.json valid against schema/delta.schema.json,
// --fail-on-gate exit codes, and the shallow-clone message on stderr.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../src/cli/cli-io.js";
import { registerDeltaCommand } from "../src/cli/delta.js";
import { tempRepo, type TempRepo } from "./delta-git-repo.js";
import { runGit } from "./helpers/git.js";

function memoryIo(cwd: string): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  (stderr as unknown as PassThrough).on("data", (chunk: Buffer) => (err += chunk.toString()));
  return { io: { stdout, stderr, env: {}, cwd }, out: () => out, err: () => err };
}

async function runCli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const program = new Command().exitOverride();
  const memory = memoryIo(cwd);
  let code = 0;
  registerDeltaCommand(program, memory.io, (c) => (code = c));
  await program.parseAsync(["node", "codeaudit", "delta", ...args]);
  return { code, out: memory.out(), err: memory.err() };
}

describe("codeaudit delta command", () => {
  let repo: TempRepo;
  let base: string;
  let outDir: string;
  beforeAll(() => {
    repo = tempRepo();
    base = repo.commit("base", { "README.md": "# x\n", "app/core.py": "def f():\n    return 1\n" });
    repo.commit("change code only", { "app/core.py": "def f():\n    return 2\n" });
    outDir = mkdtempSync(join(tmpdir(), "codeaudit-delta-out-"));
  });
  afterAll(() => {
    repo.cleanup();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("writes DELTA.md and a delta.json that the schema accepts", async () => {
    const result = await runCli(
      [`${base}..HEAD`, repo.root, "--out", outDir, "--no-timestamp", "--quiet", "--jobs", "1"],
      repo.root,
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(readFileSync(join(outDir, "delta.json"), "utf8")) as Record<string, unknown>;
    const schema = JSON.parse(
      readFileSync(new URL("../schema/delta.schema.json", import.meta.url), "utf8"),
    ) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const valid = validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(json).toMatchObject({
      delta: { commits: 1, files_changed: 1, insertions: 1, deletions: 1 },
      quality_gates: { docs_dx_updated: { status: "fail" } },
    });
    expect(readFileSync(join(outDir, "DELTA.md"), "utf8")).toContain("## 1. Delta Executive Summary");
  });

  it("rejects a document that breaks the schema", () => {
    const schema = JSON.parse(
      readFileSync(new URL("../schema/delta.schema.json", import.meta.url), "utf8"),
    ) as object;
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);
    const json = JSON.parse(readFileSync(join(outDir, "delta.json"), "utf8")) as {
      quality_gates: Record<string, { status: string }>;
    };
    (json.quality_gates.docs_dx_updated as { status: string }).status = "maybe";
    expect(validate(json)).toBe(false);
  });

  it("exits 1 with --fail-on-gate when a gate fails, and prints the gates", async () => {
    const result = await runCli(
      [`${base}..HEAD`, repo.root, "--out", outDir, "--format", "json", "--fail-on-gate", "--jobs", "1"],
      repo.root,
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain("FAIL Docs or changelog touched when public code changed");
    expect(result.err).toContain("quality gate(s) failed: docs_dx_updated");
  });

  it("reads coverage files given on the command line and rejects ones it cannot read", async () => {
    const lcovBase = join(outDir, "base.lcov");
    const lcovHead = join(outDir, "head.lcov");
    writeFileSync(lcovBase, "SF:app/core.py\nLF:10\nLH:9\nend_of_record\n");
    writeFileSync(lcovHead, "SF:app/core.py\nLF:10\nLH:7\nend_of_record\n");
    const result = await runCli(
      [
        `${base}..HEAD`,
        repo.root,
        "--out",
        outDir,
        "--format",
        "json",
        "--quiet",
        "--coverage-base",
        lcovBase,
        "--coverage-head",
        lcovHead,
      ],
      repo.root,
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(readFileSync(join(outDir, "delta.json"), "utf8")) as {
      quality_gates: Record<string, { status: string; evidence: string }>;
      metrics: Record<string, unknown>;
    };
    expect(json.quality_gates.coverage_non_decreasing).toMatchObject({ status: "fail" });
    expect(json.metrics).toMatchObject({ coverage_base: 90, coverage_head: 70 });
    writeFileSync(lcovHead, "not coverage\n");
    await expect(
      runCli(
        [
          `${base}..HEAD`,
          repo.root,
          "--out",
          outDir,
          "--coverage-base",
          lcovBase,
          "--coverage-head",
          lcovHead,
        ],
        repo.root,
      ),
    ).rejects.toThrow(/--coverage-head .*not a coverage report/);
  });

  it("explains a shallow clone's missing history and exits 2", async () => {
    const clone = join(outDir, "clone");
    runGit(repo.root, ["clone", "-q", "--depth", "1", `file://${repo.root}`, clone]);
    const result = await runCli([`${base}..HEAD`, clone, "--out", outDir, "--quiet"], repo.root);
    expect(result.code).toBe(2);
    expect(result.err).toContain("shallow clone");
    expect(result.err).toContain("git fetch --unshallow");
  });
});
