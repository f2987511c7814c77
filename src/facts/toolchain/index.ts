// Facts pack: which runtime versions the repository declares and where — version-manager files, manifests
// (go.mod, mix.exs, engines, volta, requires-python), container base images and CI setup steps — so the build
// area can tell whether developers, CI and production run the same language version.
import { posix } from "node:path";
import { parse as parseToml } from "smol-toml";
import { isVendoredPath } from "../../repo/path-kind.js";
import { defineCollector, definePack, type CollectContext } from "../define.js";
import type { DockerStage } from "../docker/index.js";
import type { AreaFactEntry } from "../repo-facts.js";
import {
  imageVersions,
  isVersionFile,
  leadingVersion,
  readCiVersion,
  parseVersionFile,
  RUNTIME_ECOSYSTEMS,
  RUNTIME_NAMES,
  setupStepVersions,
  type Runtime,
  type ToolchainPin,
} from "./pins.js";

export type { PinKind, PinSource, Runtime, ToolchainPin } from "./pins.js";
export { leadingVersion, RUNTIME_NAMES } from "./pins.js";

export interface ToolchainFacts {
  pins: ToolchainPin[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    toolchain: ToolchainFacts;
  }
}

const SKIP = /(^|\/)(node_modules|deps|_build|vendor)\//;

function fromManifests(ctx: CollectContext): ToolchainPin[] {
  const pins: ToolchainPin[] = [];
  const facts = ctx.facts;
  for (const mod of facts.go?.modules ?? []) {
    if (mod.goVersion)
      pins.push({
        runtime: "go",
        kind: "pin",
        version: mod.goVersion,
        exact: true,
        source: "manifest",
        via: "go.mod go directive",
        path: mod.manifest,
        line: mod.goLine ?? 1,
      });
    // `toolchain go1.22.3`: the toolchain the go command switches to for this module (Go 1.21+).
    const toolchain = /^go(\d+(?:\.\d+){1,2})$/.exec(mod.toolchain ?? "")?.[1];
    if (toolchain) {
      const index = (ctx.index.read(mod.manifest) ?? "")
        .split(/\r?\n/)
        .findIndex((l) => /^\s*toolchain\s/.test(l));
      pins.push({
        runtime: "go",
        kind: "pin",
        version: toolchain,
        exact: true,
        source: "manifest",
        via: "go.mod toolchain directive",
        path: mod.manifest,
        line: index >= 0 ? index + 1 : (mod.goLine ?? 1),
      });
    }
  }
  for (const project of facts.elixir?.projects ?? []) {
    if (project.elixir)
      pins.push({
        runtime: "elixir",
        kind: "range",
        version: project.elixir,
        exact: false,
        source: "manifest",
        via: "mix.exs elixir requirement",
        path: project.path,
        line: project.elixirLine ?? 1,
      });
  }
  for (const pkg of facts.node?.packages ?? []) {
    if (pkg.isTest) continue;
    for (const engine of pkg.engines)
      if (engine.name === "node")
        pins.push({
          runtime: "node",
          kind: "range",
          version: engine.range,
          exact: false,
          source: "manifest",
          via: "package.json engines.node",
          path: pkg.manifest,
          line: engine.line,
        });
    pins.push(...voltaPins(ctx, pkg.manifest));
  }
  for (const path of ctx.index.paths((p) => /(^|\/)pyproject\.toml$/.test(p) && !SKIP.test(p)).sort()) {
    const text = ctx.index.read(path);
    if (text === null) continue;
    let requires: unknown;
    try {
      requires = (parseToml(text) as { project?: { "requires-python"?: unknown } }).project?.[
        "requires-python"
      ];
    } catch {
      continue; // The python pack reports broken TOML.
    }
    if (typeof requires !== "string") continue;
    const index = text.split(/\r?\n/).findIndex((line) => /^\s*requires-python\s*=/.test(line));
    pins.push({
      runtime: "python",
      kind: "range",
      version: requires,
      exact: false,
      source: "manifest",
      via: "pyproject.toml requires-python",
      path,
      line: index >= 0 ? index + 1 : 1,
    });
  }
  return pins;
}

/** `"volta": { "node": "20.11.1" }` in package.json: the exact Node.js version Volta installs for the project. */
function voltaPins(ctx: CollectContext, manifest: string): ToolchainPin[] {
  const text = ctx.index.read(manifest);
  if (text === null || !text.includes('"volta"')) return [];
  let node: unknown;
  try {
    node = (JSON.parse(text) as { volta?: { node?: unknown } }).volta?.node;
  } catch {
    return [];
  }
  if (typeof node !== "string" || leadingVersion(node) === null) return [];
  const lines = text.split(/\r?\n/);
  const volta = lines.findIndex((l) => /"volta"\s*:/.test(l));
  const index = lines.findIndex((l, i) => i >= volta && /"node"\s*:/.test(l));
  return [
    {
      runtime: "node",
      kind: "pin",
      version: node,
      exact: true,
      source: "manifest",
      via: "package.json volta.node",
      path: manifest,
      line: index >= 0 ? index + 1 : 1,
    },
  ];
}

/** Split an image reference into name and tag (`node:20-alpine` → node, 20-alpine). */
function splitImage(ref: string): { image: string; tag: string | null } {
  const withoutDigest = ref.split("@")[0] ?? "";
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  return colon >= 0
    ? { image: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) }
    : { image: withoutDigest, tag: null };
}

/**
 * Build arguments some CI workflow or compose file may override (`--build-arg NODE_VERSION=…`, compose `args:`):
 * a FROM that reads one of them is not resolved to the ARG's default.
 */
function overriddenArgs(ctx: CollectContext, names: string[]): Set<string> {
  const texts = [
    ...(ctx.facts.ci?.workflows ?? []).map((w) => w.path),
    ...(ctx.facts.docker?.compose ?? []).map((c) => c.path),
  ].map((path) => ctx.index.read(path) ?? "");
  return new Set(names.filter((name) => texts.some((text) => new RegExp(`\\b${name}\\s*[=:]`).test(text))));
}

/**
 * The Dockerfiles whose images ship: those CI builds (release images), else those a deployment compose file builds
 * (not one for development), else null — nothing says, so every Dockerfile built for production counts.
 */
function shippedDockerfiles(ctx: CollectContext): Set<string> | null {
  const byCi = new Set(
    (ctx.facts.docker?.dockerfiles ?? []).filter((d) => (d.builtInCi ?? []).length > 0).map((d) => d.path),
  );
  if (byCi.size > 0) return byCi;
  const byCompose = new Set<string>();
  for (const file of ctx.facts.docker?.compose ?? []) {
    if (file.development) continue;
    for (const service of file.services) {
      if (!service.build) continue;
      const context = posix.join(posix.dirname(file.path), service.build);
      byCompose.add(posix.normalize(posix.join(context, service.dockerfile ?? "Dockerfile")));
    }
  }
  return byCompose.size > 0 ? byCompose : null;
}

/** Final images that serve files and run none of the project's code. */
const STATIC_SERVER =
  /^(?:docker\.io\/)?(?:library\/)?(?:nginx|nginxinc\/[\w-]+|httpd|caddy|lipanski\/docker-static-website|joseluisq\/static-web-server)$/;
/** Runtimes whose version matters only where code runs on them (not baked into a binary). */
const INTERPRETED: ReadonlySet<Runtime> = new Set(["node", "bun", "deno", "python", "ruby"]);

/**
 * The stages the final image is built from: the last stage and, through `FROM <earlier stage>`, its ancestors.
 */
function finalAncestry(stages: readonly DockerStage[]): Set<number> {
  const chain = new Set<number>();
  let stage = stages[stages.length - 1];
  while (stage && !chain.has(stage.index)) {
    chain.add(stage.index);
    // `FROM node:${NODE_VERSION}`: a registry image chosen by a build argument.
    if (!stage.internal || stage.image.includes("$")) return chain;
    const parent = stage.image.toLowerCase();
    stage = stages.find((other) => other.index < (stage?.index ?? 0) && other.name?.toLowerCase() === parent);
  }
  return chain;
}

function fromContainers(ctx: CollectContext): ToolchainPin[] {
  const pins: ToolchainPin[] = [];
  const shipped = shippedDockerfiles(ctx);
  for (const dockerfile of ctx.facts.docker?.dockerfiles ?? []) {
    if (ctx.index.file(dockerfile.path)?.isTest) continue;
    const stageNames = new Set(dockerfile.stages.map((s) => s.name?.toLowerCase()).filter(Boolean));
    const fromArgs = dockerfile.stages.flatMap((stage) =>
      [...(stage.instructions[0]?.args ?? "").matchAll(/\$\{?(\w+)/g)].map((m) => m[1] ?? ""),
    );
    const overridden = overriddenArgs(ctx, fromArgs);
    const filePins: ToolchainPin[] = [];
    for (const stage of dockerfile.stages) {
      let { image, tag } = stage;
      let via = `FROM ${stage.image}:${stage.tag ?? ""}`;
      if (stage.internal) {
        // `FROM node:${NODE_VERSION}-alpine` with `ARG NODE_VERSION=20` before it: the default is what builds.
        const reads = [...(stage.instructions[0]?.args ?? "").matchAll(/\$\{?(\w+)/g)].map((m) => m[1] ?? "");
        if (reads.length === 0 || reads.some((name) => overridden.has(name))) continue;
        const resolved = dockerfile.stageInfos?.find((info) => info.index === stage.index)?.image ?? "";
        if (!resolved || resolved.includes("$") || stageNames.has(resolved.toLowerCase())) continue;
        ({ image, tag } = splitImage(resolved));
        via = `FROM ${resolved} (build argument default)`;
      }
      for (const { runtime, version } of imageVersions(image, tag))
        filePins.push({
          runtime,
          kind: "image",
          version,
          exact: true,
          source: "container",
          via,
          path: dockerfile.path,
          line: stage.line,
          stage: stage.index,
        });
    }
    // What ships: the last stage on each runtime of an image built for production (one CI builds, when it builds any).
    // An interpreter only used to build files a static web server serves (node → nginx) does not ship; a compiled
    // language's version does, inside the binary.
    const final = dockerfile.stages[dockerfile.stages.length - 1];
    const servesStatic = final !== undefined && !final.internal && STATIC_SERVER.test(final.image);
    const shippedStages = finalAncestry(dockerfile.stages);
    for (const pin of filePins) {
      const later = filePins.some(
        (other) => other.runtime === pin.runtime && (other.stage ?? 0) > (pin.stage ?? 0),
      );
      // An interpreter in a stage the final image is not built from (`FROM node AS frontend` whose assets are
      // copied into an Elixir release on alpine) builds files; it does not run in production.
      const buildOnly =
        INTERPRETED.has(pin.runtime) &&
        pin.stage !== final?.index &&
        (servesStatic || !shippedStages.has(pin.stage ?? -1));
      pins.push({
        ...pin,
        ships:
          !later &&
          !buildOnly &&
          !dockerfile.development &&
          (shipped === null || shipped.has(dockerfile.path)),
      });
    }
  }
  for (const file of ctx.facts.docker?.compose ?? []) {
    if (ctx.index.file(file.path)?.isTest) continue;
    for (const service of file.services) {
      if (!service.image || service.build) continue;
      const { image, tag } = splitImage(service.image);
      for (const { runtime, version } of imageVersions(image, tag))
        pins.push({
          runtime,
          kind: "image",
          version,
          exact: true,
          source: "container",
          via: `compose service ${service.name} image ${service.image}`,
          path: file.path,
          line: service.line,
          ships: false,
        });
    }
  }
  return pins;
}

function fromCi(ctx: CollectContext, declared: readonly ToolchainPin[]): ToolchainPin[] {
  const pins: ToolchainPin[] = [];
  for (const workflow of ctx.facts.ci?.workflows ?? []) {
    for (const job of workflow.jobs) {
      const gates = job.steps.some((step) => step.gates.length > 0);
      const common = { source: "ci" as const, path: workflow.path, job: job.id, gates };
      const tests = (runtime: Runtime): boolean =>
        job.steps.some((step) =>
          step.gates.some(
            (gate) =>
              gate.kind === "test" && !gate.warnOnly && gate.ecosystem === RUNTIME_ECOSYSTEMS[runtime],
          ),
        );
      // GitLab `image:` / GitHub `container:`: the job runs in that image.
      if (job.container) {
        const { image, tag } = splitImage(job.container);
        for (const { runtime, version } of imageVersions(image, tag))
          pins.push({
            ...common,
            runtime,
            kind: "image",
            version,
            exact: true,
            tests: tests(runtime),
            via: `image ${job.container} (job ${job.id})`,
            line: job.line,
          });
      }
      for (const step of job.steps) {
        if (!step.uses || !step.with) continue;
        const env = (name: string): string | undefined =>
          step.env?.[name] ?? job.env?.[name] ?? workflow.env?.[name];
        const action = step.uses.replace(/@.*/, "");
        for (const { runtime, input, versions, file } of setupStepVersions(
          step.uses,
          step.with,
          job.matrix,
          env,
        )) {
          const line = step.usesLine ?? step.line;
          if (file !== undefined) {
            // `node-version-file: .nvmrc`: CI installs what the file says.
            const path = posix.normalize(file.replace(/^\.\//, ""));
            const read = declared.filter((pin) => pin.path === path && pin.runtime === runtime && pin.exact);
            const chosen = read.find((pin) => pin.via === "go.mod toolchain directive") ?? read[0];
            if (chosen)
              pins.push({
                ...common,
                runtime,
                kind: "pin",
                version: chosen.version,
                exact: true,
                tests: tests(runtime),
                via: `${action} ${input} ${file} (job ${job.id})`,
                line,
              });
            continue;
          }
          if (versions.length === 0) continue;
          // `20.x` / `^20` read as the release line they stay on; aliases and open ranges as moving.
          const readings = versions.map((version) => ({ version, reading: readCiVersion(runtime, version) }));
          const lines = readings.flatMap(({ reading }) =>
            reading?.kind === "line" ? [reading.version] : [],
          );
          const moving = readings.flatMap(({ version, reading }) =>
            reading?.kind === "moving" ? [`${version}: ${reading.what}`] : [],
          );
          const exact = readings.every(({ reading }) => reading !== null) && lines.length > 0;
          const written = versions.join(", ");
          const [first, ...rest] = exact ? lines : versions;
          if (first === undefined) continue;
          const version = exact && moving.length === 0 && rest.length === 0 ? first : written;
          pins.push({
            ...common,
            runtime,
            kind: exact && moving.length === 0 ? "pin" : "range",
            version,
            exact,
            tests: tests(runtime),
            via: `${action} ${input}${version !== written ? ` ${written}` : ""} (job ${job.id})`,
            line,
            ...(exact && (rest.length > 0 || moving.length > 0) ? { alternatives: lines } : {}),
            ...(moving.length > 0 ? { moving: moving.join("; ") } : {}),
          });
        }
      }
    }
  }
  return pins;
}

export const toolchainCollector = defineCollector({
  id: "toolchain",
  dependsOn: ["go", "elixir", "node", "docker", "ci"],
  collect(ctx): ToolchainFacts {
    const pins: ToolchainPin[] = [];
    for (const path of ctx.index
      .paths((p) => isVersionFile(p) && !SKIP.test(p) && !isVendoredPath(p))
      .sort()) {
      if (ctx.index.file(path)?.isTest) continue;
      const text = ctx.index.read(path);
      if (text !== null) pins.push(...parseVersionFile(path, text));
    }
    pins.push(...fromManifests(ctx), ...fromContainers(ctx));
    pins.push(...fromCi(ctx, pins));
    return { pins };
  },
});

export default definePack({
  name: "toolchain",
  collectors: [toolchainCollector],
  describe(facts) {
    const entries: AreaFactEntry[] = [];
    const runtimes = [...new Set(facts.toolchain.pins.map((p) => p.runtime))].sort();
    for (const runtime of runtimes) {
      const pins = facts.toolchain.pins.filter((p) => p.runtime === runtime);
      const first = pins[0];
      entries.push({
        area: "build",
        label: `${RUNTIME_NAMES[runtime]} version`,
        value: pins.map((p) => `${p.version} (${p.via}, ${p.path}:${p.line})`).join("; "),
        ...(first ? { location: { path: first.path, startLine: first.line, endLine: first.line } } : {}),
      });
    }
    return entries;
  },
});
