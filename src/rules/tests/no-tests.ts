// tests/no-tests: an application with source code and no test files.
import { isExamplePath } from "../../repo/path-kind.js";
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

function inFolder(path: string, folder: string): boolean {
  return folder === "." || path.startsWith(folder + "/");
}

export default defineRule({
  id: "tests/no-tests",
  area: "tests",
  severity: "high",
  title: "Application has no tests",
  effortMinutes: 480,
  confidence: "heuristic",
  options: { minCodeLines: 200 },
  notes: [
    "Per app (facts.apps): source files of its ecosystem under its folder, and test files anywhere under that folder. Apps below `minCodeLines` lines of code are ignored.",
    "Rust inline `#[cfg(test)]` modules count as tests. Apps under examples/, samples/, demo/, docs/ and benchmarks/ are skipped.",
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
    for (const app of facts.apps) {
      const languages = ECOSYSTEM_LANGUAGES[app.ecosystem];
      if (!languages || isExamplePath(`${app.path}/`)) continue;
      const files = facts.files.filter((f) => languages.includes(f.language) && inFolder(f.path, app.path));
      const source = files.filter((f) => !f.isTest);
      const codeLines = source.reduce((n, f) => n + f.lines.code, 0);
      if (files.some((f) => f.isTest) || codeLines < Number(options.minCodeLines)) continue;
      if (app.ecosystem === "rust" && source.some((f) => /#\[cfg\(test\)\]/.test(readText(f.path) ?? "")))
        continue;
      report({
        message: `${app.ecosystem} app ${app.name} (${app.manifest}) has ${source.length} source files (${codeLines} lines of code) and no test files`,
        key: `${app.ecosystem}:${app.path}`,
        snippet: `${app.manifest}: ${source.length} source files, 0 test files`,
        searched: `test files (test/, tests/, *_test.*, test_*.py, *.test.*, *.spec.*) of ${languages.join("/")} under ${app.path === "." ? "the repository root" : app.path + "/"}`,
      });
    }
  },
});
