// node/lockfile-missing: a package.json with dependencies and no npm/pnpm/yarn/bun lockfile for it.
import { defineRule } from "../define-rule.js";

/** Scripts whose output ships or runs: a build, a start/serve, an install hook. */
const BUILDS =
  /^(build|start|serve|dev|prepare|prepack|prepublish|postinstall|preview|bundle|compile|dist|deploy)\b/;

export default defineRule({
  id: "node/lockfile-missing",
  area: "dependencies",
  severity: "medium",
  title: "No lockfile for a package with dependencies",
  effortMinutes: 10,
  confidence: "certain",
  docs: {
    rationale:
      "Without a committed lockfile every install resolves version ranges anew, so CI, colleagues and production each get whatever was latest that day. `npm ci` refuses to run at all.",
    impact:
      "Unreproducible builds: a transitive release can break CI or production overnight, and a compromised release is installed automatically.",
    fix: "Run `npm install` (or pnpm/yarn) and commit package-lock.json / pnpm-lock.yaml / yarn.lock; install in CI with `npm ci` or `--frozen-lockfile`.",
    example: {
      language: "shell",
      bad: "git ls-files  # package.json only\nnpm install   # in CI",
      good: "git add package-lock.json\nnpm ci        # in CI",
    },
  },
  notes: [
    "Published libraries (not private, with a version) often leave lockfiles out on purpose; they are reported at low, and not at all when they have no runtime dependencies.",
    "Manifests under test/fixture paths and packages that declare no dependencies are skipped.",
    "Low for a package with only devDependencies and no script that builds, starts, serves or deploys (a folder of linters and formatters): unlocked, their results drift, but nothing shipped is installed from it.",
  ],
  applies: (facts) =>
    facts.node && facts.node.packages.length > 0
      ? true
      : { status: "not-applicable", reason: "no package.json" },
  check({ facts, report }) {
    const node = facts.node;
    for (const pkg of node.packages) {
      if (pkg.isTest || pkg.lockfile !== null) continue;
      const count = node.dependencies.declared.filter((d) => d.manifest === pkg.manifest).length;
      if (count === 0) continue;
      const library = !pkg.private && pkg.version !== null;
      const runtime = node.dependencies.declared.filter((d) => d.manifest === pkg.manifest && !d.dev).length;
      // A published library with only devDependencies (node_modules/typescript) locks nothing its users install.
      if (library && runtime === 0) continue;
      // Only devDependencies and nothing that builds or serves: linters and formatters a developer runs; unlocked,
      // their results drift, but nothing shipped is installed from this manifest.
      const toolsOnly = runtime === 0 && !pkg.scripts.some((s) => BUILDS.test(s.name));
      const where = pkg.dir || "the repository root";
      report({
        message: `${pkg.manifest} declares ${count} ${count === 1 ? "dependency" : "dependencies"} but no lockfile was found for it${toolsOnly ? " (low: only devDependencies, and no script builds or serves anything from them)" : ""}`,
        severity: library || toolsOnly ? "low" : "medium",
        key: `lockfile-missing:${pkg.manifest}`,
        searched: `package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock and bun.lock(b) in ${where} and its parent folders`,
        related: [{ path: pkg.manifest, startLine: 1, endLine: 1 }],
      });
    }
  },
});
