import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";

describe("elixir/unvalidated-prod-env", () => {
  it("fires once per variable read with get_env/1 in the prod block of runtime.exs, low for optional settings", async () => {
    const findings = await findingsOf("elixir/unvalidated-prod-env", {
      "mix.exs": MIX,
      "config/runtime.exs":
        'import Config\nif config_env() == :prod do\n  config :a, :nats, token: System.get_env("NATS_TOKEN"), user: System.get_env("NATS_TOKEN")\nend\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: "low",
      location: { path: "config/runtime.exs", startLine: 3 },
      message:
        "NATS_TOKEN is read with System.get_env/1 and may be nil in production (it sets :nats token); if it is optional, give the default explicitly",
    });
  });

  it("is medium when the value reaches a setting the endpoint or repo needs, directly or through a variable", async () => {
    const runtime = [
      "import Config",
      'database_url = System.get_env("DATABASE_URL")',
      "config :a, A.Repo, url: database_url",
      'config :a, AWeb.Endpoint, secret_key_base: System.get_env("SECRET_KEY_BASE")',
      // Only the last read of an `||` chain of reads can leave the value nil.
      'config :a, AWeb.Endpoint, url: [host: System.get_env("PHX_HOST") || System.get_env("HOST")]',
      'config :a, AWeb.Endpoint, http: [port: System.get_env("HTTP_PORT") || System.get_env("PORT") || "4000"]',
    ].join("\n");
    const findings = await findingsOf("elixir/unvalidated-prod-env", {
      "mix.exs": MIX,
      "config/runtime.exs": runtime,
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity, f.message])).toEqual([
      [
        2,
        "medium",
        "DATABASE_URL is read with System.get_env/1 and may be nil in production, where A.Repo url needs it",
      ],
      [
        4,
        "medium",
        "SECRET_KEY_BASE is read with System.get_env/1 and may be nil in production, where AWeb.Endpoint secret_key_base needs it",
      ],
      [
        5,
        "medium",
        "HOST is read with System.get_env/1 and may be nil in production, where AWeb.Endpoint url.host needs it",
      ],
    ]);
  });

  it("stays silent on validated, defaulted, tested and non-prod reads", async () => {
    const runtime = [
      "import Config",
      "if config_env() == :prod do",
      '  url = System.get_env("DATABASE_URL") || raise "DATABASE_URL is missing"',
      '  config :a, A.Repo, url: url, pool_size: String.to_integer(System.get_env("POOL_SIZE", "10"))',
      '  config :a, A.Endpoint, secret_key_base: System.fetch_env!("SECRET_KEY_BASE")',
      '  if port = System.get_env("METRICS_PORT") do',
      "    config :a, metrics_port: String.to_integer(port)",
      "  end",
      '  config :a, :features, beta: System.get_env("BETA") == "true"',
      '  host = System.get_env("PHX_HOST") || "example.com"',
      '  key_path = System.get_env("SSL_KEY_PATH")',
      "  https = key_path != nil",
      "  config :a, A.Endpoint, url: [host: host]",
      "end",
      "if config_env() == :dev do",
      '  config :a, :dev, token: System.get_env("DEV_TOKEN")',
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/unvalidated-prod-env", {
      "mix.exs": MIX,
      "config/runtime.exs": runtime,
      "config/test.exs": 'import Config\nconfig :a, A.Repo, database: System.get_env("TEST_DB")\n',
    });
    expect(findings).toEqual([]);
  });
});
