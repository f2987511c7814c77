import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/debug-in-production-config";

describe(ID, () => {
  it("fires on debug switches in production config", async () => {
    const findings = await findingsOf(ID, {
      "config/prod.exs":
        'import Config\nconfig :app, AppWeb.Endpoint,\n  debug_errors: true,\n  url: [host: "example.com"]\n',
      ".env.production": "APP_DEBUG=true\nFLASK_ENV=development\n",
      "deploy/k8s/api.yaml": "env:\n  - name: LOG_LEVEL\n    value: info\ndebug: true\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      [".env.production", 1],
      [".env.production", 2],
      ["config/prod.exs", 3],
      ["deploy/k8s/api.yaml", 4],
    ]);
  });

  it("stays silent on development config, debug off and comments", async () => {
    const findings = await findingsOf(ID, {
      "config/dev.exs": "config :app, AppWeb.Endpoint, debug_errors: true, code_reloader: true\n",
      ".env.development": "APP_DEBUG=true\n",
      "config/production.yaml": "app:\n  debug: false\n  # debug: true for local runs\n",
      "config/runtime.exs": 'config :app, debug_errors: System.get_env("DEBUG") == "1"\n',
    });
    expect(findings).toEqual([]);
  });

  it("does not read test and development compose files as production configuration", async () => {
    const findings = await findingsOf("security/debug-in-production-config", {
      "docker/regtest/docker-compose.yml": "services:\n  app:\n    environment:\n      DEBUG: true\n",
      "docker-compose.yml": "services:\n  app:\n    environment:\n      DEBUG: true\n",
    });
    expect(findings.map((f) => f.location?.path)).toEqual(["docker-compose.yml"]);
  });

  it("is low in a compose file that builds the project's services from source, high when they run a published image", async () => {
    const compose = (app: string) =>
      `x-env: &env\n  NODE_ENV: development\nservices:\n  api:\n${app}    environment:\n      <<: *env\n  postgres:\n    image: postgres:15\n`;
    const dev = await findingsOf("security/debug-in-production-config", {
      "docker-compose.yaml": compose("    build:\n      context: .\n"),
    });
    expect(dev.map((f) => [f.location?.startLine, f.severity])).toEqual([[2, "low"]]);
    const published = await findingsOf("security/debug-in-production-config", {
      "docker-compose.yaml": compose("    image: acme/api:1.4\n"),
    });
    expect(published.map((f) => [f.location?.startLine, f.severity])).toEqual([[2, "high"]]);
  });

  it("is medium for Ecto's connection-error switch, which exposes settings in logs rather than to visitors", async () => {
    const findings = await findingsOf(ID, {
      "config/runtime.exs":
        "import Config\nconfig :app, App.Repo,\n  url: db_url,\n  show_sensitive_data_on_connection_error: true\nconfig :app, AppWeb.Endpoint,\n  debug_errors: true\n",
    });
    // Near miss: debug_errors renders internals to visitors and stays high.
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [4, "medium"],
      [6, "high"],
    ]);
    expect(findings[0]?.message).toContain("when a database connection fails");
  });
});
