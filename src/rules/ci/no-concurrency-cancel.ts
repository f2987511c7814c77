// ci/no-concurrency-cancel: pull-request workflows that let superseded runs continue.
import { defineRule } from "../define-rule.js";

function cancels(concurrency: unknown): boolean {
  if (typeof concurrency !== "object" || concurrency === null) return false;
  const cancel = (concurrency as Record<string, unknown>)["cancel-in-progress"];
  return cancel === true || (typeof cancel === "string" && cancel.includes("${{"));
}

export default defineRule({
  id: "ci/no-concurrency-cancel",
  area: "ci",
  severity: "low",
  title: "No concurrency cancellation for pull-request runs",
  effortMinutes: 10,
  confidence: "certain",
  notes: [
    "Only workflows triggered by pull_request are checked; a `concurrency` group with `cancel-in-progress` on the workflow or on every job counts.",
  ],
  docs: {
    rationale:
      "Each push to a pull request starts a new run while the previous ones keep going. Runners are spent on results nobody will read, and the queue delays the run that matters.",
    impact: "Slower feedback and higher CI cost on busy repositories.",
    fix: "Add a workflow-level `concurrency` group keyed on the ref with `cancel-in-progress: true`.",
    example: {
      language: "yaml",
      bad: "on: pull_request\njobs: ...",
      good: "on: pull_request\nconcurrency:\n  group: ${{ github.workflow }}-${{ github.ref }}\n  cancel-in-progress: true\njobs: ...",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.some((w) => w.triggers.includes("pull_request"))
      ? true
      : { status: "not-applicable", reason: "no pull_request workflows" },
  check({ facts, report }) {
    for (const workflow of facts.ci.workflows) {
      if (workflow.provider !== "github" || !workflow.triggers.includes("pull_request")) continue;
      if (cancels(workflow.concurrency)) continue;
      if (workflow.jobs.length > 0 && workflow.jobs.every((j) => cancels(j.concurrency))) continue;
      report({
        path: workflow.path,
        line: workflow.concurrencyLine ?? 1,
        message: workflow.concurrency
          ? "Concurrency group does not cancel runs in progress"
          : "No concurrency group: superseded pull-request runs keep running",
        key: "no-cancel",
        searched: `workflow and job \`concurrency:\` keys in ${workflow.path}`,
      });
    }
  },
});
