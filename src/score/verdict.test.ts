import { describe, expect, it } from "vitest";
import type { AreaReport } from "../model/audit.js";
import type { AreaId } from "../model/areas.js";
import type { Finding } from "../model/finding.js";
import { decideVerdict } from "./verdict.js";

let next = 0;
function finding(over: Partial<Finding> & Pick<Finding, "ruleId" | "severity">): Finding {
  next++;
  return {
    id: `f${next}`,
    area: "security",
    title: over.ruleId,
    message: "message",
    location: { path: "internal/api/handlers.go", startLine: next, endLine: next },
    evidence: { snippet: "" },
    risk: "",
    impact: "",
    fix: { text: "", code: "" },
    effortMinutes: 10,
    confidence: "certain",
    patch: null,
    ...over,
  };
}

function area(id: AreaId, status: AreaReport["status"], score: number): AreaReport {
  return {
    id,
    title: id === "quality" ? "Code quality" : id === "security" ? "Security" : id,
    status,
    score,
    weight: 5,
    facts: [],
    findingIds: [],
    checks: [],
    recommendations: [],
  };
}

describe("decideVerdict", () => {
  it("is Ready with no blocker and no high finding, and keeps the weighted mean", () => {
    const verdict = decideVerdict([finding({ ruleId: "go/ignored-error", severity: "medium" })], [], 91);
    expect([verdict.status, verdict.grade, verdict.score, verdict.cap]).toEqual(["ready", "A-", 91, null]);
  });

  it("is Ready after N fixes when only high findings stand", () => {
    const verdict = decideVerdict(
      [
        finding({ ruleId: "go/insecure-skip-verify", severity: "high" }),
        finding({ ruleId: "go/sql-built-with-sprintf", severity: "high" }),
      ],
      [area("security", "NEEDS ATTENTION", 76)],
      90,
    );
    expect([verdict.status, verdict.fixesBeforeReady, verdict.grade]).toEqual(["ready-after-fixes", 2, "A-"]);
  });

  it("caps an area at FAIL at C+, printing the cap and why", () => {
    const findings = [finding({ ruleId: "generic/long-function", severity: "medium", area: "quality" })];
    const verdict = decideVerdict(findings, [area("quality", "FAIL", 39)], 90);
    expect(verdict.status).toBe("not-ready");
    expect([verdict.grade, verdict.score]).toEqual(["C+", 79]);
    expect(verdict.cap).toEqual({
      kind: "failing-area",
      grade: "C+",
      maxScore: 79,
      reason: "an area at FAIL: Code quality is FAIL (39/100)",
    });
    expect(verdict.blockers[0]?.findingIds).toEqual([findings[0]?.id]);
  });

  it("caps an application without CI at B-, and the lowest cap wins", () => {
    const noCi = finding({ ruleId: "ci/no-ci-workflow", severity: "high", area: "ci", location: null });
    expect(decideVerdict([noCi], [], 94)).toMatchObject({ grade: "B-", score: 82, status: "not-ready" });
    const both = decideVerdict([noCi], [area("quality", "FAIL", 30)], 94);
    expect([both.grade, both.cap?.kind, both.blockers.map((b) => b.kind)]).toEqual([
      "C+",
      "failing-area",
      ["no-ci", "failing-area"],
    ]);
  });

  it("caps code that does not compile at D, when a rule is declared to say so", () => {
    const broken = finding({ ruleId: "go/undefined-identifier", severity: "high", area: "build" });
    const verdict = decideVerdict([broken], [], 94, {
      "go/undefined-identifier": { kind: "does-not-parse", minSeverity: "high" },
    });
    expect([verdict.grade, verdict.score, verdict.cap?.kind]).toEqual(["D", 66, "does-not-parse"]);
  });

  it("blocks on a live provider secret, a security stub and unauthenticated writes, not on their look-alikes", () => {
    const blocking = [
      finding({
        ruleId: "security/hardcoded-secret",
        severity: "high",
        message: "AWS access key id: AKIA… (20 chars)",
      }),
      finding({ ruleId: "security/auth-stub", severity: "high", message: "authorized? only returns `true`" }),
      finding({
        ruleId: "python/route-without-auth",
        severity: "medium",
        message:
          "DELETE /orders/{id} (delete_order) on `router` has no authentication, while 5 of 6 routes do",
      }),
    ];
    const notBlocking = [
      finding({
        ruleId: "security/hardcoded-secret",
        severity: "high",
        message: "password in a connection string: Post… (12 chars)",
      }),
      finding({
        ruleId: "security/hardcoded-secret",
        severity: "high",
        confidence: "heuristic",
        message: "x",
      }),
      finding({
        ruleId: "security/auth-stub",
        severity: "medium",
        confidence: "heuristic",
        message: "can_view?",
      }),
      finding({
        ruleId: "python/route-without-auth",
        severity: "medium",
        message: "GET /orders (list_orders) on `router` has no authentication, while 5 of 6 routes do",
      }),
      finding({
        ruleId: "security/auth-stub",
        severity: "high",
        location: { path: "tests/support/auth.py", startLine: 1, endLine: 2 },
      }),
    ];
    const verdict = decideVerdict([...blocking, ...notBlocking], [], 95);
    expect(verdict.blockers.map((b) => [b.kind, b.findingIds])).toEqual([
      ["live-secret", [blocking[0]?.id]],
      ["security-stub", [blocking[1]?.id]],
      ["unauthenticated-writes", [blocking[2]?.id]],
    ]);
    expect(verdict.grade).toBe("C+");
  });

  it("blocks on a critical finding in production code, not in a script", () => {
    const script = finding({
      ruleId: "security/hardcoded-secret",
      severity: "critical",
      location: { path: "scripts/seed.py", startLine: 3, endLine: 3 },
    });
    expect(decideVerdict([script], [], 95).status).toBe("ready");
    const prod = finding({ ruleId: "python/eval-exec", severity: "critical", title: "eval of request data" });
    const verdict = decideVerdict([prod], [], 95);
    expect(verdict.blockers.map((b) => b.reason)).toEqual([
      "Critical: eval of request data (internal/api/handlers.go:" + prod.location?.startLine + ")",
    ]);
  });
});
