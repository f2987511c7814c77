// ci/secret-echoed: a CI command prints a secret to the build log.
import { defineRule } from "../define-rule.js";

const SECRET_EXPR = /\$\{\{\s*secrets\.[\w-]+\s*\}\}/;

export default defineRule({
  id: "ci/secret-echoed",
  area: "ci",
  severity: "high",
  title: "Secret printed to the CI log",
  effortMinutes: 10,
  confidence: "heuristic",
  notes: [
    'An `echo`/`printf` whose output is piped or redirected (to a file, `docker login --password-stdin`, `$GITHUB_ENV`) is not reported; only output that reaches the log is. `echo "::add-mask::…"` is a workflow command the runner consumes to mask the value, not output.',
  ],
  docs: {
    rationale:
      "GitHub masks secrets in logs only when they appear verbatim; transformed, partial or multi-line values are printed in clear. Echoing a secret relies on masking that often fails.",
    impact:
      "Credentials end up in build logs readable by everyone with read access (for public repositories, everyone).",
    fix: "Never print secrets; pass them through `env:` to the command that needs them, or pipe them to stdin (`--password-stdin`).",
    example: {
      language: "yaml",
      bad: '- run: echo "token=${{ secrets.DEPLOY_TOKEN }}"',
      good: '- run: echo "$DEPLOY_TOKEN" | docker login -u ci --password-stdin\n  env:\n    DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}',
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.length ? true : { status: "not-applicable", reason: "no CI workflows" },
  check({ facts, report }) {
    for (const workflow of facts.ci.workflows) {
      for (const job of workflow.jobs) {
        for (const step of job.steps) {
          for (const command of step.commands ?? []) {
            for (const segment of command.text.split(/&&|;|\|\|/)) {
              const s = segment.trim();
              if (!/^(echo|printf)\b/.test(s) || !SECRET_EXPR.test(s)) continue;
              if (/[|>]/.test(s.replace(/\$\{\{[^}]*\}\}/g, ""))) continue;
              // `echo "::add-mask::${{ secrets.X }}"`: a workflow command the runner consumes to mask the value.
              if (/^(?:echo|printf)\s+(?:-\w+\s+)*["']?::add-mask::/.test(s)) continue;
              report({
                path: workflow.path,
                line: command.line,
                message: `Job ${job.id} prints a secret to the log`,
                key: `${job.id}:${SECRET_EXPR.exec(s)?.[0] ?? "secret"}`,
                snippet: s,
              });
            }
          }
        }
      }
    }
  },
});
