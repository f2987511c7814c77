import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docker/runs-as-root", () => {
  it("fires when the final stage has no USER (even if a builder stage has one), and on USER root", async () => {
    const findings = await findingsOf("docker/runs-as-root", {
      Dockerfile:
        'FROM node:20 AS build\nUSER node\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\nCMD ["node", "/app"]\n',
      "worker/Dockerfile": "FROM python:3.12\nUSER root\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "Dockerfile:4",
      "worker/Dockerfile:2",
    ]);
  });

  it("stays silent with a non-root USER or a nonroot distroless base", async () => {
    expect(
      await findingsOf("docker/runs-as-root", {
        Dockerfile: "FROM node:20\nUSER 10001:10001\n",
        "b/Dockerfile": "FROM gcr.io/distroless/static:nonroot\n",
        "bundle.Dockerfile": "FROM scratch\nCOPY manifests /manifests/\n",
      }),
    ).toEqual([]);
  });
});
