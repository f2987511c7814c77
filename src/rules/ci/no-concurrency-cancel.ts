// ci/no-concurrency-cancel: pull-request workflows that let superseded runs continue.
import { defineRule } from "../define-rule.js";
import { insertTopLevelBlock } from "../shared/workflow-edits.js";

/** One group per pull request (cancelling its superseded runs); every other event gets a group of its own. */
const CONCURRENCY = {
  group: "${{ github.workflow }}-${{ github.event.pull_request.number || github.run_id }}",
  "cancel-in-progress": true,
};

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
    "A workflow with no concurrency anywhere gets a ready-to-apply patch adding a top-level block before `jobs:` whose group is the pull request number, or the run id for any other event — so only runs of the same pull request cancel each other, and pushes, schedules and releases are never cancelled or queued. No patch for a workflow that can also be called by others (workflow_call: it would share its caller's group and deadlock). An existing group without cancellation is left to a person (changing it changes which runs wait for which).",
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
  check({ facts, report, readText }) {
    for (const workflow of facts.ci.workflows) {
      if (workflow.provider !== "github" || !workflow.triggers.includes("pull_request")) continue;
      if (cancels(workflow.concurrency)) continue;
      if (workflow.jobs.length > 0 && workflow.jobs.every((j) => cancels(j.concurrency))) continue;
      // A reusable workflow's `github.workflow` is its caller's: the same group on both ends deadlocks.
      const uncoordinated =
        !workflow.concurrency &&
        workflow.jobs.every((j) => !j.concurrency) &&
        !workflow.triggers.includes("workflow_call");
      report({
        path: workflow.path,
        line: workflow.concurrencyLine ?? 1,
        message: workflow.concurrency
          ? "Concurrency group does not cancel runs in progress"
          : "No concurrency group: superseded pull-request runs keep running",
        key: "no-cancel",
        searched: `workflow and job \`concurrency:\` keys in ${workflow.path}`,
        patch: uncoordinated ? addConcurrency(workflow.path, readText(workflow.path)) : null,
      });
    }
  },
});

function addConcurrency(path: string, text: string | null): string | null {
  return text === null ? null : insertTopLevelBlock(path, text, "concurrency", CONCURRENCY);
}
