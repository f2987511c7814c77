// node/undeclared-dependency: packages imported, required by configuration, or locked as direct dependencies
// that the nearest package.json does not declare (seed 003: a coverage provider present only in package-lock.json).
import { matchesAlias, type NodePackage } from "../../facts/node/index.js";
import { isToolingPath } from "../../facts/node/ast.js";
import { typedPackageOf } from "../../facts/node/specifiers.js";
import { defineRule } from "../define-rule.js";

interface Evidence {
  path: string;
  line: number;
  what: string;
  production: boolean;
}

export default defineRule({
  id: "node/undeclared-dependency",
  area: "dependencies",
  severity: "high",
  title: "Package used or locked but not declared in package.json",
  effortMinutes: 10,
  confidence: "heuristic",
  docs: {
    rationale:
      "A package that code imports (or a config needs) but package.json does not declare resolves only by accident: hoisted from another package, or left over in node_modules or the lockfile. A clean install (`npm ci`, a fresh CI runner, a Docker build) does not have it.",
    impact:
      "Builds and CI break on a clean checkout (seed 003: the vitest coverage provider was only in package-lock.json and CI failed), or production crashes at the first import after an unrelated dependency drops it.",
    fix: "Add the package to dependencies (runtime) or devDependencies (tests, tooling) of the nearest package.json with `npm install --save[-dev]`, and commit both package.json and the lockfile.",
    example: {
      language: "typescript",
      bad: '// vitest.config.ts\nexport default defineConfig({ test: { coverage: { provider: \'v8\' } } });\n// package.json devDependencies: { "vitest": "^1.0.4" }  (no @vitest/coverage-v8)',
      good: '// package.json devDependencies\n{ "vitest": "^1.0.4", "@vitest/coverage-v8": "^1.0.4" }',
    },
  },
  notes: [
    "Node built-ins, relative paths, tsconfig `paths` aliases, `@/`/`~/`/`#` aliases and the repository's own workspace packages are not packages to declare.",
    "A package declared in an ancestor package.json that shares the lockfile (a workspace root) counts as declared; `@types/x` counts for type-only imports of x.",
    "High when production code imports it; medium for tests, tooling, configuration and lockfile-only entries. Manifests under test/fixture paths are not checked.",
  ],
  applies: (facts) =>
    facts.node && facts.node.packages.length > 0
      ? true
      : { status: "not-applicable", reason: "no package.json" },
  check({ facts, report }) {
    const node = facts.node;
    const declaredBy = new Map<string, Set<string>>();
    for (const dep of node.dependencies.declared) {
      const set = declaredBy.get(dep.manifest) ?? new Set<string>();
      set.add(dep.name);
      declaredBy.set(dep.manifest, set);
    }
    const workspaceNames = new Set(node.localSpecifiers.workspacePackages);
    // An ancestor's declarations resolve only when both share one install tree (a workspace root and its members).
    const ancestors = (pkg: NodePackage): NodePackage[] =>
      node.packages.filter(
        (other) =>
          other === pkg ||
          ((other.dir === "" || pkg.dir.startsWith(`${other.dir}/`)) && other.lockfile === pkg.lockfile),
      );
    for (const pkg of node.packages) {
      if (pkg.isTest) continue;
      const visible = new Set<string>();
      for (const other of ancestors(pkg))
        for (const name of declaredBy.get(other.manifest) ?? []) visible.add(name);
      const typed = new Set([...visible].map(typedPackageOf).filter((n): n is string => n !== null));
      const missing = new Map<string, Evidence[]>();
      const note = (name: string, evidence: Evidence): void => {
        if (visible.has(name) || workspaceNames.has(name) || name === pkg.name) return;
        missing.set(name, [...(missing.get(name) ?? []), evidence]);
      };
      for (const site of pkg.imports) {
        if (matchesAlias(site.specifier, node.localSpecifiers.aliases)) continue;
        if (site.kind === "type" && typed.has(site.name)) continue;
        if (site.kind === "mock" || site.kind === "resolve") continue;
        note(site.name, {
          path: site.path,
          line: site.line,
          what: `imported (\`${site.specifier}\`)`,
          production: !site.isTest && !isToolingPath(site.path),
        });
      }
      for (const implied of pkg.implied)
        note(implied.name, {
          path: implied.path,
          line: implied.line,
          what: `needed by ${implied.reason}`,
          production: false,
        });
      const lock = node.lockfiles.find((l) => l.path === pkg.lockfile);
      const importer = lock?.importers?.find((i) => i.dir === pkg.dir);
      const lockOnly = new Map<string, { line: number; path: string }>();
      for (const [name, spec] of Object.entries(importer?.specs ?? {})) {
        if (!(declaredBy.get(pkg.manifest) ?? new Set()).has(name) && lock)
          lockOnly.set(name, { line: spec.line, path: lock.path });
      }
      for (const [name, where] of lockOnly) {
        note(name, {
          path: where.path,
          line: where.line,
          what: `listed as a direct dependency in ${where.path}`,
          production: false,
        });
      }
      for (const [name, evidence] of [...missing].sort(([a], [b]) => a.localeCompare(b))) {
        const first = evidence.find((e) => e.production) ?? evidence[0];
        if (!first) continue;
        const inLock =
          lockOnly.get(name) ??
          (lock?.packages.some((p) => p.name === name)
            ? { path: lock.path, line: lock.packages.find((p) => p.name === name)?.line ?? 1 }
            : null);
        const sites = evidence.filter(
          (e) => !lockOnly.has(name) || e.path !== lockOnly.get(name)?.path,
        ).length;
        const others = sites > 1 ? ` (+${sites - 1} more site${sites > 2 ? "s" : ""})` : "";
        report({
          path: first.path,
          line: first.line,
          message: `\`${name}\` is ${first.what}${others} but not declared in ${pkg.manifest}${
            lockOnly.has(name)
              ? `; it is present only in ${inLock?.path ?? "the lockfile"}, so a clean install may not provide it`
              : inLock
                ? `; it resolves today only as a transitive dependency locked in ${inLock.path}`
                : ""
          }`,
          severity: evidence.some((e) => e.production) ? "high" : "medium",
          key: `${pkg.manifest}:${name}`,
          related: [
            { path: pkg.manifest, startLine: 1, endLine: 1 },
            ...(inLock ? [{ path: inLock.path, startLine: inLock.line, endLine: inLock.line }] : []),
          ],
        });
      }
    }
  },
});
