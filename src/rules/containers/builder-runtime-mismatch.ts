// docker/builder-runtime-mismatch: the final image copies native build output (an Erlang release, a virtualenv,
// node_modules, a cgo binary) from a stage built on another operating system or release than its own.
import { makeResolver } from "../../facts/ci/runners.js";
import type { DockerStage } from "../../facts/docker/index.js";
import type { StageInfo } from "../../facts/docker/stage-systems.js";
import { parentDir } from "../../repo/repo-path.js";
import { defineRule } from "../define-rule.js";

/** What a builder stage produces that links against the system's C library and shared libraries. */
function nativeOutput(builder: StageInfo, copied: string, cgoOff: boolean): string | null {
  const image = builder.image.toLowerCase();
  if (/(^|\/)(elixir|erlang)(:|$)|hexpm\/(elixir|erlang)/.test(image))
    return "an Erlang/Elixir release (ERTS and NIFs link to the system's libc and OpenSSL)";
  if (
    /(^|\/)python(:|$)|astral-sh\/uv/.test(image) &&
    /venv|site-packages|\/usr\/local|\/opt|\/root\/\.local/.test(copied)
  )
    return "Python packages with compiled extensions";
  if (/(^|\/)node(:|$)/.test(image) && /node_modules/.test(copied)) return "node_modules with native addons";
  if (/(^|\/)golang(:|$)/.test(image) && !cgoOff)
    return "a Go binary built with cgo (the golang image's default), linked to the builder's libc";
  return null;
}

/** A build command that makes a static binary or turns cgo off: nothing it outputs links to the builder's libc. */
const STATIC_BUILD = /CGO_ENABLED=0|-extldflags[= ]+["']?-static\b/;

/**
 * Whether a Go builder stage hands its build to something this rule cannot judge from the Dockerfile: `make <target>`
 * whose recipe builds statically (or cannot be read), or a build script. The Makefile is read from the Dockerfile's
 * folder and the repository root, the build contexts a Dockerfile's `ADD Makefile .` comes from.
 */
function delegatesStaticBuild(
  stage: DockerStage,
  dockerfilePath: string,
  read: (path: string) => string | null,
): boolean {
  const runs = stage.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
  if (runs.some((r) => /\bgo\s+build\b/.test(r))) return false;
  const resolver = makeResolver({ read, packageJsons: [] });
  const dirs = [...new Set([parentDir(dockerfilePath), "."])];
  for (const run of runs) {
    for (const m of run.matchAll(/(?:^|&&|;|\|\|)\s*make\b([^&;|]*)/g)) {
      const targets = (m[1] ?? "")
        .trim()
        .split(/\s+/)
        .filter((w) => w !== "" && !w.startsWith("-") && !w.includes("="));
      for (const target of targets.length ? targets : [""]) {
        const recipe = dirs
          .map((d) => resolver.resolve({ runner: "make", target }, d))
          .find((r) => r !== null);
        // A recipe the rule cannot read is not evidence of a cgo binary.
        if (!recipe) return true;
        const lines = recipe.map((c) => c.text);
        for (const dep of lines.flatMap((l) => /^make ([\w.-]+)$/.exec(l)?.[1] ?? [])) {
          for (const d of dirs)
            lines.push(...(resolver.resolve({ runner: "make", target: dep }, d) ?? []).map((c) => c.text));
        }
        if (STATIC_BUILD.test(lines.join("\n"))) return true;
      }
    }
    if (/(^|\s)(\.\/|sh\s+|bash\s+)[\w./-]+\.sh\b/.test(run)) return true;
  }
  return false;
}

const DEBIAN_ORDER = ["stretch", "buster", "bullseye", "bookworm", "trixie"];

/** Release order within a family (-1 when unknown): Debian codenames, Ubuntu and Alpine versions. */
function releaseRank(family: string, release: string): number {
  if (family === "debian") {
    const i = DEBIAN_ORDER.indexOf(release);
    return i >= 0 ? i : /^\d+$/.test(release) ? Number(release) - 9 : -1;
  }
  return /^\d+(\.\d+)?$/.test(release) ? Number(release) : -1;
}

/**
 * Whether native output of `source` may not run on `final`: another C library family (musl vs glibc) always; within a
 * family, an older runtime release than the builder's (libc is backward compatible, not forward). Erlang releases
 * also break on a newer release, whose OpenSSL may be another major version than the one `crypto` was built on.
 */
function mismatch(source: StageInfo, final: StageInfo): boolean {
  const [a, b] = [source.system!, final.system!];
  const musl = (f: string): boolean => f === "alpine";
  if (musl(a.family) !== musl(b.family)) return true;
  if (a.family !== b.family || a.release === null || b.release === null || a.release === b.release)
    return false;
  if (isErlang(source)) return true;
  const [from, to] = [releaseRank(a.family, a.release), releaseRank(b.family, b.release)];
  return from >= 0 && to >= 0 && to < from;
}

const isErlang = (s: StageInfo): boolean =>
  /(^|\/)(elixir|erlang)(:|$)|hexpm\/(elixir|erlang)/.test(s.image.toLowerCase());

const describe = (s: StageInfo): string =>
  `${s.system!.family}${s.system!.release ? ` ${s.system!.release}` : ""} (${s.image})`;

export default defineRule({
  id: "docker/builder-runtime-mismatch",
  area: "containers",
  severity: "medium",
  title: "Final image copies native build output from a stage on another system",
  effortMinutes: 20,
  confidence: "heuristic",
  notes: [
    "Systems are read from the resolved base images (build arguments at their defaults): Debian codenames and `debian:<n>`, Ubuntu codenames and versions, Alpine (musl) versions; distroless, scratch and images whose tag names no system are not judged.",
    "A mismatch is another C library family (Alpine's musl vs glibc), or, within a family, a runtime release older than the builder's (glibc and musl run binaries built on older releases, not newer ones); an Erlang/Elixir release on any other release, since Debian and Ubuntu releases change the OpenSSL major version its crypto NIF links to.",
    "Judged only for output that links to the system: Elixir/Erlang releases, Python packages copied from a python/uv builder (virtualenvs, site-packages, /usr/local), node_modules from a node builder, Go binaries when the Dockerfile never sets CGO_ENABLED=0 nor links statically (`-extldflags=-static`), read through `make <target>` recipes; a Go build handed to a recipe or script that cannot be read is not judged. Static files (a frontend's dist/) are never judged.",
  ],
  docs: {
    rationale:
      "A release or virtualenv built on one distribution release carries native code linked to that release's glibc/musl and OpenSSL. Copied into an image of another family (Alpine vs Debian) or release (bullseye's OpenSSL 1.1 vs bookworm's 3), it fails to start or fails on first use of the native part (`crypto` NIF, a wheel's .so).",
    impact: "The image builds but crashes at start or on the first TLS/crypto call in production.",
    fix: "Build and run on the same system: take both stages from one release (`hexpm/elixir:…-debian-bookworm-…` with `debian:bookworm-slim`), or set both from one ARG.",
    example: {
      language: "dockerfile",
      bad: "FROM hexpm/elixir:1.17.3-erlang-27.1-debian-bookworm-20241016-slim AS build\n...\nFROM debian:bullseye-slim\nCOPY --from=build /app/_build/prod/rel/app ./",
      good: "ARG DEBIAN=bookworm-20241016-slim\nFROM hexpm/elixir:1.17.3-erlang-27.1-debian-${DEBIAN} AS build\n...\nFROM debian:${DEBIAN}\nCOPY --from=build /app/_build/prod/rel/app ./",
    },
  },
  applies: (facts) =>
    (facts.docker?.dockerfiles.length ?? 0) > 0
      ? true
      : { status: "not-applicable", reason: "no Dockerfile" },
  check({ facts, report, readText }) {
    for (const df of facts.docker.dockerfiles) {
      const stages = df.stageInfos ?? [];
      const final = stages[stages.length - 1];
      if (!final?.system) continue;
      const cgoOff = df.stages.some(
        (s) =>
          s.env.some((e) => e.name === "CGO_ENABLED" && e.value === "0") ||
          s.instructions.some((i) => STATIC_BUILD.test(i.args)),
      );
      for (const copy of final.copiesFrom) {
        const source = stages.find(
          (s) =>
            (s.name !== null && s.name.toLowerCase() === copy.from.toLowerCase()) ||
            String(s.index) === copy.from,
        );
        if (!source?.system || source === final) continue;
        if (!mismatch(source, final)) continue;
        const instruction = final.copiesFrom.length
          ? df.stages[final.index]?.instructions.find((i) => i.line === copy.line)
          : undefined;
        const sourceStage = df.stages[source.index];
        const native = nativeOutput(
          source,
          instruction?.args ?? "",
          cgoOff || (sourceStage !== undefined && delegatesStaticBuild(sourceStage, df.path, readText)),
        );
        if (!native) continue;
        report({
          path: df.path,
          line: copy.line,
          message: `The final stage runs on ${describe(final)} but copies ${native} from stage ${source.name ?? source.index}, built on ${describe(source)}`,
          key: `${source.name ?? source.index}->${final.image}`,
          related: [{ path: df.path, startLine: source.line, endLine: source.line }],
        });
      }
    }
  },
});
