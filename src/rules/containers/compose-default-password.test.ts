import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docker/compose-default-password", () => {
  it("fires on literal passwords in map and list environments", async () => {
    const findings = await findingsOf("docker/compose-default-password", {
      "docker-compose.yml":
        "services:\n  db:\n    image: postgres:16\n    ports:\n      - 5432:5432\n    environment:\n      POSTGRES_PASSWORD: postgres\n  app:\n    image: app:1\n    environment:\n      - SECRET_KEY_BASE=abc\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [7, "medium"],
      [11, "medium"],
    ]);
  });

  it("is low for local development files and for database passwords only the compose network can reach", async () => {
    const deploy =
      "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: app\n  app:\n    image: ghcr.io/acme/app:1\n    ports:\n      - 80:80\n    environment:\n      APP_SECRET: replace-me-with-a-random-string\n      DB_PASSWORD: app\n";
    const findings = await findingsOf("docker/compose-default-password", {
      "docker-compose.yml": deploy,
      // Local databases for development, published on the host.
      "compose.dbs.yml":
        "services:\n  db:\n    image: postgres:16\n    ports: ['5432:5432']\n    environment:\n      POSTGRES_PASSWORD: postgres\n",
      // The application built from source next to its database.
      "compose.yaml":
        "services:\n  app:\n    build: .\n    environment:\n      SECRET_KEY_BASE: UpNVntn3cDxHJpq99YMc1T1AQgQpc8kfYTuRgBiYa15B\n",
      "compose-dev-backend.yml":
        "services:\n  app:\n    image: acme/app\n    environment:\n      ADMIN_PASSWD: password\n",
      // The stack of a cloud development environment (Gitpod).
      "docker-compose.gitpod.yaml":
        "services:\n  forge:\n    image: gitea/gitea:1.27\n    environment:\n      ADMIN_PASSWORD: admin\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`).sort()).toEqual([
      "compose-dev-backend.yml:5 low",
      "compose.dbs.yml:6 low",
      "compose.yaml:5 low",
      "docker-compose.gitpod.yaml:5 low",
      "docker-compose.yml:12 low",
      "docker-compose.yml:5 low",
    ]);
  });

  it("is low in a stack whose services call an app run on the host or run in development mode", async () => {
    const stack = (extra: string): string =>
      [
        "services:",
        "  idp:",
        "    image: quay.io/keycloak/keycloak:25.0.2",
        extra,
        "    environment:",
        "      KEYCLOAK_ADMIN_PASSWORD: admin",
        "  worker:",
        "    image: ghcr.io/acme/worker:1",
        "    environment:",
        "      SECRET_KEY_BASE: s2ZdE3ke1USHEJ5O45KT364KiXPYaB9cJPdH3p60t8",
        "      CALLBACK_URL: http://callbacks.example.com",
        "",
      ].join("\n");
    const severities = async (text: string): Promise<string[]> =>
      (await findingsOf("docker/compose-default-password", { "docker-compose.yaml": text })).map(
        (f) => f.severity,
      );
    expect(await severities(stack('    command: ["start-dev", "--import-realm"]'))).toEqual(["low", "low"]);
    expect(
      await severities(
        stack("    command: start").replace("callbacks.example.com", "host.docker.internal:4000"),
      ),
    ).toEqual(["low", "low"]);
    // Near miss: the same services started for production, calling a named host.
    expect(await severities(stack('    command: ["start", "--optimized"]'))).toEqual(["medium", "medium"]);
  });

  it("stays silent on interpolated or empty values and non-secret names", async () => {
    const text =
      "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set}\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      - API_KEY\n";
    expect(
      await findingsOf("docker/compose-default-password", {
        "docker-compose.yml": text.replace("      - API_KEY\n", ""),
      }),
    ).toEqual([]);
  });

  it("is low in a compose file of databases and a local stand-in named after one (a Redis HTTP proxy), medium beside an app image", async () => {
    const infra = [
      "services:",
      "  db:",
      "    image: postgres:17",
      "    environment:",
      "      POSTGRES_PASSWORD: postgres",
      "  cache-proxy:",
      "    image: hiett/serverless-redis-http:latest",
      "    environment:",
      "      SRH_TOKEN: upstash-local-token",
      "",
    ].join("\n");
    const findings = await findingsOf("docker/compose-default-password", {
      "docker-compose.yaml": infra,
      // Near miss: the same databases beside the application's published image are a deployment.
      "deploy/docker-compose.yaml": `${infra}  app:\n    image: acme/mail-app:1.4\n`,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`).sort()).toEqual([
      "deploy/docker-compose.yaml:5 low",
      "deploy/docker-compose.yaml:9 medium",
      "docker-compose.yaml:5 low",
      "docker-compose.yaml:9 low",
    ]);
  });
  it("is low in a file whose opening comment says it is for testing, and beside a server in development mode", async () => {
    const vault = [
      "services:",
      "  vault:",
      "    image: hashicorp/vault:1.21",
      "    environment:",
      "      VAULT_DEV_ROOT_TOKEN_ID: root-token",
      "  app:",
      "    image: example/app:1",
      "    environment:",
      "      ADMIN_PASSWORD: s3cr3t-admin",
      "",
    ].join("\n");
    const db =
      "services:\n  app:\n    image: example/app:1\n    environment:\n      ADMIN_PASSWORD: s3cr3t-admin\n";
    const findings = await findingsOf("docker/compose-default-password", {
      "docker-compose.yaml": vault,
      "deploy/docker-compose.yml": `# This compose file provides quick setups for testing storage backends.\n${db}`,
      "prod/docker-compose.yml": `# Production stack.\n${db}`,
    });
    expect(findings.map((f) => [`${f.location?.path}:${f.location?.startLine}`, f.severity])).toEqual([
      ["deploy/docker-compose.yml:6", "low"],
      ["docker-compose.yaml:5", "low"],
      ["docker-compose.yaml:9", "low"],
      ["prod/docker-compose.yml:6", "medium"],
    ]);
  });

  it("is low for a search engine's or an app's prefixed database password when the database only `expose`s its port", async () => {
    const stack = (search: string): string =>
      [
        "services:",
        "  app:",
        "    image: acme/app:1",
        "    ports:",
        "      - 8000:8000",
        "    environment:",
        "      - ELASTIC_PASSWORD=verysecret",
        "      - ACME_DB_PASSWORD=acme",
        "      - ACME_ADMIN_PASSWORD=verysecret",
        "  search:",
        "    image: acme/search-es:8",
        "    environment:",
        '      - "ELASTIC_PASSWORD=verysecret"',
        search,
        "",
      ].join("\n");
    const internal = await findingsOf("docker/compose-default-password", {
      "docker-compose.yml": stack('    expose:\n      - "9200"'),
    });
    expect(internal.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [7, "low"],
      [8, "low"],
      [9, "medium"],
      [13, "low"],
    ]);
  });
});
