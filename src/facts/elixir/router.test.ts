import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";
import { enforcesAuthByName } from "./auth.js";
import elixirPack from "./index.js";

const MIX = "defmodule Shop.MixProject do\n  def project, do: [app: :shop]\nend\n";

const ROUTER = `defmodule ShopWeb.Router do
  use ShopWeb, :router
  import ShopWeb.UserAuth
  alias ShopWeb.Plugs

  pipeline :browser do
    plug :accepts, ["html"]
    plug :fetch_session
    plug :fetch_current_user
  end

  pipeline :api do
    plug Plugs.LoadAccount
  end

  pipeline :api_auth do
    plug ShopWeb.AuthPipeline
  end

  scope "/", ShopWeb do
    pipe_through :browser
    get "/", PageController, :index
    post "/users/log_in", UserSessionController, :create

    scope "/account", Account do
      pipe_through :require_authenticated_user
      resources "/orders", OrderController, only: [:index, :delete]
      resources "/profile", ProfileController, singleton: true, except: [:new, :create]
    end

    live_session :authenticated, on_mount: [{ShopWeb.UserAuth, :ensure_authenticated}] do
      live "/cart", CartLive, :index
    end

    live_session :current_user, on_mount: [{ShopWeb.UserAuth, :mount_current_user}] do
      live "/catalog", CatalogLive
    end

    delete "/items/:id", ItemController, :delete
  end

  scope "/api", ShopWeb.API do
    pipe_through [:api, :api_auth]
    post "/orders", OrderController, :create
  end

  scope "/public-api", ShopWeb.API do
    pipe_through :api
    post "/orders/quote", OrderController, :quote
  end

  if Application.compile_env(:shop, :dev_routes) do
    scope "/dev" do
      pipe_through :browser
      live_dashboard "/dashboard"
    end
  end

  if Mix.env() == :prod do
    get "/robots.txt", PageController, :robots
  else
    forward "/mailbox", Plug.Swoosh.MailboxPreview
  end
end
`;

const USER_AUTH = `defmodule ShopWeb.UserAuth do
  import Plug.Conn

  def fetch_current_user(conn, _opts), do: assign(conn, :current_user, nil)

  def require_authenticated_user(conn, _opts) do
    if conn.assigns[:current_user], do: conn, else: conn |> redirect(to: "/") |> halt()
  end

  def on_mount(:mount_current_user, _params, _session, socket), do: {:cont, socket}

  def on_mount(:ensure_authenticated, _params, _session, socket) do
    if socket.assigns.current_user, do: {:cont, socket}, else: {:halt, socket}
  end
end
`;

const PLUGS = `defmodule ShopWeb.Plugs.LoadAccount do
  import Plug.Conn
  def init(opts), do: opts
  def call(conn, _opts), do: assign(conn, :account, nil)
end

defmodule ShopWeb.AuthPipeline do
  use Guardian.Plug.Pipeline, otp_app: :shop
  plug Guardian.Plug.VerifyHeader
  plug Guardian.Plug.EnsureAuthenticated
  plug Guardian.Plug.LoadResource
end
`;

const ITEM_CONTROLLER = `defmodule ShopWeb.ItemController do
  use ShopWeb, :controller
  import ShopWeb.UserAuth
  plug :require_authenticated_user when action in [:delete]

  def delete(conn, _params), do: conn
end
`;

describe("elixir router facts", () => {
  it("reads pipelines, scopes, live sessions and routes with the auth that guards each", async () => {
    const { facts } = await analyseFiles({
      "mix.exs": MIX,
      "lib/shop_web/router.ex": ROUTER,
      "lib/shop_web/user_auth.ex": USER_AUTH,
      "lib/shop_web/plugs.ex": PLUGS,
      "lib/shop_web/controllers/item_controller.ex": ITEM_CONTROLLER,
    });
    const [router] = facts.elixir.routers;
    expect(router).toMatchObject({
      module: "ShopWeb.Router",
      path: "lib/shop_web/router.ex",
      enforcesAuth: true,
    });
    expect(router!.imports).toEqual(["ShopWeb.UserAuth"]);
    expect(router!.pipelines.map((p) => `${p.name}:${p.auth?.by ?? "-"}`)).toEqual([
      "browser:-",
      "api:-",
      "api_auth:ShopWeb.AuthPipeline",
    ]);
    expect(router!.pipelines[1]!.plugs).toEqual([
      { name: "ShopWeb.Plugs.LoadAccount", line: 13, option: null },
    ]);
    expect(router!.scopes.map((s) => `${s.path}|${s.alias}|${s.pipeThrough.join(",")}|${s.devOnly}`)).toEqual(
      [
        "/|ShopWeb|browser|false",
        "/account|ShopWeb.Account|browser,require_authenticated_user|false",
        "/api|ShopWeb.API|api,api_auth|false",
        "/public-api|ShopWeb.API|api|false",
        "/dev|null|browser|true",
      ],
    );
    expect(router!.liveSessions.map((s) => `${s.name}:${s.onMount.map((h) => h.hook).join(",")}`)).toEqual([
      "authenticated:ensure_authenticated",
      "current_user:mount_current_user",
    ]);
    const routes = router!.routes.map(
      (r) =>
        `${r.line} ${r.verb} ${r.path} ${r.module ?? "-"}:${r.action ?? "-"} ${r.devOnly ? "dev " : ""}auth=${r.auth?.by ?? "-"} module=${r.moduleAuth?.by ?? "-"}`,
    );
    expect(routes).toEqual([
      "22 get / ShopWeb.PageController:index auth=- module=-",
      "23 post /users/log_in ShopWeb.UserSessionController:create auth=- module=-",
      "27 get /account/orders ShopWeb.Account.OrderController:index auth=:require_authenticated_user module=-",
      "27 delete /account/orders/:id ShopWeb.Account.OrderController:delete auth=:require_authenticated_user module=-",
      "28 get /account/profile ShopWeb.Account.ProfileController:show auth=:require_authenticated_user module=-",
      "28 get /account/profile/edit ShopWeb.Account.ProfileController:edit auth=:require_authenticated_user module=-",
      "28 patch /account/profile ShopWeb.Account.ProfileController:update auth=:require_authenticated_user module=-",
      "28 delete /account/profile ShopWeb.Account.ProfileController:delete auth=:require_authenticated_user module=-",
      "32 live /cart ShopWeb.CartLive:index auth={ShopWeb.UserAuth, :ensure_authenticated} module=-",
      "36 live /catalog ShopWeb.CatalogLive:- auth=- module=-",
      "39 delete /items/:id ShopWeb.ItemController:delete auth=- module=:require_authenticated_user",
      "44 post /api/orders ShopWeb.API.OrderController:create auth=ShopWeb.AuthPipeline module=-",
      "49 post /public-api/orders/quote ShopWeb.API.OrderController:quote auth=- module=-",
      "55 live_dashboard /dev/dashboard -:- dev auth=- module=-",
      "60 get /robots.txt PageController:robots auth=- module=-",
      "62 forward /mailbox Plug.Swoosh.MailboxPreview:- dev auth=- module=-",
    ]);
    expect(router!.routes[2]!.auth).toMatchObject({ via: "plug", line: 25 });
    expect(router!.routes[8]!.auth).toMatchObject({ via: "on_mount", line: 31 });

    const described = elixirPack.describe?.(facts) ?? [];
    expect(described.find((entry) => entry.label === "Router ShopWeb.Router")).toEqual({
      area: "web",
      label: "Router ShopWeb.Router",
      value:
        "5 scopes, 16 routes (resources expanded), 8 behind authentication (:require_authenticated_user, on_mount {ShopWeb.UserAuth, :ensure_authenticated}, pipeline :api_auth), 2 dev-only",
      location: { path: "lib/shop_web/router.ex", startLine: 1, endLine: 1 },
    });
    expect(described.find((entry) => entry.label === "Router pipeline :api_auth")?.value).toBe(
      "ShopWeb.AuthPipeline; authenticates with ShopWeb.AuthPipeline",
    );
  });

  it("takes a plug that never halts for a loader whatever its name", async () => {
    const { facts } = await analyseFiles({
      "mix.exs": MIX,
      "lib/shop_web/router.ex": `defmodule ShopWeb.Router do
  use Phoenix.Router
  pipeline :browser do
    plug ShopWeb.Plug.Authenticate
  end
  scope "/", ShopWeb do
    pipe_through :browser
    get "/", PageController, :index
  end
end
`,
      "lib/shop_web/plug/authenticate.ex": `defmodule ShopWeb.Plug.Authenticate do
  import Plug.Conn
  def init(opts), do: opts
  def call(conn, _opts), do: assign(conn, :current_user, get_session(conn, "id"))
end
`,
    });
    expect(facts.elixir.routers[0]).toMatchObject({ enforcesAuth: false });
    expect(facts.elixir.routers[0]!.pipelines[0]!.auth).toBeNull();
  });

  it("takes a plug named for its subject whose code always can halt as enforcing, and not a loader or a plug that passes", async () => {
    const { facts } = await analyseFiles({
      "mix.exs": MIX,
      "lib/shop_web/router.ex": `defmodule ShopWeb.Router do
  use Phoenix.Router
  pipeline :browser_session do
    plug :fetch_session
    plug :get_current_user
  end
  pipeline :browser_login do
    plug :force_current_user
  end
  pipeline :browser_admin do
    plug :force_current_user_admin
  end
  pipeline :tracking do
    plug :track_user
  end
  scope "/admin", ShopWeb do
    pipe_through [:browser_session, :browser_admin]
    post "/settings", SettingsController, :update
  end
  defp get_current_user(conn, _) do
    if conn.assigns[:user], do: conn, else: halt(conn)
  end
  defp force_current_user(conn, _) do
    if is_nil(conn.assigns[:user]) do
      conn |> Phoenix.Controller.redirect(to: "/auth") |> halt
    else
      conn
    end
  end
  defp force_current_user_admin(conn, _) do
    case conn do
      %{assigns: %{user: %{is_admin: true}}} -> conn
      _ -> conn |> Plug.Conn.send_resp(403, "Not allowed.") |> halt
    end
  end
  defp track_user(conn, _), do: Plug.Conn.assign(conn, :tracked, true)
end
`,
    });
    const router = facts.elixir.routers[0]!;
    expect(router.pipelines.map((p) => `${p.name}:${p.auth?.by ?? "-"}`)).toEqual([
      "browser_session:-",
      "browser_login::force_current_user",
      "browser_admin::force_current_user_admin",
      "tracking:-",
    ]);
    expect(router.routes[0]!.auth).toMatchObject({ via: "pipeline", pipeline: "browser_admin" });
  });

  it("reads a dispatching plug module's atom option, and pipelines that plug other pipelines", async () => {
    const { facts } = await analyseFiles({
      "mix.exs": MIX,
      "lib/shop_web/router.ex": `defmodule ShopWeb.Router do
  use Phoenix.Router
  pipeline :browser do
    plug ShopWeb.Plugs.Auth, :fetch_current_user
  end
  pipeline :require_auth do
    plug ShopWeb.Plugs.Auth, :require_authenticated
  end
  pipeline :admin do
    plug :require_auth
    plug :put_layout, html: {ShopWeb.Layouts, :admin}
  end
end
`,
    });
    expect(
      facts.elixir.routers[0]!.pipelines.map((p) => `${p.name}:${p.auth?.pipeline}:${p.auth?.by}`),
    ).toEqual([
      "browser:undefined:undefined",
      "require_auth:require_auth:ShopWeb.Plugs.Auth, :require_authenticated",
      "admin:require_auth:ShopWeb.Plugs.Auth, :require_authenticated",
    ]);
  });

  it("classifies plug and hook names", () => {
    const enforcing = [
      ":require_authenticated_user",
      ":require_admin",
      ":requires_login",
      ":ensure_user_enabled",
      ":authenticate_api_user",
      ":auth",
      ":admin_basic_auth",
      ":require_sudo_mode",
      "Guardian.Plug.EnsureAuthenticated",
      "Pow.Plug.RequireAuthenticated",
      "Plug.BasicAuth",
      "MyAppWeb.Plugs.DashboardAuth",
      "MyAppWeb.APIAuthPlug",
      "MyAppWeb.AdminOnly",
      "ensure_authenticated",
      "require_authenticated",
      "LivebookWeb.AuthHook",
    ];
    const notEnforcing = [
      ":fetch_current_user",
      ":fetch_current_scope_for_user",
      ":redirect_if_user_is_authenticated",
      "Guardian.Plug.VerifySession",
      "Guardian.Plug.VerifyHeader",
      "Guardian.Plug.LoadResource",
      "Guardian.Plug.EnsureNotAuthenticated",
      "KeilaWeb.AuthSession.RequireNoAuthPlug",
      ":protect_from_forgery",
      ":put_secure_browser_headers",
      ":maybe_store_user_return_to",
      "mount_current_user",
      "mount_current_scope",
      "current_user",
      ":login",
    ];
    expect(enforcing.filter((name) => !enforcesAuthByName(name))).toEqual([]);
    expect(notEnforcing.filter((name) => enforcesAuthByName(name))).toEqual([]);
  });
});
