// ci/warn-only-gate: a step that looks like a gate (tests, lint, audit, scan) but cannot fail the build:
// `continue-on-error`, GitLab `allow_failure`, or a command ending in `|| true` / `; exit 0`.
import type { CiGate, CiWorkflow } from "../../facts/ci/types.js";
import { defineRule } from "../define-rule.js";

/** Gate kinds whose point is to fail the build; coverage upload, builds and releases are not judged here. */
const CHECKS = new Set<CiGate["kind"]>([
  "format",
  "lint",
  "typecheck",
  "compile-warnings",
  "test",
  "coverage-threshold",
  "security-scan",
  "dependency-audit",
  "secret-scan",
  "container-scan",
]);

/** What makes the gate's failure ignored. */
function whyWarnOnly(workflow: CiWorkflow, gate: CiGate): string {
  const job = workflow.jobs.find((j) => j.id === gate.job);
  const step = job?.steps.find(
    (s) => (s.commands ?? []).some((c) => c.line === gate.line) || s.usesLine === gate.line,
  );
  if (step?.continueOnError) return "the step has `continue-on-error: true`";
  if (job?.allowFailure)
    return workflow.provider === "gitlab"
      ? "the job has `allow_failure: true`"
      : "the job has `continue-on-error: true`";
  return "its command ignores the exit status (`|| true`, `; exit 0`)";
}

export default defineRule({
  id: "ci/warn-only-gate",
  area: "ci",
  severity: "low",
  title: "CI check that cannot fail the build",
  effortMinutes: 15,
  confidence: "certain",
  notes: [
    "One finding per check step whose failure is ignored, when no other step of the repository's CI enforces the same kind of check for the same ecosystem (then the warn-only one is an extra report).",
    "Low: such a check is often a deliberate report-only step; when it leaves an ecosystem without a test, lint or audit gate, ci/missing-gate reports that gap and names this step.",
  ],
  docs: {
    rationale:
      "A step with `continue-on-error: true`, `allow_failure: true` or `|| true` reports problems in a log nobody reads and shows a green check. It looks like a gate in the workflow file and is not one.",
    impact: "Failing tests, lint errors or vulnerable dependencies are merged while CI stays green.",
    fix: "Let the step fail the build (remove `|| true` / `continue-on-error`), or, when it is meant as a report, name it so (`report-only`) and add an enforcing check with a baseline.",
    example: {
      language: "yaml",
      bad: "- run: npm audit --audit-level=high || true",
      good: "- run: npm audit --audit-level=high",
    },
  },
  applies: (facts) =>
    (facts.ci?.workflows.length ?? 0) > 0 ? true : { status: "not-applicable", reason: "no CI workflows" },
  check({ facts, report }) {
    const enforced = new Set(facts.ci.gates.map((g) => `${g.kind}:${g.ecosystem ?? "-"}`));
    for (const gate of facts.ci.warnOnlyGates) {
      if (!CHECKS.has(gate.kind) || enforced.has(`${gate.kind}:${gate.ecosystem ?? "-"}`)) continue;
      const workflow = facts.ci.workflows.find((w) => w.path === gate.path);
      if (!workflow) continue;
      report({
        path: gate.path,
        line: gate.line,
        message: `${gate.tool} (${gate.kind}) in job ${gate.job} does not gate: ${whyWarnOnly(workflow, gate)}, so the build passes when it fails`,
        key: `${gate.job}:${gate.kind}:${gate.tool}`,
        snippet: gate.command,
      });
    }
  },
});
