// tests/no-tests: an application with source code and no test files.
import type { RepoFacts } from "../../facts/repo-facts.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { parentDir } from "../../repo/repo-path.js";
import { defineRule } from "../define-rule.js";

const ECOSYSTEM_LANGUAGES: Record<string, string[]> = {
  elixir: ["elixir"],
  go: ["go"],
  python: ["python"],
  node: ["typescript", "tsx", "javascript"],
  rust: ["rust"],
  ruby: ["ruby"],
  java: ["java", "kotlin"],
};

/** Folders of translation tables: UI strings per language, data with nothing to unit-test. */
const LOCALE_FOLDER = /(^|\/)(locales?|i18n|l10n|translations?)\//;

function inFolder(path: string, folder: string): boolean {
  return folder === "." || path.startsWith(folder + "/");
}

/**
 * Node workspace packages used, directly or through other workspace packages, by an app that a Playwright or
 * Cypress suite drives: folder → the driven app's name. The suite exercises them end to end.
 */
function exercisedEndToEnd(facts: RepoFacts): Map<string, string> {
  const out = new Map<string, string>();
  const packages = (facts.node?.packages ?? []).filter((p) => p.name && !p.isTest);
  const dirOfName = new Map(packages.map((p) => [p.name ?? "", p.dir === "" ? "." : p.dir] as const));
  const uses = new Map<string, string[]>();
  for (const dep of facts.dependencies?.declared ?? []) {
    const target = dep.ecosystem === "npm" ? dirOfName.get(dep.name) : undefined;
    if (!target) continue;
    const user = parentDir(dep.manifest);
    uses.set(user, [...(uses.get(user) ?? []), target]);
  }
  for (const suite of facts.tests?.e2eSuites ?? []) {
    if (suite.testFiles === 0) continue;
    for (const driven of suite.drives) {
      const name = packages.find((p) => (p.dir === "" ? "." : p.dir) === driven)?.name ?? driven;
      const queue = [...(uses.get(driven) ?? [])];
      while (queue.length > 0) {
        const dir = queue.shift() ?? "";
        if (out.has(dir) || dir === driven) continue;
        out.set(dir, name);
        queue.push(...(uses.get(dir) ?? []));
      }
    }
  }
  return out;
}

export default defineRule({
  id: "tests/no-tests",
  area: "tests",
  severity: "high",
  title: "Application has no tests",
  effortMinutes: 480,
  confidence: "heuristic",
  options: { minCodeLines: 200, minSiblingCodeLines: 1000 },
  notes: [
    "Per app (facts.apps): source files of its ecosystem under its folder, and test files anywhere under that folder. Apps below `minCodeLines` lines of code are ignored.",
    'A Playwright or Cypress suite counts for the application it drives, wherever it lives: the app whose folder holds its config or tests, the app its config or its own package\'s scripts name (a `webServer` command such as `pnpm --filter web dev`, `start-server-and-test "npm run start -w web" …`), or the only runnable app when the suite sits at the root.',
    "package.json manifests that are not applications are not judged: tooling wrappers (no source of their own, only build and lint tools), asset bundles of another ecosystem's application (Phoenix assets/, a Django gulp pipeline) and documentation sites (Docusaurus, VitePress, Storybook).",
    "Rust inline `#[cfg(test)]` modules count as tests. Apps under examples/, samples/, demo/, docs/ and benchmarks/ are skipped.",
    "High when the repository has no tests at all, or when the untested app is its largest; otherwise medium, and low when other apps of the same ecosystem are tested and this one is below `minSiblingCodeLines` lines of code.",
    "Low for a workspace package that an app driven by a Playwright or Cypress suite depends on (directly or through other workspace packages): the suite exercises it end to end. Low for a Go program CI runs as its own pipeline (Dagger, mage): build tooling.",
    "Low for a package whose code is mostly (four fifths of its lines) translation tables under `locales/`, `i18n/`, `l10n/` or `translations/`: UI strings per language, with no logic to test.",
  ],
  docs: {
    rationale:
      "Without automated tests every change is verified by hand, or not at all. Refactoring becomes risky and regressions are found by users.",
    impact: "Bugs reach production and the team slows down out of fear of breaking things.",
    fix: "Start with tests around the most critical paths (request handlers, domain logic), run them in CI, and grow coverage with each change.",
    example: {
      language: "python",
      bad: "# app/orders.py with 2,000 lines and no tests/ folder",
      good: "# tests/test_orders.py\ndef test_total_includes_tax():\n    assert order_total([10], tax=0.2) == 12",
    },
    examples: [
      {
        language: "go",
        bad: "// orders.go with no orders_test.go",
        good: '// orders_test.go\nfunc TestTotalIncludesTax(t *testing.T) {\n\tif got := OrderTotal([]float64{10}, 0.2); got != 12 {\n\t\tt.Fatalf("got %v, want 12", got)\n\t}\n}',
      },
      {
        language: "typescript",
        bad: "// src/orders.ts with no test file",
        good: "// src/orders.test.ts\nimport { expect, it } from 'vitest';\nit('includes tax', () => expect(orderTotal([10], 0.2)).toBe(12));",
      },
      {
        language: "elixir",
        bad: "# lib/shop/orders.ex with no test/ folder",
        good: '# test/shop/orders_test.exs\ndefmodule Shop.OrdersTest do\n  use ExUnit.Case, async: true\n  test "total includes tax", do: assert(Shop.Orders.total([10], 0.2) == 12)\nend',
      },
    ],
  },
  applies: (facts) =>
    (facts.apps ?? []).length > 0 ? true : { status: "not-applicable", reason: "no application manifest" },
  check({ facts, options, report, readText }) {
    interface Judged {
      app: (typeof facts.apps)[number];
      languages: string[];
      sourceFiles: number;
      codeLines: number;
      localeLines: number;
      tested: boolean;
    }
    const judged: Judged[] = [];
    for (const app of facts.apps) {
      const languages = ECOSYSTEM_LANGUAGES[app.ecosystem];
      if (!languages || isExamplePath(`${app.path}/`)) continue;
      const files = facts.files.filter((f) => languages.includes(f.language) && inFolder(f.path, app.path));
      const source = files.filter((f) => !f.isTest);
      const tested =
        files.some((f) => f.isTest) ||
        (app.ecosystem === "rust" && source.some((f) => /#\[cfg\(test\)\]/.test(readText(f.path) ?? ""))) ||
        (facts.tests?.e2eSuites ?? []).some((s) => s.testFiles > 0 && s.drives.includes(app.path));
      judged.push({
        app,
        languages,
        sourceFiles: source.length,
        codeLines: source.reduce((n, f) => n + f.lines.code, 0),
        localeLines: source.filter((f) => LOCALE_FOLDER.test(f.path)).reduce((n, f) => n + f.lines.code, 0),
        tested,
      });
    }
    const anyTests =
      judged.some((j) => j.tested) || (facts.tests?.byEcosystem ?? []).some((inv) => inv.testFiles > 0);
    const pipelines = (facts.ci?.pipelinePrograms ?? []).filter((dir) => dir !== ".");
    const endToEnd = exercisedEndToEnd(facts);
    const largest = Math.max(0, ...judged.map((j) => j.codeLines));
    for (const { app, languages, sourceFiles, codeLines, localeLines, tested } of judged) {
      if (tested || codeLines < Number(options.minCodeLines)) continue;
      // Tests elsewhere in the same ecosystem: the team tests, this package was left out.
      const ecosystemTested =
        judged.some((j) => j.app.ecosystem === app.ecosystem && j.tested) ||
        (facts.tests?.byEcosystem ?? []).some((inv) => inv.ecosystem === app.ecosystem && inv.testFiles > 0);
      // Build tooling CI runs as its pipeline, and a workspace package an e2e-tested app uses, are hygiene.
      const pipeline = pipelines.some((dir) => inFolder(app.path, dir) || app.path === dir);
      const viaApp = endToEnd.get(app.path);
      const translations = localeLines >= 0.8 * codeLines;
      const severity =
        pipeline || viaApp || translations
          ? "low"
          : !anyTests || codeLines === largest
            ? "high"
            : !ecosystemTested || codeLines >= Number(options.minSiblingCodeLines)
              ? "medium"
              : "low";
      const why = pipeline
        ? "; it is the pipeline program CI runs (build tooling)"
        : translations
          ? `; ${localeLines} of its ${codeLines} lines are translation tables`
          : viaApp
            ? `; it runs inside ${viaApp}, which an end-to-end suite drives`
            : anyTests
              ? "; other parts of the repository are tested"
              : "";
      report({
        severity,
        message: `${app.ecosystem} app ${app.name} (${app.manifest}) has ${sourceFiles} source files (${codeLines} lines of code) and no test files${why}`,
        key: `${app.ecosystem}:${app.path}`,
        snippet: `${app.manifest}: ${sourceFiles} source files, 0 test files`,
        searched: `test files (test/, tests/, *_test.*, test_*.py, *.test.*, *.spec.*) of ${languages.join("/")} under ${app.path === "." ? "the repository root" : app.path + "/"}, and Playwright/Cypress suites that drive it`,
      });
    }
  },
});
