// build/end-of-life-runtime: the repository builds, ships or tests on a runtime release line that no longer gets
// security fixes — one finding per runtime, at the place that matters most, listing the others.
import { NODE_SERVER_PACKAGE } from "../../facts/apps/node-roles.js";
import { isBuildPipeline } from "../../facts/one-off-code.js";
import { END_OF_LIFE_TABLE_DATE, endOfLifeMonth, endOfLifeOf } from "../../facts/toolchain/end-of-life.js";
import { RUNTIME_NAMES, type Runtime, type ToolchainPin } from "../../facts/toolchain/index.js";
import { RUNTIME_ECOSYSTEMS } from "../../facts/toolchain/pins.js";
import type { Location } from "../../model/finding.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import { defineRule } from "../define-rule.js";

type Weight = "medium" | "low";

interface Place {
  pin: ToolchainPin;
  line: string;
  since: string;
  weight: Weight;
  why: string;
}

// Where the finding points among places of equal weight: what ships, then what developers pin, then CI.
const SOURCE_ORDER: readonly ToolchainPin["source"][] = ["container", "version-file", "manifest", "ci"];

const versionsOf = (pin: ToolchainPin): string[] => pin.alternatives ?? [pin.version];

/** A concrete version the repository runs on that still gets fixes (or whose line the table does not know). */
function isSupported(pin: ToolchainPin, version: string): boolean {
  return endOfLifeOf(pin.runtime, version) === null;
}

/** How much an end-of-life version at this place matters, or null when it is not a place code runs on. */
function weigh(
  pin: ToolchainPin,
  supportedElsewhere: boolean,
  buildToolOnly: string | null,
): { weight: Weight; why: string } | null {
  if (pin.kind === "range" || !pin.exact || pin.moving) return null;
  // go.mod's `go` line is the oldest language version the module accepts, not the toolchain that builds it.
  if (pin.via === "go.mod go directive") return null;
  if (buildToolOnly !== null && pin.source !== "container") return { weight: "low", why: buildToolOnly };
  if (pin.source === "container")
    return pin.ships
      ? { weight: "medium", why: "the image the project ships runs on it" }
      : { weight: "low", why: "a build stage, development image or compose service uses it" };
  if (pin.source === "version-file" || pin.source === "manifest")
    return supportedElsewhere
      ? {
          weight: "low",
          why: "developers' version file names it while another place runs a supported release",
        }
      : { weight: "medium", why: "the version file developers and deployments read names it" };
  // CI: a matrix testing old releases beside supported ones keeps a promise to users; a CI that tests only
  // unsupported releases says nothing about a runtime anyone should deploy.
  if (versionsOf(pin).some((version) => isSupported(pin, version))) return null;
  return supportedElsewhere || !pin.gates
    ? { weight: "low", why: `CI job ${pin.job ?? "?"} runs on it` }
    : {
        weight: "medium",
        why: `CI job ${pin.job ?? "?"} ${pin.tests ? "tests" : "builds"} only on it and no other place names a supported release`,
      };
}

export default defineRule({
  id: "build/end-of-life-runtime",
  area: "build",
  severity: "medium",
  title: "Runtime release line past its end of life",
  effortMinutes: 120,
  confidence: "certain",
  docs: {
    rationale:
      "Each release line of Node.js, Python, Go, Elixir and Erlang/OTP gets security fixes for a published period, then none. A service whose image, version file or only CI job runs on such a line carries every vulnerability found in the runtime since, and its dependencies drop support for it one by one.",
    impact:
      "Known runtime vulnerabilities that will never be patched in production, libraries that can no longer be upgraded (their new releases require a supported runtime), and an upgrade that grows harder with each skipped release.",
    fix: "Move the image, the version file and CI to a supported release line together (one version, read from one place), run the tests on it, and keep a reminder of the next end-of-life date.",
    example: {
      language: "dockerfile",
      bad: 'FROM python:3.8-slim\nCOPY . /app\nCMD ["gunicorn", "app:app"]',
      good: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["gunicorn", "app:app"]',
    },
    examples: [
      {
        language: "yaml",
        bad: "- uses: actions/setup-node@v4\n  with:\n    node-version: 16",
        good: "- uses: actions/setup-node@v4\n  with:\n    node-version-file: .nvmrc  # 22",
      },
    ],
  },
  notes: [
    `End-of-life dates come from a table in the tool, dated ${END_OF_LIFE_TABLE_DATE}: an audit of one commit with one version of the tool always says the same; a release line past its end of life after that date is reported by a later version of the tool. Lines whose date is not settled are not in the table and never reported.`,
    "Release lines: Node.js majors (odd majors live six months), Python, Go and Elixir minors, Erlang/OTP majors. Go's `go` directive in go.mod and other ranges (engines, requires-python, mix.exs `elixir:`) are minimums, not the version that runs, and are not judged; a Go version counts where it builds (CI, images).",
    "Low for a version file or CI job of a runtime the project's images only build with (Node.js building assets into an image that runs an Elixir release), and for Node.js when no package declares a server (Express, Fastify, Koa, NestJS, Hono, Next.js, Nuxt, Remix, SvelteKit …) and no shipped image runs it: it then only builds front-end files.",
    "Medium when the image the project ships, its version file (.tool-versions, .nvmrc, .python-version, runtime.txt) or its only CI release is past end of life; low for build stages, development images, compose services, and a version file or CI job when another place runs a supported release. A CI matrix that tests old releases beside a supported one is not reported: supporting users on old runtimes is a choice.",
  ],
  applies(facts) {
    return (facts.toolchain?.pins ?? []).some((pin) => pin.kind !== "range")
      ? true
      : {
          status: "not-applicable",
          reason: "no runtime version is pinned in a version file, image or CI step",
        };
  },
  check({ facts, report }) {
    const pins = facts.toolchain.pins;
    const nodeServes = (facts.dependencies?.declared ?? []).some(
      (dep) => dep.ecosystem === "npm" && !dep.dev && NODE_SERVER_PACKAGE.test(dep.name),
    );
    /** Why a runtime only runs tooling here (then its version file and CI jobs weigh low), or null. */
    const buildToolReason = (runtime: Runtime, mine: readonly ToolchainPin[]): string | null => {
      const ecosystem = RUNTIME_ECOSYSTEMS[runtime];
      const images = mine.filter((pin) => pin.source === "container");
      if (
        facts.apps !== undefined &&
        !facts.apps.some((app) => app.ecosystem === ecosystem && !isBuildPipeline(app.manifest))
      )
        return `the project has no ${RUNTIME_NAMES[runtime]} application: it runs tooling`;
      if (runtime === "node" && !nodeServes && images.every((pin) => pin.ships !== true))
        return images.length > 0 &&
          pins.some((pin) => RUNTIME_ECOSYSTEMS[pin.runtime] !== ecosystem && pin.ships === true)
          ? "the project's images use it only to build files, not to run them"
          : "no package declares a server and no shipped image runs it: it builds front-end files";
      return null;
    };
    const byRuntime = new Map<Runtime, Place[]>();
    for (const runtime of new Set(pins.map((pin) => pin.runtime))) {
      const mine = pins.filter((pin) => pin.runtime === runtime);
      // A place that runs a supported release (an image that ships it, a version file, a CI release).
      const runsSupported = (except: ToolchainPin): boolean =>
        mine.some(
          (pin) =>
            pin !== except &&
            pin.kind !== "range" &&
            pin.exact &&
            !pin.moving &&
            (pin.source !== "container" || pin.ships === true) &&
            versionsOf(pin).some((version) => isSupported(pin, version)),
        );
      const buildToolOnly = buildToolReason(runtime, mine);
      for (const pin of mine) {
        const dead = versionsOf(pin)
          .map((version) => endOfLifeOf(runtime, version))
          .find((found) => found !== null);
        if (!dead) continue;
        const weighed = weigh(pin, runsSupported(pin), buildToolOnly);
        if (!weighed) continue;
        byRuntime.set(runtime, [...(byRuntime.get(runtime) ?? []), { pin, ...dead, ...weighed }]);
      }
    }
    for (const places of byRuntime.values()) {
      const sorted = [...places].sort(
        (a, b) =>
          (a.weight === b.weight ? 0 : a.weight === "medium" ? -1 : 1) ||
          SOURCE_ORDER.indexOf(a.pin.source) - SOURCE_ORDER.indexOf(b.pin.source) ||
          compareCodeUnits(a.pin.path, b.pin.path) ||
          a.pin.line - b.pin.line,
      );
      const main = sorted[0] as Place;
      const runtime: Runtime = main.pin.runtime;
      const name = RUNTIME_NAMES[runtime];
      const others = sorted.slice(1);
      const related: Location[] = others.map(({ pin }) => ({
        path: pin.path,
        startLine: pin.line,
        endLine: pin.line,
      }));
      report({
        path: main.pin.path,
        line: main.pin.line,
        severity: main.weight,
        message: `${name} ${main.line} has had no security fixes since ${endOfLifeMonth(main.since)}: ${main.why} (${main.pin.via})${others.length > 0 ? `; ${others.length} more place(s) run end-of-life ${name} (${[...new Set(sorted.map((place) => place.line))].join(", ")})` : ""}`,
        key: runtime,
        related,
      });
    }
  },
});
