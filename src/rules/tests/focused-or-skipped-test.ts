// node/focused-or-skipped-test: it.only/describe.only (the rest of the suite silently stops running) and it.skip/xit.
import { firstArgument } from "../../facts/node/ast.js";
import { unifiedDiffForEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";

const FOCUS = /^(it|test|describe|context|suite)\.only$|^(fit|fdescribe)$/;
const SKIP = /^(it|test|describe|context|suite)\.skip$|^(xit|xtest|xdescribe|xcontext)$/;

export default defineRule({
  id: "node/focused-or-skipped-test",
  area: "tests",
  severity: "medium",
  title: "Focused (.only) or skipped (.skip) test committed",
  effortMinutes: 15,
  confidence: "certain",
  languages: ["typescript", "tsx", "javascript"],
  includeTests: true,
  prefilter: /\.(only|skip)\s*\(|\b(fit|fdescribe|xit|xtest|xdescribe|xcontext)\s*\(/,
  docs: {
    rationale:
      "A committed `.only` makes the runner execute that test alone, so the rest of the file (or suite) stops running while CI stays green. A `.skip` hides a test that once guarded behaviour, usually because it started failing.",
    impact:
      "Regressions ship through a green pipeline because the tests that would catch them no longer run.",
    fix: "Remove `.only`; fix or delete skipped tests, or track them with a linked issue (`it.todo`) and forbid focus with eslint-plugin-jest/vitest `no-focused-tests` or `--forbid-only` in CI.",
    example: {
      language: "typescript",
      bad: "it.only('creates an order', async () => { ... });\ndescribe.skip('refunds', () => { ... });",
      good: "it('creates an order', async () => { ... });\ndescribe('refunds', () => { ... });",
    },
  },
  notes: [
    "`.only` is high severity (it silently disables other tests); `.skip`/`x` prefixes are low.",
    "Files under fixtures/, __fixtures__/ and testdata/ are sample projects, not this repository's tests, and are skipped.",
    "Conditional forms (`it.skipIf`, `describe.runIf`, `(cond ? it : it.skip)`) are not reported.",
    "A focused test gets a ready-to-apply patch removing the focus (`it.only(` → `it(`, `fit(` → `it(`, `fdescribe(` → `describe(`). A skipped test gets none: re-enabling it would run a test that was switched off for a reason, so fixing or deleting it is a decision.",
  ],
  checkFile({ tree, isTest, path, text, report }) {
    if (!tree || (!isTest && !/\.(test|spec)\.[cm]?[jt]sx?$/.test(path))) return;
    // Fixture folders hold sample projects (test data), not tests this repository runs.
    if (/(^|\/)(fixtures|__fixtures__|testdata)\//.test(path)) return;
    for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
      const callee = call.field("function");
      if (!callee || (callee.kind() !== "member_expression" && callee.kind() !== "identifier")) continue;
      const written = callee.text();
      const focused = FOCUS.test(written);
      if (!focused && !SKIP.test(written)) continue;
      const title = firstArgument(call);
      const name =
        title && (title.kind() === "string" || title.kind() === "template_string")
          ? title.text().slice(1, -1)
          : "";
      report({
        node: callee,
        message: focused
          ? `${written}('${name}') runs only this test; the others in the file stop running`
          : `${written}('${name}') is skipped`,
        severity: focused ? "high" : "low",
        key: `${written}:${name}`,
        patch: focused
          ? unifiedDiffForEdit(
              path,
              text,
              callee.range().start.index,
              callee.range().end.index,
              unfocused(written),
            )
          : null,
      });
    }
  },
});

/** The callee without its focus: `it.only` → `it`, `fit` → `it`, `fdescribe` → `describe`. */
function unfocused(callee: string): string {
  return callee.endsWith(".only") ? callee.slice(0, -".only".length) : callee.slice(1);
}
