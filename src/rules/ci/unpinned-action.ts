// ci/unpinned-action: third-party GitHub Actions referenced by a movable tag or branch instead of a commit SHA.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "ci/unpinned-action",
  area: "ci",
  severity: "medium",
  title: "Action not pinned to a commit SHA",
  effortMinutes: 15,
  confidence: "certain",
  notes: [
    "One finding per action and workflow, at its first use. GitHub-owned actions (actions/*, github/*) are low severity; third-party actions medium.",
    "Local actions (./path) and docker:// references with a sha256 digest are not reported.",
  ],
  docs: {
    rationale:
      "Tags and branches of an action can be moved by its owner or by whoever compromises the owner's account; the workflow then runs new code with the job's secrets (as in the tj-actions/changed-files compromise). A full commit SHA is immutable.",
    impact:
      "A compromised action exfiltrates secrets or tampers with build artefacts in every repository that follows the tag.",
    fix: "Pin each action to a full 40-character commit SHA with the version in a comment, and let Dependabot or Renovate update the pins.",
    example: {
      language: "yaml",
      bad: "- uses: tj-actions/changed-files@v44",
      good: "- uses: tj-actions/changed-files@2f7c5bfce28377bc069a65ba478de0a74aa0ca32 # v46.0.1",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.some((w) => w.provider === "github")
      ? true
      : { status: "not-applicable", reason: "no GitHub Actions workflows" },
  check({ facts, report }) {
    for (const workflow of facts.ci.workflows) {
      if (workflow.provider !== "github") continue;
      const seen = new Set<string>();
      for (const job of workflow.jobs) {
        for (const step of job.steps) {
          const uses = step.uses;
          if (!uses || uses.startsWith("./") || uses.startsWith(".github/")) continue;
          if (uses.startsWith("docker://")) {
            if (/@sha256:[0-9a-f]{64}$/.test(uses)) continue;
          } else if (/@[0-9a-f]{40}$/.test(uses)) continue;
          const action = uses.replace(/@.*$/, "");
          if (seen.has(action)) continue;
          seen.add(action);
          const firstParty = /^(actions|github)\//.test(action);
          report({
            path: workflow.path,
            line: step.usesLine ?? step.line,
            message: `\`${uses}\` is not pinned to a commit SHA`,
            severity: firstParty ? "low" : "medium",
            key: action,
          });
        }
      }
    }
  },
});
