// docker/port-mismatch: the port a container is reached or health-checked on is not a port its application listens
// on. Judged per deployment (the image itself, each compose service built from it, each Fly app) only when every
// place the application's port is decided could be resolved; an env-driven port nobody sets is read at its fallback,
// and one with no fallback makes the deployment unknown (no finding).
import type { PortDeployment, PortPlace } from "../../facts/ports/index.js";
import type { Severity } from "../../model/severity.js";
import { defineRule } from "../define-rule.js";

const where = (p: PortPlace): string =>
  `${p.path}:${p.line} ${p.via}${p.env && p.resolved !== null ? ` (${p.env} → ${p.resolved})` : ""}`;

/** Why a mismatching place matters: reachability/health (medium in a production deployment) or documentation (low). */
function severityOf(deployment: PortDeployment, place: PortPlace): Severity {
  if (deployment.development) return "low";
  // EXPOSE only documents the port (and feeds `docker run -P`); compose ports, internal_port and health checks decide
  // whether traffic arrives and whether the container is marked healthy.
  return place.role === "expose" ? "low" : "medium";
}

export default defineRule({
  id: "docker/port-mismatch",
  area: "containers",
  severity: "low",
  title: "Container port and the port the application listens on disagree",
  effortMinutes: 15,
  confidence: "heuristic",
  notes: [
    'The application\'s port is read from the image\'s command line (uvicorn/gunicorn/granian/hypercorn/daphne `--port`/`--bind`, Django `runserver`, `flask run`, `next start`) and shell scripts it names, else from the code in the image\'s build folder: Go `ListenAndServe`/`http.Server{Addr}`/`net.Listen`/gin/echo/fiber address literals, Node `listen(...)`/`serve({port})`, Python `uvicorn.run(port=)`/gunicorn `bind`, Phoenix `http: [port: ...]` in config/runtime.exs, prod.exs or config.exs; nginx `listen` and Caddy site addresses when the image is a proxy. Env reads (`process.env.PORT || 3000`, `System.get_env("PORT") || "4000"`, `os.getenv("PORT", 8000)`, Go `os.Getenv` with an `if port == ""` fallback) are resolved with the image\'s ENV/ARG and each compose service\'s `environment:` or Fly `[env]`.',
    "Medium when a production deployment would be unreachable or unhealthy: a compose `ports:`/`expose:` container side, a Fly `internal_port` or a HEALTHCHECK/compose healthcheck probing a port the application never listens on. Low when only EXPOSE disagrees (it documents the port; traffic is routed by the platform's own setting) or the deployment is for development, tests or CI.",
    "A published port is reported only when none of the deployment's published ports is one the application listens on: the listen places read are web servers, so beside a reachable one another published port is taken for a listener of another kind (RTMP, metrics). A health check probing a port nothing listens on is reported either way. An image whose command passes its own program a port flag (`app --port $PORT`, `-addr :8080`) listens where the flag says.",
    "Silent when any listen place cannot be resolved (a Go `ListenAndServe`/`http.Server{Addr}` whose address is built at run time, a config field, an env variable with no fallback that nothing sets) or no listen place is found: the port is then unknown, never guessed. Test, example, docs and browser-test folders are not the application.",
  ],
  docs: {
    rationale:
      "The port a container publishes, routes to or health-checks is written in the Dockerfile, compose file or platform config, while the port the server binds is decided by the application's code or command line. Nothing checks that the two agree; a change to one side (a new default port, a removed PORT env) leaves the other pointing at nothing.",
    impact:
      "Requests to the published port are refused, the platform's health check fails and the container is restarted in a loop, or a deployment silently serves nothing.",
    fix: "State the port once: set `ENV PORT=<port>` in the image and read it in the application, or change EXPOSE/ports/internal_port/the health check to the port the server binds.",
    example: {
      language: "dockerfile",
      bad: 'FROM node:22-slim\nCOPY . .\nEXPOSE 3000\nHEALTHCHECK CMD curl -f http://localhost:3000/health\nCMD ["node", "server.js"]   # server.js: app.listen(process.env.PORT || 8080)',
      good: 'FROM node:22-slim\nCOPY . .\nENV PORT=3000\nEXPOSE 3000\nHEALTHCHECK CMD curl -f http://localhost:3000/health\nCMD ["node", "server.js"]',
    },
  },
  applies: (facts) =>
    (facts.ports?.containers.length ?? 0) > 0
      ? true
      : {
          status: "not-applicable",
          reason:
            (facts.docker?.dockerfiles.length ?? 0) === 0
              ? "no Dockerfile"
              : "no Dockerfile runs an application",
        },
  check({ facts, report }) {
    for (const container of facts.ports.containers) {
      const mismatches: Array<{ deployment: PortDeployment; place: PortPlace; severity: Severity }> = [];
      for (const deployment of container.deployments) {
        const listens = deployment.listenPorts;
        if (listens === "unknown") continue;
        // The listen places read are HTTP servers; when traffic reaches one of them, another published port is
        // more likely a listener of another kind (RTMP, metrics, a debugger) than a port nobody serves.
        const reachable = deployment.published.some(
          (p) => p.resolved !== null && listens.includes(p.resolved),
        );
        for (const place of [...(reachable ? [] : deployment.published), ...deployment.healthchecks])
          if (place.resolved !== null && !listens.includes(place.resolved))
            mismatches.push({ deployment, place, severity: severityOf(deployment, place) });
      }
      if (mismatches.length === 0) continue;
      const worst = mismatches.find((m) => m.severity === "medium") ?? mismatches[0]!;
      const listensAt = worst.deployment.listens;
      const listenPorts = worst.deployment.listenPorts as number[];
      const wrong = mismatches.map(
        (m) =>
          `${m.place.role === "healthcheck" ? "health check probes" : "traffic goes to"} ${m.place.resolved} at ${where(m.place)}${m.deployment.kind === "image" ? "" : ` (${m.deployment.kind} ${m.deployment.name})`}`,
      );
      const consequence =
        worst.severity === "low"
          ? ""
          : worst.place.role === "healthcheck"
            ? ": the container never becomes healthy"
            : ": requests to it are refused";
      report({
        path: worst.place.path,
        line: worst.place.line,
        severity: worst.severity,
        message: `The application in ${container.dockerfile} listens on ${listenPorts.join(", ")} (${listensAt.map(where).join("; ")}), but ${wrong.join("; ")}${consequence}`,
        key: `${container.dockerfile}:${[...new Set(mismatches.map((m) => `${m.place.role}:${m.place.resolved}`))].sort().join(",")}`,
        snippet: listensAt.map(where).join("\n"),
        fix: `Use one port: set it in the image (\`ENV PORT=${worst.place.resolved}\`) if the application reads PORT, or change ${worst.place.via} to ${listenPorts[0]}.`,
        related: [
          ...listensAt.map((l) => ({ path: l.path, startLine: l.line, endLine: l.line })),
          ...mismatches
            .slice(1)
            .map((m) => ({ path: m.place.path, startLine: m.place.line, endLine: m.place.line })),
        ],
      });
    }
  },
});
