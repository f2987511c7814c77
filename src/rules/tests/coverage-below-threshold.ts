// tests/coverage-below-threshold: a coverage report in the repository shows less than the configured threshold.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "tests/coverage-below-threshold",
  area: "tests",
  severity: "medium",
  title: "Measured coverage below the configured threshold",
  effortMinutes: 240,
  confidence: "heuristic",
  notes: [
    "Compares each coverage report found (lcov, Cobertura, coverage.py JSON, Go coverprofile, excoveralls JSON) with the lowest numeric threshold configured.",
  ],
  docs: {
    rationale:
      "A threshold only protects when the build actually fails below it. A report under the threshold means the gate is not running, or is being bypassed.",
    impact: "The team believes coverage is guarded while untested code keeps merging.",
    fix: "Run the coverage gate in CI and add tests until coverage meets the threshold (or lower it honestly and raise it over time).",
    example: {
      language: "elixir",
      bad: "test_coverage: [summary: [threshold: 80]]  # cover/excoveralls.json: 61%",
      good: "test_coverage: [summary: [threshold: 80]]  # mix test --cover: 83%",
    },
  },
  applies: (facts) =>
    facts.coverage?.measured.length
      ? true
      : { status: "not-applicable", reason: "no coverage report in the repository" },
  check({ facts, report }) {
    const thresholds = facts.coverage.thresholds.filter((t) => Number.isFinite(t.percent) && !t.statedOnly);
    if (thresholds.length === 0) return;
    const threshold = thresholds.reduce((a, b) => (b.percent < a.percent ? b : a));
    for (const m of facts.coverage.measured) {
      if (m.percent >= threshold.percent) continue;
      report({
        path: m.path,
        line: 1,
        message: `${m.format} report shows ${m.percent}% coverage, below the ${threshold.percent}% threshold (${threshold.tool})`,
        key: `${m.path}`,
        snippet: `${m.covered}/${m.total} covered`,
        related: [{ path: threshold.path, startLine: threshold.line, endLine: threshold.line }],
      });
    }
  },
});
