// Which files hold code that runs once or by hand rather than on requests: migrations, scripts and tools, tests —
// by what their paths mean in Elixir, Go, Python and JS projects. Rules lower a risk there (an injection in a
// one-off migration or a missing limit in a CLI tool matters less than in the service).

/** Code that runs once or by hand rather than on requests: what kind, or null for application code. */
export type OneOffKind = "migration" | "script" | "test";

const MIGRATION =
  /(^|\/)(migrations?|alembic|revisions|migrate)\/|(^|\/)migrations?\.(py|go|ex)$|(^|\/)priv\/repo\//;
const SCRIPT =
  /(^|\/)\.?(scripts?|bin|dev|hack|_?examples?|[\w.-]+[-_]examples?|examples?[-_][\w.-]+|samples?|demo|docs?|benchmarks?|bench|management\/commands|lib\/mix\/tasks)\/|(^|\/)seeds?\.(py|exs)$|\.exs$/;
const TEST =
  /(^|\/)(tests?|spec|e2e|[^/]*_e2e|testdata|test_support|testutil|testenv|fixtures)\/|_test\.go$|(^|\/)test_[^/]*\.py$/;

/**
 * Whether a file holds migrations (they run once, on data already in the database), scripts and tools run by hand
 * (including Elixir `.exs` scripts, seeds, mix tasks, Django management commands), or tests.
 */
export function oneOffKind(path: string): OneOffKind | null {
  if (TEST.test(path)) return "test";
  // alembic's env.py configures the migration engine; it is not itself a migration.
  if (MIGRATION.test(path) && !/(^|\/)alembic\/env\.py$/.test(path)) return "migration";
  if (SCRIPT.test(path) && !/(^|\/)config\/[^/]+\.exs$/.test(path)) return "script";
  // `tools/` holds scripts in Python and JS projects, but library packages in Go ones (pocketbase/tools/…).
  if (/(^|\/)tools?\//.test(path) && !path.endsWith(".go")) return "script";
  return null;
}

/**
 * Modules that fill a database with sample or initial data (`lib/app/seeds/seeds_dev.ex`, `seeds.ex`): run by hand
 * or at set-up, never on a request. Kept apart from `oneOffKind`'s scripts because rules weigh seeds their own way.
 */
export function isSeedPath(path: string): boolean {
  return /(^|\/)seeds?\/|(^|\/)seeds?(_\w+)?\.exs?$/.test(path);
}

/**
 * Python modules that say by their content that a person runs them: invoke/fabric task files (`from invoke import
 * task`: a developer's or operator's command line, unlike Celery's `tasks.py`), Django management commands and the
 * command base classes they share (`class X(BaseCommand)`), and scripts that ask for input at a terminal under a
 * `__main__` guard (`getpass()`, `input()`).
 */
export function pythonRunsByHand(text: string): boolean {
  if (/^\s*(?:from\s+(?:invoke|fabric)\b[\w.]*\s+import\b|import\s+(?:invoke|fabric)\b)/m.test(text))
    return true;
  if (/^class\s+\w+\(\s*BaseCommand\s*\)/m.test(text) && /\bdjango\.core\.management\b/.test(text))
    return true;
  return (
    /^if\s+__name__\s*==\s*["']__main__["']\s*:/m.test(text) && /\b(?:getpass\s*\(|input\s*\()/.test(text)
  );
}

/**
 * Go files that say by their content that an operator runs them at a terminal: they read answers from standard
 * input (`fmt.Scanf`, a reader or scanner on os.Stdin, `term.ReadPassword`) and serve no HTTP request (no handler
 * parameter: http.ResponseWriter, echo/gin/fiber contexts). An install or upgrade command of a service's binary.
 */
export function goRunsByHand(text: string): boolean {
  if (!/\bfmt\.Scan(?:f|ln)?\(|\bbufio\.New(?:Reader|Scanner)\(os\.Stdin\)|\bterm\.ReadPassword\(/.test(text))
    return false;
  return !/\bhttp\.ResponseWriter\b|\becho\.Context\b|\*gin\.Context\b|\*fiber\.Ctx\b|\bcore\.RequestEvent\b/.test(
    text,
  );
}

/**
 * Elixir modules that say by their content that an operator runs them by hand: a release tasks module
 * (`MyApp.Release`, `MyApp.ReleaseTasks`, run with `bin/app eval`) or one whose `@moduledoc` says its functions
 * are called from IEx, a remote console, `eval` or `rpc` rather than from the application.
 */
export function elixirRunsByHand(text: string): boolean {
  if (/^\s*defmodule\s+(?:[\w.]+\.)?Release(?:Tasks)?\s+do\b/m.test(text)) return true;
  const moduledoc = /@moduledoc\s+(?:~[sS])?"""([\s\S]*?)"""/.exec(text)?.[1] ?? "";
  return /\b(?:called|run|used|invoked|meant to be (?:called|run|used))\s+(?:\w+\s+)?(?:from|in|via|through)\s+(?:an?\s+|the\s+)?(?:iex|remote console|(?:release\s+)?eval|rpc|console)\b/i.test(
    moduledoc,
  );
}

/**
 * Elixir modules only operators see: pages of Phoenix LiveDashboard (`use Phoenix.LiveDashboard.PageBuilder`),
 * mounted behind the dashboard's own access control. A failure there costs an operator a panel, not a user a request.
 */
export function elixirOperatorPage(text: string): boolean {
  return /^\s*use\s+Phoenix\.LiveDashboard\.PageBuilder\b/m.test(text);
}

// Build tags that name a test build: `go test -tags=unit`, `-tags e2e`, `integration`, `e2etest`, `testutil`.
const TEST_TAG =
  /^(unit|unittests?|e2e\w*|integration\w*|(test|tests|testing|testutils?|testonly)|functional|acceptance|smoke)$/i;

/**
 * Whether the file's build constraint (`//go:build …` before the package clause) requires a test tag: a helper or
 * fixture compiled only into `go test -tags=unit` or an e2e build, never into the shipped binary. A tag under `!`, or
 * one among alternatives (`a || unit`), does not make the file test-only.
 */
export function isTestBuild(text: string): boolean {
  const header = text.slice(0, text.search(/^package\s/m) >>> 0);
  const constraint = /^\/\/go:build\s+(.+)$/m.exec(header)?.[1];
  if (!constraint || constraint.includes("||")) return false;
  return constraint
    .split("&&")
    .map((term) => term.trim().replace(/^\(|\)$/g, ""))
    .some((term) => !term.startsWith("!") && TEST_TAG.test(term));
}

/**
 * The build constraint that leaves a Go file out of every build: `//go:build ignore` (or the older `// +build
 * ignore`) before the package clause, the Go convention for a generator run by `go generate`/`go run`, a manual tool
 * or a test server kept beside the package. No binary, test or library of the module compiles it. Returns the
 * constraint's line as written, or null. A negated `!ignore` or an alternative (`ignore || linux`) is not one.
 */
export function goExcludedBuild(text: string): string | null {
  const header = text.slice(0, text.search(/^package\s/m) >>> 0);
  const modern = /^\/\/go:build\s+(.+)$/m.exec(header);
  if (modern) {
    const constraint = modern[1] ?? "";
    if (constraint.includes("||")) return null;
    const terms = constraint.split("&&").map((term) => term.trim().replace(/^\(|\)$/g, ""));
    return terms.includes("ignore") ? modern[0].trim() : null;
  }
  // `// +build` lines: spaces are alternatives, commas conjunctions; several lines are all required.
  for (const line of header.matchAll(/^\/\/\s*\+build\s+(.+)$/gm))
    if ((line[1] ?? "").trim().split(/\s+/).length === 1 && (line[1] ?? "").split(",").includes("ignore"))
      return line[0].trim();
  return null;
}

/**
 * Go files outside `_test.go` that say by their content they are test code: a test-harness package (`webtests/`,
 * `integrations.go` of an e2e suite) that takes a `*testing.T`/`testing.TB` or imports an assertion or mocking
 * library (testify, gomega/ginkgo, gomock, gotest.tools), or that only builds under a test build tag
 * (`//go:build e2etest`, `integration`, `unit`: the production binary never compiles it). Production code never does;
 * importing "testing" only for `testing.Testing()` is not enough.
 */
export function goTestHelper(text: string): boolean {
  if (isTestBuild(text)) return true;
  if (
    /^\s*(?:import\s+)?(?:[\w.]+\s+)?"(?:github\.com\/stretchr\/testify|github\.com\/onsi\/(?:ginkgo|gomega)|github\.com\/golang\/mock|go\.uber\.org\/mock|gotest\.tools)(?:\/[\w./-]*)?"/m.test(
      text,
    )
  )
    return true;
  return /^\s*(?:import\s+)?"testing"/m.test(text) && /\*testing\.[TBMF]\b|\btesting\.TB\b/.test(text);
}

/**
 * The build and CI pipeline: a top-level `build/`, `ci/`, `.dagger/` or `magefiles/` (Mage's targets) folder (Go's layout for packaging and CI,
 * often a module of its own), or a file that drives a Dagger pipeline (`dagger.io/dagger`, a generated `…/dagger` client, the Python or
 * TS SDK). It starts throwaway containers and mock servers; no installation runs it.
 */
export function isBuildPipeline(path: string, text?: string): boolean {
  return PIPELINE_FOLDER.test(path) || (text !== undefined && DAGGER_IMPORT.test(text));
}

const PIPELINE_FOLDER = /^(?:\.?(?:build|ci)|\.dagger|magefiles)\//;
const DAGGER_IMPORT = /["'](?:[\w.@-]+\/)+dagger["']|^\s*(?:import|from)\s+dagger\b/m;
