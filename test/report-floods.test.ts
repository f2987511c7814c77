// No floods in AUDIT.md: one rule's many findings collapse to the worst places with the count, the effort is for those
// places only, and a search note shared by several findings of a section is printed once.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/report/markdown/render-markdown.js";
import { buildAudit } from "../src/score/build-audit.js";
import { analyseFiles } from "./helpers/audit-harness.js";

describe("floods", () => {
  it("collapse beyond ten places to the five worst, with the full list kept in audit.json", async () => {
    const files: Record<string, string> = { "go.mod": "module example.com/api\n\ngo 1.22\n" };
    for (let i = 0; i < 14; i++) {
      const extra = "\tn++\n".repeat(i);
      files[`internal/h${String(i).padStart(2, "0")}/h.go`] =
        `package h\n\nimport "strconv"\n\nfunc Parse(s string) int {\n\tn, _ := strconv.Atoi(s)\n${extra}\treturn n\n}\n`;
    }
    const result = await analyseFiles(files);
    const audit = buildAudit(result, { toolVersion: "0", generatedAt: null, weights: {} });
    const action = audit.actions.find((a) => a.ruleId === "go/ignored-error");
    expect([action?.count, action?.collapsed, action?.shownIds.length, action?.findingIds.length]).toEqual([
      14,
      true,
      5,
      14,
    ]);
    const md = renderMarkdown(audit);
    const block = md.slice(
      md.indexOf("— Error return value ignored**"),
      md.indexOf("**Suggested fix:**", md.indexOf("— Error return value ignored**")),
    );
    expect(block).toContain(
      "**Evidence:** 14 places; the 5 worst (largest, most certain) first — every place is in audit.json and audit.html:",
    );
    expect(block).toContain("… and 9 more of the same kind");
    expect(block.match(/^ {5}- `internal\//gm)).toHaveLength(5);
    expect(block).toMatch(/\*\*Effort:\*\* [^\n]* for the 5 worst of 14 places/);
  });

  it("print a search note repeated by several findings of a section once", async () => {
    const result = await analyseFiles({
      "go.mod": "module example.com/api\n\ngo 1.22\n",
      "cmd/api/main.go": "package main\n\nfunc main() {}\n",
      "cmd/api/main_test.go": 'package main\n\nimport "testing"\n\nfunc TestMain(t *testing.T) {}\n',
      ".github/workflows/ci.yml":
        "on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go build ./...\n",
    });
    const audit = buildAudit(result, { toolVersion: "0", generatedAt: null, weights: {} });
    const gates = audit.findings.filter((f) => f.ruleId === "ci/missing-gate");
    const searched = gates[0]?.evidence.searched ?? "";
    expect(gates.length).toBeGreaterThan(1);
    expect(gates.every((f) => f.evidence.searched === searched)).toBe(true);
    const md = renderMarkdown(audit);
    const ci = md.slice(md.indexOf("## 10. CI/CD"), md.indexOf("## 11."));
    expect(ci.split(`Searched: `).length - 1).toBe(
      new Set(
        audit.findings
          .filter((f) => f.area === "ci")
          .map((f) => f.evidence.searched)
          .filter(Boolean),
      ).size,
    );
  });
});
