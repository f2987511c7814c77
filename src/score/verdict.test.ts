import { describe, expect, it } from "vitest";
import type { AreaReport } from "../model/audit.js";
import type { AreaId } from "../model/areas.js";
import { findingsOf } from "../../test/helpers/audit-harness.js";
import type { Finding } from "../model/finding.js";
import { makeFinding, makeFindings } from "../../test/helpers/make-finding.js";
import { buildAreas, weightedScore } from "./score-areas.js";
import { decideVerdict } from "./verdict.js";

/** A certain finding in production code; the fields a case is about are given. */
const finding = makeFinding;

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

  it("caps an application with no tests at all at B-, not one whose other parts are tested", () => {
    const untested = finding({
      ruleId: "tests/no-tests",
      severity: "high",
      area: "tests",
      location: null,
      message: "node app web (package.json) has 1209 source files (164417 lines of code) and no test files",
    });
    const verdict = decideVerdict([untested], [], 89);
    expect([verdict.status, verdict.grade, verdict.cap?.kind]).toEqual(["not-ready", "B-", "no-tests"]);
    expect(verdict.cap?.reason).toBe(
      "an application with no tests at all: node app web (package.json) has 1209 source files (164417 lines of code) and no test files",
    );
    const partly = finding({
      ruleId: "tests/no-tests",
      severity: "high",
      area: "tests",
      location: null,
      message:
        "go app api (go.mod) has 93 source files (14908 lines of code) and no test files; other parts of the repository are tested",
    });
    expect(decideVerdict([partly], [], 89)).toMatchObject({
      status: "ready-after-fixes",
      grade: "B+",
      cap: null,
    });
  });

  it("takes the no-tests blocker from the rule's own findings: the whole repository untested, not its largest app alone", async () => {
    const code = Array.from({ length: 400 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`).join("\n");
    const untested = await findingsOf("tests/no-tests", {
      "pyproject.toml": '[project]\nname = "svc"\n',
      "svc/core.py": code,
    });
    expect(decideVerdict(untested, [], 89).blockers.map((b) => b.kind)).toEqual(["no-tests"]);
    const partly = await findingsOf("tests/no-tests", {
      "pyproject.toml": '[project]\nname = "svc"\n',
      "svc/core.py": code,
      "tools/lint/go.mod": "module x/lint\n",
      "tools/lint/main_test.go": "package main\n",
    });
    expect(partly.map((f) => f.severity)).toEqual(["high"]);
    expect(decideVerdict(partly, [], 89).blockers).toEqual([]);
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
      `Critical: eval of request data (${prod.location?.path}:${prod.location?.startLine})`,
    ]);
  });
});

describe("grade caps from blockers", () => {
  it("a critical finding makes the release Not ready and caps the grade at C+", () => {
    const critical = makeFinding({
      ruleId: "generic/critical-one",
      severity: "critical",
      title: "eval of input",
    });
    const verdict = decideVerdict([critical], [], 95);
    expect([verdict.status, verdict.grade, verdict.score]).toEqual(["not-ready", "C+", 79]);
    expect(verdict.cap).toMatchObject({ kind: "critical-finding", grade: "C+", maxScore: 79 });
    expect(verdict.blockers.map((blocker) => [blocker.kind, blocker.findingIds])).toEqual([
      ["critical-finding", [critical.id]],
    ]);
  });

  it("a cap above the weighted mean does not bind, but the blocker still stands", () => {
    const critical = makeFinding({ ruleId: "generic/critical-one", severity: "critical" });
    const verdict = decideVerdict([critical], [], 70);
    expect([verdict.status, verdict.grade, verdict.score, verdict.cap]).toEqual([
      "not-ready",
      "C-",
      70,
      null,
    ]);
  });

  it("from findings to verdict: one more low finding does not block, real highs still do", () => {
    const decide = (findings: Finding[]) => {
      const areas = buildAreas(findings, [], [], () => "ci", {});
      return {
        ci: areas.find((a) => a.id === "ci"),
        verdict: decideVerdict(findings, areas, weightedScore(areas).score),
      };
    };
    // Medium findings of five rules (53 on their own) and lows of two more: 50, then 48 with one more low.
    const mediums = [1, 2, 3, 4, 5].flatMap((n) =>
      makeFindings(n <= 3 ? 3 : 1, { ruleId: `ci/medium-${n}`, severity: "medium", area: "ci" }),
    );
    const lows = [1, 2].map((n) => makeFinding({ ruleId: `ci/low-${n}`, severity: "low", area: "ci" }));
    const extra = makeFinding({ ruleId: "ci/one-more-low", severity: "low", area: "ci" });
    const before = decide([...mediums, ...lows]);
    const after = decide([...mediums, ...lows, extra]);
    expect([before.ci?.score, after.ci?.score]).toEqual([50, 48]);
    expect([before.ci?.status, after.ci?.status]).toEqual(["NEEDS ATTENTION", "NEEDS ATTENTION"]);
    expect([before.verdict.status, after.verdict.status]).toEqual(["ready", "ready"]);
    // Five rules at high are a CI/CD that fails: the area blocks, lows or not.
    const highs = [1, 2, 3, 4, 5].map((n) =>
      makeFinding({ ruleId: `ci/high-${n}`, severity: "high", area: "ci" }),
    );
    const failing = decide([...highs, ...lows]);
    expect(failing.ci?.status).toBe("FAIL");
    expect(failing.verdict.status).toBe("not-ready");
    expect(failing.verdict.blockers.map((blocker) => blocker.kind)).toEqual(["failing-area"]);
  });

  it("from findings to grade: one critical finding fails its area, and the area and the finding both block", () => {
    const critical = makeFinding({ ruleId: "generic/critical-one", severity: "critical", area: "security" });
    const qualityCheck = { ruleId: "generic/q", title: "q", status: "passed" as const, findings: 0 };
    const areas = buildAreas([critical], [qualityCheck], [], () => "quality", { security: 1, quality: 9 });
    const { score } = weightedScore(areas);
    const verdict = decideVerdict([critical], areas, score);
    expect(areas.find((a) => a.id === "security")?.status).toBe("FAIL");
    // The mean of security (75, weight 1) and quality (100, weight 9) is 98, above what the cap allows.
    expect(score).toBeGreaterThan(79);
    expect(verdict.blockers.map((blocker) => blocker.kind)).toEqual(["critical-finding", "failing-area"]);
    expect(verdict.grade).toBe("C+");
  });
});
