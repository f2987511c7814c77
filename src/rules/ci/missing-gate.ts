// ci/missing-gate: applications of an ecosystem lack a CI gate (tests, lint, type check, format, dependency audit,
// security scan). One finding per ecosystem and gate kind, naming the apps and what was searched.
import type { AppFact } from "../../facts/apps/index.js";
import type { GateKind } from "../../facts/ci/types.js";
import type { RepoFacts } from "../../facts/repo-facts.js";
import type { Language } from "../../model/language.js";
import type { Severity } from "../../model/severity.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";

interface Expectation {
  kind: GateKind;
  /** Severity when the repository configures the tool locally (or, for tests, has tests); unconfigured is low. */
  severity: "high" | "medium" | "low";
  examples: string;
}

const EXPECTED: Record<string, Expectation[]> = {
  elixir: [
    { kind: "test", severity: "high", examples: "mix test" },
    { kind: "format", severity: "low", examples: "mix format --check-formatted" },
    { kind: "lint", severity: "medium", examples: "mix credo" },
    { kind: "compile-warnings", severity: "low", examples: "mix compile --warnings-as-errors" },
    { kind: "dependency-audit", severity: "medium", examples: "mix deps.audit, mix hex.audit" },
    { kind: "security-scan", severity: "medium", examples: "mix sobelow" },
  ],
  go: [
    { kind: "test", severity: "high", examples: "go test ./..." },
    { kind: "format", severity: "low", examples: "gofmt -l, goimports -l" },
    { kind: "lint", severity: "medium", examples: "go vet, golangci-lint, staticcheck" },
    { kind: "dependency-audit", severity: "medium", examples: "govulncheck, osv-scanner" },
    { kind: "security-scan", severity: "low", examples: "gosec, semgrep, CodeQL" },
  ],
  python: [
    { kind: "test", severity: "high", examples: "pytest, tox, nox" },
    { kind: "format", severity: "low", examples: "ruff format --check, black --check" },
    { kind: "lint", severity: "medium", examples: "ruff check, flake8, pylint" },
    { kind: "typecheck", severity: "low", examples: "mypy, pyright" },
    { kind: "dependency-audit", severity: "medium", examples: "pip-audit, safety, osv-scanner" },
    { kind: "security-scan", severity: "low", examples: "bandit, semgrep, CodeQL" },
  ],
  node: [
    { kind: "test", severity: "high", examples: "npm test, vitest, jest, playwright" },
    { kind: "format", severity: "low", examples: "prettier --check, biome check" },
    { kind: "lint", severity: "medium", examples: "eslint, biome, next lint" },
    { kind: "typecheck", severity: "medium", examples: "tsc --noEmit, vue-tsc, ng build" },
    {
      kind: "dependency-audit",
      severity: "medium",
      examples: "npm audit, osv-scanner, dependency-review-action",
    },
  ],
  rust: [
    { kind: "test", severity: "high", examples: "cargo test" },
    { kind: "format", severity: "low", examples: "cargo fmt --check" },
    { kind: "lint", severity: "medium", examples: "cargo clippy" },
    { kind: "dependency-audit", severity: "medium", examples: "cargo audit, cargo deny" },
  ],
};

const LANGUAGES: Record<string, Language[]> = {
  elixir: ["elixir"],
  go: ["go"],
  python: ["python"],
  node: ["typescript", "tsx", "javascript", "vue", "svelte"],
  rust: ["rust"],
};

/** Ecosystems a neutral scanner cannot read: CodeQL has no Elixir extractor, so its run scans none of an Elixir app. */
const SCANNER_BLIND_SPOTS: Readonly<Record<string, readonly string[]>> = { codeql: ["elixir"] };

function unscannedBy(tool: string, ecosystem: string, kind: GateKind): boolean {
  return kind === "security-scan" && (SCANNER_BLIND_SPOTS[tool] ?? []).includes(ecosystem);
}

/** Release gates that publish a package to a registry (a library), not an application or image. */
const REGISTRY_PUBLISH = /python packaging|pypi publish|npm publish|cargo publish|hex publish/;

const LABEL: Partial<Record<GateKind, string>> = {
  test: "test",
  format: "format check",
  lint: "lint",
  typecheck: "type check",
  "compile-warnings": "warnings-as-errors",
  "dependency-audit": "dependency audit",
  "security-scan": "security scan",
};

const under = (path: string, dir: string): boolean =>
  dir === "." || path === dir || path.startsWith(`${dir}/`);

/**
 * Apps whose gates matter: facts/apps already leaves out packages that are not applications (tooling wrappers,
 * asset bundles of another ecosystem's app, docs sites); examples and fixtures are left out here.
 */
function auditedApps(facts: RepoFacts): AppFact[] {
  // A Go program CI runs as its pipeline (Dagger, mage) is build tooling, not an application that ships.
  const pipelines = facts.ci?.pipelinePrograms ?? [];
  return (facts.apps ?? []).filter(
    (app) =>
      EXPECTED[app.ecosystem] !== undefined &&
      !pipelines.some((dir) => dir !== "." && under(app.path, dir)) &&
      !isExamplePath(`${app.path}/`) &&
      !/(^|\/)(fixtures?|testdata|templates?|vendor)(\/|$)/.test(app.path),
  );
}

export default defineRule({
  id: "ci/missing-gate",
  area: "ci",
  severity: "medium",
  title: "CI does not enforce a standard gate for an ecosystem",
  effortMinutes: 30,
  confidence: "heuristic",
  notes: [
    "Runs only when CI workflows exist (ci/no-ci-workflow covers none at all). One finding per ecosystem and gate kind, naming the applications that lack it; tooling-only packages (asset bundling for a server app), examples and fixtures are not applications that need gates, and neither is a Go program CI runs as its own pipeline (Dagger, mage).",
    'A gate counts however CI reaches it: package scripts (with pre/post hooks, npm-run-all chains and workspace fan-out through pnpm -r, turbo, nx, lerna), Makefile targets, Taskfile tasks, justfile recipes, gulp tasks, pydoit tasks (dodo.py), moon tasks, mise tasks (file tasks under `.mise/tasks/` and `[tasks]` tables; one running a tool not known here counts by its name and the language its description names, "Run the Go test suite"), mix aliases, shell scripts, local composite actions, pre-commit hooks (run by a workflow, or by pre-commit.ci when `.pre-commit-config.yaml` has its top-level `ci:` section), treefmt/nix flake checks and known actions and reusable workflows (CodeQL, osv-scanner). A step whose failure is ignored (`|| true`, `continue-on-error: true`, `allow_failure: true`) only warns and is not a gate.',
    "Ecosystem-neutral tools count for every ecosystem: semgrep/CodeQL as security scan, osv-scanner/dependency-review/trivy fs as dependency audit.",
    "Tests: reported only for apps that have test files. High only when no workflow runs any tests at all and the apps have more than one test file; medium when CI runs other tests but not these, or when a single test file exists (a starter test is no suite whose absence lets regressions through).",
    "A CodeQL run is no security scan of an Elixir app (CodeQL has no Elixir support: Sobelow is the scanner there).",
    "Lint, type check and security scan: medium when the repository configures the tool (a credo/eslint/ruff dependency, a .golangci or mypy config) but CI never runs it; low when the tool was never adopted. Format and warnings-as-errors are low.",
    "Dependency audit: low for node packages that declare devDependencies only (a folder of lint and format tools: nothing ships), when Dependabot or Renovate watches that ecosystem (known-vulnerable versions then arrive as update pull requests) or when CI publishes the package to a registry (a library: its users resolve and audit the versions); medium otherwise.",
  ],
  docs: {
    rationale:
      "A check that runs only on developers' machines is optional; CI is where the team's standards are enforced on every change. Each missing gate lets one class of defect (failing tests, lint errors, type errors, vulnerable dependencies) merge unnoticed.",
    impact:
      "Regressions, known-vulnerable dependencies and style drift reach the main branch and production.",
    fix: "Add the missing step to the workflow that runs on pull requests, failing the build on findings.",
    example: {
      language: "yaml",
      ecosystem: "node",
      bad: "steps:\n  - uses: actions/checkout@v4\n  - run: npm test",
      good: "steps:\n  - uses: actions/checkout@v4\n  - run: npm ci\n  - run: npx eslint .\n  - run: npx tsc --noEmit\n  - run: npm audit --audit-level=high\n  - run: npm test",
    },
    examples: [
      {
        language: "yaml",
        ecosystem: "go",
        bad: "steps:\n  - uses: actions/checkout@v4\n  - run: go build ./...",
        good: 'steps:\n  - uses: actions/checkout@v4\n  - run: test -z "$(gofmt -l .)"\n  - run: go vet ./...\n  - uses: golangci/golangci-lint-action@v6\n  - run: go test -race ./...\n  - run: go run golang.org/x/vuln/cmd/govulncheck@latest ./...',
      },
      {
        language: "yaml",
        ecosystem: "python",
        bad: "steps:\n  - uses: actions/checkout@v4\n  - run: pytest",
        good: "steps:\n  - uses: actions/checkout@v4\n  - run: ruff check . && ruff format --check .\n  - run: mypy .\n  - run: pip-audit\n  - run: pytest --cov --cov-fail-under=80",
      },
      {
        language: "yaml",
        ecosystem: "elixir",
        bad: "steps:\n  - uses: actions/checkout@v4\n  - run: mix test",
        good: "steps:\n  - uses: actions/checkout@v4\n  - run: mix format --check-formatted\n  - run: mix compile --warnings-as-errors\n  - run: mix credo --strict\n  - run: mix deps.audit\n  - run: mix test",
      },
    ],
  },
  applies: (facts) =>
    !facts.ci || facts.ci.workflows.length === 0
      ? { status: "not-applicable", reason: "no CI workflows" }
      : (facts.ci.otherCiConfigs ?? []).length > 0
        ? {
            status: "unknown",
            reason: `CI also runs on ${(facts.ci.otherCiConfigs ?? []).join(", ")}, whose gates are not read`,
          }
        : auditedApps(facts).length > 0
          ? true
          : { status: "not-applicable", reason: "no app of an ecosystem with known gates" },
  check({ facts, report }) {
    const workflows = facts.ci.workflows.map((w) => w.path).join(", ");
    const apps = auditedApps(facts);
    const ecosystems = [...new Set(apps.map((a) => a.ecosystem))].sort();
    const anyTests = facts.ci.gates.some((g) => g.kind === "test" && !g.stub);
    for (const ecosystem of ecosystems) {
      const own = apps.filter((a) => a.ecosystem === ecosystem);
      const languages = LANGUAGES[ecosystem] ?? [];
      // A file belongs to the deepest app of this ecosystem that contains it (a monorepo root does not own its packages' files).
      const owner = (path: string): AppFact | undefined =>
        own.filter((a) => under(path, a.path)).sort((a, b) => b.path.length - a.path.length)[0];
      const sources = (app: AppFact, tests: boolean): number =>
        facts.files.filter(
          (f) => f.isTest === tests && languages.includes(f.language) && owner(f.path) === app,
        ).length;
      for (const gate of EXPECTED[ecosystem] ?? []) {
        const neutralOk = gate.kind === "security-scan" || gate.kind === "dependency-audit";
        const matches = (g: {
          kind: GateKind;
          tool: string;
          ecosystem: string | null;
          stub?: boolean;
        }): boolean =>
          g.kind === gate.kind &&
          !g.stub &&
          (g.ecosystem === ecosystem ||
            (neutralOk && g.ecosystem === null && !unscannedBy(g.tool, ecosystem, gate.kind)));
        if (facts.ci.gates.some(matches)) continue;
        const needing = own.filter((app) =>
          gate.kind === "test"
            ? sources(app, true) > 0
            : gate.kind === "typecheck" && ecosystem === "node"
              ? facts.files.some(
                  (f) =>
                    !f.isTest &&
                    (f.language === "typescript" || f.language === "tsx") &&
                    owner(f.path) === app,
                )
              : sources(app, false) > 0,
        );
        if (needing.length === 0) continue;
        const configured = facts.ci.localTools.filter(
          (t) =>
            t.ecosystem === ecosystem &&
            t.kind === gate.kind &&
            needing.some((app) => under(t.dir, app.path) || under(app.path, t.dir)),
        );
        const bot = facts.ci.updateBots.find(
          (b) => b.ecosystems.includes("*") || b.ecosystems.includes(ecosystem),
        );
        const warnOnly = facts.ci.warnOnlyGates.filter(matches);
        let severity: Severity;
        let why: string;
        if (gate.kind === "test") {
          const count = needing.reduce((n, app) => n + sources(app, true), 0);
          // A single test file (a starter `App.test.tsx`, one helper's test) is no suite whose absence from CI
          // lets regressions through unnoticed: adding it to CI is worth doing, not a release blocker.
          severity = anyTests || count === 1 ? "medium" : "high";
          why = `${count === 1 ? "only 1 test file exists" : `${count} test files exist`}${anyTests ? "; CI runs other tests" : " and no workflow runs any tests"}`;
        } else if (gate.kind === "dependency-audit") {
          // A library published to a registry leaves version resolution to its users, who audit their own tree.
          const published = facts.ci.gates.find(
            (g) => g.kind === "release" && g.ecosystem === ecosystem && REGISTRY_PUBLISH.test(g.tool),
          );
          // A package.json with devDependencies only holds development tools (linters, formatters): nothing it
          // declares ships, so a vulnerable version reaches no user.
          const declared = facts.dependencies?.declared ?? [];
          const toolsOnly = needing.every((app) => {
            const own = declared.filter((d) => d.manifest === app.manifest);
            return ecosystem === "node" && own.length > 0 && own.every((d) => d.dev);
          });
          severity = bot || published || toolsOnly ? "low" : gate.severity;
          why = bot
            ? `${bot.tool} (${bot.path}) proposes updates for it`
            : published
              ? `a library published by ${published.path}:${published.line}: its users resolve and audit the versions`
              : toolsOnly
                ? "it declares devDependencies only: development tools, nothing that ships"
                : "no update bot (Dependabot, Renovate) watches it either";
        } else if (gate.severity === "low") {
          severity = "low";
          why = configured[0] ? `configured locally: ${configured[0].tool} (${configured[0].path})` : "";
        } else {
          severity = configured.length > 0 ? gate.severity : "low";
          // A warn-only run is named below: CI runs the tool, it just never fails on it.
          why = configured[0]
            ? `configured locally: ${configured[0].tool} (${configured[0].path})${warnOnly[0] ? "" : " but CI never runs it"}`
            : "no such tool is configured in the repository";
        }
        if (warnOnly[0])
          why = `${why ? `${why}; ` : ""}${warnOnly[0].tool} runs at ${warnOnly[0].path}:${warnOnly[0].line} but only warns (its failure is ignored)`;
        const names = needing.map((a) => (a.path === "." ? a.name : `${a.name} (${a.path})`));
        const label = LABEL[gate.kind] ?? gate.kind;
        report({
          message: `No ${label} gate in CI for ${ecosystem} app${needing.length > 1 ? "s" : ""} ${names.slice(0, 4).join(", ")}${names.length > 4 ? ` and ${names.length - 4} more` : ""}${why ? ` (${why})` : ""}; looked for ${gate.examples}`,
          severity,
          key: `${ecosystem}:${gate.kind}`,
          snippet: `${ecosystem} apps: ${needing.map((a) => a.manifest).join(", ")}; CI gates found: ${[...new Set(facts.ci.gates.filter((g) => g.ecosystem === ecosystem || g.ecosystem === null).map((g) => g.kind))].join(", ") || "none"}`,
          searched: `run: commands and uses: actions in ${workflows}, following package scripts, workspace runners (pnpm -r, turbo, nx, lerna), Makefile, Taskfile, justfile, gulp tasks, pydoit tasks, moon tasks, mise tasks, mix aliases, shell scripts, composite actions and pre-commit hooks`,
        });
      }
    }
  },
});
