// elixir/check-origin-disabled: `check_origin: false` on a Phoenix endpoint in deployed config.
import { hasMixProject, isNonDeployedEnv } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/check-origin-disabled",
  area: "security",
  severity: "high",
  title: "WebSocket origin check disabled outside development",
  effortMinutes: 20,
  docs: {
    rationale:
      "`check_origin: false` lets any web page open a socket or LiveView connection to the endpoint with the visitor's cookies.",
    impact:
      "Cross-site WebSocket hijacking: a malicious page acts as the logged-in user over channels or LiveView.",
    fix: "Remove the override in deployed config (Phoenix checks against the endpoint's `url` host by default) or list allowed origins explicitly.",
    example: {
      bad: "config :shop, ShopWeb.Endpoint, check_origin: false",
      good: 'config :shop, ShopWeb.Endpoint, check_origin: ["https://shop.example.com"]',
      language: "elixir",
    },
  },
  notes: ["config/dev.exs, config/test.exs and dev/test blocks are not reported."],
  applies: hasMixProject,
  check({ facts, report }) {
    for (const entry of facts.elixir.config) {
      if (!/(^|\.)check_origin$/.test(entry.name) || entry.value !== false || isNonDeployedEnv(entry.env))
        continue;
      report({
        path: entry.path,
        line: entry.line,
        message: `check_origin: false for ${entry.key ?? ":" + entry.app} in ${entry.path}${entry.env ? ` (${entry.env})` : " (all environments)"}`,
        key: `${entry.path}:${entry.key ?? entry.app}`,
      });
    }
  },
});
