// node/coverage-threshold-absent: vitest/jest configured without coverage thresholds, so coverage can only go down.
import { isTestPath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "node/coverage-threshold-absent",
  area: "tests",
  severity: "medium",
  title: "No coverage thresholds in the vitest/jest configuration",
  effortMinutes: 30,
  confidence: "certain",
  docs: {
    rationale:
      "Coverage that is measured but not enforced is a number nobody looks at. A threshold in the runner's config makes the test command fail when coverage drops, locally and in CI alike.",
    impact:
      "Untested code paths accumulate unnoticed; the seed audit (003) could confirm coverage artifacts were produced but not that the frontend met any bar.",
    fix: "Set `test.coverage.thresholds` (vitest) or `coverageThreshold.global` (jest) at or slightly below today's numbers, and run the tests with coverage in CI.",
    example: {
      language: "typescript",
      bad: "export default defineConfig({ test: { coverage: { provider: 'v8' } } });",
      good: "export default defineConfig({\n  test: { coverage: { provider: 'v8', thresholds: { lines: 80, branches: 75, functions: 80, statements: 80 } } },\n});",
    },
  },
  notes: [
    "Judged per package folder: silent when any vitest/jest config of the package sets thresholds, or a package.json script or CI command passes them on the command line.",
    "vite.config files count only when they hold a `test` block; configs under test/fixture paths are skipped.",
  ],
  applies: (facts) =>
    facts.node && facts.node.coverage.length > 0
      ? true
      : { status: "not-applicable", reason: "no vitest or jest configuration" },
  check({ facts, report }) {
    const node = facts.node;
    const cliThresholds = [
      ...node.packages.flatMap((p) => p.scripts.map((s) => s.command)),
      ...(facts.ci?.gates ?? []).map((g) => g.command),
    ].some((command) =>
      /coverage\.thresholds|coverageThreshold|--coverage\.(lines|branches|functions|statements)/.test(
        command,
      ),
    );
    if (cliThresholds) return;
    const dirOf = (path: string): string => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");
    const byDir = new Map<string, typeof node.coverage>();
    for (const settings of node.coverage) {
      if (isTestPath(settings.path)) continue;
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
  },
});
