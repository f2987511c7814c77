// python/skipped-test: tests skipped unconditionally (pytest.mark.skip, unittest.skip, pytest.skip() at the top of a test).
import type { SgNode } from "@ast-grep/napi";
import { calleeOf, importMap, isPythonTestPath } from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

const SKIP_DECORATORS = new Set(["pytest.mark.skip", "unittest.skip", "unittest.case.skip"]);

export default defineRule({
  id: "python/skipped-test",
  area: "tests",
  severity: "low",
  title: "Skipped Python test",
  effortMinutes: 30,
  confidence: "certain",
  languages: ["python"],
  includeTests: true,
  prefilter: /skip/i,
  notes: [
    "Test files only. `@pytest.mark.skip`, `@unittest.skip(...)` on functions or classes, `pytestmark = pytest.mark.skip`, and `pytest.skip(...)`/`self.skipTest(...)` as a statement directly in a test function's body.",
    "Conditional skips (skipif, skipIf, skipUnless, importorskip, skips inside an `if`) are not reported: they document an environment requirement.",
    "File named python-skipped-test.ts because tests/skipped-test.ts holds elixir/skipped-test.",
  ],
  docs: {
    rationale:
      "An unconditionally skipped test runs nowhere; the behaviour it covered is untested while the suite stays green.",
    impact: "Regressions in the skipped behaviour reach production unnoticed.",
    fix: "Fix and re-enable the test, make the skip conditional on the real requirement (skipif), or delete it with a tracked issue.",
    example: {
      language: "python",
      bad: '@pytest.mark.skip(reason="flaky")\ndef test_refund(): ...',
      good: '@pytest.mark.skipif(sys.platform == "win32", reason="needs fork")\ndef test_worker_fork(): ...',
    },
  },
  checkFile({ tree, path, isTest, report }) {
    if (!tree || !(isTest || isPythonTestPath(path))) return;
    const imports = importMap(tree);
    const resolve = (expr: SgNode | null): string => {
      if (!expr) return "";
      const target = expr.kind() === "call" ? expr.field("function") : expr;
      const text = target?.text() ?? "";
      const base = text.split(".")[0] ?? "";
      return imports.has(base) ? `${imports.get(base)}${text.slice(base.length)}` : text;
    };
    for (const decorator of tree.findAll({ rule: { kind: "decorator" } })) {
      const name = resolve(decorator.children().find((c) => c.isNamed()) ?? null);
      if (!SKIP_DECORATORS.has(name)) continue;
      const target = decorator.parent()?.field("definition")?.field("name")?.text() ?? "?";
      report({
        node: decorator,
        message: `${target} is skipped unconditionally (@${name})`,
        key: `skipped:${target}`,
      });
    }
    for (const assignment of tree.findAll({ rule: { kind: "assignment" } })) {
      if (assignment.field("left")?.text() !== "pytestmark") continue;
      const right = assignment.field("right");
      const values =
        right?.kind() === "list" ? right.children().filter((c) => c.isNamed()) : right ? [right] : [];
      if (values.some((v) => SKIP_DECORATORS.has(resolve(v))))
        report({
          node: assignment,
          message: "every test in the module is skipped (pytestmark = pytest.mark.skip)",
          key: "skipped:module",
        });
    }
    for (const fn of tree.findAll({ rule: { kind: "function_definition" } })) {
      const name = fn.field("name")?.text() ?? "";
      if (!name.startsWith("test")) continue;
      for (const statement of fn.field("body")?.children() ?? []) {
        const call =
          statement.kind() === "expression_statement"
            ? statement.children().find((c) => c.kind() === "call")
            : undefined;
        if (!call) continue;
        const q = calleeOf(call, imports)?.qualified ?? "";
        if (q === "pytest.skip" || q === "self.skipTest")
          report({
            node: call,
            message: `${name} is skipped unconditionally (${q}())`,
            key: `skipped:${name}`,
          });
      }
    }
  },
});
