// ci/workflow-permissions: GitHub workflows granting write-all, or not declaring permissions at all.
import type { CiJob } from "../../facts/ci/types.js";
import { defineRule } from "../define-rule.js";
import { insertTopLevelBlock } from "../shared/workflow-edits.js";

/** Actions that need no token scope beyond reading the repository (they set up tools, cache or move artifacts). */
const READ_ONLY_ACTION =
  /^(actions\/(checkout|setup-[\w-]+|cache|upload-artifact|download-artifact)|erlef\/setup-beam|ruby\/setup-ruby|pnpm\/action-setup|astral-sh\/setup-uv|oven-sh\/setup-bun|denoland\/setup-deno|docker\/(setup-buildx-action|setup-qemu-action|metadata-action)|dtolnay\/rust-toolchain|Swatinem\/rust-cache)(@|$)/;
/**
 * Jobs and triggers that usually write (releases, labels, comments, pushes of generated files) even through
 * scripts; and workflow_call, whose token comes from the caller and can only be narrowed by the callee.
 */
const WRITING_JOB =
  /release|publish|deploy|tag|bump|version|label|stale|comment|triage|backport|merge|sync|update|pages/i;
const WRITING_TRIGGER =
  /^(release|issues|issue_comment|pull_request_target|workflow_run|discussion|discussion_comment|workflow_call)$/;
/** Events whose content comes from outside the repository (forks, issue authors) while the token may write. */
const PRIVILEGED_TRIGGER =
  /^(pull_request_target|workflow_run|issue_comment|issues|discussion|discussion_comment)$/;
/** Commands that use the token for more than reading: pushing with the credentials checkout persisted, the gh CLI, provenance. */
const WRITING_COMMAND = /\bgit\s+push\b|(^|[\s;&|(])gh\s|--provenance\b/;

export default defineRule({
  id: "ci/workflow-permissions",
  area: "ci",
  severity: "medium",
  title: "Workflow token permissions are write-all, granted to jobs that only read, or undeclared",
  effortMinutes: 15,
  confidence: "certain",
  notes: [
    "`write-all` is medium, high when the workflow runs on events from outside the repository (pull_request_target, workflow_run, issue_comment, issues, discussions).",
    "Permissions declared on neither the workflow nor every job (the token then gets the repository default, read/write on repositories created before 2023): medium when that token sits beside repository secrets (coverage upload tokens and debug switches aside), is given to a third-party action referenced by a tag or branch, or the workflow runs on events from outside the repository; low for workflows that run only the repository's commands and pinned or GitHub-owned actions.",
    "Write scopes granted at the workflow level (`permissions: { packages: write }`) are reported when at least one job inheriting them evidently only reads (the same test as for the patch below, and the job hands no token to a step): medium, high on events from outside the repository. The fix moves the scope to the jobs that need it.",
    "A reusable workflow called by another workflow of the repository (`on: workflow_call` only) is not reported: it runs with its caller's token.",
    "The missing-permissions finding carries a ready-to-apply patch adding a top-level `permissions:` block with `contents: read` (before `jobs:`, indented like the jobs; the patched file is parsed to prove it means the original plus that key) when every job without its own permissions evidently only reads: its steps use only setup/checkout/cache/artifact actions or run commands, none pushes with git, calls the gh CLI or publishes with provenance, no job is named for releasing, deploying, tagging, labelling or updating, the workflow is not triggered by releases, issues, comments, pull_request_target or workflow_run, is not a reusable workflow (workflow_call: its token comes from the caller), and it never mentions GITHUB_TOKEN or github.token. Otherwise the scopes the jobs need are a decision, and there is no patch.",
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
  check({ facts, report, readText }) {
    for (const workflow of facts.ci.workflows) {
      if (workflow.provider !== "github") continue;
      // A reusable workflow called from this repository runs with its caller's token: the caller is judged.
      if ((workflow.calledBy ?? []).length > 0 && workflow.triggers.every((t) => t === "workflow_call"))
        continue;
      const privileged = workflow.triggers.filter((t) => PRIVILEGED_TRIGGER.test(t));
      if (workflow.permissions === "write-all") {
        report({
          path: workflow.path,
          line: workflow.permissionsLine ?? 1,
          message: `Workflow grants \`permissions: write-all\` to every job${privileged.length ? ` and runs on ${privileged.join(", ")} (events from outside the repository)` : ""}`,
          severity: privileged.length ? "high" : "medium",
          key: "write-all",
        });
      }
      // Write scopes granted to every job at the workflow level, while some jobs that inherit them only read.
      const writeScopes = writeScopesOf(workflow.permissions);
      if (writeScopes.length > 0) {
        const inheriting = workflow.jobs.filter((j) => j.permissions === null);
        const readers = inheriting.filter((j) => onlyReads(j) && !j.usesToken);
        if (readers.length > 0) {
          const writers = inheriting.filter((j) => !readers.includes(j));
          report({
            path: workflow.path,
            line: workflow.permissionsLine ?? 1,
            message: `Workflow grants ${writeScopes.map((s) => `\`${s}: write\``).join(", ")} to every job, and job${readers.length > 1 ? "s" : ""} ${readers.map((j) => j.id).join(", ")} only read${readers.length > 1 ? "" : "s"} (setup, checkout and cache actions, commands that neither push nor call the gh CLI, no token handed to a step)${writers.length ? `; grant the scopes on job${writers.length > 1 ? "s" : ""} ${writers.map((j) => j.id).join(", ")} instead` : ""}${privileged.length ? `; it runs on ${privileged.join(", ")} (events from outside the repository)` : ""}`,
            severity: privileged.length
              ? "high"
              : writeScopes.some((scope) => REPOSITORY_WRITE_SCOPE.test(scope))
                ? "medium"
                : "low",
            key: "workflow-write-scopes",
            snippet: `permissions: ${JSON.stringify(workflow.permissions)}`,
          });
        }
      }
      for (const job of workflow.jobs) {
        if (job.permissions === "write-all")
          report({
            path: workflow.path,
            line: job.line,
            message: `Job ${job.id} grants \`permissions: write-all\`${privileged.length ? ` and runs on ${privileged.join(", ")} (events from outside the repository)` : ""}`,
            severity: privileged.length ? "high" : "medium",
            key: `${job.id}:write-all`,
          });
      }
      if (
        workflow.permissions === null &&
        workflow.jobs.length > 0 &&
        workflow.jobs.some((j) => j.permissions === null)
      ) {
        const unscoped = workflow.jobs.filter((j) => j.permissions === null);
        const missing = unscoped.map((j) => j.id);
        const text = readText(workflow.path);
        const readOnly =
          text !== null &&
          !/GITHUB_TOKEN|github\.token/.test(text) &&
          !workflow.triggers.some((t) => WRITING_TRIGGER.test(t)) &&
          unscoped.every(onlyReads);
        // What the unscoped token is exposed to: events from outside the repository, secrets beside it, or
        // steps it is handed to. Without any of these the missing block is hygiene.
        const exposure: string[] = [];
        if (privileged.length)
          exposure.push(`it runs on ${privileged.join(", ")} (events from outside the repository)`);
        const withSecrets = unscoped.filter((j) => (j.secrets ?? []).length > 0);
        if (withSecrets[0])
          exposure.push(
            `job ${withSecrets[0].id} reads ${(withSecrets[0].secrets ?? []).includes("*") ? "every secret (secrets: inherit)" : `secret${(withSecrets[0].secrets ?? []).length > 1 ? "s" : ""} ${(withSecrets[0].secrets ?? []).join(", ")}`}`,
          );
        // An action that can change under the workflow (third-party, referenced by tag or branch) gets the token too.
        const movable = unscoped
          .flatMap((j) => j.steps.map((step) => ({ job: j, step })))
          .find(
            ({ step }) =>
              step.uses !== null &&
              !step.ownAction &&
              !/^(\.\/|actions\/|github\/|docker:\/\/)/.test(step.uses) &&
              !/@[0-9a-f]{40}$/.test(step.uses),
          );
        if (movable)
          exposure.push(`job ${movable.job.id} runs \`${movable.step.uses}\`, not pinned to a commit`);
        report({
          path: workflow.path,
          line: 1,
          message: `No \`permissions:\` on the workflow or on job${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: the token gets the repository default (read/write on repositories created before 2023)${exposure.length ? `, and ${exposure.join("; ")}` : ""}`,
          key: "missing-permissions",
          severity: exposure.length > 0 ? "medium" : "low",
          snippet: `jobs without permissions: ${missing.join(", ")}`,
          patch: readOnly
            ? insertTopLevelBlock(workflow.path, text, "permissions", { contents: "read" })
            : null,
        });
      }
    }
  },
});

/** Write scopes that change code, packages, releases, deployments or workflow runs (others write comments and statuses). */
const REPOSITORY_WRITE_SCOPE =
  /^(contents|packages|actions|deployments|id-token|security-events|pages|attestations)$/;

/** Scopes a `permissions:` mapping grants write access to, in the order written. */
function writeScopesOf(permissions: unknown): string[] {
  if (typeof permissions !== "object" || permissions === null || Array.isArray(permissions)) return [];
  return Object.entries(permissions as Record<string, unknown>)
    .filter(([, level]) => level === "write")
    .map(([scope]) => scope);
}

/** Whether a job's steps evidently need no more than read access to the repository. */
function onlyReads(job: CiJob): boolean {
  if (WRITING_JOB.test(job.id) || WRITING_JOB.test(job.name ?? "")) return false;
  return job.steps.every(
    (step) =>
      (step.uses === null || READ_ONLY_ACTION.test(step.uses)) &&
      !(step.commands ?? []).some((command) => WRITING_COMMAND.test(command.text)),
  );
}
