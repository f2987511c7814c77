// docker/ssh-exposed: an image that installs an SSH server or exposes port 22.
import type { DockerStage } from "../../facts/docker/index.js";
import { defineRule } from "../define-rule.js";

/** The final stage and the stages it is built FROM, by index: what the shipped image holds. */
function finalLineage(stages: readonly DockerStage[]): Set<number> {
  const lineage = new Set<number>();
  for (let stage = stages[stages.length - 1]; stage && !lineage.has(stage.index);) {
    lineage.add(stage.index);
    const from: string = stage.image;
    stage = stage.internal
      ? stages.find((other) => other.name === from && other.index < stage!.index)
      : undefined;
  }
  return lineage;
}

export default defineRule({
  id: "docker/ssh-exposed",
  area: "containers",
  severity: "medium",
  title: "SSH server or port 22 in a container image",
  effortMinutes: 30,
  confidence: "certain",
  notes: [
    "Reports EXPOSE 22 and RUN installing openssh-server/dropbear; installing only the SSH client (openssh-client, git) is fine.",
    "Low in a stage the final image is not built FROM (a `dev` or `debug` stage of a multi-stage build): only `docker build --target` ships it.",
  ],
  docs: {
    rationale:
      "Containers should be replaced, not logged into; an SSH daemon adds a long-lived credential, a network service to patch and a way around the orchestrator's audit trail.",
    impact: "A brute-forced or leaked key gives shell access to the container and its secrets.",
    fix: "Remove the SSH server; use `docker exec`/`kubectl exec` for debugging.",
    example: {
      language: "dockerfile",
      bad: "RUN apt-get install -y openssh-server\nEXPOSE 22",
      good: "# debug with: kubectl exec -it pod -- sh",
    },
  },
  applies: (facts) =>
    facts.docker?.dockerfiles.length ? true : { status: "not-applicable", reason: "no Dockerfile" },
  check({ facts, report }) {
    for (const df of facts.docker.dockerfiles) {
      const shipped = finalLineage(df.stages);
      for (const stage of df.stages) {
        // A stage the final image is not built FROM (`FROM base AS dev`) leaves its packages out of the shipped
        // image: it is built only on purpose, with `--target`.
        const aside = shipped.has(stage.index)
          ? {}
          : {
              severity: "low" as const,
              note: ` in stage ${stage.name ?? stage.index}, which the final image is not built from (only \`--target ${stage.name ?? stage.index}\` builds it)`,
            };
        for (const e of stage.expose)
          if (/^22(\/tcp)?$/.test(e.port))
            report({
              path: df.path,
              line: e.line,
              message: `Image exposes the SSH port 22${aside.note ?? ""}`,
              key: "expose-22",
              ...(aside.severity ? { severity: aside.severity } : {}),
            });
        for (const ins of stage.instructions) {
          if (
            ins.keyword === "RUN" &&
            /\b(openssh-server|dropbear)\b/.test(ins.args) &&
            /\b(install|add)\b/.test(ins.args)
          )
            report({
              path: df.path,
              line: ins.line,
              message: `Image installs an SSH server${aside.note ?? ""}`,
              key: "sshd",
              ...(aside.severity ? { severity: aside.severity } : {}),
            });
        }
      }
    }
  },
});
