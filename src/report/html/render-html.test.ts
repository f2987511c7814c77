import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditFixture } from "../../../test/helpers/render-fixture.js";
import { renderHtml } from "./render-html.js";

describe("renderHtml", () => {
  it("shows a finding's ready-to-apply patch, escaped, and nothing for findings without one", async () => {
    const audit = await auditFixture(join(import.meta.dirname, "../../../test/fixtures/python-service"));
    const html = renderHtml(audit);
    const patched = audit.findings.find((f) => f.patch);
    expect(patched).toBeDefined();
    expect(html).toContain("<summary>Patch (<code>git apply</code> accepts it)</summary>");
    expect(html).toContain(`--- a/${patched?.location?.path ?? ""}`);
    expect(html.split("<summary>Patch").length - 1).toBe(audit.findings.filter((f) => f.patch).length);
  });
});
