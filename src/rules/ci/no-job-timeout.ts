// ci/no-job-timeout: GitHub jobs without timeout-minutes run up to the 6-hour default when they hang.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "ci/no-job-timeout",
  area: "ci",
  severity: "low",
  title: "CI jobs without a timeout",
  effortMinutes: 10,
  confidence: "certain",
  notes: [
    "One finding per workflow listing its jobs without `timeout-minutes`; reusable-workflow calls are skipped (the callee sets timeouts).",
  ],
  docs: {
    rationale:
      "A GitHub job without `timeout-minutes` may run for six hours when a test or network call hangs. It holds a runner and delays everyone's feedback.",
    impact: "Hung jobs burn CI minutes and block merges until someone cancels them.",
    fix: "Set `timeout-minutes` on every job to a small multiple of its usual duration.",
    example: {
      language: "yaml",
      bad: "jobs:\n  test:\n    runs-on: ubuntu-latest",
      good: "jobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 15",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.some((w) => w.provider === "github")
      ? true
      : { status: "not-applicable", reason: "no GitHub Actions workflows" },
  check({ facts, report }) {
    for (const workflow of facts.ci.workflows) {
      if (workflow.provider !== "github") continue;
      const reusableCall = (j: (typeof workflow.jobs)[number]): boolean =>
        j.steps.length === 1 && /\.ya?ml(@|$)/.test(j.steps[0]?.uses ?? "");
      const missing = workflow.jobs.filter(
        (j) => j.timeoutLine === null && j.steps.length > 0 && !reusableCall(j),
      );
      const first = missing[0];
      if (!first) continue;
      report({
        path: workflow.path,
        line: first.line,
        message: `Job${missing.length > 1 ? "s" : ""} ${missing.map((j) => j.id).join(", ")} ha${missing.length > 1 ? "ve" : "s"} no timeout-minutes`,
        key: "no-timeout",
        snippet: missing.map((j) => `${j.id} (line ${j.line})`).join(", "),
      });
    }
  },
});
