// ci/npm-install-in-ci: `npm install` in CI where a lockfile makes `npm ci` the reproducible choice.
import { defineRule } from "../define-rule.js";

const NPM_INSTALL = /(?:^|[\s;&|(])npm\s+(install|i)((?:\s+--?[\w-]+(?:=\S+)?)*)\s*(?:$|[;&|)])/;

export default defineRule({
  id: "ci/npm-install-in-ci",
  area: "ci",
  severity: "medium",
  title: "`npm install` in CI instead of `npm ci`",
  effortMinutes: 5,
  confidence: "certain",
  notes: [
    "Only bare `npm install`/`npm i` (flags allowed, no package names) is reported; installing named tools (`npm install -g x`) is not.",
    "Runs only when package-lock.json or npm-shrinkwrap.json is committed at the root (libraries without a lockfile must use `npm install`).",
  ],
  docs: {
    rationale:
      "`npm install` may resolve newer versions than the lockfile and rewrite it; `npm ci` installs exactly what package-lock.json records and fails when it is out of date.",
    impact:
      "CI tests a different dependency tree than developers and production use, so builds are not reproducible and a compromised new release can slip in.",
    fix: "Use `npm ci` in CI (and commit package-lock.json).",
    example: {
      language: "yaml",
      bad: "- run: npm install\n- run: npm test",
      good: "- run: npm ci\n- run: npm test",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.length ? true : { status: "not-applicable", reason: "no CI workflows" },
  check({ facts, report }) {
    // Without a committed npm lockfile (common for libraries) `npm ci` cannot run: nothing to report.
    const npmLockfiles = (facts.dependencies?.lockfiles ?? []).filter((path) =>
      /(^|\/)(package-lock|npm-shrinkwrap)\.json$/.test(path),
    );
    if (npmLockfiles.length === 0) return;
    for (const workflow of facts.ci.workflows) {
      for (const job of workflow.jobs) {
        for (const step of job.steps) {
          for (const command of step.commands ?? []) {
            const m = NPM_INSTALL.exec(command.text);
            if (!m || /\s(-g|--global)\b/.test(m[2] ?? "")) continue;
            report({
              path: workflow.path,
              line: command.line,
              message: `\`${command.text}\` in job ${job.id}: use \`npm ci\``,
              key: `${job.id}:npm-install`,
              snippet: command.text,
            });
          }
        }
      }
    }
  },
});
