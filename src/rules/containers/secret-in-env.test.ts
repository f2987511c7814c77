import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docker/secret-in-env", () => {
  it("fires on ENV with a literal credential (high) and ARG tokens (medium)", async () => {
    const findings = await findingsOf("docker/secret-in-env", {
      Dockerfile: "ARG NPM_TOKEN\nFROM node:20\nENV DB_PASSWORD=s3cret PORT=3000\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [1, "medium"],
      [3, "high"],
    ]);
  });

  it("stays silent on file/path indirections, variable references and harmless names", async () => {
    expect(
      await findingsOf("docker/secret-in-env", {
        Dockerfile:
          "FROM node:20\nENV DB_PASSWORD_FILE=/run/secrets/db TOKEN_URL=https://x API_KEY=$API_KEY\nARG VERSION=1\nENV NODE_ENV=production\n",
      }),
    ).toEqual([]);
  });

  it("is low for a stand-in value that lets the build run", async () => {
    const findings = await findingsOf("docker/secret-in-env", {
      Dockerfile:
        "FROM elixir:1.17\nENV SECRET_KEY_BASE=nokey\nRUN mix release\nENV API_TOKEN=q8Vt2LmZ9xR4wK7pN3sB6yH1\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [2, "low"],
      [4, "high"],
    ]);
  });

  it("stays silent on build switches and durations named after a credential, fires on the credential itself", async () => {
    const findings = await findingsOf("docker/secret-in-env", {
      Dockerfile:
        "FROM node:20\nARG VITE_AUTH_PROVIDER_USE_ID_TOKEN\nARG private_key_rotation_grace_period=0\nARG SESSION_TOKEN_ENABLED=true\nARG DEPLOY_PRIVATE_KEY\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[5, "medium"]]);
  });

  it("skips public bundler variables and is low for an ARG of a stage the shipped image does not start from", async () => {
    const findings = await findingsOf("docker/secret-in-env", {
      Dockerfile: [
        "FROM node:20 AS installer",
        "ARG NEXT_PUBLIC_GOOGLE_API_KEY",
        "ARG SENTRY_AUTH_TOKEN",
        "RUN npm ci && npm run build",
        "FROM installer AS tested",
        "RUN npm test",
        "FROM node:20-slim AS runner",
        // Near miss: an ARG of the final stage is in the shipped image's history.
        "ARG NPM_TOKEN",
        "COPY --from=installer /app/.next ./.next",
        'CMD ["node", "server.js"]',
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [3, "low"],
      [8, "medium"],
    ]);
  });
});
