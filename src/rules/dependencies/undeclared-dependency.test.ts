import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const lock = (devDeps: Record<string, string>) =>
  JSON.stringify(
    {
      name: "web",
      lockfileVersion: 3,
      packages: {
        "": {
          name: "web",
          dependencies: { react: "^18.2.0" },
          devDependencies: { vitest: "^1.0.4", ...devDeps },
        },
        "node_modules/react": { version: "18.2.0" },
        "node_modules/vitest": { version: "1.0.4", dev: true },
        "node_modules/@vitest/coverage-v8": { version: "1.0.4", dev: true },
      },
    },
    null,
    2,
  );

describe("node/undeclared-dependency", () => {
  it("fires on a coverage provider only in package-lock.json, and on undeclared imports", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": JSON.stringify(
        { name: "web", dependencies: { react: "^18.2.0" }, devDependencies: { vitest: "^1.0.4" } },
        null,
        2,
      ),
      "package-lock.json": lock({ "@vitest/coverage-v8": "^1.0.4" }),
      "vitest.config.ts":
        "import { defineConfig } from 'vitest/config';\nexport default defineConfig({\n  test: { coverage: { provider: 'v8' } },\n});\n",
      "src/App.tsx":
        "import React from 'react';\nimport axios from 'axios';\nexport const App = () => <div />;\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["src/App.tsx", 2, "high"],
      ["vitest.config.ts", 3, "medium"],
    ]);
    expect(findings[1]?.message).toContain("@vitest/coverage-v8");
    expect(findings[1]?.message).toContain("present only in package-lock.json");
  });

  it("stays silent on builtins, relative paths, aliases, workspace packages, @types and ancestor declarations", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": JSON.stringify({
        name: "root",
        private: true,
        workspaces: ["packages/*"],
        devDependencies: { vitest: "^1.0.0", "@types/express-serve-static-core": "^4.0.0" },
      }),
      "tsconfig.json":
        '{\n  // aliases\n  "compilerOptions": { "strict": true, "paths": { "@app/*": ["src/*"] }, },\n}\n',
      "packages/api/package.json": JSON.stringify({
        name: "@acme/api",
        dependencies: { express: "^4.0.0", "@acme/shared": "workspace:*" },
      }),
      "packages/shared/package.json": JSON.stringify({ name: "@acme/shared" }),
      "packages/api/src/index.ts": [
        "import { readFile } from 'node:fs/promises';",
        "import path from 'path';",
        "import express from 'express';",
        "import { x } from './x';",
        "import { y } from '@app/y';",
        "import { z } from '@/z';",
        "import { s } from '@acme/shared';",
        "import type { Request } from 'express-serve-static-core';",
        "const lazy = await import('express/lib/router');",
      ].join("\n"),
      "packages/api/src/index.test.ts": "import { it } from 'vitest';\n",
      "packages/api/src/esm/package.json": '{ "type": "module" }',
      "packages/api/src/esm/index.js": "import express from 'express';\n",
    });
    expect(findings).toEqual([]);
  });
});

describe("node/undeclared-dependency with tsconfig baseUrl", () => {
  it("treats imports resolved through baseUrl as local, and still reports a real package", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "web/package.json": JSON.stringify({ name: "web", dependencies: {} }),
      "web/tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "strict": true } }',
      "web/src/state.ts": "export const state = {};\n",
      "web/src/index.ts":
        'import { state } from "src/state";\nimport { createPopper } from "@popperjs/core";\nexport { state, createPopper };\n',
    });
    expect(findings.map((f) => f.message.split(" ")[0])).toEqual(["`@popperjs/core`"]);
  });

  it("resolves with the tsconfig governing the importer: a root folder named like a package does not hide it", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": JSON.stringify({ name: "web", dependencies: {} }),
      "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "strict": true } }',
      // A folder of specs, no module: `import "cypress"` cannot mean it.
      "cypress/e2e/home.cy.ts": 'describe("home", () => {});\n',
      "src/state.ts": "export const state = {};\n",
      "src/index.ts": 'import { state } from "src/state";\nexport { state };\n',
      "cypress.config.ts": 'import { defineConfig } from "cypress";\nexport default defineConfig({});\n',
      // A path into a project folder whose file a build step generates (not checked in): not a package `src`.
      "src/db.ts":
        'import { PrismaClient } from "src/generated/prisma/client";\nexport const db = new PrismaClient();\n',
    });
    expect(findings.map((f) => f.message.split(" ")[0])).toEqual(["`cypress`"]);
  });

  it("stays silent on an app's own paths alias, resolved with that app's tsconfig", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "apps/web/package.json": JSON.stringify({ name: "web", dependencies: {} }),
      "apps/web/tsconfig.json": '{ "compilerOptions": { "paths": { "@web/*": ["./src/*"] } } }',
      "apps/web/src/lib/db.ts": "export const db = {};\n",
      "apps/web/src/index.ts": 'import { db } from "@web/lib/db";\nexport { db };\n',
    });
    expect(findings).toEqual([]);
  });
});

const json = (value: unknown): string => JSON.stringify(value, null, 2);
/** A package-lock.json holding only the package itself: the install is known, and brings nothing undeclared. */
const ownLock = (name: string): string => json({ name, lockfileVersion: 3, packages: { "": { name } } });
const yarnLock = (entries: Record<string, string>): string =>
  "# yarn lockfile v1\n\n" +
  Object.entries(entries)
    .map(([spec, version]) => `"${spec}":\n  version "${version}"\n`)
    .join("\n");

describe("node/undeclared-dependency in workspaces", () => {
  const workspace = (lockfile: Record<string, string>) => ({
    "package.json": json({ name: "root", private: true, workspaces: ["packages/*"] }),
    "packages/app/package.json": json({
      name: "@acme/app",
      dependencies: { react: "^18.0.0", nanoid: "^5.0.0" },
    }),
    "packages/core/package.json": json({ name: "@acme/core", dependencies: {} }),
    "packages/core/src/id.ts": "import { nanoid } from 'nanoid';\nexport const id = () => nanoid();\n",
    ...lockfile,
  });

  it("stays silent on a package a sibling declares when the install hoists (yarn workspaces)", async () => {
    const findings = await findingsOf(
      "node/undeclared-dependency",
      workspace({ "yarn.lock": yarnLock({ "react@^18.0.0": "18.2.0", "nanoid@^5.0.0": "5.0.7" }) }),
    );
    expect(findings).toEqual([]);
  });

  it("reports it, at medium, under pnpm's isolated layout where the sibling's packages are not visible", async () => {
    const pnpmLock = [
      "lockfileVersion: '9.0'",
      "importers:",
      "  .: {}",
      "  packages/app:",
      "    dependencies:",
      "      nanoid:",
      "        specifier: ^5.0.0",
      "        version: 5.0.7",
      "      react:",
      "        specifier: ^18.0.0",
      "        version: 18.2.0",
      "  packages/core: {}",
      "packages:",
      "  nanoid@5.0.7: {}",
      "  react@18.2.0: {}",
      "",
    ].join("\n");
    const isolated = await findingsOf("node/undeclared-dependency", {
      ...workspace({ "pnpm-lock.yaml": pnpmLock }),
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
    });
    expect(isolated.map((f) => [f.location?.path, f.severity])).toEqual([
      ["packages/core/src/id.ts", "medium"],
    ]);
    const hoisted = await findingsOf("node/undeclared-dependency", {
      ...workspace({ "pnpm-lock.yaml": pnpmLock }),
      "pnpm-workspace.yaml": "packages:\n  - packages/*\nnodeLinker: hoisted\n",
    });
    expect(hoisted).toEqual([]);
    // public-hoist-pattern hoists the packages it matches (and only those) to the root node_modules.
    for (const settings of <Array<Record<string, string>>>[
      { "pnpm-workspace.yaml": "packages:\n  - packages/*\npublicHoistPattern:\n  - '*nano*'\n" },
      { "pnpm-workspace.yaml": "packages:\n  - packages/*\n", ".npmrc": "public-hoist-pattern[]=*nano*\n" },
    ]) {
      const pattern = await findingsOf("node/undeclared-dependency", {
        ...workspace({ "pnpm-lock.yaml": pnpmLock }),
        ...settings,
      });
      expect(pattern).toEqual([]);
    }
    const otherPattern = await findingsOf("node/undeclared-dependency", {
      ...workspace({ "pnpm-lock.yaml": pnpmLock }),
      "pnpm-workspace.yaml": "packages:\n  - packages/*\npublicHoistPattern:\n  - '*prisma*'\n",
    });
    expect(otherPattern.map((f) => f.location?.path)).toEqual(["packages/core/src/id.ts"]);
  });
});

describe("node/undeclared-dependency and import types", () => {
  it("takes `import('x').T` in a type position for a type-only use; a dynamic import used as a value stays high", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": json({ name: "api", dependencies: { "@nestjs/common": "^11.0.0" } }),
      "package-lock.json": ownLock("api"),
      "src/body.ts": [
        "import { createParamDecorator } from '@nestjs/common';",
        "export const Body = createParamDecorator((data: unknown, ctx: { switchToHttp(): any }) => {",
        "  const req = ctx.switchToHttp().getRequest<import('fastify').FastifyRequest>();",
        "  return req.body;",
        "});",
        "export type Reply = import('fastify').FastifyReply;",
        "export const load = () => import('marked').then((m) => m.parse('x'));",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.message.split(" ")[0], f.location?.startLine, f.severity])).toEqual([
      ["`fastify`", 3, "low"],
      ["`marked`", 7, "high"],
    ]);
    expect(findings[0]?.message).toContain("for its types only");
  });
});

describe("node/undeclared-dependency in an Nx workspace", () => {
  const rootLock = [
    "lockfileVersion: '9.0'",
    "importers:",
    "  .:",
    "    dependencies:",
    "      react:",
    "        specifier: ^18.0.0",
    "        version: 18.2.0",
    "packages:",
    "  react@18.2.0: {}",
    "",
  ].join("\n");
  // A library's own publish manifest and a lockfile left in its folder that records nothing.
  const nxLib = (projectJson: Record<string, string>) => ({
    "package.json": json({ name: "root", private: true, dependencies: { react: "^18.0.0" } }),
    "pnpm-lock.yaml": rootLock,
    "nx.json": json({ targetDefaults: { build: { cache: true } } }),
    "libs/ui/package.json": json({ name: "@acme/ui", version: "0.0.1", dependencies: {} }),
    "libs/ui/pnpm-lock.yaml": "lockfileVersion: '9.0'\nimporters:\n  .: {}\n",
    "libs/ui/src/button.tsx":
      "import { useState } from 'react';\nimport { clsx } from 'clsx';\nexport const Button = () => { useState(0); return clsx('a'); };\n",
    ...projectJson,
  });

  it("counts the workspace root's declarations for an Nx project, and still reports what nobody declares", async () => {
    const findings = await findingsOf(
      "node/undeclared-dependency",
      nxLib({
        "libs/ui/project.json": json({ name: "ui", targets: { build: { executor: "@nx/vite:build" } } }),
      }),
    );
    expect(findings.map((f) => [f.message.split(" ")[0], f.location?.path, f.severity])).toEqual([
      ["`clsx`", "libs/ui/src/button.tsx", "high"],
    ]);
  });

  it("treats a folder with its own lockfile and no Nx project as its own install", async () => {
    const findings = await findingsOf("node/undeclared-dependency", nxLib({}));
    expect(findings.map((f) => f.message.split(" ")[0]).sort()).toEqual(["`clsx`", "`react`"]);
  });

  it("takes a pnpm workspace member's install from the root's lockfile, whatever lockfile its folder keeps", async () => {
    const member = (members: string) =>
      findingsOf(
        "node/undeclared-dependency",
        nxLib({ "pnpm-workspace.yaml": `packages:\n  - ${members}\n` }),
      );
    expect((await member("libs/*")).map((f) => f.message.split(" ")[0])).toEqual(["`clsx`"]);
    // Not a member: its own folder's lockfile is its install, and the root's react is not in it.
    expect((await member("apps/*")).map((f) => f.message.split(" ")[0]).sort()).toEqual([
      "`clsx`",
      "`react`",
    ]);
  });
});

describe("node/undeclared-dependency: modules a framework or tool provides", () => {
  it("stays silent on what Nuxt aliases, and reports a transitive package Nuxt does not provide at medium", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": json({ name: "web", dependencies: { nuxt: "^3.12.0" } }),
      "package-lock.json": json({
        name: "web",
        lockfileVersion: 3,
        packages: {
          "": { name: "web", dependencies: { nuxt: "^3.12.0" } },
          "node_modules/nuxt": { version: "3.12.0" },
          "node_modules/vue-router": { version: "4.4.0" },
          "node_modules/h3": { version: "1.12.0" },
          "node_modules/pathe": { version: "1.1.2" },
        },
      }),
      "composables/route.ts": [
        "import { useRoute } from 'vue-router';",
        "import { getQuery } from 'h3';",
        "import { useHead } from '@unhead/vue';",
        "import { join } from 'pathe';",
        "export const where = () => join(String(useRoute().path), String(getQuery), String(useHead));",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.message.split(" ")[0], f.severity])).toEqual([["`pathe`", "medium"]]);
  });

  it("stays silent on Docusaurus client and theme aliases, but not on an unrelated missing package", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "website/package.json": json({
        name: "docs",
        dependencies: { "@docusaurus/core": "^3.0.0", react: "^18.0.0" },
      }),
      "website/package-lock.json": ownLock("docs"),
      "website/src/pages/index.tsx": [
        "import Link from '@docusaurus/Link';",
        "import useDocusaurusContext from '@docusaurus/useDocusaurusContext';",
        "import Layout from '@theme/Layout';",
        "import Hero from '@site/src/components/Hero';",
        "import confetti from 'canvas-confetti';",
        "export default () => <Layout><Hero /><Link to='/' />{String(useDocusaurusContext)}{String(confetti)}</Layout>;",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.message.split(" ")[0], f.severity])).toEqual([
      ["`canvas-confetti`", "high"],
    ]);
  });

  it("stays silent on a Vite plugin's virtual module and on a bundler alias key", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": json({
        name: "web",
        dependencies: { preact: "^10.0.0" },
        devDependencies: { vite: "^5.0.0", "unplugin-fonts": "^1.0.0" },
      }),
      "vite.config.ts": [
        "import Unfonts from 'unplugin-fonts/vite';",
        "export default {",
        "  plugins: [Unfonts()],",
        "  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },",
        "};",
      ].join("\n"),
      "src/main.tsx": [
        "import 'unfonts.css';",
        "import { useState } from 'react';",
        "import { render } from 'react-dom';",
        "import { marked } from 'marked';",
        "render(String(useState), String(marked));",
      ].join("\n"),
    });
    expect(findings.map((f) => f.message.split(" ")[0])).toEqual(["`marked`"]);
  });

  it("stays silent on path aliases an esbuild build script or Storybook declares, not on an undeclared package", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "assets/package.json": json({
        name: "assets",
        devDependencies: { esbuild: "^0.20.0", "esbuild-plugin-path-alias": "^1.0.0" },
      }),
      "assets/build.js": [
        "const esbuild = require('esbuild');",
        "const alias = require('esbuild-plugin-path-alias');",
        "const resolvePath = (p) => require('path').resolve(__dirname, p);",
        "esbuild.build({",
        "  entryPoints: ['js/app.js'],",
        "  plugins: [alias({ '@common': resolvePath('./js/common'), '@lib': resolvePath('./js/lib') })],",
        "});",
      ].join("\n"),
      "assets/.storybook/main.js": [
        "const path = require('path');",
        "module.exports = {",
        "  webpackFinal: async (config) => {",
        "    config.resolve.alias = { ...config.resolve.alias, '@pages': path.resolve(__dirname, '../js/pages') };",
        "    return config;",
        "  },",
        "};",
      ].join("\n"),
      "assets/js/common/Button.js": "export const Button = 1;\n",
      "assets/js/app.js": [
        "import { Button } from '@common/Button';",
        "import { format } from '@lib/format';",
        "import Home from '@pages/Home';",
        "import dayjs from 'dayjs';",
        "export { Button, format, Home, dayjs };",
      ].join("\n"),
    });
    expect(findings.map((f) => f.message.split(" ")[0])).toEqual(["`dayjs`"]);
  });

  it("stays silent on folders webpack's resolve.modules searches, not on a package outside them", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "assets/package.json": json({ name: "assets", devDependencies: { webpack: "^5.0.0" } }),
      "assets/webpack.config.js": [
        "const path = require('path');",
        "module.exports = [",
        "  { entry: './app/app.js', resolve: { modules: ['node_modules', __dirname + '/app'] } },",
        "  { entry: './admin/admin.js', resolve: { modules: ['node_modules', path.resolve(__dirname, 'admin')] } },",
        "];",
      ].join("\n"),
      "assets/app/modules/comment.js": "export const comment = 1;\n",
      "assets/app/app.js":
        "import { comment } from 'modules/comment';\nimport dayjs from 'dayjs';\nexport { comment, dayjs };\n",
      "assets/admin/views/episodeView.js": "export const view = 1;\n",
      "assets/admin/admin.js": "import { view } from 'views/episodeView';\nexport { view };\n",
    });
    expect(findings.map((f) => f.message.split(" ")[0])).toEqual(["`dayjs`"]);
  });

  it("stays silent on webpack externals and exact-match (`name$`) aliases, here and in plugin folders its build compiles", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": json({ name: "site", dependencies: { react: "^16.4.0", webpack: "5.89.0" } }),
      "webpack.config.js": [
        "const path = require('path');",
        "module.exports = {",
        "  entry: { main: ['./js/main.jsx'] },",
        "  resolve: { alias: { 'modernizr$': path.resolve(__dirname, '.modernizrrc.js') } },",
        "  externals: {",
        '    // require("jquery") is external and available on the global jQuery',
        '    "jquery": "jQuery",',
        '    "THREE": "THREE",',
        "  },",
        "};",
      ].join("\n"),
      // The template the site writes into each plugin's folder before running webpack there.
      "plugins/templates/webpack.config.js.tmpl": [
        "module.exports = {",
        "  entry: ${entry_json},",
        "  resolve: { alias: { site: path.resolve(__dirname, '../../js') } },",
        "  externals: [{ SystemJS: 'SystemJS' }, 'leaflet'],",
        "};",
      ].join("\n"),
      "js/main.jsx": [
        "import $ from 'jquery';",
        "import THREE from 'THREE';",
        "import Modernizr from 'modernizr';",
        "import dayjs from 'dayjs';",
        "export default [$, THREE, Modernizr, dayjs];",
      ].join("\n"),
      "plugins/measure/public/package.json": json({ dependencies: { "leaflet-measure": "^3.0.0" } }),
      "plugins/measure/public/app.jsx": [
        "import $ from 'jquery';",
        "import L from 'leaflet';",
        "import SystemJS from 'SystemJS';",
        "import Utils from 'site/classes/Utils';",
        "import measure from 'leaflet-measure';",
        "import chroma from 'chroma-js';",
        "export default [$, L, SystemJS, Utils, measure, chroma];",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.message.split(" ")[0]])).toEqual([
      ["js/main.jsx", "`dayjs`"],
      ["plugins/measure/public/app.jsx", "`chroma-js`"],
    ]);
  });

  it("stays silent on bare specifiers a page's import map resolves (exact keys and `name/` prefixes), not on others", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": json({ name: "maps", type: "module", dependencies: { "@turf/turf": "^7.0.0" } }),
      "app/templates/app/js.html": [
        "{% load static %}",
        '<script type="importmap">',
        "  {",
        '    "imports": {',
        '      "@turf/area": "{% static \'app/vendors/turf/area/index.js\' %}",',
        '      "ol/": "{% static \'app/vendors/ol/\' %}",',
        '      "./legacy.js": "/static/app/legacy-v2.js"',
        "    },",
        '    "scopes": { "/static/app/vendors/": { "robust-predicates": "/static/app/vendors/rp/index.js" } }',
        "  }",
        "</script>",
        // Near miss: an ordinary module script whose text mentions imports is not an import map.
        '<script type="module">const config = { "imports": { "dayjs": "x" } };</script>',
      ].join("\n"),
      "app/static/app/js/modules/geo.js": [
        "import { area } from '@turf/area';",
        "import { default as OLMap } from 'ol/Map.js';",
        "import { orient2d } from 'robust-predicates';",
        "import dayjs from 'dayjs';",
        "export default [area, OLMap, orient2d, dayjs];",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.message.split(" ")[0]])).toEqual([
      ["app/static/app/js/modules/geo.js", "`dayjs`"],
    ]);
  });

  it("keeps a config's externals to the packages its build compiles: a package with its own bundler config is not covered", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": json({ name: "site", dependencies: { webpack: "5.89.0" } }),
      "webpack.config.js": "module.exports = { entry: './js/main.js', externals: { jquery: 'jQuery' } };\n",
      "js/main.js": "import $ from 'jquery';\nexport default $;\n",
      "widget/package.json": json({ name: "widget", devDependencies: { vite: "^5.0.0" } }),
      "widget/vite.config.js": "export default { build: { lib: { entry: 'src/index.js' } } };\n",
      "widget/src/index.js": "import $ from 'jquery';\nexport default $;\n",
    });
    expect(findings.map((f) => [f.location?.path, f.message.split(" ")[0]])).toEqual([
      ["widget/src/index.js", "`jquery`"],
    ]);
  });

  it("stays silent on Phoenix assets importing Hex dependencies from deps/, not on other packages", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "mix.exs": [
        "defmodule App.MixProject do",
        "  use Mix.Project",
        "  def project, do: [app: :app, deps: deps()]",
        "  defp deps do",
        '    [{:phoenix, "~> 1.7"}, {:phoenix_html, "~> 4.0"}, {:phoenix_live_view, "~> 1.0"}, {:tailwind, "~> 0.2"}]',
        "  end",
        "end",
      ].join("\n"),
      "assets/package.json": json({ dependencies: { topbar: "^3.0.0" } }),
      "assets/package-lock.json": ownLock("assets"),
      "assets/js/app.js": [
        'import "phoenix_html";',
        'import { Socket } from "phoenix";',
        'import { LiveSocket } from "phoenix_live_view";',
        'import topbar from "topbar";',
        'import Chart from "chart.js/auto";',
        "new LiveSocket('/live', Socket, { topbar, Chart });",
      ].join("\n"),
      "assets/tailwind.config.js":
        'const plugin = require("tailwindcss/plugin");\nmodule.exports = { plugins: [require("@tailwindcss/forms"), plugin(() => {})] };\n',
    });
    expect(findings.map((f) => [f.message.split(" ")[0], f.severity])).toEqual([["`chart.js`", "high"]]);
  });
});

describe("node/undeclared-dependency severity follows what a clean install does", () => {
  it("types-only imports are low (silent with @types), transitive imports medium, tooling configs medium", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": json({
        name: "web",
        dependencies: { express: "^4.0.0" },
        devDependencies: { eslint: "^9.0.0", "@types/har-format": "^1.2.0" },
      }),
      "package-lock.json": json({
        name: "web",
        lockfileVersion: 3,
        packages: {
          "": { name: "web", dependencies: { express: "^4.0.0" }, devDependencies: { eslint: "^9.0.0" } },
          "node_modules/express": { version: "4.19.0" },
          "node_modules/eslint": { version: "9.0.0", dev: true },
          "node_modules/qs": { version: "6.11.0" },
          "node_modules/connect": { version: "3.7.0" },
        },
      }),
      "src/server.ts": [
        "import express from 'express';",
        "import qs from 'qs';",
        "import * as Har from 'har-format';",
        "import { IncomingMessage } from 'connect';",
        "export const parse = (m: IncomingMessage, log: Har.Log) => qs.parse(String(m.url) + String(log));",
        "export const app = express();",
      ].join("\n"),
      "src/types.d.ts": "import { Something } from 'ambient-lib';\nexport type X = Something;\n",
      "eslint.config.js":
        "import globals from 'globals';\nexport default [{ languageOptions: { globals: globals.browser } }];\n",
    });
    expect(findings.map((f) => [f.message.split(" ")[0], f.location?.path, f.severity])).toEqual([
      ["`globals`", "eslint.config.js", "medium"],
      ["`qs`", "src/server.ts", "medium"],
      ["`connect`", "src/server.ts", "low"],
      ["`ambient-lib`", "src/types.d.ts", "low"],
    ]);
  });

  it("is medium, not high, for a production import when no lockfile is committed: a declared dependency may bring it", async () => {
    const files = {
      "package.json": json({ name: "site", dependencies: { react: "^16.4.0" } }),
      "js/Dashboard.jsx": "import PropTypes from 'prop-types';\nexport default PropTypes;\n",
    };
    const unlocked = await findingsOf("node/undeclared-dependency", files);
    expect(unlocked.map((f) => [f.message.split(" ")[0], f.severity])).toEqual([["`prop-types`", "medium"]]);
    expect(unlocked[0]?.message).toContain("no lockfile is committed for this package");
    // Near miss: a lockfile that does not hold it says a clean install lacks it.
    const locked = await findingsOf("node/undeclared-dependency", {
      ...files,
      "package-lock.json": ownLock("site"),
    });
    expect(locked.map((f) => [f.message.split(" ")[0], f.severity])).toEqual([["`prop-types`", "high"]]);
  });

  it("is low in a file no production entry point reaches (a Node-only demo beside a browser package's entry)", async () => {
    const files = {
      "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*"] }, null, 2),
      "package-lock.json": ownLock("root"),
      "packages/draw/package.json": JSON.stringify(
        { name: "draw", main: "./index.tsx", dependencies: { react: "^18.2.0" } },
        null,
        2,
      ),
      "packages/draw/index.tsx":
        "import React from 'react';\nimport { exportToSvg } from './scene/export';\nexport const Draw = () => exportToSvg();\n",
      "packages/draw/scene/export.ts":
        "import { nanoid } from 'nanoid';\nexport const exportToSvg = () => nanoid();\n",
      "packages/draw/index-node.ts":
        "import { exportToSvg } from './scene/export';\nconst { createCanvas } = require('canvas');\ncreateCanvas(exportToSvg());\n",
    };
    const findings = await findingsOf("node/undeclared-dependency", files);
    // `nanoid` is imported by code the package's entry reaches; `canvas` only by a file nothing ships.
    expect(findings.map((f) => [f.message.split(" ")[0], f.location?.path, f.severity])).toEqual([
      ["`canvas`", "packages/draw/index-node.ts", "low"],
      ["`nanoid`", "packages/draw/scene/export.ts", "high"],
    ]);
    expect(findings[0]?.message).toContain(
      "no entry point of the package reaches packages/draw/index-node.ts",
    );
  });

  it("is low in a service worker a Vite package does not build (no PWA plugin names it), high where one does", async () => {
    const files = (dependencies: Record<string, string>): Record<string, string> => ({
      "ui/package.json": JSON.stringify(
        { name: "ui", scripts: { build: "vite build" }, dependencies },
        null,
        2,
      ),
      "ui/package-lock.json": ownLock("ui"),
      "ui/index.html": '<script type="module" src="/src/index.tsx"></script>\n',
      "ui/src/index.tsx":
        "import { register } from './registration';\nimport { nanoid } from 'nanoid';\nregister(nanoid());\n",
      "ui/src/registration.ts":
        "export function register(id: string) {\n  navigator.serviceWorker.register(`/service-worker.js?${id}`);\n}\n",
      "ui/src/service-worker.ts":
        "import { precacheAndRoute } from 'workbox-precaching';\nprecacheAndRoute([]);\n",
      // A translation-key extractor scans every source file; it builds none of them.
      "ui/i18next-parser.config.js":
        "module.exports = {\n  locales: ['en'],\n  input: 'src/**/*.{js,ts,jsx,tsx}',\n  output: 'src/locales/$LOCALE.json',\n};\n",
    });
    const summary = (
      findings: Array<{ message: string; location: { path: string } | null; severity: string }>,
    ) => findings.map((f) => [f.message.split(" ")[0], f.location?.path, f.severity]);
    expect(summary(await findingsOf("node/undeclared-dependency", files({ vite: "^5.0.0" })))).toEqual([
      ["`nanoid`", "ui/src/index.tsx", "high"],
      ["`workbox-precaching`", "ui/src/service-worker.ts", "low"],
    ]);
    // Near miss: a PWA plugin builds the service worker, so its imports ship.
    expect(
      summary(
        await findingsOf(
          "node/undeclared-dependency",
          files({ vite: "^5.0.0", "vite-plugin-pwa": "^0.20.0" }),
        ),
      ),
    ).toEqual([
      ["`nanoid`", "ui/src/index.tsx", "high"],
      ["`workbox-precaching`", "ui/src/service-worker.ts", "high"],
    ]);
  });

  it("is low in a project template the package copies into a new app (own app configuration, no package.json)", async () => {
    const cli = {
      "packages/cli/package.json": JSON.stringify({
        name: "create-acme",
        bin: "./dist/index.js",
        dependencies: { kleur: "^4.0.0" },
      }),
      "packages/cli/package-lock.json": ownLock("create-acme"),
      "packages/cli/src/index.ts": "import kleur from 'kleur';\nconsole.log(kleur.green('created'));\n",
    };
    const page =
      "import { Button } from '@react-email/components';\nexport default function Page() {\n  return Button;\n}\n";
    const summary = (
      findings: Array<{ message: string; location: { path: string } | null; severity: string }>,
    ) => findings.map((f) => [f.message.split(" ")[0], f.location?.path, f.severity]);
    const inTemplate = await findingsOf("node/undeclared-dependency", {
      ...cli,
      "packages/cli/src/templates/email/next.config.mjs": "export default {};\n",
      "packages/cli/src/templates/email/app/page.tsx": page,
    });
    expect(summary(inTemplate)).toEqual([
      ["`@react-email/components`", "packages/cli/src/templates/email/app/page.tsx", "low"],
    ]);
    expect(inTemplate[0]?.message).toContain("belongs to a project template");
    // Near miss: the same page in the package's own app (its next.config sits beside its package.json).
    const own = await findingsOf("node/undeclared-dependency", {
      ...cli,
      "packages/cli/next.config.mjs": "export default {};\n",
      "packages/cli/app/page.tsx": page,
    });
    expect(summary(own)).toEqual([["`@react-email/components`", "packages/cli/app/page.tsx", "high"]]);
  });
  describe("Bun workspaces (bun.lock)", () => {
    const bunLock = (configVersion: number) =>
      [
        "{",
        '  "lockfileVersion": 1,',
        `  "configVersion": ${configVersion},`,
        '  "workspaces": {',
        '    "": { "name": "mono", "devDependencies": { "typescript": "^5.4.0", }, },',
        '    "apps/api": { "name": "@mono/api", "dependencies": { "date-fns": "^4.1.0", "@mono/db": "workspace:*", }, },',
        '    "packages/db": { "name": "@mono/db", "dependencies": { "drizzle-orm": "^0.40.0", }, },',
        "  },",
        '  "packages": {',
        '    "@mono/api": ["@mono/api@workspace:apps/api"],',
        '    "@mono/db": ["@mono/db@workspace:packages/db"],',
        '    "date-fns": ["date-fns@4.1.0", "", {}, "sha512-x"],',
        '    "drizzle-orm": ["drizzle-orm@0.40.0", "", {}, "sha512-y"],',
        '    "typescript": ["typescript@5.4.5", "", {}, "sha512-z"],',
        "  },",
        "}",
        "",
      ].join("\n");
    const repo = (configVersion: number, extra: Record<string, string> = {}) => ({
      "package.json": JSON.stringify({
        name: "mono",
        private: true,
        workspaces: ["apps/*", "packages/*"],
        devDependencies: { typescript: "^5.4.0" },
      }),
      "bun.lock": bunLock(configVersion),
      "apps/api/package.json": JSON.stringify({
        name: "@mono/api",
        dependencies: { "date-fns": "^4.1.0", "@mono/db": "workspace:*" },
      }),
      "packages/db/package.json": JSON.stringify({
        name: "@mono/db",
        dependencies: { "drizzle-orm": "^0.40.0" },
      }),
      "packages/db/src/queries.ts":
        'import { format } from "date-fns";\nimport { $ } from "bun";\nimport { eq } from "drizzle-orm";\nexport const day = (d: Date) => format(d, "yyyy-MM-dd") + String(eq) + String($);\n',
      ...extra,
    });
    const summary = (findings: { message: string; severity: string }[]) =>
      findings.map((f) => [f.message.split(" ")[0], f.severity]);

    it("reads bun.lock: a package a sibling declares is hoisted, and `bun` is the runtime's own module", async () => {
      // configVersion 0 (written before Bun 1.3.2): hoisted, like npm. The import resolves through the sibling.
      expect(summary(await findingsOf("node/undeclared-dependency", repo(0)))).toEqual([]);
      const hoisted = await findingsOf(
        "node/undeclared-dependency",
        repo(1, { "bunfig.toml": '[install]\nlinker = "hoisted"\n' }),
      );
      expect(summary(hoisted)).toEqual([]);
    });

    it("still reports it when the install is isolated: configVersion 1 workspaces, or bunfig.toml linker", async () => {
      const isolated = await findingsOf("node/undeclared-dependency", repo(1));
      expect(summary(isolated)).toEqual([["`date-fns`", "medium"]]);
      expect(isolated[0]?.message).toContain("locked in bun.lock");
      const pinned = await findingsOf(
        "node/undeclared-dependency",
        repo(0, { "bunfig.toml": '[install]\nlinker = "isolated"\n' }),
      );
      expect(summary(pinned)).toEqual([["`date-fns`", "medium"]]);
    });
  });
});
