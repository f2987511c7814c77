// The monorepo fixture: both apps detected, planted generic problems found, golden AUDIT.md.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/report/markdown/render-markdown.js";
import { auditFixture } from "./helpers/render-fixture.js";

const fixture = join(import.meta.dirname, "fixtures", "generic-monorepo");

describe("generic-monorepo fixture", async () => {
  const audit = await auditFixture(fixture);

  it("detects both apps", () => {
    expect(audit.repository.apps.map((app) => `${app.ecosystem}:${app.path}`)).toEqual([
      "go:services/api",
      "node:web",
    ]);
  });

  it("finds the planted generic problems with exact locations", () => {
    const found = audit.findings
      .filter((f) => f.ruleId.startsWith("generic/"))
      .map((f) => `${f.ruleId} ${f.location ? `${f.location.path}:${f.location.startLine}` : "repository"}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "generic/todo-cluster services/api/main.go:9",
        "generic/stub-implementation services/api/quota.go:4",
        "generic/stub-implementation web/src/api.ts:6",
        "generic/empty-source-file web/src/legacy.ts:1",
        "generic/env-undocumented web/src/api.ts:2",
      ]),
    );
    expect(found.filter((f) => f.startsWith("generic/env-undocumented"))).toHaveLength(1);
  });

  it("renders the golden AUDIT.md", async () => {
    await expect(renderMarkdown(audit)).toMatchFileSnapshot("./__golden__/generic-monorepo.AUDIT.md");
  });
});
