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
    'Reads in config/runtime.exs (outside dev/test blocks) and config/prod.exs count; reads with a default (also at the end of an `||` chain, `get_env("A") || get_env("B") || "4000"`; in a chain of reads only the last one can leave the value nil), guarded by `raise`, compared (`== "true"`) or tested in an `if`/`case` condition do not.',
    "Medium when the value reaches a setting the application cannot run without (an endpoint's `secret_key_base` or `url.host`, a Repo's `url`, `hostname`, `database`, `username` or `password`): a missing variable then breaks the first request or query instead of the boot. Low otherwise: most such reads are optional integrations (an error tracker's DSN, an API key for an optional feature) whose code treats nil as off, which the rule cannot see.",
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
      const required = read.feeds.find(isRequiredSetting);
      const feeds = read.feeds
        .slice(0, 2)
        .map((feed) => `${feed.key ?? ":" + feed.app} ${feed.name}`)
        .join(", ");
      report({
        path: read.path,
        line: read.line,
        message: required
          ? `${read.name} is read with System.get_env/1 and may be nil in production, where ${required.key ?? ":" + required.app} ${required.name} needs it`
          : `${read.name} is read with System.get_env/1 and may be nil in production${feeds ? ` (it sets ${feeds})` : ""}; if it is optional, give the default explicitly`,
        key: `${read.path}:${read.name}`,
        severity: required ? "medium" : "low",
      });
    }
  },
});

/** Settings a Phoenix endpoint or an Ecto repo cannot work without. */
function isRequiredSetting(feed: { key: string | null; name: string }): boolean {
  if (/(^|\.)Endpoint$/.test(feed.key ?? "")) return /^(secret_key_base|url\.host)$/.test(feed.name);
  if (/(^|\.)Repo$/.test(feed.key ?? ""))
    return /^(url|hostname|database|username|password)$/.test(feed.name);
  return false;
}
