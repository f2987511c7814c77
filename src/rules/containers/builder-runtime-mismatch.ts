// docker/builder-runtime-mismatch: the final image copies native build output (an Erlang release, a virtualenv,
// node_modules, a cgo binary) from a stage built on another operating system or release than its own.
import type { StageInfo } from "../../facts/docker/stage-systems.js";
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
    "Judged only for output that links to the system: Elixir/Erlang releases, Python packages copied from a python/uv builder (virtualenvs, site-packages, /usr/local), node_modules from a node builder, Go binaries when the Dockerfile never sets CGO_ENABLED=0. Static files (a frontend's dist/) are never judged.",
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
  check({ facts, report }) {
    for (const df of facts.docker.dockerfiles) {
      const stages = df.stageInfos ?? [];
      const final = stages[stages.length - 1];
      if (!final?.system) continue;
      const cgoOff = df.stages.some(
        (s) =>
          s.env.some((e) => e.name === "CGO_ENABLED" && e.value === "0") ||
          s.instructions.some((i) => /CGO_ENABLED=0/.test(i.args)),
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
        const native = nativeOutput(source, instruction?.args ?? "", cgoOff);
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
