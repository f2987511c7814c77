import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docker/no-healthcheck", () => {
  it("fires on a service image without HEALTHCHECK", async () => {
    const findings = await findingsOf("docker/no-healthcheck", {
      Dockerfile: 'FROM node:20\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location?.startLine).toBe(2);
  });

  it("stays silent with HEALTHCHECK, without EXPOSE, or with a compose healthcheck for the build", async () => {
    expect(
      await findingsOf("docker/no-healthcheck", {
        Dockerfile:
          "FROM node:20\nEXPOSE 3000\nHEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("docker/no-healthcheck", { Dockerfile: 'FROM node:20\nCMD ["node", "job.js"]\n' }),
    ).toEqual([]);
    expect(
      await findingsOf("docker/no-healthcheck", {
        "api/Dockerfile": "FROM node:20\nEXPOSE 3000\n",
        "docker-compose.yml":
          'services:\n  api:\n    build: ./api\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:3000/health"]\n',
      }),
    ).toEqual([]);
  });
});
