// ci/invalid-workflow: a workflow file the CI service refuses (YAML that does not parse, repeated keys, no trigger,
// no jobs, a need of no job), so none of its jobs run; facts/ci keeps its gates out of the counted ones.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "ci/invalid-workflow",
  area: "ci",
  severity: "high",
  title: "CI workflow file the CI service cannot run",
  effortMinutes: 15,
  confidence: "certain",
  notes: [
    "GitHub Actions: YAML that does not parse, a key repeated in one mapping, no `on:`, no `jobs:`, a job that is not a mapping, or a `needs:` naming no job of the workflow (job ids compared without case, as GitHub does: `needs: tests` finds a job `Tests`). GitLab CI: YAML that does not parse, or, when the file includes no other file (an included file may define jobs and templates): a `needs:` naming no job of the file, a `needs:` or `dependencies:` naming a job of a later stage, `dependencies:` naming no job, a job's `extends:` naming a template not in the file, or a job's stage (its own, or inherited through `extends:`) missing from `stages:`.",
    "The file's gates (tests, lint, scans) are not counted as CI gates, so the missing-gate rules report what it was meant to enforce.",
  ],
  docs: {
    rationale:
      "GitHub and GitLab validate a workflow before running any of it: one error and every job of the file is skipped, with the error shown only on the Actions or pipeline page, not on the pull request as a failed check.",
    impact:
      "The tests, linters and deployments the file declares do not run, while the file in the repository suggests they do.",
    fix: "Fix the error the message names (validate locally with `actionlint` or GitLab's CI Lint), then check the workflow runs on a pull request.",
    example: {
      language: "yaml",
      bad: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    needs: build\n    steps:\n      - run: make test",
      good: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  test:\n    runs-on: ubuntu-latest\n    needs: build\n    steps:\n      - run: make test",
    },
  },
  applies: (facts) =>
    (facts.ci?.workflows.length ?? 0) > 0 ? true : { status: "not-applicable", reason: "no CI workflows" },
  check({ facts, report }) {
    for (const workflow of facts.ci.workflows) {
      if (!workflow.invalid) continue;
      const jobs = workflow.jobs.filter((j) => j.id !== "include").map((j) => j.id);
      report({
        path: workflow.path,
        line: workflow.invalid.line,
        message: `${workflow.provider === "github" ? "GitHub Actions" : "GitLab CI"} cannot run this file: ${workflow.invalid.message}${jobs.length ? `; none of its jobs (${jobs.join(", ")}) runs` : ""}`,
        key: "invalid-workflow",
      });
    }
  },
});
