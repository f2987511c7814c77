// elixir/hardcoded-signing-secret: secret_key_base / signing or encryption salts written as literals in deployed config.
import { hasMixProject, isNonDeployedEnv } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

const SECRET_KEY = /(^|\.)(secret_key_base|signing_salt|encryption_salt)$/;

export default defineRule({
  id: "elixir/hardcoded-signing-secret",
  supersedes: ["security/hardcoded-secret"],
  area: "security",
  severity: "high",
  title: "Signing secret or salt hard-coded in deployed config",
  effortMinutes: 30,
  docs: {
    rationale:
      "`secret_key_base` signs and encrypts sessions and tokens; salts derive keys from it. A literal in config/config.exs or config/prod.exs is in every clone of the repository and every build.",
    impact:
      "Anyone with the source can forge session cookies or LiveView tokens when the literal secret is used in production, and it cannot be rotated without a release.",
    fix: 'Read `secret_key_base` in config/runtime.exs with `System.fetch_env!("SECRET_KEY_BASE")`; generate salts per deployment or read them from the environment as well.',
    example: {
      bad: 'config :shop, ShopWeb.Endpoint, secret_key_base: "tN1n…"',
      good: 'config :shop, ShopWeb.Endpoint, secret_key_base: System.fetch_env!("SECRET_KEY_BASE")',
      language: "elixir",
    },
  },
  notes: [
    "config/dev.exs, config/test.exs and `if config_env() in [:dev, :test]` blocks are not reported: their values never reach production.",
    "Salts (signing_salt, encryption_salt) are reported at medium: they are not secrets on their own, but rotating them requires a release.",
  ],
  applies: hasMixProject,
  check({ facts, report }) {
    for (const entry of facts.elixir.config) {
      if (!SECRET_KEY.test(entry.name) || typeof entry.value !== "string" || entry.value.length === 0)
        continue;
      if (isNonDeployedEnv(entry.env)) continue;
      const isSecret = /secret_key_base$/.test(entry.name);
      report({
        path: entry.path,
        line: entry.line,
        message: `${entry.key ?? ":" + entry.app} ${entry.name} is a literal in ${entry.path}${entry.env ? ` (${entry.env})` : " (all environments)"}`,
        key: `${entry.path}:${entry.key ?? entry.app}:${entry.name}`,
        severity: isSecret ? "high" : "medium",
      });
    }
  },
});
