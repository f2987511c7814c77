// build/runtime-version-mismatch: the places that state a runtime's version (version files, manifests, images, CI)
// disagree — one finding per runtime listing every place in the disagreement with its value.
import { posix } from "node:path";
import { compareAtCommonPrecision, rangeAdmits } from "../../facts/toolchain/compare.js";
import { RUNTIME_NAMES, type Runtime, type ToolchainPin } from "../../facts/toolchain/index.js";
import { defineRule } from "../define-rule.js";

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
  // go.mod's `go` and `toolchain` lines are one file: still the only pin.
  return pin.source === "ci" && new Set(references.map((ref) => ref.path)).size === 1
    ? (references[0] ?? null)
    : null;
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

/** Two places that disagree, how much it matters, and why (for the message). */
interface Disagreement {
  /** The place to change (a CI step, an image, a stage): where the finding points. */
  place: ToolchainPin;
  /** What it disagrees with. */
  other: ToolchainPin;
  severity: "medium" | "low";
  why: string;
}

const minorOf = (version: string): string => version.split(".").slice(0, 2).join(".");

/** Same major.minor at the precision both give: `20` agrees with `20.11`, `3.12` differs from `3.11`. */
const sameMinor = (a: string, b: string): boolean =>
  (compareAtCommonPrecision(minorOf(a), minorOf(b)) ?? 0) === 0;

const versionsOf = (pin: ToolchainPin): string[] => pin.alternatives ?? [pin.version];

function describePlace(pin: ToolchainPin): string {
  return `${pin.version} (${pin.via}, ${pin.path}:${pin.line})`;
}

export default defineRule({
  id: "build/runtime-version-mismatch",
  area: "build",
  severity: "medium",
  title: "Places that state the runtime version disagree",
  effortMinutes: 20,
  confidence: "certain",
  docs: {
    rationale:
      "A runtime's version is stated in many places: version-manager files developers' shells read, manifest ranges (engines, requires-python, mix.exs `elixir:`), CI setup steps and job images, Dockerfile stages and compose images. When CI tests another version than the image ships, a green build says little about production; when the developers' pin, the manifest range or a builder stage disagrees with the rest, code that works in one place fails in another.",
    impact:
      "Bugs that appear only in one environment; builds that break when an image is rebuilt; CI results that do not describe what ships.",
    fix: "Make every place read one version: point CI at the version file (`node-version-file: .nvmrc`, `python-version-file: .python-version`, setup-beam `version-file: .tool-versions`), build the image from the same version (an ARG fed from the file), keep the manifest range admitting the pinned version, or update the stale place.",
    example: {
      language: "yaml",
      bad: "# Dockerfile\nFROM node:20-alpine\n# .github/workflows/ci.yml\n- uses: actions/setup-node@v4\n  with:\n    node-version: 18\n- run: npm test",
      good: "# .nvmrc\n20\n# .github/workflows/ci.yml\n- uses: actions/setup-node@v4\n  with:\n    node-version-file: .nvmrc",
    },
  },
  notes: [
    "One finding per runtime, listing every place that takes part in a disagreement with its value and path:line. Places read: .tool-versions, mise.toml, .nvmrc, .node-version, .python-version, .ruby-version, runtime.txt, rust-toolchain; go.mod `go` and `toolchain`; package.json engines.node and volta.node; pyproject requires-python; mix.exs `elixir:`; Dockerfile stages (build-argument defaults resolved unless CI or compose passes that argument); compose service images; CI setup steps (setup-node/python/go/ruby/beam, setup-uv/pdm) with `${{ matrix.x }}` (include entries too) and `${{ env.X }}` resolved, `*-version-file` inputs read from the file, and job images (`container:`, GitLab `image:`).",
    "Medium when what CI tests differs from what ships in major or minor: no CI job that runs this runtime's tests uses the minor version of an image built for production (the last stage on that runtime of a Dockerfile that is not for development or tests and, when CI builds some Dockerfiles, one of those — else, when a deployment compose file builds some, one of those), (an interpreter — Node.js, Bun, Deno, Python, Ruby — whose stage only builds files a final nginx/httpd/caddy image serves does not ship), or the stages of one Dockerfile differ in minor (what one stage builds runs on another). Everything else is low: a CI step or image against the developers' version file, a version outside the manifest's range, patch-level differences.",
    "A CI Go older than a go.mod that asks for Go 1.21 or later is not compared with the image: the go command switches to the module's toolchain, so CI runs that one.",
    "Near-misses: versions that agree at the precision both give (`20` and `20.11.1`), a range that admits the pin (engines `>=18` with `.nvmrc` 20, `~> 1.15` with 1.16), a CI matrix that includes the version, an image tag on the same minor, a Go version newer than go.mod's `go` line (a minimum).",
    'Each CI step or image is compared with the nearest version file or range in a folder enclosing it; CI workflows only with a root one (or the only one), so services of a monorepo pinned separately are not compared with each other. CI versions are read as release lines where they stay on one (`20.x` and `^20` as Node.js 20, `~3.11` as Python 3.11) and as moving where they do not (`lts/*` as "a moving LTS", never a guessed number; `node`, `latest`, `stable`; Python `3.x` or `3`; `>=3.10`): a moving CI version is never reported as disagreeing, and when CI tests only on moving versions while a production image pins one, the finding is low ("CI follows a moving version"). Other ranges are not compared.',
    "A YAML number such as `python-version: 3.10` is read as 3.1 by the workflow and is reported as the mismatch it is.",
  ],
  applies(facts) {
    const pins = facts.toolchain?.pins ?? [];
    return pins.some((a) => pins.some((b) => a !== b && a.runtime === b.runtime))
      ? true
      : {
          status: "not-applicable",
          reason: "no runtime version is stated in more than one place",
        };
  },
  check({ facts, report }) {
    const pins = facts.toolchain.pins;
    for (const runtime of [...new Set(pins.map((p) => p.runtime))].sort()) {
      const own = pins.filter((p) => p.runtime === runtime);
      const found = [
        ...stagesThatDisagree(own),
        ...againstVersionFiles(runtime, own),
        ...outsideRanges(own),
        ...testedAgainstShipped(own),
      ];
      if (found.length === 0) continue;
      const severity = found.some((d) => d.severity === "medium") ? "medium" : "low";
      const strongest = found.filter((d) => d.severity === severity);
      const first = strongest[0];
      if (!first) continue;
      const places = uniquePins(found.flatMap((d) => [d.other, d.place]));
      const why = [...new Set(strongest.map((d) => d.why))];
      const name = RUNTIME_NAMES[runtime];
      report({
        path: first.place.path,
        line: first.place.line,
        message: `${name} versions disagree: ${places.map(describePlace).join("; ")} — ${why.slice(0, 3).join("; ")}${
          why.length > 3 ? `; and ${why.length - 3} more` : ""
        }`,
        key: `${runtime}:${[...new Set(places.map((p) => p.version))].sort().join(",")}`,
        severity: severity === "medium" ? undefined : "low",
        related: places
          .filter((p) => p !== first.place)
          .map((p) => ({ path: p.path, startLine: p.line, endLine: p.line })),
      });
    }
  },
});

/** Distinct places, in order: version files and manifests, then CI, then images; by path and line within each. */
function uniquePins(list: readonly ToolchainPin[]): ToolchainPin[] {
  const order = { "version-file": 0, manifest: 1, ci: 2, container: 3 } as const;
  return [...new Set(list)].sort(
    (a, b) =>
      order[a.source] - order[b.source] ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.line - b.line,
  );
}

/** Stages of one Dockerfile on different minor versions of a runtime. */
function stagesThatDisagree(own: readonly ToolchainPin[]): Disagreement[] {
  const groups = new Map<string, ToolchainPin[]>();
  for (const pin of own)
    if (pin.source === "container" && pin.stage !== undefined)
      groups.set(pin.path, [...(groups.get(pin.path) ?? []), pin]);
  const out: Disagreement[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    for (const other of group.slice(1))
      if (!sameMinor(first.version, other.version))
        out.push({
          place: first,
          other,
          severity: "medium",
          why: `the stages of ${first.path} differ (${first.version} at line ${first.line}, ${other.version} at line ${other.line}), so what one stage builds or installs runs on another`,
        });
  }
  return out;
}

/** CI steps and images against the developers' version file (or, for Go, go.mod): always low. */
function againstVersionFiles(runtime: Runtime, own: readonly ToolchainPin[]): Disagreement[] {
  const references = own.filter(
    (p) => p.exact && (p.source === "version-file" || (runtime === "go" && p.source === "manifest")),
  );
  // A version file beats go.mod where both exist: it names the toolchain developers actually use.
  const preferred = references.some((r) => r.source === "version-file")
    ? references.filter((r) => r.source === "version-file")
    : references;
  if (preferred.length === 0) return [];
  const out: Disagreement[] = [];
  for (const pin of own) {
    // A CI version that moves (`lts/*` beside 20) may be the file's today: nothing is known to disagree.
    if (!pin.exact || pin.moving || (pin.source !== "container" && pin.source !== "ci")) continue;
    const reference = referenceFor(pin, preferred);
    if (!reference) continue;
    if (versionsOf(pin).some((version) => agreement(runtime, reference, version) === "agrees")) continue;
    const where = pin.source === "container" ? "the image" : `CI job ${pin.job ?? "?"}`;
    out.push({
      place: pin,
      other: reference,
      severity: "low",
      why:
        runtime === "go" && reference.source === "manifest"
          ? `${where} uses ${pin.version}, older than the go ${reference.version} ${reference.path} requires`
          : `${where} uses ${pin.version} while ${reference.path} pins ${reference.version}`,
    });
  }
  return out;
}

/** Concrete versions outside the manifest range that governs them (engines, requires-python, mix.exs). */
function outsideRanges(own: readonly ToolchainPin[]): Disagreement[] {
  const ranges = own.filter((p) => p.kind === "range" && p.source === "manifest");
  if (ranges.length === 0) return [];
  const out: Disagreement[] = [];
  for (const pin of own) {
    if (!pin.exact || pin.moving || pin.source === "manifest") continue;
    const range = referenceFor(pin, ranges);
    if (!range) continue;
    const admitted = versionsOf(pin).map((version) => rangeAdmits(range.version, version));
    // Unreadable, or some version of a matrix fits: the range is honoured somewhere.
    if (admitted.some((fits) => fits !== false)) continue;
    out.push({
      place: pin,
      other: range,
      severity: "low",
      why: `${pin.version} (${pin.via}) is outside ${range.version} that ${range.path} accepts`,
    });
  }
  return out;
}

/** What CI tests against what ships: the last production image stage on the runtime vs CI test jobs' versions. */
function testedAgainstShipped(own: readonly ToolchainPin[]): Disagreement[] {
  const shipped = own.filter((p) => p.source === "container" && p.ships && p.exact);
  // Go 1.21+ switches to the toolchain go.mod asks for: a CI Go older than that runs the module's toolchain.
  const goMinimums = own.filter(
    (p) =>
      p.runtime === "go" &&
      p.source === "manifest" &&
      (compareAtCommonPrecision(p.version, "1.21") ?? -1) >= 0,
  );
  const switchesToolchain = (ci: ToolchainPin): boolean =>
    goMinimums.some((min) =>
      versionsOf(ci).every((version) => (compareAtCommonPrecision(version, min.version) ?? 0) < 0),
    );
  const tested = own.filter((p) => p.source === "ci" && p.exact && p.tests && !switchesToolchain(p));
  // CI jobs that test on a version that moves by itself (`lts/*`, Python `3.x`, `>=3.10`): what they run today
  // cannot be read from the repository, so they neither agree nor disagree — they only drift.
  const moving = own.filter((p) => p.source === "ci" && p.moving && p.tests && !switchesToolchain(p));
  const out: Disagreement[] = [];
  for (const image of shipped) {
    if (tested.length === 0 && moving.length === 0) break;
    if (
      tested.some((ci) => !ci.moving && versionsOf(ci).some((version) => sameMinor(version, image.version)))
    )
      continue;
    if (moving.length > 0) {
      for (const ci of moving)
        out.push({
          place: ci,
          other: image,
          severity: "low",
          why: `CI job ${ci.job ?? "?"} follows a moving version (${ci.moving ?? ci.version}) while ${image.path} ships ${image.version}`,
        });
      continue;
    }
    for (const ci of tested)
      out.push({
        place: ci,
        other: image,
        severity: "medium",
        why: `CI job ${ci.job ?? "?"} tests ${ci.version} while ${image.path} ships ${image.version}`,
      });
  }
  return out;
}
