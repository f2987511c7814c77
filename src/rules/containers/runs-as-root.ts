// docker/runs-as-root: the final image stage never switches to a non-root USER.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "docker/runs-as-root",
  area: "containers",
  severity: "medium",
  title: "Container runs as root (no USER)",
  effortMinutes: 20,
  confidence: "heuristic",
  notes: [
    "Looks at the final stage (the image that ships) with the USER it inherits from the earlier stages it is built FROM: no USER, or USER root/0.",
    "Not reported when the service is started as another user: a privilege drop (gosu, su-exec, setpriv, s6-setuidgid, chpst, runuser; a server's own switch: `gunicorn --user`, `uwsgi --uid`, a uWSGI ini `uid =`, a supervisord `[program:…]` with `user=`) in the ENTRYPOINT/CMD or in scripts the image copies from the repository (and the repository scripts those run, three levels deep) (directly or through a build stage that copied the build context; also after an explicit `USER root`), a compose service building the image with `user:`, or a base image that does it itself (official database images, linuxserver.io, Gitpod workspaces, distroless :nonroot, Chainguard, Bitnami; an AWS Lambda base image `public.ecr.aws/lambda/…`, which Lambda runs as its own unprivileged user whatever USER says). Nor when the final stage is FROM an image this repository builds (its own Dockerfile is judged), nor for a base image with no CMD/ENTRYPOINT that other Dockerfiles of the repository are built FROM (those are the images that run, each judged with its own USER), nor for `FROM scratch` images with no CMD/ENTRYPOINT (data-only bundles). The scripts an ENTRYPOINT/CMD names are read when the whole build context is copied in (`COPY . /app`).",
    "Low for a program on `FROM scratch` that EXPOSEs no port: no inbound requests, and no shell or other binaries in the image to use root with. A scratch image serving a port stays medium: uid 0 still owns its data and faces the kernel.",
    "Medium for service images (EXPOSE or HEALTHCHECK, or pushed by CI); low for images under development, test, CI, example or packaging paths (Dockerfile.dev, .devcontainer/, Dockerfile.e2e, .ci/), for a Dockerfile in a subfolder that nothing builds (no CI workflow, compose file, platform config or script names it, while CI builds the repository's other images, and the folder is not one kept for images or deployment such as docker/, deploy/, infra/: a local helper) and for build or tool images. Low too for static files added to the official nginx or httpd image with no CMD/ENTRYPOINT of its own: its master runs as root to bind the port and its workers as an unprivileged user.",
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
      if (!final || !df.runtime) continue;
      const { user: effective, privilegeDrop, baseBuiltHere, finalImage } = df.runtime;
      const user = effective?.value.split(":")[0]?.trim() ?? null;
      if (user !== null && user !== "root" && user !== "0") continue;
      // The entrypoint, a copied script, a compose `user:` or the base image starts the service as another user;
      // an explicit `USER root` is then how the entrypoint gets to fix permissions before it drops them (only a
      // base image's own drop is undone by it).
      if (privilegeDrop && (user === null || !privilegeDrop.how.startsWith("base image"))) continue;
      // An image of this repository is the base: it decides the user, and is reported itself.
      if (baseBuiltHere && user === null) continue;
      // A base image that starts nothing of its own and that this repository's other images are built FROM: the
      // images that run are those, and each is judged with the USER it sets.
      const baseOf = df.baseOf ?? [];
      if (!df.runtime.startsProcess && baseOf.length > 0) continue;
      const runs = df.stages
        .slice()
        .reverse()
        .flatMap((s) => s.instructions);
      if (finalImage === "scratch" && !runs.some((i) => i.keyword === "CMD" || i.keyword === "ENTRYPOINT"))
        continue;
      const service =
        (df.builtInCi ?? []).some((b) => b.push) ||
        runs.some((i) => i.keyword === "EXPOSE" || i.keyword === "HEALTHCHECK");
      const devish = df.development ?? null;
      // A static binary on `FROM scratch` that serves no port: root there has no shell, package manager or other
      // binaries to turn a bug into more, and no inbound requests reach it, so the risk is a root uid's alone.
      const bare = finalImage === "scratch" && !runs.some((i) => i.keyword === "EXPOSE");
      // The official nginx and httpd images start a master as root (to bind port 80) and run their workers as an
      // unprivileged user: an image that only adds static files to them keeps that split.
      const workersDropped = df.runtime.workersUnprivileged;
      const inherited =
        effective && effective.stage !== final.index ? ` (inherited from stage ${effective.stage})` : "";
      report({
        path: df.path,
        line: effective?.line ?? final.line,
        message: user
          ? `Final stage runs as USER ${user}${inherited}`
          : workersDropped
            ? `Final stage (FROM ${finalImage}) has no USER: the server's master process runs as root, its workers as the image's unprivileged user`
            : bare
              ? "Final stage (FROM scratch) has no USER: the binary runs as root, though it serves no port and the image holds no shell or other tools to use root with"
              : `Final stage (FROM ${finalImage}) has no USER and nothing in its entrypoint or copied scripts drops privileges: the container runs as root`,
        key: "root-user",
        ...(devish || !service || workersDropped || bare ? { severity: "low" as const } : {}),
      });
    }
  },
});
