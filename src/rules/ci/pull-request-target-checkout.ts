// ci/pull-request-target-checkout: a pull_request_target workflow checks out the pull request's head.
import { defineRule } from "../define-rule.js";

const HEAD_REF = /github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|refs\/pull\/.*\/(head|merge)/;

export default defineRule({
  id: "ci/pull-request-target-checkout",
  area: "ci",
  severity: "critical",
  title: "pull_request_target workflow checks out untrusted PR code",
  effortMinutes: 60,
  confidence: "certain",
  docs: {
    rationale:
      '`pull_request_target` runs with the base repository\'s secrets and a write token. Checking out the PR head and running its build scripts executes attacker-controlled code with those privileges ("pwn request").',
    impact:
      "Any outsider opening a pull request can steal secrets, push to the repository or poison releases.",
    fix: "Use `pull_request` for building untrusted code; if `pull_request_target` is needed (labelling, comments), never check out or run the PR's code in it, or split into a `workflow_run` pipeline.",
    example: {
      language: "yaml",
      bad: "on: pull_request_target\njobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm test",
      good: "on: pull_request\njobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.some((w) => w.provider === "github")
      ? true
      : { status: "not-applicable", reason: "no GitHub Actions workflows" },
  check({ facts, report }) {
    for (const workflow of facts.ci.workflows) {
      if (!workflow.triggers.includes("pull_request_target")) continue;
      for (const job of workflow.jobs) {
        for (const step of job.steps) {
          const checkout =
            step.uses &&
            /^actions\/checkout@/.test(step.uses) &&
            HEAD_REF.test(`${step.with?.ref ?? ""} ${step.with?.repository ?? ""}`);
          const gitFetch = (step.commands ?? []).find(
            (c) => /\bgit\s+(fetch|checkout|pull)\b/.test(c.text) && HEAD_REF.test(c.text),
          );
          if (!checkout && !gitFetch) continue;
          report({
            path: workflow.path,
            line: gitFetch?.line ?? step.line,
            message: `Job ${job.id} of a pull_request_target workflow checks out the pull request head`,
            key: `${job.id}:checkout-head`,
          });
        }
      }
    }
  },
});
