// ci/no-ci-workflow: an application repository with no CI configuration at all.
import { OTHER_CI_SEARCHED } from "../../facts/ci/other-ci.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "ci/no-ci-workflow",
  area: "ci",
  severity: "medium",
  title: "No CI workflow",
  effortMinutes: 60,
  confidence: "heuristic",
  notes: [
    "Medium: no CI does not break the code by itself, but it is a blocker of the verdict (an application with no CI) and caps the CI/CD area's score at 60.",
    "Looks for GitHub Actions workflows and .gitlab-ci.yml; other CI systems (CircleCI, Jenkins, Buildkite, Azure, Travis) count when their configuration file exists.",
  ],
  docs: {
    rationale:
      "Without CI nothing checks a change before it merges: tests, linters and audits run only when someone remembers. Every standard the team agreed on is optional.",
    impact: "Broken builds, failing tests and vulnerable dependencies reach the main branch unnoticed.",
    fix: "Add a workflow that runs on pull requests and pushes to the main branch: install with the lockfile, lint, type-check, test and audit dependencies.",
    example: {
      language: "yaml",
      ecosystem: "node",
      bad: "# no .github/workflows/ folder",
      good: "# .github/workflows/ci.yml\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test",
    },
    examples: [
      {
        language: "yaml",
        ecosystem: "go",
        bad: "# no .github/workflows/ folder",
        good: "# .github/workflows/ci.yml\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n      - run: go vet ./... && go test ./...",
      },
      {
        language: "yaml",
        ecosystem: "python",
        bad: "# no .github/workflows/ folder",
        good: "# .github/workflows/ci.yml\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n      - run: pip install -r requirements.txt && ruff check . && pytest",
      },
      {
        language: "yaml",
        ecosystem: "elixir",
        bad: "# no .github/workflows/ folder",
        good: "# .github/workflows/ci.yml\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: erlef/setup-beam@v1\n      - run: mix deps.get && mix format --check-formatted && mix test",
      },
    ],
  },
  applies: (facts) =>
    (facts.apps ?? []).length > 0 ? true : { status: "not-applicable", reason: "no application manifest" },
  check({ facts, report }) {
    if (facts.ci.workflows.length > 0) return;
    if ((facts.ci.otherCiConfigs ?? []).length > 0) return;
    report({
      message: "No CI workflow found for this repository",
      key: "no-ci",
      snippet: `apps: ${facts.apps.map((a) => `${a.name} (${a.manifest})`).join(", ")}`,
      searched: `.github/workflows/*.yml|yaml, .depot/workflows/*.yml|yaml, .gitlab-ci.yml, ${OTHER_CI_SEARCHED}`,
    });
  },
});
