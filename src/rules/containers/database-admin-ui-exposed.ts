// docker/database-admin-ui-exposed: a database admin UI (Adminer, phpMyAdmin, pgAdmin, mongo-express,
// Redis Commander) that a deployment compose file publishes on a port or routes to through a reverse proxy.
import type { ComposeFile, ComposeService } from "../../facts/docker/index.js";
import { defineRule } from "../define-rule.js";

/** Images of web UIs that administer a database, cache or broker from the browser. */
const ADMIN_UI_IMAGE =
  /(^|\/)(adminer|phpmyadmin|pgadmin4?|mongo-express|redis-commander|redisinsight|pgweb|cloudbeaver)(:|@|$)/i;

/** A compose file Compose merges into the default one for local work (`docker-compose.override.yml`). */
const OVERRIDE_PATH = /(^|\/)(docker-)?compose\.override\.ya?ml$/i;

/** A published port bound to the loopback interface: reachable from the host only. */
const LOOPBACK_PORT = /^\s*["']?(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?):/;

function folderOf(path: string): string {
  return path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
}

/** The service's image, or the image the same service has in another compose file of the folder (a base file). */
function imageOf(service: ComposeService, file: ComposeFile, all: readonly ComposeFile[]): string | null {
  if (service.image) return service.image;
  for (const other of all) {
    if (other === file || folderOf(other.path) !== folderOf(file.path)) continue;
    const base = other.services.find((svc) => svc.name === service.name && svc.image);
    if (base?.image) return base.image;
  }
  return null;
}

interface Reach {
  line: number;
  how: string;
}

/** How the service is reached from outside the host: a published port, a Traefik router, Caddy or nginx-proxy. */
function reachOf(service: ComposeService): Reach | null {
  const port = service.ports.find((p) => !LOOPBACK_PORT.test(p.value));
  if (port) return { line: port.line, how: `publishes port ${port.value}` };
  const labels = service.labels ?? [];
  if (labels.some((l) => l.name === "traefik.enable" && /^false$/i.test(l.value ?? ""))) return null;
  // A router with middlewares may put basic or forward auth in front of the UI: not judged from here.
  if (labels.some((l) => /^traefik\.http\.routers\.[^.]+\.middlewares$/.test(l.name))) return null;
  const router = labels.find(
    (l) => /^traefik\.http\.routers\.[^.]+\.rule$/.test(l.name) && /Host/i.test(l.value ?? ""),
  );
  if (router) return { line: router.line, how: `is routed by Traefik (${router.value})` };
  const caddy = labels.find((l) => /^caddy(_\d+)?$/.test(l.name) && l.value);
  if (caddy && !labels.some((l) => /^caddy(_\d+)?\.(basicauth|basic_auth|forward_auth)/.test(l.name)))
    return { line: caddy.line, how: `is served by Caddy at ${caddy.value}` };
  const virtualHost = service.environment.find((e) => e.name === "VIRTUAL_HOST" && e.value);
  if (virtualHost) return { line: virtualHost.line, how: `is served by nginx-proxy at ${virtualHost.value}` };
  return null;
}

export default defineRule({
  id: "docker/database-admin-ui-exposed",
  area: "containers",
  severity: "medium",
  title: "Database admin UI published by a deployment compose file",
  effortMinutes: 15,
  confidence: "heuristic",
  notes: [
    "Reads compose services whose image is a database admin UI (Adminer, phpMyAdmin, pgAdmin, mongo-express, Redis Commander, RedisInsight, pgweb, CloudBeaver), also when the image comes from the base file of the same folder and the deployment file only adds routing.",
    "Reports the service when it is reachable from outside the host: a published port not bound to 127.0.0.1, a Traefik router rule (`traefik.http.routers.<name>.rule=Host(…)`) with no middlewares, a `caddy` label without basic or forward auth, or an nginx-proxy `VIRTUAL_HOST`. A router with middlewares (basic auth, forward auth, an IP allow-list) is not judged; `expose:` publishes nothing.",
    "Low in development setups: `docker-compose.override.yml` (merged only on a developer's machine), files named for development, tests or examples, files with a service built from source or of only databases and tools.",
  ],
  docs: {
    rationale:
      "A database admin UI on the public internet puts a login form to the database in front of everyone: passwords are brute-forced, default or weak ones are guessed, and the tools' own vulnerabilities (Adminer's SSRF, phpMyAdmin's many advisories) are reached without any account.",
    impact:
      "Anyone on the internet can try the database's credentials through the UI; once in, they read, change or drop every table.",
    fix: "Keep the admin UI out of the deployment file (only in `docker-compose.override.yml` or a dev profile), bind its port to 127.0.0.1 and reach it over an SSH tunnel, or put an authentication middleware (basic auth, forward auth, an IP allow-list) in front of its route.",
    example: {
      language: "yaml",
      bad: "services:\n  adminer:\n    image: adminer\n    labels:\n      - traefik.http.routers.adminer.rule=Host(`adminer.example.com`)",
      good: "services:\n  adminer:\n    image: adminer\n    labels:\n      - traefik.http.routers.adminer.rule=Host(`adminer.example.com`)\n      - traefik.http.routers.adminer.middlewares=admin-auth",
    },
  },
  applies: (facts) =>
    facts.docker?.compose.length ? true : { status: "not-applicable", reason: "no compose file" },
  check({ facts, report }) {
    const all = facts.docker.compose;
    for (const file of all) {
      const dev = OVERRIDE_PATH.test(file.path)
        ? "a compose override, merged only on a developer's machine"
        : (file.development ?? null);
      for (const service of file.services) {
        const image = imageOf(service, file, all);
        if (!image || !ADMIN_UI_IMAGE.test(image)) continue;
        const reach = reachOf(service);
        if (!reach) continue;
        report({
          path: file.path,
          line: reach.line,
          message: `Service ${service.name} runs the database admin UI ${image} and ${reach.how}${dev ? ` (low: ${dev})` : ", with no authentication in front of it in this file"}`,
          key: `${service.name}`,
          ...(dev ? { severity: "low" as const } : {}),
        });
      }
    }
  },
});
