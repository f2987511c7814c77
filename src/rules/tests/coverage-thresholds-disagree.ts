// tests/coverage-thresholds-disagree: the repository states its coverage minimum in several places (README,
// tool configuration, CI flags, a gate script, Codecov) with different values: one finding listing each place.
import type { CoverageThreshold } from "../../facts/tests/coverage.js";
import { defineRule } from "../define-rule.js";

/** Thresholds about the whole repository: root files, CI workflows and repository scripts, not a package's own config. */
function repositoryWide(t: CoverageThreshold): boolean {
  return (
    !t.path.includes("/") ||
    /^(\.github|\.gitlab|scripts?|ci|tools|bin|docs?)\//.test(t.path) ||
    t.tool.endsWith("(CI)")
  );
}

export default defineRule({
  id: "tests/coverage-thresholds-disagree",
  area: "tests",
  severity: "low",
  title: "Coverage minimum stated with different values",
  effortMinutes: 10,
  confidence: "certain",
  notes: [
    "Compares the repository-wide coverage minimums: README/CONTRIBUTING/TESTING sentences that put a percentage beside coverage and a word of minimum, tool configuration at the root (mix.exs, coveralls.json, vitest/jest, coverage.py, pytest-cov, go-test-coverage), CI flags, Codecov's project target and `coverage_gate`-style scripts. A package's own configuration in a subfolder of a monorepo is not compared.",
    "One finding listing every place and its value; low, since each enforcing place still enforces its own value.",
  ],
  docs: {
    rationale:
      "When the README says 70%, `fail_under` says 70 and the CI gate script says 80, contributors aim for the wrong number and nobody knows which one the project means; the strictest one silently decides.",
    impact:
      "Pull requests fail on a threshold the documentation does not mention, or the documented promise is weaker than what is enforced.",
    fix: "Pick one value, set it in the tool configuration, and make the CI flags, scripts and documentation refer to it.",
    example: {
      language: "toml",
      bad: "# README: coverage must stay above 70%\n[tool.coverage.report]\nfail_under = 80",
      good: "# README: coverage must stay above 80% (see fail_under)\n[tool.coverage.report]\nfail_under = 80",
    },
  },
  applies: (facts) =>
    (facts.coverage?.thresholds.length ?? 0) > 1
      ? true
      : { status: "not-applicable", reason: "fewer than two coverage minimums stated" },
  check({ facts, report }) {
    const places = facts.coverage.thresholds.filter((t) => Number.isFinite(t.percent) && repositoryWide(t));
    const values = [...new Set(places.map((t) => t.percent))];
    if (values.length < 2) return;
    const first = places.find((t) => !t.statedOnly) ?? places[0]!;
    report({
      path: first.path,
      line: first.line,
      message: `The coverage minimum is stated as ${values
        .sort((a, b) => a - b)
        .map((v) => `${v}%`)
        .join(
          " and ",
        )} in different places: ${places.map((t) => `${t.path}:${t.line} ${t.percent}% (${t.tool})`).join("; ")}`,
      key: "coverage-thresholds",
      snippet: places.map((t) => `${t.path}:${t.line}: ${t.percent}%`).join("\n"),
    });
  },
});
