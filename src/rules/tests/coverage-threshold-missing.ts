// tests/coverage-threshold-missing: tests exist but nothing fails the build when coverage drops.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "tests/coverage-threshold-missing",
  area: "tests",
  severity: "low",
  title: "No coverage threshold enforced",
  effortMinutes: 30,
  confidence: "heuristic",
  notes: [
    "Node packages with a vitest/jest configuration are left to node/coverage-threshold-absent, which points at the configuration file.",
    "Searched: mix.exs test_coverage threshold, coveralls.json minimum_coverage, vitest/jest config thresholds, package.json jest.coverageThreshold, pyproject/.coveragerc/setup.cfg/tox.ini/pytest.ini fail_under or --cov-fail-under, and CI coverage-threshold steps.",
  ],
  docs: {
    rationale:
      "Coverage that is measured but not enforced drifts down one untested change at a time. A threshold turns the current level into a floor.",
    impact: "New code lands without tests and the suite protects less of the product every month.",
    fix: "Set a threshold at (or just below) today's coverage and raise it over time.",
    example: {
      language: "toml",
      ecosystem: "python",
      bad: '[tool.pytest.ini_options]\naddopts = "--cov=app"',
      good: "[tool.coverage.report]\nfail_under = 80",
    },
    examples: [
      {
        language: "typescript",
        bad: "export default defineConfig({ test: { coverage: { provider: 'v8' } } });",
        good: "export default defineConfig({\n  test: { coverage: { provider: 'v8', thresholds: { lines: 80, branches: 70 } } },\n});",
      },
      {
        language: "elixir",
        bad: "def project, do: [app: :shop, test_coverage: [tool: ExCoveralls]]",
        good: "def project, do: [app: :shop, test_coverage: [summary: [threshold: 80]]]",
      },
      {
        language: "yaml",
        ecosystem: "go",
        bad: "- run: go test ./...",
        good: "- run: go test -coverprofile=cover.out ./...\n- run: go tool cover -func=cover.out | awk '/^total:/ { if ($3 + 0 < 80) exit 1 }'",
      },
    ],
  },
  applies: (facts) =>
    facts.tests?.byEcosystem.some((e) => e.testFiles > 0)
      ? true
      : { status: "not-applicable", reason: "no test files" },
  check({ facts, report }) {
    if (facts.coverage.thresholds.length > 0) return;
    // node/coverage-threshold-absent reports vitest/jest configurations without thresholds, with their location.
    const nodeCovered = (facts.node?.coverage?.length ?? 0) > 0;
    const tested = facts.tests.byEcosystem.filter(
      (e) => e.testFiles > 0 && !(e.ecosystem === "node" && nodeCovered),
    );
    if (tested.length === 0) return;
    report({
      message: `Tests exist (${tested.map((e) => `${e.ecosystem}: ${e.testFiles} files`).join(", ")}) but no coverage threshold is enforced`,
      key: "no-threshold",
      searched:
        "mix.exs, coveralls.json, vitest/jest/vite config, package.json, pyproject.toml, .coveragerc, setup.cfg, tox.ini, pytest.ini and CI workflow commands",
    });
  },
});
