// ci/format-rewrite-not-checked: a CI job that runs a formatter in write mode (`prettier --write`, `eslint --fix`,
// `ruff format`, `gofmt -w`, `mix format`) as its check: it fixes the runner's copy and passes, so unformatted code
// merges green; a check that runs after it in the same job sees the rewritten files and cannot fail either.
import { commandSegments } from "../../facts/ci/classify.js";
import type { CiJob, CiStep, CiWorkflow } from "../../facts/ci/types.js";
import { defineRule } from "../define-rule.js";

/** Linters run with `--fix`: they still fail on the problems they cannot fix, so only the fixable ones pass unseen. */
const LINT_FIXERS: ReadonlySet<string> = new Set(["eslint --fix", "ruff --fix"]);

/** A formatter or fixer in write mode, by the simple command that runs it; `null` when it only checks. */
function formatWrite(segment: string): string | null {
  const s = ` ${segment.trim()} `;
  if (/\sprettier\s/.test(s))
    return /\s(--write|-w)\s/.test(s) && !/\s(--check|-c|--list-different|-l)\s/.test(s)
      ? "prettier --write"
      : null;
  if (/\seslint\s/.test(s))
    return /\s--fix(-dry-run)?\s/.test(s) && !/--fix-dry-run/.test(s) ? "eslint --fix" : null;
  if (/\sbiome\s+(format|check|lint)\s/.test(s))
    return /\s(--write|--apply|--apply-unsafe|--fix)\s/.test(s) ? "biome --write" : null;
  if (/\sruff\s+format\s/.test(s)) return /\s(--check|--diff)\s/.test(s) ? null : "ruff format";
  if (/\sruff\s+(check\s+)?.*--fix\s/.test(s)) return /\s--diff\s/.test(s) ? null : "ruff --fix";
  if (/^\s(python3?\s+-m\s+)?black\s/.test(s)) return /\s(--check|--diff)\s/.test(s) ? null : "black";
  if (/^\s(python3?\s+-m\s+)?isort\s/.test(s))
    return /\s(--check(-only)?|-c|--diff)\s/.test(s) ? null : "isort";
  if (/\s(gofmt|goimports|gofumpt)\s/.test(s)) return /\s-[a-z]*w/.test(s) ? "gofmt -w" : null;
  if (/\smix\s+format\s/.test(s)) return /--check-formatted|--dry-run/.test(s) ? null : "mix format";
  if (/\scargo\s+fmt\s/.test(s)) return /\s--check\s/.test(s) ? null : "cargo fmt";
  return null;
}

/** A command that fails the job when the formatter changed files: `git diff --exit-code`, `git status --porcelain` tested. */
const CHANGED_FILES_GATE =
  /\bgit\s+diff\b[^|;&]*(--exit-code|--quiet)|\bgit\s+diff-index\b[^|;&]*--quiet|git\s+status\s+--porcelain[\s\S]*(exit\s+1|test\s|\[\[?\s)|\btest\s+-z\s+"?\$\(git\s+(status|diff)|\[\s+-n\s+"?\$\(git\s+(status|diff)|\bgit\s+diff\b[^|;&]*--name-only[\s\S]*exit\s+1/;
/** A job that commits or proposes the formatted files back: an auto-format bot, not a gate. */
const COMMIT_BACK = /\bgit\s+(commit|push)\b|\bgh\s+pr\s+create\b/;
const COMMIT_BACK_ACTION =
  /^(stefanzweifel\/git-auto-commit-action|EndBug\/add-and-commit|peter-evans\/create-pull-request|autofix-ci\/action|reviewdog\/action-suggester|parkerbxyz\/suggest-changes|tj-actions\/verify-changed-files|planetscale\/ghcommit-action|iarekylew00t\/verified-bot-commit|suzuki-shunsuke\/commit-action)@?/i;
/** A job, step or workflow named as a check of the code's style. */
const CHECK_NAME = /check|lint|format|prettier|style|fmt|verify|validate/i;

interface Command {
  text: string;
  line: number;
  step: CiStep;
}

/** Every command the job runs, in order, with runner targets (package scripts, make targets …) expanded as the CI facts resolved them. */
function jobCommands(job: CiJob): Command[] {
  const out: Command[] = [];
  for (const step of job.steps) {
    const commands = step.commands ?? (step.run ? [{ text: step.run, line: step.line }] : []);
    for (const command of commands)
      for (const text of [command.text, ...(command.expanded ?? [])])
        out.push({ text, line: command.line, step });
  }
  return out;
}

function workflowLabel(workflow: CiWorkflow, job: CiJob, step: CiStep): string {
  return [workflow.name, job.name, job.id, step.name].filter(Boolean).join(" ");
}

export default defineRule({
  id: "ci/format-rewrite-not-checked",
  area: "ci",
  severity: "low",
  title: "CI format check that rewrites the files instead of failing",
  effortMinutes: 10,
  confidence: "certain",
  notes: [
    "Reads each CI job's commands in order, with runner targets expanded as the CI facts resolve them (package scripts such as `pnpm run format`, make, task and just targets, mix aliases): a formatter or fixer in write mode (`prettier --write`, `eslint --fix`, `biome check --write`, `ruff format`, `ruff check --fix`, `black`, `isort`, `gofmt -w`, `mix format`, `cargo fmt`) is reported when the job presents it as a check: a format check runs after it in the same job (it then sees the rewritten files and passes), or the job, step or workflow is named for a check (lint, format, style, verify).",
    "Silent when a later command of the job fails on changed files (`git diff --exit-code`, `git diff --quiet`, a tested `git status --porcelain`), and when the job commits or proposes the formatted files back (`git commit`/`git push`, git-auto-commit-action, create-pull-request, autofix.ci): that is an auto-format bot, not a gate.",
    "Low, like a check whose failure is ignored (ci/warn-only-gate): unformatted code merges, nothing breaks at run time.",
  ],
  docs: {
    rationale:
      "A formatter in write mode fixes the CI runner's copy of the files and exits 0: the job is green whatever was pushed, and a `--check` run after it in the same job sees the fixed files. The workflow looks like a format gate and is not one.",
    impact:
      "Unformatted code merges while the check shows green; the formatting then changes in unrelated later commits.",
    fix: "Run the formatter in check mode in CI (`prettier --check`, `ruff format --check`, `gofmt -l` with a test, `mix format --check-formatted`), or fail when it changed files (`git diff --exit-code` after it).",
    example: {
      language: "yaml",
      bad: "- run: pnpm prettier --write .\n- run: pnpm prettier --check .",
      good: "- run: pnpm prettier --check .",
    },
  },
  applies: (facts) =>
    (facts.ci?.workflows.length ?? 0) > 0 ? true : { status: "not-applicable", reason: "no CI workflows" },
  check({ facts, report }) {
    for (const workflow of facts.ci.workflows) {
      if (workflow.invalid) continue;
      for (const job of workflow.jobs) {
        if (job.neverRuns) continue;
        const commands = jobCommands(job);
        if (commands.some((c) => COMMIT_BACK.test(c.text))) continue;
        if (job.steps.some((s) => s.uses && COMMIT_BACK_ACTION.test(s.uses))) continue;
        for (let i = 0; i < commands.length; i++) {
          const command = commands[i]!;
          const tool = commandSegments(command.text)
            .map(formatWrite)
            .find((t) => t !== null);
          if (!tool) continue;
          const after = commands.slice(i + 1);
          if (after.some((c) => CHANGED_FILES_GATE.test(c.text))) continue;
          const laterCheck = after.find((c) => c.step.gates.some((g) => g.kind === "format"));
          if (!laterCheck && !CHECK_NAME.test(workflowLabel(workflow, job, command.step))) continue;
          report({
            path: workflow.path,
            line: command.line,
            message: `Job ${job.id} runs ${tool}, which ${
              LINT_FIXERS.has(tool)
                ? "fixes what it can in the files and fails only on what it cannot fix"
                : "rewrites the files and exits 0"
            }${
              laterCheck
                ? `; the format check after it (line ${laterCheck.line}) then sees the rewritten files and cannot fail`
                : ", and nothing fails when it changed files"
            }: ${LINT_FIXERS.has(tool) ? "code with fixable lint problems" : "unformatted code"} merges with a green check`,
            key: `${job.id}:${tool}`,
            snippet: command.step.run ?? command.text,
          });
          break;
        }
      }
    }
  },
});
