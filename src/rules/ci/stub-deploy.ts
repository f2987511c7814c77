// ci/stub-deploy: a deploy or release job whose steps only echo.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "ci/stub-deploy",
  area: "ci",
  severity: "medium",
  title: "Deploy or release job is a stub",
  effortMinutes: 120,
  confidence: "heuristic",
  notes: [
    "A job named deploy/release/publish/ship/promote/rollout whose commands are only echo/printf/sleep/true and that uses no action besides checkout/cache/download-artifact.",
  ],
  docs: {
    rationale:
      'A pipeline that reports "deployed" without deploying gives false confidence: the green check suggests releases are automated when they are manual or missing.',
    impact:
      "Releases depend on undocumented manual steps, and the pipeline's status says nothing about what is running in production.",
    fix: "Implement the deployment (or remove the job and document the manual process).",
    example: {
      language: "yaml",
      bad: 'deploy:\n  steps:\n    - run: echo "Deploying to production..."',
      good: "deploy:\n  environment: production\n  steps:\n    - run: flyctl deploy --remote-only",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.length ? true : { status: "not-applicable", reason: "no CI workflows" },
  check({ facts, report }) {
    for (const gate of facts.ci.gates) {
      if (!gate.stub) continue;
      report({
        path: gate.path,
        line: gate.line,
        message: `${gate.kind === "release" ? "Release" : "Deploy"} job ${gate.job} only echoes: \`${gate.command}\``,
        key: `${gate.job}:stub`,
        snippet: gate.command,
      });
    }
  },
});
