// elixir/unpinned-git-dep: a git/github dependency in mix.exs without `ref:` or `tag:`.
import { hasMixProject } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/unpinned-git-dep",
  area: "dependencies",
  severity: "medium",
  title: "Git dependency not pinned to a ref or tag",
  effortMinutes: 20,
  docs: {
    rationale:
      "A git dependency without `ref:` or `tag:` follows a branch; only mix.lock holds the commit, and `mix deps.update` silently moves it.",
    impact:
      "Builds pick up whatever was pushed to the branch, including breaking or malicious changes, without a reviewable diff in mix.exs.",
    fix: "Pin the dependency with `ref:` (a commit) or `tag:`, or publish it to Hex.",
    example: {
      bad: '{:nats_client, github: "acme/nats_client", branch: "main"}',
      good: '{:nats_client, github: "acme/nats_client", tag: "v0.3.1"}',
      language: "elixir",
    },
  },
  notes: [
    "Low when mix.lock records the commit (builds are reproducible until someone runs `mix deps.update`) or the dependency is dev/test only; medium when nothing pins it.",
  ],
  applies: hasMixProject,
  check({ facts, report }) {
    const locked = new Map(facts.elixir.dependencies.locked.map((pkg) => [pkg.name, pkg]));
    for (const dep of facts.elixir.dependencies.declared) {
      if (dep.source.kind !== "git" || dep.source.pinned) continue;
      const lock = locked.get(dep.name);
      report({
        path: dep.manifest,
        line: dep.line,
        message: `${dep.name} follows ${dep.source.ref ?? "the default branch"} of ${dep.source.url}${
          lock
            ? `; ${lock.lockfile} holds commit ${lock.version.slice(0, 7)} until \`mix deps.update\` moves it`
            : ""
        }`,
        key: `${dep.manifest}:${dep.name}`,
        severity: dep.dev || lock ? "low" : "medium",
      });
    }
  },
});
