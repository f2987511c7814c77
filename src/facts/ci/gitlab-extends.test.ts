import { describe, expect, it } from "vitest";
import { analyseFiles, findingsOf } from "../../../test/helpers/audit-harness.js";
import { workflowEnvOf } from "./semantics.js";

const gatesOf = async (files: Record<string, string>) =>
  (await analyseFiles(files)).facts.ci.gates.map((g) => `${g.job}:${g.kind}:${g.path}:${g.line}`).sort();

const pythonApp = {
  "pyproject.toml": '[project]\nname = "svc"\n',
  "app/main.py": "def main():\n    return 1\n",
  "tests/test_main.py": "def test_main():\n    assert True\n",
};

describe("GitLab jobs as GitLab runs them", () => {
  it("merges extends: hidden templates over several levels and resolves !reference before gates are judged", async () => {
    const gates = await gatesOf({
      ...pythonApp,
      ".gitlab-ci.yml": [
        ".python:",
        "  image: python:3.12",
        "  before_script:",
        "    - pip install -e .",
        ".tests:",
        "  extends: .python",
        "  script:",
        "    - pytest",
        "unit:",
        "  extends: .tests",
        "lint:",
        "  extends: .python",
        "  script:",
        "    - !reference [.lint-commands, script]",
        ".lint-commands:",
        "  script:",
        "    - ruff check .",
        "",
      ].join("\n"),
    });
    expect(gates).toEqual(["lint:lint:.gitlab-ci.yml:17", "unit:test:.gitlab-ci.yml:8"]);
  });

  it("reads jobs and templates from local include: files, with lines in the job's own file", async () => {
    const result = await analyseFiles({
      ...pythonApp,
      ".gitlab-ci.yml":
        "include:\n  - local: ci/templates.yml\n  - local: ci/jobs/*.yml\nunit:\n  extends: .pytest\n",
      "ci/templates.yml": ".pytest:\n  image: python:3.12\n  script:\n    - pytest -q\n",
      "ci/jobs/lint.yml": "lint:\n  script:\n    - ruff check .\n",
    });
    expect(result.facts.ci.gates.map((g) => `${g.job}:${g.kind}:${g.path}:${g.line}`).sort()).toEqual([
      "lint:lint:ci/jobs/lint.yml:3",
      "unit:test:.gitlab-ci.yml:5",
    ]);
    expect(result.facts.ci.workflows.find((w) => w.path === "ci/jobs/lint.yml")?.includedBy).toBe(
      ".gitlab-ci.yml",
    );
    expect(result.facts.ci.workflows.find((w) => w.path === "ci/jobs/lint.yml")?.invalid ?? null).toBeNull();
  });

  it("does not count jobs whose rules all say when: never, nor manual jobs GitLab lets the pipeline skip", async () => {
    const result = await analyseFiles({
      ...pythonApp,
      ".gitlab-ci.yml": [
        "unit:",
        "  script:",
        "    - pytest",
        "  rules:",
        "    - if: $CI_COMMIT_TAG",
        "      when: never",
        "    - when: never",
        "lint:",
        "  when: manual",
        "  script:",
        "    - ruff check .",
        "",
      ].join("\n"),
    });
    expect(result.facts.ci.gates).toEqual([]);
    const unit = result.facts.ci.workflows[0]?.jobs.find((j) => j.id === "unit");
    expect(unit?.neverRuns).toContain("when: never");
    expect(
      await findingsOf("ci/missing-gate", {
        ...pythonApp,
        ".gitlab-ci.yml": "unit:\n  script:\n    - pytest\n  rules:\n    - when: never\n",
      }),
    ).not.toEqual([]);
  });

  it("keeps counting jobs whose rules can match (a variable nothing defines may be set when the pipeline starts) and manual jobs that must pass", async () => {
    const gates = await gatesOf({
      ...pythonApp,
      ".gitlab-ci.yml": [
        "unit:",
        "  script:",
        "    - pytest",
        "  rules:",
        "    - if: $RUN_TESTS == 'yes'",
        "    - when: never",
        "lint:",
        "  when: manual",
        "  allow_failure: false",
        "  script:",
        "    - ruff check .",
        "",
      ].join("\n"),
    });
    expect(gates).toEqual(["lint:lint:.gitlab-ci.yml:11", "unit:test:.gitlab-ci.yml:3"]);
  });

  it("reads a pipeline written after a spec: header document (CI/CD inputs) as GitLab does", async () => {
    const result = await analyseFiles({
      ...pythonApp,
      ".gitlab-ci.yml": [
        "spec:",
        "  inputs:",
        "    python:",
        '      default: "3.12"',
        "",
        "---",
        "",
        "unit:",
        "  script:",
        "    - pytest",
        "",
      ].join("\n"),
    });
    expect(result.facts.ci.workflows[0]?.invalid ?? null).toBeNull();
    expect(result.facts.ci.gates.map((g) => `${g.job}:${g.kind}:${g.line}`)).toEqual(["unit:test:10"]);
  });

  it("gives every job the pipeline's default: keywords unless inherit: default: turns them off or lists others", async () => {
    const result = await analyseFiles({
      ...pythonApp,
      ".gitlab-ci.yml": [
        "default:",
        "  image: python:3.12",
        "  services:",
        "    - postgres:16",
        "  before_script:",
        "    - ruff check .",
        "unit:",
        "  script:",
        "    - pytest",
        "docs:",
        "  inherit:",
        "    default: false",
        "  script:",
        "    - mkdocs build",
        "types:",
        "  inherit:",
        "    default: [image]",
        "  script:",
        "    - mypy .",
        "",
      ].join("\n"),
    });
    expect(result.facts.ci.gates.map((g) => `${g.job}:${g.kind}:${g.line}`).sort()).toEqual([
      "types:typecheck:19",
      "unit:lint:6",
      "unit:test:9",
    ]);
    const jobs = result.facts.ci.workflows[0]?.jobs ?? [];
    const seen = (id: string) => jobs.find((j) => j.id === id);
    expect([seen("unit")?.container, seen("unit")?.serviceImages]).toEqual(["python:3.12", ["postgres:16"]]);
    expect([seen("docs")?.container ?? null, seen("docs")?.serviceImages]).toEqual([null, []]);
    expect([seen("types")?.container, seen("types")?.serviceImages]).toEqual(["python:3.12", []]);
  });

  it("takes default: from an included file and the older top-level before_script:, a job's own keyword winning", async () => {
    const result = await analyseFiles({
      ...pythonApp,
      ".gitlab-ci.yml": [
        "include:",
        "  - local: ci/defaults.yml",
        "before_script:",
        "  - ruff check .",
        "unit:",
        "  script:",
        "    - pytest",
        "quick:",
        "  before_script: []",
        "  script:",
        "    - pytest -x",
        "",
      ].join("\n"),
      "ci/defaults.yml": "default:\n  image: python:3.12\n  after_script:\n    - mypy .\n",
    });
    expect(result.facts.ci.gates.map((g) => `${g.job}:${g.kind}:${g.line}`).sort()).toEqual([
      "quick:test:11",
      "quick:typecheck:9",
      "unit:lint:4",
      "unit:test:7",
      "unit:typecheck:6",
    ]);
    const main = result.facts.ci.workflows.find((w) => w.path === ".gitlab-ci.yml");
    expect(main?.jobs.find((j) => j.id === "unit")?.container).toBe("python:3.12");
  });
  it("gives a job only the pipeline variables inherit: variables: lets through", async () => {
    const mixExs = [
      "defmodule App.MixProject do",
      "  use Mix.Project",
      "  def project, do: [app: :app, deps: deps()]",
      "  defp deps do",
      '    [{:dialyxir, "~> 1.4", only: [:dev], runtime: false}]',
      "  end",
      "end",
      "",
    ].join("\n");
    const pipeline = (inherit: string[]) =>
      [
        "variables:",
        "  MIX_ENV: test",
        "  LOG_LEVEL: debug",
        "dialyzer:",
        ...inherit,
        "  script:",
        "    - mix dialyzer",
        "",
      ].join("\n");
    const fired = await findingsOf("ci/tool-outside-dependency-env", {
      "mix.exs": mixExs,
      ".gitlab-ci.yml": pipeline([]),
    });
    expect(fired.map((f) => f.location?.startLine)).toEqual([6]);
    for (const inherit of [
      ["  inherit:", "    variables: false"],
      ["  inherit:", "    variables: [LOG_LEVEL]"],
    ]) {
      const result = await analyseFiles({ "mix.exs": mixExs, ".gitlab-ci.yml": pipeline(inherit) });
      const workflow = result.facts.ci.workflows[0];
      const job = workflow?.jobs[0];
      expect(job && workflow ? workflowEnvOf(workflow, job) : null).toEqual(
        inherit[1]?.includes("false") ? {} : { LOG_LEVEL: "debug" },
      );
      const silent = await findingsOf("ci/tool-outside-dependency-env", {
        "mix.exs": mixExs,
        ".gitlab-ci.yml": pipeline(inherit),
      });
      expect(silent).toEqual([]);
    }
  });
});
