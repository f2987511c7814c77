// tests/coverage-threshold-missing: tests exist but nothing fails the build when coverage drops.
import { isTestPath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "tests/coverage-threshold-missing",
  area: "tests",
  severity: "low",
  title: "No coverage threshold enforced",
  effortMinutes: 30,
  confidence: "heuristic",
  notes: [
    "vitest/jest configurations are judged per package folder, at the configuration file: silent when any vitest/jest config of the folder sets thresholds, or a package.json script or CI command passes them on the command line. vite.config files count only when they hold a `test` block; configs under test/fixture paths are skipped.",
    "Other ecosystems are judged once for the repository. Searched: mix.exs test_coverage threshold, coveralls.json minimum_coverage, pyproject/.coveragerc/setup.cfg/tox.ini/pytest.ini fail_under or --cov-fail-under, and CI coverage-threshold steps.",
    "This rule replaces node/coverage-threshold-absent, which reported the same gap for vitest/jest configurations: those findings are now reported here, at the configuration file.",
  ],
  docs: {
    rationale:
      "Coverage that is measured but not enforced drifts down one untested change at a time. A threshold turns the current level into a floor, locally and in CI alike.",
    impact: "New code lands without tests and the suite protects less of the product every month.",
    fix: "Set a threshold at (or just below) today's coverage and raise it over time: `test.coverage.thresholds` (vitest), `coverageThreshold.global` (jest), `fail_under` (coverage.py), `test_coverage: [summary: [threshold: …]]` (mix).",
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
    facts.tests?.byEcosystem.some((e) => e.testFiles > 0) || (facts.node?.coverage.length ?? 0) > 0
      ? true
      : { status: "not-applicable", reason: "no test files" },
  check({ facts, report }) {
    const nodeConfigs = (facts.node?.coverage ?? []).filter((c) => !isTestPath(c.path));
    reportNodeConfigs();
    if (facts.coverage.thresholds.some((t) => !t.statedOnly)) return;
    const tested = facts.tests.byEcosystem.filter(
      (e) => e.testFiles > 0 && !(e.ecosystem === "node" && nodeConfigs.length > 0),
    );
    if (tested.length === 0) return;
    report({
      message: `Tests exist (${tested.map((e) => `${e.ecosystem}: ${e.testFiles} files`).join(", ")}) but no coverage threshold is enforced`,
      key: "no-threshold",
      searched:
        "mix.exs, coveralls.json, vitest/jest/vite config, package.json, pyproject.toml, .coveragerc, setup.cfg, tox.ini, pytest.ini and CI workflow commands",
    });

    function reportNodeConfigs(): void {
      if (nodeConfigs.length === 0) return;
      const cliThresholds = [
        ...(facts.node?.packages ?? []).flatMap((p) => p.scripts.map((s) => s.command)),
        ...(facts.ci?.gates ?? []).map((g) => g.command),
      ].some((command) =>
        /coverage\.thresholds|coverageThreshold|--coverage\.(lines|branches|functions|statements)/.test(
          command,
        ),
      );
      if (cliThresholds) return;
      const dirOf = (path: string): string =>
        path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
      const byDir = new Map<string, typeof nodeConfigs>();
      for (const settings of nodeConfigs) {
        const dir = dirOf(settings.path);
        byDir.set(dir, [...(byDir.get(dir) ?? []), settings]);
      }
      for (const [, configs] of byDir) {
        if (configs.some((c) => Object.keys(c.thresholds).length > 0)) continue;
        const first = configs[0];
        if (!first) continue;
        report({
          path: first.path,
          line: first.line,
          message: `${first.tool} is configured in ${first.path} without coverage thresholds${first.provider ? ` (provider ${first.provider})` : ""}`,
          key: `coverage-threshold:${first.path}`,
          searched: `coverage thresholds in ${configs.map((c) => c.path).join(", ")}, package.json scripts and CI commands`,
        });
      }
    }
  },
});
