// ci/unpinned-action: GitHub Actions referenced by a movable tag or branch instead of a commit SHA, one finding
// per workflow. Medium where a moved ref would reach credentials: a third-party action on a branch, or by tag in
// a job that reads secrets or holds a write scope; low for GitHub's own actions and read-only jobs.
import type { CiJob, CiWorkflow } from "../../facts/ci/types.js";
import { defineRule } from "../define-rule.js";

/** Owners whose actions GitHub itself publishes. */
const FIRST_PARTY = /^(actions|github)\//;
/** A release tag (`v4`, `v4.1.2`, `1.0.0`, `v2-beta`): moved only by a release, unlike a branch. */
const VERSION_TAG = /^v?\d+(\.\d+)*([-+][\w.-]+)?$/;

interface Unpinned {
  uses: string;
  line: number;
  job: CiJob;
  thirdParty: boolean;
  branch: boolean;
}

/** Whether a job's token may write: a `write` scope granted to it or to its workflow, or `write-all`. */
function writes(job: CiJob, workflow: CiWorkflow): boolean {
  const permissions = job.permissions ?? workflow.permissions;
  if (permissions === "write-all") return true;
  return (
    typeof permissions === "object" &&
    permissions !== null &&
    Object.values(permissions as Record<string, unknown>).some((v) => v === "write")
  );
}

export default defineRule({
  id: "ci/unpinned-action",
  area: "ci",
  severity: "medium",
  title: "Action not pinned to a commit SHA",
  effortMinutes: 15,
  confidence: "certain",
  notes: [
    "One finding per workflow, listing every action referenced by a tag or branch, at the line of the most exposed one.",
    "Medium when a moved reference would run with credentials: a third-party action referenced by a branch (`@master`, `@develop`: it changes on every push), or a third-party action referenced by a tag in a job that reads repository secrets (other than GITHUB_TOKEN) or is granted a write scope. Low otherwise: GitHub's own actions (actions/*, github/*) and third-party actions by release tag in jobs without secrets or write scopes.",
    "Local actions (./path), the repository's own actions referenced as `owner/repo/path@ref` (the path exists in this repository) and docker:// references with a sha256 digest are not reported.",
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
      const unpinned: Unpinned[] = [];
      for (const job of workflow.jobs) {
        for (const step of job.steps) {
          const uses = step.uses;
          // Local actions, and this repository's own actions referenced as owner/repo/path@ref, are its own code.
          if (!uses || uses.startsWith("./") || uses.startsWith(".github/") || step.ownAction) continue;
          if (uses.startsWith("docker://")) {
            if (/@sha256:[0-9a-f]{64}$/.test(uses)) continue;
          } else if (/@[0-9a-f]{40}$/.test(uses)) continue;
          const ref = uses.includes("@") ? uses.slice(uses.lastIndexOf("@") + 1) : "";
          unpinned.push({
            uses,
            line: step.usesLine ?? step.line,
            job,
            thirdParty: !FIRST_PARTY.test(uses),
            branch: !uses.startsWith("docker://") && !VERSION_TAG.test(ref),
          });
        }
      }
      if (unpinned.length === 0) continue;
      const exposed = (u: Unpinned): string | null => {
        if (!u.thirdParty) return null;
        if (u.branch) return `\`${u.uses}\` follows a branch`;
        const secrets = u.job.secrets ?? [];
        if (secrets.length > 0)
          return `\`${u.uses}\` runs in job ${u.job.id}, which reads ${secrets.includes("*") ? "every secret (secrets: inherit)" : `secret${secrets.length > 1 ? "s" : ""} ${secrets.join(", ")}`}`;
        if (writes(u.job, workflow)) return `\`${u.uses}\` runs in job ${u.job.id}, which has a write scope`;
        return null;
      };
      const reasons = unpinned.map((u) => ({ u, reason: exposed(u) }));
      const worst = reasons.find((r) => r.reason !== null);
      const actions = [...new Set(unpinned.map((u) => u.uses))];
      report({
        path: workflow.path,
        line: (worst?.u ?? unpinned[0]!).line,
        message: `${actions.length} action${actions.length > 1 ? "s" : ""} not pinned to a commit SHA: ${actions
          .slice(0, 6)
          .map((a) => `\`${a}\``)
          .join(
            ", ",
          )}${actions.length > 6 ? ` and ${actions.length - 6} more` : ""}${worst?.reason ? ` (${worst.reason})` : ""}`,
        severity: worst ? "medium" : "low",
        key: "unpinned-actions",
        snippet: actions.join("\n"),
      });
    }
  },
});
