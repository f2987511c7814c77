import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

describe("docker/package-cache-left", () => {
  it("fires on apt-get and pip installs that keep their caches in the final stage", async () => {
    const findings = await findingsOf("docker/package-cache-left", {
      Dockerfile:
        "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y curl\nRUN pip install -r requirements.txt\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.location?.endLine])).toEqual([
      [2, 3],
      [4, 4],
    ]);
  });

  it("stays silent when caches are cleaned, and in builder stages", async () => {
    const text = [
      "FROM node:20 AS build",
      "RUN apt-get update && apt-get install -y python3",
      "FROM python:3.12-slim",
      "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*",
      "RUN apk add --no-cache git",
      "RUN pip install --no-cache-dir -r requirements.txt",
      "",
    ].join("\n");
    expect(await findingsOf("docker/package-cache-left", { Dockerfile: text })).toEqual([]);
  });

  it("patches every manager's cache away in the same RUN; nothing fires after", async () => {
    const dockerfile = [
      "FROM python:3.12-alpine",
      "RUN apt-get update \\",
      "    # the tools",
      "    && apt-get install -y curl",
      "RUN apk add git && apk add --virtual .build gcc",
      "RUN python -m pip install -U pip && pip3 install -r requirements.txt",
      "RUN microdnf install -y jq",
      "",
    ].join("\n");
    const check = await checkPatches("docker/package-cache-left", { Dockerfile: dockerfile });
    expect(check.findings.map((f) => [f.location?.startLine, f.patch !== null])).toEqual([
      [2, true],
      [5, true],
      [6, true],
      [7, true],
    ]);
    expect(check.texts["Dockerfile"]).toBe(
      dockerfile
        .replace("install -y curl", "install -y curl && rm -rf /var/lib/apt/lists/*")
        .replace("apk add git && apk add --virtual", "apk add --no-cache git && apk add --no-cache --virtual")
        .replace(
          "pip install -U pip && pip3 install -r",
          "pip install --no-cache-dir -U pip && pip3 install --no-cache-dir -r",
        )
        .replace("install -y jq", "install -y jq && microdnf clean all"),
    );
    expect(check.remaining).toEqual([]);
  });

  it("withholds the patch after a shell comment, for heredocs, and when a later RUN needs apt lists", async () => {
    const findings = await findingsOf("docker/package-cache-left", {
      Dockerfile: [
        "FROM debian:12",
        "RUN apt-get update && apt-get install -y curl # tools",
        "RUN <<EOF",
        "pip install flask",
        "EOF",
        "RUN apt-get install -y git",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.patch])).toEqual([
      [2, null],
      [3, null],
      [6, expect.stringContaining("+RUN apt-get install -y git && rm -rf /var/lib/apt/lists/*")],
    ]);
  });
});
