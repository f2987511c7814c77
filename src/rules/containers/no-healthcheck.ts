// docker/no-healthcheck: a service image without HEALTHCHECK (and no compose healthcheck for it).
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "docker/no-healthcheck",
  area: "containers",
  severity: "low",
  title: "Image has no HEALTHCHECK",
  effortMinutes: 15,
  confidence: "heuristic",
  notes: [
    "Only images that EXPOSE a port (services) are checked; a compose service that builds the image and declares `healthcheck:` counts.",
    "Orchestrators such as Kubernetes ignore HEALTHCHECK and use probes instead, hence low severity.",
  ],
  docs: {
    rationale:
      "Without a health check Docker and Compose consider a container healthy as long as its process exists, even when it is deadlocked or cannot reach its database.",
    impact: "Hung services keep receiving traffic and are never restarted automatically.",
    fix: "Add a HEALTHCHECK that calls the service's health endpoint (or define probes in the orchestrator).",
    example: {
      language: "dockerfile",
      bad: 'EXPOSE 8080\nCMD ["./server"]',
      good: 'EXPOSE 8080\nHEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/healthz || exit 1\nCMD ["./server"]',
    },
  },
  applies: (facts) =>
    facts.docker?.dockerfiles.length ? true : { status: "not-applicable", reason: "no Dockerfile" },
  check({ facts, report }) {
    const composeChecked = facts.docker.compose.flatMap((c) =>
      c.services.filter((s) => s.healthcheck && s.build !== null),
    );
    for (const df of facts.docker.dockerfiles) {
      const final = df.stages[df.stages.length - 1];
      if (!final || final.healthcheck || final.expose.length === 0) continue;
      const folder = df.path.includes("/") ? df.path.slice(0, df.path.lastIndexOf("/")) : ".";
      if (
        composeChecked.some(
          (s) => (s.build ?? "").replace(/^\.\/?/, "").replace(/\/$/, "") === (folder === "." ? "" : folder),
        )
      )
        continue;
      report({
        path: df.path,
        line: final.expose[0]?.line ?? final.line,
        message: `Image exposes ${final.expose.map((e) => e.port).join(", ")} but declares no HEALTHCHECK`,
        key: "no-healthcheck",
      });
    }
  },
});
