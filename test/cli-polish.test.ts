// CLI behaviour a CI job or a shell pipeline relies on: colour switches, EPIPE, --quiet with a failed gate,
// `--out -` writing one document to stdout.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { colorEnabled, type CliIo } from "../src/cli/cli-io.js";
import { main } from "../src/cli/main.js";
import { fakeIo } from "./helpers/fake-io.js";

const fixture = join(import.meta.dirname, "fixtures", "generic-monorepo");
const root = join(import.meta.dirname, "..");
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "codeaudit-cli-polish-"));
  cpSync(fixture, join(work, "repo"), { recursive: true });
});

/** fakeIo with a terminal-like stdout and the environment given. */
function ttyIo(env: NodeJS.ProcessEnv): ReturnType<typeof fakeIo> {
  const io = fakeIo(work);
  (io.stdout as { isTTY?: boolean }).isTTY = true;
  io.env = env;
  return io;
}

const ESC = "\u001b[";

describe("colours", () => {
  it("--no-color turns colours off on a terminal, after the command or before it", async () => {
    const coloured = ttyIo({});
    await main(["audit", "repo", "--out", "c1", "--no-timestamp"], coloured);
    expect(coloured.out()).toContain(ESC);
    for (const argv of [
      ["audit", "repo", "--out", "c2", "--no-timestamp", "--no-color"],
      ["--no-color", "audit", "repo", "--out", "c3", "--no-timestamp"],
    ]) {
      const plain = ttyIo({});
      expect(await main(argv, plain)).toBe(0);
      expect(plain.out()).toMatch(/Grade/);
      expect(plain.out()).not.toContain(ESC);
    }
  });

  it("honours NO_COLOR and FORCE_COLOR", () => {
    const io = (env: NodeJS.ProcessEnv, isTTY: boolean): CliIo => ({
      ...fakeIo(work),
      env,
      stdout: Object.assign(new Writable(), { isTTY }),
    });
    expect(colorEnabled(io({}, true), true)).toBe(true);
    expect(colorEnabled(io({}, false), true)).toBe(false);
    expect(colorEnabled(io({ FORCE_COLOR: "1" }, false), true)).toBe(true);
    expect(colorEnabled(io({ FORCE_COLOR: "0" }, true), true)).toBe(false);
    expect(colorEnabled(io({ NO_COLOR: "1", FORCE_COLOR: "1" }, true), true)).toBe(false);
    expect(colorEnabled(io({ FORCE_COLOR: "1" }, true), false)).toBe(false);
  });
});

describe("pipes and CI", () => {
  it("stops quietly when the reader of stdout goes away (EPIPE)", async () => {
    const io = fakeIo(work);
    let writes = 0;
    io.stdout = new Writable({
      write: (_chunk, _enc, done) => {
        writes += 1;
        done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      },
    });
    expect(await main(["rules"], io)).toBe(0);
    expect(writes).toBeGreaterThan(0);
    expect(io.err()).toBe("");
  });

  it("`codeaudit rules | head -1` prints no stack trace", async () => {
    const child = spawn(process.execPath, [join(root, "bin", "codeaudit.js"), "rules"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (chunk) => (err += String(chunk)));
    // Read one chunk, then close the pipe as `head` does.
    await new Promise<void>((done) => child.stdout.once("data", () => (child.stdout.destroy(), done())));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(err).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(0);
  });

  it("--quiet still says on stderr why the gate failed", async () => {
    const io = fakeIo(work);
    expect(await main(["audit", "repo", "--out", "q", "--quiet", "--fail-on", "low"], io)).toBe(1);
    expect(io.out()).toBe("");
    expect(io.err()).toMatch(/^codeaudit: quality gate failed: \d+ finding\(s\) at or above low\n$/);
  });

  it("--out - with one format writes only that document to stdout and no folder", async () => {
    for (const format of ["json", "sarif"]) {
      const io = fakeIo(work);
      expect(await main(["audit", "repo", "--out", "-", "--format", format, "--no-timestamp"], io)).toBe(0);
      const document = JSON.parse(io.out()) as { version?: string; findings?: unknown[] };
      if (format === "json") expect(Array.isArray(document.findings)).toBe(true);
      else expect(document.version).toBe("2.1.0");
      expect(io.err()).toMatch(/Grade/);
    }
    expect(existsSync(join(work, "-"))).toBe(false);
    const two = fakeIo(work);
    expect(await main(["audit", "repo", "--out", "-", "--format", "md,json"], two)).toBe(2);
    expect(two.err()).toContain("--out -: writes one report to stdout");
  });
});

describe("suppressions in SARIF", () => {
  it("emits a suppressed finding with its reason as an in-source suppression, valid SARIF 2.1.0", async () => {
    const repo = join(work, "suppressed");
    mkdirSync(repo, { recursive: true });
    writeFileSync(
      join(repo, "app.py"),
      "# codeaudit-ignore generic/todo-comment: tracked in the roadmap\n# FIXME: retry on timeout\nx = 1\n",
    );
    const io = fakeIo(work);
    expect(
      await main(["audit", "suppressed", "--out", "-", "--format", "sarif", "--no-timestamp", "--quiet"], io),
    ).toBe(0);
    const log = JSON.parse(io.out()) as {
      runs: Array<{
        results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; justification: string }> }>;
      }>;
    };
    const todo = log.runs[0]?.results.filter((r) => r.ruleId === "generic/todo-comment") ?? [];
    expect(todo.map((r) => r.suppressions)).toEqual([
      [{ kind: "inSource", status: "accepted", justification: "tracked in the roadmap" }],
    ]);
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(root, "schema", "sarif-2.1.0.json"), "utf8")));
    expect(validate(log)).toBe(true);
  });
});
