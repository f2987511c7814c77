/// <reference lib="dom" />
// delta.html: rendered from a delta over a small real history (gates, new and fixed findings, change map), written
// by `codeaudit delta --format html`, and opened once in chromium.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempRepo, type TempRepo } from "../../test/delta-git-repo.js";
import { chromiumMissing, launchChromium } from "../../test/helpers/chromium.js";
import { registerDeltaCommand } from "../cli/delta.js";
import { renderDeltaHtml } from "./render-delta-html.js";
import { runDelta, type DeltaRun } from "./run-delta.js";

const missing = chromiumMissing();

describe("delta.html", () => {
  let repo: TempRepo;
  let base: string;
  let run: DeltaRun;
  let outDir: string;

  beforeAll(async () => {
    repo = tempRepo();
    base = repo.commit("base", {
      "README.md": "# Project\n",
      "app/__init__.py": "",
      "app/util.py": "def helper(value):\n    return value\n",
      "app/legacy.py": "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n",
    });
    repo.commit("<b>feature</b>", {
      "app/legacy.py": "import json\n\n\ndef load(blob):\n    return json.loads(blob)\n",
      "app/service.py": "from app.util import helper\n\n\ndef run(expr):\n    return eval(helper(expr))\n",
      "app/util.py": "def helper(value):\n    return str(value)\n",
    });
    run = await runDelta({ path: repo.root, range: `${base}..HEAD`, jobs: 1, noTimestamp: true });
    outDir = mkdtempSync(join(tmpdir(), "codeaudit-delta-html-"));
  });
  afterAll(() => {
    repo.cleanup();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("shows the score change, every gate with its status, new and fixed findings and the change map", () => {
    const html = renderDeltaHtml(run.report);
    const report = run.report;
    expect(report.findings.new.length).toBeGreaterThan(0);
    expect(report.findings.fixed.length).toBeGreaterThan(0);
    expect(html.match(/<tr class="gate" data-status="/g)).toHaveLength(report.gates.length);
    for (const gate of report.gates) expect(html).toContain(`data-status="${gate.status}"`);
    for (const f of [...report.findings.new, ...report.findings.fixed])
      expect(html).toContain(`id="finding-${f.id}"`);
    expect(html).toContain("<code>app/service.py</code> imports <code>app/util.py</code>");
    expect(html).toContain(`${report.scores.base.score} → ${report.scores.head.score}`);
    // A commit subject is data: escaped, never markup; the page runs no script at all.
    expect(html).toContain("&lt;b&gt;feature&lt;/b&gt;");
    expect(html).toContain("script-src 'none'");
    expect(html).not.toContain("<script");
  });

  it("is written by `codeaudit delta --format html`", async () => {
    const program = new Command().exitOverride();
    const stdout = new PassThrough();
    const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
    let code = 0;
    registerDeltaCommand(program, { stdout, stderr, env: {}, cwd: repo.root }, (c) => (code = c));
    await program.parseAsync([
      "node",
      "codeaudit",
      "delta",
      `${base}..HEAD`,
      repo.root,
      ...["--out", outDir, "--format", "html", "--no-timestamp", "--quiet", "--jobs", "1"],
    ]);
    expect(code).toBe(0);
    const html = readFileSync(join(outDir, "delta.html"), "utf8");
    expect(html).toContain("<h2>Quality gates</h2>");
  });

  it.skipIf(missing !== null)(
    "renders in chromium with its gates and findings, no request off the file",
    async () => {
      const { context, close } = await launchChromium();
      try {
        const page = await context.newPage();
        const offsite: string[] = [];
        const errors: string[] = [];
        page.on("request", (request) => {
          if (!request.url().startsWith("file:")) offsite.push(request.url());
        });
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(pathToFileURL(join(outDir, "delta.html")).href);
        expect(await page.$$eval("tr.gate", (rows) => rows.length)).toBe(run.report.gates.length);
        expect(await page.$$eval(".finding", (cards) => cards.length)).toBe(
          run.report.findings.new.length + run.report.findings.fixed.length,
        );
        await page.emulateMedia({ colorScheme: "dark" });
        expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
          "rgb(18, 21, 28)",
        );
        expect(offsite).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    },
  );
});
