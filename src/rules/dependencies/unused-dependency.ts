// node/unused-dependency: declared in package.json but never imported, run by a script, or named by a config file.
import type { NodePackage } from "../../facts/node/index.js";
import { defineRule } from "../define-rule.js";

/** Packages that are used without being imported or named: compilers, type packages and runtime helpers. */
const IMPLICIT =
  /^(@types\/.*|typescript|tslib|@tsconfig\/.*|npm|pnpm|yarn|corepack|node|esbuild|@swc\/core|@swc-node\/register|@babel\/core|husky|simple-git-hooks|(@fastify\/)?pre-commit|postinstall-postinstall|patch-package)$/;

const DB_DRIVERS = [
  "pg",
  "pg-native",
  "pg-query-stream",
  "mysql",
  "mysql2",
  "sqlite3",
  "better-sqlite3",
  "mssql",
  "tedious",
  "oracledb",
  "mongodb",
  "redis",
  "ioredis",
  "sql.js",
];

/** Packages another package loads by name at run time (peers, drivers, platform adapters): used when their host is. */
const LOADED_BY: Record<string, string[]> = {
  "@nestjs/core": [
    "@nestjs/platform-express",
    "@nestjs/platform-fastify",
    "reflect-metadata",
    "rxjs",
    "@nestjs/microservices",
    "@nestjs/websockets",
  ],
  "@nestjs/swagger": ["swagger-ui-express", "@fastify/swagger"],
  "@nestjs/typeorm": ["typeorm"],
  typeorm: DB_DRIVERS,
  knex: DB_DRIVERS,
  sequelize: [...DB_DRIVERS, "pg-hstore"],
  "@mikro-orm/core": DB_DRIVERS,
  "@prisma/client": ["prisma"],
  next: ["react-dom", "sharp"],
  "react-scripts": ["react-dom"],
  "@nestjs/testing": ["supertest"],
  "class-validator": ["class-transformer"],
  jest: ["ts-jest", "babel-jest", "jest-environment-jsdom", "jest-environment-node"],
  vitest: ["@vitest/ui", "jsdom", "happy-dom"],
  vite: ["terser", "sass", "less", "lightningcss", "react-refresh"],
  "@vitejs/plugin-react": ["react-refresh"],
  webpack: ["terser", "core-js"],
  "@babel/core": ["core-js", "regenerator-runtime"],
  "@babel/preset-env": ["core-js", "regenerator-runtime"],
  "styled-components": ["react-is"],
  yjs: ["y-protocols"],
  "y-prosemirror": ["y-protocols"],
};

/** A dev tool family: plugins and peers (`@nx/*`, `@typescript-eslint/*`, `jest-environment-*`) ride on a used sibling. */
function familyOf(name: string): string | null {
  if (name.startsWith("@")) return name.slice(0, name.indexOf("/"));
  const match = /^(eslint|jest|vitest|prettier|babel|webpack|rollup|vite|stylelint|oxlint)(-|$)/.exec(name);
  return match?.[1] ?? null;
}

export default defineRule({
  id: "node/unused-dependency",
  area: "dependencies",
  severity: "low",
  title: "Dependency declared but never used",
  effortMinutes: 10,
  confidence: "heuristic",
  docs: {
    rationale:
      "Every declared dependency is installed, audited, updated and shipped. One that nothing imports, runs or configures only adds install time, attack surface and upgrade noise.",
    impact:
      "Slower installs and builds, larger images, and advisories to triage for code that is never executed.",
    fix: "Remove it with `npm uninstall <name>` (check dynamic requires and CLI use first), or move tools used only in CI into devDependencies.",
    example: {
      language: "json",
      bad: '{ "dependencies": { "express": "^4.19.0", "lodash": "^4.17.21" } }  // nothing imports lodash',
      good: '{ "dependencies": { "express": "^4.19.0" } }',
    },
  },
  notes: [
    "Used means: imported or required by a JS/TS file of the package (or of a workspace package below it), named in a script, a config file (eslint, prettier, babel, vite …), package.json tool sections, CI workflows, or a .vue/.svelte/.css/.html file.",
    "Packages loaded by name by a used host (Nest platform adapters and peers, ORM database drivers, swagger UI, jest transformers) count as used.",
    "@types/*, typescript, tslib and packages needed by test configuration are never reported; a dev tool's family (`@nx/*`, `@typescript-eslint/*`, `eslint-*`, `jest-*`) counts as used when one member is; devDependencies are judged only when the package has tests, a tsconfig or tool configs (a published tarball has none). Packages without JS/TS files and manifests under test/fixture paths are skipped.",
  ],
  applies: (facts) =>
    facts.node && facts.node.packages.length > 0
      ? true
      : { status: "not-applicable", reason: "no package.json" },
  check({ facts, report }) {
    const node = facts.node;
    // Workspace members (below the package, sharing its lockfile) use what the workspace root declares.
    const below = (pkg: NodePackage): NodePackage[] =>
      node.packages.filter(
        (other) =>
          other === pkg ||
          ((pkg.dir === "" || other.dir.startsWith(`${pkg.dir}/`)) && other.lockfile === pkg.lockfile),
      );
    for (const pkg of node.packages) {
      if (pkg.isTest) continue;
      const hasCode = facts.files.some(
        (file) =>
          ["typescript", "tsx", "javascript", "vue", "svelte"].includes(file.language) &&
          (pkg.dir === "" || file.path.startsWith(`${pkg.dir}/`)),
      );
      if (!hasCode) continue;
      // A published tarball (node_modules/typescript) ships built code without its tests and tool configs:
      // its devDependencies served a tree that is not here, so they are judged only where dev tooling is present.
      const inPkg = (path: string): boolean => pkg.dir === "" || path.startsWith(`${pkg.dir}/`);
      const hasDevTree =
        facts.files.some((file) => file.isTest && inPkg(file.path)) ||
        node.tools.some((tool) => inPkg(tool.path)) ||
        node.tsconfigs.some((ts) => inPkg(ts.path));
      const used = new Set<string>();
      const prefixes: string[] = [];
      for (const other of below(pkg)) {
        prefixes.push(...other.dynamicPrefixes);
        for (const site of other.imports) used.add(site.name);
        for (const name of other.referenced) used.add(name);
        for (const implied of other.implied) used.add(implied.name);
      }
      for (const host of [...used]) for (const loaded of LOADED_BY[host] ?? []) used.add(loaded);
      const usedFamilies = new Set([...used].map(familyOf).filter((f): f is string => f !== null));
      if (used.has("eslint") || node.tools.some((t) => t.tool === "eslint" && inPkg(t.path)))
        usedFamilies.add("@typescript-eslint").add("eslint");
      // `@vitest/*`, `@mitata/*`, `@nx/*`: a scope named after a used package holds its add-ons.
      for (const name of used) if (!name.startsWith("@")) usedFamilies.add(`@${name}`);
      for (const dep of node.dependencies.declared) {
        if (
          dep.manifest !== pkg.manifest ||
          used.has(dep.name) ||
          IMPLICIT.test(dep.name) ||
          pkg.peerNames.includes(dep.name)
        )
          continue;
        if (prefixes.some((prefix) => dep.name.startsWith(prefix)) || (dep.dev && !hasDevTree)) continue;
        const family = familyOf(dep.name);
        // Scoped packages ship as sets (`@bull-board/ui` with `@bull-board/koa`): a used sibling covers the scope.
        if (family && usedFamilies.has(family) && (dep.dev || dep.name.startsWith("@"))) continue;
        report({
          path: dep.manifest,
          line: dep.line,
          message: `\`${dep.name}\` (${dep.dev ? "devDependencies" : "dependencies"}) is never imported, run by a script or named in a config file`,
          key: `${dep.manifest}:${dep.name}`,
          searched: `imports/requires of JS/TS files under ${pkg.dir || "the repository root"}, package.json scripts and tool sections, config files, CI workflows and .vue/.svelte/.css/.html files`,
        });
      }
    }
  },
});
