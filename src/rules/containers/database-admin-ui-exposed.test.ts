import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "docker/database-admin-ui-exposed";

describe(ID, () => {
  it("fires on an admin UI routed by Traefik in a deployment file (image from the base file) or published on a port", async () => {
    const base = [
      "services:",
      "  db:",
      "    image: postgres:17",
      "  adminer:",
      "    image: adminer",
      "  backend:",
      "    image: backend:latest",
    ].join("\n");
    const deploy = [
      "services:",
      "  adminer:",
      "    restart: always",
      "    labels:",
      "      - traefik.http.routers.adminer-https.rule=Host(`adminer.${DOMAIN}`)",
      "      - traefik.http.routers.adminer-https.tls=true",
      "  backend:",
      "    labels:",
      "      - traefik.http.routers.backend.rule=Host(`${DOMAIN}`)",
    ].join("\n");
    const prod = [
      "services:",
      "  app:",
      "    image: ghcr.io/acme/app:1.2",
      "  phpmyadmin:",
      "    image: phpmyadmin/phpmyadmin:5",
      "    ports:",
      '      - "127.0.0.1:8081:80"',
      '      - "8080:80"',
    ].join("\n");
    const findings = await findingsOf(ID, {
      "compose.yml": base,
      "compose.deploy.yml": deploy,
      "deploy/docker-compose.prod.yml": prod,
      "docker-compose.override.yml": "services:\n  adminer:\n    ports:\n      - 8080:8080\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["compose.deploy.yml", 5, "medium"],
      ["deploy/docker-compose.prod.yml", 8, "medium"],
      ["docker-compose.override.yml", 4, "low"],
    ]);
  });

  it("stays silent on a loopback port, expose:, an auth middleware, traefik.enable=false and other images", async () => {
    const prod = [
      "services:",
      "  app:",
      "    image: ghcr.io/acme/app:1.2",
      "    ports: ['80:8080']",
      "  pgadmin:",
      "    image: dpage/pgadmin4",
      "    ports: ['127.0.0.1:5050:80']",
      "  adminer:",
      "    image: adminer",
      "    expose: ['8080']",
      "  mongo-express:",
      "    image: mongo-express",
      "    labels:",
      "      traefik.http.routers.me.rule: Host(`db.example.com`)",
      "      traefik.http.routers.me.middlewares: auth",
      "  redis-commander:",
      "    image: rediscommander/redis-commander",
      "    labels:",
      "      - traefik.enable=false",
      "      - traefik.http.routers.rc.rule=Host(`rc.example.com`)",
    ].join("\n");
    expect(await findingsOf(ID, { "docker-compose.prod.yml": prod })).toEqual([]);
  });
});
