import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const RULE = "generic/unused-export";

describe(RULE, () => {
  it("fires once per TS module, listing the exports no file imports", async () => {
    const findings = await findingsOf(RULE, {
      "package.json": JSON.stringify({ name: "shop", main: "src/index.ts" }),
      "src/index.ts": 'import { price } from "./format";\nconsole.log(price(1));\n',
      "src/format.ts":
        "export function price(n: number) {\n  return n;\n}\nexport function legacy(n: number) {\n  return n;\n}\nexport const OLD = 1;\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`)).toEqual([
      "src/format.ts:4 low",
    ]);
    expect(findings[0]?.message).toContain("`legacy` (line 4), `OLD` (line 7)");
  });

  it("stays silent on exports used through re-exports, export *, namespaces, import(), path aliases and entry files", async () => {
    const findings = await findingsOf(RULE, {
      "package.json": JSON.stringify({
        name: "shop",
        main: "src/index.ts",
        exports: { "./api": "./src/api.ts" },
      }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@/*": ["src/*"] } } }),
      "src/index.ts":
        'import { a, b } from "./barrel";\nimport * as ns from "./ns";\nimport { viaAlias } from "@/alias";\nconst lazy = () => import("./lazy");\nconsole.log(a, b, ns, viaAlias, lazy);\n',
      "src/barrel.ts": 'export { a } from "./a";\nexport * from "./star";\n',
      "src/a.ts": "export const a = 1;\n",
      "src/star.ts": "export const b = 2;\n",
      "src/ns.ts": "export const n1 = 1;\nexport const n2 = 2;\n",
      "src/lazy.ts": "export const l = 1;\n",
      "src/alias.ts": "export const viaAlias = 1;\n",
      "src/api.ts": "export const publicApi = 1;\n",
      "src/types.d.ts": "export interface Shape { x: number }\n",
      "app/orders/page.tsx":
        "export const metadata = {};\nexport default function Page() {\n  return null;\n}\n",
      "next.config.js": "module.exports = {};\n",
    });
    expect(findings).toEqual([]);
  });

  it("fires on a Python application's public functions nothing names", async () => {
    const findings = await findingsOf(RULE, {
      "manage.py": "import sys\n",
      "shop/__init__.py": "",
      "shop/pricing.py":
        '__all__ = ["price", "legacy_price"]\n\ndef price(cents):\n    return cents / 100\n\n\ndef legacy_price(cents):\n    return cents / 10\n',
      "shop/views.py": "from shop.pricing import price\n\n\ndef show(request):\n    return price(1)\n",
      "shop/urls.py": "from shop import views\nurlpatterns = [views.show]\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`)).toEqual([
      "shop/pricing.py:7 low",
    ]);
    expect(findings[0]?.message).toContain("`legacy_price`");
  });

  it("stays silent on registered, string-named, looked-up and library Python functions", async () => {
    const app = await findingsOf(RULE, {
      Dockerfile: 'CMD ["gunicorn", "shop.wsgi"]\n',
      "shop/__init__.py": "",
      "shop/routes.py":
        "from flask import Flask\napp = Flask(__name__)\n\n\n@app.route('/')\ndef home():\n    return 'ok'\n",
      "shop/context.py": "def cart_total(request):\n    return {}\n",
      "shop/settings.py": 'PROCESSORS = ["shop.context.cart_total"]\n',
      "shop/handlers.py": "def on_paid(event):\n    return event\n",
      "shop/dispatch.py":
        "from shop import handlers\n\n\ndef dispatch(kind, event):\n    return getattr(handlers, kind)(event)\n",
      "shop/jobs.py":
        "from shop.dispatch import dispatch\nfrom shop.loader import load_plugin\nprint(dispatch, load_plugin)\n",
      "shop/loader.py":
        'import importlib\n\n\ndef load_plugin(name):\n    return importlib.import_module(f"shop.plugins.{name}").export_rows\n',
      "shop/plugins/__init__.py": "",
      "shop/plugins/csv.py":
        "def export_rows(rows):\n    return rows\n\n\ndef export_header(rows):\n    return rows\n",
    });
    expect(app).toEqual([]);
    const library = await findingsOf(RULE, {
      "pyproject.toml": '[project]\nname = "pricing"\n',
      "pricing/__init__.py": "",
      "pricing/money.py": "def to_cents(value):\n    return int(value * 100)\n",
    });
    expect(library).toEqual([]);
  });

  it("fires on an Elixir application's public functions no file names", async () => {
    const findings = await findingsOf(RULE, {
      "mix.exs": "defmodule App.MixProject do\n  def project, do: [app: :app]\nend\n",
      "lib/app/pricing.ex":
        "defmodule App.Pricing do\n  def price(cents, opts \\\\ []), do: cents / 100\n\n  def legacy_price(cents), do: cents / 10\nend\n",
      "lib/app/cart.ex":
        "defmodule App.Cart do\n  alias App.Pricing\n  def total(c), do: Pricing.price(c)\nend\n",
      "lib/app/worker.ex": "defmodule App.Worker do\n  def go, do: App.Cart.total(1)\nend\n",
      "config/config.exs": "import Config\nconfig :app, App.Worker, go: true\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`)).toEqual([
      "lib/app/pricing.ex:4 low",
    ]);
    expect(findings[0]?.message).toContain("`legacy_price/1`");
  });

  it("stays silent on Elixir callbacks, router actions, captures, dynamic calls and libraries", async () => {
    const app = await findingsOf(RULE, {
      "mix.exs": "defmodule App.MixProject do\n  def project, do: [app: :app]\nend\n",
      "lib/app/server.ex":
        "defmodule App.Server do\n  use GenServer\n  @impl true\n  def handle_cast(m, s), do: {:noreply, s}\n  def handle_info(m, s), do: {:noreply, s}\n  def child_spec(a), do: a\nend\n",
      "lib/app_web/router.ex":
        'defmodule AppWeb.Router do\n  scope "/", AppWeb do\n    get "/", PageController, :home\n  end\nend\n',
      "lib/app_web/page_controller.ex":
        "defmodule AppWeb.PageController do\n  def home(conn, _), do: conn\nend\n",
      "lib/app/hooks.ex": "defmodule App.Hooks do\n  def on_event(e), do: e\nend\n",
      // ExMachina's __using__ calls `<name>_factory/0` for `insert(:name)`.
      "lib/app/factory.ex":
        "defmodule App.Factory do\n  use ExMachina.Ecto, repo: App.Repo\n  def order_factory, do: %{}\nend\n",
      // Sentry calls the callbacks of its own behaviour.
      "lib/app/sentry_filter.ex":
        "defmodule App.SentryFilter do\n  @behaviour Sentry.EventFilter\n  def exclude_exception?(_, _), do: false\nend\n",
      // Phoenix calls an error view's template_not_found/2 itself.
      "lib/app_web/views/error_view.ex":
        "defmodule AppWeb.ErrorView do\n  use AppWeb, :view\n  def template_not_found(t, _), do: t\nend\n",
      "lib/app/bus.ex":
        "defmodule App.Bus do\n  def run(f), do: f.(1)\n  def go, do: run(&App.Hooks.on_event/1)\nend\n",
      "lib/app/plugins.ex": "defmodule App.Plugins do\n  def csv(x), do: x\nend\n",
      "lib/app/loader.ex":
        "defmodule App.Loader do\n  def load(name), do: apply(App.Plugins, String.to_atom(name), [1])\nend\n",
      "config/config.exs":
        "import Config\nconfig :app, start: {App.Bus, :go, []}, loader: &App.Loader.load/1\n",
    });
    expect(app.map((f) => f.message)).toEqual([]);
    const library = await findingsOf(RULE, {
      "mix.exs":
        'defmodule Lib.MixProject do\n  def project, do: [app: :lib, package: package()]\n  defp package, do: [licenses: ["MIT"]]\nend\n',
      "lib/lib/money.ex": "defmodule Lib.Money do\n  def to_cents(v), do: v * 100\nend\n",
    });
    expect(library).toEqual([]);
  });
});
