// elixir/unvalidated-prod-env: production config reads an environment variable with no default and no `|| raise`.
import { hasMixProject } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/unvalidated-prod-env",
  area: "config",
  severity: "medium",
  title: "Production environment variable read without validation",
  effortMinutes: 15,
  docs: {
    rationale:
      "`System.get_env/1` returns nil when the variable is missing; in runtime.exs the release then boots with nil in its configuration.",
    impact:
      "A missing variable is found at the first request that needs it (an auth failure, a crash in a client) instead of at boot.",
    fix: 'Use `System.fetch_env!/1`, or `System.get_env("X") || raise "X is missing"`, or give an explicit default with `System.get_env("X", default)`.',
    example: {
      bad: 'config :shop, :nats, token: System.get_env("NATS_TOKEN")',
      good: 'config :shop, :nats, token: System.fetch_env!("NATS_TOKEN")',
      language: "elixir",
    },
  },
  notes: [
    'Reads in config/runtime.exs (outside dev/test blocks) and config/prod.exs count; reads with a default, guarded by `raise`, compared (`== "true"`) or tested in an `if`/`case` condition do not.',
    "One finding per variable and file (the first read).",
  ],
  applies: hasMixProject,
  check({ facts, report }) {
    const seen = new Set<string>();
    for (const read of facts.elixir.envReads) {
      const prodContext =
        read.env === "prod" ||
        read.env === "production" ||
        (read.env === null && /(^|\/)config\/runtime\.exs$/.test(read.path));
      if (!prodContext || read.validated || read.hasDefault || read.nilHandled || read.call !== "get_env")
        continue;
      if (seen.has(`${read.path}:${read.name}`)) continue;
      seen.add(`${read.path}:${read.name}`);
      report({
        path: read.path,
        line: read.line,
        message: `${read.name} is read with System.get_env/1 and may be nil in production`,
        key: `${read.path}:${read.name}`,
      });
    }
  },
});
