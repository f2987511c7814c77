// Gate classifier: what a CI command line or a `uses:` action amounts to (format check, lint, tests, audits …).
import { doitInvocation } from "./doit-tasks.js";
import { moonInvocation } from "./moon-projects.js";
import type { Invocation } from "./runners.js";
import type { GateKind } from "./types.js";

export interface GateMatch {
  kind: GateKind;
  tool: string;
  ecosystem: string | null;
  /** The command's failure is ignored (`|| true`): it does not gate. */
  warnOnly?: boolean;
}

interface CommandPattern {
  test: RegExp;
  kind: GateKind;
  tool: string;
  ecosystem: string | null;
}

const P = (test: RegExp, kind: GateKind, tool: string, ecosystem: string | null): CommandPattern => ({
  test,
  kind,
  tool,
  ecosystem,
});

// Word boundary that also accepts the start of a command after `&&`, `;`, `(`, `$(`, `|`, and a path or module
// prefix (`go run golang.org/x/vuln/cmd/govulncheck@v1`, `./bin/gosec`).
const B = "(?:^|[\\s;&|($`'\"/])";

const COMMANDS: CommandPattern[] = [
  // Elixir
  P(new RegExp(`${B}mix\\s+format\\b.*--check-formatted`), "format", "mix format", "elixir"),
  P(new RegExp(`${B}mix\\s+credo\\b`), "lint", "credo", "elixir"),
  P(new RegExp(`${B}mix\\s+dialyzer\\b`), "typecheck", "dialyzer", "elixir"),
  P(new RegExp(`${B}mix\\s+sobelow\\b`), "security-scan", "sobelow", "elixir"),
  P(new RegExp(`${B}mix\\s+deps\\.audit\\b`), "dependency-audit", "mix deps.audit", "elixir"),
  P(new RegExp(`${B}mix\\s+hex\\.audit\\b`), "dependency-audit", "mix hex.audit", "elixir"),
  P(
    new RegExp(`${B}mix\\s+deps\\.unlock\\b.*--check-unused`),
    "lint",
    "mix deps.unlock --check-unused",
    "elixir",
  ),
  P(
    new RegExp(`${B}mix\\s+(compile|test)\\b.*--warnings-as-errors`),
    "compile-warnings",
    "mix compile --warnings-as-errors",
    "elixir",
  ),
  // `mix test.compile`, `mix test.typings` are other tasks (often aliases of `compile`, `dialyzer`): resolved as such.
  P(new RegExp(`${B}mix\\s+test(?![\\w.-])`), "test", "mix test", "elixir"),
  P(new RegExp(`${B}mix\\s+test(?![\\w.-]).*--cover\\b`), "coverage", "mix test --cover", "elixir"),
  P(new RegExp(`${B}mix\\s+coveralls(\\.\\w+)?\\b`), "test", "mix coveralls", "elixir"),
  P(new RegExp(`${B}mix\\s+coveralls(\\.\\w+)?\\b`), "coverage", "excoveralls", "elixir"),
  P(new RegExp(`${B}mix\\s+release\\b`), "release", "mix release", "elixir"),
  // Go
  P(new RegExp(`${B}(gofmt|gofumpt|goimports)\\b[^|;&]*\\s-[a-z]*[ld]`), "format", "gofmt", "go"),
  P(new RegExp(`${B}go\\s+vet\\b`), "lint", "go vet", "go"),
  P(new RegExp(`${B}golangci-lint\\s+run\\b`), "lint", "golangci-lint", "go"),
  P(new RegExp(`${B}staticcheck\\b`), "lint", "staticcheck", "go"),
  P(new RegExp(`${B}gosec\\b`), "security-scan", "gosec", "go"),
  P(new RegExp(`${B}govulncheck\\b`), "dependency-audit", "govulncheck", "go"),
  P(new RegExp(`${B}go\\s+test\\b`), "test", "go test", "go"),
  // gotestsum runs `go test` with the flags after `--` and formats its output.
  P(new RegExp(`^(?!.*\\bgo\\s+(?:install|get)\\b).*${B}gotestsum(?=\\s|$)`), "test", "gotestsum", "go"),
  P(
    new RegExp(`${B}(go\\s+test\\b|gotestsum\\s).*(-cover\\b|-coverprofile|-covermode)`),
    "coverage",
    "go test -cover",
    "go",
  ),
  P(new RegExp(`${B}go\\s+build\\b`), "build", "go build", "go"),
  P(new RegExp(`${B}goreleaser\\b`), "release", "goreleaser", "go"),
  P(new RegExp(`${B}go-test-coverage\\b`), "coverage-threshold", "go-test-coverage", "go"),
  // Python
  P(new RegExp(`${B}ruff\\s+format\\b.*--check`), "format", "ruff format", "python"),
  P(new RegExp(`${B}ruff(\\s+check)?\\s+(?!format)`), "lint", "ruff", "python"),
  P(new RegExp(`${B}black\\b.*--check`), "format", "black", "python"),
  P(new RegExp(`${B}isort\\b.*(--check|-c\\b)`), "format", "isort", "python"),
  P(new RegExp(`${B}(flake8|pylint)\\b`), "lint", "flake8/pylint", "python"),
  P(new RegExp(`${B}mypy\\b`), "typecheck", "mypy", "python"),
  P(new RegExp(`${B}pyright\\b`), "typecheck", "pyright", "python"),
  P(new RegExp(`${B}(python3?\\s+-m\\s+)?pytest\\b`), "test", "pytest", "python"),
  P(
    new RegExp(
      `${B}(tox|nox)\\b(?!.*-e\\s*\\S*(typing|mypy|types|pyright|style|lint|flake8|pre-commit|docs)\\b)`,
    ),
    "test",
    "tox/nox",
    "python",
  ),
  P(
    new RegExp(`${B}(tox|nox)\\b.*-e\\s*\\S*(typing|mypy|types|pyright)\\b`),
    "typecheck",
    "tox/nox typing env",
    "python",
  ),
  P(new RegExp(`${B}(tox|nox)\\b.*-e\\s*\\S*(style|lint|flake8)\\b`), "lint", "tox/nox lint env", "python"),
  P(new RegExp(`${B}python3?\\s+-m\\s+unittest\\b`), "test", "unittest", "python"),
  P(new RegExp(`${B}(python3?\\s+-m\\s+)?nose2\\b`), "test", "nose2", "python"),
  P(/manage\.py\s+test\b/, "test", "django test", "python"),
  // Django apps' conventional test entry point (`python runtests.py`, `coverage run runtests.py`).
  P(/(^|[\s/])runtests\.py\b/, "test", "runtests.py", "python"),
  P(new RegExp(`${B}(python3?\\s+-m\\s+)?pytest\\b.*--cov\\b`), "coverage", "pytest-cov", "python"),
  // `--cov=pkg` is pytest-cov's flag: the command runs pytest even through a wrapper (`docker compose run app tests --cov=app`).
  P(/\s--cov=\S/, "test", "pytest (--cov)", "python"),
  P(/\s--cov=\S/, "coverage", "pytest-cov", "python"),
  P(new RegExp(`${B}coverage\\s+run\\b`), "coverage", "coverage.py", "python"),
  // `coverage run <program>` measures a program's run; in CI that program is the test suite (`coverage run
  // $(which test_app) test`, `coverage run -m pytest`, `coverage run manage.py test`).
  P(new RegExp(`${B}coverage\\s+run\\b`), "test", "coverage run", "python"),
  // A test script run by path (`python contrib/agent/test.py`, `python3 tests.py`).
  P(
    new RegExp(`${B}python3?\\s+(?:-\\w+\\s+)*(?:[\\w.-]+/)*tests?\\.py\\b`),
    "test",
    "python test script",
    "python",
  ),
  P(/--cov-fail-under[= ]\d/, "coverage-threshold", "pytest --cov-fail-under", "python"),
  P(
    new RegExp(`${B}coverage\\s+report\\b.*--fail-under`),
    "coverage-threshold",
    "coverage report --fail-under",
    "python",
  ),
  P(new RegExp(`${B}bandit\\b`), "security-scan", "bandit", "python"),
  P(new RegExp(`${B}pip-audit\\b`), "dependency-audit", "pip-audit", "python"),
  P(new RegExp(`${B}safety\\s+(check|scan)\\b`), "dependency-audit", "safety", "python"),
  P(
    new RegExp(`${B}(python3?\\s+-m\\s+build|twine\\s+upload|poetry\\s+publish|uv\\s+publish)\\b`),
    "release",
    "python packaging",
    "python",
  ),
  // Node
  P(new RegExp(`${B}(npx\\s+)?eslint\\b`), "lint", "eslint", "node"),
  P(
    new RegExp(`${B}(npx\\s+)?prettier\\b.*(--check|-c\\b|--list-different|-l\\b)`),
    "format",
    "prettier",
    "node",
  ),
  P(new RegExp(`${B}(npx\\s+)?biome\\s+(ci|check|lint)\\b`), "lint", "biome", "node"),
  P(new RegExp(`${B}(npx\\s+)?biome\\s+(ci|check|format)\\b`), "format", "biome", "node"),
  // Oxc's linter and formatter (`oxlint`, `oxfmt --check`); `oxlint --fix` rewrites instead of gating.
  P(new RegExp(`${B}(npx\\s+)?oxlint\\b(?![^;&|]*--fix)`), "lint", "oxlint", "node"),
  P(new RegExp(`${B}(npx\\s+)?oxfmt\\b[^;&|]*--check\\b`), "format", "oxfmt", "node"),
  // Ultracite wraps Biome: `ultracite check` lints and checks the format, `ultracite lint` (older) lints.
  P(new RegExp(`${B}(npx\\s+)?ultracite\\s+(check|lint)\\b`), "lint", "ultracite (biome)", "node"),
  P(new RegExp(`${B}(npx\\s+)?ultracite\\s+check\\b`), "format", "ultracite (biome)", "node"),
  P(new RegExp(`${B}(npx\\s+)?(tsc|vue-tsc)\\b(?!.*--watch)`), "typecheck", "tsc", "node"),
  P(
    new RegExp(`${B}(npx\\s+)?(vitest|jest|mocha|ava|playwright\\s+test|cypress\\s+run)\\b`),
    "test",
    "js test runner",
    "node",
  ),
  P(new RegExp(`${B}node\\s+--test\\b`), "test", "node --test", "node"),
  // Cypress's own image runs `cypress run` as its entrypoint: `docker run -v $PWD:/e2e -w /e2e cypress/included:13 …`.
  P(
    /\b(?:docker|podman)\s+(?:container\s+)?run\b[^|;&]*\scypress\/included(?::[\w.-]+)?(?:\s|$)/,
    "test",
    "cypress run (cypress/included image)",
    "node",
  ),
  P(
    new RegExp(`${B}(npx\\s+)?(borp|tap|uvu|lab|tape|qunit|karma\\s+start|web-test-runner|wtr)\\b`),
    "test",
    "js test runner",
    "node",
  ),
  P(new RegExp(`${B}(npx\\s+)?(tsd|tstyche)\\b`), "typecheck", "tsd", "node"),
  P(
    new RegExp(`${B}(npx\\s+)?(borp|tap)\\b.*--check-coverage`),
    "coverage-threshold",
    "check-coverage",
    "node",
  ),
  P(new RegExp(`${B}(npx\\s+)?(vitest|jest)\\b.*--coverage`), "coverage", "js coverage", "node"),
  P(new RegExp(`${B}(npx\\s+)?(c8|nyc)\\b`), "coverage", "c8/nyc", "node"),
  // Framework CLIs that type-check or test as part of their own commands.
  P(new RegExp(`${B}(npx\\s+)?ng\\s+build\\b`), "typecheck", "Angular compiler (ng build)", "node"),
  P(new RegExp(`${B}(npx\\s+)?ng\\s+test\\b`), "test", "ng test", "node"),
  P(new RegExp(`${B}(npx\\s+)?ng\\s+lint\\b`), "lint", "ng lint", "node"),
  P(new RegExp(`${B}(npx\\s+)?next\\s+build\\b`), "typecheck", "next build", "node"),
  // Next.js up to 15 also runs ESLint during `next build` when it finds a config (refined by the collector).
  P(new RegExp(`${B}(npx\\s+)?next\\s+build\\b`), "lint", "next build (ESLint)", "node"),
  P(new RegExp(`${B}(npx\\s+)?next\\s+lint\\b`), "lint", "next lint", "node"),
  P(new RegExp(`${B}(npx\\s+)?(nuxt|nuxi)\\s+typecheck\\b`), "typecheck", "nuxt typecheck", "node"),
  P(
    new RegExp(`${B}(npx\\s+)?(svelte-check|astro\\s+check)\\b`),
    "typecheck",
    "svelte-check/astro check",
    "node",
  ),
  P(new RegExp(`${B}(npm|yarn|pnpm)\\s+audit\\b`), "dependency-audit", "npm audit", "node"),
  P(new RegExp(`${B}(npm|yarn|pnpm)\\s+publish\\b`), "release", "npm publish", "node"),
  // Rust
  P(new RegExp(`${B}cargo\\s+fmt\\b.*--check`), "format", "cargo fmt", "rust"),
  P(new RegExp(`${B}cargo\\s+clippy\\b`), "lint", "clippy", "rust"),
  P(new RegExp(`${B}cargo\\s+(test|nextest)\\b`), "test", "cargo test", "rust"),
  P(new RegExp(`${B}cargo\\s+(audit|deny)\\b`), "dependency-audit", "cargo audit", "rust"),
  P(new RegExp(`${B}cargo\\s+(tarpaulin|llvm-cov)\\b`), "coverage", "cargo coverage", "rust"),
  P(new RegExp(`${B}cargo\\s+build\\b`), "build", "cargo build", "rust"),
  P(new RegExp(`${B}cargo\\s+publish\\b`), "release", "cargo publish", "rust"),
  // Ecosystem-neutral
  // treefmt (directly or as `nix fmt`) fails on unformatted files with --fail-on-change/--ci; the collector
  // names the ecosystems from its configured formatters.
  P(new RegExp(`${B}(treefmt|nix\\s+fmt)\\b.*(--fail-on-change|--ci)\\b`), "format", "treefmt", null),
  P(new RegExp(`${B}semgrep\\b`), "security-scan", "semgrep", null),
  P(new RegExp(`${B}codeql\\s+database\\b`), "security-scan", "codeql", null),
  P(new RegExp(`${B}osv-scanner\\b`), "dependency-audit", "osv-scanner", null),
  P(new RegExp(`${B}gitleaks\\b`), "secret-scan", "gitleaks", null),
  P(new RegExp(`${B}trufflehog\\b`), "secret-scan", "trufflehog", null),
  P(new RegExp(`${B}detect-secrets\\b`), "secret-scan", "detect-secrets", null),
  P(new RegExp(`${B}trivy\\s+(image|i)\\b`), "container-scan", "trivy", null),
  P(new RegExp(`${B}trivy\\s+(fs|filesystem|repo|repository)\\b`), "dependency-audit", "trivy fs", null),
  P(new RegExp(`${B}grype\\b`), "container-scan", "grype", null),
  P(new RegExp(`${B}docker\\s+scout\\s+cves\\b`), "container-scan", "docker scout", null),
  P(new RegExp(`${B}(docker|podman)\\s+(buildx\\s+)?build\\b`), "container-build", "docker build", null),
  P(new RegExp(`${B}docker\\s+compose\\s+build\\b`), "container-build", "docker compose build", null),
  P(new RegExp(`${B}(docker|podman)\\s+push\\b`), "container-push", "docker push", null),
  P(
    new RegExp(
      `${B}(kubectl\\s+(apply|rollout|set\\s+image)|helm\\s+(upgrade|install)|(fly|flyctl)\\s+deploy|gcloud\\s+(run|app|functions)\\s+deploy|aws\\s+ecs\\s+update-service|terraform\\s+apply|vercel\\b.*--prod|netlify\\s+deploy|serverless\\s+deploy|sls\\s+deploy|cap\\s+\\w+\\s+deploy|kamal\\s+deploy|heroku\\s+(container:release|deploy)|git\\s+push\\s+heroku)\\b`,
    ),
    "deploy",
    "deploy",
    null,
  ),
];

interface ActionPattern {
  test: RegExp;
  gates: GateMatch[];
}

const ACTIONS: ActionPattern[] = [
  {
    test: /^github\/codeql-action\/analyze\b/,
    gates: [{ kind: "security-scan", tool: "codeql", ecosystem: null }],
  },
  {
    test: /^(returntocorp|semgrep)\/semgrep-action\b/,
    gates: [{ kind: "security-scan", tool: "semgrep", ecosystem: null }],
  },
  { test: /^securego\/gosec\b/, gates: [{ kind: "security-scan", tool: "gosec", ecosystem: "go" }] },
  {
    test: /^golangci\/golangci-lint-action\b/,
    gates: [{ kind: "lint", tool: "golangci-lint", ecosystem: "go" }],
  },
  {
    test: /^golang\/govulncheck-action\b/,
    gates: [{ kind: "dependency-audit", tool: "govulncheck", ecosystem: "go" }],
  },
  {
    test: /^dominikh\/staticcheck-action\b/,
    gates: [{ kind: "lint", tool: "staticcheck", ecosystem: "go" }],
  },
  {
    test: /^(astral-sh\/ruff-action|chartboost\/ruff-action)\b/,
    gates: [{ kind: "lint", tool: "ruff", ecosystem: "python" }],
  },
  { test: /^psf\/black\b/, gates: [{ kind: "format", tool: "black", ecosystem: "python" }] },
  {
    test: /^pypa\/gh-action-pip-audit\b/,
    gates: [{ kind: "dependency-audit", tool: "pip-audit", ecosystem: "python" }],
  },
  {
    test: /^pypa\/gh-action-pypi-publish\b/,
    gates: [{ kind: "release", tool: "pypi publish", ecosystem: "python" }],
  },
  {
    test: /^(PyCQA|tj-actions)\/bandit\b/i,
    gates: [{ kind: "security-scan", tool: "bandit", ecosystem: "python" }],
  },
  {
    test: /^actions-rust-lang\/audit\b|^rustsec\/audit-check\b/,
    gates: [{ kind: "dependency-audit", tool: "cargo audit", ecosystem: "rust" }],
  },
  {
    test: /^actions\/dependency-review-action\b/,
    gates: [{ kind: "dependency-audit", tool: "dependency-review", ecosystem: null }],
  },
  {
    test: /^google\/osv-scanner-action\b/,
    gates: [{ kind: "dependency-audit", tool: "osv-scanner", ecosystem: null }],
  },
  { test: /^(snyk\/actions)\b/, gates: [{ kind: "dependency-audit", tool: "snyk", ecosystem: null }] },
  {
    test: /^gitleaks\/gitleaks-action\b/,
    gates: [{ kind: "secret-scan", tool: "gitleaks", ecosystem: null }],
  },
  {
    test: /^trufflesecurity\/trufflehog\b/,
    gates: [{ kind: "secret-scan", tool: "trufflehog", ecosystem: null }],
  },
  {
    test: /^aquasecurity\/trivy-action\b/,
    gates: [{ kind: "container-scan", tool: "trivy", ecosystem: null }],
  },
  { test: /^anchore\/scan-action\b/, gates: [{ kind: "container-scan", tool: "grype", ecosystem: null }] },
  {
    test: /^docker\/scout-action\b/,
    gates: [{ kind: "container-scan", tool: "docker scout", ecosystem: null }],
  },
  {
    test: /^docker\/build-push-action\b/,
    gates: [{ kind: "container-build", tool: "docker/build-push-action", ecosystem: null }],
  },
  {
    test: /^(codecov\/codecov-action|coverallsapp\/github-action)\b/,
    gates: [{ kind: "coverage", tool: "coverage upload", ecosystem: null }],
  },
  {
    test: /^(superfly\/flyctl-actions|azure\/webapps-deploy|aws-actions\/amazon-ecs-deploy-task-definition|google-github-actions\/deploy-|akhileshns\/heroku-deploy|appleboy\/ssh-action|peaceiris\/actions-gh-pages|actions\/deploy-pages|cloudflare\/wrangler-action|amondnet\/vercel-action)/i,
    gates: [{ kind: "deploy", tool: "deploy action", ecosystem: null }],
  },
  {
    test: /^(softprops\/action-gh-release|ncipollo\/release-action|googleapis\/release-please-action|goreleaser\/goreleaser-action|changesets\/action)\b/,
    gates: [{ kind: "release", tool: "release action", ecosystem: null }],
  },
];

/** An executable's name with a version suffix (`golangci-lint-v2.6.2`, `protoc-gen-go-1.34.0`) before its arguments. */
const VERSIONED_BINARY = /(?<=^|[\s/;&|(])([a-z][\w]*(?:-[a-z][\w]*)*)-v?\d+(?:\.\d+)+(?=\s|$)/g;

/** Gates of one shell command line (already joined across `\` continuations). */
export function classifyCommand(command: string): GateMatch[] {
  // A tool installed under a versioned name (`build/tools/golangci-lint-v2.6.2 run`, a Makefile's pinned binary)
  // is that tool.
  const line = command.trim().replace(VERSIONED_BINARY, "$1");
  if (line === "" || line.startsWith("#") || /^(echo|printf)\b/.test(line)) return [];
  const out: GateMatch[] = [];
  for (const pattern of COMMANDS) {
    if (!pattern.test.test(line)) continue;
    if (out.some((g) => g.kind === pattern.kind && g.ecosystem === pattern.ecosystem)) continue;
    out.push({ kind: pattern.kind, tool: pattern.tool, ecosystem: pattern.ecosystem });
  }
  return out;
}

/**
 * super-linter's validators (`VALIDATE_<NAME>` switches) and the gates they amount to. All run unless some are
 * switched on explicitly (then only those) or off (then all but those).
 */
const SUPER_LINTER: Array<{ validate: RegExp } & GateMatch> = [
  {
    validate: /^(JAVASCRIPT|TYPESCRIPT)_(ES|STANDARD)$|^(JSX|TSX|BIOME_LINT)$/,
    kind: "lint",
    tool: "super-linter (ESLint)",
    ecosystem: "node",
  },
  {
    validate: /^(JAVASCRIPT|TYPESCRIPT|JSX|TSX)_PRETTIER$|^BIOME_FORMAT$/,
    kind: "format",
    tool: "super-linter (Prettier)",
    ecosystem: "node",
  },
  {
    validate: /^PYTHON_(RUFF|FLAKE8|PYLINT)$/,
    kind: "lint",
    tool: "super-linter (Python linters)",
    ecosystem: "python",
  },
  {
    validate: /^PYTHON_(BLACK|ISORT|RUFF_FORMAT)$/,
    kind: "format",
    tool: "super-linter (Python formatters)",
    ecosystem: "python",
  },
  { validate: /^PYTHON_MYPY$/, kind: "typecheck", tool: "super-linter (mypy)", ecosystem: "python" },
  { validate: /^GO(_MODULES)?$/, kind: "lint", tool: "super-linter (golangci-lint)", ecosystem: "go" },
  { validate: /^RUST_CLIPPY$/, kind: "lint", tool: "super-linter (clippy)", ecosystem: "rust" },
  { validate: /^RUST_20\d\d$/, kind: "format", tool: "super-linter (rustfmt)", ecosystem: "rust" },
  { validate: /^GITLEAKS$/, kind: "secret-scan", tool: "super-linter (gitleaks)", ecosystem: null },
];

function superLinterGates(env: Record<string, string>): GateMatch[] {
  const switches = Object.entries(env)
    .map(([name, value]) => ({ name: /^VALIDATE_(\w+)$/.exec(name)?.[1], on: /^true$/i.test(value.trim()) }))
    .filter((s): s is { name: string; on: boolean } => s.name !== undefined && s.name !== "ALL_CODEBASE");
  const explicit = switches.filter((s) => s.on).map((s) => s.name);
  const off = switches.filter((s) => !s.on).map((s) => s.name);
  const runs = (validator: RegExp): boolean =>
    explicit.length > 0 ? explicit.some((n) => validator.test(n)) : !off.some((n) => validator.test(n));
  const out: GateMatch[] = [];
  for (const { validate, ...gate } of SUPER_LINTER)
    if (runs(validate) && !out.some((g) => g.kind === gate.kind && g.ecosystem === gate.ecosystem))
      out.push(gate);
  return out;
}

/**
 * Gates of a `uses:` reference (`owner/repo[/path]@ref`); `with` inputs refine some (push, scan type), and the
 * step's `env:` configures super-linter.
 */
export function classifyAction(
  uses: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): GateMatch[] {
  const ref = uses.replace(/@.*$/, "");
  if (/^(super-linter\/super-linter|github\/super-linter)(\/slim)?$/.test(ref)) return superLinterGates(env);
  const gates: GateMatch[] = [];
  for (const pattern of ACTIONS) if (pattern.test.test(ref)) gates.push(...pattern.gates);
  if (/^docker\/build-push-action\b/.test(ref) && /^true$/i.test(inputs.push ?? ""))
    gates.push({ kind: "container-push", tool: "docker/build-push-action", ecosystem: null });
  // Cypress's action installs, builds, starts the app and runs the specs; `runTests: false` only installs.
  if (/^cypress-io\/github-action\b/.test(ref) && !/^false$/i.test(inputs.runTests ?? ""))
    gates.push({
      kind: "test",
      tool: inputs.component && /^true$/i.test(inputs.component) ? "cypress run --component" : "cypress run",
      ecosystem: "node",
    });
  if (/^aquasecurity\/trivy-action\b/.test(ref) && /^(fs|repo|filesystem)$/.test(inputs["scan-type"] ?? "")) {
    return [{ kind: "dependency-audit", tool: "trivy fs", ecosystem: null }];
  }
  return gates;
}

/** Splits a shell script into command lines (joining `\` continuations), each with its 0-based line offset. */
export function splitScript(script: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  const lines = script.split("\n");
  let current: { text: string; offset: number } | null = null;
  lines.forEach((raw, index) => {
    const continued = /\\\s*$/.test(raw);
    const text = raw.replace(/\\\s*$/, " ");
    if (current) current.text += " " + text.trim();
    else current = { text: text.trim(), offset: index };
    if (!continued) {
      if (current.text !== "") out.push(current);
      current = null;
    }
  });
  if (current !== null && (current as { text: string }).text !== "") out.push(current);
  return out;
}

/** What a package script is for, judged by its conventional name, when its body cannot be resolved. */
/**
 * The gate a task runs by what its description says (`#MISE description="Run the Go test suite"`), when its
 * commands are a tool this pack does not know: the kind from its conventional name, the ecosystem from the language
 * the description names. Null when the description names no language.
 */
export function gateOfTaskDescription(name: string, description: string, tool: string): GateMatch[] {
  const language = /\b(go|golang|python|node|javascript|typescript|elixir)\b/i
    .exec(description)?.[1]
    ?.toLowerCase();
  if (!language) return [];
  const ecosystem =
    language === "golang" ? "go" : language === "javascript" || language === "typescript" ? "node" : language;
  return gateOfScriptName(name).map((gate) => ({ ...gate, tool, ecosystem }));
}

export function gateOfScriptName(name: string): GateMatch[] {
  if (/^(test|tests|unit|test:unit|spec|test:ci|ci:test)$/.test(name))
    return [{ kind: "test", tool: `npm run ${name}`, ecosystem: "node" }];
  if (/^(lint|lint:js|lint:ts|eslint)$/.test(name))
    return [{ kind: "lint", tool: `npm run ${name}`, ecosystem: "node" }];
  if (/^(typecheck|type-check|types|tsc|check-types|test:types|lint:types)$/.test(name))
    return [{ kind: "typecheck", tool: `npm run ${name}`, ecosystem: "node" }];
  if (/^(format:check|fmt:check|prettier:check|check:format|lint:format)$/.test(name))
    return [{ kind: "format", tool: `npm run ${name}`, ecosystem: "node" }];
  return [];
}

/** Gates of pre-commit hook ids (`.pre-commit-config.yaml`), run by `pre-commit run` or a pre-commit action. */
const HOOKS: Array<{ test: RegExp; kind: GateKind; tool: string; ecosystem: string | null }> = [
  { test: /^(ruff|ruff-check)$/, kind: "lint", tool: "ruff (pre-commit)", ecosystem: "python" },
  {
    test: /^(ruff-format|black|isort)$/,
    kind: "format",
    tool: "formatter (pre-commit)",
    ecosystem: "python",
  },
  { test: /^(flake8|pylint)$/, kind: "lint", tool: "flake8/pylint (pre-commit)", ecosystem: "python" },
  { test: /^(mypy|pyright)$/, kind: "typecheck", tool: "mypy/pyright (pre-commit)", ecosystem: "python" },
  { test: /^bandit$/, kind: "security-scan", tool: "bandit (pre-commit)", ecosystem: "python" },
  { test: /^eslint$/, kind: "lint", tool: "eslint (pre-commit)", ecosystem: "node" },
  { test: /^prettier$/, kind: "format", tool: "prettier (pre-commit)", ecosystem: "node" },
  {
    test: /^(go-fmt|gofmt|go-imports|goimports|gofumpt)$/,
    kind: "format",
    tool: "gofmt (pre-commit)",
    ecosystem: "go",
  },
  {
    test: /^(golangci-lint|golangci-lint-full|go-vet|go-vet-mod|go-staticcheck-mod)$/,
    kind: "lint",
    tool: "go lint (pre-commit)",
    ecosystem: "go",
  },
  { test: /^(mix-format)$/, kind: "format", tool: "mix format (pre-commit)", ecosystem: "elixir" },
  { test: /^(mix-credo|credo)$/, kind: "lint", tool: "credo (pre-commit)", ecosystem: "elixir" },
  { test: /^(fmt|cargo-fmt|rustfmt)$/, kind: "format", tool: "cargo fmt (pre-commit)", ecosystem: "rust" },
  { test: /^(clippy|cargo-clippy)$/, kind: "lint", tool: "clippy (pre-commit)", ecosystem: "rust" },
  {
    test: /^(gitleaks|detect-secrets|trufflehog|detect-private-key)$/,
    kind: "secret-scan",
    tool: "secret scan (pre-commit)",
    ecosystem: null,
  },
];

export function classifyHook(id: string): GateMatch[] {
  return HOOKS.filter((h) => h.test.test(id)).map((h) => ({
    kind: h.kind,
    tool: h.tool,
    ecosystem: h.ecosystem,
  }));
}

/** Whether a command or action runs the pre-commit hooks. */
export function runsPreCommit(commandOrUses: string): boolean {
  return (
    /(?:^|[\s;&|(/])(pre-commit|prek)\s+run\b/.test(commandOrUses) ||
    /^(pre-commit\/action|pre-commit-ci\/lite-action)@/.test(commandOrUses)
  );
}

/** Words after a package manager that are its own commands, not package scripts. */
const NPM_BUILTIN =
  /^(ci|install|i|add|audit|publish|exec|dlx|init|config|cache|version|pack|link|ls|outdated|update|remove|rebuild|set|x|why|prune|dedupe|import|store|env|workspace|workspaces|create|info|view|login|whoami|fetch|deploy)$/;

/** Leading `VAR=value` assignments and `env`/`time`/`sudo` wrappers, which do not change what runs. */
function stripAssignments(command: string): string {
  return command.replace(
    /^\s*(?:(?:env|time|sudo|nice|exec|nohup|stdbuf)(?:\s+-[A-Za-z]\w*)*\s+|[A-Za-z_]\w*=(?:"[^"]*"|'[^']*'|\S*)\s+)*/,
    "",
  );
}

/** `docker run`/`docker exec` options that take a value (so the value is not read as the image). */
const DOCKER_VALUE_OPTION =
  "(?:-[evuwlpmh]|--(?:env|env-file|user|workdir|name|volume|mount|entrypoint|publish|label|network|net|platform|add-host|cpus|memory|shm-size|ulimit|cap-add|cap-drop|device|pull|restart|hostname|ipc|pid|security-opt|tmpfs|volumes-from|link|gpus|runtime|log-driver|log-opt|dns|cidfile|stop-signal|stop-timeout|health-cmd|group-add))";
/** One shell word: quoted (spaces allowed inside) or bare; the two never match the same text (no backtracking). */
const SHELL_WORD = `(?:[^\\s"']|"[^"]*"|'[^']*')+`;

/**
 * Wrappers that run the rest of the line as a command in a prepared environment: `uv run make test` runs `make
 * test`. Each entry matches the wrapper with its own options (those taking a value listed), and leaves the
 * wrapped command. Wrappers with scripts of their own (`pdm run x`, `hatch run env:x`) are only unwrapped here;
 * their script tables are not read.
 */
const WRAPPERS: RegExp[] = [
  // Python environment managers.
  /^(?:uv|poetry|pdm|pipenv|rye|hatch)\s+run\s+(?:(?:--(?:with|group|extra|python|directory|project|package|env-file|only-group|index|env)(?:=\S+|\s+\S+)|-[pe]\s+\S+|--?[\w-]+)\s+)*/,
  /^(?:uvx|pipx\s+run)\s+(?:--?[\w-]+(?:=\S+)?\s+)*(?=\S+\s)/,
  /^conda\s+run\s+(?:(?:-n|--name|-p|--prefix)\s+\S+\s+|--?[\w-]+\s+)*/,
  // Ruby, OCaml, Node dotenv loaders, tool version managers, nix and devbox shells.
  /^bundle\s+exec\s+/,
  /^opam\s+exec\s+(?:--?[\w-]+(?:=\S+)?\s+)*--\s+/,
  /^(?:npx\s+)?dotenv(?:-cli)?\s+(?:(?:-e|-c|-v)\s+\S+\s+|-\w+\s+)*--\s+/,
  /^(?:npx\s+)?cross-env\s+(?:[A-Za-z_]\w*=(?:"[^"]*"|'[^']*'|\S*)\s+)*/,
  /^mise\s+(?:exec|x)\s+(?:\S+\s+)*?--\s+/,
  /^asdf\s+exec\s+/,
  /^direnv\s+exec\s+\S+\s+/,
  /^nix\s+develop\s+(?:(?!-c\b|--command\b)\S+\s+)*(?:-c|--command)\s+/,
  /^devbox\s+run\s+(?:--?[\w-]+(?:=\S+)?\s+)*(?=\S+\s)/,
  /^xvfb-run\s+(?:(?:-s|--server-args|-n|--server-num)\s+(?:"[^"]*"|'[^']*'|\S+)\s+|-\w+\s+)*/,
  /^dagger\s+run\s+(?:--?[\w-]+(?:=\S+)?\s+)*/,
  /^timeout\s+(?:--?[\w-]+(?:=\S+)?\s+)*\d+[smhd]?\s+/,
  // Containers: `docker compose run --rm -e X=1 web make test` runs `make test` in the service, with the
  // repository mounted (the usual set-up); `docker compose exec -T web pytest` likewise.
  /^(?:docker[\s-]compose|podman-compose)\s+(?:(?:-f|--file|-p|--project-name|--profile|--env-file)\s+\S+\s+)*(?:run|exec)\s+(?:(?:-e|--env|-u|--user|-w|--workdir|--name|-v|--volume|--entrypoint|-p|--publish|-l|--label)(?:=\S+|\s+\S+)\s+|--?[\w-]+\s+)*[\w.-]+\s+/,
  // `docker run --rm -v "$PWD:/app" -e X=1 my/image:tag npm run test:ci` runs `npm run test:ci` in the image (a
  // CI job usually builds it from the repository first); `docker exec -t web pytest` in a running container.
  // Options that take a value are listed, so the value is not read as the image; a command given after the image
  // is what the job runs (an image's own CMD, with nothing after it, is not a command of the job).
  new RegExp(
    `^(?:docker|podman)\\s+(?:container\\s+)?(?:run|exec)\\s+(?:${DOCKER_VALUE_OPTION}(?:=${SHELL_WORD}|\\s+${SHELL_WORD})\\s+|(?!${DOCKER_VALUE_OPTION}\\s)--?[\\w-]+\\s+)*(?!-)\\S+\\s+(?=\\S)`,
  ),
];

/**
 * The command a line runs once its wrappers are taken off: assignments, `env`/`sudo`, and the environment
 * managers and containers of WRAPPERS, repeatedly (`sudo -E uv run dotenv -- make test` is `make test`).
 */
export function unwrapCommand(command: string): string {
  let current = stripAssignments(command.trim());
  for (let i = 0; i < 6; i++) {
    const wrapper = WRAPPERS.map((re) => re.exec(current)).find((m) => m !== null && m[0].length > 0);
    if (!wrapper) break;
    current = stripAssignments(current.slice(wrapper[0].length));
  }
  return current;
}

/**
 * Script-runner invocations and the targets they name: `npm run lint`, `yarn test`, `pnpm -r test` / `turbo run
 * test` / `nx run-many -t test` (every workspace package), `npm-run-all lint test`, `make lint`, `task py:test`,
 * `just test`, `gulp lint`, `bash scripts/test.sh`.
 */
export function scriptInvocation(command: string): Invocation | null {
  // Phoenix wraps the JS tool in a mix task: `mix bun assets run test` runs bun in the `assets` profile (folder).
  for (const segment of commandSegments(command)) {
    const found = segmentInvocation(segment);
    if (found) return found;
  }
  return null;
}

/** The simple commands of a command line (split on `&&`, `||`, `;`, `|`), without leading variable assignments. */
export function commandSegments(command: string): string[] {
  return (
    command
      .replace(
        /\bmix\s+(bun|npm|yarn)\s+(\w+)\s+/g,
        (_m, tool: string, profile: string) => `${tool} --cwd ${profile} `,
      )
      .split(/\s*(?:&&|\|\||;|\|)\s*/)
      // A subshell `(cd ui && yarn test)` runs its commands like any other.
      .map((s) => s.replace(/^\(\s*/, "").replace(/\s*\)$/, ""))
      .map(unwrapCommand)
      .map((s) => s.trim())
      .filter((s) => s !== "")
  );
}

/**
 * A command whose failure is ignored: `cmd || true`, `cmd || exit 0`, `cmd || echo …`, `cmd; exit 0`. Such a step
 * warns at most; it never fails the build.
 */
export function isWarnOnlyCommand(command: string): boolean {
  return /\|\|\s*(?:true|:|exit\s+0|echo\b|printf\b)|;\s*(?:true|exit\s+0)\s*$/.test(
    withoutSubstitutions(command),
  );
}

/**
 * The command without its command substitutions (`$(git describe --tags || echo dev)`, make's `$(shell …)`,
 * backquotes): a fallback inside one only supplies a value (a version string), it does not ignore the command's
 * failure.
 */
function withoutSubstitutions(command: string): string {
  let out = "";
  let depth = 0;
  for (let i = 0; i < command.length; i++) {
    const char = command[i]!;
    if (char === "$" && command[i + 1] === "(") {
      depth++;
      i++;
    } else if (depth > 0 && char === "(") depth++;
    else if (depth > 0 && char === ")") depth--;
    else if (depth === 0) out += char;
  }
  return out.replace(/`[^`]*`/g, "");
}

function targetsOf(words: string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    if (word === "--") break;
    if (word.startsWith("-")) continue;
    if (/^[\w][\w:.*/@-]*$/.test(word)) out.push(word);
  }
  return out;
}

function withTargets(
  runner: Invocation["runner"],
  targets: string[],
  dir: string | null = null,
): Invocation | null {
  const [first, ...rest] = targets;
  if (first === undefined) return null;
  return {
    runner,
    target: first,
    ...(dir !== null ? { dir } : {}),
    ...(rest.length > 0 ? { targets } : {}),
  };
}

export function segmentInvocation(segment: string): Invocation | null {
  const words = segment.trim().split(/\s+/);
  let head = words[0] ?? "";
  let rest = words.slice(1);
  if (
    head === "npx" ||
    head === "pnpx" ||
    (head === "bunx" && rest.length > 0) ||
    (/^(pnpm|yarn|bun)$/.test(head) && /^(exec|dlx)$/.test(rest[0] ?? ""))
  ) {
    if (head !== "npx" && head !== "pnpx" && head !== "bunx") rest = rest.slice(1);
    head = rest[0] ?? "";
    rest = rest.slice(1);
  }
  // `pnpm turbo run test`, `yarn nx affected -t lint`: the package manager runs an installed runner binary.
  if (
    /^(pnpm|yarn|bun)$/.test(head) &&
    /^(turbo|nx|lerna|gulp|npm-run-all2?|run-s|run-p)$/.test(rest[0] ?? "")
  )
    return segmentInvocation(rest.join(" "));
  // turbo / nx / lerna run a target in every workspace package that defines it.
  if (head === "turbo") {
    const args = rest[0] === "run" ? rest.slice(1) : rest;
    const targets = targetsOf(
      args.filter(
        (w, i) =>
          !/^--(filter|scope|concurrency|cache-dir|token|team)$/.test(args[i - 1] ?? "") && !w.includes("="),
      ),
    );
    return withTargets("workspaces", targets);
  }
  if (head === "lerna" && rest[0] === "run")
    return withTargets(
      "workspaces",
      targetsOf(rest.slice(1).filter((w, i, a) => !/^--(scope|ignore|concurrency)$/.test(a[i - 1] ?? ""))),
    );
  if (head === "nx") {
    const joined = rest.join(" ");
    const t = /(?:-t|--targets?)(?:=|\s+)([\w:,-]+)/.exec(joined);
    if (/^(run-many|affected)$/.test(rest[0] ?? "") && t?.[1])
      return withTargets("workspaces", t[1].split(","));
    // `nx run api:build:production` and `nx test api` run one project's target.
    if (rest[0] === "run" && /:/.test(rest[1] ?? "")) {
      const [project = "", target = ""] = (rest[1] ?? "").split(":");
      return target ? { runner: "workspaces", target, packages: [project] } : null;
    }
    if (
      rest[0] &&
      !rest[0].startsWith("-") &&
      !/^(run-many|affected|run|graph|format:\w+|reset|migrate|generate|g)$/.test(rest[0])
    ) {
      const project = rest[1] && /^[\w@][\w@./-]*$/.test(rest[1]) ? rest[1] : null;
      return project
        ? { runner: "workspaces", target: rest[0], packages: [project] }
        : withTargets("workspaces", [rest[0]]);
    }
    return null;
  }
  if (/^(npm-run-all2?|run-s|run-p)$/.test(head)) return withTargets("npm", targetsOf(rest));
  if (/^(npm|pnpm|yarn|bun)$/.test(head)) {
    let dir: string | null = null;
    let fan = false;
    const packageNames: string[] = [];
    const args: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i] ?? "";
      const eq = /^(--cwd|--prefix|--dir|-C|--filter|-F|--workspace|-w)=(.*)$/.exec(word);
      const flag = eq?.[1] ?? word;
      const value = eq ? eq[2] : undefined;
      if (/^(--cwd|--prefix|--dir|-C)$/.test(flag)) {
        dir = value ?? rest[++i] ?? null;
        continue;
      }
      if (/^(--filter|-F|--workspace)$/.test(flag) || (flag === "-w" && head === "npm")) {
        const selector = value ?? rest[++i] ?? "";
        // A plain package name selects that package; globs and graph selectors (`web...`, `./apps/*`) fan out.
        if (/^(@[\w.-]+\/)?[\w.-]+$/.test(selector) && !selector.includes("...")) packageNames.push(selector);
        else packageNames.push("*");
        fan = true;
        continue;
      }
      if (/^(-r|--recursive|--workspaces|-ws|--all|-A)$/.test(word)) {
        fan = true;
        continue;
      }
      if (word === "--") break;
      if (word.startsWith("-")) continue;
      args.push(word);
    }
    if (head === "yarn" && args[0] === "workspace" && args[1]) {
      // `yarn workspace @acme/web build` runs the script of that one package.
      const script = /^run(-script)?$/.test(args[2] ?? "") ? args[3] : args[2];
      return script && /^\w[\w:.-]*$/.test(script)
        ? { runner: "workspaces", target: script, packages: [args[1]] }
        : null;
    }
    if (head === "yarn" && args[0] === "workspaces") {
      // `yarn workspaces run test`, `yarn workspaces foreach -A run test`.
      const runAt = args.indexOf("run");
      return runAt >= 0 ? withTargets("workspaces", [args[runAt + 1] ?? ""].filter(Boolean)) : null;
    }
    const first = args[0];
    if (first === undefined || NPM_BUILTIN.test(first)) return null;
    const target = /^run(-script)?$/.test(first) ? args[1] : first;
    if (!target || !/^\w[\w:.-]*$/.test(target)) return null;
    if (fan)
      return packageNames.length > 0 && !packageNames.includes("*")
        ? { runner: "workspaces", target, packages: packageNames }
        : { runner: "workspaces", target };
    return dir ? { runner: "npm", target, dir } : { runner: "npm", target };
  }
  if (head === "task" || head === "go-task") {
    let dir: string | null = null;
    const args: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i] ?? "";
      if (word === "-d" || word === "--dir") {
        dir = rest[++i] ?? null;
        continue;
      }
      if (word === "-t" || word === "--taskfile") {
        i++;
        continue;
      }
      if (word === "--") break;
      if (word.startsWith("-")) continue;
      args.push(word);
    }
    return withTargets("task", targetsOf(args), dir);
  }
  if (head === "just") {
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i] ?? "";
      if (/^(-f|--justfile|-d|--working-directory|--set)$/.test(word)) {
        i += word === "--set" ? 2 : 1;
        continue;
      }
      if (word === "--") continue;
      if (word.startsWith("-")) continue;
      // `just fmt --check`: the first word is the recipe, every word after it (options included) its arguments.
      const invocation = withTargets("just", targetsOf([word]));
      const args = rest.slice(i + 1);
      return invocation ? { ...invocation, ...(args.length > 0 ? { args } : {}) } : null;
    }
    return null;
  }
  if (head === "mix" && rest[0] && /^[a-z][\w.]*$/.test(rest[0])) return { runner: "mix", target: rest[0] };
  // `mise run test`, `mise r lint`: a task of the mise configuration (a file under `.mise/tasks/`, or `[tasks.x]`).
  if (head === "mise" && /^(run|r)$/.test(rest[0] ?? "")) {
    const args = rest.slice(1);
    for (let i = 0; i < args.length; i++) {
      const word = args[i] ?? "";
      if (/^(-C|--cd|-j|--jobs|-E|--env|-o|--output|-t|--tool|-s|--shell)$/.test(word)) {
        i++;
        continue;
      }
      if (word === "--" || word === ":::") break;
      if (word.startsWith("-")) continue;
      return withTargets("mise", targetsOf([word]));
    }
    return null;
  }
  const moon = moonInvocation(words);
  if (moon) return withTargets("moon", moon);
  const doit = doitInvocation(words);
  if (doit) {
    const invocation = withTargets("doit", doit.tasks);
    return invocation && doit.file ? { ...invocation, args: [doit.file] } : invocation;
  }
  // A local Go program run as the pipeline (`go run ./ci`, `go run main.go test` for mage, `mage test`).
  if (head === "go" && rest[0] === "run") {
    for (let i = 1; i < rest.length; i++) {
      const word = rest[i] ?? "";
      if (/^-(tags|ldflags|gcflags|mod|modfile|C|exec|o|p|pkgdir|toolexec|overlay)$/.test(word)) {
        i++;
        continue;
      }
      if (word.startsWith("-")) continue;
      return /^(\.{1,2}(\/[\w./-]*)?|[\w./-]+\.go)$/.test(word)
        ? { runner: "go-program", target: word.replace(/\/$/, "") }
        : null;
    }
    return null;
  }
  if (head === "mage" && !(rest[0] ?? "").startsWith("-l"))
    return { runner: "go-program", target: "magefiles" };
  if (head === "gulp")
    return withTargets("gulp", targetsOf(rest).slice(0, 1).length ? targetsOf(rest) : ["default"]);
  const make = /^make$|^gmake$/.test(head) ? rest : null;
  if (make) {
    let dir: string | null = null;
    for (let i = 0; i < make.length; i++) {
      const token = make[i] ?? "";
      if (token === "-C" || token === "--directory") {
        dir = make[++i] ?? null;
        continue;
      }
      if (token === "-f" || token === "--file") {
        i++;
        continue;
      }
      if (token.startsWith("-") || token.includes("=")) continue;
      if (/^[\w.-]+$/.test(token)) return { runner: "make", target: token, dir };
      break;
    }
    return { runner: "make", target: "", dir };
  }
  // A shell script, run directly (`./ci/lint.sh`) or through a shell or wrapper (`uv run bash scripts/test.sh`, `$(BASH) -xe ./scripts/test.sh`).
  const script = /(?:^|[\s;&|(])(?:(?:bash|sh|zsh)\s+(?:-\w+\s+)*)?(\.{0,2}\/?[\w./-]*[\w-]+\.sh)\b/.exec(
    segment,
  );
  if (script?.[1] && (/^(\.|\/)/.test(script[1]) || /\b(bash|sh|zsh|BASH|SHELL)\b/.test(segment))) {
    const after = segment
      .slice(script.index + script[0].length)
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return {
      runner: "script",
      target: script[1].replace(/^\.\//, ""),
      ...(after.length > 0 ? { args: after } : {}),
    };
  }
  // A local script without an extension (`./manage test.unit`, `build-tools/ci/validate --all`, or a bare
  // `run-tests` found through a folder an image puts on its PATH): the resolver reads it whole when it is a shell
  // script that runs straight through, and otherwise follows it only when the script dispatches its first word to a
  // shell function of that name.
  const local = /^(\.{1,2}\/[\w./-]*[\w-]|[\w.-]+(?:\/[\w.-]+)*\/[\w-]+|[a-z][\w]*-[\w-]+)$/.exec(head);
  if (local?.[1]) {
    const comment = rest.findIndex((w) => w.startsWith("#"));
    const args = comment >= 0 ? rest.slice(0, comment) : rest;
    return {
      runner: "script",
      target: local[1].replace(/^\.\//, ""),
      ...(args.length > 0 ? { args } : {}),
    };
  }
  return null;
}
