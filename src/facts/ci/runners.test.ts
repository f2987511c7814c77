import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";
import { scriptInvocation, unwrapCommand } from "./classify.js";

const workflow = (...runs: string[]): string =>
  [
    "on: [push, pull_request]",
    "jobs:",
    "  ci:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    ...runs.map((r) => `      - run: ${r}`),
    "",
  ].join("\n");

async function gates(files: Record<string, string>): Promise<string[]> {
  const { facts } = await analyseFiles(files);
  return facts.ci.gates.map((g) => `${g.ecosystem ?? "-"}:${g.kind}`).sort();
}

describe("task runners behind CI commands", () => {
  it("names the runner and targets of a command", () => {
    expect(scriptInvocation("task py:test")).toEqual({ runner: "task", target: "py:test" });
    expect(scriptInvocation("just lint")).toEqual({ runner: "just", target: "lint" });
    expect(scriptInvocation("npx turbo run lint test --filter=web")).toEqual({
      runner: "workspaces",
      target: "lint",
      targets: ["lint", "test"],
    });
    expect(scriptInvocation("pnpm nx run-many -t test,lint")).toEqual({
      runner: "workspaces",
      target: "test",
      targets: ["test", "lint"],
    });
    expect(scriptInvocation("lerna run test --stream")).toEqual({ runner: "workspaces", target: "test" });
    expect(scriptInvocation("yarn workspaces foreach -A run test")).toEqual({
      runner: "workspaces",
      target: "test",
    });
    expect(scriptInvocation("CI=1 npm-run-all lint test")).toEqual({
      runner: "npm",
      target: "lint",
      targets: ["lint", "test"],
    });
    expect(scriptInvocation("npx gulp coverage")).toEqual({ runner: "gulp", target: "coverage" });
    expect(scriptInvocation("mix ci")).toEqual({ runner: "mix", target: "ci" });
    expect(scriptInvocation("npm ci")).toBeNull();
  });

  it("follows Taskfile tasks, their deps and included Taskfiles", async () => {
    const files = {
      "Taskfile.yml":
        "version: '3'\nincludes:\n  ui: ./frontend/Taskfile.yml\ntasks:\n  py:test:\n    cmds:\n      - poetry run pytest\n  py:lint:\n    cmds:\n      - poetry run ruff check app\n  check:\n    deps: [py:lint]\n    cmds:\n      - task: py:test\n",
      "frontend/Taskfile.yml": "version: '3'\ntasks:\n  lint:\n    cmds:\n      - npx eslint .\n",
    };
    expect(
      await gates({ ...files, ".github/workflows/ci.yml": workflow("task check", "task ui:lint") }),
    ).toEqual(["node:lint", "python:lint", "python:test"]);
    // Near miss: a task that only installs is no gate.
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("task setup") })).toEqual([]);
  });

  it("reads gotestsum as go test, and recipe lines under a make conditional", async () => {
    const makefile = [
      "testall: testrace ## Run all tests.",
      "",
      "testrace: bin/gotestsum",
      "ifdef GOTESTSUM_FORMAT_ICONS",
      "\t@gotestsum --format $(GOTESTSUM_FORMAT) --format-icons $(ICONS) -- -v --race ./...",
      "else",
      "\t@gotestsum --format $(GOTESTSUM_FORMAT) -- -v --race ./...",
      "endif",
      "",
      "bin/gotestsum:",
      "\tgo install gotest.tools/gotestsum",
      "",
    ].join("\n");
    const files = { Makefile: makefile, "go.mod": "module example.com/app\n\ngo 1.22\n" };
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("make testall") })).toEqual([
      "go:test",
    ]);
    // Near miss: installing the tool runs no test.
    expect(
      await gates({ ...files, ".github/workflows/ci.yml": workflow("go install gotest.tools/gotestsum") }),
    ).toEqual([]);
  });

  it("follows justfile recipes and their dependencies", async () => {
    expect(
      await gates({
        justfile: "lint:\n    cargo clippy -- -D warnings\n\nci: lint\n    cargo test --all\n",
        ".github/workflows/ci.yml": workflow("just ci"),
      }),
    ).toEqual(["rust:lint", "rust:test"]);
  });

  it("passes arguments to justfile recipes: dependencies with arguments, parameters, variables, aliases", async () => {
    expect(scriptInvocation("just fmt --check")).toEqual({
      runner: "just",
      target: "fmt",
      args: ["--check"],
    });
    const justfile = [
      'uv_dev := "uv run --dev"',
      "alias c := check",
      "",
      "# ruff format writes files unless asked to check",
      'ruff-format *args="":',
      "    {{ uv_dev }} ruff format {{ args }}",
      "",
      "ruff-check *args:",
      "    {{ uv_dev }} ruff check {{ args }}",
      "",
      "fmt: ruff-format",
      "",
      'check: (ruff-format "--check") ruff-check',
      "",
    ].join("\n");
    const files = { justfile, "pyproject.toml": '[project]\nname = "app"\n' };
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("just c") })).toEqual([
      "python:format",
      "python:lint",
    ]);
    // Near miss: the same recipe called without `--check` rewrites files and checks nothing.
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("just fmt") })).toEqual([]);
  });

  it("passes a recipe's arguments to its body as $@ with [positional-arguments]", async () => {
    const justfile = (attribute: string): string =>
      [
        'npm := "cd web && npm"',
        attribute,
        "npm *args:",
        '    {{ npm }} run "$@"',
        "",
        "lint-web:",
        "    just npm lint",
        "",
      ].join("\n");
    const files = {
      "web/package.json": JSON.stringify({ name: "web", scripts: { lint: "eslint src" } }),
      ".github/workflows/ci.yml": workflow("just lint-web"),
    };
    expect(await gates({ ...files, justfile: justfile("[positional-arguments]") })).toEqual(["node:lint"]);
    // Near miss: without the attribute `$@` is the shell's own (empty), so `npm run` runs no script.
    expect(await gates({ ...files, justfile: justfile("[private]") })).toEqual([]);
  });

  it("reads the steps of GitHub's concurrent step groups (parallel, sequential) and skips wait/cancel steps", async () => {
    const concurrent = [
      "on: [push, pull_request]",
      "jobs:",
      "  ci:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: actions/checkout@v4",
      "      - parallel:",
      "          - name: Lint",
      "            run: ruff check .",
      "          - sequential:",
      "              - run: pip install -e .",
      "              - run: pytest",
      "      - id: server",
      "        background: true",
      "        run: ruff format --check .",
      "      - wait-all: true",
      "",
    ].join("\n");
    const files = { "pyproject.toml": '[project]\nname = "app"\n' };
    expect(await gates({ ...files, ".github/workflows/ci.yml": concurrent })).toEqual([
      "python:format",
      "python:lint",
      "python:test",
    ]);
    const { facts } = await analyseFiles({ ...files, ".github/workflows/ci.yml": concurrent });
    // checkout, lint, install, pytest, the background step; the wait-all step runs nothing.
    expect(facts.ci.workflows[0]?.jobs[0]?.steps.map((step) => step.line)).toEqual([6, 8, 11, 12, 13]);
  });

  it("runs a script with its pre/post hooks and the scripts npm-run-all starts", async () => {
    expect(
      await gates({
        "package.json": JSON.stringify({
          scripts: {
            pretest: "eslint .",
            test: "vitest run",
            ci: "npm-run-all -s typecheck 'format:*'",
            typecheck: "tsc --noEmit",
            "format:check": "prettier --check .",
          },
        }),
        ".github/workflows/ci.yml": workflow("npm test", "npm run ci"),
      }),
    ).toEqual(["node:format", "node:lint", "node:test", "node:typecheck"]);
  });

  it("fans a turbo/pnpm -r target out to the workspace packages' scripts", async () => {
    expect(
      await gates({
        "package.json": JSON.stringify({ scripts: { build: "turbo run build" } }),
        "apps/web/package.json": JSON.stringify({ scripts: { test: "vitest run", lint: "eslint ." } }),
        "packages/api/package.json": JSON.stringify({ scripts: { test: "pytest" } }),
        ".github/workflows/ci.yml": workflow("pnpm turbo run test lint"),
      }),
    ).toEqual(["node:lint", "node:test", "python:test"]);
  });

  it("reads gulp tasks from the gulpfile's functions", async () => {
    expect(
      await gates({
        "gulpfile.js":
          'function coverage(cb) {\n  spawn("pipenv", ["run", "coverage", "run", "manage.py", "test"]);\n}\nfunction lint() {\n  return run(["black", ".", "--check"]);\n}\ngulp.task("coverage", coverage);\ngulp.task("lint", lint);\n',
        ".github/workflows/ci.yml": workflow("gulp lint", "gulp coverage"),
      }),
    ).toEqual(["python:coverage", "python:format", "python:test"]);
  });

  it("follows mix aliases", async () => {
    expect(
      await gates({
        "mix.exs":
          'defmodule App.MixProject do\n  defp aliases do\n    [ci: ["format --check-formatted", "credo --strict", "test"]]\n  end\nend\n',
        ".github/workflows/ci.yml": workflow("mix ci"),
      }),
    ).toEqual(["elixir:format", "elixir:lint", "elixir:test"]);
  });

  it("follows local composite actions and knows remote reusable workflows", async () => {
    expect(
      await gates({
        ".github/actions/check/action.yml":
          "name: check\nruns:\n  using: composite\n  steps:\n    - run: go vet ./...\n      shell: bash\n    - uses: golang/govulncheck-action@v1\n",
        ".github/workflows/ci.yml":
          "on: pull_request\njobs:\n  check:\n    runs-on: x\n    steps:\n      - uses: ./.github/actions/check\n  osv:\n    uses: google/osv-scanner-action/.github/workflows/osv-scanner-reusable.yml@v2\n",
      }),
    ).toEqual(["-:dependency-audit", "go:dependency-audit", "go:lint"]);
  });

  it("keeps warn-only steps out of the gates and says so", async () => {
    const { facts } = await analyseFiles({
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  audit:\n    runs-on: x\n    steps:\n      - run: npm audit || true\n      - run: npx eslint .\n        continue-on-error: true\n      - run: npx vitest run\n",
    });
    expect(facts.ci.gates.map((g) => g.kind)).toEqual(["test"]);
    expect(facts.ci.warnOnlyGates.map((g) => g.kind)).toEqual(["dependency-audit", "lint"]);
    const gitlab = await analyseFiles({
      ".gitlab-ci.yml":
        "lint:\n  allow_failure: true\n  script:\n    - ruff check .\ntest:\n  script:\n    - pytest\n",
    });
    expect(gitlab.facts.ci.gates.map((g) => g.kind)).toEqual(["test"]);
    expect(gitlab.facts.ci.warnOnlyGates.map((g) => g.kind)).toEqual(["lint"]);
  });

  it("reads `mix sobelow` as a gate only when it fails on a finding (--exit, or --config with the conf's exit:)", async () => {
    const sobelow = async (command: string, conf?: string) =>
      (
        await analyseFiles({
          "mix.exs": "defmodule App.MixProject do\nend\n",
          ...(conf ? { ".sobelow-conf": conf } : {}),
          ".github/workflows/ci.yml": `on: push\njobs:\n  scan:\n    runs-on: x\n    steps:\n      - run: ${command}\n`,
        })
      ).facts.ci;
    const plain = await sobelow("mix sobelow");
    expect(plain.gates).toEqual([]);
    expect(plain.warnOnlyGates.map((g) => [g.kind, g.tool])).toEqual([
      ["security-scan", "sobelow without --exit"],
    ]);
    expect((await sobelow("mix sobelow --exit Low")).gates.map((g) => g.kind)).toEqual(["security-scan"]);
    // SARIF for code scanning: its alerts reach the pull request, as CodeQL's do.
    expect(
      (await sobelow("mix sobelow --format sarif --out results.sarif")).gates.map((g) => g.kind),
    ).toEqual(["security-scan"]);
    const conf = (exit: string) => `[\n  verbose: true,\n  exit: ${exit},\n  ignore: ["Config.HTTPS"]\n]\n`;
    expect((await sobelow("mix sobelow --config", conf('"low"'))).gates.map((g) => g.kind)).toEqual([
      "security-scan",
    ]);
    expect((await sobelow("mix sobelow --config", conf('"false"'))).gates).toEqual([]);
    // The conf is read only under --config.
    expect((await sobelow("mix sobelow", conf('"low"'))).gates).toEqual([]);
  });

  it("does not take a fallback inside a command substitution for an ignored failure", async () => {
    const { facts } = await analyseFiles({
      "go.mod": "module example.com/app\n",
      makefile:
        'VERSION=$(shell git describe --exact-match --tags HEAD 2>/dev/null || echo dev)\nGO_FLAGS = -ldflags="-X main.Version=$(VERSION)"\n\ntest:\n\tgo test $(GO_FLAGS) ./...\n',
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  test:\n    runs-on: x\n    steps:\n      - run: make test\n      - run: VERSION=$(git describe --tags || echo dev) npx eslint .\n      - run: npm audit || echo skipped\n",
    });
    expect(facts.ci.gates.map((g) => g.kind).sort()).toEqual(["lint", "test"]);
    expect(facts.ci.warnOnlyGates.map((g) => g.kind)).toEqual(["dependency-audit"]);
  });

  it("takes a run of Cypress's own image for a test gate, not another image's run", async () => {
    const { facts } = await analyseFiles({
      "package.json": JSON.stringify({ name: "wiki", devDependencies: { cypress: "^4.0.0" } }),
      ".github/workflows/ci.yml":
        'on: push\njobs:\n  e2e:\n    runs-on: x\n    steps:\n      - run: docker run --name cypress --ipc=host -v $GITHUB_WORKSPACE:/e2e -w /e2e cypress/included:4.9.0 --record --key "$KEY" --headless\n      - run: docker run --rm -v $PWD:/app node:20 node build.js\n',
    });
    expect(facts.ci.gates.map((g) => `${g.kind} ${g.tool}`)).toEqual([
      "test cypress run (cypress/included image)",
    ]);
  });

  it("records update bots and locally configured checks", async () => {
    const { facts } = await analyseFiles({
      ".github/dependabot.yml":
        "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n  - package-ecosystem: github-actions\n    directory: /\n",
      "package.json": JSON.stringify({ devDependencies: { eslint: "^9.0.0" }, scripts: { test: "vitest" } }),
      "pyproject.toml": "[project]\nname = 'x'\n\n[tool.ruff]\nline-length = 100\n",
    });
    expect(facts.ci.updateBots).toEqual([
      { tool: "dependabot", path: ".github/dependabot.yml", ecosystems: ["github-actions", "node"] },
    ]);
    expect(facts.ci.localTools.map((t) => `${t.ecosystem}:${t.kind}:${t.tool}`)).toEqual([
      "node:lint:eslint",
      "node:test:npm run test",
      "python:lint:[tool.ruff]",
    ]);
  });

  it("takes environment wrappers off before following a runner (uv run make test, dotenv -- yarn x)", async () => {
    expect(unwrapCommand("sudo -E uv run --frozen make test")).toBe("make test");
    expect(unwrapCommand("poetry run task lint")).toBe("task lint");
    expect(unwrapCommand("dotenv -- yarn workspace @acme/web build")).toBe("yarn workspace @acme/web build");
    expect(unwrapCommand("docker compose run --rm -e DEBUG=1 web make test")).toBe("make test");
    expect(
      unwrapCommand(`docker run --name t -v "\${{ github.workspace }}:/app" -e U='a b' acme/ui:1 npm test`),
    ).toBe("npm test");
    expect(unwrapCommand("docker exec -t web pytest -q")).toBe("pytest -q");
    // Near misses: a container started with its image's own command, and an option's value is not the image.
    expect(unwrapCommand("docker run -d --name db postgres:16")).toBe("docker run -d --name db postgres:16");
    expect(unwrapCommand("docker run --rm acme/api")).toBe("docker run --rm acme/api");
    expect(unwrapCommand("nix develop .#ci --command just test")).toBe("just test");
    expect(unwrapCommand("bundle exec rake")).toBe("rake");
    const makefile = "lint:\n\truff check app\n\ntest:\n\tpytest -n auto\n";
    expect(
      await gates({
        Makefile: makefile,
        ".github/workflows/ci.yml": workflow("uv run make test", "poetry run make lint"),
      }),
    ).toEqual(["python:lint", "python:test"]);
    expect(
      await gates({
        Makefile: makefile,
        ".github/workflows/ci.yml": workflow("docker compose run --rm app make test"),
      }),
    ).toEqual(["python:test"]);
    // Near miss: the wrapper runs a target that only installs.
    expect(
      await gates({
        Makefile: `${makefile}\ninstall:\n\tpip install -e .\n`,
        ".github/workflows/ci.yml": workflow("uv run make install"),
      }),
    ).toEqual([]);
  });

  it("follows a subshell `(cd ui && yarn test)` in a Makefile and a `cd` on its own line of a step", async () => {
    const files = {
      Makefile: "test-js:\n\t(cd ui && CI=true yarn test)\n\ncheck-js:\n\t(cd ui && yarn lint)\n",
      "ui/package.json": JSON.stringify({ scripts: { test: "vitest run", lint: "eslint src" } }),
    };
    expect(
      await gates({ ...files, ".github/workflows/ci.yml": workflow("make test-js", "make check-js") }),
    ).toEqual(["node:lint", "node:test"]);
    expect(
      await gates({
        "ui/Makefile": "check:\n\tnpx vitest run\n",
        ".github/workflows/ci.yml":
          "on: push\njobs:\n  ci:\n    runs-on: x\n    steps:\n      - run: |\n          cd ui\n          make check\n",
      }),
    ).toEqual(["node:test"]);
    // Near miss: a `cd` inside a subshell does not move the next line.
    expect(
      await gates({
        "ui/Makefile": "check:\n\tnpx vitest run\n",
        ".github/workflows/ci.yml":
          "on: push\njobs:\n  ci:\n    runs-on: x\n    steps:\n      - run: |\n          (cd ui && yarn install)\n          make check\n",
      }),
    ).toEqual([]);
  });

  it("runs the script of the one workspace package a command names", async () => {
    const files = {
      "package.json": JSON.stringify({
        workspaces: ["apps/*"],
        scripts: { "web:build": "dotenv -- yarn workspace @acme/web build" },
      }),
      "apps/web/package.json": JSON.stringify({ name: "@acme/web", scripts: { build: "tsc && vite build" } }),
      "apps/worker/package.json": JSON.stringify({
        name: "@acme/worker",
        scripts: { build: "esbuild x.ts" },
      }),
    };
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("yarn web:build") })).toEqual([
      "node:typecheck",
    ]);
    // Near miss: the named package's build does not type-check, another package's would.
    expect(
      await gates({ ...files, ".github/workflows/ci.yml": workflow("yarn workspace @acme/worker build") }),
    ).toEqual([]);
    expect(
      await gates({ ...files, ".github/workflows/ci.yml": workflow("pnpm --filter @acme/worker build") }),
    ).toEqual([]);
  });

  it("reads the commands a Go pipeline program (Dagger, mage) executes", async () => {
    const files = {
      "mix.exs": "defmodule App.MixProject do\nend\n",
      "magefiles/main.go": "//go:build ignore\npackage main\nfunc main() { os.Exit(mage.Main()) }\n",
      "magefiles/magefiles.go": "package main\nfunc CI(ctx context.Context) { image.New(ctx).Test() }\n",
      "magefiles/image/test.go":
        'package image\nfunc (i *Image) WithTest() *Image {\n\ti.c = i.c.\n\t\tWithExec([]string{\n\t\t\t"mix", "test",\n\t\t})\n\treturn i\n}\n',
      "magefiles/image/lint.go":
        'package image\nfunc Lint() error { return sh.RunV("mix", "format", "--check-formatted") }\n',
    };
    expect(
      await gates({
        ...files,
        ".github/workflows/ci.yml":
          "on: push\njobs:\n  ci:\n    runs-on: x\n    steps:\n      - run: |\n          cd magefiles\n          go run main.go -w ../ ci\n",
      }),
    ).toEqual(["elixir:format", "elixir:test"]);
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("dagger run mage ci") })).toEqual([
      "elixir:format",
      "elixir:test",
    ]);
    // Near miss: `go run` of a remote module is a tool, not the pipeline program.
    expect(
      await gates({
        ...files,
        ".github/workflows/ci.yml": workflow("go run golang.org/x/tools/cmd/stringer@latest ./..."),
      }),
    ).toEqual([]);
  });

  it("follows a make target into a dispatching script's shell function (`./tool test.unit` → test.unit() { … })", async () => {
    const files = {
      Makefile: [
        "export TOOL=./tool",
        "include build/make.include",
        "",
        "test: test.lint test.unit",
        "",
        "WRAPPED += test.lint test.unit",
        "WRAPPED += web.lint",
        "$(WRAPPED):",
        "\t$(Q)$(TOOL) $@",
        "",
      ].join("\n"),
      "build/make.include": "ifeq ($(V),1)\n  Q =\nelse\n  Q = @\nendif\n",
      tool: [
        "#!/usr/bin/env bash",
        'source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"',
        'source "$(dirname "${BASH_SOURCE[0]}")/lib/test.sh"',
        "main() {",
        '  local cmd="$1"; shift',
        '  "$cmd" "$@"',
        "}",
        'main "$@"',
        "",
      ].join("\n"),
      "lib/common.sh":
        'venv.run() {\n  (\n    source .venv/bin/activate\n    "$@"\n  )\n}\nsay() {\n  echo "$@"\n}\n',
      "lib/test.sh": [
        "test.lint() {",
        "  say lint",
        "  pylint --rcfile .pylintrc \\",
        "     app tests",
        "}",
        "test.unit() {",
        "  venv.run python -m nose2 -s tests/unit",
        "}",
        "web.lint() {",
        "  (",
        "    set -e",
        "    web.install",
        "    npm --prefix web run lint",
        "  )",
        "}",
        "web.install() {",
        "  npm --prefix web ci",
        "}",
        "",
      ].join("\n"),
      "web/package.json": JSON.stringify({ scripts: { lint: "eslint src" } }),
    };
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("make V=1 test") })).toEqual([
      "python:lint",
      "python:test",
    ]);
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("make web.lint") })).toEqual([
      "node:lint",
    ]);
    // Near misses: a subcommand the script defines no function for, and a script that does not dispatch.
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("./tool docs.html") })).toEqual([]);
    expect(
      await gates({
        ...files,
        tool: files.tool.replace('main "$@"', "main build"),
        ".github/workflows/ci.yml": workflow("./tool test.unit"),
      }),
    ).toEqual([]);
  });

  it("reads a straight-through shell script without an extension, with its own folder's variable resolved", async () => {
    const files = {
      "build-tools/ci/validate": [
        "#!/bin/bash",
        "# Run every check.",
        "set -eu",
        "scriptdir=$(cd $(dirname $0) && pwd)",
        "$scriptdir/validate-python # lint",
        'if [[ "${1:-}" == "--all" ]]; then',
        "  $scriptdir/validate-tests --all",
        "fi",
        "",
      ].join("\n"),
      "build-tools/ci/validate-python": "#!/bin/bash\nset -eu\nruff check .\n",
      "build-tools/ci/validate-tests": [
        "#!/usr/bin/env bash",
        'SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"',
        "cd $SCRIPT_DIR/../..",
        "eval python -m pytest -n 4 \\",
        '    "$@"',
        "",
      ].join("\n"),
    };
    expect(
      await gates({ ...files, ".github/workflows/ci.yml": workflow("build-tools/ci/validate --all") }),
    ).toEqual(["python:lint", "python:test"]);
    // Near misses: a Python program without an extension, and a shell script that defines functions (read only
    // through the function its first argument names).
    expect(
      await gates({
        ...files,
        "build-tools/ci/validate": "#!/usr/bin/env python3\nimport subprocess\nsubprocess.run(['pytest'])\n",
        ".github/workflows/ci.yml": workflow("build-tools/ci/validate --all"),
      }),
    ).toEqual([]);
    expect(
      await gates({
        ...files,
        "build-tools/ci/validate": "#!/bin/bash\nhelp() {\n  echo usage\n}\nruff check .\n",
        ".github/workflows/ci.yml": workflow("build-tools/ci/validate --all"),
      }),
    ).toEqual([]);
  });

  it("runs an Nx project's target through its executor when no package script has that name", async () => {
    const files = {
      "package.json": JSON.stringify({
        name: "money",
        scripts: {
          "build:production":
            "nx run api:copy-assets && nx run api:build:production && nx run client:build:production",
          affected: "nx affected",
        },
      }),
      "nx.json": "{}",
      "apps/client/project.json": JSON.stringify({
        name: "client",
        targets: {
          build: {
            executor: "@nx/angular:browser-esbuild",
            options: { tsConfig: "apps/client/tsconfig.app.json" },
          },
          test: { executor: "@nx/jest:jest" },
        },
      }),
      "apps/api/project.json": JSON.stringify({
        name: "api",
        targets: {
          "copy-assets": {
            executor: "nx:run-commands",
            options: { commands: [{ command: "shx cp -r a b" }] },
          },
          build: { options: { webpackConfig: "apps/api/webpack.config.js" } },
          lint: { executor: "@nx/eslint:lint" },
        },
      }),
      "apps/client/src/main.ts": "export {};\n",
    };
    expect(
      await gates({ ...files, ".github/workflows/ci.yml": workflow("npm run build:production") }),
    ).toEqual(["node:typecheck"]);
    expect(
      await gates({ ...files, ".github/workflows/ci.yml": workflow("npx nx run-many --target=lint --all") }),
    ).toEqual(["node:lint"]);
    // Near misses: the project named is the one without a type-checking build, and a webpack build.
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("npx nx run api:build") })).toEqual(
      [],
    );
    expect(
      await gates({
        ...files,
        "apps/client/project.json": files["apps/client/project.json"].replace(
          "@nx/angular:browser-esbuild",
          "@nx/webpack:webpack",
        ),
        ".github/workflows/ci.yml": workflow("npm run build:production"),
      }),
    ).toEqual([]);
  });

  it("runs a pydoit task's dependencies and shell actions (`doit run typescript`)", async () => {
    const dodo = [
      "import os",
      "if os.name == 'nt':",
      "    npx = 'npx.cmd'",
      "else:",
      "    npx = 'npx'",
      "",
      "def task_npm():",
      "    return {'actions': ['npm ci'], 'file_dep': ['package-lock.json']}",
      "",
      "def task_typescript():",
      '    """Compile TypeScript."""',
      "    return dict(",
      "        task_dep=['npm', 'lint'],",
      "        actions=[[npx, 'tsc', '--noEmit'], [npx, 'esbuild', 'static/js/index.ts', '--bundle']],",
      "    )",
      "",
      "def task_lint():",
      "    def check():",
      "        return True",
      "    yield {'name': 'js', 'actions': ['npx eslint static/js']}",
      "    yield {'name': 'py', 'actions': [check]}",
      "",
    ].join("\n");
    const files = {
      "package.json": JSON.stringify({ name: "site", devDependencies: { typescript: "5.0.0" } }),
      "tsconfig.json": "{}",
      "static/js/index.ts": "export {};\n",
      "dodo.py": dodo,
      "build-tools/validate-typescript": "#!/bin/bash\nset -eu\ndoit run typescript\n",
    };
    expect(
      await gates({ ...files, ".github/workflows/ci.yml": workflow("build-tools/validate-typescript") }),
    ).toEqual(["node:lint", "node:typecheck"]);
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("python -m doit lint") })).toEqual([
      "node:lint",
    ]);
    // Near misses: a task that only bundles, and `doit list`, which runs nothing.
    expect(
      await gates({
        ...files,
        "dodo.py": dodo.replace("[npx, 'tsc', '--noEmit'], ", "").replace("'npm', 'lint'", "'npm'"),
        ".github/workflows/ci.yml": workflow("doit run typescript"),
      }),
    ).toEqual([]);
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("doit list typescript") })).toEqual(
      [],
    );
  });

  it("runs a moon project's task with its dependencies (`moon run web:lint`)", async () => {
    const files = {
      ".moon/workspace.yml": 'projects:\n  app: "."\n  web: "web"\n',
      "web/moon.yml": [
        'id: "web"',
        "tasks:",
        "  install:",
        '    command: "pnpm install"',
        "    options:",
        "      runFromWorkspaceRoot: true",
        "  format:",
        "    command: [prettier, --check, src]",
        "  lint:",
        '    command: "pnpm run lint"',
        "    deps:",
        '      - "install"',
        '      - "~:format"',
        "  build:",
        '    command: "pnpm run build"',
        "",
      ].join("\n"),
      "web/package.json": JSON.stringify({
        name: "web",
        scripts: { lint: "eslint src", build: "vite build" },
        devDependencies: { eslint: "9.0.0", prettier: "3.0.0" },
      }),
      "web/src/main.ts": "export {};\n",
    };
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("moon run web:lint") })).toEqual([
      "node:format",
      "node:lint",
    ]);
    // Near misses: a task that only builds, and a project that is not in the workspace.
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("moon run web:build") })).toEqual([]);
    expect(await gates({ ...files, ".github/workflows/ci.yml": workflow("moon run site:lint") })).toEqual([]);
  });

  it("finds a bare command run in a compose service among the folders its image puts on PATH", async () => {
    const files = {
      "mix.exs": "defmodule App.MixProject do\n  def project, do: [app: :app]\nend\n",
      "docker/app/Dockerfile": "FROM elixir:1.17\nENV PATH=$WORKSPACE/docker/app:$PATH\nCOPY . .\n",
      "docker/app/run-test": "#!/usr/bin/env sh\nset -e\nmix format --check-formatted\nmix test\n",
    };
    expect(
      await gates({ ...files, ".github/workflows/ci.yml": workflow("docker compose run --rm app run-test") }),
    ).toEqual(["elixir:format", "elixir:test"]);
    // Near miss: the script's folder is not on the image's PATH.
    expect(
      await gates({
        ...files,
        "docker/app/Dockerfile": "FROM elixir:1.17\nCOPY . .\n",
        ".github/workflows/ci.yml": workflow("docker compose run --rm app run-test"),
      }),
    ).toEqual([]);
  });
});

describe("mise tasks and Depot CI workflows", () => {
  const goApp = {
    "go.mod": "module example.com/app\n\ngo 1.22\n",
    "main.go": "package main\n\nfunc main() {}\n",
    "main_test.go": 'package main\n\nimport "testing"\n\nfunc TestMain(t *testing.T) {}\n',
  };

  it("names the task of `mise run`", () => {
    expect(scriptInvocation("mise run test")).toEqual({ runner: "mise", target: "test" });
    expect(scriptInvocation("mise r -C api --jobs 4 lint -- ./...")).toEqual({
      runner: "mise",
      target: "lint",
    });
    expect(scriptInvocation("mise install --locked --yes")).toBeNull();
  });

  it("follows file tasks and [tasks] tables to their commands", async () => {
    expect(
      await gates({
        ...goApp,
        ".mise/tasks/lint":
          '#!/usr/bin/env bash\n#MISE description="Run Go lint checks"\nset -euo pipefail\ngolangci-lint run ./...\n',
        "mise.toml": '[tasks.test]\ndescription = "tests"\nrun = "go test ./..."\ndepends = ["lint"]\n',
        ".github/workflows/ci.yml": workflow("mise run test"),
      }),
    ).toEqual(["go:lint", "go:test"]);
    // `#MISE depends=[…]` in a file task runs those tasks first.
    expect(
      await gates({
        ...goApp,
        ".mise/tasks/lint": "#!/usr/bin/env bash\ngolangci-lint run ./...\n",
        ".mise/tasks/build":
          '#!/usr/bin/env bash\n#MISE depends=["lint"]\nset -euo pipefail\ngo build ./...\n',
        ".github/workflows/ci.yml": workflow("mise run build"),
      }),
    ).toEqual(["go:build", "go:lint"]);
    // Near miss: a task nobody defines is no gate.
    expect(await gates({ ...goApp, ".github/workflows/ci.yml": workflow("mise run test") })).toEqual([]);
  });

  it("counts a task running an unknown tool by its name and the language its description names", async () => {
    const task = (description: string): string =>
      `#!/usr/bin/env bash\n#MISE description="${description}"\ncleanup() {\n  docker compose down\n}\ntrap cleanup EXIT\nrask "$@"\n`;
    expect(
      await gates({
        ...goApp,
        ".mise/tasks/test": task("Run the Go test suite"),
        ".github/workflows/ci.yml": workflow("mise run test"),
      }),
    ).toEqual(["go:test"]);
    // Near miss: a description naming no language says nothing of which suite runs.
    expect(
      await gates({
        ...goApp,
        ".mise/tasks/test": task("Run the suite"),
        ".github/workflows/ci.yml": workflow("mise run test"),
      }),
    ).toEqual([]);
  });

  it("reads Depot CI workflows (.depot/workflows, GitHub Actions syntax) and the local workflows they call", async () => {
    const { facts } = await analyseFiles({
      ...goApp,
      ".depot/workflows/pr.yaml":
        "name: PR\non:\n  pull_request:\njobs:\n  go:\n    uses: ./.depot/workflows/job_go.yaml\n",
      ".depot/workflows/job_go.yaml":
        "name: Go\non:\n  workflow_call:\njobs:\n  build:\n    runs-on: depot-ubuntu-24.04\n    steps:\n      - run: go vet ./...\n      - run: go test ./...\n",
    });
    expect(facts.ci.workflows.map((w) => w.path).sort()).toEqual([
      ".depot/workflows/job_go.yaml",
      ".depot/workflows/pr.yaml",
    ]);
    expect(facts.ci.gates.map((g) => `${g.ecosystem ?? "-"}:${g.kind}`).sort()).toContain("go:test");
  });
});
