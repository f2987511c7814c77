import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docker/ssh-exposed", () => {
  it("fires on an SSH server install and EXPOSE 22", async () => {
    const findings = await findingsOf("docker/ssh-exposed", {
      Dockerfile: "FROM ubuntu:24.04\nRUN apt-get install -y openssh-server\nEXPOSE 8080 22\n",
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([2, 3]);
  });

  it("is low in a development stage the final image is not built from, medium in the stages it is", async () => {
    const findings = await findingsOf("docker/ssh-exposed", {
      Dockerfile: [
        "FROM alpine:3.20 AS base",
        "RUN apk add git",
        "FROM base AS dev",
        "RUN apk add openssh-server",
        "FROM base AS runtime-base",
        "RUN apk add dropbear",
        "FROM runtime-base AS prod",
        'CMD ["/app"]',
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [4, "low"],
      [6, "medium"],
    ]);
  });

  it("is low in an image for development (dev/containers/), medium in the deployed one", async () => {
    const ssh = "FROM node:24\nRUN apt-get install -y git openssh-server\nEXPOSE 22\n";
    const findings = await findingsOf("docker/ssh-exposed", {
      "dev/containers/Dockerfile": ssh,
      Dockerfile: ssh,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`).sort()).toEqual([
      "Dockerfile:2 medium",
      "Dockerfile:3 medium",
      "dev/containers/Dockerfile:2 low",
      "dev/containers/Dockerfile:3 low",
    ]);
  });

  it("stays silent on the SSH client and other ports", async () => {
    expect(
      await findingsOf("docker/ssh-exposed", {
        Dockerfile: "FROM ubuntu:24.04\nRUN apt-get install -y openssh-client git\nEXPOSE 2222 8022\n",
      }),
    ).toEqual([]);
  });
  it("is low on EXPOSE 22 when the project's own code serves SSH (git over SSH)", async () => {
    const dockerfile = "FROM alpine:3.20\nRUN apk add --no-cache git openssh-client\nEXPOSE 22 3000\n";
    const server =
      'package ssh\n\nimport "golang.org/x/crypto/ssh"\n\nfunc Listen() {\n\tconfig := &ssh.ServerConfig{}\n\t_ = config\n}\n';
    const own = await findingsOf("docker/ssh-exposed", {
      Dockerfile: dockerfile,
      "internal/ssh/ssh.go": server,
    });
    expect(own.map((f) => [f.location?.startLine, f.severity])).toEqual([[3, "low"]]);
    expect(own[0]?.message).toContain("internal/ssh/ssh.go:6");
    // Near miss: an SSH client only.
    const client = server.replace("ssh.ServerConfig{}", "ssh.ClientConfig{}");
    const other = await findingsOf("docker/ssh-exposed", {
      Dockerfile: dockerfile,
      "internal/ssh/ssh.go": client,
    });
    expect(other.map((f) => [f.location?.startLine, f.severity])).toEqual([[3, "medium"]]);
  });
});
