// The built CLI gives byte-identical reports whatever the machine's locale: the locale-order fixture has
// names that Swedish (ä after z), Turkish (ı before I) and English collation each sort differently.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const cli = join(root, "bin", "codeaudit.js");
const LOCALES = ["C.UTF-8", "sv_SE.UTF-8", "tr_TR.UTF-8"];
const REPORTS = ["AUDIT.md", "audit.json", "audit.sarif"];

/** The environment with only the given locale: Node's ICU takes its default locale from LANG/LC_ALL. */
function envFor(locale: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1" };
  for (const [name, value] of Object.entries(process.env))
    if (!/^(LANG|LANGUAGE|LC_\w+)$/.test(name)) env[name] = value;
  return { ...env, LANG: locale, LC_ALL: locale };
}

describe("reports do not depend on the locale", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "codeaudit-locale-"));
    cpSync(join(root, "test", "fixtures", "locale-order"), join(work, "repo"), { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("the locales really collate differently (so the comparison below means something)", () => {
    const names = JSON.stringify([
      "src/zebra.js",
      "src/äpple.js",
      "src/Ispanak.js",
      "src/ılık.js",
      "src/Banana.js",
    ]);
    const orders = LOCALES.map((locale) => {
      const run = spawnSync(
        process.execPath,
        ["-e", `process.stdout.write(${names}.sort((a, b) => a.localeCompare(b)).join(" "))`],
        { encoding: "utf8", env: envFor(locale) },
      );
      expect(run.status, run.stderr).toBe(0);
      return run.stdout;
    });
    expect(new Set(orders).size).toBe(LOCALES.length);
  });

  it("writes byte-identical AUDIT.md, audit.json and audit.sarif under C, Swedish and Turkish locales", () => {
    expect(existsSync(join(root, "dist", "cli", "main.js")), "run `npm run build` first").toBe(true);
    const outputs = LOCALES.map((locale) => {
      const out = join(work, `out-${locale}`);
      const run = spawnSync(
        process.execPath,
        [cli, "audit", "repo", "--out", out, "--no-timestamp", "--quiet", "--format", "md,json,sarif"],
        { cwd: work, encoding: "utf8", env: envFor(locale) },
      );
      expect(run.stderr).toBe("");
      return Object.fromEntries(REPORTS.map((name) => [name, readFileSync(join(out, name), "utf8")]));
    });
    const [reference, ...others] = outputs;
    // The fixture must exercise the sorted lists: several findings and a located metrics fact.
    expect(reference?.["AUDIT.md"]).toMatch(/src\/Ispanak\.js/);
    for (const [index, other] of others.entries())
      for (const name of REPORTS)
        expect(other[name], `${name} under ${LOCALES[index + 1]}`).toBe(reference?.[name]);
  });
});
