// Findings and area reports for unit tests of score/: every field filled, the ones a test is about overridden.
import type { AreaReport } from "../../src/model/audit.js";
import type { AreaId } from "../../src/model/areas.js";
import type { Finding } from "../../src/model/finding.js";

let made = 0;

/** A certain finding in production code, with a distinct id and line; `over` sets what the test is about. */
export function makeFinding(over: Partial<Finding> & Pick<Finding, "ruleId" | "severity">): Finding {
  made++;
  return {
    id: `finding-${made}`,
    area: "security",
    title: over.ruleId,
    message: "message",
    location: { path: "src/app/handlers.ts", startLine: made, endLine: made },
    evidence: { snippet: "" },
    risk: "",
    impact: "",
    fix: { text: `fix for ${over.ruleId}`, code: "" },
    effortMinutes: 10,
    confidence: "certain",
    patch: null,
    ...over,
  };
}

/** `count` findings of one rule. */
export function makeFindings(
  count: number,
  over: Partial<Finding> & Pick<Finding, "ruleId" | "severity">,
): Finding[] {
  return Array.from({ length: count }, () => makeFinding(over));
}

/** An area report as score-areas builds it; only id, status, score and weight matter to the verdict and the mean. */
export function makeArea(id: AreaId, status: AreaReport["status"], score: number, weight = 5): AreaReport {
  return {
    id,
    title: id,
    status,
    score,
    weight,
    facts: [],
    findingIds: [],
    checks: [],
    recommendations: [],
  };
}
