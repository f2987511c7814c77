import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("generic/unused-module", () => {
  it("fires on a module no other file names", async () => {
    const findings = await findingsOf("generic/unused-module", {
      "lib/app/legacy_importer.ex": "defmodule App.LegacyImporter do\n  def run(p), do: File.read!(p)\nend\n",
      "lib/app/accounts.ex": "defmodule App.Accounts do\n  def list, do: []\nend\n",
      "lib/app/agent.ex":
        "defmodule App.Agent do\n  alias App.Accounts\n  def run, do: Accounts.list()\nend\n",
      "config/config.exs": "import Config\nconfig :app, App.Agent, enabled: true\n",
    });
    expect(findings.map((f) => `${f.location?.path} ${f.confidence}`)).toEqual([
      "lib/app/legacy_importer.ex heuristic",
    ]);
  });

  it("stays silent on routed, conventional and entry-point modules", async () => {
    const findings = await findingsOf("generic/unused-module", {
      "lib/app_web/router.ex":
        'defmodule AppWeb.Router do\n  scope "/", AppWeb do\n    get "/", PageController, :index\n  end\nend\n',
      "lib/app_web/page_controller.ex": "defmodule AppWeb.PageController do\n  def index(c, _), do: c\nend\n",
      "lib/app_web/page_html.ex": "defmodule AppWeb.PageHTML do\n  def index(a), do: a\nend\n",
      "lib/app_web/endpoint.ex": "defmodule AppWeb.Endpoint do\n  plug AppWeb.Router\nend\n",
      "lib/mix/tasks/app.seed.ex": "defmodule Mix.Tasks.App.Seed do\n  def run(_), do: :ok\nend\n",
      "mix.exs": "defmodule App.MixProject do\n  def application, do: [mod: {AppWeb.Endpoint, []}]\nend\n",
    });
    expect(findings).toEqual([]);
  });
});
