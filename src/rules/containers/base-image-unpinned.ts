// docker/base-image-unpinned: FROM an image with no tag or the `latest` tag.
import type { Dockerfile, DockerStage } from "../../facts/docker/index.js";
import { defineRule } from "../define-rule.js";

/** Files that are data, not code or binaries: what a stage hands on when it only reshapes configuration. */
const DATA_FILE = /\.(?:json|jsonc|ya?ml|toml|txt|csv|ini|conf|xml|md)$/i;

/**
 * A build stage whose only output the image takes is data files: no later stage builds FROM it, and each
 * `COPY --from=<stage>` copies files such as `tsconfig.docker.json` (a stage that runs `jq` to rewrite a config).
 * Its tool image never reaches the image, and what it hands on can be read in the build. Returns the files copied.
 */
function dataOnlyStage(df: Dockerfile, stage: DockerStage): string[] | null {
  if (stage.index === df.stages.length - 1) return null;
  const names = new Set([String(stage.index), ...(stage.name ? [stage.name.toLowerCase()] : [])]);
  const later = df.stages.slice(stage.index + 1);
  if (later.some((s) => s.internal && names.has(s.image.toLowerCase()))) return null;
  const copied: string[] = [];
  for (const instruction of later.flatMap((s) => s.instructions)) {
    if (instruction.keyword !== "COPY" && instruction.keyword !== "ADD") continue;
    const from = /--from=(\S+)/.exec(instruction.args)?.[1]?.toLowerCase();
    if (!from || !names.has(from)) continue;
    const parts = instruction.args.split(/\s+/).filter((part) => part !== "" && !part.startsWith("--"));
    const sources = parts.slice(0, -1);
    if (sources.length === 0 || !sources.every((source) => DATA_FILE.test(source))) return null;
    copied.push(...sources);
  }
  return copied.length > 0 ? copied : null;
}

export default defineRule({
  id: "docker/base-image-unpinned",
  area: "containers",
  severity: "medium",
  title: "Base image uses `latest` or no tag",
  effortMinutes: 10,
  confidence: "certain",
  notes: [
    "`scratch`, earlier stages and images given by a build argument (`FROM $BASE`) are not reported; a digest (`@sha256:`) pins the image even without a tag.",
    "Low for Dockerfiles of development, test, CI or packaging images (Dockerfile.gitpod, .devcontainer/, Dockerfile.e2e), and for a FROM on an image this repository builds itself (a CI build tags it, or a compose service builds it: `<project>-<service>`, with the project named by any compose file of its folder, since they are merged): its `latest` is the project's own code.",
    "Low for a build stage whose only output the image takes is data files (no later stage builds FROM it; every `COPY --from=<stage>` copies `.json`, `.yaml`, `.toml`, `.txt`, … files, such as a stage running `jq` on a config): the stage's image never ships.",
    "Low for a tool image: one stage with no COPY/ADD of the project, no CMD/ENTRYPOINT, no EXPOSE or HEALTHCHECK, not pushed by CI and no base of the repository's other images (a container a build step runs in, such as an installer packager).",
  ],
  docs: {
    rationale:
      "`latest` (and an omitted tag, which means `latest`) points at whatever the publisher pushed last. Two builds of the same commit can get different operating systems, runtimes and vulnerabilities.",
    impact:
      "Builds are not reproducible, and a major-version change upstream breaks or silently changes production images.",
    fix: "Pin a specific version tag, ideally with its digest, and update it deliberately (Dependabot/Renovate).",
    example: {
      language: "dockerfile",
      bad: "FROM node:latest",
      good: "FROM node:20.11-alpine3.19@sha256:<digest>",
    },
  },
  applies: (facts) =>
    facts.docker?.dockerfiles.length ? true : { status: "not-applicable", reason: "no Dockerfile" },
  check({ facts, report }) {
    for (const df of facts.docker.dockerfiles) {
      // A tool image (a container to run a build step in, such as an installer packager): one stage that copies
      // none of the project in, starts no process of its own, serves nothing and that CI does not publish.
      const tool =
        df.runtime !== undefined &&
        df.runtime !== null &&
        !df.runtime.startsProcess &&
        !(df.builtInCi ?? []).some((build) => build.push) &&
        !(df.baseOf ?? []).length &&
        df.stages.length === 1 &&
        !df.stages.some((s) =>
          s.instructions.some((i) => ["EXPOSE", "HEALTHCHECK", "COPY", "ADD"].includes(i.keyword)),
        );
      for (const stage of df.stages) {
        if (stage.internal || stage.digest || stage.image.toLowerCase() === "scratch") continue;
        if (stage.tag !== null && stage.tag !== "latest") continue;
        // The repository's own image, rebuilt by its own pipeline: pinning it is reproducibility hygiene, since
        // what `latest` holds is this repository's code, not a third party's.
        const builtHere = df.stageInfos?.find((info) => info.index === stage.index)?.builtHere ?? null;
        const data = builtHere || df.development || tool ? null : dataOnlyStage(df, stage);
        report({
          path: df.path,
          line: stage.line,
          message: `Base image \`${stage.image}${stage.tag ? ":latest" : ""}\` is ${stage.tag ? "the latest tag" : "untagged (latest)"}${
            builtHere
              ? ` of an image this repository builds (${builtHere.dockerfile}, built by ${builtHere.by})`
              : df.development
                ? ` (${df.development})`
                : tool
                  ? " (a tool image: it copies none of the project in, starts no process, exposes no port and CI does not publish it)"
                  : data
                    ? ` (a build stage whose only output the image takes is data: ${data.join(", ")})`
                    : ""
          }`,
          key: `from:${stage.image}`,
          ...(df.development || builtHere || tool || data ? { severity: "low" as const } : {}),
        });
      }
    }
  },
});
