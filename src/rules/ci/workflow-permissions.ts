// ci/workflow-permissions: GitHub workflows granting write-all, or not declaring permissions at all.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "ci/workflow-permissions",
  area: "ci",
  severity: "medium",
  title: "Workflow token permissions are write-all or undeclared",
  effortMinutes: 15,
  confidence: "certain",
  notes: [
    "`write-all` is high severity; permissions declared on neither the workflow nor every job is medium (the token then gets the repository default, often read/write).",
  ],
  docs: {
    rationale:
      "The GITHUB_TOKEN gets the repository's default permissions unless the workflow narrows them; older repositories default to read/write on everything. A compromised step or action then holds a token that can push code and create releases.",
    impact: "A vulnerable or malicious dependency in CI can modify the repository, tags or packages.",
    fix: "Declare `permissions: contents: read` at the workflow level and grant extra scopes only to the jobs that need them.",
    example: {
      language: "yaml",
      bad: "on: push\npermissions: write-all\njobs: ...",
      good: "on: push\npermissions:\n  contents: read\njobs: ...",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.some((w) => w.provider === "github")
      ? true
      : { status: "not-applicable", reason: "no GitHub Actions workflows" },
  check({ facts, report }) {
    for (const workflow of facts.ci.workflows) {
      if (workflow.provider !== "github") continue;
      if (workflow.permissions === "write-all") {
        report({
          path: workflow.path,
          line: workflow.permissionsLine ?? 1,
          message: "Workflow grants `permissions: write-all` to every job",
          severity: "high",
          key: "write-all",
        });
      }
      for (const job of workflow.jobs) {
        if (job.permissions === "write-all")
          report({
            path: workflow.path,
            line: job.line,
            message: `Job ${job.id} grants \`permissions: write-all\``,
            severity: "high",
            key: `${job.id}:write-all`,
          });
      }
      if (
        workflow.permissions === null &&
        workflow.jobs.length > 0 &&
        workflow.jobs.some((j) => j.permissions === null)
      ) {
        const missing = workflow.jobs.filter((j) => j.permissions === null).map((j) => j.id);
        report({
          path: workflow.path,
          line: 1,
          message: `No \`permissions:\` on the workflow or on job${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: the token gets the repository default`,
          key: "missing-permissions",
          snippet: `jobs without permissions: ${missing.join(", ")}`,
        });
      }
    }
  },
});
