// elixir/hardcoded-signing-secret: secret_key_base / signing or encryption salts written as literals in deployed config.
import { posix } from "node:path";
import { hasMixProject, isNonDeployedEnv } from "../../facts/elixir/applies.js";
import { prodOverrideOf } from "../../facts/elixir/config-overrides.js";
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
    "A literal that production config replaces — config/runtime.exs (or config/releases.exs, which a release reads at boot when there is no runtime.exs) or the prod config sets the same key in production with no other condition (or in complementary branches such as `if self_hosted` / `else`) — only serves development and test: it is reported at info, naming the override. When production sets it only under another condition (`if web_app? do`), the literal still serves the other case: low, naming the condition.",
    'When no production config in the repository sets it but the release loads a configuration file at boot (`config_providers: [{Config.Reader, "/etc/app/config.exs"}]` or a provider given a path in mix.exs), that file — kept outside the repository, e.g. mounted from a secret — is where production sets it: low, naming the provider; the literal is still used by a deployment whose file leaves the key out.',
    "Salts (signing_salt, encryption_salt) are low: they are not secrets (keys are derived from secret_key_base, which must stay secret), and Phoenix generators write them in config/config.exs; rotating them still needs a release.",
  ],
  applies: hasMixProject,
  check({ facts, report }) {
    const ex = facts.elixir;
    for (const entry of ex.config) {
      if (!SECRET_KEY.test(entry.name) || typeof entry.value !== "string" || entry.value.length === 0)
        continue;
      if (isNonDeployedEnv(entry.env) || !entry.inProd) continue;
      const isSecret = /secret_key_base$/.test(entry.name);
      const owner = entry.key ?? ":" + entry.app;
      const where = `${entry.path}${entry.env ? ` (${entry.env})` : " (all environments)"}`;
      const override = prodOverrideOf(ex.prodOverrides, entry, ex.config);
      const by = override?.by.map(({ path, line }) => `${path}:${line}`).join(" and ");
      const always = override !== null && override.conditions.length === 0;
      const sets = `set${override?.by.length === 1 ? "s" : ""}`;
      // A release that loads a file at boot (kept outside the repository) is where production sets its secrets.
      const provider = override ? null : releaseConfigFileFor(ex.projects, entry.path);
      report({
        path: entry.path,
        line: entry.line,
        message: always
          ? `${owner} ${entry.name} is a literal in ${entry.path}, but ${by} ${sets} it in production: the literal only serves development and test`
          : override
            ? `${owner} ${entry.name} is a literal in ${entry.path}; ${by} ${sets} it in production only when ${override.conditions.join(" and ")}, otherwise the literal is used`
            : provider
              ? `${owner} ${entry.name} is a literal in ${where}; the release loads ${provider.source} at boot (${provider.path}:${provider.line} config_providers), which can set it there, otherwise the literal is used`
              : `${owner} ${entry.name} is a literal in ${where}${isSecret ? "" : ": a salt is not a secret on its own, but rotating it needs a release"}`,
        key: `${entry.path}:${entry.key ?? entry.app}:${entry.name}`,
        severity: always ? "info" : override || provider || !isSecret ? "low" : "high",
      });
    }
  },
});

/** The first boot-time config file that a release of a mix project enclosing the config file loads, if any. */
function releaseConfigFileFor(
  projects: ReadonlyArray<{
    path: string;
    releaseConfigFiles: ReadonlyArray<{ source: string; line: number }>;
  }>,
  configPath: string,
): { path: string; source: string; line: number } | null {
  for (const project of projects) {
    const dir = posix.dirname(project.path);
    if (dir !== "." && !configPath.startsWith(`${dir}/`)) continue;
    const file = project.releaseConfigFiles[0];
    if (file) return { path: project.path, source: file.source, line: file.line };
  }
  return null;
}
