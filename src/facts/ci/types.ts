// Shared CI shapes: workflows, jobs, steps, and the gates their commands amount to (filled by facts/ci).
// Other packs read `facts.ci.gates` to relate local configuration to what CI enforces.

export type GateKind =
  | "format"
  | "lint"
  | "typecheck"
  | "compile-warnings"
  | "test"
  | "coverage"
  | "coverage-threshold"
  | "security-scan"
  | "dependency-audit"
  | "secret-scan"
  | "build"
  | "release"
  | "container-build"
  | "container-push"
  | "container-scan"
  | "deploy";

/** One gate a CI step amounts to: `mix credo --strict` is a lint gate by tool "credo" for elixir. */
export interface CiGate {
  kind: GateKind;
  /** The tool that enforces it: "credo", "mix format", "eslint", "ruff", "gosec", "actions/checkout" … */
  tool: string;
  /** "elixir" | "go" | "python" | "node" | … or null when ecosystem-neutral (docker, secret scanners). */
  ecosystem: string | null;
  /** The command line or `uses:` reference as written. */
  command: string;
  path: string;
  line: number;
  job: string;
  /** A deploy/release step whose commands only echo. */
  stub?: boolean;
  /**
   * The step cannot fail the build: `continue-on-error: true` (step or job), GitLab `allow_failure: true`, or a
   * command whose failure is ignored (`|| true`, `|| exit 0`). Such a gate only warns; it is kept out of `CiFacts.gates`.
   */
  warnOnly?: boolean;
}

/** One command line of a step. */
export interface CiCommand {
  text: string;
  line: number;
  /**
   * The command lines it runs through runner targets (`npm run fmt`, `make lint`, `task check`, mix aliases …),
   * resolved a few levels deep, depth first in the order they run; absent when it names no target that resolves.
   */
  expanded?: string[];
}

export interface CiStep {
  name: string | null;
  run: string | null;
  uses: string | null;
  line: number;
  gates: CiGate[];
  /** Line of the `uses:` key, when present. */
  usesLine?: number;
  /** `with:` inputs of an action step (values as written), when present. */
  with?: Record<string, string>;
  /** Directory the commands start in (`working-directory:` of the step or the defaults; "." for the root). */
  workingDirectory?: string;
  /** Line of each command of `run:` (or GitLab `script:` entry), in order. */
  commands?: CiCommand[];
  /** `continue-on-error: true` on the step. */
  continueOnError?: boolean;
  /** `env:` of the step (values as written). */
  env?: Record<string, string>;
  /** `if:` of the step, as written. */
  condition?: string | null;
  /**
   * The `uses:` names an action or workflow by `owner/repo/path@ref` whose path exists in this repository: the
   * repository's own code, referenced remotely (so that forks and callers get it).
   */
  ownAction?: boolean;
}

/** A reference from an expression to another job's results: `needs.build.outputs.tag`, `jobs.test.result`. */
export interface CiJobReference {
  context: "needs" | "jobs";
  /** The job id referenced. */
  job: string;
  line: number;
  /** The expression or scalar it appears in (first 120 characters). */
  text: string;
  /** Where: "if" for the job's own condition, "step-if", or the key of the scalar (`run`, `env.X`, `with.y`). */
  where: string;
}

/** A cache a job restores and saves: `actions/cache` (and its restore/save halves) or GitLab `cache:`. */
export interface CiCache {
  /** The key as written (`${{ runner.os }}-mix-${{ hashFiles('mix.lock') }}`, or GitLab's `files:` list joined). */
  key: string;
  line: number;
  /** The action or "gitlab cache". */
  via: string;
  /** Cached paths as written. */
  paths: string[];
  /** Files the key hashes (the arguments of `hashFiles(...)`, GitLab `key: files:`). */
  hashedFiles: string[];
}

export interface CiJob {
  id: string;
  name: string | null;
  line: number;
  steps: CiStep[];
  needs: string[];
  timeoutMinutes: number | null;
  permissions: unknown;
  matrix: unknown;
  services: string[];
  environment: string | null;
  condition: string | null;
  /** Line of `timeout-minutes`, when set. */
  timeoutLine?: number | null;
  /** `runs-on` (GitHub) or `image` (GitLab), as written. */
  runsOn?: string | null;
  concurrency?: unknown;
  /**
   * Repository secrets the job reads (`secrets.NAME`, workflow-level env included); "*" for `secrets: inherit`.
   * GITHUB_TOKEN is left out (see usesToken), and so are upload tokens of coverage services and debug switches
   * (CODECOV_TOKEN, COVERALLS_REPO_TOKEN, ACTIONS_STEP_DEBUG): they grant nothing worth stealing.
   */
  secrets?: string[];
  /** The job hands its GITHUB_TOKEN to a step explicitly (`secrets.GITHUB_TOKEN`, `github.token`). */
  usesToken?: boolean;
  /** A reusable workflow the job calls (`uses:` on the job), as written. */
  calls?: string | null;
  /** The `with:` inputs the job passes to the reusable workflow it calls. */
  callInputs?: Record<string, string>;
  /** `continue-on-error: true` (GitHub) or `allow_failure: true` (GitLab) on the job. */
  allowFailure?: boolean;
  /** Line of the job's `if:` (GitHub) or `rules:` (GitLab). */
  conditionLine?: number | null;
  /** Line of the job's `needs:`. */
  needsLine?: number | null;
  /** Line of the job's `permissions:`. */
  permissionsLine?: number | null;
  /** `env:` (GitHub) or `variables:` (GitLab) of the job itself (values as written). */
  env?: Record<string, string>;
  /**
   * The workflow-level variables the job receives when not all of them: GitLab `inherit: variables: false` (empty)
   * or a list of names. Absent when the job inherits every one.
   */
  inheritsVariables?: string[];
  /** Container image the steps run in (`container:` on GitHub, `image:` on GitLab), as written. */
  container?: string | null;
  /** Images of the service containers (`services.<name>.image`, GitLab `services:`), as written. */
  serviceImages?: string[];
  /** References to other jobs' results in the job's expressions. */
  references?: CiJobReference[];
  /** Caches the job restores and saves. */
  caches?: CiCache[];
  /** Why the job can never run (`if: false`, or it needs such a job); its gates are not counted. */
  neverRuns?: string;
}

export interface CiWorkflow {
  path: string;
  provider: "github" | "gitlab";
  name: string | null;
  triggers: string[];
  jobs: CiJob[];
  permissions: unknown;
  concurrency: unknown;
  /** Lines of the workflow-level `permissions:` and `concurrency:` keys, when present. */
  permissionsLine?: number | null;
  concurrencyLine?: number | null;
  /** Workflow-level `env:` (GitHub) or `variables:` (GitLab), values as written. */
  env?: Record<string, string>;
  /** A GitLab file the pipeline's main file includes (`include: local`): its jobs run in that pipeline. */
  includedBy?: string;
  /**
   * Why the file is not a workflow the CI service will run: the YAML does not parse, keys repeat, or required
   * keys are missing (`on`, `jobs`, a job without `runs-on`/`uses`). Its gates are not counted.
   */
  invalid?: { message: string; line: number } | null;
  /** References to jobs from the workflow's own expressions (`on.workflow_call.outputs.*.value`). */
  references?: CiJobReference[];
  /** Local workflows whose jobs call this one (`uses: ./.github/workflows/this.yml`). */
  calledBy?: string[];
}

/** A dependency update bot and the package ecosystems it watches. */
export interface UpdateBot {
  tool: "dependabot" | "renovate";
  path: string;
  /** CI gate ecosystems it covers ("node", "python", "go" …, "docker", "github-actions"); ["*"] when it detects them all (Renovate). */
  ecosystems: string[];
}

/** A check configured in the repository itself (a linter dependency, a type-checker config), whether or not CI runs it. */
export interface LocalTool {
  ecosystem: string;
  kind: GateKind;
  /** The dependency, config file or package script that shows it. */
  tool: string;
  path: string;
  /** Folder of that manifest or config ("." for the root). */
  dir: string;
}

/** A CI command that fails when a search of the tree finds something, and what it finds in the tracked files today. */
export interface CiGrepBan {
  path: string;
  line: number;
  job: string;
  command: string;
  tool: "grep" | "git grep" | "rg";
  patterns: string[];
  /** Paths searched, as written. */
  searched: string[];
  /** The first 20 matching lines. */
  matches: Array<{ path: string; line: number; text: string }>;
  matchCount: number;
}

/** A server the tests of a project connect to. */
export type TestServiceKind = "postgres" | "mysql" | "database" | "mongodb" | "redis" | "rabbitmq";

/** A place in a project's test configuration that makes its tests need a server (a database, cache or broker). */
export interface TestServiceNeed {
  kind: TestServiceKind;
  ecosystem: "python" | "node";
  /** Folder of the project whose tests need it ("." for the root). */
  dir: string;
  path: string;
  line: number;
  /** The line that states it, trimmed (first 120 characters). */
  text: string;
  /** What kind of configuration states it: "Django settings", "conftest.py", "script test:e2e" … */
  via: string;
  /** The package script whose run needs it (Node), when the need comes from one script. */
  script?: string;
}

export interface CiFacts {
  workflows: CiWorkflow[];
  /** Every gate of every step that can fail the build, in path/line order. */
  gates: CiGate[];
  /** Gates that only warn (`continue-on-error`, `allow_failure`, `|| true`): not counted as gates. */
  warnOnlyGates: CiGate[];
  /** Dependabot / Renovate configuration. */
  updateBots: UpdateBot[];
  /** Linters, formatters, type checkers, scanners and test runners configured in the repository. */
  localTools: LocalTool[];
  /** Steps that fail when a search of the tree finds something, evaluated against the tracked files. */
  grepBans?: CiGrepBan[];
  /**
   * Folders of Go programs that CI runs as its pipeline (a Dagger or mage program reached by `go run`/`mage`):
   * build tooling, not an application of the repository.
   */
  pipelinePrograms?: string[];
  /**
   * Configuration files of CI systems this model does not read (CircleCI, Jenkins, Travis, Azure, Buildkite,
   * Bitbucket, Drone, Woodpecker, Cloud Build): gates may run there.
   */
  otherCiConfigs?: string[];
  /** Servers the tests of Python and Node projects connect to, from their test configuration. */
  testServiceNeeds?: TestServiceNeed[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    ci: CiFacts;
  }
}
