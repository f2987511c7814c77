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
  commands?: Array<{ text: string; line: number }>;
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
}

export interface CiFacts {
  workflows: CiWorkflow[];
  /** Every gate of every step, in path/line order. */
  gates: CiGate[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    ci: CiFacts;
  }
}
