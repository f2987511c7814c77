import { describe, expect, it } from "vitest";
import { isDockerfilePath, parseCompose, parseDockerfile, parseInstructions } from "./index.js";

describe("Dockerfile parser", () => {
  it("recognises Dockerfile names but not code or templates named after them", () => {
    expect(
      ["Dockerfile", "api/Dockerfile.dev", "build/app.dockerfile", "Containerfile"].map(isDockerfilePath),
    ).toEqual([true, true, true, true]);
    expect(["lib/hubs/dockerfile.ex", "Dockerfile.j2", "docs/Dockerfile.md"].map(isDockerfilePath)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("joins continuations, skips comments inside them and keeps start lines", () => {
    const ins = parseInstructions(
      '# syntax=docker/dockerfile:1\nFROM alpine:3.19\nRUN apk add \\\n    # a comment\n    curl\n\nCMD ["sh"]\n',
    );
    expect(ins.map((i) => [i.keyword, i.args, i.line, i.endLine])).toEqual([
      ["FROM", "alpine:3.19", 2, 2],
      ["RUN", "apk add curl", 3, 5],
      ["CMD", '["sh"]', 7, 7],
    ]);
  });

  it("ends heredoc RUN instructions at their terminator", () => {
    const ins = parseInstructions(
      "FROM alpine:3.19 AS build\nRUN <<EOF\n  echo one\n  echo two\nEOF\n\nFROM debian:12 AS app\nUSER nobody\n",
    );
    expect(ins.map((i) => [i.keyword, i.line, i.endLine])).toEqual([
      ["FROM", 1, 1],
      ["RUN", 2, 5],
      ["FROM", 7, 7],
      ["USER", 8, 8],
    ]);
  });

  it("reads stages, tags, digests, USER, HEALTHCHECK, EXPOSE and ENV/ARG", () => {
    const df = parseDockerfile(
      "Dockerfile",
      'ARG BASE=node\nFROM --platform=linux/amd64 registry.io:5000/team/node:20-slim@sha256:abc AS build\nFROM build\nUSER app\nENV A=1 B="two words"\nENV LEGACY value here\nEXPOSE 8080/tcp 9090\nHEALTHCHECK CMD curl -f http://localhost:8080/\n',
    );
    expect(df.globalArgs).toEqual([{ name: "BASE", value: "node", line: 1 }]);
    expect(df.stages.map((s) => [s.image, s.tag, s.digest, s.name, s.internal])).toEqual([
      ["registry.io:5000/team/node", "20-slim", "sha256:abc", "build", false],
      ["build", null, null, null, true],
    ]);
    const final = df.stages[1]!;
    expect(final.user).toEqual({ value: "app", line: 4 });
    expect(final.env.map((e) => `${e.name}=${e.value}`)).toEqual(["A=1", "B=two words", "LEGACY=value here"]);
    expect(final.expose.map((e) => e.port)).toEqual(["8080/tcp", "9090"]);
    expect(final.healthcheck?.line).toBe(8);
  });

  it("reads compose services with lines", () => {
    const { file } = parseCompose(
      "compose.yaml",
      'services:\n  web:\n    build:\n      context: ./web\n    ports:\n      - "8080:80"\n    environment:\n      - A=1\n  db:\n    image: postgres:16\n    privileged: true\n',
    );
    expect(
      file.services.map((s) => [
        s.name,
        s.line,
        s.image,
        s.build,
        s.ports.map((p) => `${p.value}@${p.line}`),
        s.privileged?.line ?? null,
      ]),
    ).toEqual([
      ["web", 2, null, "./web", ["8080:80@6"], null],
      ["db", 9, "postgres:16", null, [], 11],
    ]);
  });
});
