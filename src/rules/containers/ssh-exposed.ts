// docker/ssh-exposed: an image that installs an SSH server or exposes port 22.
import type { DockerStage } from "../../facts/docker/index.js";
import type { FileSummary } from "../../facts/repo-facts.js";
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

/** Code that runs an SSH server of its own: Go's x/crypto/ssh server side or gliderlabs/ssh, Erlang's :ssh daemon, asyncssh or paramiko servers. */
const SSH_SERVER_CODE =
  /\bssh\.NewServerConn\(|\bssh\.ServerConfig\{|"github\.com\/gliderlabs\/ssh"|:ssh\.daemon\(|\basyncssh\.(?:create_server|listen)\(|\bparamiko\.ServerInterface\b/;

/** The first non-test source file (path:line) whose code serves SSH, or null. */
function ownSshServer(
  files: readonly FileSummary[],
  readText: (path: string) => string | null,
): string | null {
  for (const file of files) {
    if (file.isTest || !/^(go|elixir|erlang|python)$/.test(file.language)) continue;
    const text = readText(file.path);
    const match = text ? SSH_SERVER_CODE.exec(text) : null;
    if (text && match) return `${file.path}:${text.slice(0, match.index).split("\n").length}`;
  }
  return null;
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
    "EXPOSE 22 is low when the project's own code serves SSH (Go's x/crypto/ssh server side or gliderlabs/ssh, Erlang's `:ssh.daemon`, asyncssh or paramiko servers): port 22 is how its users reach it (git over SSH), not a shell for administrators.",
    "Low in a stage the final image is not built FROM (a `dev` or `debug` stage of a multi-stage build): only `docker build --target` ships it. Low too in an image for development, tests, CI or demos (by its path: `dev/`, `.devcontainer/`, `examples/`, `Dockerfile.dev`).",
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
  check({ facts, report, readText }) {
    // Found once, and only when an image exposes port 22: the project's own code serving SSH.
    let server: string | null | undefined;
    const sshServer = (): string | null => {
      if (server === undefined) server = ownSshServer(facts.files, readText);
      return server;
    };
    for (const df of facts.docker.dockerfiles) {
      const shipped = finalLineage(df.stages);
      for (const stage of df.stages) {
        // A stage the final image is not built FROM (`FROM base AS dev`) leaves its packages out of the shipped
        // image: it is built only on purpose, with `--target`.
        // An image for development or tests (dev/containers/, a devcontainer) is not what a deployment runs.
        const aside = !shipped.has(stage.index)
          ? {
              severity: "low" as const,
              note: ` in stage ${stage.name ?? stage.index}, which the final image is not built from (only \`--target ${stage.name ?? stage.index}\` builds it)`,
            }
          : df.development
            ? { severity: "low" as const, note: ` (${df.development})` }
            : {};
        for (const e of stage.expose) {
          if (!/^22(\/tcp)?$/.test(e.port)) continue;
          const own = sshServer();
          report({
            path: df.path,
            line: e.line,
            message: `Image exposes the SSH port 22${aside.note ?? ""}${
              own
                ? ` (low: the project serves SSH itself, ${own}: the port is how users reach it, as git over SSH, not a shell for administrators)`
                : ""
            }`,
            key: "expose-22",
            ...(own ? { severity: "low" as const } : aside.severity ? { severity: aside.severity } : {}),
          });
        }
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
