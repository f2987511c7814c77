// docker/compose-privileged: a compose service running with `privileged: true`.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "docker/compose-privileged",
  area: "containers",
  severity: "high",
  title: "Privileged compose service",
  effortMinutes: 30,
  confidence: "certain",
  notes: [
    "Compose files whose name marks them for development or tests (docker-compose.dev.yml, compose.test.yaml) are medium severity.",
  ],
  docs: {
    rationale:
      "A privileged container has all capabilities and access to the host's devices; it is effectively root on the host.",
    impact: "Any compromise of the service is a compromise of the host and of every other container on it.",
    fix: "Remove `privileged: true`; grant only the specific capabilities (`cap_add`) or devices the service needs.",
    example: {
      language: "yaml",
      bad: "services:\n  worker:\n    image: acme/worker:1.2\n    privileged: true",
      good: "services:\n  worker:\n    image: acme/worker:1.2\n    cap_add: [NET_ADMIN]",
    },
  },
  applies: (facts) =>
    facts.docker?.compose.length ? true : { status: "not-applicable", reason: "no compose file" },
  check({ facts, report }) {
    for (const file of facts.docker.compose) {
      const dev = /[._-](dev|development|test|ci|local)\.ya?ml$/i.test(file.path);
      for (const s of file.services) {
        if (!s.privileged) continue;
        report({
          path: file.path,
          line: s.privileged.line,
          message: `Service ${s.name} runs privileged`,
          key: `${s.name}:privileged`,
          ...(dev ? { severity: "medium" as const } : {}),
        });
      }
    }
  },
});
