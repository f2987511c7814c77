// ci/npm-install-in-ci: `npm install` in CI where a lockfile makes `npm ci` the reproducible choice.
import type { CiJob, CiStep, CiWorkflow } from "../../facts/ci/types.js";
import { lineOfText, unifiedDiffForEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";

const NPM_INSTALL = /(?:^|[\s;&|(])npm\s+(install|i)((?:\s+--?[\w-]+(?:=\S+)?)*)\s*(?:$|[;&|)])/;
/** Flags `npm ci` accepts with the same meaning as `npm install`; any other flag leaves the rewrite to a person. */
const CI_FLAG =
  /^(--(no-audit|audit=false|no-fund|fund=false|ignore-scripts|legacy-peer-deps|strict-peer-deps|prefer-offline|prefer-online|offline|silent|quiet|verbose|no-progress|progress=false|foreground-scripts|no-update-notifier|production|no-optional|omit=[\w,]+|include=[\w,]+|loglevel=\w+|unsafe-perm)|-[sqd])$/;
const CHANGES_DIRECTORY = /(?:^|[\s;&|(])(cd|pushd)(\s|$)|--prefix\b/;

export default defineRule({
  id: "ci/npm-install-in-ci",
  area: "ci",
  severity: "low",
  title: "`npm install` in CI instead of `npm ci`",
  effortMinutes: 5,
  confidence: "certain",
  notes: [
    "Low by default: npm 7+ installs what the lockfile records as long as package.json agrees with it, so the difference is that `npm install` silently rewrites a stale lockfile where `npm ci` fails on it. Medium when the same job releases, publishes, pushes an image or deploys: what ships is then built from a dependency tree no lockfile check stood behind.",
    "Only bare `npm install`/`npm i` (flags allowed, no package names) is reported; installing named tools (`npm install -g x`) is not.",
    "Runs only when package-lock.json or npm-shrinkwrap.json is committed at the root (libraries without a lockfile must use `npm install`).",
    "Not reported for global tools (`-g`, `--location=global`), lockfile updates (`--package-lock-only`) and installs of named packages (`npm install eslint@9`): none installs the project's locked dependencies.",
    "A ready-to-apply patch rewrites the command to `npm ci` when it is certain to work: the directory the command runs in (the step's working-directory, or the root) has its own npm lockfile, nothing before it in the step (or, on GitLab, in the job's scripts) changes directory, every flag is one `npm ci` accepts alike (--no-audit, --ignore-scripts, --legacy-peer-deps, --omit=…, …), and the command's line in the workflow holds exactly one `npm install`.",
  ],
  docs: {
    rationale:
      "`npm install` may resolve newer versions than the lockfile and rewrite it; `npm ci` installs exactly what package-lock.json records and fails when it is out of date.",
    impact:
      "When package.json and the lockfile disagree, CI resolves and tests a different dependency tree than the lockfile records instead of failing, so builds are not reproducible and a new (possibly compromised) release can slip in; for a job that ships, that tree is what is released.",
    fix: "Use `npm ci` in CI (and commit package-lock.json).",
    example: {
      language: "yaml",
      bad: "- run: npm install\n- run: npm test",
      good: "- run: npm ci\n- run: npm test",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.length ? true : { status: "not-applicable", reason: "no CI workflows" },
  check({ facts, report, readText }) {
    // Without a committed npm lockfile (common for libraries) `npm ci` cannot run: nothing to report.
    const npmLockfiles = (facts.dependencies?.lockfiles ?? []).filter((path) =>
      /(^|\/)(package-lock|npm-shrinkwrap)\.json$/.test(path),
    );
    if (npmLockfiles.length === 0) return;
    const lockedDirectories = new Set(
      npmLockfiles.map((path) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".")),
    );
    for (const workflow of facts.ci.workflows) {
      for (const job of workflow.jobs) {
        for (const step of job.steps) {
          for (const command of step.commands ?? []) {
            const m = NPM_INSTALL.exec(command.text);
            // Global tools, lockfile updates (`--package-lock-only`, a bot bumping a dependency) and adding named
            // packages are not installs of the project's dependencies.
            const args = ` ${m?.[2] ?? ""}`;
            if (
              !m ||
              /\s(-g|--global|--location=global|--package-lock-only)\b/.test(args) ||
              /\s(?!-)[@\w][\w@./:^~-]*/.test(args)
            )
              continue;
            const certain =
              lockedDirectories.has(step.workingDirectory ?? ".") &&
              (m[2] ?? "").split(/\s+/).every((flag) => flag === "" || CI_FLAG.test(flag)) &&
              !commandsUpTo(workflow, job, step, command).some((text) => CHANGES_DIRECTORY.test(text));
            const ships = job.steps
              .flatMap((s) => s.gates)
              .find((g) => g.kind === "release" || g.kind === "container-push" || g.kind === "deploy");
            report({
              path: workflow.path,
              line: command.line,
              message: `\`${command.text}\` in job ${job.id}: use \`npm ci\`${ships ? `; the job also ships (${ships.tool}), built from an unchecked dependency tree` : ", which fails when the lockfile is out of date instead of rewriting it"}`,
              severity: ships ? "medium" : undefined,
              key: `${job.id}:npm-install`,
              snippet: command.text,
              patch: certain ? rewriteToCi(workflow.path, command.line, readText(workflow.path)) : null,
            });
          }
        }
      }
    }
  },
});

/** The commands that run in the same shell up to and including `command` (GitLab joins a job's scripts). */
function commandsUpTo(
  workflow: CiWorkflow,
  job: CiJob,
  step: CiStep,
  command: { text: string; line: number },
): string[] {
  const shell =
    workflow.provider === "gitlab" ? job.steps.flatMap((s) => s.commands ?? []) : (step.commands ?? []);
  return shell.slice(0, shell.indexOf(command) + 1).map((c) => c.text);
}

/** `npm install`/`npm i` → `npm ci` on the given line, when the line holds exactly one of them. */
function rewriteToCi(path: string, line: number, text: string | null): string | null {
  const at = text === null ? null : lineOfText(text, line);
  if (text === null || at === null) return null;
  const { start, content } = at;
  const matches = [...content.matchAll(/\bnpm\s+(install|i)(?![\w-])/g)];
  const only = matches[0];
  if (matches.length !== 1 || !only) return null;
  const verb = start + only.index + only[0].length - (only[1] ?? "").length;
  return unifiedDiffForEdit(path, text, verb, verb + (only[1] ?? "").length, "ci");
}
