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

  it("fires on a TS file no entry point reaches", async () => {
    const findings = await findingsOf("generic/unused-module", {
      "package.json": JSON.stringify({ name: "shop", main: "src/index.ts" }),
      "src/index.ts": 'import { a } from "./a";\nconsole.log(a);\n',
      "src/a.ts": "export const a = 1;\n",
      "src/old-helper.ts": "export const b = 2;\n",
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity} ${f.confidence}`)).toEqual([
      "src/old-helper.ts low heuristic",
    ]);
  });

  it("stays silent on TS files loaded by a computed import, a glob or a framework route", async () => {
    const findings = await findingsOf("generic/unused-module", {
      "package.json": JSON.stringify({ name: "shop", main: "src/index.ts" }),
      "src/index.ts": "export const load = (name: string) => import(`./plugins/${name}.ts`);\n",
      "src/plugins/csv.ts": "export default 1;\n",
      "src/loaders.ts": 'export const pages = import.meta.glob("./views/*.ts");\n',
      "src/views/home.ts": "export default 2;\n",
      "app/orders/page.tsx": "export default function Page() {\n  return null;\n}\n",
    });
    expect(findings.map((f) => f.location?.path)).toEqual(["src/loaders.ts"]);
  });

  it("stays silent on Expo Router routes and what they import", async () => {
    const findings = await findingsOf("generic/unused-module", {
      "package.json": JSON.stringify({
        name: "mobile",
        main: "expo-router/entry",
        dependencies: { "expo-router": "4" },
      }),
      "app/_layout.tsx":
        'import { Sheet } from "../components/Sheet";\nexport default function Layout() {\n  return Sheet;\n}\n',
      "app/(tabs)/links/[id].tsx": "export default function Link() {\n  return null;\n}\n",
      "components/Sheet.tsx": "export const Sheet = null;\n",
      "lib/theme.ts": "export const theme = {};\n",
      "lib/used.ts": 'import { theme } from "./theme";\nexport const used = theme;\n',
      "index.ts": 'import { used } from "./lib/used";\nconsole.log(used);\n',
    });
    expect(findings).toEqual([]);
  });
});
