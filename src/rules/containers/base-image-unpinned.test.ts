import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docker/base-image-unpinned", () => {
  it("fires on untagged and latest images", async () => {
    const findings = await findingsOf("docker/base-image-unpinned", {
      Dockerfile:
        "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:latest\nFROM registry.example.com:5000/base\n",
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([3, 4]);
  });

  it("stays silent on tags, digests, stages, scratch and build-arg images", async () => {
    const text =
      "ARG BASE=node:20\nFROM golang:1.22 AS build\nFROM build AS test\nFROM $BASE\nFROM nginx@sha256:" +
      "b".repeat(64) +
      "\nFROM scratch\nFROM registry.example.com:5000/base:1.2\n";
    expect(await findingsOf("docker/base-image-unpinned", { Dockerfile: text })).toEqual([]);
  });

  it("is low for development images", async () => {
    const findings = await findingsOf("docker/base-image-unpinned", {
      "script/Dockerfile.gitpod": "FROM gitpod/workspace-postgres\n",
      ".examples/docker-minimal/Dockerfile": "FROM acme/app\nCOPY config.yaml /config/config.yaml\n",
      Dockerfile: "FROM acme/tool:latest AS tool\nFROM debian:12\n",
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      ".examples/docker-minimal/Dockerfile low",
      "Dockerfile medium",
      "script/Dockerfile.gitpod low",
    ]);
  });

  it("is low on the repository's own image, built by its CI, and medium on an outside one", async () => {
    const findings = await findingsOf("docker/base-image-unpinned", {
      "docker/base/Dockerfile": "FROM ubuntu:24.04\nRUN useradd app\n",
      "docker/production/Dockerfile":
        'FROM acme/base:latest AS builder\nRUN make\nFROM acme/base:latest\nCOPY --from=builder /out /app\nFROM redis:latest AS cache\nCMD ["app"]\n',
      ".github/workflows/base.yml":
        "on: push\njobs:\n  base:\n    runs-on: x\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: docker/base/Dockerfile\n          push: true\n          tags: acme/base:latest\n",
    });
    expect(findings.map((f) => `${f.location?.startLine} ${f.severity}`)).toEqual([
      "1 low",
      "3 low",
      "5 medium",
    ]);
    expect(findings[0]?.message).toContain("an image this repository builds (docker/base/Dockerfile");
  });

  it("is low for a build stage whose only output the image takes is data files; medium when it hands on code", async () => {
    const dockerfile = (copy: string) =>
      [
        "FROM badouralix/curl-jq AS precompile",
        "COPY tsconfig.build.json /tsconfig.build.json",
        "RUN jq '.' tsconfig.build.json > tsconfig.docker.json",
        "FROM node:22.1-bookworm-slim AS build",
        copy,
        "RUN npx tsc -b tsconfig.docker.json",
        'CMD ["node", "dist/main.js"]',
      ].join("\n") + "\n";
    const findings = await findingsOf("docker/base-image-unpinned", {
      Dockerfile: dockerfile("COPY --from=precompile --chown=node:node tsconfig.docker.json /app/tmp"),
      // Near misses: a stage that hands on a binary, and one a later stage builds FROM.
      "tools/Dockerfile": dockerfile("COPY --from=precompile /usr/bin/jq /usr/local/bin/jq"),
      "base/Dockerfile":
        "FROM acme/builder AS base\nRUN make config.json\nFROM base\nCOPY --from=base config.json /app/\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`).sort()).toEqual([
      "Dockerfile:1 low",
      "base/Dockerfile:1 medium",
      "tools/Dockerfile:1 medium",
    ]);
    expect(findings.find((f) => f.location?.path === "Dockerfile")?.message).toContain(
      "only output the image takes is data: tsconfig.docker.json",
    );
  });

  it("is low for a tool image a build step runs in (copies nothing in, starts nothing, not published)", async () => {
    const findings = await findingsOf("docker/base-image-unpinned", {
      "release/msi/tools.dockerfile": "FROM alpine\nRUN apk add jq msitools\nWORKDIR /workspace\n",
      Makefile: "msi:\n\tdocker build -t msi-builder -f release/msi/tools.dockerfile .\n",
      // Near miss: a static site on nginx starts nginx's own process with the project's files in it.
      "web/Dockerfile": "FROM nginx\nCOPY dist/ /usr/share/nginx/html/\n",
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`)).toEqual([
      "release/msi/tools.dockerfile low",
      "web/Dockerfile medium",
    ]);
    expect(findings[0]?.message).toContain("a tool image");
  });

  it("is low on an image a compose service builds without `image:` (named <project>-<service>)", async () => {
    const compose = "name: dev-shop\nservices:\n  web:\n    build: .\n  db:\n    image: postgres:16\n";
    const findings = await findingsOf("docker/base-image-unpinned", {
      "docker-compose.yml": compose,
      Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "app.py"]\n',
      "lint/Dockerfile":
        'FROM dev-shop-web\nWORKDIR /app/lint\nCOPY package.json .\nCMD ["npm", "run", "lint"]\n',
      // Near miss: a name no service of the project builds is pulled from a registry.
      "lint2/Dockerfile":
        'FROM dev-shop-worker\nWORKDIR /app/lint\nCOPY package.json .\nCMD ["npm", "run", "lint"]\n',
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["lint/Dockerfile", "low"],
      ["lint2/Dockerfile", "medium"],
    ]);
  });

  it("is low on <project>-<service> when the project name comes from an override compose file of the same folder", async () => {
    const findings = await findingsOf("docker/base-image-unpinned", {
      "docker-compose.yml": "services:\n  web:\n    build: .\n  db:\n    image: postgres:16\n",
      "docker-compose.dev.yml": "name: dev-shop\nservices:\n  lint:\n    build: lint\n",
      Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "app.py"]\n',
      "lint/Dockerfile":
        'FROM dev-shop-web\nWORKDIR /app/lint\nCOPY package.json .\nCMD ["npm", "run", "lint"]\n',
      // Near miss: the project name of a compose file in another folder does not name this folder's images.
      "other/docker-compose.yml": "name: other-shop\nservices:\n  api:\n    image: acme/api:1\n",
      "lint2/Dockerfile":
        'FROM other-shop-web\nWORKDIR /app/lint\nCOPY package.json .\nCMD ["npm", "run", "lint"]\n',
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["lint/Dockerfile", "low"],
      ["lint2/Dockerfile", "medium"],
    ]);
  });
});
