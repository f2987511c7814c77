// docker/compose-default-password: compose services with literal (default) passwords in their environment.
import { defineRule } from "../define-rule.js";

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|SECRET_KEY_BASE)(_|$)/i;
const NOT_SECRET = /(_FILE|_PATH|_URL|_HOST|_USER(NAME)?|_LENGTH)$/i;

export default defineRule({
  id: "docker/compose-default-password",
  area: "containers",
  severity: "medium",
  title: "Hard-coded password in a compose file",
  effortMinutes: 15,
  confidence: "heuristic",
  notes: [
    "Values that interpolate a variable (`${DB_PASSWORD}`) or are empty are not reported.",
    "Compose files named for development or tests (docker-compose.dev.yml, compose.test.yaml) are low severity: local-only defaults are common there.",
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
      const dev =
        /[._-](dev|development|test|ci|local)\.ya?ml$/i.test(file.path) ||
        /(^|\/)(test|tests|examples?|\.devcontainer)\//.test(file.path);
      for (const s of file.services) {
        for (const e of s.environment) {
          if (
            !SECRET_NAME.test(e.name) ||
            NOT_SECRET.test(e.name) ||
            e.value === null ||
            e.value.trim() === "" ||
            e.value.includes("${")
          )
            continue;
          report({
            path: file.path,
            line: e.line,
            message: `Service ${s.name} sets ${e.name} to a literal value`,
            key: `${s.name}:${e.name}`,
            snippet: `${e.name}: ***`,
            ...(dev ? { severity: "low" as const } : {}),
          });
        }
      }
    }
  },
});
