// ci/no-dependency-cache: a GitHub workflow installs a language toolchain and its dependencies with no cache.
import { defineRule } from "../define-rule.js";
import type { CiJob } from "../../facts/ci/types.js";

const SETUP =
  /^(actions\/setup-(node|python|go|java|dotnet)|erlef\/setup-beam|ruby\/setup-ruby|dtolnay\/rust-toolchain|actions-rs\/toolchain|astral-sh\/setup-uv|pnpm\/action-setup|oven-sh\/setup-bun)@/;
const INSTALL =
  /\b(npm\s+(ci|install|i)\b|yarn(\s+install)?\s*($|--)|pnpm\s+install|pip3?\s+install|poetry\s+install|uv\s+sync|pipenv\s+install|mix\s+deps\.get|go\s+(mod\s+download|build|test)|bundle\s+install|cargo\s+(build|test))/;

/** Whether a job caches dependencies: actions/cache, a setup action's cache input, or a setup action that caches by default. */
function jobCaches(job: CiJob): boolean {
  return job.steps.some((step) => {
    const uses = step.uses ?? "";
    if (
      /^(actions\/cache|Swatinem\/rust-cache|buildjet\/cache|mozilla-actions\/sccache-action)(\/\w+)?@/.test(
        uses,
      )
    )
      return true;
    const inputs = step.with ?? {};
    if (
      /^actions\/setup-(node|python|java|dotnet)@/.test(uses) &&
      (inputs.cache ?? "") !== "" &&
      inputs.cache !== "false"
    )
      return true;
    if (/^ruby\/setup-ruby@/.test(uses) && inputs["bundler-cache"] === "true") return true;
    if (/^astral-sh\/setup-uv@/.test(uses) && inputs["enable-cache"] === "true") return true;
    // setup-go caches the module and build cache by default since v4.
    const goMajor = /^actions\/setup-go@v(\d+)/.exec(uses);
    if (goMajor?.[1] && Number(goMajor[1]) >= 4 && inputs.cache !== "false") return true;
    if (/^actions\/setup-go@[0-9a-f]{40}$/.test(uses) && inputs.cache !== "false") return true;
    return false;
  });
}

export default defineRule({
  id: "ci/no-dependency-cache",
  area: "ci",
  severity: "low",
  title: "CI installs dependencies without a cache",
  effortMinutes: 20,
  confidence: "heuristic",
  notes: [
    "A job counts when it uses a setup action (setup-node/python/go/java, setup-beam, setup-ruby, rust toolchain) and runs an install/build command; actions/cache, rust-cache, `cache:` inputs, `bundler-cache: true` and setup-go v4+ (caches by default) count as caching.",
    "One finding per workflow, listing the jobs.",
  ],
  docs: {
    rationale:
      "Without a cache every run downloads and compiles all dependencies again. Pipelines become slow and flaky (registry outages, rate limits), so developers wait longer for feedback.",
    impact: "Slower, more expensive CI and failures unrelated to the change when a registry is unavailable.",
    fix: "Enable the setup action's cache (`cache: npm`, `cache: pip`) or add actions/cache keyed on the lockfile hash.",
    example: {
      language: "yaml",
      bad: "- uses: actions/setup-node@v4\n  with:\n    node-version: 20\n- run: npm ci",
      good: "- uses: actions/setup-node@v4\n  with:\n    node-version: 20\n    cache: npm\n- run: npm ci",
    },
  },
  applies: (facts) =>
    facts.ci?.workflows.some((w) => w.provider === "github")
      ? true
      : { status: "not-applicable", reason: "no GitHub Actions workflows" },
  check({ facts, report }) {
    for (const workflow of facts.ci.workflows) {
      if (workflow.provider !== "github") continue;
      const uncached = workflow.jobs.filter(
        (job) =>
          job.steps.some((s) => s.uses && SETUP.test(s.uses)) &&
          job.steps.some((s) => (s.commands ?? []).some((c) => INSTALL.test(c.text))) &&
          !jobCaches(job),
      );
      const first = uncached[0];
      if (!first) continue;
      report({
        path: workflow.path,
        line: first.line,
        message: `Job${uncached.length > 1 ? "s" : ""} ${uncached.map((j) => j.id).join(", ")} install${uncached.length > 1 ? "" : "s"} dependencies with no cache`,
        key: "no-cache",
        snippet: uncached
          .map(
            (j) =>
              `${j.id}: ${j.steps
                .filter((s) => s.uses && SETUP.test(s.uses))
                .map((s) => s.uses)
                .join(", ")}`,
          )
          .join("\n"),
        searched: `actions/cache, setup-* cache inputs in ${workflow.path}`,
      });
    }
  },
});
