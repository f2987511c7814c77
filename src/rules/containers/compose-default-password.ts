// docker/compose-default-password: compose services with literal (default) passwords in their environment.
import { isDatabaseSecretName, isLiteralComposeSecret } from "../../facts/docker/compose-secrets.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "docker/compose-default-password",
  area: "containers",
  severity: "medium",
  title: "Hard-coded password in a compose file",
  effortMinutes: 15,
  confidence: "heuristic",
  notes: [
    "Values that interpolate a variable (`${DB_PASSWORD}`, `${DB_PASSWORD:-default}`), are empty or are placeholders (`changeme`, `replace-me-with-a-random-string`) are not reported.",
    "Low for development setups: compose files named for development, tests, CI, examples or a cloud development environment (compose-dev.yml, tests/docker-compose.yml, docker-compose.gitpod.yaml), files with a service built from source, files of only databases and tools (a local Postgres with `POSTGRES_PASSWORD: postgres`), stacks whose services call an app run on the host (`host.docker.internal`) or start in development mode (`start-dev`, a `*_DEV_*` setting such as `VAULT_DEV_ROOT_TOKEN_ID`), and files whose opening comment says they are for development or testing.",
    "Low for a database password (a database, search engine, cache or broker credential, on its own service or on the app that connects to it: `POSTGRES_PASSWORD`, `ELASTIC_PASSWORD`, `APP_DB_PASSWORD`) when no database service publishes a port (reachable only inside the compose network; `expose:` does not publish); medium for application secrets (SECRET_KEY_BASE, JWT secrets, admin passwords) and for database passwords next to a published database port in a deployment file.",
  ],
  docs: {
    rationale:
      "Passwords written into a committed compose file are shared by every environment started from it and are known to everyone with repository access. Default values like `postgres` or `changeme` are the first thing attackers try.",
    impact: "Databases and services started from the file are reachable with public, guessable credentials.",
    fix: "Read secrets from the environment or an untracked .env file (`POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}`), or use compose `secrets:`.",
    example: {
      language: "yaml",
      bad: "environment:\n  POSTGRES_PASSWORD: postgres",
      good: "environment:\n  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?required}",
    },
  },
  applies: (facts) =>
    facts.docker?.compose.length ? true : { status: "not-applicable", reason: "no compose file" },
  check({ facts, report }) {
    for (const file of facts.docker.compose) {
      const dev = file.development ?? null;
      const publishedDatabase = file.services.find((svc) => svc.infrastructure && svc.ports.length > 0);
      for (const s of file.services) {
        for (const e of s.environment) {
          if (!isLiteralComposeSecret(e)) continue;
          // A database password is reachable only from the compose network unless a database publishes a port.
          const database = isDatabaseSecretName(e.name);
          const internalOnly = database && !publishedDatabase;
          const where = dev
            ? ` (${dev})`
            : internalOnly
              ? " (no database service publishes a port: reachable only inside the compose network)"
              : database && publishedDatabase
                ? ` (service ${publishedDatabase.name} publishes ${publishedDatabase.ports.map((p) => p.value).join(", ")})`
                : "";
          report({
            path: file.path,
            line: e.line,
            message: `Service ${s.name} sets ${e.name} to a literal value${where}`,
            key: `${s.name}:${e.name}`,
            snippet: `${e.name}: ***`,
            ...(dev || internalOnly ? { severity: "low" as const } : {}),
          });
        }
      }
    }
  },
});
