// tests/no-tests: an application with source code and no test files.
import type { RepoFacts } from "../../facts/repo-facts.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { parentDir } from "../../repo/repo-path.js";
import { defineRule } from "../define-rule.js";

const ECOSYSTEM_LANGUAGES: Record<string, string[]> = {
  elixir: ["elixir"],
  go: ["go"],
  python: ["python"],
  node: ["typescript", "tsx", "javascript"],
  rust: ["rust"],
  ruby: ["ruby"],
  java: ["java", "kotlin"],
};

/** Folders of translation tables: UI strings per language, data with nothing to unit-test. */
const LOCALE_FOLDER = /(^|\/)(locales?|i18n|l10n|translations?)\//;

/** A browser UI framework or bundler: a package that declares one (and no server framework) is a UI. */
const BROWSER_UI =
  /^(react|react-dom|vue|svelte|@angular\/core|ember-source|ember-cli|preact|solid-js|lit|alpinejs|jquery|vite|webpack|parcel|react-scripts|@vue\/cli-service)$/;
/** Test runners and helpers a package declares when it is set up for tests. */
const TEST_RUNNER =
  /^(vitest|jest|mocha|karma|jasmine|ava|uvu|tap|qunit|ember-qunit|cypress|@playwright\/test|@vue\/test-utils|@testing-library\/.+|@web\/test-runner)$/;
/** A framework that serves requests, or renders on a server: such a package is more than a browser UI. */
const SERVER_FRAMEWORK =
  /^(express|fastify|koa|hono|@nestjs\/core|@hapi\/hapi|next|nuxt|@remix-run\/.*|@react-router\/(dev|node)|@sveltejs\/kit|astro|electron|@tauri-apps\/.*|expo|react-native)$/;

/**
 * The report of a test run committed in a test folder (`test/Project TestSummary_Linux.html`, a JUnit XML): the
 * tests exist and run, but outside this repository.
 */
const TEST_RUN_REPORT = /(^|\/)tests?\/(.+\/)?[^/]*(test|report|result|summary|junit)[^/]*\.(html?|xml)$/i;

/** Frameworks of documentation and content sites: pages of prose rendered by a library, little logic of their own. */
const CONTENT_SITE =
  /^(fumadocs-core|fumadocs-ui|fumadocs-mdx|nextra|nextra-theme-docs|@docusaurus\/core|contentlayer2?|velite|@content-collections\/core)$/;
/** Loaders of markdown/MDX content (posts, pages) and SEO helpers: together, a marketing or blog site's stack. */
const MARKDOWN_CONTENT =
  /^(gray-matter|next-mdx-remote|@next\/mdx|mdx-bundler|@mdx-js\/(?:react|loader|mdx))$/;
const SEO_HELPER = /^(next-seo|next-sitemap)$/;
/** Libraries that render e-mail templates: a package built on one is mostly presentational markup. */
const EMAIL_TEMPLATES =
  /^(@react-email\/components|react-email|mjml|mjml-react|@faire\/mjml-react|jsx-email)$/;
/** A schema builder call or an exported type: a line that declares a shape. */
const SCHEMA_DECLARATION = /\b(?:z|yup|v|Joi|t|Type)\.[a-z]\w*\(|^export\s+(?:type|interface)\b/gm;
/** A line that does something: a function, a returned value, an awaited call. */
const LOGIC = /\bawait\s|\bfetch\(|\bfunction\s|=>\s*\{|\breturn\b/g;
/** What an e-mail template package needs besides its template library: React, mail transports, other e-mail helpers. */
const EMAIL_PACKAGE =
  /^(react|react-dom|nodemailer|resend|postmark|@sendgrid\/mail|@aws-sdk\/client-sesv?2?|[\w@/.-]*(e-?mail|mjml)[\w/.-]*)$/;
/** Schema and validation libraries: a package depending on nothing else declares types and schemas. */
const SCHEMA_LIBRARY = /^(zod|yup|valibot|joi|superstruct|arktype|@sinclair\/typebox|io-ts|runtypes)$/;

function inFolder(path: string, folder: string): boolean {
  return folder === "." || path.startsWith(folder + "/");
}

/**
 * Node workspace packages used, directly or through other workspace packages, by an app that a Playwright or
 * Cypress suite drives: folder → the driven app's name. The suite exercises them end to end.
 */
function exercisedEndToEnd(facts: RepoFacts): Map<string, string> {
  const out = new Map<string, string>();
  const packages = (facts.node?.packages ?? []).filter((p) => p.name && !p.isTest);
  const dirOfName = new Map(packages.map((p) => [p.name ?? "", p.dir === "" ? "." : p.dir] as const));
  const uses = new Map<string, string[]>();
  for (const dep of facts.dependencies?.declared ?? []) {
    const target = dep.ecosystem === "npm" ? dirOfName.get(dep.name) : undefined;
    if (!target) continue;
    const user = parentDir(dep.manifest);
    uses.set(user, [...(uses.get(user) ?? []), target]);
  }
  for (const suite of facts.tests?.e2eSuites ?? []) {
    if (suite.testFiles === 0) continue;
    for (const driven of suite.drives) {
      const name = packages.find((p) => (p.dir === "" ? "." : p.dir) === driven)?.name ?? driven;
      const queue = [...(uses.get(driven) ?? [])];
      while (queue.length > 0) {
        const dir = queue.shift() ?? "";
        if (out.has(dir) || dir === driven) continue;
        out.set(dir, name);
        queue.push(...(uses.get(dir) ?? []));
      }
    }
  }
  return out;
}

/**
 * Folders under an app's own folder that hold other packages of its ecosystem: the other apps below it and, for a
 * Node workspace root, its member packages (each with its own package.json).
 */
function nestedPackageDirs(facts: RepoFacts, app: RepoFacts["apps"][number]): string[] {
  const below = (dir: string): boolean => dir !== app.path && dir !== "." && inFolder(dir, app.path);
  const dirs = (facts.apps ?? [])
    .filter((a) => a.ecosystem === app.ecosystem && below(a.path))
    .map((a) => a.path);
  if (app.ecosystem === "node")
    for (const pkg of facts.node?.packages ?? []) if (pkg.dir !== "" && below(pkg.dir)) dirs.push(pkg.dir);
  return dirs;
}

export default defineRule({
  id: "tests/no-tests",
  area: "tests",
  severity: "high",
  title: "Application has no tests",
  effortMinutes: 480,
  confidence: "heuristic",
  options: { minCodeLines: 200, minSiblingCodeLines: 1000, minUiCodeLines: 2000 },
  notes: [
    "Per app (facts.apps): source files of its ecosystem under its folder, and test files anywhere under that folder. Apps below `minCodeLines` lines of code are ignored. Source files under another app of the same ecosystem below it (or, for a Node workspace root, under a member package with its own package.json) are that package's, not counted again for the root.",
    'A Playwright or Cypress suite counts for the application it drives, wherever it lives: the app whose folder holds its config or tests, the app its config or its own package\'s scripts name (a `webServer` command such as `pnpm --filter web dev`, `start-server-and-test "npm run start -w web" …`), or the only runnable app when the suite sits at the root.',
    "package.json manifests that are not applications are not judged: tooling wrappers (no source of their own, only build and lint tools), asset bundles of another ecosystem's application (Phoenix assets/, a Django gulp pipeline) and documentation sites (Docusaurus, VitePress, Storybook).",
    "Rust inline `#[cfg(test)]` modules count as tests. Apps under examples/, samples/, demo/, docs/ and benchmarks/ are skipped.",
    "High when the repository has no tests at all (for its largest app and apps of `minSiblingCodeLines` lines or more; smaller ones medium), or when the untested app is its largest; otherwise medium, and low when other apps of the same ecosystem are tested and this one is below `minSiblingCodeLines` lines of code.",
    "Low for a browser UI below `minUiCodeLines` (2000) lines of code that is not the largest app, beside a tested backend of another ecosystem, when it declares no test runner (vitest, jest, mocha, karma, Playwright, Testing Library …): page glue over a tested API. One that sets up a runner and has no test yet stays medium.",
    "Medium, not high, for the largest app when it is a browser UI (a package declaring a UI framework or bundler and no server framework) and an app of another ecosystem beside it, the backend, is tested; and when the repository has no tests but a test folder holds the report of a test run (`test/… TestSummary.html`, a JUnit XML): the tests live elsewhere. The report and the page assets beside it are not counted as tests.",
    "Low for a Rust crate built as a Rustler NIF (it depends on `rustler`) inside a tested Elixir app: the app's tests exercise it through the module that loads it.",
    "Low for a Node package whose package.json declares no dependencies and no scripts and holds other packages below it (a workspace root beside a Go or Python app: its files are assets served as they are).",
    "Low for a workspace package that an app driven by a Playwright or Cypress suite depends on (directly or through other workspace packages): the suite exercises it end to end. Low for a Go program CI runs as its own pipeline (Dagger, mage): build tooling.",
    "Low, when other parts of the repository are tested, for a Node package that is a documentation or content site (Fumadocs, Nextra, Contentlayer), e-mail templates (React Email, MJML), a marketing site smaller than the largest app (markdown pages loaded with gray-matter/next-mdx-remote/@next/mdx and SEO helpers such as next-seo), or types and schemas (its only dependencies besides workspace packages are schema libraries such as zod): little logic of its own to unit-test.",
    "Low for a package whose code is mostly (four fifths of its lines) translation tables under `locales/`, `i18n/`, `l10n/` or `translations/`: UI strings per language, with no logic to test.",
  ],
  docs: {
    rationale:
      "Without automated tests every change is verified by hand, or not at all. Refactoring becomes risky and regressions are found by users.",
    impact: "Bugs reach production and the team slows down out of fear of breaking things.",
    fix: "Start with tests around the most critical paths (request handlers, domain logic), run them in CI, and grow coverage with each change.",
    example: {
      language: "python",
      bad: "# app/orders.py with 2,000 lines and no tests/ folder",
      good: "# tests/test_orders.py\ndef test_total_includes_tax():\n    assert order_total([10], tax=0.2) == 12",
    },
    examples: [
      {
        language: "go",
        bad: "// orders.go with no orders_test.go",
        good: '// orders_test.go\nfunc TestTotalIncludesTax(t *testing.T) {\n\tif got := OrderTotal([]float64{10}, 0.2); got != 12 {\n\t\tt.Fatalf("got %v, want 12", got)\n\t}\n}',
      },
      {
        language: "typescript",
        bad: "// src/orders.ts with no test file",
        good: "// src/orders.test.ts\nimport { expect, it } from 'vitest';\nit('includes tax', () => expect(orderTotal([10], 0.2)).toBe(12));",
      },
      {
        language: "elixir",
        bad: "# lib/shop/orders.ex with no test/ folder",
        good: '# test/shop/orders_test.exs\ndefmodule Shop.OrdersTest do\n  use ExUnit.Case, async: true\n  test "total includes tax", do: assert(Shop.Orders.total([10], 0.2) == 12)\nend',
      },
    ],
  },
  applies: (facts) =>
    (facts.apps ?? []).length > 0 ? true : { status: "not-applicable", reason: "no application manifest" },
  check({ facts, options, report, readText }) {
    interface Judged {
      app: (typeof facts.apps)[number];
      languages: string[];
      sourceFiles: number;
      codeLines: number;
      /** Lines of code under the app's folder, its member packages' included: what "the largest app" compares. */
      inclusiveLines: number;
      localeLines: number;
      tested: boolean;
    }
    const judged: Judged[] = [];
    // A committed test-run report and the page assets beside it (test/js/runner.js) are not tests.
    const reports = facts.files.filter((f) => TEST_RUN_REPORT.test(f.path)).map((f) => f.path);
    const reportDirs = reports.map((path) => parentDir(path));
    const isRealTest = (f: { path: string; isTest: boolean }): boolean =>
      f.isTest && !reportDirs.some((dir) => inFolder(f.path, dir));
    const realTestLanguages = new Set<string>(facts.files.filter(isRealTest).map((f) => f.language));
    const testedInFact = (ecosystem?: string): boolean =>
      (facts.tests?.byEcosystem ?? []).some(
        (inv) =>
          inv.testFiles > 0 &&
          (ecosystem === undefined || inv.ecosystem === ecosystem) &&
          (reports.length === 0 ||
            (ECOSYSTEM_LANGUAGES[inv.ecosystem] ?? []).some((l) => realTestLanguages.has(l))),
      );
    for (const app of facts.apps) {
      const languages = ECOSYSTEM_LANGUAGES[app.ecosystem];
      if (!languages || isExamplePath(`${app.path}/`)) continue;
      const files = facts.files.filter((f) => languages.includes(f.language) && inFolder(f.path, app.path));
      // A workspace root's folder holds its member packages: their files are theirs (judged on their own), not the root's.
      const nested = nestedPackageDirs(facts, app);
      const source = files.filter((f) => !f.isTest && !nested.some((dir) => inFolder(f.path, dir)));
      const sourceLines = (list: typeof source): number => list.reduce((n, f) => n + f.lines.code, 0);
      const inclusiveLines = sourceLines(files.filter((f) => !f.isTest));
      const tested =
        files.some(isRealTest) ||
        (app.ecosystem === "rust" && source.some((f) => /#\[cfg\(test\)\]/.test(readText(f.path) ?? ""))) ||
        (facts.tests?.e2eSuites ?? []).some((s) => s.testFiles > 0 && s.drives.includes(app.path));
      judged.push({
        app,
        languages,
        sourceFiles: source.length,
        codeLines: sourceLines(source),
        inclusiveLines,
        localeLines: source.filter((f) => LOCALE_FOLDER.test(f.path)).reduce((n, f) => n + f.lines.code, 0),
        tested,
      });
    }
    const anyTests = judged.some((j) => j.tested) || testedInFact();
    const dependenciesOf = (app: (typeof facts.apps)[number]): string[] =>
      (facts.dependencies?.declared ?? []).filter((d) => d.manifest === app.manifest).map((d) => d.name);
    const isBrowserUi = (app: (typeof facts.apps)[number]): boolean => {
      if (app.ecosystem !== "node") return false;
      const names = dependenciesOf(app);
      return (
        names.some((name) => BROWSER_UI.test(name)) && !names.some((name) => SERVER_FRAMEWORK.test(name))
      );
    };
    // A tested app of another ecosystem that holds the folder of a Rust crate built as its native extension.
    const nifHost = (app: (typeof facts.apps)[number]) =>
      app.ecosystem === "rust" && dependenciesOf(app).includes("rustler")
        ? judged.find((j) => j.app.ecosystem === "elixir" && j.tested && inFolder(app.path, j.app.path))?.app
        : undefined;
    const workspaceNames = new Set((facts.node?.packages ?? []).map((p) => p.name).filter(Boolean));
    /** What a Node package is made of when it holds little logic to unit-test: content pages, e-mail templates, schemas. */
    const presentational = (app: (typeof facts.apps)[number]): string | undefined => {
      if (app.ecosystem !== "node") return undefined;
      const names = dependenciesOf(app);
      const site = names.find((name) => CONTENT_SITE.test(name));
      if (site) return `a documentation or content site built with ${site}`;
      // What it needs at run time: its dependencies less development tools and the workspace's own packages.
      const runtime = (facts.dependencies?.declared ?? [])
        .filter((d) => d.manifest === app.manifest && !d.dev)
        .map((d) => d.name)
        .filter((name) => !workspaceNames.has(name) && !name.startsWith("@types/"));
      // Templates when every other dependency renders or sends mail (an app that also sends mail has more).
      const email = names.find((name) => EMAIL_TEMPLATES.test(name));
      if (email && runtime.every((name) => EMAIL_PACKAGE.test(name) || SCHEMA_LIBRARY.test(name)))
        return `e-mail templates rendered with ${email}`;
      if (runtime.length > 0 && runtime.every((name) => SCHEMA_LIBRARY.test(name))) {
        // Declarations (schema builder calls, exported types) outnumber logic (functions, returns, awaits) four to one.
        let declarations = 0;
        let logic = 0;
        for (const file of facts.files)
          if (
            !file.isTest &&
            inFolder(file.path, app.path) &&
            ECOSYSTEM_LANGUAGES.node?.includes(file.language)
          ) {
            const text = readText(file.path) ?? "";
            declarations += (text.match(SCHEMA_DECLARATION) ?? []).length;
            logic += (text.match(LOGIC) ?? []).length;
          }
        if (declarations > 0 && declarations >= 4 * logic)
          return `types and schemas (${declarations} schema or type declarations, ${logic} lines of logic; it depends on ${runtime.join(", ")} alone)`;
      }
      return undefined;
    };
    /** A site of markdown pages with SEO helpers beside a larger app: the product's marketing site or blog. */
    const marketingSite = (app: (typeof facts.apps)[number]): string | undefined => {
      if (app.ecosystem !== "node") return undefined;
      const names = dependenciesOf(app);
      const markdown = names.find((name) => MARKDOWN_CONTENT.test(name));
      const seo = names.find((name) => SEO_HELPER.test(name));
      return markdown && seo
        ? `a marketing or content site (markdown pages with ${markdown}, SEO with ${seo}) beside a larger app`
        : undefined;
    };
    /**
     * A package.json that declares no dependencies and no scripts (`{"name": "x", "private": true, "packageManager":
     * …}`): a workspace root or a marker, so nothing builds or runs the files under it as a Node package; they are
     * assets served as they are (a Go or Python app's `public/js/`) or scripts of other tools.
     */
    const bareManifest = (app: (typeof facts.apps)[number]): boolean => {
      if (app.ecosystem !== "node") return false;
      const packages = facts.node?.packages ?? [];
      const pkg = packages.find((p) => p.manifest === app.manifest);
      if (!pkg || pkg.scripts.length > 0 || dependenciesOf(app).length > 0) return false;
      // A root over other packages (`web/package.json` under it), not a leaf package written without a manifest's
      // details.
      const dir = app.manifest.includes("/") ? app.manifest.slice(0, app.manifest.lastIndexOf("/")) : ".";
      return packages.some((p) => p.manifest !== app.manifest && inFolder(p.manifest, dir));
    };
    const pipelines = (facts.ci?.pipelinePrograms ?? []).filter((dir) => dir !== ".");
    const endToEnd = exercisedEndToEnd(facts);
    const largest = Math.max(0, ...judged.map((j) => j.inclusiveLines));
    for (const { app, languages, sourceFiles, codeLines, inclusiveLines, localeLines, tested } of judged) {
      if (tested || codeLines < Number(options.minCodeLines)) continue;
      // Tests elsewhere in the same ecosystem: the team tests, this package was left out.
      const ecosystemTested =
        judged.some((j) => j.app.ecosystem === app.ecosystem && j.tested) || testedInFact(app.ecosystem);
      // The largest app is a browser UI and an app of another ecosystem (the backend it talks to) is tested.
      const testedBackend = isBrowserUi(app)
        ? judged.find((j) => j.tested && j.app.ecosystem !== app.ecosystem)?.app
        : undefined;
      const nif = nifHost(app);
      // Build tooling CI runs as its pipeline, and a workspace package an e2e-tested app uses, are hygiene.
      const pipeline = pipelines.some((dir) => inFolder(app.path, dir) || app.path === dir);
      const viaApp = endToEnd.get(app.path);
      const translations = localeLines >= 0.8 * codeLines;
      const runReport = !anyTests ? reports[0] : undefined;
      // Content pages, e-mail templates and schemas beside tested code: little logic of their own to unit-test.
      const content = anyTests
        ? (presentational(app) ?? (inclusiveLines < largest ? marketingSite(app) : undefined))
        : undefined;
      const bare = bareManifest(app);
      // A small browser UI beside the tested backend it talks to, with no test runner set up: page glue over a tested
      // API. One that sets up a runner and has no test yet is still medium (the team meant to test it).
      const smallUi =
        testedBackend !== undefined &&
        inclusiveLines < largest &&
        codeLines < Number(options.minUiCodeLines) &&
        !dependenciesOf(app).some((name) => TEST_RUNNER.test(name));
      const severity =
        pipeline || viaApp || translations || nif || content || bare
          ? "low"
          : smallUi
            ? "low"
            : (!anyTests &&
                  !runReport &&
                  (inclusiveLines === largest || codeLines >= Number(options.minSiblingCodeLines))) ||
                (inclusiveLines === largest && anyTests && !testedBackend)
              ? "high"
              : !ecosystemTested || codeLines >= Number(options.minSiblingCodeLines)
                ? "medium"
                : "low";
      const why = pipeline
        ? "; it is the pipeline program CI runs (build tooling)"
        : bare
          ? `; ${app.manifest} declares no dependencies and no scripts (a workspace root): nothing builds the files under it as a Node package`
          : nif
            ? `; it is a native extension (Rustler NIF) of the ${nif.ecosystem} app ${nif.name}, whose tests exercise it`
            : runReport
              ? `; ${runReport} is the report of a test run: the tests live outside this repository`
              : smallUi && testedBackend
                ? `; it is a small browser UI beside the tested ${testedBackend.ecosystem} app ${testedBackend.name}, and sets up no test runner`
                : testedBackend
                  ? `; it is a browser UI, and the ${testedBackend.ecosystem} app ${testedBackend.name} beside it is tested`
                  : translations
                    ? `; ${localeLines} of its ${codeLines} lines are translation tables`
                    : content
                      ? `; it is ${content}, beside tested code`
                      : viaApp
                        ? `; it runs inside ${viaApp}, which an end-to-end suite drives`
                        : anyTests
                          ? "; other parts of the repository are tested"
                          : "";
      report({
        severity,
        message: `${app.ecosystem} app ${app.name} (${app.manifest}) has ${sourceFiles} source files (${codeLines} lines of code) and no test files${why}`,
        key: `${app.ecosystem}:${app.path}`,
        snippet: `${app.manifest}: ${sourceFiles} source files, 0 test files`,
        searched: `test files (test/, tests/, *_test.*, test_*.py, *.test.*, *.spec.*) of ${languages.join("/")} under ${app.path === "." ? "the repository root" : app.path + "/"}, and Playwright/Cypress suites that drive it`,
      });
    }
  },
});
