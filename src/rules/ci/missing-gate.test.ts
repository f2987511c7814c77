import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const wf = (steps: string[]): string =>
  [
    "on: [push, pull_request]",
    "jobs:",
    "  ci:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    ...steps.map((s) => `      - run: ${s}`),
    "",
  ].join("\n");

const summary = (findings: Array<{ severity: string; message: string }>): string[] =>
  findings.map((f) => `${f.severity} ${f.message.replace(/ \(.*$|;.*$/, "")}`).sort();

const goModule = {
  "go.mod": "module example.com/svc\n\ngo 1.22\n",
  "main.go": "package main\n\nfunc main() {}\n",
  "main_test.go": "package main\n",
};

describe("ci/missing-gate", () => {
  it("reports each gate missing for a Go module, naming the app and what was searched", async () => {
    const findings = await findingsOf("ci/missing-gate", {
      ...goModule,
      ".golangci.yml": "linters:\n  enable: [errcheck]\n",
      ".github/workflows/ci.yml": wf(["go build ./...", "go test -race ./..."]),
    });
    expect(summary(findings)).toEqual([
      "low No format check gate in CI for go app example.com/svc",
      "low No security scan gate in CI for go app example.com/svc",
      "medium No dependency audit gate in CI for go app example.com/svc",
      "medium No lint gate in CI for go app example.com/svc",
    ]);
    const lint = findings.find((f) => f.message.includes("lint"));
    expect(lint?.message).toContain("configured locally: .golangci.yml (.golangci.yml) but CI never runs it");
    expect(findings[0]?.location).toBeNull();
    expect(findings[0]?.evidence.searched).toContain(".github/workflows/ci.yml");
  });

  it("resolves npm scripts and counts ecosystem-neutral scanners", async () => {
    const findings = await findingsOf("ci/missing-gate", {
      "package.json": JSON.stringify({
        name: "web",
        scripts: { lint: "eslint . && prettier --check .", test: "vitest run", check: "tsc --noEmit" },
      }),
      "src/index.ts": "export const x = 1;\n",
      "src/index.test.ts": "test('x', () => {});\n",
      ".github/workflows/ci.yml": wf([
        "npm ci",
        "npm run lint",
        "npm run check",
        "npm test",
        "osv-scanner -r .",
      ]),
    });
    expect(findings).toEqual([]);
  });

  it("finds tests run through a Taskfile, and never says HIGH when CI runs some tests", async () => {
    const repo = {
      "pyproject.toml": "[project]\nname = 'api'\n",
      "app/main.py": "x = 1\n",
      "tests/test_main.py": "def test_x():\n    pass\n",
      "frontend/package.json": JSON.stringify({ name: "ui", scripts: { test: "vitest run" } }),
      "frontend/src/a.test.js": "test('a', () => {});\n",
      "frontend/src/a.js": "export const a = 1;\n",
      "Taskfile.yml": "version: '3'\ntasks:\n  py:test:\n    cmds:\n      - poetry run pytest\n",
    };
    const viaTask = await findingsOf("ci/missing-gate", {
      ...repo,
      ".github/workflows/ci.yml": wf(["task py:test", "cd frontend && npm test"]),
    });
    expect(viaTask.filter((f) => f.message.includes("No test gate"))).toEqual([]);
    // Near miss: the Python tests are not run, the JS ones are: medium, not high.
    const jsOnly = await findingsOf("ci/missing-gate", {
      ...repo,
      ".github/workflows/ci.yml": wf(["cd frontend && npm test"]),
    });
    expect(summary(jsOnly.filter((f) => f.message.includes("No test gate")))).toEqual([
      "medium No test gate in CI for python app api",
    ]);
    expect(jsOnly.find((f) => f.message.includes("No test gate"))?.message).toContain("1 test file exists");
  });

  it("is medium, not HIGH, when the untested app has a single test file (a starter test), HIGH with a suite", async () => {
    const one = await findingsOf("ci/missing-gate", {
      ...goModule,
      ".github/workflows/ci.yml": wf(["go build ./..."]),
    });
    const two = await findingsOf("ci/missing-gate", {
      ...goModule,
      "util_test.go": "package main\n",
      ".github/workflows/ci.yml": wf(["go build ./..."]),
    });
    const test = (findings: Array<{ severity: string; message: string }>) =>
      findings
        .filter((f) => f.message.includes("No test gate"))
        .map((f) => `${f.severity} ${f.message.split(";")[0]}`);
    expect(test(one)).toEqual([
      "medium No test gate in CI for go app example.com/svc (only 1 test file exists and no workflow runs any tests)",
    ]);
    expect(test(two)).toEqual([
      "high No test gate in CI for go app example.com/svc (2 test files exist and no workflow runs any tests)",
    ]);
  });

  it("asks for no tests from a package without test files, and is HIGH only when nothing is tested", async () => {
    const findings = await findingsOf("ci/missing-gate", {
      "mix.exs": "defmodule App.MixProject do\n  def project, do: [app: :app]\nend\n",
      "lib/app.ex": "defmodule App do\nend\n",
      "test/app_test.exs": "defmodule AppTest do\nend\n",
      "test/app_more_test.exs": "defmodule AppMoreTest do\nend\n",
      // An asset bundle: a package.json with a build script and no tests.
      "assets/package.json": JSON.stringify({ scripts: { deploy: "webpack" } }),
      "assets/js/app.js": "import 'phoenix_html';\n",
      ".github/workflows/ci.yml": wf(["mix format --check-formatted"]),
    });
    const tests = findings.filter((f) => f.message.includes("No test gate"));
    expect(summary(tests)).toEqual(["high No test gate in CI for elixir app app"]);
  });

  it("rates lint and security scans by whether the tool is configured, and audits by update bots", async () => {
    const base = {
      "mix.exs":
        'defmodule App.MixProject do\n  def project, do: [app: :app, deps: deps()]\n  defp deps do\n    [{:credo, "~> 1.7", only: [:dev, :test]}]\n  end\nend\n',
      "lib/app.ex": "defmodule App do\nend\n",
      ".github/workflows/ci.yml": wf(["mix test", "mix compile --warnings-as-errors"]),
    };
    const plain = summary(await findingsOf("ci/missing-gate", base));
    expect(plain).toContain("medium No lint gate in CI for elixir app app");
    expect(plain).toContain("low No security scan gate in CI for elixir app app");
    expect(plain).toContain("medium No dependency audit gate in CI for elixir app app");
    const withBot = summary(
      await findingsOf("ci/missing-gate", {
        ...base,
        ".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: mix\n    directory: /\n",
      }),
    );
    expect(withBot).toContain("low No dependency audit gate in CI for elixir app app");
  });

  it("does not count a CodeQL run as the security scan of an Elixir app, but does for a Go module", async () => {
    const codeql =
      "on: pull_request\njobs:\n  codeql:\n    runs-on: x\n    steps:\n      - uses: github/codeql-action/init@v3\n        with:\n          languages: actions\n      - uses: github/codeql-action/analyze@v3\n";
    const elixir = summary(
      await findingsOf("ci/missing-gate", {
        "mix.exs":
          'defmodule App.MixProject do\n  def project, do: [app: :app, deps: deps()]\n  defp deps do\n    [{:sobelow, "~> 0.13", only: [:dev, :test]}]\n  end\nend\n',
        "lib/app.ex": "defmodule App do\nend\n",
        ".github/workflows/ci.yml": wf(["mix test"]),
        ".github/workflows/codeql.yml": codeql,
      }),
    );
    expect(elixir).toContain("medium No security scan gate in CI for elixir app app");
    const go = summary(
      await findingsOf("ci/missing-gate", {
        ...goModule,
        ".github/workflows/ci.yml": wf(["go test ./..."]),
        ".github/workflows/codeql.yml": codeql,
      }),
    );
    expect(go.filter((line) => line.includes("security scan"))).toEqual([]);
  });

  it("rates the dependency audit of a library published to a registry low", async () => {
    const lib = {
      "pyproject.toml": "[project]\nname = 'lib'\n",
      "src/lib/__init__.py": "x = 1\n",
      "tests/test_lib.py": "def test_x():\n    pass\n",
    };
    const published = await findingsOf("ci/missing-gate", {
      ...lib,
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pytest\n  publish:\n    runs-on: x\n    steps:\n      - uses: pypa/gh-action-pypi-publish@v1\n",
    });
    expect(summary(published.filter((f) => f.message.includes("dependency audit")))).toEqual([
      "low No dependency audit gate in CI for python app lib",
    ]);
    const app = await findingsOf("ci/missing-gate", { ...lib, ".github/workflows/ci.yml": wf(["pytest"]) });
    expect(summary(app.filter((f) => f.message.includes("dependency audit")))).toEqual([
      "medium No dependency audit gate in CI for python app lib",
    ]);
  });

  it("does not count warn-only steps as gates, and says they only warn", async () => {
    const findings = await findingsOf("ci/missing-gate", {
      ...goModule,
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  ci:\n    runs-on: x\n    steps:\n      - run: go test ./...\n      - run: govulncheck ./... || true\n      - run: go vet ./...\n        continue-on-error: true\n",
    });
    const audit = findings.find((f) => f.message.includes("dependency audit"));
    expect(audit?.message).toContain("only warns");
    expect(findings.some((f) => f.message.includes("No lint gate"))).toBe(true);
  });

  it("counts well-known reusable workflows and composite actions", async () => {
    const findings = await findingsOf("ci/missing-gate", {
      ...goModule,
      ".github/actions/lint/action.yml":
        "runs:\n  using: composite\n  steps:\n    - run: golangci-lint run\n      shell: bash\n    - run: gofmt -l .\n      shell: bash\n",
      ".github/workflows/ci.yml":
        "on: pull_request\njobs:\n  test:\n    runs-on: x\n    steps:\n      - run: go test ./...\n      - uses: ./.github/actions/lint\n      - uses: github/codeql-action/analyze@v3\n  osv:\n    uses: google/osv-scanner-action/.github/workflows/osv-scanner-reusable-pr.yml@v2\n",
    });
    expect(findings).toEqual([]);
  });

  it("does not count a stub or a missing workflow", async () => {
    const none = await findingsOf("ci/missing-gate", { "package.json": '{"name":"a"}', "index.js": "1\n" });
    expect(none).toEqual([]);
  });

  it("never says HIGH when the tests run through a wrapper and a Makefile (uv run make test)", async () => {
    const app = {
      "pyproject.toml": "[project]\nname = 'shop'\ndependencies = ['flask']\n",
      "shop/app.py": "def create_app():\n    return 1\n",
      "tests/test_app.py": "def test_app():\n    assert True\n",
      "tests/test_more.py": "def test_more():\n    assert True\n",
      Makefile: "test:\n\tpytest -rf --cov=shop \\\n\t\t-n auto\n",
    };
    const findings = await findingsOf("ci/missing-gate", {
      ...app,
      ".github/workflows/ci.yml": wf(["uv sync", "uv run make test"]),
    });
    expect(findings.filter((f) => f.message.includes("No test gate"))).toEqual([]);
    // Near miss: the wrapped target does not run the tests.
    const none = await findingsOf("ci/missing-gate", {
      ...app,
      Makefile: "test:\n\tpytest\n\nserve:\n\tflask run\n",
      ".github/workflows/ci.yml": wf(["uv run make serve"]),
    });
    expect(summary(none)).toContain("high No test gate in CI for python app shop");
  });

  it("follows a make pattern rule that delegates to a sub-project's Makefile (app-%: cd $(APP_DIR) && make $*)", async () => {
    const repo = (root: string): Record<string, string> => ({
      "app/mix.exs":
        'defmodule Shop.MixProject do\n  use Mix.Project\n  def project, do: [app: :shop, deps: [{:credo, "~> 1.7"}]]\nend\n',
      "app/lib/shop.ex": "defmodule Shop do\nend\n",
      "app/test/shop_test.exs": "defmodule ShopTest do\n  use ExUnit.Case\nend\n",
      "app/test/cart_test.exs": "defmodule CartTest do\n  use ExUnit.Case\nend\n",
      "app/Makefile": "lint:\n\tmix credo --strict\n\ntest:\n\tmix test\n",
      Makefile: root,
      ".github/workflows/ci.yml": wf(["make app-lint", "make app-test"]),
    });
    const gates = (findings: Array<{ severity: string; message: string }>): string[] =>
      summary(findings).filter((f) => / (test|lint) gate/.test(f));
    const delegated = await findingsOf(
      "ci/missing-gate",
      repo(
        "APP_DIR ?= ./app\n\napp-test: services-up\n\nservices-up:\n\tdocker compose up -d\n\napp-%:\n\tcd $(APP_DIR) && make $*\n",
      ),
    );
    expect(gates(delegated)).toEqual([]);
    // Near miss: the pattern rule runs something else with the stem.
    const other = await findingsOf("ci/missing-gate", repo("app-%:\n\techo $*\n"));
    expect(gates(other)).toEqual([
      "high No test gate in CI for elixir app shop",
      "medium No lint gate in CI for elixir app shop",
    ]);
  });

  it("counts the hooks pre-commit.ci runs when .pre-commit-config.yaml configures it (a top-level ci: section)", async () => {
    const app = (ci: string): Record<string, string> => ({
      "pyproject.toml":
        "[project]\nname = 'forum'\ndependencies = ['flask']\n[tool.ruff]\nline-length = 100\n",
      "forum/app.py": "def create_app():\n    return 1\n",
      "tests/test_app.py": "def test_app():\n    assert True\n",
      ".pre-commit-config.yaml": `${ci}repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.4.1\n    hooks:\n      - id: ruff\n      - id: ruff-format\n`,
      ".github/workflows/ci.yml": wf(["pip install -e .", "pytest"]),
    });
    const gates = (findings: Array<{ severity: string; message: string }>): string[] =>
      summary(findings).filter((f) => / (lint|format check) gate/.test(f));
    expect(gates(await findingsOf("ci/missing-gate", app("ci:\n  autoupdate_schedule: monthly\n")))).toEqual(
      [],
    );
    // Near miss: the same hooks with no pre-commit.ci section run only on developers' machines.
    expect(gates(await findingsOf("ci/missing-gate", app("")))).toEqual([
      "low No format check gate in CI for python app forum",
      "medium No lint gate in CI for python app forum",
    ]);
  });

  it("runs a reusable workflow's commands with each caller's inputs: `yarn workspace ${{ inputs.package }} lint`", async () => {
    const monorepo = (caller: string): Record<string, string> => ({
      "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] }),
      "packages/api/package.json": JSON.stringify({
        name: "api",
        scripts: { lint: "eslint src/", test: "jest" },
        devDependencies: { eslint: "^9.0.0", jest: "^29.0.0" },
      }),
      "packages/api/src/index.ts": "export const port: number = 3000;\n",
      "packages/api/eslint.config.js": "export default [];\n",
      "packages/api/src/index.test.ts": "test('x', () => {});\n",
      "packages/api/src/more.test.ts": "test('y', () => {});\n",
      ".github/workflows/shared.yaml": [
        "on:",
        "  workflow_call:",
        "    inputs:",
        "      package-name:",
        "        type: string",
        "jobs:",
        "  lint:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: yarn",
        "      - run: yarn workspace ${{ inputs.package-name }} lint",
        "      - run: yarn workspace ${{ inputs.package-name }} test",
        "",
      ].join("\n"),
      ".github/workflows/api.yaml": [
        "on: [push]",
        "jobs:",
        "  ci:",
        "    uses: ./.github/workflows/shared.yaml",
        "    with:",
        `      ${caller}`,
        "",
      ].join("\n"),
    });
    const lintOf = (findings: Awaited<ReturnType<typeof findingsOf>>): string[] =>
      summary(findings).filter((f) => / (lint|test) gate in CI for node/.test(f));
    expect(lintOf(await findingsOf("ci/missing-gate", monorepo("package-name: 'api'")))).toEqual([]);
    // A caller that does not pass the input leaves the command unknown: nothing is counted.
    expect(lintOf(await findingsOf("ci/missing-gate", monorepo("run_lint: 'true'")))).toEqual([
      "high No test gate in CI for node app api",
      "medium No lint gate in CI for node app api",
    ]);
  });

  it("runs a matrix job's command once per matrix value: `pnpm ${{ matrix.job }}` with job: [build, test, typecheck]", async () => {
    const service = (matrix: string[]): Record<string, string> => ({
      "package.json": JSON.stringify({
        name: "api",
        scripts: { build: "tsc", test: "vitest run", typecheck: "tsc --noEmit" },
        devDependencies: { typescript: "^5.4.0", vitest: "^1.6.0" },
      }),
      "tsconfig.json": '{ "compilerOptions": { "strict": true } }\n',
      "src/index.ts": "export const port: number = 3000;\n",
      "src/index.test.ts": "import { test } from 'vitest';\ntest('x', () => {});\n",
      "src/more.test.ts": "import { test } from 'vitest';\ntest('y', () => {});\n",
      ".github/workflows/pr.yml": [
        "on: [pull_request]",
        "jobs:",
        "  checks:",
        "    runs-on: ubuntu-latest",
        "    strategy:",
        "      matrix:",
        ...matrix.map((line) => `        ${line}`),
        "    steps:",
        "      - run: pnpm install --frozen-lockfile",
        "      - run: pnpm ${{ matrix.job }}",
        "",
      ].join("\n"),
    });
    const gatesOf = (findings: Awaited<ReturnType<typeof findingsOf>>): string[] =>
      summary(findings).filter((f) => / (test|type-check) gate in CI for node/.test(f));
    expect(gatesOf(await findingsOf("ci/missing-gate", service(["job: [build, test, typecheck]"])))).toEqual(
      [],
    );
    // A matrix computed at run time (`fromJSON`) names no values: the command stays unknown.
    expect(
      gatesOf(
        await findingsOf("ci/missing-gate", service(["job: ${{ fromJSON(needs.plan.outputs.jobs) }}"])),
      ),
    ).toEqual(["high No test gate in CI for node app api"]);
  });

  it("counts super-linter's enabled validators, and does not read its config folder as the project's linter", async () => {
    const site = {
      "pyproject.toml": "[project]\nname = 'site'\ndependencies = ['django']\n",
      "site/views.py": "def index(request):\n    return 1\n",
      "package.json": JSON.stringify({ name: "site-assets", dependencies: { vue: "^3.4.0" } }),
      "src/main.ts": "export const x: number = 1;\n",
      ".github/linters/.eslintrc.json": "{}\n",
    };
    const markdownOnly = await findingsOf("ci/missing-gate", {
      ...site,
      ".github/workflows/lint.yml":
        "on: pull_request\njobs:\n  lint:\n    runs-on: x\n    steps:\n      - uses: super-linter/super-linter@v8\n        env:\n          VALIDATE_MARKDOWN: true\n",
    });
    const nodeLint = markdownOnly.find((f) => f.message.startsWith("No lint gate in CI for node"));
    expect(nodeLint?.severity).toBe("low");
    const all = await findingsOf("ci/missing-gate", {
      ...site,
      ".github/workflows/lint.yml":
        "on: pull_request\njobs:\n  lint:\n    runs-on: x\n    steps:\n      - uses: super-linter/super-linter/slim@v8\n        env:\n          VALIDATE_CSS: false\n",
    });
    expect(all.filter((f) => / lint gate in CI for (node|python)/.test(f.message))).toEqual([]);
  });

  it("counts the ESLint run of `next build` up to Next.js 15 when an ESLint config exists", async () => {
    const web = (next: string): Record<string, string> => ({
      "package.json": JSON.stringify({
        name: "web",
        scripts: { build: "next build" },
        dependencies: { next: next },
        devDependencies: { eslint: "^8.57.0" },
      }),
      ".eslintrc.json": '{ "extends": "next/core-web-vitals" }\n',
      "pages/index.tsx": "export default function Home() {\n  return null;\n}\n",
      ".github/workflows/ci.yml": wf(["npm ci", "npm run build"]),
    });
    const lint = (fs: Array<{ message: string }>): string[] =>
      fs.filter((f) => f.message.startsWith("No lint gate")).map((f) => f.message.slice(0, 30));
    expect(lint(await findingsOf("ci/missing-gate", web("15.5.2")))).toEqual([]);
    // Near miss: Next.js 16 no longer lints during the build.
    expect(lint(await findingsOf("ci/missing-gate", web("16.0.1")))).toHaveLength(1);
  });

  it("asks no gates of a Go program CI runs as its pipeline, and counts the tests it runs", async () => {
    const files = {
      "mix.exs": "defmodule App.MixProject do\n  use Mix.Project\nend\n",
      "lib/app.ex": "defmodule App do\nend\n",
      "test/app_test.exs": "defmodule AppTest do\nend\n",
      "test/app_more_test.exs": "defmodule AppMoreTest do\nend\n",
      "ci/go.mod": "module example.com/app/ci\n\ngo 1.22\n",
      "ci/main.go": 'package main\n\nimport "dagger.io/dagger"\n\nfunc main() { run() }\n',
      "ci/test.go": 'package main\n\nfunc run() { c.WithExec([]string{"mix", "test"}) }\n',
    };
    const run = await findingsOf("ci/missing-gate", {
      ...files,
      ".github/workflows/ci.yml": wf(["go run ./ci"]),
    });
    expect(run.filter((f) => f.message.includes("go app") || f.message.includes("No test gate"))).toEqual([]);
    // Near miss: CI builds the program but does not run it: neither its tests nor its exemption count.
    const built = await findingsOf("ci/missing-gate", {
      ...files,
      ".github/workflows/ci.yml": wf(["go build ./ci"]),
    });
    expect(summary(built)).toContain("high No test gate in CI for elixir app memory");
    expect(built.some((f) => f.message.includes("go app"))).toBe(true);
  });

  it("stays silent when CI also runs on a system whose pipelines are not read (CircleCI)", async () => {
    const findings = await findingsOf("ci/missing-gate", {
      ...goModule,
      ".github/workflows/ci.yml": wf(["go build ./..."]),
      ".circleci/config.yml": "version: 2.1\njobs:\n  test:\n    steps:\n      - run: go test ./...\n",
    });
    expect(findings).toEqual([]);
  });

  it("runs a script in the workflow's or the job's `defaults.run.working-directory`", async () => {
    const web = {
      "web/ui/package.json":
        '{"name":"ui","scripts":{"test:coverage":"jest --coverage"},"devDependencies":{"jest":"29.0.0"}}',
      "web/ui/src/a.ts": "export const a = 1;\n",
      "web/ui/src/a.test.ts": "it('a', () => {});\n",
      "web/ui/src/b.test.ts": "it('b', () => {});\n",
    };
    const steps =
      "    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm run test:coverage\n";
    const workflowLevel = `on: pull_request\ndefaults:\n  run:\n    working-directory: ./web/ui\njobs:\n  test:\n    runs-on: ubuntu-latest\n${steps}`;
    const jobLevel = `on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        working-directory: web/ui\n${steps}`;
    const noTestGate = (findings: Array<{ message: string }>): string[] =>
      findings.filter((f) => f.message.includes("No test gate")).map((f) => f.message);
    for (const workflow of [workflowLevel, jobLevel])
      expect(
        noTestGate(await findingsOf("ci/missing-gate", { ...web, ".github/workflows/ui.yml": workflow })),
      ).toEqual([]);
    // The same script name run from the root, where no package defines it, is no test run.
    const root = workflowLevel.replace("defaults:\n  run:\n    working-directory: ./web/ui\n", "");
    expect(
      noTestGate(await findingsOf("ci/missing-gate", { ...web, ".github/workflows/ui.yml": root })),
    ).toHaveLength(1);
  });

  it("counts `coverage run runtests.py` as the Python test run", async () => {
    const pyApp = {
      "pyproject.toml": '[project]\nname = "pkg"\nversion = "1.0"\n',
      "pkg/__init__.py": "def f():\n    return 1\n",
      "pkg/tests/test_f.py": "from pkg import f\n\ndef test_f():\n    assert f() == 1\n",
    };
    const findings = await findingsOf("ci/missing-gate", {
      ...pyApp,
      ".github/workflows/ci.yml": wf(["coverage run --parallel-mode --source pkg runtests.py"]),
    });
    expect(findings.filter((f) => f.message.includes("No test gate"))).toEqual([]);
  });

  it("counts `coverage run <test program>` and a test script run by path as the Python test run, not `coverage report`", async () => {
    const pyApp = {
      "pyproject.toml": '[project]\nname = "pkg"\nversion = "1.0"\n',
      "pkg/__init__.py": "def f():\n    return 1\n",
      "pkg/tests/test_f.py": "from pkg import f\n\ndef test_f():\n    assert f() == 1\n",
      Makefile:
        "coverage: clean\n\tcoverage run $(shell which test_pkg) test -v 2\n\tcoverage report\n\nclean:\n\trm -rf build\n",
    };
    const noTestGate = (findings: Array<{ message: string }>): boolean =>
      findings.some((f) => f.message.includes("No test gate"));
    expect(
      noTestGate(
        await findingsOf("ci/missing-gate", { ...pyApp, ".github/workflows/ci.yml": wf(["make coverage"]) }),
      ),
    ).toBe(false);
    expect(
      noTestGate(
        await findingsOf("ci/missing-gate", {
          ...pyApp,
          ".github/workflows/ci.yml": wf(["python contrib/agent/test.py"]),
        }),
      ),
    ).toBe(false);
    expect(
      noTestGate(
        await findingsOf("ci/missing-gate", {
          ...pyApp,
          ".github/workflows/ci.yml": wf(["coverage report"]),
        }),
      ),
    ).toBe(true);
  });

  it("counts a linter the Makefile installs under a versioned name (`$(TOOLS)/golangci-lint-v2.6.2 run`)", async () => {
    const makefile = [
      "GOLANGCI_VERSION ?= v2.6.2",
      "TOOLS_BIN := $(shell mkdir -p build/tools && realpath build/tools)",
      "GOLANGCI = $(TOOLS_BIN)/golangci-lint-$(GOLANGCI_VERSION)",
      "$(GOLANGCI):",
      "\tcurl -sSfL https://example.com/install.sh | sh -s -- -b $(TOOLS_BIN) $(GOLANGCI_VERSION)",
      "",
      "lint: $(GOLANGCI)",
      "\t$(GOLANGCI) run",
      "",
      "vet:",
      "\t$(TOOLS_BIN)/golangci-lint-v2 --version",
      "",
    ].join("\n");
    const lintFinding = async (step: string): Promise<boolean> =>
      (
        await findingsOf("ci/missing-gate", {
          ...goModule,
          Makefile: makefile,
          ".github/workflows/ci.yml": wf(["go test ./...", step]),
        })
      ).some((f) => f.message.includes("No lint gate"));
    expect(await lintFinding("make lint")).toBe(false);
    expect(await lintFinding("make vet")).toBe(true);
  });

  it("counts what `mix check` (ex_check) runs as gates, as its .check.exs adjusts them", async () => {
    const mix = [
      "defmodule App.MixProject do",
      "  def project, do: [app: :app, deps: deps()]",
      "  defp deps do",
      '    [{:credo, "~> 1.7", only: [:dev, :test]}, {:sobelow, "~> 0.13", only: [:dev, :test]},',
      '     {:ex_check, "~> 0.16", only: [:dev, :test], runtime: false}]',
      "  end",
      "end",
      "",
    ].join("\n");
    const files = {
      "mix.exs": mix,
      "lib/app.ex": "defmodule App do\nend\n",
      ".check.exs": '[\n  tools: [\n    {:sobelow, false},\n    {:credo, "mix credo --strict"}\n  ]\n]\n',
      ".github/workflows/ci.yml": wf(["mix check", "mix test"]),
    };
    const found = summary(await findingsOf("ci/missing-gate", files));
    expect(found.filter((s) => s.includes("No lint gate"))).toEqual([]);
    // sobelow is switched off in .check.exs: still no security scan gate.
    expect(found.some((s) => s.includes("No security scan gate"))).toBe(true);
    // Near miss: without ex_check among the dependencies, `mix check` is an unknown task and runs nothing known.
    const without = summary(
      await findingsOf("ci/missing-gate", { ...files, "mix.exs": mix.replace(/,\s*\{:ex_check[^}]*\}/, "") }),
    );
    expect(without.some((s) => s.includes("No lint gate"))).toBe(true);
  });

  it("says a configured tool runs warn-only rather than that CI never runs it", async () => {
    const files = {
      "frontend/package.json": JSON.stringify({
        name: "web",
        scripts: { typecheck: "vue-tsc --build" },
        devDependencies: { typescript: "5.0.0", "vue-tsc": "2.0.0" },
      }),
      "frontend/tsconfig.json": '{ "compilerOptions": { "strict": true } }',
      "frontend/src/main.ts": "export const x = 1;\n",
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  ci:\n    runs-on: x\n    steps:\n      - run: pnpm test\n        working-directory: frontend\n      - run: pnpm typecheck\n        working-directory: frontend\n        continue-on-error: true\n",
    };
    const typecheck = (await findingsOf("ci/missing-gate", files)).find((f) =>
      f.message.includes("type check"),
    );
    expect(typecheck?.message).toContain("only warns");
    expect(typecheck?.message).not.toContain("never runs it");
    // Near miss: without the warn-only step CI never runs it, and the message says so.
    const never = await findingsOf("ci/missing-gate", {
      ...files,
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  ci:\n    runs-on: x\n    steps:\n      - run: pnpm test\n        working-directory: frontend\n",
    });
    expect(never.find((f) => f.message.includes("type check"))?.message).toContain("never runs it");
  });

  it("rates the dependency audit of a node package with devDependencies only low (its tools never ship)", async () => {
    const tools = (deps: Record<string, Record<string, string>>) => ({
      "dev-tools/package.json": JSON.stringify({ name: "dev-tools", scripts: { lint: "eslint ." }, ...deps }),
      "dev-tools/lint.js": "module.exports = {};\n",
      ".github/workflows/ci.yml": wf(["npm --prefix dev-tools run lint"]),
    });
    const audit = (found: Array<{ message: string; severity: string }>) =>
      found.filter((f) => f.message.includes("dependency audit")).map((f) => f.severity);
    expect(
      audit(await findingsOf("ci/missing-gate", tools({ devDependencies: { eslint: "^9.0.0" } }))),
    ).toEqual(["low"]);
    // Near miss: a runtime dependency ships with the package.
    expect(
      audit(
        await findingsOf(
          "ci/missing-gate",
          tools({ devDependencies: { eslint: "^9.0.0" }, dependencies: { express: "^4.0.0" } }),
        ),
      ),
    ).toEqual(["medium"]);
  });
});
