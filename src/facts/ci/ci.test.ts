import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";
import { classifyAction, classifyCommand, scriptInvocation, splitScript } from "./classify.js";

const kinds = (command: string): string[] =>
  classifyCommand(command).map((g) => `${g.ecosystem ?? "-"}:${g.kind}`);

describe("CI gate classifier", () => {
  it("classifies commands of every ecosystem", () => {
    expect(kinds("mix format --check-formatted")).toEqual(["elixir:format"]);
    expect(kinds("mix compile --warnings-as-errors")).toEqual(["elixir:compile-warnings"]);
    expect(kinds("MIX_ENV=test mix coveralls.github --partitions 4")).toEqual([
      "elixir:test",
      "elixir:coverage",
    ]);
    expect(kinds("mix deps.audit && mix hex.audit && mix sobelow --config")).toEqual([
      "elixir:security-scan",
      "elixir:dependency-audit",
    ]);
    expect(kinds('test -z "$(gofmt -l .)"')).toEqual(["go:format"]);
    expect(kinds("go test -race -coverprofile=cover.out ./...")).toEqual(["go:test", "go:coverage"]);
    expect(kinds("golangci-lint run --timeout 5m")).toEqual(["go:lint"]);
    expect(kinds("ruff format --check .")).toEqual(["python:format"]);
    expect(kinds("ruff check .")).toEqual(["python:lint"]);
    expect(kinds("python -m pytest --cov=app --cov-fail-under=85")).toEqual([
      "python:test",
      "python:coverage",
      "python:coverage-threshold",
    ]);
    expect(kinds("pip-audit -r requirements.txt")).toEqual(["python:dependency-audit"]);
    expect(kinds("npx tsc --noEmit")).toEqual(["node:typecheck"]);
    expect(kinds("npm audit --audit-level=high")).toEqual(["node:dependency-audit"]);
    expect(kinds("docker buildx build -t app .")).toEqual(["-:container-build"]);
    expect(kinds("trivy image app:ci")).toEqual(["-:container-scan"]);
    expect(kinds("kubectl apply -f k8s/")).toEqual(["-:deploy"]);
    expect(kinds("echo mix test")).toEqual([]);
    expect(kinds("go mod download")).toEqual([]);
  });

  it("classifies actions and their inputs", () => {
    expect(classifyAction("github/codeql-action/analyze@v3").map((g) => g.kind)).toEqual(["security-scan"]);
    expect(classifyAction("docker/build-push-action@v6", { push: "true" }).map((g) => g.kind)).toEqual([
      "container-build",
      "container-push",
    ]);
    expect(
      classifyAction("aquasecurity/trivy-action@0.28.0", { "scan-type": "fs" }).map((g) => g.kind),
    ).toEqual(["dependency-audit"]);
    expect(classifyAction("actions/checkout@v4")).toEqual([]);
    // Cypress's action runs the specs unless told only to install.
    expect(classifyAction("cypress-io/github-action@v6", { install: "false", record: "true" })).toEqual([
      { kind: "test", tool: "cypress run", ecosystem: "node" },
    ]);
    expect(classifyAction("cypress-io/github-action@v6", { runTests: "false" })).toEqual([]);
  });

  it("splits scripts on continuations and finds script runners", () => {
    expect(splitScript("a \\\n  b\nc\n")).toEqual([
      { text: "a b", offset: 0 },
      { text: "c", offset: 2 },
    ]);
    expect(scriptInvocation("npm run lint -- --fix")).toEqual({ runner: "npm", target: "lint" });
    expect(scriptInvocation("pnpm test")).toEqual({ runner: "npm", target: "test" });
    expect(scriptInvocation("npm ci")).toBeNull();
    expect(scriptInvocation("make -j4 check")).toEqual({ runner: "make", target: "check", dir: null });
    expect(scriptInvocation("make -C docs GO_ONLY=1 html")).toEqual({
      runner: "make",
      target: "html",
      dir: "docs",
    });
    expect(scriptInvocation("yarn --cwd web/static validate")).toEqual({
      runner: "npm",
      target: "validate",
      dir: "web/static",
    });
    expect(scriptInvocation("uv run bash scripts/tests-start.sh x")).toEqual({
      runner: "script",
      target: "scripts/tests-start.sh",
      args: ["x"],
    });
    expect(scriptInvocation("./ci/lint.sh")).toEqual({ runner: "script", target: "ci/lint.sh" });
    expect(scriptInvocation("mix bun assets run test")).toEqual({
      runner: "npm",
      target: "test",
      dir: "assets",
    });
    expect(scriptInvocation("pnpm -r run test")).toEqual({ runner: "workspaces", target: "test" });
  });
});

describe("ci facts", () => {
  it("parses jobs, steps and gates with exact lines, resolving Makefile targets", async () => {
    const { facts } = await analyseFiles({
      Makefile: "lint:\n\tgolangci-lint run\n\ncheck: lint\n\tgo test ./...\n",
      ".github/workflows/ci.yml": [
        "name: CI",
        "on:",
        "  push:",
        "  pull_request:",
        "concurrency:",
        "  group: ci",
        "  cancel-in-progress: true",
        "jobs:",
        "  test:",
        "    timeout-minutes: 10",
        "    strategy:",
        "      matrix:",
        "        go: ['1.22', '1.23']",
        "    services:",
        "      postgres:",
        "        image: postgres:16",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - name: Check",
        "        run: |",
        "          make check",
        "          govulncheck ./...",
        "",
      ].join("\n"),
    });
    const wf = facts.ci.workflows[0]!;
    expect(wf.triggers).toEqual(["push", "pull_request"]);
    expect(wf.concurrencyLine).toBe(5);
    const job = wf.jobs[0]!;
    expect([job.id, job.line, job.timeoutMinutes, job.services]).toEqual(["test", 9, 10, ["postgres"]]);
    expect(job.matrix).toEqual({ go: ["1.22", "1.23"] });
    expect(facts.ci.gates.map((g) => `${g.kind}@${g.line}`)).toEqual([
      "lint@21",
      "test@21",
      "dependency-audit@22",
    ]);
  });

  it("parses GitLab jobs and flags echo-only deploy jobs as stubs", async () => {
    const { facts } = await analyseFiles({
      ".gitlab-ci.yml":
        'stages: [test, deploy]\n.base:\n  image: node:20\ntest:\n  stage: test\n  script:\n    - npm ci\n    - npx eslint .\ndeploy_prod:\n  stage: deploy\n  script:\n    - echo "Deploying"\n',
    });
    expect(facts.ci.workflows[0]?.jobs.map((j) => j.id)).toEqual(["test", "deploy_prod"]);
    expect(facts.ci.gates.map((g) => `${g.kind}@${g.line}${g.stub ? " stub" : ""}`)).toEqual([
      "lint@8",
      "deploy@12 stub",
    ]);
  });

  it("classifies pre-commit hooks, including local hooks' entries, when CI runs pre-commit", async () => {
    const { facts } = await analyseFiles({
      ".pre-commit-config.yaml":
        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.6.0\n    hooks:\n      - id: ruff\n  - repo: local\n    hooks:\n      - id: local-mypy\n        entry: uv run mypy app\n      - id: local-format\n        entry: uv run ruff format\n",
      ".github/workflows/lint.yml":
        "on: push\njobs:\n  lint:\n    runs-on: x\n    steps:\n      - run: uvx pre-commit run --all-files\n",
    });
    expect(facts.ci.gates.map((g) => `${g.kind}:${g.ecosystem}@${g.line}`)).toEqual([
      "lint:python@6",
      "typecheck:python@6",
      "format:python@6",
    ]);
  });

  it("counts the gates of GitLab templates, minus those switched off", async () => {
    const { facts } = await analyseFiles({
      ".gitlab-ci.yml":
        'include:\n  - template: Auto-DevOps.gitlab-ci.yml\nvariables:\n  TEST_DISABLED: "true"\n',
    });
    expect(facts.ci.gates.map((g) => `${g.kind}@${g.line}`)).toEqual([
      "security-scan@2",
      "dependency-audit@2",
      "secret-scan@2",
      "container-build@2",
      "container-scan@2",
    ]);
  });

  it("reports broken YAML as a diagnostic", async () => {
    const { diagnostics } = await analyseFiles({ ".github/workflows/bad.yml": "on: push\njobs: [\n" });
    expect(
      diagnostics.some((d) => d.kind === "invalid-config" && d.path === ".github/workflows/bad.yml"),
    ).toBe(true);
  });
});

describe("Oxc tools", () => {
  it("reads `oxlint` as a lint gate and `oxfmt --check` as a format check; `--fix` and a bare `oxfmt` are neither", () => {
    expect(kinds("pnpm exec oxlint .")).toEqual(["node:lint"]);
    expect(kinds("oxlint --quiet && oxfmt --check")).toEqual(["node:lint", "node:format"]);
    expect(kinds("oxlint --fix && oxfmt")).toEqual([]);
  });
});

describe("Biome wrappers", () => {
  it("reads `ultracite check` as Biome's lint and format check, and `ultracite fix` as neither", () => {
    expect(kinds("ultracite check")).toEqual(["node:lint", "node:format"]);
    expect(kinds("npx ultracite lint")).toEqual(["node:lint"]);
    expect(kinds("ultracite fix")).toEqual([]);
  });
});
