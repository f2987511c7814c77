// What a package.json is when it is not an application: a tooling wrapper (no source of its own, only build
// and lint tools), the asset bundle of another ecosystem's application (Phoenix assets/, a Django gulp
// pipeline), or a documentation site (Docusaurus, VitePress, a Storybook catalogue).
import { isToolingPath } from "../node/ast.js";
import type { NodeFacts, NodePackage } from "../node/index.js";
import type { RepoIndex } from "../../repo/repo-index.js";

export type SupportRole = "tooling" | "assets" | "docs-site";

/** Build, lint, format, test and release tools: packages that never ship in an application. */
const TOOLING =
  /^(@types\/.*|typescript|@typescript-eslint\/.*|typescript-eslint|eslint.*|@eslint\/.*|@[^/]+\/eslint-(config|plugin).*|prettier.*|@[^/]+\/prettier-(config|plugin).*|@trivago\/prettier.*|stylelint.*|ember-template-lint.*|@stylistic\/.*|@biomejs\/.*|oxlint|oxfmt|dprint.*|husky|lint-staged|lefthook|simple-git-hooks|@commitlint\/.*|commitizen|cz-.*|@changesets\/.*|semantic-release|@semantic-release\/.*|turbo|nx|@nx\/.*|lerna|rimraf|del|del-cli|cross-env|dotenv-cli|concurrently|npm-run-all2?|wait-on|nodemon|tsx|ts-node|vite|@vitejs\/.*|vite-plugin-.*|vitest|@vitest\/.*|jest|jest-.*|@jest\/.*|ts-jest|babel-.*|@babel\/.*|webpack.*|.*-loader|.*-webpack-plugin|esbuild.*|rollup.*|@rollup\/.*|sass|sass-embedded|node-sass|less|postcss.*|autoprefixer|cssnano.*|clean-css.*|terser.*|uglify.*|gulp.*|grunt.*|tailwindcss|@tailwindcss\/.*|knip|syncpack|@playwright\/test|playwright|cypress|@testing-library\/.*|msw|happy-dom|jsdom|concat|npm-force-resolutions|pump|http-server|serve|pyright|@redocly\/cli|js-yaml|@tsconfig\/.*)$/;

/** A dependency that makes a package an application or service of its own: a dev server, an app framework, a server. */
const APP_FRAMEWORK =
  /^(vite|next|nuxt|@angular\/core|ember-source|ember-cli|@angular\/cli|react-scripts|@vue\/cli-service|@sveltejs\/kit|parcel|parcel-bundler|webpack-dev-server|astro|gatsby|@remix-run\/(dev|node|react)|@react-router\/dev|electron|expo|react-native|@tauri-apps\/(api|cli)|express|fastify|koa|@nestjs\/core|hono|@hapi\/hapi)$/;

/**
 * Packages that make Node.js run in production: HTTP servers and full-stack frameworks with a server (Next.js,
 * Nuxt, Remix, SvelteKit). Without one, a repository's Node.js builds front-end files and never serves a request.
 */
export const NODE_SERVER_PACKAGE =
  /^(express|fastify|koa|@nestjs\/core|hono|@hapi\/hapi|next|nuxt|@remix-run\/node|@react-router\/node|@sveltejs\/kit|@sveltejs\/adapter-node|restify|polka|socket\.io|ws|@trpc\/server|apollo-server|@apollo\/server|graphql-yoga|@feathersjs\/feathers|sails|loopback|@loopback\/core|@adonisjs\/core|strapi|@strapi\/strapi)$/;

/** Tools that bundle scripts and stylesheets for another application's static folder. */
const ASSET_BUILDER =
  /^(gulp|grunt|webpack|webpack-cli|esbuild|rollup|parcel|parcel-bundler|browserify|sass|node-sass|less|postcss|postcss-cli|tailwindcss|@tailwindcss\/cli|terser|uglify-js|clean-css-cli|concat|cssnano)$/;

const TEST_RUNNER =
  /^(jest|vitest|mocha|karma|ava|jasmine|@playwright\/test|cypress|tap|uvu|@web\/test-runner)$/;

/** Phoenix's client libraries (from deps/ or npm): a package depending on them is the Phoenix app's assets. */
const PHOENIX_CLIENT = /^(phoenix|phoenix_html|phoenix_live_view|live_svelte|live_react|live_vue)$/;

const DOCS_GENERATOR =
  /^(@docusaurus\/core|vitepress|vuepress|@vuepress\/.*|nextra|nextra-theme-docs|@astrojs\/starlight|docus|docsify|docsify-cli|hexo|@11ty\/eleventy|gitbook-cli|mkdocs)$/;

const SOURCE_LANGUAGES = new Set(["javascript", "typescript", "tsx", "vue", "svelte"]);

/** The role of a package.json that is not an application, or null for an application or library. */
export function classifyNodePackage(
  pkg: NodePackage,
  node: NodeFacts,
  index: RepoIndex,
  otherApps: ReadonlyArray<{ path: string; manifest: string }>,
): { role: SupportRole; reason: string } | null {
  if (pkg.isTest || pkg.marker) return null;
  const deps = node.dependencies.declared.filter((d) => d.manifest === pkg.manifest).map((d) => d.name);
  const docs = deps.find((name) => DOCS_GENERATOR.test(name));
  if (docs) return { role: "docs-site", reason: `built with ${docs}` };
  if (isStorybookOnly(pkg, deps))
    return {
      role: "docs-site",
      reason: "a Storybook component catalogue: every build or serve script runs storybook",
    };

  const ownSource = ownSourceFiles(pkg, node, index);
  const runtime = deps.filter((name) => !TOOLING.test(name));
  if (ownSource === 0 && runtime.length === 0)
    return {
      role: "tooling",
      reason:
        deps.length === 0
          ? "no source files of its own and no dependencies"
          : `no source files of its own; only tooling dependencies (${deps.slice(0, 4).join(", ")}${deps.length > 4 ? ", …" : ""})`,
    };

  const host = otherApps.find(
    (app) => app.path === "." || pkg.dir === app.path || pkg.dir.startsWith(`${app.path}/`),
  );
  if (!host) return null;
  const phoenix = deps.find((name) => PHOENIX_CLIENT.test(name));
  if (phoenix) return { role: "assets", reason: `assets of ${host.manifest}: it depends on ${phoenix}` };
  const app = deps.find((name) => APP_FRAMEWORK.test(name));
  const runner = deps.find((name) => TEST_RUNNER.test(name));
  if (app || runner) return null;
  // What makes it a pipeline for the host's static files: a bundler or stylesheet tool, or the assets folder.
  const builder = deps.find((name) => ASSET_BUILDER.test(name));
  const folder = /(^|\/)(assets|static|static_src)$/.test(pkg.dir);
  if (!builder && !folder) return null;
  return {
    role: "assets",
    reason: `assets of ${host.manifest}: ${builder ? `built with ${builder}` : `kept in ${pkg.dir}/`}, no app framework, dev server or test runner of its own`,
  };
}

/** Storybook catalogue: storybook is declared and every dev/start/build script present runs it. */
function isStorybookOnly(pkg: NodePackage, deps: readonly string[]): boolean {
  if (!deps.some((name) => name === "storybook" || name.startsWith("@storybook/"))) return false;
  const runs = pkg.scripts.filter(
    (s) => /^(dev|start|build|serve)$/.test(s.name) || /storybook/.test(s.command),
  );
  return runs.length > 0 && runs.every((s) => /storybook/.test(s.command));
}

/** Source files (JS/TS/Vue/Svelte, not tests, tooling or vendored) whose nearest package.json is this one. */
function ownSourceFiles(pkg: NodePackage, node: NodeFacts, index: RepoIndex): number {
  const others = node.packages
    .filter((p) => p !== pkg && !p.marker && (pkg.dir === "" || p.dir.startsWith(`${pkg.dir}/`)))
    .map((p) => `${p.dir}/`);
  const prefix = pkg.dir === "" ? "" : `${pkg.dir}/`;
  let count = 0;
  for (const file of index.files) {
    if (!file.path.startsWith(prefix) || file.isTest || file.skip !== null) continue;
    if (!SOURCE_LANGUAGES.has(file.language ?? "")) continue;
    if (others.some((dir) => file.path.startsWith(dir)) || isToolingPath(file.path)) continue;
    count++;
  }
  return count;
}
