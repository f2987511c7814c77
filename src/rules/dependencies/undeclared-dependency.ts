// node/undeclared-dependency: packages imported, required by configuration, or locked as direct dependencies
// that the nearest package.json does not declare (a coverage provider present only in package-lock.json).
import { matchesAlias, type NodePackage } from "../../facts/node/index.js";
import { isToolingPath } from "../../facts/node/ast.js";
import { publiclyHoisted } from "../../facts/node/install-settings.js";
import { isProvided } from "../../facts/node/provided.js";
import { typedPackageOf } from "../../facts/node/specifiers.js";
import { defineRule } from "../define-rule.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

interface Evidence {
  path: string;
  line: number;
  what: string;
  /**
   * Production code, tests/tooling/configuration, type positions only, or code outside tests and tooling that no
   * production entry point reaches (a file only run by hand, or by nothing).
   */
  use: "production" | "tooling" | "types" | "unreached" | "template";
}

/** An app's own build configuration: where it sits is the root of a project (Next.js, Vite, Nuxt, Astro, SvelteKit). */
const APP_BUILD_CONFIG = /(^|\/)(next|vite|nuxt|astro|svelte|remix)\.config\.[cm]?[jt]s$/;

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
      "Builds and CI break on a clean checkout (a vitest coverage provider present only in package-lock.json fails the CI run), or production crashes at the first import after an unrelated dependency drops it.",
    fix: "Add the package to dependencies (runtime) or devDependencies (tests, tooling) of the nearest package.json with `npm install --save[-dev]`, and commit both package.json and the lockfile.",
    example: {
      language: "typescript",
      bad: '// vitest.config.ts\nexport default defineConfig({ test: { coverage: { provider: \'v8\' } } });\n// package.json devDependencies: { "vitest": "^1.0.4" }  (no @vitest/coverage-v8)',
      good: '// package.json devDependencies\n{ "vitest": "^1.0.4", "@vitest/coverage-v8": "^1.0.4" }',
    },
  },
  notes: [
    "Node built-ins, relative paths, what the symbol index resolves to a repository file or a declared alias with the tsconfig governing the importing file (`paths`, `baseUrl`: a root folder that happens to share a package's name, such as `cypress/`, does not hide the package when no file there answers the import), `@/`/`~/`/`#` aliases and the repository's own workspace packages are not packages to declare.",
    "A package declared in an ancestor package.json that shares the install (a workspace root: a member listed by pnpm-workspace.yaml `packages` or package.json `workspaces` installs from the root's lockfile, whatever lockfile its own folder keeps) counts as declared, as does one the root of an Nx workspace declares for an Nx project below it (a `project.json` with targets beside the package.json: Nx builds and tests it from the root's install, whatever lockfile sits in the project's folder), and so does one a sibling workspace package declares when the install hoists (npm, yarn classic, pnpm with shamefully-hoist or node-linker=hoisted, and under pnpm any package matching public-hoist-pattern, Bun unless its lockfile's configVersion 1 or bunfig.toml's `linker` makes a workspace install isolated). `bun` and `bun:*` are the Bun runtime's own modules. `@types/x` counts for x, and an import whose bindings are used only as types (or any import in a .d.ts file) needs no runtime package.",
    "Modules a framework or tool provides are not reported: what Nuxt aliases (vue, vue-router, h3, @unhead/vue …), Docusaurus client and theme aliases (`@docusaurus/Link`, `@theme/*`, `@site/*`), Next.js built-ins (server-only, client-only), virtual modules of Vite plugins (`uno.css`, `unfonts.css`), keys of a bundler `alias` map (webpack's exact-match `name$` included) and of webpack `externals` (the page provides them: `jquery` as the global `jQuery`), keys of a browser import map (`<script type=importmap>` in a page or server template, an `importmap.json`: the page loads `@turf/area` or everything under `ol/` from the URL the map gives), also for a package with no bundler configuration of its own that the enclosing package's build compiles (a plugin folder, even when that build's config is a template such as `webpack.config.js.tmpl`), the project's own folders that webpack's `resolve.modules` searches (`views/x` under `app/`), and Hex dependencies that Phoenix's esbuild resolves from deps/.",
    "Low in a project template: a folder below the package with its own app build configuration (next.config, vite.config …) and no package.json, which the package copies into a new project whose generated package.json declares what the template imports.",
    "Low when the only import is in a file no production entry point reaches (package.json entry fields, routes, conventional entry files, HTML and components; not tests, scripts, tool configuration or stories): a file run by hand, such as a Node-only demo beside a browser package's entry.",
    "High only when a clean install would break: production code imports a package that the package's lockfile does not hold and no manifest of the repository declares, or that the lockfile lists as a direct dependency package.json no longer declares. With no lockfile committed for the package, that cannot be told (a declared dependency may bring it, as react@16 brings prop-types): medium, for production code as for tooling. A package that resolves today only as a transitive dependency is medium for production code and low for tests, tooling and type-only imports; a missing package needed only by tests or tooling is medium. Manifests under test/fixture paths are not checked.",
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
    const unreached = new Set(facts.nodeSymbols?.unreachedFromProduction ?? []);
    const manifestDirs = new Set(node.packages.map((pkg) => pkg.dir));
    const appConfigDirs = new Set(
      facts.files
        .map((file) => file.path)
        .filter((path) => APP_BUILD_CONFIG.test(path))
        .map((path) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ""))
        .filter((dir) => !manifestDirs.has(dir)),
    );
    const bareSpecifiers = facts.nodeSymbols?.bareSpecifiers;
    const sameInstall = (a: NodePackage, b: NodePackage): boolean => a.installLockfile === b.installLockfile;
    // An ancestor's declarations resolve only when both share one install tree (a workspace root and its members).
    const ancestors = (pkg: NodePackage): NodePackage[] =>
      node.packages.filter(
        (other) =>
          other === pkg ||
          ((other.dir === "" || pkg.dir.startsWith(`${other.dir}/`)) && sameInstall(other, pkg)),
      );
    for (const pkg of node.packages) {
      if (pkg.isTest) continue;
      const visible = new Set<string>();
      for (const other of ancestors(pkg))
        for (const name of declaredBy.get(other.manifest) ?? []) visible.add(name);
      const typed = new Set([...visible].map(typedPackageOf).filter((n): n is string => n !== null));
      const lock = node.lockfiles.find((l) => l.path === pkg.installLockfile);
      // With a hoisting install every package a workspace member declares lands in the shared node_modules.
      const siblings = new Map<string, string>();
      // pnpm's public-hoist-pattern hoists the matching packages any workspace package declares to the root.
      const hoistPatterns = lock?.publicHoistPatterns ?? [];
      if (lock && (lock.layout === "hoisted" || hoistPatterns.length > 0))
        for (const other of node.packages)
          if (other !== pkg && !other.isTest && sameInstall(other, pkg))
            for (const name of declaredBy.get(other.manifest) ?? [])
              if (!siblings.has(name) && (lock.layout === "hoisted" || publiclyHoisted(name, hoistPatterns)))
                siblings.set(name, other.manifest);
      const missing = new Map<string, Evidence[]>();
      const note = (name: string, evidence: Evidence): void => {
        if (visible.has(name) || workspaceNames.has(name) || name === pkg.name || siblings.has(name)) return;
        if (isProvided(name, pkg.provided)) return;
        missing.set(name, [...(missing.get(name) ?? []), evidence]);
      };
      // Folders below the package that hold an app's own build configuration but no package.json: a project
      // template the package copies into a new project, whose generated package.json declares what it imports.
      const templateRoots = [...appConfigDirs].filter(
        (dir) => dir !== pkg.dir && (pkg.dir === "" || dir.startsWith(`${pkg.dir}/`)),
      );
      const inTemplate = (path: string): string | undefined =>
        templateRoots.find((dir) => path.startsWith(`${dir}/`));
      for (const site of pkg.imports) {
        // The symbol index resolved this file's bare specifiers with the tsconfig that governs it; files it does
        // not read (stylesheets, JSON) fall back to every alias any tsconfig declares.
        const resolved = bareSpecifiers?.[site.path]?.[site.specifier];
        if (resolved ? resolved !== "package" : matchesAlias(site.specifier, node.localSpecifiers.aliases))
          continue;
        if (site.kind === "mock" || site.kind === "resolve") continue;
        if (isProvided(site.specifier, pkg.provided)) continue;
        const typeOnly = site.kind === "type";
        if (typeOnly && typed.has(site.name)) continue;
        note(site.name, {
          path: site.path,
          line: site.line,
          what: `imported (\`${site.specifier}\`)${typeOnly ? " for its types only" : ""}`,
          use: typeOnly
            ? "types"
            : inTemplate(site.path)
              ? "template"
              : site.isTest || isToolingPath(site.path)
                ? "tooling"
                : unreached.has(site.path)
                  ? "unreached"
                  : "production",
        });
      }
      for (const implied of pkg.implied)
        note(implied.name, {
          path: implied.path,
          line: implied.line,
          what: `needed by ${implied.reason}`,
          use: "tooling",
        });
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
          use: "tooling",
        });
      }
      for (const [name, evidence] of [...missing].sort(([a], [b]) => compareCodeUnits(a, b))) {
        const first =
          evidence.find((e) => e.use === "production") ??
          evidence.find((e) => e.use === "tooling") ??
          evidence.find((e) => e.use === "unreached") ??
          evidence[0];
        if (!first) continue;
        const lockedAt = lock?.packages.find((p) => p.name === name);
        const inLock =
          lockOnly.get(name) ?? (lock && lockedAt ? { path: lock.path, line: lockedAt.line } : null);
        const sites = evidence.filter(
          (e) => !lockOnly.has(name) || e.path !== lockOnly.get(name)?.path,
        ).length;
        const others = sites > 1 ? ` (+${sites - 1} more site${sites > 2 ? "s" : ""})` : "";
        const use = first.use;
        // What a clean install does: fails (`npm ci` refuses a lockfile that lists a direct dependency the
        // manifest dropped; a package nobody locks is not installed), or provides it only by accident.
        // With no lockfile to read, nobody can tell whether a declared dependency brings it (react@16 brings
        // prop-types): resolving by accident is what is certain, not that a clean install breaks.
        const breaks = lockOnly.has(name) || !inLock;
        const unverified = breaks && !lockOnly.has(name) && lock === undefined;
        const severity =
          use === "types" || use === "unreached" || use === "template"
            ? "low"
            : breaks
              ? use === "production" && !unverified
                ? "high"
                : "medium"
              : use === "production"
                ? "medium"
                : "low";
        report({
          path: first.path,
          line: first.line,
          message: `\`${name}\` is ${first.what}${others} but not declared in ${pkg.manifest}${
            lockOnly.has(name)
              ? `; it is present only in ${inLock?.path ?? "the lockfile"}, so a clean install may not provide it`
              : inLock
                ? `; it resolves today only as a transitive dependency locked in ${inLock.path}`
                : lock
                  ? "; no lockfile or manifest of the repository provides it, so a clean install does not have it"
                  : "; no manifest of the repository declares it and no lockfile is committed for this package, so it resolves only if a declared dependency happens to bring it"
          }${use === "template" ? `; ${first.path} belongs to a project template (${inTemplate(first.path)} has its own app configuration and no package.json): the project generated from it declares its own dependencies` : ""}${use === "unreached" ? `; no entry point of the package reaches ${first.path}: nothing imports it and no build names it, so only a run by hand needs it` : ""}`,
          severity,
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
