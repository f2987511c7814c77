// build/runtime-version-mismatch: CI or the container image runs a different language version than the one the
// repository pins for development (or, for Go, an older one than go.mod requires).
import { posix } from "node:path";
import { compareAtCommonPrecision } from "../../facts/toolchain/compare.js";
import { RUNTIME_NAMES, type Runtime, type ToolchainPin } from "../../facts/toolchain/index.js";
import type { CiJob, CiWorkflow } from "../../facts/ci/types.js";
import { defineRule } from "../define-rule.js";

/** The CI job a pin's line lies in: the job of its workflow that starts last before the line. */
function ciJobAt(pin: ToolchainPin, workflows: readonly CiWorkflow[]): CiJob | null {
  const workflow = workflows.find((candidate) => candidate.path === pin.path);
  let found: CiJob | null = null;
  for (const job of workflow?.jobs ?? [])
    if (job.line <= pin.line && (!found || job.line > found.line)) found = job;
  return found;
}

const isAncestor = (dir: string, path: string): boolean =>
  dir === "." || path === dir || path.startsWith(`${dir}/`);

/**
 * The pin a container or CI version must agree with: the nearest version-manager file (or, for Go, go.mod) in
 * a folder enclosing the file that declares the other version. Several unrelated pins mean a monorepo whose
 * parts may differ on purpose, so a CI workflow (at the root) is compared only with a root pin or a single one.
 */
function referenceFor(pin: ToolchainPin, references: ToolchainPin[]): ToolchainPin | null {
  const enclosing = references
    .filter((ref) => isAncestor(posix.dirname(ref.path), pin.path))
    .sort((a, b) => b.path.split("/").length - a.path.split("/").length);
  const nearest = enclosing[0];
  if (nearest && (pin.source !== "ci" || posix.dirname(nearest.path) === ".")) return nearest;
  return pin.source === "ci" && references.length === 1 ? (references[0] ?? null) : null;
}

type Agreement = "agrees" | "patch-differs" | "differs";

function agreement(runtime: Runtime, reference: ToolchainPin, version: string): Agreement {
  const order = compareAtCommonPrecision(version, reference.version);
  if (order === null) return "agrees";
  // go.mod's go line is a minimum: a newer toolchain builds the module, an older one refuses or downloads.
  if (runtime === "go" && reference.source === "manifest") return order >= 0 ? "agrees" : "differs";
  if (order === 0) return "agrees";
  const minor = (v: string) => v.split(".").slice(0, 2).join(".");
  return compareAtCommonPrecision(minor(version), minor(reference.version)) === 0
    ? "patch-differs"
    : "differs";
}

/** Go 1.21+ fetches the toolchain go.mod asks for (GOTOOLCHAIN=auto): an older one still builds, over the network. */
function goDownloadsToolchain(runtime: Runtime, reference: ToolchainPin): boolean {
  return (
    runtime === "go" &&
    reference.source === "manifest" &&
    (compareAtCommonPrecision(reference.version, "1.21") ?? -1) >= 0
  );
}

export default defineRule({
  id: "build/runtime-version-mismatch",
  area: "build",
  severity: "medium",
  title: "CI or the container runs a different language version than the repository pins",
  effortMinutes: 20,
  confidence: "certain",
  docs: {
    rationale:
      "The version in .tool-versions/.nvmrc/.python-version (or go.mod) is the one developers run. When CI tests another version, or the production image is built on another, code that passes locally and in CI can fail in production — or uses language features the deployed runtime lacks.",
    impact:
      "Bugs that appear only in one environment; builds that break when an image is rebuilt; CI results that do not describe what ships.",
    fix: "Make every place read one version: point CI at the version file (`node-version-file: .nvmrc`, `python-version-file: .python-version`, setup-beam `version-file: .tool-versions`), build the image from the same version (an ARG fed from the file), or update the stale pin.",
    example: {
      language: "yaml",
      bad: "# .nvmrc\n20.11.1\n# .github/workflows/ci.yml\n- uses: actions/setup-node@v4\n  with:\n    node-version: 18",
      good: "- uses: actions/setup-node@v4\n  with:\n    node-version-file: .nvmrc",
    },
  },
  notes: [
    "One Dockerfile whose stages use different minor versions of one runtime (a builder on node:18, the runtime stage on node:20): one medium finding listing every stage with its version, whether or not a version file exists — what is compiled or installed in one stage runs on another.",
    "Reference versions: version-manager files (.tool-versions, mise.toml, .nvmrc, .node-version, .python-version, .ruby-version, runtime.txt, rust-toolchain) and, for Go, the go.mod `go` line. Compared with them: container base images (node, python, golang, elixir, hexpm/elixir with its OTP part, erlang, ruby, rust) and CI setup steps (setup-node/python/go/ruby, setup-beam, setup-uv/pdm), with `${{ matrix.x }}` resolved against the job's matrix.",
    "Versions are compared at the precision both give (`20` agrees with `20.11.1`); ranges (engines, requires-python, mix.exs `elixir:`) and aliases (`lts/*`) are not compared. A Go version newer than go.mod's is fine (it is a minimum); an older one is low when go.mod asks for Go 1.21 or later, whose go command downloads the required toolchain (the build works, but needs the network and runs another toolchain than the one installed).",
    "Each container or CI version is compared with the nearest pin in a folder enclosing it; CI workflows only with a root pin (or the only pin), so services of a monorepo pinned separately are not compared with each other.",
    "Low when the version meets the module's own go.mod requirement and differs only from the developers' version file, and for a CI job that runs no build, test or lint step (a bot that bumps dependencies): neither decides what ships or what is tested.",
    "Versions that differ only in the patch level are low. A CI matrix agrees when any of its versions agrees; it is reported at low severity otherwise (CI never tests the pinned version). A YAML number such as `python-version: 3.10` is read as 3.1 by the workflow and is reported as the mismatch it is.",
  ],
  applies(facts) {
    return (facts.toolchain?.pins ?? []).some((p) => p.source === "container" || p.source === "ci")
      ? true
      : {
          status: "not-applicable",
          reason: "no container base image or CI setup step names a runtime version",
        };
  },
  check({ facts, report }) {
    const pins = facts.toolchain.pins;
    reportStagesThatDisagree(pins, report);
    for (const runtime of [...new Set(pins.map((p) => p.runtime))].sort()) {
      const own = pins.filter((p) => p.runtime === runtime);
      const references = own.filter(
        (p) => p.exact && (p.source === "version-file" || (runtime === "go" && p.source === "manifest")),
      );
      // A version file beats go.mod where both exist: it names the toolchain developers actually use.
      const preferred = references.some((r) => r.source === "version-file")
        ? references.filter((r) => r.source === "version-file")
        : references;
      if (preferred.length === 0) continue;
      for (const pin of own) {
        if (!pin.exact || (pin.source !== "container" && pin.source !== "ci")) continue;
        const reference = referenceFor(pin, preferred);
        if (!reference) continue;
        const versions = pin.alternatives ?? [pin.version];
        const results = versions.map((version) => agreement(runtime, reference, version));
        if (results.includes("agrees")) continue;
        // The module's own requirement (go.mod) is met: only the developer's version file differs.
        const manifestAgrees = references.some(
          (other) =>
            other !== reference &&
            other.source === "manifest" &&
            referenceFor(pin, [other]) === other &&
            versions.some((version) => agreement(runtime, other, version) === "agrees"),
        );
        // A job that builds, tests and lints nothing (a bot that bumps dependencies, a release-notes job) does not
        // decide what ships or what is tested.
        const job = pin.source === "ci" ? ciJobAt(pin, facts.ci?.workflows ?? []) : null;
        const gateless = job !== null && job.steps.every((step) => step.gates.length === 0);
        const where = pin.source === "container" ? `The image (${pin.via})` : `CI (${pin.via})`;
        const relation =
          runtime === "go" && reference.source === "manifest"
            ? `older than the go ${reference.version} that ${reference.path} requires`
            : `while ${reference.path} pins ${reference.version}`;
        report({
          path: pin.path,
          line: pin.line,
          message: `${where} uses ${RUNTIME_NAMES[runtime]} ${pin.version}, ${relation}${
            manifestAgrees
              ? "; it meets the module's go.mod, so only the developers' toolchain differs"
              : gateless
                ? `; job ${job.id} runs no build, test or lint step, so what ships is not built with it`
                : ""
          }`,
          key: `${runtime}:${pin.via}:${pin.version}`,
          severity:
            pin.alternatives ||
            results.includes("patch-differs") ||
            goDownloadsToolchain(runtime, reference) ||
            manifestAgrees ||
            gateless
              ? "low"
              : undefined,
          related: [{ path: reference.path, startLine: reference.line, endLine: reference.line }],
        });
      }
    }
  },
});

const minorOf = (version: string): string => version.split(".").slice(0, 2).join(".");

/** Stages of one Dockerfile on different minor versions of a runtime: one finding listing every stage. */
function reportStagesThatDisagree(
  pins: readonly ToolchainPin[],
  report: (finding: {
    path: string;
    line: number;
    message: string;
    key: string;
    related: Array<{ path: string; startLine: number; endLine: number }>;
  }) => void,
): void {
  const groups = new Map<string, ToolchainPin[]>();
  for (const pin of pins) {
    if (pin.source !== "container" || !pin.exact) continue;
    const key = `${pin.path}\u0000${pin.runtime}`;
    groups.set(key, [...(groups.get(key) ?? []), pin]);
  }
  for (const group of groups.values()) {
    const first = group[0];
    if (!first || group.length < 2) continue;
    // Compared at the precision both give: `20` agrees with `20.11`, `3.12` differs from `3.11`.
    const differs = group.some((a) =>
      group.some((b) => (compareAtCommonPrecision(minorOf(a.version), minorOf(b.version)) ?? 0) !== 0),
    );
    if (!differs) continue;
    report({
      path: first.path,
      line: first.line,
      message: `The stages of ${first.path} use different ${RUNTIME_NAMES[first.runtime]} versions: ${group
        .map((pin) => `${pin.version} (${pin.via}, line ${pin.line})`)
        .join(", ")}; what one stage builds or installs runs on another`,
      key: `${first.runtime}:stages:${group.map((pin) => pin.version).join(",")}`,
      related: group.slice(1).map((pin) => ({ path: pin.path, startLine: pin.line, endLine: pin.line })),
    });
  }
}
