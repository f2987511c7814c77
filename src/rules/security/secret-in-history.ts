// security/secret-in-history: a secret added in a commit and since removed from the tree, still readable in git history.
import type { Severity } from "../../model/severity.js";
import { defineRule } from "../define-rule.js";

const SEVERITY: Record<string, { certain: Severity; heuristic: Severity | null }> = {
  "production-config": { certain: "critical", heuristic: "high" },
  source: { certain: "high", heuristic: "medium" },
  test: { certain: "low", heuristic: null },
  example: { certain: "info", heuristic: null },
};

export default defineRule({
  id: "security/secret-in-history",
  area: "security",
  severity: "high",
  title: "Secret removed from the tree but still in git history",
  effortMinutes: 60,
  confidence: "certain",
  docs: {
    rationale:
      "Deleting a committed credential does not un-publish it: every clone keeps the commit that added it, and secret scanners harvest public history.",
    impact:
      "The credential still grants access to whoever reads the old commit, long after the code stopped using it.",
    fix: "Revoke and rotate the credential (the only real fix); optionally rewrite history with git filter-repo and force-push, then invalidate old clones and caches.",
    example: {
      language: "shell",
      bad: 'git commit -m "add key" config/prod.exs   # sk_live_... committed\ngit commit -m "remove key"               # still in history',
      good: "# rotate the key at the provider, then read it from the environment:\nexport STRIPE_KEY=...  # never committed",
    },
  },
  notes: [
    "Runs only with `--history [range]`: one `git log -p -U0 --relative` stream over the range, each added line checked by the same detector as security/hardcoded-secret.",
    "Secrets still present at HEAD are left to security/hardcoded-secret; this rule reports the ones removed since, at the earliest commit that added them.",
    "Severity by the path's role as for security/hardcoded-secret; entropy-only matches in tests and examples are not reported.",
  ],
  applies: (facts) => {
    if (!facts.secretHistory) return { status: "unknown", reason: "history facts were not collected" };
    if (!facts.secretHistory.scanned)
      return { status: "not-applicable", reason: facts.secretHistory.reason ?? "history not scanned" };
    return true;
  },
  check({ facts, report }) {
    for (const secret of facts.secretHistory.secrets) {
      if (secret.stillPresent) continue;
      const severity = SEVERITY[secret.context]?.[secret.confidence] ?? null;
      if (severity === null) continue;
      report({
        path: secret.path,
        line: secret.line,
        severity,
        confidence: secret.confidence,
        message: `${secret.kind} ${secret.masked} added in commit ${secret.commit.slice(0, 12)} (${secret.date.slice(0, 10)}) and removed since; it is still in git history`,
        snippet: secret.maskedLine,
        key: `${secret.kind}:${secret.hash}`,
      });
    }
  },
});
