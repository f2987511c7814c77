// node/multiple-lockfiles: one package folder with lockfiles of two package managers (npm + yarn, pnpm + npm …).
import { isTestPath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";
import { parentDir } from "../../repo/repo-path.js";

export default defineRule({
  id: "node/multiple-lockfiles",
  area: "dependencies",
  severity: "medium",
  title: "Lockfiles of two package managers in one package",
  effortMinutes: 20,
  confidence: "certain",
  docs: {
    rationale:
      "Each package manager resolves from its own lockfile, so package-lock.json and yarn.lock side by side pin two different dependency trees. Which one applies depends on who runs which command, and only one of them is kept up to date.",
    impact:
      "CI, Docker builds and developers install different versions; a security fix lands in one lockfile while production installs from the stale one.",
    fix: "Choose one package manager (declare it in `packageManager`), delete the other lockfile, and make CI use the matching frozen install (`npm ci`, `pnpm install --frozen-lockfile`, `yarn install --immutable`).",
    example: {
      language: "shell",
      bad: "ls\npackage.json  package-lock.json  yarn.lock",
      good: 'ls\npackage.json  yarn.lock   # "packageManager": "yarn@4.1.0"',
    },
  },
  notes: [
    "Lockfiles under test/fixture paths are skipped; npm-shrinkwrap.json with package-lock.json counts as two npm lockfiles.",
  ],
  applies: (facts) =>
    facts.node && facts.node.lockfiles.length + facts.node.otherLockfiles.length > 1
      ? true
      : { status: "not-applicable", reason: "fewer than two lockfiles" },
  check({ facts, report }) {
    const byDir = new Map<string, string[]>();
    const dirOf = (path: string): string => parentDir(path, "");
    for (const path of [...facts.node.lockfiles.map((l) => l.path), ...facts.node.otherLockfiles]) {
      if (isTestPath(path)) continue;
      byDir.set(dirOf(path), [...(byDir.get(dirOf(path)) ?? []), path]);
    }
    for (const [dir, paths] of byDir) {
      if (paths.length < 2) continue;
      const sorted = [...paths].sort();
      report({
        path: sorted[1] ?? sorted[0],
        line: 1,
        message: `${dir || "the repository root"} has ${sorted.length} lockfiles: ${sorted.join(", ")}`,
        key: `multiple-lockfiles:${dir}`,
        related: sorted.map((path) => ({ path, startLine: 1, endLine: 1 })),
      });
    }
  },
});
