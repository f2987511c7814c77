// ci/missing-gate: an ecosystem the repository has lacks a CI gate (format, lint, type check, tests, dependency audit, security scan).
import type { GateKind } from "../../facts/ci/types.js";
import { defineRule } from "../define-rule.js";

const EXPECTED: Record<
  string,
  Array<{ kind: GateKind; severity: "high" | "medium" | "low"; examples: string }>
> = {
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
    { kind: "test", severity: "high", examples: "npm test, vitest, jest" },
    { kind: "format", severity: "low", examples: "prettier --check, biome check" },
    { kind: "lint", severity: "medium", examples: "eslint, biome" },
    { kind: "typecheck", severity: "medium", examples: "tsc --noEmit" },
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

export default defineRule({
  id: "ci/missing-gate",
  area: "ci",
  severity: "medium",
  title: "CI does not enforce a standard gate for an ecosystem",
  effortMinutes: 30,
  confidence: "heuristic",
  notes: [
    "Runs only when CI workflows exist (ci/no-ci-workflow covers none at all).",
    "Ecosystem-neutral tools count for every ecosystem: semgrep/CodeQL as security scan, osv-scanner/dependency-review/trivy fs as dependency audit.",
    "`npm run x` and `make x` are resolved through package.json scripts and Makefile targets before classifying.",
    "Node type checking is expected only when the repository has TypeScript files. Severity per gate: tests high, lint/audit medium, format/type check/security scan low or medium.",
  ],
  docs: {
    rationale:
      "A check that runs only on developers' machines is optional; CI is where the team's standards are enforced on every change. Each missing gate lets one class of defect (unformatted code, lint errors, vulnerable dependencies, failing tests) merge unnoticed.",
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
      : (facts.apps ?? []).some((a) => EXPECTED[a.ecosystem])
        ? true
        : { status: "not-applicable", reason: "no app of an ecosystem with known gates" },
  check({ facts, report }) {
    const workflows = facts.ci.workflows.map((w) => w.path).join(", ");
    const ecosystems = [...new Set((facts.apps ?? []).map((a) => a.ecosystem))]
      .filter((e) => EXPECTED[e])
      .sort();
    const hasTypeScript = facts.files.some(
      (f) => (f.language === "typescript" || f.language === "tsx") && !f.isTest,
    );
    for (const ecosystem of ecosystems) {
      const manifest = facts.apps.find((a) => a.ecosystem === ecosystem)?.manifest ?? "";
      for (const gate of EXPECTED[ecosystem] ?? []) {
        if (ecosystem === "node" && gate.kind === "typecheck" && !hasTypeScript) continue;
        const neutralOk = gate.kind === "security-scan" || gate.kind === "dependency-audit";
        const present = facts.ci.gates.some(
          (g) =>
            g.kind === gate.kind &&
            !g.stub &&
            (g.ecosystem === ecosystem || (neutralOk && g.ecosystem === null)),
        );
        if (present) continue;
        report({
          message: `No ${gate.kind} gate for ${ecosystem} in CI (looked for ${gate.examples})`,
          severity: gate.severity,
          key: `${ecosystem}:${gate.kind}`,
          snippet: `${ecosystem} app (${manifest}); CI gates found: ${[...new Set(facts.ci.gates.filter((g) => g.ecosystem === ecosystem || g.ecosystem === null).map((g) => g.kind))].join(", ") || "none"}`,
          searched: `run: commands and uses: actions (with npm scripts and Makefile targets resolved) in ${workflows}`,
        });
      }
    }
  },
});
