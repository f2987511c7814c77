import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

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
});
