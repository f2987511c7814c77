// docs/missing-project-file: README, LICENSE, CONTRIBUTING, SECURITY or CHANGELOG absent.
import type { DocKind } from "../../facts/docs/index.js";
import { defineRule } from "../define-rule.js";

const EXPECTED: Array<{ kind: DocKind; severity: "high" | "medium" | "low" | "info"; why: string; names: string }> = [
  { kind: "readme", severity: "high", why: "nobody can learn how to install, run or test the project", names: "README, README.md, README.rst" },
  { kind: "license", severity: "medium", why: "without a license nobody may legally use, copy or modify the code", names: "LICENSE, LICENSE.md, COPYING" },
  { kind: "contributing", severity: "low", why: "contributors do not know the workflow, conventions and checks", names: "CONTRIBUTING.md" },
  { kind: "security", severity: "low", why: "reporters of vulnerabilities have no private channel", names: "SECURITY.md" },
  { kind: "changelog", severity: "info", why: "users cannot see what changed between versions", names: "CHANGELOG.md, CHANGES, HISTORY.md, NEWS" },
];

export default defineRule({
  id: "docs/missing-project-file",
  area: "docs",
  severity: "medium",
  title: "Standard project document missing",
  effortMinutes: 30,
  confidence: "certain",
  notes: ["One finding per missing document (key = kind). README high, LICENSE medium (low when the README has a License section naming the licence or quoting its grant: the MIT, ISC or BSD text), CONTRIBUTING and SECURITY low, CHANGELOG info. Root, .github/ and docs/ are searched."],
  docs: {
    rationale: "README, LICENSE, CONTRIBUTING, SECURITY and CHANGELOG answer the first questions of users, contributors and security researchers. Their absence pushes those questions to people, or leaves them unanswered.",
    impact: "Slower onboarding, legal uncertainty about use of the code, and vulnerabilities reported publicly instead of privately.",
    fix: "Add the missing files at the repository root (GitHub's community-health templates are a good start).",
    example: { language: "text", bad: "repo/\n  src/\n  package.json", good: "repo/\n  README.md\n  LICENSE\n  CONTRIBUTING.md\n  SECURITY.md\n  CHANGELOG.md\n  src/" },
  },
  // Any project manifest counts, a tooling-only package.json included: a repository of build configuration still needs a LICENSE.
  applies: (facts) =>
    facts.docs && (facts.apps ?? []).length + (facts.supportPackages ?? []).length > 0
      ? true
      : { status: "not-applicable", reason: "no project manifest" },
  check({ facts, report }) {
    for (const doc of EXPECTED) {
      if (facts.docs.files[doc.kind]) continue;
      // The README grants the licence: the terms are stated, only the file tools and hosts look for is missing.
      const stated = doc.kind === "license" ? facts.docs.readme?.license : undefined;
      const readme = facts.docs.readme?.path ?? "README";
      report({
        message: stated
          ? `No LICENSE file: ${readme}:${stated.line} states the ${stated.name} licence, but tools and package hosts look for the licence text in a LICENSE file`
          : `No ${doc.kind.toUpperCase()} file: ${doc.why}`,
        severity: stated ? "low" : doc.severity,
        key: doc.kind,
        snippet: `missing: ${doc.names}`,
        searched: `${doc.names} (any extension, case-insensitive) at the repository root, in .github/ and in docs/`,
      });
    }
  },
});
