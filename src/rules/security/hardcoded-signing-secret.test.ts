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
      ["config/config.exs", 3, "medium"],
      ["config/prod.exs", 2, "high"],
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
