// ci/undeclared-needs: an expression reads `needs.X` while X is not in the job's `needs:` (GitHub then gives it
// nothing, so the condition or value is silently empty), a reusable workflow's output reads `jobs.X` of no job, and
// jobs that can never run (`if: false`, or needing such a job).
import { githubJobKey } from "../../facts/ci/semantics.js";
import { addJobNeed } from "../shared/workflow-edits.js";
import { defineRule } from "../define-rule.js";

/** A condition with `always()` as a top-level alternative (`… || always()`), true whatever else it reads. */
const ALWAYS_ALTERNATIVE = /(^|\|\|)\s*always\(\s*\)\s*(\|\||$)/;

export default defineRule({
  id: "ci/undeclared-needs",
  area: "ci",
  severity: "medium",
  title: "Job reads the result of a job it does not need, or can never run",
  effortMinutes: 10,
  confidence: "certain",
  notes: [
    "High when the read is in the job's own `if:` (whether the job runs is decided on an empty value), medium elsewhere (a step condition, env, inputs or command reads an empty value); low when the job's `if:` also has `|| always()` as an alternative (the job runs anyway, the read is dead).",
    "A reusable workflow's output reading `jobs.X` of no job of the workflow is medium.",
    "Job ids are compared without regard to case, as GitHub resolves them (`needs.Docker_Hub` reads the job `docker_hub`).",
    "A job whose `if:` is literally false, or that needs such a job without `if: always()`-style status functions, never runs: low (usually switched off on purpose, but its gates no longer run).",
    "The finding for a missing need carries a patch adding the job to `needs:` when it is a single name or a flow list (`needs: [a, b]`) or absent.",
  ],
  docs: {
    rationale:
      "GitHub fills the `needs` context only with the jobs listed in `needs:`. An expression reading `needs.changes.outputs.backend` in a job that does not need `changes` gets an empty value, with no error, and the job is scheduled without waiting for `changes`.",
    impact:
      "A condition built on it is always false (the job or step silently never runs, a gate is skipped) or always true (a deployment runs before the job it depends on has decided).",
    fix: "Add the job to `needs:` (the patch does it), or read the value another way.",
    example: {
      language: "yaml",
      bad: "jobs:\n  changes:\n    runs-on: ubuntu-latest\n    outputs:\n      backend: ${{ steps.filter.outputs.backend }}\n    steps: [...]\n  test:\n    if: needs.changes.outputs.backend == 'true'\n    runs-on: ubuntu-latest",
      good: "jobs:\n  changes: ...\n  test:\n    needs: [changes]\n    if: needs.changes.outputs.backend == 'true'\n    runs-on: ubuntu-latest",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.some((w) => w.provider === "github")
      ? true
      : { status: "not-applicable", reason: "no GitHub Actions workflows" },
  check({ facts, report, readText }) {
    for (const workflow of facts.ci.workflows) {
      if (workflow.provider !== "github" || workflow.invalid) continue;
      // GitHub resolves job ids without regard to case: `needs.Docker_Hub` reads the job `docker_hub`.
      const ids = new Set(workflow.jobs.map((j) => githubJobKey(j.id)));
      for (const job of workflow.jobs) {
        const reported = new Set<string>();
        const needed = new Set(job.needs.map(githubJobKey));
        for (const ref of job.references ?? []) {
          const refKey = githubJobKey(ref.job);
          if (ref.context !== "needs" || needed.has(refKey) || reported.has(refKey)) continue;
          reported.add(refKey);
          const inCondition = ref.where === "if";
          // `if: needs.x.outputs.y == 'true' || always()`: the job runs whatever the empty value says.
          const overridden =
            inCondition && ALWAYS_ALTERNATIVE.test((job.condition ?? "").replace(/^\s*\$\{\{|\}\}\s*$/g, ""));
          const exists = ids.has(refKey) && refKey !== githubJobKey(job.id);
          const text = exists ? readText(workflow.path) : null;
          report({
            path: workflow.path,
            line: ref.line,
            message: `Job ${job.id} reads \`needs.${ref.job}\` in ${inCondition ? "its `if:`" : ref.where === "step-if" ? "a step's `if:`" : `\`${ref.where}\``} but ${exists ? `\`${ref.job}\` is not in its \`needs:\`` : `no job \`${ref.job}\` exists`}: the value is always empty${overridden ? ", but the condition's `|| always()` runs the job anyway, so the read is dead code" : inCondition ? ", so whether the job runs is decided without it" : ""}${exists ? `, and the job does not wait for ${ref.job}` : ""}`,
            severity: overridden ? "low" : inCondition ? "high" : "medium",
            key: `${job.id}:needs.${ref.job}`,
            snippet: ref.text,
            patch: text ? addJobNeed(workflow.path, text, job.id, ref.job) : null,
          });
        }
      }
      for (const ref of workflow.references ?? [])
        if (ref.context === "jobs" && !ids.has(githubJobKey(ref.job)))
          report({
            path: workflow.path,
            line: ref.line,
            message: `Workflow output \`${ref.where.replace(/^outputs\./, "")}\` reads \`jobs.${ref.job}\`, but no job \`${ref.job}\` exists: callers always get an empty value`,
            key: `output:jobs.${ref.job}`,
            snippet: ref.text,
          });
      for (const job of workflow.jobs) {
        const why = job.neverRuns;
        if (!why) continue;
        report({
          path: workflow.path,
          line: job.conditionLine ?? job.needsLine ?? job.line,
          message: `Job ${job.id} never runs: ${why}${job.steps.some((s) => s.gates.length > 0) ? ` (its ${[...new Set(job.steps.flatMap((s) => s.gates.map((g) => g.kind)))].join(", ")} steps never run)` : ""}`,
          severity: "low",
          key: `${job.id}:never-runs`,
        });
      }
    }
  },
});
