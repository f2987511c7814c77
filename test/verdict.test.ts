// The verdict end to end on fixtures built for it: blockers linked to findings, the grade cap printed with its
// reason, Ready after N fixes, Ready with evidenced strengths.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/report/markdown/render-markdown.js";
import { renderHtml } from "../src/report/html/render-html.js";
import { auditFixture } from "./helpers/render-fixture.js";

const fixture = (name: string): string => join(import.meta.dirname, "fixtures", name);

describe("verdict", () => {
  it("is Not ready with each blocker linked to its findings, and the grade capped below the weighted mean", async () => {
    const audit = await auditFixture(fixture("verdict-blocked"));
    const { summary } = audit;
    expect(summary.verdictStatus).toBe("not-ready");
    expect(summary.blockers.map((b) => b.kind)).toEqual([
      "live-secret",
      "security-stub",
      "unauthenticated-writes",
      "no-ci",
    ]);
    const byId = new Map(audit.findings.map((f) => [f.id, f]));
    expect(
      summary.blockers.map((b) =>
        b.findingIds.map((id) => `${byId.get(id)?.ruleId} ${byId.get(id)?.location?.path ?? ""}`),
      ),
    ).toEqual([
      ["security/hardcoded-secret app/settings.py"],
      ["security/auth-stub app/permissions.py"],
      ["python/route-without-auth app/main.py"],
      ["ci/no-ci-workflow "],
    ]);
    expect(summary.uncappedScore).toBeGreaterThan(90);
    expect([summary.grade, summary.score, summary.cap?.kind]).toEqual(["C+", 79, "live-secret"]);
    const md = renderMarkdown(audit);
    expect(md).toContain(
      `**Overall grade: C+ (79/100)** — capped at C+ by a live secret committed to the repository: app/settings.py:5; the weighted mean of the areas is ${summary.uncappedScore} (${summary.uncappedGrade})`,
    );
    expect(md).toContain("**Verdict: ❌ Not ready**");
    expect(md).toMatch(
      /\*\*Blocking\*\*\n\n1\. A live secret committed to the repository: AWS access key id: .* \(app\/settings\.py:5\) — see \[Security\]\(#area-security\)\n/,
    );
    expect(md).toContain('<a id="area-security"></a>');
    // The security stub outranks every repository-level finding.
    expect(summary.topRisks[0]).toBe("HIGH: Security check that always passes (app/permissions.py:4)");
    expect(renderHtml(audit)).toContain("Capped at C+ by a live secret committed to the repository");
  });

  it("is Ready after N fixes when high findings stand but no blocker", async () => {
    const { summary } = await auditFixture(fixture("go-service"));
    expect([summary.verdictStatus, summary.fixesBeforeReady, summary.blockers, summary.cap]).toEqual([
      "ready-after-fixes",
      3,
      [],
      null,
    ]);
    expect(summary.score).toBe(summary.uncappedScore);
  });

  it("is Ready with strengths evidenced by path:line, never a count of checks passed", async () => {
    const audit = await auditFixture(fixture("verdict-ready"));
    expect(audit.summary.verdictStatus).toBe("ready");
    expect(audit.summary.strengths).toEqual([
      "Actions pinned to commit SHAs: all 3 uses: references in 1 workflow(s) name a full commit SHA (.github/workflows/ci.yml:13, …)",
      "Dependency audit in CI: CI audits dependencies with govulncheck (.github/workflows/ci.yml:22)",
      "Dependency updates automated: Dependabot proposes dependency updates (.github/dependabot.yml:1)",
      "Linters enforced in CI: CI runs go vet, golangci-lint (.github/workflows/ci.yml:19, …)",
      "Formatting checked in CI: CI checks formatting with gofmt (.github/workflows/ci.yml:18)",
      "Containers run as a non-root user: Dockerfile runs as USER 65532:65532 (Dockerfile:8)",
      "Health checks: HEALTHCHECK in Dockerfile; health endpoint (health route) (Dockerfile:10, …)",
      "Structured logging: via log/slog (cmd/api/main.go:5)",
      "HTTP server timeouts set: cmd/api/main.go: ReadTimeout, ReadHeaderTimeout, WriteTimeout (cmd/api/main.go:18)",
    ]);
    const md = renderMarkdown(audit);
    expect(md).toContain(
      "1. ✅ **Actions pinned to commit SHAs** — all 3 uses: references in 1 workflow(s) name a full commit SHA (`.github/workflows/ci.yml:13`",
    );
    expect(md).not.toMatch(/checks passed with no finding/);
  });
});
