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

  it("rates by the sockets: high when one trusts the connection, low when all take a token or are LiveView", async () => {
    const endpoint = (app: string) =>
      `defmodule ${app}Web.Endpoint do\n  use Phoenix.Endpoint, otp_app: :a\n  socket "/socket", ${app}Web.UserSocket\n  socket "/live", Phoenix.LiveView.Socket\nend\n`;
    const socket = (app: string, head: string) =>
      `defmodule ${app}Web.UserSocket do\n  use Phoenix.Socket\n  def connect(${head}, socket, info), do: {:ok, socket}\nend\n`;
    const findings = await findingsOf("elixir/check-origin-disabled", {
      "mix.exs": MIX,
      "lib/a_web/endpoint.ex": endpoint("A"),
      "lib/a_web/user_socket.ex": socket("A", '%{"token" => token}'),
      "lib/b_web/endpoint.ex": endpoint("B"),
      "lib/b_web/user_socket.ex": socket("B", "_params"),
      "config/prod.exs":
        "import Config\nconfig :a, AWeb.Endpoint, check_origin: false\nconfig :a, BWeb.Endpoint, check_origin: false\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [2, "low"],
      [3, "high"],
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

  it("fires when an env variable named after the check defaults to off, directly or through a variable", async () => {
    const findings = await findingsOf("elixir/check-origin-disabled", {
      "mix.exs": MIX,
      "config/runtime.exs": [
        "import Config",
        "if config_env() == :prod do",
        "  check_origin =",
        '    case System.get_env("SERVER_CHECK_ORIGIN", "false") do',
        '      "true" -> true',
        "      _ -> false",
        "    end",
        "  config :a, AWeb.Endpoint, check_origin: check_origin",
        '  config :a, BWeb.Endpoint, check_origin: System.get_env("CHECK_ORIGIN", "false") == "true"',
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.message])).toEqual([
      [
        8,
        'check_origin is off unless SERVER_CHECK_ORIGIN is set: it defaults to "false" (config/runtime.exs:4) for AWeb.Endpoint in config/runtime.exs (prod)',
      ],
      [
        9,
        'check_origin is off unless CHECK_ORIGIN is set: it defaults to "false" (config/runtime.exs:9) for BWeb.Endpoint in config/runtime.exs (prod)',
      ],
    ]);
  });

  it("stays silent when the env default keeps the check on or the variable disables it when set", async () => {
    const findings = await findingsOf("elixir/check-origin-disabled", {
      "mix.exs": MIX,
      "config/runtime.exs": [
        "import Config",
        "if config_env() == :prod do",
        '  config :a, AWeb.Endpoint, check_origin: System.get_env("CHECK_ORIGIN", "true") == "true"',
        '  config :a, BWeb.Endpoint, check_origin: System.get_env("DISABLE_CHECK_ORIGIN", "false") != "true"',
        "end",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("stays silent on an endpoint of the repository that mounts no socket", async () => {
    const findings = await findingsOf("elixir/check-origin-disabled", {
      "mix.exs": MIX,
      "lib/a_web/metrics_endpoint.ex":
        "defmodule AWeb.MetricsEndpoint do\n  use Phoenix.Endpoint, otp_app: :a\n  plug AWeb.PrometheusExporter\nend\n",
      "config/prod.exs": "import Config\nconfig :a, AWeb.MetricsEndpoint, check_origin: false\n",
    });
    expect(findings).toEqual([]);
  });
});
