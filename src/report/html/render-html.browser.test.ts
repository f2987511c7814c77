/// <reference lib="dom" />
// audit.html in Debian's chromium: filters, links, the hash, dark mode, print and a screenshot. One browser for
// the file; run alone with `npx vitest run src/report/html/render-html.browser.test.ts`.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumMissing, launchChromium } from "../../../test/helpers/chromium.js";
import { auditFixture } from "../../../test/helpers/render-fixture.js";
import type { Audit } from "../../model/audit.js";
import type { Finding } from "../../model/finding.js";
import { renderHtml } from "./render-html.js";
import { buildDashboardView, type FindingRow } from "./view-model.js";

const missing = chromiumMissing();
const SEVERITY_NAMES = ["critical", "high", "medium", "low", "info"];
const HOSTILE = "<img src=x onerror=alert(1)>";

describe.skipIf(missing !== null)("audit.html in chromium", () => {
  let dir: string;
  let audit: Audit;
  let rows: FindingRow[];
  let context: BrowserContext;
  let close: () => Promise<void>;
  const offsite: string[] = [];
  const problems: string[] = [];

  /** Writes a page and opens it in a new tab that records any request off the file and any console error. */
  async function open(name: string, html: string, hash = ""): Promise<Page> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await context.newPage();
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) offsite.push(request.url());
    });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("dialog", (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(file).href + hash);
    return page;
  }

  const visibleIds = (page: Page): Promise<string[]> =>
    page.$$eval("#finding-list .finding", (nodes) => nodes.map((node) => node.id.replace(/^finding-/, "")));
  const firstPage = (list: FindingRow[]): string[] => list.slice(0, 100).map((f) => f.id);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "codeaudit-html-"));
    const base = await auditFixture(join(import.meta.dirname, "../../../test/fixtures/python-service"));
    const first = base.findings[0] as Finding;
    const hostile: Finding = {
      ...first,
      id: "hostile0000000001",
      severity: "low",
      confidence: "heuristic",
      message: `Path ${HOSTILE} and [click](javascript:alert(1)) and \`</script><script>alert(2)</script>\``,
      location: { path: `tools/${HOSTILE}.py`, startLine: 3, endLine: 3 },
    };
    audit = { ...base, findings: [...base.findings, hostile] };
    rows = buildDashboardView(audit).findings;
    ({ context, close } = await launchChromium());
  });

  afterAll(async () => {
    await close?.();
    rmSync(dir, { recursive: true, force: true });
    expect(offsite).toEqual([]);
  });

  it("lists every finding worst first, runs its script under the CSP and shows hostile text as text", async () => {
    const page = await open("audit.html", renderHtml(audit));
    expect(rows.length).toBeLessThan(100);
    expect(await visibleIds(page)).toEqual(rows.map((f) => f.id));
    expect(await page.textContent("#result-count")).toBe(`${rows.length} findings`);
    expect(await page.$$eval("#finding-list img", (n) => n.length)).toBe(0);
    expect(await page.$$eval('a[href^="javascript:"]', (n) => n.length)).toBe(0);
    expect(await page.textContent("#finding-hostile0000000001 .where")).toBe(`tools/${HOSTILE}.py:3`);
    expect(await page.textContent("#finding-hostile0000000001 .message")).toContain(HOSTILE);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("filters by area, severity, rule, path, confidence and text, alone and combined", async () => {
    const page = await open("audit.html", renderHtml(audit));
    const areas = [...new Set(rows.map((f) => f.area))];
    const area = areas.find((a) => rows.some((f) => f.area !== a)) as string;
    await page.selectOption("#f-area", area);
    expect(await visibleIds(page)).toEqual(firstPage(rows.filter((f) => f.area === area)));
    await page.selectOption("#f-area", "");

    await page.selectOption("#f-sev", ["critical", "high"]);
    const severe = rows.filter((f) => f.sev <= 1);
    expect(severe.length).toBeGreaterThan(0);
    expect(await visibleIds(page)).toEqual(firstPage(severe));
    await page.selectOption("#f-sev", []);

    const rule = rows[rows.length - 1]?.rule as string;
    await page.selectOption("#f-rule", rule);
    expect(await visibleIds(page)).toEqual(firstPage(rows.filter((f) => f.rule === rule)));
    await page.selectOption("#f-rule", "");

    await page.selectOption("#f-conf", "heuristic");
    expect(await visibleIds(page)).toEqual(firstPage(rows.filter((f) => f.conf === "heuristic")));
    await page.selectOption("#f-conf", "");

    const folder = rows.find((f) => f.path?.includes("/"))?.path?.split("/")[0] as string;
    await page.fill("#f-path", `/${folder}/`);
    expect(await visibleIds(page)).toEqual(firstPage(rows.filter((f) => f.path?.startsWith(`${folder}/`))));
    await page.fill("#f-path", ".py");
    expect(await visibleIds(page)).toEqual(firstPage(rows.filter((f) => f.path?.includes(".py"))));
    await page.fill("#f-path", "");

    const word = (rows[0]?.title.split(" ").find((w) => w.length > 5) ?? "secret").toLowerCase();
    await page.fill("#f-q", word.toUpperCase());
    const byText = rows.filter(
      (f) =>
        f.title.toLowerCase().includes(word) ||
        f.messageHtml.toLowerCase().includes(word) ||
        f.snippet.toLowerCase().includes(word) ||
        f.rule.includes(word) ||
        (f.path ?? "").toLowerCase().includes(word),
    );
    expect(await visibleIds(page)).toEqual(firstPage(byText));

    await page.fill("#f-q", "");
    await page.selectOption("#f-area", area);
    await page.selectOption("#f-sev", ["medium", "low"]);
    const combined = rows.filter((f) => f.area === area && (f.sev === 2 || f.sev === 3));
    expect(await visibleIds(page)).toEqual(firstPage(combined));

    // The hash carries the view: opening the same URL elsewhere shows the same rows and controls.
    const url = page.url();
    expect(url).toContain(`#findings?area=${area}&sev=medium%2Clow`);
    const again = await context.newPage();
    await again.goto(url);
    expect(await visibleIds(again)).toEqual(firstPage(combined));
    expect(await again.inputValue("#f-area")).toBe(area);
    await again.close();
    await page.close();
  });

  it("opens an action's finding from its link, even when the filters hid it", async () => {
    const page = await open("audit.html", renderHtml(audit));
    await page.fill("#f-q", "no finding says this");
    expect(await visibleIds(page)).toEqual([]);
    const link = page.locator(".action-link").first();
    const id = ((await link.getAttribute("href")) ?? "").replace("#finding-", "");
    await link.click();
    const card = page.locator(`#finding-${id}`);
    await card.waitFor();
    const state = await card.evaluate((node) => ({
      top: node.getBoundingClientRect().top,
      height: window.innerHeight,
      open: Array.from(node.querySelectorAll("details")).every((d) => d.open),
      focus: node.classList.contains("focus"),
    }));
    expect(state.top).toBeGreaterThanOrEqual(-1);
    expect(state.top).toBeLessThan(state.height);
    expect(state).toMatchObject({ open: true, focus: true });
    // The same link again, with the hash already pointing at it, still brings the finding back into view.
    await page.evaluate(() => window.scrollTo(0, 0));
    await link.click();
    await page.waitForFunction(
      (selector) =>
        Math.abs(document.querySelector(selector)?.getBoundingClientRect().top ?? 1e6) < window.innerHeight,
      `#finding-${id}`,
    );
    await page.close();
  });

  it("follows the colour scheme, and prints every finding with its blocks open and no controls", async () => {
    const page = await open("audit.html", renderHtml(audit));
    const background = (): Promise<string> =>
      page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: "light" });
    expect(await background()).toBe("rgb(255, 255, 255)");
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await background()).toBe("rgb(18, 21, 28)");

    await page.selectOption("#f-sev", [SEVERITY_NAMES[rows[0]?.sev ?? 0] as string]);
    const filtered = (await visibleIds(page)).length;
    expect(filtered).toBeLessThan(rows.length);
    await page.emulateMedia({ media: "print" });
    await page.waitForFunction(
      (n) => document.querySelectorAll("#finding-list .finding").length === n,
      rows.length,
    );
    expect(await page.$eval(".controls", (node) => getComputedStyle(node).display)).toBe("none");
    expect(await page.$$eval("#finding-list details:not([open])", (n) => n.length)).toBe(0);
    await page.emulateMedia({ media: "screen" });
    await page.waitForFunction(
      (n) => document.querySelectorAll("#finding-list .finding").length === n,
      filtered,
    );
    await page.close();
  });

  it("renders something to look at (the screenshot is not one colour)", async () => {
    const page = await open("audit.html", renderHtml(audit, { trend: trendOf(audit) }));
    await page.setViewportSize({ width: 1200, height: 1400 });
    const png = await page.screenshot({ fullPage: false });
    writeFileSync(join(tmpdir(), "codeaudit-audit-html.png"), png);
    expect(await distinctColours(png)).toBeGreaterThan(20);
    await page.close();
  });

  it("stays under 2 MB and quick with 4,000 findings: paged, filters measured, a deep link opens page 26", async () => {
    const many: Finding[] = Array.from({ length: 4000 }, (_, i) => {
      const model = audit.findings[i % audit.findings.length] as Finding;
      return {
        ...model,
        id: `scale${String(i).padStart(12, "0")}`,
        location: {
          path: `pkg${i % 40}/sub${i % 7}/file${i}.go`,
          startLine: (i % 300) + 1,
          endLine: (i % 300) + 3,
        },
      };
    });
    const html = renderHtml({ ...audit, findings: many });
    expect(Buffer.byteLength(html)).toBeLessThan(2_000_000);
    const page = await open("scale.html", html);
    expect(await page.$$eval("#finding-list .finding", (n) => n.length)).toBe(100);
    const timings: Record<string, number> = {};
    const measure = async (name: string, act: () => Promise<void>): Promise<void> => {
      await act();
      timings[`${name} filter`] = Number(await page.getAttribute("body", "data-filter-ms"));
      timings[`${name} render`] = Number(await page.getAttribute("body", "data-render-ms"));
    };
    await measure("area", () => page.selectOption("#f-area", many[0]?.area as string).then(() => undefined));
    await measure("severity", () => page.selectOption("#f-sev", ["high", "medium"]).then(() => undefined));
    await measure("path", () => page.fill("#f-path", "pkg3"));
    await measure("search", () => page.fill("#f-q", "sql"));
    await measure("clear", () => page.click("#f-clear"));
    console.log(
      `filtering 4,000 findings and rendering the first page of 100 (ms): ${JSON.stringify(timings)}`,
    );
    for (const ms of Object.values(timings)) expect(ms).toBeLessThan(1000);
    const sorted = buildDashboardView({ ...audit, findings: many }).findings;
    const deep = sorted[2550]?.id as string;
    await page.evaluate((id) => (location.hash = `#finding-${id}`), deep);
    await page.locator(`#finding-${deep}`).waitFor();
    expect(await page.locator(".page-info").first().textContent()).toContain("page 26 of 40");
    await page.close();
  });

  /** Counts the colours of a PNG in a blank tab (the report's CSP forbids loading it there). */
  async function distinctColours(png: Buffer): Promise<number> {
    const blank = await context.newPage();
    const count = await blank.evaluate(async (data) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.width;
      canvas.height = image.height;
      const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
      ctx.drawImage(image, 0, 0);
      const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < pixels.length; i += 4)
        seen.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
      return seen.size;
    }, png.toString("base64"));
    await blank.close();
    return count;
  }
});

function trendOf(
  audit: Audit,
): Parameters<typeof renderHtml>[1] extends infer O
  ? NonNullable<O extends { trend?: infer T } ? T : never>
  : never {
  return [70, 76, audit.summary.score].map((score, i) => ({
    runId: String(i),
    recordedAt: `2026-10-0${i + 1}T09:00:00Z`,
    commit: `${i}abcdef012345`,
    branch: "main",
    toolVersion: audit.tool.version,
    grade: audit.summary.grade,
    score,
    verdictStatus: audit.summary.verdictStatus,
    counts: { ...audit.summary.counts, high: audit.summary.counts.high + 2 - i },
    areaScores: {},
  }));
}
