// ci/pull-request-target-checkout: a pull_request_target workflow checks out the pull request's head.
import type { CiStep } from "../../facts/ci/types.js";
import { escapeRegExp } from "../../util/escape-reg-exp.js";
import { defineRule } from "../define-rule.js";

const HEAD_REF = /github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|refs\/pull\/.*\/(head|merge)/;

export default defineRule({
  id: "ci/pull-request-target-checkout",
  area: "ci",
  severity: "critical",
  title: "pull_request_target or workflow_run job runs untrusted pull request code or text",
  effortMinutes: 60,
  confidence: "certain",
  notes: [
    "Covers `pull_request_target` (checkout of `github.event.pull_request.head.*`, `github.head_ref`, `refs/pull/*/head|merge`) and `workflow_run` (checkout of `github.event.workflow_run.head_sha`/`head_branch`), by `actions/checkout` or a git command.",
    "Critical when a later step (or the rest of the same shell step) runs code — a shell command or a local action — and the job reads repository secrets; high when it runs code with only the write token; medium when no step runs the code but secrets are in the job; low when neither.",
    "Not reported for a job whose `if:` admits only trusted runs: `github.event.workflow_run.event != 'pull_request'` (or `== 'push'`), or a head repository equal to this one (`head.repo.full_name == github.repository`, `head.repo.fork == false`). Code counts as run when a later step has a gate, runs a package manager, build tool, interpreter, docker or a script of the repository, uses a local action, or builds an image.",
    "A pull request checked out into a folder of its own (`with: path: pr`) is run only by steps working in that folder, using an action from it, or naming it in a command other than a copy; trusted code of another checkout that runs after files were copied out of it (`rsync -a pr/locale/ base/locale/`) is medium: what is copied must be data.",
    "Without such a checkout: a shell command pasting text the author controls (`${{ github.event.pull_request.title }}`, `head.ref`, `github.head_ref`, issue/comment bodies, the triggering run's branch) is a script injection: high when the job reads secrets, medium otherwise.",
  ],
  docs: {
    rationale:
      '`pull_request_target` runs with the base repository\'s secrets and a write token. Checking out the PR head and running its build scripts executes attacker-controlled code with those privileges ("pwn request").',
    impact:
      "Any outsider opening a pull request can steal secrets, push to the repository or poison releases.",
    fix: 'Use `pull_request` for building untrusted code; if `pull_request_target` or `workflow_run` is needed (labelling, comments, publishing results), never check out or run the pull request\'s code in it, and pass untrusted text through `env:` (`TITLE: ${{ github.event.pull_request.title }}` then `"$TITLE"`) instead of pasting it into the script.',
    example: {
      language: "yaml",
      bad: "on: pull_request_target\njobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm test",
      good: "on: pull_request\njobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.some((w) => w.provider === "github")
      ? true
      : { status: "not-applicable", reason: "no GitHub Actions workflows" },
  check({ facts, report }) {
    for (const workflow of facts.ci.workflows) {
      const trigger = PRIVILEGED.find((t) => workflow.triggers.includes(t));
      // A reusable workflow runs with its caller's trigger: judged where the caller is.
      if (!trigger || workflow.invalid) continue;
      const headRef = trigger === "workflow_run" ? RUN_HEAD_REF : HEAD_REF;
      for (const job of workflow.jobs) {
        if (TRUSTED_ONLY.test(job.condition ?? "")) continue;
        let checkedOut: { line: number; folder: string | null } | null = null;
        let ranAfter: { line: number; text: string } | null = null;
        let copiedOut: { line: number; text: string } | null = null;
        /** Files were copied out of the pull request's folder and then code of the trusted checkout ran. */
        let copiedThenRun = false;
        for (const step of job.steps) {
          const checkout =
            step.uses &&
            /^actions\/checkout@/.test(step.uses) &&
            headRef.test(`${step.with?.ref ?? ""} ${step.with?.repository ?? ""}`);
          const gitFetch = (step.commands ?? []).find(
            (c) => /\bgit\s+(fetch|checkout|pull|clone)\b/.test(c.text) && headRef.test(c.text),
          );
          if (!checkedOut && (checkout || gitFetch)) {
            checkedOut = {
              line: gitFetch?.line ?? step.line,
              folder: checkout ? checkoutFolder(step) : null,
            };
            // Commands after the fetch in the same step run the fetched code too.
            const rest = gitFetch ? (step.commands ?? []).filter((c) => c.line > gitFetch.line) : [];
            if (rest[0]) ranAfter = { line: rest[0].line, text: rest[0].text };
            continue;
          }
          if (!checkedOut || ranAfter) continue;
          const folder = checkedOut.folder;
          const copy =
            folder === null ? undefined : (step.commands ?? []).find((c) => copiesOutOf(c.text, folder));
          if (copy && !copiedOut) copiedOut = { line: copy.line, text: copy.text };
          if (!runsCode(step)) continue;
          if (folder === null || runsInFolder(step, folder))
            ranAfter = { line: step.commands?.[0]?.line ?? step.line, text: step.run ?? step.uses ?? "" };
          else if (copiedOut) copiedThenRun = true;
        }
        const secrets = (job.secrets ?? []).filter((name) => name !== "*");
        const exposes = secrets.length > 0 || (job.secrets ?? []).includes("*");
        if (checkedOut) {
          report({
            path: workflow.path,
            line: checkedOut.line,
            message: `Job ${job.id} of a ${trigger} workflow checks out ${trigger === "workflow_run" ? "the triggering run's head (a fork's branch)" : "the pull request head"}${checkedOut.folder ? ` into \`${checkedOut.folder}/\`` : ""}${
              ranAfter
                ? ` and then runs it (\`${ranAfter.text.split("\n")[0]?.slice(0, 80)}\`, line ${ranAfter.line}) with the base repository's write token${exposes ? ` and secrets (${secrets.join(", ") || "all, inherited"})` : ""}`
                : copiedOut && copiedThenRun
                  ? `; later steps run code from elsewhere, but files are copied out of \`${checkedOut.folder ?? ""}/\` into what they run (\`${copiedOut.text.split("\n")[0]?.slice(0, 80)}\`, line ${copiedOut.line}): what is copied must be data the build cannot execute${exposes ? `; secrets (${secrets.join(", ") || "all, inherited"}) are in the job` : ""}`
                  : `; no later step runs it${exposes ? `, but secrets (${secrets.join(", ") || "all, inherited"}) are in the job` : ""}`
            }`,
            key: `${job.id}:checkout-head`,
            severity: ranAfter
              ? exposes
                ? "critical"
                : "high"
              : exposes || copiedThenRun
                ? "medium"
                : "low",
          });
          continue;
        }
        // Script injection: text the pull request's author controls pasted into a shell of a privileged job.
        for (const step of job.steps) {
          const injected = (step.commands ?? []).find((c) => UNTRUSTED_TEXT.test(c.text));
          if (!injected) continue;
          report({
            path: workflow.path,
            line: injected.line,
            message: `Job ${job.id} of a ${trigger} workflow pastes \`${UNTRUSTED_TEXT.exec(injected.text)?.[0] ?? ""}\` into a shell command: its author can inject commands that run with the base repository's write token${exposes ? ` and secrets (${secrets.join(", ") || "all, inherited"})` : ""}`,
            key: `${job.id}:injection`,
            severity: exposes ? "high" : "medium",
            snippet: injected.text,
          });
          break;
        }
      }
    }
  },
});

/** Triggers whose runs get the base repository's secrets and a write token while fork code is in reach. */
const PRIVILEGED = ["pull_request_target", "workflow_run"] as const;

/** `workflow_run`: the triggering run's commit or branch, which a fork controls. */
const RUN_HEAD_REF = /github\.event\.workflow_run\.(head_sha|head_branch|head_repository)/;

/** Expressions whose text the author of a pull request, issue or comment chooses. */
const UNTRUSTED_TEXT =
  /\$\{\{\s*github\.(event\.(pull_request\.(title|body|head\.ref|head\.label)|issue\.(title|body)|comment\.body|review\.body|workflow_run\.(head_branch|display_title|head_commit\.message))|head_ref)\s*\}\}/;

/** The folder `actions/checkout` puts the pull request in (`with: path:`), or null for the workspace itself. */
function checkoutFolder(step: CiStep): string | null {
  const folder = (step.with?.path ?? "").trim().replace(/^\.\//, "").replace(/\/+$/, "");
  return folder === "" || folder === "." || folder.includes("${{") ? null : folder;
}

/**
 * Whether a step that runs code runs the pull request checked out into a folder of its own: it works in that folder,
 * uses an action from it, or names it in a command that is not a copy (`cd pr && make`, `pr/build.sh`).
 */
function runsInFolder(step: CiStep, folder: string): boolean {
  const inFolder = (dir: string | undefined): boolean =>
    dir !== undefined && (dir === folder || dir.startsWith(`${folder}/`));
  if (inFolder(step.workingDirectory) || inFolder(step.uses?.replace(/^\.\//, ""))) return true;
  return (step.commands ?? []).some((c) => namesFolder(c.text, folder) && !COPY.test(c.text));
}

const COPY = /^\s*(sudo\s+)?(cp|rsync)\s/;

function namesFolder(text: string, folder: string): boolean {
  return new RegExp(`(^|[\\s;&|(=:"'])(\\./)?${escapeRegExp(folder)}(/|\\s|$)`).test(text);
}

/** `cp`/`rsync` reading from the folder (a source argument in it; the last argument is the destination). */
function copiesOutOf(text: string, folder: string): boolean {
  if (!COPY.test(text)) return false;
  const args = text
    .trim()
    .split(/\s+/)
    .slice(1)
    .filter((word) => word !== "sudo" && !word.startsWith("-") && word !== "cp" && word !== "rsync");
  return args.slice(0, -1).some((source) => namesFolder(source, folder));
}

/** A step that executes repository code: a shell command or a local action (actions from elsewhere are trusted code). */
function runsCode(step: CiStep): boolean {
  return (
    step.gates.length > 0 ||
    (step.commands ?? []).some((c) => RUNS_REPOSITORY_CODE.test(c.text)) ||
    (step.uses?.startsWith("./") ?? false) ||
    /^docker\/build-push-action@/.test(step.uses ?? "")
  );
}

/** Commands that execute what is in the working tree (package scripts, build files, scripts of the repository). */
const RUNS_REPOSITORY_CODE =
  /(^|[\s;&|(])(npm|npx|yarn|pnpm|bun|node|deno|make|just|go|python3?|pip3?|poetry|uv|pytest|tox|mix|cargo|gradle|\.\/gradlew|mvn|bundle|rake|composer|docker|\.\/|(ba)?sh\s+\S+\.sh)\b/;

/**
 * A job condition that keeps fork code out: only runs whose event is not a pull request, or whose head repository is
 * this one (pull requests from branches of the repository itself, written by people who can push anyway).
 */
const TRUSTED_ONLY =
  /workflow_run\.event\s*(!=\s*'pull_request'|==\s*'(push|schedule|release|workflow_dispatch)')|head\.repo\.(full_name\s*==\s*github\.repository|fork\s*==\s*false)|head_repository\.(full_name\s*==\s*github\.repository|fork\s*==\s*false)|github\.repository\s*==\s*github\.event\.(pull_request\.head\.repo|workflow_run\.head_repository)\.full_name/;
