// generic/unused-suppression: a `codeaudit-ignore` comment that silences nothing — no finding of its rule on its
// line or the next, or no reason while reasons are required — so it hides nothing today and would hide the wrong
// thing tomorrow.
import { defineRule } from "../define-rule.js";

/** Prose files quote the directive to document it; only code and configuration carry real directives. */
const PROSE = /\.(md|mdx|markdown|rst|txt|adoc)$/i;

export default defineRule({
  id: "generic/unused-suppression",
  area: "lint",
  severity: "low",
  title: "codeaudit-ignore comment that suppresses nothing",
  effortMinutes: 5,
  phase: "after-suppressions",
  docs: {
    rationale:
      "A suppression comment is a reviewed exception. One that matches no finding — the code was fixed, the line moved, the rule id is misspelt — or that gives no reason is noise that looks like a decision.",
    impact:
      "Stale directives accumulate and later silence a new, unrelated finding on that line; a suppression without a reason cannot be reviewed.",
    fix: "Delete the comment when nothing is left to suppress; otherwise give the rule id exactly and a reason after a colon.",
    example: {
      language: "typescript",
      bad: "// codeaudit-ignore security/hardcoded-secret\nconst timeoutMs = 3000;",
      good: "// codeaudit-ignore security/hardcoded-secret: public test key of the payment sandbox\nconst sandboxKey = 'pk_test_…';",
    },
  },
  notes: [
    "Reasons are required by default (`suppressions: { requireReason: false }` in the configuration accepts a bare rule id). A directive without a reason silences nothing and is reported here.",
    "A directive for a rule that did not run (turned off, excluded by --only, or not applicable) is not reported: whether it is used cannot be known.",
    "Directives quoted in Markdown, reStructuredText and text files are documentation, not directives.",
    "`nosemgrep`, `eslint-disable` and `# noqa` comments are other tools' directives: codeaudit neither honours nor reports them.",
  ],
  check({ suppressions, report }) {
    for (const directive of suppressions ?? []) {
      if (PROSE.test(directive.path)) continue;
      if (directive.missingReason)
        report({
          path: directive.path,
          line: directive.line,
          message: `\`codeaudit-ignore ${directive.ruleId}\` gives no reason, so it suppresses nothing: add \`: <why this is acceptable>\``,
          key: `no-reason:${directive.ruleId}`,
        });
      else if (!directive.used && directive.ruleRan)
        report({
          path: directive.path,
          line: directive.line,
          message: `\`codeaudit-ignore ${directive.ruleId}\` suppresses nothing: no ${directive.ruleId} finding on this line or the next`,
          key: `unused:${directive.ruleId}`,
        });
    }
  },
});
