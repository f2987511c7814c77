// node/lockfile-out-of-sync: package.json declares a dependency (or a range) the lockfile does not record.
import { isToolingPath } from "../../facts/node/ast.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "node/lockfile-out-of-sync",
  area: "dependencies",
  severity: "medium",
  title: "Lockfile out of sync with package.json",
  effortMinutes: 10,
  confidence: "certain",
  docs: {
    rationale:
      "When package.json changed after the lockfile was written, `npm ci` and `pnpm install --frozen-lockfile` refuse to install, and plain installs silently resolve something nobody reviewed.",
    impact:
      "CI fails on a clean checkout, or different environments run different versions of the same dependency.",
    fix: "Run the package manager's install locally and commit the updated lockfile together with package.json; use `npm ci` / `--frozen-lockfile` in CI so drift fails early.",
    example: {
      language: "json",
      bad: '// package.json\n"zod": "^3.23.0"\n// package-lock.json packages[""].dependencies\n"zod": "^3.22.0"',
      good: '// both record\n"zod": "^3.23.0"',
    },
  },
  notes: [
    "npm v2/v3, pnpm and Bun (text `bun.lock`) lockfiles record each package's requirements, which are compared exactly (a package named in two fields of package.json matches when the lockfile kept either requirement); yarn.lock is checked for a `name@range` entry; npm v1 lockfiles only for the name.",
    "Packages locked but not declared are reported by node/undeclared-dependency. Peer-only dependencies, names pinned by resolutions/overrides (also those with a version-range selector such as `name@>=6.7.0 <6.30.6`; in package.json, in pnpm-workspace.yaml or in the lockfile's own `overrides:`), the repository's own workspace packages (yarn does not lock them), and manifests under test/fixture paths are skipped.",
    "Examples, samples and demos with a lockfile of their own are low: nothing ships from them; so is a lockfile in the folder of an Nx project (a `project.json` with targets) inside an Nx workspace, which Nx builds from the workspace root's install, and in the folder of a workspace member (pnpm-workspace.yaml `packages`, package.json `workspaces`), which the package manager installs from the root's lockfile.",
    "A package in a subfolder is not judged against a parent's lockfile when that lockfile's root declares no workspaces and the lockfile records no other folder: the subfolder is a separate project (an example, a helper tool) that the root install never covers. Nor when the root is a workspace (pnpm-workspace.yaml, package.json `workspaces`) whose globs do not list the subfolder (`packages/cli/templates/worker/` under `packages/*`): a project template or fixture the workspace install does not cover.",
  ],
  applies: (facts) =>
    facts.node && facts.node.lockfiles.length > 0
      ? true
      : { status: "not-applicable", reason: "no npm, pnpm or yarn lockfile" },
  check({ facts, report: reportFinding }) {
    const node = facts.node;
    for (const pkg of node.packages) {
      const lock = node.lockfiles.find((l) => l.path === pkg.lockfile);
      if (pkg.isTest || !lock) continue;
      const root = node.packages.find((p) => p.lockfile === pkg.lockfile && lock.dir === p.dir);
      // A package in a subfolder of a lockfile whose root declares no workspaces, in a lockfile that records no
      // other folder, is not installed from it (a standalone example or tool beside the app): nothing to sync.
      if (
        pkg.dir !== lock.dir &&
        root !== undefined &&
        root.workspaces.length === 0 &&
        !(lock.importers ?? []).some((importer) => importer.dir !== lock.dir)
      )
        continue;
      // A package below a workspace root that none of the workspace's globs list (a scaffolding template the CLI
      // copies into new projects, a fixture) is not installed from the workspace's lockfile either.
      if (pkg.dir !== lock.dir && root?.workspaceRoot === lock.dir && pkg.workspaceRoot === null) continue;
      const overridden = new Set([...pkg.overridden, ...(root?.overridden ?? []), ...lock.overridden]);
      const members = new Set(
        node.packages
          .filter((p) => p.lockfile === pkg.lockfile && p.name !== null)
          .map((p) => p.name as string),
      );
      const declared = node.dependencies.declared.filter(
        (d) =>
          d.manifest === pkg.manifest &&
          !pkg.peerNames.includes(d.name) &&
          !overridden.has(d.name) &&
          !members.has(d.name),
      );
      // An Nx project or a workspace member is installed from the workspace root's lockfile: a lockfile in its own
      // folder is a leftover.
      const leftover = pkg.installLockfile !== pkg.lockfile;
      const severity =
        isExamplePath(pkg.manifest) || isToolingPath(pkg.manifest) || leftover ? "low" : "medium";
      const report = (finding: Parameters<typeof reportFinding>[0]): void =>
        reportFinding({
          ...finding,
          severity,
          message: leftover
            ? `${finding.message}; ${pkg.dir} is installed with its workspace (${pkg.installLockfile ?? "the root"}), so nothing installs from ${lock.path}`
            : finding.message,
        });
      if (declared.length === 0) continue;
      if (lock.importers) {
        const importer = lock.importers.find((i) => i.dir === pkg.dir);
        if (!importer) {
          report({
            path: pkg.manifest,
            line: 1,
            message: `${pkg.manifest} is not recorded in ${lock.path}: the lockfile predates this package`,
            key: `not-in-lock:${pkg.manifest}`,
            related: [{ path: lock.path, startLine: 1, endLine: 1 }],
          });
          continue;
        }
        for (const dep of declared) {
          const spec = importer.specs[dep.name];
          if (!spec) {
            report({
              path: dep.manifest,
              line: dep.line,
              message: `\`${dep.name}@${dep.requirement ?? "*"}\` is declared but missing from ${lock.path}`,
              key: `missing:${dep.manifest}:${dep.name}`,
              related: [{ path: lock.path, startLine: 1, endLine: 1 }],
            });
          } else if (
            dep.requirement !== null &&
            spec.requirement !== "" &&
            // A manifest may name a package twice (dependencies and devDependencies, or devDependencies and
            // peerDependencies); the lockfile records one requirement per name, which must match one of them.
            !declared.some((other) => other.name === dep.name && other.requirement === spec.requirement)
          ) {
            report({
              path: dep.manifest,
              line: dep.line,
              message: `\`${dep.name}\` is declared as \`${dep.requirement}\` but ${lock.path} recorded \`${spec.requirement}\``,
              key: `range:${dep.manifest}:${dep.name}`,
              related: [{ path: lock.path, startLine: spec.line, endLine: spec.line }],
            });
          }
        }
        continue;
      }
      if (lock.resolvedSpecs) {
        const specs = new Set(lock.resolvedSpecs);
        for (const dep of declared) {
          if (dep.source.kind !== "registry" || dep.requirement === null) continue;
          const req = dep.requirement.replace(/^npm:/, "");
          if (
            specs.has(`${dep.name}@${dep.requirement}`) ||
            specs.has(`${dep.name}@npm:${req}`) ||
            dep.requirement.startsWith("workspace:")
          )
            continue;
          const known = lock.resolvedSpecs.some((s) => s.startsWith(`${dep.name}@`));
          report({
            path: dep.manifest,
            line: dep.line,
            message: known
              ? `\`${dep.name}@${dep.requirement}\` has no matching entry in ${lock.path} (other ranges of it are locked)`
              : `\`${dep.name}\` is declared but missing from ${lock.path}`,
            key: `yarn:${dep.manifest}:${dep.name}`,
          });
        }
        continue;
      }
      const lockedTop = new Set(lock.packages.filter((p) => p.direct !== false).map((p) => p.name));
      for (const dep of declared) {
        if (lockedTop.has(dep.name) || dep.source.kind !== "registry") continue;
        report({
          path: dep.manifest,
          line: dep.line,
          message: `\`${dep.name}\` is declared but missing from ${lock.path}`,
          key: `missing:${dep.manifest}:${dep.name}`,
        });
      }
    }
  },
});
