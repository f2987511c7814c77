import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";

describe("elixir/hardcoded-signing-secret", () => {
  it("fires on a literal secret_key_base in prod config and a salt in shared config", async () => {
    const findings = await findingsOf("elixir/hardcoded-signing-secret", {
      "mix.exs": MIX,
      "config/config.exs":
        'import Config\nconfig :a, AWeb.Endpoint,\n  live_view: [signing_salt: "Xk2Pq9rL"]\n',
      "config/prod.exs":
        'import Config\nconfig :a, AWeb.Endpoint, secret_key_base: "tN1nQ0a9s8d7f6g5h4j3k2l1"\n',
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["config/config.exs", 3, "low"],
      ["config/prod.exs", 2, "high"],
    ]);
  });

  it("is info, naming the override, when runtime.exs or the prod config sets the key in production", async () => {
    const findings = await findingsOf("elixir/hardcoded-signing-secret", {
      "mix.exs": MIX,
      "config/config.exs": [
        "import Config",
        "config :a, AWeb.Endpoint,",
        '  secret_key_base: "tN1nQ0a9s8d7f6g5h4j3k2l1tN1nQ0a9s8d7f6g5h4j3k2l1",',
        '  live_view: [signing_salt: "Xk2Pq9rL"]',
        "config :a, BWeb.Endpoint,",
        '  secret_key_base: "aB1nQ0a9s8d7f6g5h4j3k2l1tN1nQ0a9s8d7f6g5h4j3k2l1"',
        "config :a, CWeb.Endpoint,",
        '  secret_key_base: "cC1nQ0a9s8d7f6g5h4j3k2l1tN1nQ0a9s8d7f6g5h4j3k2l1"',
        'import_config "#{config_env()}.exs"',
      ].join("\n"),
      "config/prod.exs": 'import Config\nimport_config "prod.secret.exs"\n',
      // The conventional per-environment secret file is prod config.
      "config/prod.secret.exs":
        'import Config\nconfig :a, BWeb.Endpoint, secret_key_base: {:system, "SECRET_KEY_BASE"}\n',
      "config/runtime.exs": [
        "import Config",
        "if config_env() == :prod do",
        '  config :a, AWeb.Endpoint, secret_key_base: System.fetch_env!("SECRET_KEY_BASE"),',
        '    live_view: [signing_salt: System.fetch_env!("SALT")]',
        "end",
        // Complementary branches together set it in production.
        "if config_env() == :prod and self_hosted do",
        '  config :a, CWeb.Endpoint, secret_key_base: System.fetch_env!("A")',
        "end",
        "if config_env() == :prod and not self_hosted do",
        '  config :a, CWeb.Endpoint, secret_key_base: System.fetch_env!("B")',
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity, f.message])).toEqual([
      [
        3,
        "info",
        "AWeb.Endpoint secret_key_base is a literal in config/config.exs, but config/runtime.exs:3 sets it in production: the literal only serves development and test",
      ],
      [
        4,
        "info",
        "AWeb.Endpoint live_view.signing_salt is a literal in config/config.exs, but config/runtime.exs:4 sets it in production: the literal only serves development and test",
      ],
      [
        6,
        "info",
        "BWeb.Endpoint secret_key_base is a literal in config/config.exs, but config/prod.secret.exs:2 sets it in production: the literal only serves development and test",
      ],
      [
        8,
        "info",
        "CWeb.Endpoint secret_key_base is a literal in config/config.exs, but config/runtime.exs:7 and config/runtime.exs:10 set it in production: the literal only serves development and test",
      ],
    ]);
  });

  it("stays high when only dev config sets it, low when production sets it under another condition", async () => {
    const literal = (app: string) =>
      `config :a, ${app}Web.Endpoint, secret_key_base: "tN1nQ0a9s8d7f6g5h4j3k2l1tN1nQ0a9s8d7f6g5h4j3k2l1"`;
    const findings = await findingsOf("elixir/hardcoded-signing-secret", {
      "mix.exs": MIX,
      "config/config.exs": ["import Config", literal("A"), literal("B")].join("\n"),
      "config/runtime.exs": [
        "import Config",
        "if config_env() == :dev do",
        '  config :a, AWeb.Endpoint, secret_key_base: System.fetch_env!("SECRET_KEY_BASE")',
        "end",
        "if config_env() == :prod do",
        '  if role in ["all", "web"] do',
        '    config :a, BWeb.Endpoint, secret_key_base: System.fetch_env!("SECRET_KEY_BASE")',
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity, f.message])).toEqual([
      [2, "high", "AWeb.Endpoint secret_key_base is a literal in config/config.exs (all environments)"],
      [
        3,
        "low",
        'BWeb.Endpoint secret_key_base is a literal in config/config.exs; config/runtime.exs:7 sets it in production only when role in ["all", "web"], otherwise the literal is used',
      ],
    ]);
  });

  it("reads config/releases.exs as the boot-time override in a project without runtime.exs", async () => {
    const base = [
      "import Config",
      "config :a, AWeb.Endpoint,",
      '  secret_key_base: "tN1nQ0a9s8d7f6g5h4j3k2l1tN1nQ0a9s8d7f6g5h4j3k2l1",',
      '  live_view: [signing_salt: "Xk2Pq9rL"]',
    ].join("\n");
    const releases = [
      "import Config",
      'secret_key_base = System.get_env("SECRET_KEY_BASE") || raise "SECRET_KEY_BASE is missing"',
      "config :a, AWeb.Endpoint,",
      "  secret_key_base: secret_key_base,",
      '  live_view: [signing_salt: System.fetch_env!("LIVE_VIEW_SALT")]',
    ].join("\n");
    const overridden = await findingsOf("elixir/hardcoded-signing-secret", {
      "mix.exs": MIX,
      "config/config.exs": base,
      "config/releases.exs": releases,
    });
    expect(overridden.map((f) => [f.location?.startLine, f.severity, f.message])).toEqual([
      [
        3,
        "info",
        "AWeb.Endpoint secret_key_base is a literal in config/config.exs, but config/releases.exs:4 sets it in production: the literal only serves development and test",
      ],
      [4, "info", expect.stringContaining("config/releases.exs:5 sets it in production")],
    ]);
    // A release ignores releases.exs when runtime.exs exists: the literal still ships.
    const ignored = await findingsOf("elixir/hardcoded-signing-secret", {
      "mix.exs": MIX,
      "config/config.exs": base,
      "config/releases.exs": releases,
      "config/runtime.exs": "import Config\nconfig :a, AWeb.Endpoint, server: true\n",
    });
    expect(ignored.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [3, "high"],
      [4, "low"],
    ]);
  });

  it("is low, naming the provider, when the release loads a config file at boot; high when the provider reads no file", async () => {
    const secret =
      'import Config\nconfig :web, Web.Endpoint,\n  secret_key_base: "Pq1nQ0a9s8d7f6g5h4j3k2l1tN1nQ0a9s8d7f6g5h4j3k2l1"\n';
    const mix = (providers: string, app = "web") =>
      [
        "defmodule App.MixProject do",
        `  def project, do: [app: :${app}, releases: releases()]`,
        "  defp releases do",
        `    [web: [include_executables_for: [:unix], config_providers: [${providers}]]]`,
        "  end",
        "end",
      ].join("\n");
    const withFile = await findingsOf("elixir/hardcoded-signing-secret", {
      "apps/web/mix.exs": mix('{Web.ConfigProvider, "/etc/web/config.exs"}'),
      "apps/web/config/config.exs": secret,
      // Another umbrella app's release reads a file: it does not configure this one.
      "apps/other/mix.exs": mix('{Config.Reader, "/etc/other/config.exs"}', "other"),
      "apps/other/config/config.exs": secret.replace("Web.", "Other."),
    });
    expect(withFile.map((f) => [f.location?.path, f.severity, f.message])).toEqual([
      [
        "apps/other/config/config.exs",
        "low",
        expect.stringContaining('loads "/etc/other/config.exs" at boot'),
      ],
      [
        "apps/web/config/config.exs",
        "low",
        'Web.Endpoint secret_key_base is a literal in apps/web/config/config.exs (all environments); the release loads "/etc/web/config.exs" at boot (apps/web/mix.exs:4 config_providers), which can set it there, otherwise the literal is used',
      ],
    ]);
    // ConfigTuples resolves {:system, ...} tuples in the compiled config and reads no file: the literal ships.
    const noFile = await findingsOf("elixir/hardcoded-signing-secret", {
      "apps/web/mix.exs": mix('{ConfigTuples.Provider, ""}'),
      "apps/web/config/config.exs": secret,
      "apps/other/mix.exs": mix('{Config.Reader, "/etc/other/config.exs"}', "other"),
    });
    expect(noFile.map((f) => [f.location?.path, f.severity])).toEqual([
      ["apps/web/config/config.exs", "high"],
    ]);
  });

  it("stays silent on dev/test config, custom non-prod envs, test blocks and env reads", async () => {
    const findings = await findingsOf("elixir/hardcoded-signing-secret", {
      "mix.exs": MIX,
      "config/dev.exs": 'import Config\nconfig :a, AWeb.Endpoint, secret_key_base: "dev-secret"\n',
      "config/test.exs": 'import Config\nconfig :a, AWeb.Endpoint, secret_key_base: "test-secret"\n',
      "config/bench.exs": 'import Config\nconfig :a, AWeb.Endpoint, secret_key_base: "bench-secret"\n',
      "config/runtime.exs":
        'import Config\nif config_env() == :test do\n  config :a, AWeb.Endpoint, secret_key_base: "x"\nend\nconfig :a, AWeb.Endpoint, secret_key_base: System.fetch_env!("SECRET_KEY_BASE")\n',
    });
    expect(findings).toEqual([]);
  });
});
