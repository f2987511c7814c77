// docker/runs-as-root: the final image stage never switches to a non-root USER.
import { defineRule } from "../define-rule.js";

const NONROOT_BASE = /(^|[/:-])nonroot\b|chainguard/;

export default defineRule({
  id: "docker/runs-as-root",
  area: "containers",
  severity: "medium",
  title: "Container runs as root (no USER)",
  effortMinutes: 20,
  confidence: "heuristic",
  notes: [
    "Looks at the final stage (the image that ships): no USER, or USER root/0. Base images that run as non-root by default (distroless :nonroot, Chainguard) and `FROM scratch` images with no CMD/ENTRYPOINT (data-only bundles) are not reported.",
    "Dockerfiles under test/example/dev paths (e.g. Dockerfile.dev, .devcontainer/) are low severity.",
  ],
  docs: {
    rationale:
      "Without USER the process runs as root inside the container. A code-execution bug then has root on the container's filesystem and a much shorter path to the host through kernel or runtime flaws.",
    impact:
      "A compromised service can modify its image's binaries, read mounted secrets and escape more easily.",
    fix: "Create an unprivileged user and switch to it before CMD/ENTRYPOINT (or use a base image that runs as non-root).",
    example: {
      language: "dockerfile",
      bad: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]',
      good: 'FROM python:3.12-slim\nRUN useradd --uid 10001 app\nCOPY --chown=app . /app\nUSER app\nCMD ["python", "/app/main.py"]',
    },
  },
  applies: (facts) =>
    facts.docker?.dockerfiles.length ? true : { status: "not-applicable", reason: "no Dockerfile" },
  check({ facts, report }) {
    for (const df of facts.docker.dockerfiles) {
      const final = df.stages[df.stages.length - 1];
      if (!final) continue;
      const user = final.user?.value.split(":")[0]?.trim() ?? null;
      if (user !== null && user !== "root" && user !== "0") continue;
      if (NONROOT_BASE.test(`${final.image}:${final.tag ?? ""}`) && user === null) continue;
      // A scratch image without CMD/ENTRYPOINT carries files (operator bundles, artefacts), not a process.
      if (
        final.image === "scratch" &&
        !final.instructions.some((i) => i.keyword === "CMD" || i.keyword === "ENTRYPOINT")
      )
        continue;
      const devish =
        /(^|\/)(\.devcontainer|tests?|examples?|dev)\/|\.(dev|test|ci)$/i.test(df.path) ||
        /dockerfile[._-](dev|test|ci)/i.test(df.path);
      report({
        path: df.path,
        line: final.user?.line ?? final.line,
        message: user
          ? `Final stage switches to USER ${user}`
          : `Final stage (FROM ${final.image}${final.tag ? `:${final.tag}` : ""}) has no USER: the container runs as root`,
        key: "root-user",
        ...(devish ? { severity: "low" as const } : {}),
      });
    }
  },
});
