import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";
const RUNTIME = [
  "import Config",
  "if config_env() == :prod do",
  "  config :a, AWeb.Endpoint,",
  '    http: [port: String.to_integer(System.get_env("PORT", "4000"))],',
  "    https: [",
  "      port: 443,",
  '      keyfile: System.get_env("SSL_KEY_PATH"),',
  '      certfile: System.get_env("SSL_CERT_PATH")',
  "    ]",
  "  config :a, AWeb.DeviceEndpoint, https: [port: 4001]",
  "end",
].join("\n");

describe("phoenix/https-without-force-ssl", () => {
  it("fires on an endpoint with http and https listeners and no force_ssl", async () => {
    const findings = await findingsOf("phoenix/https-without-force-ssl", {
      "mix.exs": MIX,
      "config/runtime.exs": RUNTIME,
      "config/dev.exs": "import Config\nconfig :a, AWeb.Endpoint, force_ssl: [hsts: true]\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["config/runtime.exs", 6],
    ]);
  });

  it("stays silent with force_ssl in prod config or plug Plug.SSL, and on HTTPS-only endpoints", async () => {
    expect(
      await findingsOf("phoenix/https-without-force-ssl", {
        "mix.exs": MIX,
        "config/runtime.exs": RUNTIME,
        "config/prod.exs": "import Config\nconfig :a, AWeb.Endpoint, force_ssl: [hsts: true]\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("phoenix/https-without-force-ssl", {
        "mix.exs": MIX,
        "config/runtime.exs": RUNTIME,
        "lib/a_web/endpoint.ex":
          "defmodule AWeb.Endpoint do\n  use Phoenix.Endpoint, otp_app: :a\n  plug Plug.SSL, rewrite_on: [:x_forwarded_proto]\n  plug AWeb.Router\nend\n",
      }),
    ).toEqual([]);
  });

  it("stays silent when the https listener names no certificate, and fires when a computed one may carry it", async () => {
    const config = (https: string) =>
      [
        "import Config",
        "if config_env() == :prod do",
        "  config :a, AWeb.Endpoint,",
        "    http: [port: 4000],",
        `    https: ${https}`,
        "end",
      ].join("\n");
    expect(
      await findingsOf("phoenix/https-without-force-ssl", {
        "mix.exs": MIX,
        "config/runtime.exs": config("[port: 4001]"),
      }),
    ).toEqual([]);
    const computed = await findingsOf("phoenix/https-without-force-ssl", {
      "mix.exs": MIX,
      "config/runtime.exs": config("tls_options"),
    });
    expect(computed.map((f) => f.location?.startLine)).toEqual([5]);
  });
});
