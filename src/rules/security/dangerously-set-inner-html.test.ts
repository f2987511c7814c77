import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/dangerously-set-inner-html", () => {
  it("fires high on unsanitized Markdown or URL input, low on HTML of unknown origin", async () => {
    const findings = await findingsOf("node/dangerously-set-inner-html", {
      "src/Comment.tsx":
        'export const Comment = ({ body }: { body: string }) => (\n  <div className="c" dangerouslySetInnerHTML={{ __html: body }} />\n);\n',
      "src/legacy.ts": "React.createElement('div', { dangerouslySetInnerHTML: { __html: marked(text) } });\n",
      "src/Preview.tsx": [
        "const html = new URLSearchParams(location.search).get('preview');",
        "export const Preview = () => <div dangerouslySetInnerHTML={{ __html: html }} />;",
      ].join("\n"),
    });
    expect(findings.map((f) => [`${f.location?.path}:${f.location?.startLine}`, f.severity])).toEqual([
      ["src/Comment.tsx:2", "low"],
      ["src/Preview.tsx:2", "high"],
      ["src/legacy.ts:1", "high"],
    ]);
  });

  it("stays silent on literal or sanitized HTML", async () => {
    const findings = await findingsOf("node/dangerously-set-inner-html", {
      "src/Safe.tsx": [
        "export const A = () => <div dangerouslySetInnerHTML={{ __html: '<b>fixed</b>' }} />;",
        "export const B = ({ html }: { html: string }) => <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html) }} />;",
        "export const C = () => <div dangerouslySetInnerHTML={{ __html: `<i>static</i>` }} />;",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("follows a variable to a sanitizer, and stays silent on translations and escaped JSON for a script", async () => {
    const findings = await findingsOf("node/dangerously-set-inner-html", {
      "src/Label.tsx": [
        "import { sanitizeSurveyHtml } from './html';",
        "export const Label = ({ raw }: { raw: string }) => {",
        "  const safeHtml = raw ? sanitizeSurveyHtml(raw) : '';",
        "  return <div dangerouslySetInnerHTML={{ __html: safeHtml }} />;",
        "};",
        "export const Intro = ({ t }: { t: (k: string) => string }) => <p dangerouslySetInnerHTML={{ __html: t('setup.intro.paragraph_1') }} />;",
        "export const Config = ({ config }: { config: object }) => {",
        "  const serialized = JSON.stringify(config).replaceAll('<', '\\\\u003c');",
        "  return <script dangerouslySetInnerHTML={{ __html: `window.CONFIG=${serialized};` }} />;",
        "};",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("keeps a <style> element's CSS and an unresolved variable at low", async () => {
    const findings = await findingsOf("node/dangerously-set-inner-html", {
      "src/Chart.tsx": [
        "export const Style = ({ id, colors }: { id: string; colors: string[] }) => (",
        "  <style dangerouslySetInnerHTML={{ __html: colors.map((c) => `[data-chart=${id}] { --c: ${c}; }`).join('') }} />",
        ");",
      ].join("\n"),
    });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
  });
});
