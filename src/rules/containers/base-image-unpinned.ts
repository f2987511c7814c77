// docker/base-image-unpinned: FROM an image with no tag or the `latest` tag.
import { defineRule } from "../define-rule.js";

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
                  : ""
          }`,
          key: `from:${stage.image}`,
          ...(df.development || builtHere || tool ? { severity: "low" as const } : {}),
        });
      }
    }
  },
});
