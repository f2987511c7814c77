// Facts pack: which runtime versions the repository declares and where — version-manager files, manifests
// (go.mod, mix.exs, engines, volta, requires-python), container base images and CI setup steps — so the build
// area can tell whether developers, CI and production run the same language version.
import { parse as parseToml } from "smol-toml";
import { isVendoredPath } from "../../repo/path-kind.js";
import { defineCollector, definePack, type CollectContext } from "../define.js";
import type { AreaFactEntry } from "../repo-facts.js";
import {
  imageVersions,
  isVersionFile,
  leadingVersion,
  parseVersionFile,
  RUNTIME_NAMES,
  setupStepVersions,
  type ToolchainPin,
} from "./pins.js";

export type { PinSource, Runtime, ToolchainPin } from "./pins.js";
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
        version: mod.goVersion,
        exact: true,
        source: "manifest",
        via: "go.mod go directive",
        path: mod.manifest,
        line: mod.goLine ?? 1,
      });
  }
  for (const project of facts.elixir?.projects ?? []) {
    if (project.elixir)
      pins.push({
        runtime: "elixir",
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
          version: engine.range,
          exact: false,
          source: "manifest",
          via: "package.json engines.node",
          path: pkg.manifest,
          line: engine.line,
        });
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

function fromContainers(ctx: CollectContext): ToolchainPin[] {
  const pins: ToolchainPin[] = [];
  for (const dockerfile of ctx.facts.docker?.dockerfiles ?? []) {
    if (ctx.index.file(dockerfile.path)?.isTest) continue;
    for (const stage of dockerfile.stages) {
      if (stage.internal) continue;
      for (const { runtime, version } of imageVersions(stage.image, stage.tag))
        pins.push({
          runtime,
          version,
          exact: true,
          source: "container",
          via: `FROM ${stage.image}:${stage.tag ?? ""}`,
          path: dockerfile.path,
          line: stage.line,
        });
    }
  }
  return pins;
}

function fromCi(ctx: CollectContext): ToolchainPin[] {
  const pins: ToolchainPin[] = [];
  for (const workflow of ctx.facts.ci?.workflows ?? []) {
    for (const job of workflow.jobs) {
      for (const step of job.steps) {
        if (!step.uses || !step.with) continue;
        for (const { runtime, input, versions } of setupStepVersions(step.uses, step.with, job.matrix)) {
          const [first, ...rest] = versions;
          if (first === undefined) continue;
          pins.push({
            runtime,
            version: versions.join(", "),
            exact: versions.every((version) => leadingVersion(version) !== null),
            source: "ci",
            via: `${step.uses.replace(/@.*/, "")} ${input} (job ${job.id})`,
            path: workflow.path,
            line: step.usesLine ?? step.line,
            ...(rest.length > 0 ? { alternatives: versions } : {}),
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
    pins.push(...fromManifests(ctx), ...fromContainers(ctx), ...fromCi(ctx));
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
