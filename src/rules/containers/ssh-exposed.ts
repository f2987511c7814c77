// docker/ssh-exposed: an image that installs an SSH server or exposes port 22.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "docker/ssh-exposed",
  area: "containers",
  severity: "medium",
  title: "SSH server or port 22 in a container image",
  effortMinutes: 30,
  confidence: "certain",
  notes: [
    "Reports EXPOSE 22 and RUN installing openssh-server/dropbear; installing only the SSH client (openssh-client, git) is fine.",
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
      for (const stage of df.stages) {
        for (const e of stage.expose)
          if (/^22(\/tcp)?$/.test(e.port))
            report({
              path: df.path,
              line: e.line,
              message: "Image exposes the SSH port 22",
              key: "expose-22",
            });
        for (const ins of stage.instructions) {
          if (
            ins.keyword === "RUN" &&
            /\b(openssh-server|dropbear)\b/.test(ins.args) &&
            /\b(install|add)\b/.test(ins.args)
          )
            report({ path: df.path, line: ins.line, message: "Image installs an SSH server", key: "sshd" });
        }
      }
    }
  },
});
