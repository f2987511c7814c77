import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { auditFixture } from "../../../test/helpers/render-fixture.js";
import type { Audit } from "../../model/audit.js";
import type { AuditTrendPoint } from "../../model/trend.js";
import { inlineMarkdown, scriptJson } from "./escape.js";
import { renderHtml } from "./render-html.js";
import { buildDashboardView, sortFindings, trendChart, type DashboardData } from "./view-model.js";

let audit: Audit;
beforeAll(async () => {
  audit = await auditFixture(join(import.meta.dirname, "../../../test/fixtures/python-service"));
});

type Row = { id: string; patch: string; messageHtml: string; path: string | null; snippet: string };

/** The page's JSON block, read back as the browser's JSON.parse would and unpacked as the page's script does. */
function dataOf(html: string): { findings: Row[] } {
  const match = /<script type="application\/json" id="findings-data">([\s\S]*?)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  const data = JSON.parse(match?.[1] ?? "{}") as DashboardData;
  const text = (value: unknown): unknown =>
    typeof value === "number" ? data.strings[value] : Array.isArray(value) ? value.map(text) : value;
  const numeric = new Set(["id", "sev", "line"]);
  const findings = data.rows.map(
    (row) =>
      Object.fromEntries(
        data.columns.map((column, i) => [column, numeric.has(column) ? row[i] : text(row[i])]),
      ) as Row,
  );
  return { findings };
}

describe("renderHtml", () => {
  it("carries every finding's ready-to-apply patch in the data block, and none for findings without one", () => {
    const html = renderHtml(audit);
    const data = dataOf(html);
    const patched = audit.findings.filter((f) => f.patch);
    expect(patched.length).toBeGreaterThan(0);
    expect(data.findings.filter((f) => f.patch !== "")).toHaveLength(patched.length);
    expect(data.findings.find((f) => f.id === patched[0]?.id)?.patch).toContain(
      `--- a/${patched[0]?.location?.path ?? ""}`,
    );
  });

  it("is one self-contained page: a CSP that forbids the network, no external URL in src or href", () => {
    const html = renderHtml(audit);
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'/,
    );
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("links every action and top risk to a finding anchor, and lists findings by severity, area, path, line", () => {
    const view = buildDashboardView(audit);
    const ids = new Set(audit.findings.map((f) => f.id));
    expect(view.actions.length).toBeGreaterThan(0);
    for (const action of view.actions) expect(ids.has(action.firstHref.replace("#finding-", ""))).toBe(true);
    for (const risk of view.risks) expect(ids.has(risk.href.replace("#finding-", ""))).toBe(true);
    const html = renderHtml(audit);
    for (const action of view.actions)
      expect(html).toContain(`class="action-link" href="${action.firstHref}"`);
    const ranks = view.findings.map((f) => f.sev);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(view.findings.map((f) => f.id)).toEqual(sortFindings(audit).map((f) => f.id));
  });

  it("renders inline Markdown safely in the data and escapes XSS attempts in messages and paths", () => {
    const first = audit.findings[0];
    if (!first) throw new Error("fixture has findings");
    const hostile: Audit = {
      ...audit,
      findings: [
        {
          ...first,
          id: "hostile",
          message:
            'Use `a<b>` and **bold** <img src=x onerror=alert(1)> [x](javascript:alert(1)) [docs](https://example.org/a?b=1&c="2")',
          location: { path: "src/<img src=x onerror=alert(1)>.py", startLine: 1, endLine: 1 },
          evidence: { snippet: "</script><script>alert(1)</script>" },
        },
      ],
    };
    const html = renderHtml(hostile);
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("</script><script>alert");
    const row = dataOf(html).findings[0];
    expect(row?.path).toBe("src/<img src=x onerror=alert(1)>.py");
    expect(row?.messageHtml).toBe(
      "Use <code>a&lt;b&gt;</code> and <strong>bold</strong> &lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1)) [docs](https://example.org/a?b=1&amp;c=&quot;2&quot;)",
    );
  });
});

describe("inlineMarkdown", () => {
  it("turns code spans, emphasis and http(s) links into HTML and leaves everything else as text", () => {
    expect(inlineMarkdown("Set `FOO_BAR` in *prod* or __x__")).toBe(
      "Set <code>FOO_BAR</code> in <em>prod</em> or __x__",
    );
    expect(inlineMarkdown("snake_case_name stays")).toBe("snake_case_name stays");
    expect(inlineMarkdown("security/*secret* findings")).toBe("security/*secret* findings");
    expect(inlineMarkdown("see [the docs](https://example.org/x)")).toBe(
      'see <a href="https://example.org/x" rel="noopener noreferrer" target="_blank">the docs</a>',
    );
    expect(inlineMarkdown("[x](javascript:alert(1))")).toBe("[x](javascript:alert(1))");
    expect(inlineMarkdown("[x](//evil.example/)")).toBe("[x](//evil.example/)");
    expect(inlineMarkdown("<script>")).toBe("&lt;script&gt;");
    expect(inlineMarkdown("`` `tick` ``")).toBe("<code>`tick`</code>");
  });

  it("writes JSON that cannot close its script block", () => {
    const json = scriptJson({ text: "</script><!-- & \u2028" });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual({ text: "</script><!-- & \u2028" });
  });
});

describe("trend chart", () => {
  const point = (day: number, score: number, high: number): AuditTrendPoint => ({
    runId: String(day),
    recordedAt: `2026-11-0${day}T10:00:00Z`,
    commit: `abc${day}def0123`,
    branch: "main",
    toolVersion: "0.1.0",
    grade: score >= 80 ? "B" : "C",
    score,
    verdictStatus: "ready-after-fixes",
    counts: { critical: 0, high, medium: 3, low: 1, info: 0 },
    areaScores: {},
  });

  it("draws score and counts by severity from two runs on, oldest first, and nothing for fewer", () => {
    expect(trendChart([point(1, 70, 2)])).toBeNull();
    const chart = trendChart([point(3, 85, 0), point(1, 70, 2), point(2, 75, 1)]);
    expect(chart?.labels).toEqual(["2026-11-01 abc1def", "2026-11-02 abc2def", "2026-11-03 abc3def"]);
    expect(chart?.scoreDots.map((d) => [d.score, d.band])).toEqual([
      [70, "c"],
      [75, "c"],
      [85, "b"],
    ]);
    expect(chart?.countLines.map((l) => l.severity)).toEqual(["high", "medium", "low"]);
    const html = renderHtml(audit, { trend: [point(1, 70, 2), point(2, 75, 1)] });
    expect(html).toContain('<section id="trend">');
    expect(html).toContain('<a href="#trend">Trend</a>');
    expect(renderHtml(audit)).not.toContain('id="trend"');
  });
});
