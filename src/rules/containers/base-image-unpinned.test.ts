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
      Dockerfile: "FROM acme/tool:latest AS tool\nFROM debian:12\n",
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`)).toEqual([
      "Dockerfile medium",
      "script/Dockerfile.gitpod low",
    ]);
  });
});
