// security/debug-in-production-config: debug modes switched on in production configuration files.
import { isComposePath, parseCompose } from "../../facts/docker/index.js";
import { secretContext } from "../../facts/secrets/detect.js";
import { CONFIG_LANGUAGES, matchLines } from "../../facts/secrets/line-scan.js";
import type { Language } from "../../model/language.js";
import { defineRule } from "../define-rule.js";

/**
 * A compose file whose services built from the repository (`build:`) name no published `image:`: it runs the
 * project from its working tree, a development stack, not what operators deploy. Read with the docker facts' parser.
 */
function buildsFromSource(path: string, text: string): boolean {
  const built = parseCompose(path, text).file.services.filter((service) => service.build !== null);
  return built.length > 0 && built.every((service) => service.image === null);
}

const CONFIG: RegExp[] = [
  /^\s*(?:export\s+)?["']?(?:debug|app_debug|debug_mode|flask_debug|django_debug|rails_debug|debug_errors|show_errors|display_errors|expose_errors)["']?\s*[:=]\s*["']?(?:true|1|yes|on)["']?\s*,?\s*$/i,
  /^\s*(?:export\s+)?["']?(?:FLASK_ENV|APP_ENV|NODE_ENV|RAILS_ENV|MIX_ENV|ENVIRONMENT|ENV)["']?\s*[:=]\s*["']?(?:development|dev|debug)["']?\s*$/,
];
// Elixir prod/runtime config: Phoenix endpoint and Ecto options that expose internals.
const ELIXIR: RegExp[] = [
  /\bdebug_errors:\s*true\b/,
  /\bcode_reloader:\s*true\b/,
  /\bshow_sensitive_data_on_connection_error:\s*true\b/,
];

const LANGUAGES: Language[] = [...CONFIG_LANGUAGES, "elixir"];

export default defineRule({
  id: "security/debug-in-production-config",
  area: "security",
  severity: "high",
  title: "Debug mode enabled in production configuration",
  effortMinutes: 15,
  confidence: "certain",
  languages: LANGUAGES,
  needsTree: false,
  prefilter: /debug|errors|DEBUG|ERRORS|development|code_reloader|sensitive_data/i,
  docs: {
    rationale:
      "Debug modes render stack traces, configuration and sometimes an interactive console to whoever triggers an error, and disable production safeguards.",
    impact:
      "Source paths, secrets from the environment and SQL leak in error pages; Werkzeug-style debuggers allow remote code execution.",
    fix: "Set debug off in production configuration and read the flag from the environment with a safe default.",
    example: {
      language: "yaml",
      bad: "# config/production.yaml\napp:\n  debug: true",
      good: "# config/production.yaml\napp:\n  debug: false",
    },
  },
  notes: [
    "Reads production configuration only (config/prod.exs, config/runtime.exs, .env, .env.production, *.prod.*/*production* YAML/JSON/TOML/INI, k8s/helm/compose manifests): debug/app_debug/debug_mode/FLASK_DEBUG/display_errors = true, FLASK_ENV/APP_ENV/NODE_ENV/RAILS_ENV = development, Phoenix debug_errors/code_reloader and Ecto show_sensitive_data_on_connection_error true.",
    "Ecto's show_sensitive_data_on_connection_error is medium: it exposes the connection settings in the logs of a failed connection, not to visitors.",
    "Files under test, CI, development, benchmark and example paths are not production configuration even when named like it (tests/docker-compose.yml, regtest/compose.yml, compose.tests.yml).",
    "Low in a compose file whose services built from the repository (`build:`) name no published `image:`: it runs the working tree, a development stack.",
    "Dedupe: python/debug-enabled owns DEBUG = True in Python settings modules; this rule does not read Python files.",
  ],
  checkFile({ lines, text, language, path, report }) {
    // Production configuration by its path, minus the test, CI, development and example files that look like it.
    if (secretContext(path) !== "production-config") return;
    const hits = matchLines(lines, language, language === "elixir" ? ELIXIR : CONFIG);
    const devStack = hits.length > 0 && isComposePath(path) && buildsFromSource(path, text);
    for (const hit of hits) {
      // Ecto's switch renders no page to visitors: it puts the connection settings into the error that a failed
      // database connection logs. A leak to whoever reads the logs, fixed before the next release, not a blocker.
      const connectionErrors = /show_sensitive_data_on_connection_error/.test(hit.match[0]);
      report({
        line: hit.line,
        message: devStack
          ? `Debug setting on in a compose file that builds every service of the project from source (a development stack): \`${hit.match[0].trim()}\``
          : connectionErrors
            ? `Production Repo configuration logs its connection settings (credentials included) when a database connection fails: \`${hit.match[0].trim()}\``
            : `Debug setting on in production configuration: \`${hit.match[0].trim()}\``,
        key: hit.match[0].replace(/\s+/g, ""),
        ...(devStack
          ? { severity: "low" as const }
          : connectionErrors
            ? { severity: "medium" as const }
            : {}),
      });
    }
  },
});
