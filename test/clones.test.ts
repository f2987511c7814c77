// Clone detection over the clones fixture: exact, renamed, overlapping and in-file copies; near-misses and
// generated copies left out; a golden of the clone classes; the same classes on every run.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { ClonesFacts } from "../src/facts/clones/index.js";
import { DEFAULT_COLLECT_SETTINGS } from "../src/facts/define.js";
import { renderHtml } from "../src/report/html/render-html.js";
import { renderMarkdown } from "../src/report/markdown/render-markdown.js";
import { analyseFiles } from "./helpers/audit-harness.js";
import { auditFixture } from "./helpers/render-fixture.js";

const fixture = join(import.meta.dirname, "fixtures", "clones");

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path).split("\\\\").join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return files;
}

async function clonesOf(files: Record<string, string>, minTokens = 50): Promise<ClonesFacts> {
  const result = await analyseFiles(files, {
    collect: {
      ...DEFAULT_COLLECT_SETTINGS,
      duplication: { enabled: true, minTokens, minLines: 6, languages: {} },
    },
  });
  return result.facts.clones;
}

const placesOf = (clones: ClonesFacts): string[][] =>
  clones.classes.map((c) => c.places.map((p) => `${p.path}:${p.startLine}-${p.endLine}`));

describe("clone classes", async () => {
  const files = readTree(fixture);
  const clones = await clonesOf(files);

  it("finds an exact copy across TypeScript and JavaScript", () => {
    const found = clones.classes.find((c) => c.places.some((p) => p.path === "src/orders/order-total.js"));
    expect(found?.kind).toBe("identical");
    expect(found?.places.map((p) => `${p.path}:${p.startLine}-${p.endLine}`)).toEqual([
      "src/billing/invoice-total.ts:4-15",
      "src/orders/order-total.js:3-14",
    ]);
  });

  it("finds a renamed copy (other names and literals) with its test copy as one class", () => {
    const found = clones.classes.find((c) => c.places.some((p) => p.path === "src/reports/weekly.py"));
    expect(found?.kind).toBe("renamed");
    expect(found?.places.map((p) => p.path)).toEqual([
      "src/reports/monthly.py",
      "src/reports/weekly.py",
      "tests/test_monthly_copy.py",
    ]);
  });

  it("finds a copy inside one file", () => {
    const found = clones.classes.find((c) => c.places.every((p) => p.path === "src/shipping/rates.go"));
    expect(found?.places.map((p) => `${p.startLine}-${p.endLine}`)).toEqual(["5-17", "19-31"]);
  });

  it("keeps overlapping copies as the longest fragment for two places and the shared head for three", () => {
    const users = placesOf(clones).filter((places) => places.some((p) => p.includes("normalise-user")));
    expect(users).toEqual([
      ["src/billing/normalise-user.js:2-19", "src/orders/normalise-user.js:1-18"],
      ["src/billing/normalise-user.js:2-10", "src/orders/normalise-user.js:1-9", "tools/import-users.js:1-9"],
    ]);
  });

  it("leaves out near-misses below the thresholds and generated files", () => {
    const paths = clones.classes.flatMap((c) => c.places.map((p) => p.path));
    expect(paths).not.toContain("src/billing/format.ts");
    expect(paths).not.toContain("gen/users.js");
  });

  it("counts duplicated lines per language and per top-level folder", () => {
    expect(clones.total.codeLines).toBeGreaterThan(clones.total.duplicatedLines);
    expect(clones.byLanguage.map((row) => row.language)).toEqual([
      "javascript",
      "python",
      "go",
      "typescript",
    ]);
    expect(clones.byFolder.find((row) => row.folder === "tools")).toMatchObject({ duplicatedLines: 9 });
  });

  it("finds smaller copies with a lower per-run threshold", async () => {
    const small = await clonesOf(files, 12);
    expect(small.classes.some((c) => c.places.some((p) => p.path === "src/billing/format.ts"))).toBe(false);
    const perLanguage = await analyseFiles(files, {
      collect: {
        ...DEFAULT_COLLECT_SETTINGS,
        duplication: { enabled: true, minTokens: 50, minLines: 6, languages: { python: { minTokens: 200 } } },
      },
    });
    expect(perLanguage.facts.clones.classes.some((c) => c.places[0]?.language === "python")).toBe(false);
  });

  it("searches nothing when turned off", async () => {
    const off = await analyseFiles(files, {
      collect: {
        ...DEFAULT_COLLECT_SETTINGS,
        duplication: { ...DEFAULT_COLLECT_SETTINGS.duplication, enabled: false },
      },
    });
    expect(off.facts.clones.filesSearched).toBe(0);
    expect(off.facts.files.some((file) => "clone-tokens" in file.facts)).toBe(false);
  });

  it("gives the same classes in the same order on every run", async () => {
    const again = await clonesOf(Object.fromEntries(Object.entries(files).reverse()));
    expect(again.classes).toEqual(clones.classes);
  });

  it("renders the golden clone classes", async () => {
    await expect(JSON.stringify(clones, null, 2) + "\n").toMatchFileSnapshot(
      "./__golden__/clones.classes.json",
    );
  });

  it("shows the duplication in audit.json, AUDIT.md and the HTML report", async () => {
    const audit = await auditFixture(fixture);
    expect(audit.duplication?.total).toEqual(clones.total);
    expect(audit.duplication?.largestClasses).toHaveLength(clones.classes.length);
    expect(renderMarkdown(audit)).toContain(
      `- **Duplicated code:** ${clones.total.identicalPercent}% of code lines in identical copies`,
    );
    expect(renderHtml(audit)).toContain(`<h2>Duplication</h2>\n<p><b>${clones.total.identicalPercent}%</b>`);
  });
});
