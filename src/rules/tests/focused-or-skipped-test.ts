// node/focused-or-skipped-test: it.only/describe.only (the rest of the suite silently stops running) and it.skip/xit.
import type { SgNode } from "@ast-grep/napi";
import { firstArgument } from "../../facts/node/ast.js";
import { unifiedDiffForEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";

const FOCUS = /^(it|test|describe|context|suite)\.only$|^(fit|fdescribe)$/;
const SKIP = /^(it|test|describe|context|suite)\.skip$|^(xit|xtest|xdescribe|xcontext)$/;
/** A test that runs unless a focus elsewhere excludes it: `it(`, `test(`, `it.each(table)(`, `test.concurrent(`. */
const PLAIN_TEST = /^(it|test|specify)(\.(each|concurrent|failing|sequential))?$/;
const FOCUSED_GROUP = /^(describe|context|suite)\.only$|^fdescribe$/;
/**
 * Jest, Vitest and Bun load each test file in its own module registry and apply `.only` within that file;
 * Mocha, Jasmine and Playwright apply it to the whole run. The file says which by the API it calls.
 */
const PER_FILE_RUNNER = /\b(?:jest|vi)\.\w+\s*\(|\bfrom\s+["'](?:vitest|@jest\/globals|bun:test)["']/;

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
    "Jest, Vitest and Bun apply `.only` per file (a file that calls `jest.*`/`vi.*` or imports vitest, @jest/globals or bun:test): when every test in the file is focused or inside a focused group, the focus excludes nothing today and is low. Under Mocha, Jasmine or Playwright a focus narrows the whole run, so it stays high there.",
    "Files under fixtures/, __fixtures__/ and testdata/ are sample projects, not this repository's tests, and are skipped.",
    "Conditional forms (`it.skipIf`, `describe.runIf`, `(cond ? it : it.skip)`) are not reported.",
    "A focused test gets a ready-to-apply patch removing the focus (`it.only(` → `it(`, `fit(` → `it(`, `fdescribe(` → `describe(`). A skipped test gets none: re-enabling it would run a test that was switched off for a reason, so fixing or deleting it is a decision.",
  ],
  checkFile({ tree, isTest, path, text, report }) {
    if (!tree || (!isTest && !/\.(test|spec)\.[cm]?[jt]sx?$/.test(path))) return;
    // Fixture folders hold sample projects (test data), not tests this repository runs.
    if (/(^|\/)(fixtures|__fixtures__|testdata)\//.test(path)) return;
    const calls = tree.findAll({ rule: { kind: "call_expression" } });
    // Under a per-file runner a focus only excludes the file's other tests: when every test here is focused (or
    // inside a focused group), nothing stops running today.
    const excludesNothing = PER_FILE_RUNNER.test(text) && !calls.some((call) => excludedByFocus(call));
    for (const call of calls) {
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
          ? excludesNothing
            ? `${written}('${name}') excludes no test today (every test in this file is focused, and its runner applies .only per file), but a test added to the file later will silently not run`
            : `${written}('${name}') runs only this test; the others in the file stop running`
          : `${written}('${name}') is skipped`,
        severity: focused && !excludesNothing ? "high" : "low",
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

/** The name a test call is written with: `it` for `it(…)`, `it.each` for `it.each(table)(…)`. */
function calleeName(call: SgNode): string {
  let callee = call.field("function");
  if (callee?.kind() === "call_expression") callee = callee.field("function");
  return callee && (callee.kind() === "member_expression" || callee.kind() === "identifier")
    ? callee.text()
    : "";
}

/** A plain test that a focus in its file excludes: no focus of its own and no focused group around it. */
function excludedByFocus(call: SgNode): boolean {
  if (!PLAIN_TEST.test(calleeName(call))) return false;
  for (let node = call.parent(); node; node = node.parent()) {
    if (node.kind() === "call_expression" && FOCUSED_GROUP.test(calleeName(node))) return false;
  }
  return true;
}

/** The callee without its focus: `it.only` → `it`, `fit` → `it`, `fdescribe` → `describe`. */
function unfocused(callee: string): string {
  return callee.endsWith(".only") ? callee.slice(0, -".only".length) : callee.slice(1);
}
