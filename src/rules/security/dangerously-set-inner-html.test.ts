import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/dangerously-set-inner-html", () => {
  it("fires on __html fed with a variable, in JSX and createElement", async () => {
    const findings = await findingsOf("node/dangerously-set-inner-html", {
      "src/Comment.tsx":
        'export const Comment = ({ body }: { body: string }) => (\n  <div className="c" dangerouslySetInnerHTML={{ __html: body }} />\n);\n',
      "src/legacy.ts": "React.createElement('div', { dangerouslySetInnerHTML: { __html: marked(text) } });\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "src/Comment.tsx:2",
      "src/legacy.ts:1",
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
});
