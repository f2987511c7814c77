// security/vulnerable-dependency: a locked package version that an OSV advisory in the local store affects.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "security/vulnerable-dependency",
  area: "security",
  severity: "high",
  title: "Locked dependency has a known vulnerability",
  effortMinutes: 30,
  confidence: "certain",
  docs: {
    rationale:
      "A lockfile pins the exact version that ships; when a published advisory covers that version, the known exploit applies to the application.",
    impact:
      "Attackers scan for the vulnerable library version and use the public exploit (RCE, auth bypass, DoS).",
    fix: "Upgrade the package to a fixed version (see the advisory), regenerate the lockfile, and run a dependency audit in CI.",
    example: {
      language: "json",
      bad: '"node_modules/lodash": { "version": "4.17.15" }',
      good: '"node_modules/lodash": { "version": "4.17.21" }',
    },
  },
  notes: [
    "Matches every lockfile package (mix.lock, go.sum/go.mod, package-lock/pnpm-lock/yarn.lock, poetry.lock/requirements pins, Cargo.lock) against the local OSV store (`codeaudit advisories import`), with semver for npm/crates.io/Hex, PEP 440 for PyPI and Go module semantics (pseudo-versions, +incompatible).",
    "Severity comes from the advisory (GHSA label or CVSS v3 score); development-only packages are one step lower.",
    "Without a store the rule's status is `unknown`: the report never claims there are no vulnerabilities.",
  ],
  applies: (facts) => {
    if (!facts.advisories) return { status: "unknown", reason: "advisory facts were not collected" };
    if (!facts.advisories.loaded)
      return { status: "unknown", reason: facts.advisories.reason ?? "no advisory data loaded" };
    if ((facts.dependencies?.locked.length ?? 0) === 0)
      return { status: "not-applicable", reason: "no locked packages found (no lockfile)" };
    return true;
  },
  check({ facts, report }) {
    const lower = { critical: "high", high: "medium", medium: "low", low: "info", info: "info" } as const;
    for (const match of facts.advisories.matches) {
      const cve = match.aliases.filter((alias) => alias.startsWith("CVE-"));
      const fixed =
        match.fixed.length > 0 ? `fixed in ${match.fixed.join(", ")}` : "no fixed version published";
      report({
        path: match.lockfile,
        line: match.line,
        severity: match.dev ? lower[match.severity] : match.severity,
        message: `${match.name}@${match.version} (${match.ecosystem}) is affected by ${match.advisoryId}${
          cve.length > 0 ? ` (${cve.join(", ")})` : ""
        }: ${match.summary || "see the advisory"}; affected ${match.affected.join(", ") || "listed versions"}; ${fixed}`,
        key: `${match.ecosystem}:${match.name}@${match.version}:${match.advisoryId}`,
        fix: match.fixed.length > 0 ? `Upgrade ${match.name} to ${match.fixed[0]} or later.` : undefined,
      });
    }
  },
});
