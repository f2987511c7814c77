import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";

describe("elixir/check-origin-disabled", () => {
  it("fires on check_origin: false in prod.exs and in a runtime prod block", async () => {
    const findings = await findingsOf("elixir/check-origin-disabled", {
      "mix.exs": MIX,
      "config/prod.exs": "import Config\nconfig :a, AWeb.Endpoint,\n  check_origin: false\n",
      "config/runtime.exs":
        "import Config\nif config_env() == :prod do\n  config :a, AWeb.Endpoint, check_origin: false\nend\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "config/prod.exs:3",
      "config/runtime.exs:3",
    ]);
  });

  it("stays silent in dev config and with an origin list", async () => {
    const findings = await findingsOf("elixir/check-origin-disabled", {
      "mix.exs": MIX,
      "config/dev.exs": "import Config\nconfig :a, AWeb.Endpoint, check_origin: false\n",
      "config/prod.exs": 'import Config\nconfig :a, AWeb.Endpoint, check_origin: ["https://a.example.com"]\n',
    });
    expect(findings).toEqual([]);
  });
});
