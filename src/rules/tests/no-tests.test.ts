import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const body = (n: number): string =>
  Array.from({ length: n }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`).join("\n");

describe("tests/no-tests", () => {
  it("fires for a Python app with code and no tests", async () => {
    const findings = await findingsOf("tests/no-tests", {
      "pyproject.toml": '[project]\nname = "svc"\n',
      "svc/core.py": body(120),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toBeNull();
    expect(findings[0]?.evidence.searched).toContain("python");
  });

  it("stays silent with one test file, for small apps, and per app in a monorepo", async () => {
    expect(
      await findingsOf("tests/no-tests", {
        "pyproject.toml": '[project]\nname = "svc"\n',
        "svc/core.py": body(120),
        "tests/test_core.py": "def test_x():\n    assert True\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("tests/no-tests", {
        "pyproject.toml": '[project]\nname = "svc"\n',
        "svc/core.py": body(5),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("tests/no-tests", {
        "examples/demo/pyproject.toml": '[project]\nname = "demo"\n',
        "examples/demo/demo.py": body(120),
      }),
    ).toEqual([]);
    const mono = await findingsOf("tests/no-tests", {
      "api/go.mod": "module x/api\n",
      "api/main.go":
        "package main\n" + Array.from({ length: 210 }, (_, i) => `var v${i} = ${i}`).join("\n") + "\n",
      "api/main_test.go": "package main\n",
      "web/package.json": '{"name":"web"}',
      "web/src/app.ts": Array.from({ length: 210 }, (_, i) => `export const v${i} = ${i};`).join("\n") + "\n",
    });
    expect(mono.map((f) => f.message)).toEqual([expect.stringContaining("node app web")]);
  });
});

const jsLines = (n: number, prefix = "v"): string =>
  Array.from({ length: n }, (_, i) => `export const ${prefix}${i} = ${i};`).join("\n") + "\n";
const json = (value: unknown): string => JSON.stringify(value, null, 2);

describe("tests/no-tests: package.json manifests that are not applications", () => {
  it("skips the asset bundle of a Phoenix or Django app and a tooling-only wrapper, not a SPA of its own", async () => {
    const phoenix = await findingsOf("tests/no-tests", {
      "mix.exs":
        'defmodule Bors.MixProject do\n  def project, do: [app: :bors, deps: [{:phoenix, "~> 1.7"}]]\nend\n',
      "lib/bors.ex": "defmodule Bors do\nend\n",
      "test/bors_test.exs": "defmodule BorsTest do\n  use ExUnit.Case\nend\n",
      "package.json": json({
        name: "bors-assets",
        scripts: { deploy: "cd assets && webpack --mode production" },
      }),
      "assets/package.json": json({
        dependencies: { phoenix: "file:../deps/phoenix", phoenix_html: "file:../deps/phoenix_html" },
        devDependencies: { webpack: "^5.0.0", "webpack-cli": "^5.0.0" },
      }),
      "assets/js/app.js": jsLines(300),
    });
    expect(phoenix).toEqual([]);
    const django = await findingsOf("tests/no-tests", {
      "requirements.txt": "django==5.0\n",
      "manage.py": "import django\n",
      "package.json": json({
        name: "baby",
        devDependencies: { gulp: "^5.0.0", "gulp-sass": "^6.0.0", jquery: "^3.7.0" },
      }),
      "gulpfile.js": "const gulp = require('gulp');\n",
      "core/static_src/js/app.js": jsLines(300),
    });
    expect(django).toEqual([]);
    const spa = await findingsOf("tests/no-tests", {
      "go.mod": "module example.com/app\n",
      "main.go": "package main\n",
      "main_test.go": "package main\n",
      "ui/package.json": json({ name: "admin-ui", devDependencies: { vite: "^5.0.0" } }),
      "ui/src/main.js": jsLines(300),
    });
    // The largest app, but a browser UI beside a tested backend: medium (see below).
    expect(spa.map((f) => [f.message.split(" (")[0], f.severity])).toEqual([["node app admin-ui", "medium"]]);
  });

  it("skips documentation sites and Storybook catalogues, not an application of the same size", async () => {
    const docs = await findingsOf("tests/no-tests", {
      "dev-docs/package.json": json({
        name: "docs",
        dependencies: { "@docusaurus/core": "^3.0.0", react: "^18.0.0" },
      }),
      "dev-docs/src/components/Home.tsx": jsLines(300),
      "storybook/package.json": json({
        name: "storybook",
        scripts: { storybook: "storybook dev -p 6006", "build-storybook": "storybook build" },
        devDependencies: { storybook: "^8.0.0", "@storybook/react-vite": "^8.0.0" },
      }),
      "storybook/src/App.tsx": jsLines(300),
    });
    expect(docs).toEqual([]);
    const app = await findingsOf("tests/no-tests", {
      "web/package.json": json({
        name: "web",
        dependencies: { react: "^18.0.0" },
        devDependencies: { storybook: "^8.0.0" },
        scripts: { dev: "vite", storybook: "storybook dev" },
      }),
      "web/src/App.tsx": jsLines(300),
    });
    expect(app).toHaveLength(1);
  });

  it("does not take a module named setup.py for a Python package manifest", async () => {
    const findings = await findingsOf("tests/no-tests", {
      "pyproject.toml": '[project]\nname = "svc"\n',
      "svc/core.py": body(20),
      "tests/test_core.py": "def test_x():\n    assert True\n",
      "svc/handlers/setup.py":
        "from flask import request\n\ndef setup():\n    return request.form\n" + body(120),
    });
    expect(findings).toEqual([]);
  });
});

describe("tests/no-tests: end-to-end suites and tested siblings", () => {
  const monorepo = (webServer: string) => ({
    "package.json": json({
      name: "root",
      private: true,
      workspaces: ["apps/*"],
      devDependencies: { "@playwright/test": "^1.40.0" },
    }),
    "playwright.config.ts": `export default { testDir: "./e2e", webServer: { command: "${webServer}" } };\n`,
    "e2e/login.spec.ts": "import { test } from '@playwright/test';\ntest('login', async () => {});\n",
    "apps/web/package.json": json({
      name: "@acme/web",
      scripts: { dev: "next dev" },
      dependencies: { next: "^14.0.0" },
    }),
    "apps/web/src/page.tsx": jsLines(300),
    "apps/admin/package.json": json({
      name: "@acme/admin",
      scripts: { dev: "vite" },
      dependencies: { vite: "^5.0.0" },
    }),
    "apps/admin/src/main.tsx": jsLines(300),
  });

  it("counts a root Playwright suite as the tests of the app its web server starts", async () => {
    const findings = await findingsOf("tests/no-tests", monorepo("pnpm --filter @acme/web dev"));
    expect(findings.map((f) => f.message.split(" (")[0])).toEqual(["node app @acme/admin"]);
  });

  it("counts a suite in its own package as the tests of the app its package scripts start", async () => {
    const files = {
      "package.json": json({ name: "root", private: true, workspaces: ["apps/*", "packages/*"] }),
      "packages/app-tests/package.json": json({
        name: "@acme/app-tests",
        scripts: {
          "test:e2e":
            'start-server-and-test "npm run start -w @acme/web" http://localhost:3000 "playwright test"',
        },
        devDependencies: { "@playwright/test": "^1.40.0" },
      }),
      "packages/app-tests/playwright.config.ts": 'export default { testDir: "./e2e" };\n',
      "packages/app-tests/e2e/login.spec.ts":
        "import { test } from '@playwright/test';\ntest('login', async () => {});\n",
      "apps/web/package.json": json({
        name: "@acme/web",
        scripts: { start: "next start" },
        dependencies: { next: "^14.0.0" },
      }),
      "apps/web/src/page.tsx": jsLines(300),
      "apps/admin/package.json": json({
        name: "@acme/admin",
        scripts: { dev: "vite" },
        dependencies: { vite: "^5.0.0" },
      }),
      "apps/admin/src/main.tsx": jsLines(300),
    };
    const findings = await findingsOf("tests/no-tests", files);
    expect(findings.map((f) => f.message.split(" (")[0])).toEqual(["node app @acme/admin"]);
  });

  it("lowers an untested package to medium when it is not the largest and the repository has tests, and to low when it is small", async () => {
    const findings = await findingsOf("tests/no-tests", {
      "packages/core/package.json": json({ name: "core" }),
      "packages/core/src/index.ts": jsLines(1500),
      "packages/core/src/index.test.ts": "import { it } from 'vitest';\nit('x', () => {});\n",
      "packages/data/package.json": json({ name: "data" }),
      "packages/data/src/index.ts": jsLines(1200),
      "packages/util/package.json": json({ name: "util" }),
      "packages/util/src/index.ts": jsLines(300),
    });
    expect(findings.map((f) => [f.message.split(" (")[0], f.severity])).toEqual([
      ["node app data", "medium"],
      ["node app util", "low"],
    ]);
  });

  it("rates low a content site, e-mail templates and a schema package beside tested code, not a package with logic", async () => {
    const findings = await findingsOf("tests/no-tests", {
      "packages/core/package.json": json({ name: "core" }),
      "packages/core/src/index.ts": jsLines(3000),
      "packages/core/src/index.test.ts": "import { it } from 'vitest';\nit('x', () => {});\n",
      "apps/site/package.json": json({ name: "site", dependencies: { next: "15", "fumadocs-ui": "15" } }),
      "apps/site/src/page.ts": jsLines(1500),
      "packages/email/package.json": json({
        name: "email",
        dependencies: { "@react-email/components": "0.1", nodemailer: "6", core: "*" },
      }),
      "packages/email/src/index.ts": jsLines(1200),
      "packages/validation/package.json": json({
        name: "validation",
        dependencies: { zod: "3", core: "*" },
        devDependencies: { typescript: "5", prisma: "5" },
      }),
      "packages/validation/src/index.ts": Array.from(
        { length: 1400 },
        (_, i) => `export const s${i} = z.object({ id: z.string(), n: z.number() });`,
      ).join("\n"),
      // Near miss: a package that depends on zod alone but holds logic (it sends notifications).
      "packages/notify/package.json": json({ name: "notify", dependencies: { zod: "3" } }),
      "packages/notify/src/index.ts": Array.from(
        { length: 400 },
        (_, i) => `export async function send${i}(url: string) {\n  return await fetch(url);\n}`,
      ).join("\n"),
      // Near misses: a package with a runtime dependency beyond its schemas holds logic, and so does a server
      // that also renders its e-mails.
      "packages/trpc/package.json": json({ name: "trpc", dependencies: { zod: "3", "@trpc/server": "11" } }),
      "packages/trpc/src/index.ts": jsLines(1300),
      "packages/server/package.json": json({
        name: "server",
        dependencies: { "@react-email/components": "0.1", hono: "4", zod: "3" },
      }),
      "packages/server/src/index.ts": jsLines(1100),
    });
    expect(findings.map((f) => [f.message.split(" (")[0], f.severity]).sort()).toEqual([
      ["node app email", "low"],
      ["node app notify", "medium"],
      ["node app server", "medium"],
      ["node app site", "low"],
      ["node app trpc", "medium"],
      ["node app validation", "low"],
    ]);
  });

  it("rates low a marketing site of markdown pages with SEO helpers beside a larger tested app, not the largest app", async () => {
    const marketing = { next: "16", "gray-matter": "4", "next-mdx-remote": "6", "next-seo": "6" };
    const findings = await findingsOf("tests/no-tests", {
      "apps/web/package.json": json({ name: "web", dependencies: { next: "16" } }),
      "apps/web/src/index.ts": jsLines(3000),
      "apps/web/src/index.test.ts": "import { it } from 'vitest';\nit('x', () => {});\n",
      "apps/landing/package.json": json({ name: "landing", dependencies: marketing }),
      "apps/landing/src/page.ts": jsLines(1500),
      // Near misses: markdown pages without SEO helpers, and the largest app having the same stack.
      "apps/notes/package.json": json({ name: "notes", dependencies: { next: "16", "gray-matter": "4" } }),
      "apps/notes/src/page.ts": jsLines(1200),
      "apps/portal/package.json": json({ name: "portal", dependencies: marketing }),
      "apps/portal/src/page.ts": jsLines(4000),
    });
    expect(findings.map((f) => [f.message.split(" (")[0], f.severity]).sort()).toEqual([
      ["node app landing", "low"],
      ["node app notes", "medium"],
      ["node app portal", "high"],
    ]);
  });

  it("rates low a workspace package that an e2e-driven app uses, not one that app does not use", async () => {
    const files = {
      "package.json": json({ name: "root", private: true, workspaces: ["apps/*", "packages/*"] }),
      "playwright.config.ts":
        'export default { testDir: "./e2e", webServer: { command: "npm run dev -w @acme/web" } };\n',
      "e2e/login.spec.ts": "import { test } from '@playwright/test';\ntest('login', async () => {});\n",
      "apps/web/package.json": json({
        name: "@acme/web",
        scripts: { dev: "next dev" },
        dependencies: { next: "^14.0.0", "@acme/api": "*" },
      }),
      "apps/web/src/page.tsx": jsLines(3000),
      "packages/api/package.json": json({ name: "@acme/api", dependencies: { "@acme/db": "*" } }),
      "packages/api/src/router.ts": jsLines(1500),
      "packages/db/package.json": json({ name: "@acme/db" }),
      "packages/db/src/client.ts": jsLines(1200),
      "packages/jobs/package.json": json({ name: "@acme/jobs", scripts: { start: "node dist/index.js" } }),
      "packages/jobs/src/index.ts": jsLines(1100),
    };
    const findings = await findingsOf("tests/no-tests", files);
    expect(findings.map((f) => [f.message.split(" (")[0], f.severity]).sort()).toEqual([
      ["node app @acme/api", "low"],
      ["node app @acme/db", "low"],
      ["node app @acme/jobs", "medium"],
    ]);
    expect(findings.find((f) => f.message.includes("@acme/db"))?.message).toContain(
      "it runs inside @acme/web, which an end-to-end suite drives",
    );
  });

  it("rates low a Go program CI runs as its pipeline (Dagger, mage), not the Go app itself", async () => {
    const goLines = (n: number): string =>
      `package main\n\n${Array.from({ length: n }, (_, i) => `func f${i}() int { return ${i} }`).join("\n")}\n`;
    const files = {
      "mix.exs": "defmodule App.MixProject do\n  use Mix.Project\nend\n",
      "lib/app.ex": "defmodule App do\nend\n",
      "test/app_test.exs": "defmodule AppTest do\nend\n",
      "ci/go.mod": "module example.com/app/ci\n\ngo 1.22\n",
      "ci/main.go": `import "dagger.io/dagger"\n${goLines(250)}`,
      "ci/test.go": 'package main\nfunc t() { c.WithExec([]string{"mix", "test"}) }\n',
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  ci:\n    runs-on: x\n    steps:\n      - run: go run ./ci\n",
    };
    const findings = await findingsOf("tests/no-tests", files);
    expect(findings.map((f) => [f.message.split(" (")[0], f.severity])).toEqual([
      ["go app example.com/app/ci", "low"],
    ]);
    // Near miss: the same Go module, not run by CI, is an app of its own.
    const { ".github/workflows/ci.yml": _ci, ...notRun } = files;
    const alone = await findingsOf("tests/no-tests", notRun);
    expect(alone.map((f) => f.severity)).toEqual(["high"]);
  });
});

describe("tests/no-tests: Ember apps and translation packages", () => {
  const elixirApp = {
    "mix.exs":
      'defmodule Acc.MixProject do\n  def project, do: [app: :acc, deps: [{:phoenix, "~> 1.7"}]]\nend\n',
    "lib/acc.ex": "defmodule Acc do\nend\n",
    "test/acc_test.exs": "defmodule AccTest do\n  use ExUnit.Case\nend\n",
  };

  it("judges an Ember app on its own, not the lint wrapper at the root that holds it", async () => {
    const findings = await findingsOf("tests/no-tests", {
      ...elixirApp,
      "package.json": json({
        name: "acc",
        devDependencies: { eslint: "8.57.1", "ember-template-lint": "5.13.0", prettier: "3.3.3" },
      }),
      ".eslintrc.js": "module.exports = {};\n",
      "webapp/package.json": json({
        name: "acc-webapp",
        devDependencies: {
          "ember-cli": "^5.0.0",
          "ember-source": "^5.0.0",
          webpack: "^5.0.0",
          sass: "^1.0.0",
        },
      }),
      "webapp/app/app.js": jsLines(300),
    });
    expect(findings.map((f) => f.message.split(" (")[0])).toEqual(["node app acc-webapp"]);
  });

  it("keeps a package of translation tables low, not a package with logic of the same size", async () => {
    const locales = Object.fromEntries(
      ["en", "de", "fr", "pt"].map((lang) => [
        `packages/phrases/src/locales/${lang}/index.ts`,
        jsLines(300, lang),
      ]),
    );
    const files = {
      "package.json": json({ name: "root", private: true, workspaces: ["packages/*"] }),
      "packages/core/package.json": json({ name: "core", dependencies: { koa: "^2.0.0" } }),
      "packages/core/src/index.ts": jsLines(1500),
      "packages/core/src/index.test.ts": "it('works', () => {});\n",
      "packages/phrases/package.json": json({ name: "phrases" }),
      "packages/phrases/src/index.ts": jsLines(20, "x"),
    };
    const phrases = await findingsOf("tests/no-tests", { ...files, ...locales });
    expect(phrases.map((f) => [f.message.split(" (")[0], f.severity])).toEqual([["node app phrases", "low"]]);
    const renamed = Object.fromEntries(
      Object.entries(locales).map(([path, text]) => [path.replace("/locales/", "/handlers/"), text]),
    );
    const logic = await findingsOf("tests/no-tests", { ...files, ...renamed });
    expect(logic.map((f) => [f.message.split(" (")[0], f.severity])).toEqual([
      ["node app phrases", "medium"],
    ]);
  });
});

describe("tests/no-tests: a UI beside a tested backend, tests kept elsewhere, native extensions", () => {
  const elixirApp = {
    "mix.exs":
      'defmodule Acc.MixProject do\n  def project, do: [app: :acc, deps: [{:phoenix, "~> 1.7"}]]\nend\n',
    "lib/acc.ex": "defmodule Acc do\nend\n",
    "test/acc_test.exs": "defmodule AccTest do\n  use ExUnit.Case\nend\n",
  };

  it("rates medium the largest app when it is a browser UI and the backend beside it is tested", async () => {
    const ui = await findingsOf("tests/no-tests", {
      ...elixirApp,
      "webapp/package.json": json({
        name: "acc-webapp",
        devDependencies: { "ember-cli": "^5.0.0", "ember-source": "^5.0.0" },
      }),
      "webapp/app/app.js": jsLines(1500),
    });
    expect(ui.map((f) => [f.severity, f.message.split("; ")[1]])).toEqual([
      ["medium", "it is a browser UI, and the elixir app acc beside it is tested"],
    ]);
    // The near-miss: an untested backend beside a tested UI is the largest gap, high.
    const backend = await findingsOf("tests/no-tests", {
      "go.mod": "module example.com/app\n",
      "server/main.go": `package main\n\n${"var x = 1\n".repeat(1500)}`,
      "ui/package.json": json({ name: "app-ui", devDependencies: { vue: "^3.0.0", vitest: "^1.0.0" } }),
      "ui/src/main.js": jsLines(300),
      "ui/src/main.test.js": "it('works', () => {});\n",
    });
    expect(backend.map((f) => [f.message.split(" (")[0], f.severity])).toEqual([
      ["go app example.com/app", "high"],
    ]);
  });

  it("rates low a small browser UI beside a larger tested backend when it sets up no test runner; medium when it has one", async () => {
    const goBackend = {
      "go.mod": "module example.com/app\n",
      "server/main.go": `package main\n\n${"var x = 1\n".repeat(3000)}`,
      "server/main_test.go": "package main\n",
    };
    const glue = await findingsOf("tests/no-tests", {
      ...goBackend,
      "package.json": json({ name: "app-ui", devDependencies: { vite: "^5.0.0" } }),
      "public/ts/editor.ts": jsLines(1500),
    });
    expect(glue.map((f) => [f.severity, f.message.split("; ")[1]])).toEqual([
      [
        "low",
        "it is a small browser UI beside the tested go app example.com/app, and sets up no test runner",
      ],
    ]);
    const runner = await findingsOf("tests/no-tests", {
      ...goBackend,
      "webapp/package.json": json({ name: "app-web", devDependencies: { vue: "^3.0.0", vitest: "^1.0.0" } }),
      "webapp/src/main.ts": jsLines(600),
    });
    expect(runner.map((f) => f.severity)).toEqual(["medium"]);
    const large = await findingsOf("tests/no-tests", {
      ...goBackend,
      "package.json": json({ name: "app-ui", devDependencies: { vite: "^5.0.0" } }),
      "public/ts/editor.ts": jsLines(2500),
    });
    expect(large.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("rates a small app high only when it is the largest of a repository with no tests", async () => {
    const findings = await findingsOf("tests/no-tests", {
      "apps/api/package.json": json({ name: "api", dependencies: { fastify: "^4.0.0" } }),
      "apps/api/src/index.ts": jsLines(4000),
      "apps/landing/package.json": json({ name: "landing", dependencies: { next: "^14.0.0" } }),
      "apps/landing/src/page.tsx": jsLines(470, "p"),
      "apps/client/package.json": json({ name: "client", dependencies: { next: "^14.0.0" } }),
      "apps/client/src/app.tsx": jsLines(1200, "c"),
    });
    expect(findings.map((f) => [f.message.split(" (")[0], f.severity]).sort()).toEqual([
      ["node app api", "high"],
      ["node app client", "high"],
      ["node app landing", "medium"],
    ]);
  });

  it("rates medium an app whose test folder holds only the report of a test run", async () => {
    const body = Array.from({ length: 300 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`).join("\n");
    const app = { "pyproject.toml": '[project]\nname = "books"\n', "books/core.py": body };
    const report = await findingsOf("tests/no-tests", {
      ...app,
      "test/Books TestSummary_Linux.html": "<html><body>Passed 900</body></html>\n",
      "test/js/runner.js": "function toggle(id) { document.getElementById(id).hidden ^= true; }\n",
    });
    expect(report.map((f) => [f.severity, f.message.split("; ")[1]])).toEqual([
      [
        "medium",
        "test/Books TestSummary_Linux.html is the report of a test run: the tests live outside this repository",
      ],
    ]);
    const none = await findingsOf("tests/no-tests", app);
    expect(none.map((f) => [f.severity, f.message.includes(";")])).toEqual([["high", false]]);
  });

  it("rates low a Rustler crate under a tested Elixir app, not a Rust crate of its own", async () => {
    const crate = (deps: string) => ({
      "native/vt/Cargo.toml": `[package]\nname = "vt"\nversion = "0.1.0"\n\n[dependencies]\n${deps}`,
      "native/vt/src/lib.rs": `${"pub fn f() -> u32 { 1 }\n".repeat(300)}`,
    });
    const nif = await findingsOf("tests/no-tests", { ...elixirApp, ...crate('rustler = "0.37.0"\n') });
    expect(nif.map((f) => [f.severity, f.message.split("; ")[1]])).toEqual([
      ["low", "it is a native extension (Rustler NIF) of the elixir app acc, whose tests exercise it"],
    ]);
    const tool = await findingsOf("tests/no-tests", { ...elixirApp, ...crate('serde = "1"\n') });
    expect(tool.map((f) => f.severity)).toEqual(["high"]);
  });

  it("is low for a package.json with no dependencies and no scripts over other packages (a workspace root over served assets)", async () => {
    const script = Array.from({ length: 200 }, (_, i) => `function f${i}(x) {\n  return x + ${i};\n}\n`).join(
      "\n",
    );
    const goApp = {
      "go.mod": "module x/app\n",
      "main.go": "package main\n\nfunc main() {}\n",
      "main_test.go": 'package main\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n',
      "public/js/app.js": script,
      "web/package.json": '{ "name": "web", "dependencies": { "react": "^18.0.0" } }\n',
    };
    const bare = await findingsOf("tests/no-tests", {
      ...goApp,
      "package.json": '{\n  "name": "app",\n  "private": true,\n  "packageManager": "pnpm@9.0.0"\n}\n',
    });
    const built = await findingsOf("tests/no-tests", {
      ...goApp,
      "package.json":
        '{\n  "name": "app",\n  "scripts": { "build": "esbuild public/js/app.js" },\n  "dependencies": { "jquery": "^3.7.1" }\n}\n',
    });
    expect(bare.map((f) => f.severity)).toEqual(["low"]);
    expect(bare[0]?.message).toContain("declares no dependencies and no scripts");
    expect(built.map((f) => f.severity)).not.toEqual(["low"]);
    expect(built).toHaveLength(1);
  });
});

describe("tests/no-tests: a workspace root and its member packages", () => {
  it("does not report the root again for the files of its member packages, but still reports code of its own", async () => {
    const members = {
      "apps/mail/package.json": json({ name: "@x/mail", dependencies: { next: "^15.0.0" } }),
      "apps/mail/src/app.ts": jsLines(400),
      "apps/server/package.json": json({ name: "@x/server", dependencies: { hono: "^4.0.0" } }),
      "apps/server/src/index.ts": jsLines(300),
      "packages/db/package.json": json({ name: "@x/db", dependencies: { "drizzle-orm": "^0.40.0" } }),
      "packages/db/src/schema.ts": jsLines(150),
    };
    const root = json({
      name: "x",
      private: true,
      workspaces: ["apps/*", "packages/*"],
      scripts: { build: "turbo run build" },
      devDependencies: { turbo: "^2.0.0" },
    });
    const findings = await findingsOf("tests/no-tests", { "package.json": root, ...members });
    expect(findings.map((f) => f.message.split(" (")[0]).sort()).toEqual([
      "node app @x/mail",
      "node app @x/server",
    ]);
    // Code of the root's own (a src/ beside the workspaces) is still the root's.
    const own = await findingsOf("tests/no-tests", {
      "package.json": root,
      ...members,
      "src/cli.ts": jsLines(250),
    });
    expect(own.map((f) => f.message.split(" source files")[0]).sort()).toEqual([
      "node app @x/mail (apps/mail/package.json) has 1",
      "node app @x/server (apps/server/package.json) has 1",
      "node app x (package.json) has 1",
    ]);
  });

  it("counts test files in a unittests/ folder (mocha's spec folder named so), not a folder named otherwise", async () => {
    const app = (testPath: string): Record<string, string> => ({
      "package.json": JSON.stringify({ name: "maps", scripts: { test: "mocha" } }),
      ".mocharc.json": JSON.stringify({ file: "static/js/unittests/setup.js" }),
      ...Object.fromEntries(
        Array.from({ length: 12 }, (_, i) => [
          `static/js/modules/m${i}.js`,
          Array.from({ length: 30 }, (_, j) => `export function f${j}(x) { return x + ${i * j}; }`).join(
            "\n",
          ),
        ]),
      ),
      [testPath]:
        "import { f1 } from '../modules/m1.js';\ndescribe('m1', () => { it('adds', () => {}); });\n",
    });
    expect(await findingsOf("tests/no-tests", app("static/js/unittests/m1.js"))).toEqual([]);
    expect(await findingsOf("tests/no-tests", app("static/js/checks/m1.js"))).toHaveLength(1);
  });
});
