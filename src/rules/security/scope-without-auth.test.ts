import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const RULE = "elixir/scope-without-auth";
const MIX = "defmodule Shop.MixProject do\n  def project, do: [app: :shop]\nend\n";

/** A phx.gen.auth-style router: the given body inside the module, after the usual pipelines. */
function router(body: string): Record<string, string> {
  return {
    "mix.exs": MIX,
    "lib/shop_web/router.ex": `defmodule ShopWeb.Router do
  use ShopWeb, :router
  import ShopWeb.UserAuth
  import Phoenix.LiveDashboard.Router

  pipeline :browser do
    plug :accepts, ["html"]
    plug :fetch_session
    plug :fetch_current_user
  end

  pipeline :admin do
    plug :require_authenticated_user
    plug :require_admin
  end
${body}
end
`,
  };
}

const at = (findings: Awaited<ReturnType<typeof findingsOf>>) =>
  findings.map((f) => `${f.severity} ${f.location?.path}:${f.location?.startLine}`);

describe(RULE, () => {
  it("fires on a state-changing action reachable without the auth its sibling action requires", async () => {
    const findings = await findingsOf(
      RULE,
      router(`
  scope "/", ShopWeb do
    pipe_through [:browser, :require_authenticated_user]
    get "/orders/:id/edit", OrderController, :edit
  end

  live_session :authenticated, on_mount: [{ShopWeb.UserAuth, :ensure_authenticated}] do
    scope "/", ShopWeb do
      pipe_through :browser
      live "/settings", SettingsLive, :edit
    end
  end

  scope "/", ShopWeb do
    pipe_through :browser
    get "/", PageController, :index
    delete "/orders/:id", OrderController, :delete
    resources "/orders", OrderController, only: [:show, :update]
    live "/settings/preview", SettingsLive, :preview
  end
`),
    );
    expect(at(findings)).toEqual(["medium lib/shop_web/router.ex:32", "medium lib/shop_web/router.ex:34"]);
    expect(findings[0]!.message).toBe(
      "OrderController :delete, :update (DELETE /orders/:id, PATCH /orders/:id) are reachable without authentication while GET /orders/:id/edit (OrderController :edit) at line 19 requires :require_authenticated_user (piped through)",
    );
    expect(findings[1]!.message).toContain(
      "SettingsLive :preview (LIVE /settings/preview) is reachable without authentication while LIVE /settings (SettingsLive :edit) at line 25 requires on_mount {ShopWeb.UserAuth, :ensure_authenticated}",
    );
  });

  it("skips actions written for anonymous callers and lowers their controller's other unguarded writes", async () => {
    const routes = router(`
  pipeline :api do
    plug :accepts, ["json"]
  end

  scope "/api", ShopWeb do
    pipe_through [:api, :require_authenticated_user]
    get "/conversations", ConversationController, :index
    get "/customers", CustomerController, :index
    get "/settings", WidgetController, :show
    get "/orders", OrderController, :index
  end

  scope "/api", ShopWeb do
    pipe_through :api
    post "/conversations", ConversationController, :create
    post "/customers", CustomerController, :create
    put "/customers/:id/metadata", CustomerController, :update_metadata
    put "/settings/metadata", WidgetController, :update_metadata
    post "/orders", OrderController, :create
  end
`);
    const controller = (name: string, body: string): string =>
      `defmodule ShopWeb.${name} do\n  use ShopWeb, :controller\n${body}\nend\n`;
    const findings = await findingsOf(RULE, {
      ...routes,
      // A clause for a signed-in user beside one for anonymous visitors.
      "lib/shop_web/controllers/conversation_controller.ex": controller(
        "ConversationController",
        `  def index(conn, _params), do: json(conn, [])
  def create(%{assigns: %{current_user: %{account_id: account_id}}} = conn, %{"conversation" => params}) do
    json(conn, Conversations.create(Map.put(params, "account_id", account_id)))
  end
  def create(conn, %{"conversation" => params}), do: json(conn, Conversations.create(params))`,
      ),
      // A case on the current user with a branch for none; update_metadata has no such sign.
      "lib/shop_web/controllers/customer_controller.ex": controller(
        "CustomerController",
        `  def index(conn, _params), do: json(conn, [])
  def create(conn, %{"customer" => params}) do
    account_id =
      case Pow.Plug.current_user(conn) do
        %{account_id: account_id} -> account_id
        _ -> nil
      end
    json(conn, Customers.create(Map.put(params, "account_id", account_id)))
  end
  def update_metadata(conn, %{"id" => id, "metadata" => metadata}) do
    json(conn, Customers.update_metadata(id, metadata))
  end`,
      ),
      // The account the widget acts for comes in the request.
      "lib/shop_web/controllers/widget_controller.ex": controller(
        "WidgetController",
        `  def show(conn, _params), do: json(conn, %{})
  def update_metadata(conn, %{"account_id" => account_id, "metadata" => metadata}) do
    json(conn, Widgets.update_metadata(account_id, metadata))
  end`,
      ),
      // Near miss: an ordinary write that reads the user it expects.
      "lib/shop_web/controllers/order_controller.ex": controller(
        "OrderController",
        `  def index(conn, _params), do: json(conn, [])
  def create(conn, %{"order" => params}) do
    json(conn, Orders.create(conn.assigns.current_user, params))
  end`,
      ),
    });
    expect(findings.map((f) => `${f.severity} ${f.message.split(" (")[0]}`)).toEqual([
      "low CustomerController :update_metadata",
      "medium OrderController :create",
    ]);
    expect(findings[0]!.message).toContain("the controller serves anonymous callers on purpose (:create");
  });

  it("takes a controller's own plug that verifies the caller and halts for auth, not one that never halts", async () => {
    const routes = router(`
  scope "/admin/api", ShopWeb do
    pipe_through :browser
    post "/support-session/start", SupportSessionController, :start
  end

  scope "/", ShopWeb do
    pipe_through [:browser, :require_authenticated_user]
    get "/orders", OrderController, :index
  end
`);
    const controller = (halts: boolean): string =>
      [
        "defmodule ShopWeb.SupportSessionController do",
        "  use ShopWeb, :controller",
        "  plug :verify_account_is_site_admin",
        "",
        '  def start(conn, %{"company_id" => id}), do: json(conn, %{id: id})',
        "",
        "  defp verify_account_is_site_admin(conn, _opts) do",
        "    if conn.assigns.current_account.site_admin do",
        "      conn",
        "    else",
        `      ${halts ? "conn |> put_status(403) |> halt()" : "conn"}`,
        "    end",
        "  end",
        "end",
        "",
      ].join("\n");
    const path = "lib/shop_web/controllers/support_session_controller.ex";
    expect(await findingsOf(RULE, { ...routes, [path]: controller(true) })).toEqual([]);
    expect(at(await findingsOf(RULE, { ...routes, [path]: controller(false) }))).toEqual([
      "high lib/shop_web/router.ex:19",
    ]);
  });

  it("fires high on a dashboard or admin scope mounted without auth outside dev-only blocks", async () => {
    const findings = await findingsOf(
      RULE,
      router(`
  scope "/", ShopWeb do
    pipe_through :browser
    live_dashboard "/dashboard", metrics: ShopWeb.Telemetry
    oban_dashboard "/oban"
  end

  scope "/admin", ShopWeb.Admin do
    pipe_through :browser
    get "/log_in", SessionController, :new
    resources "/users", UserController
  end

  scope "/staff", ShopWeb.Staff do
    pipe_through [:browser, :admin]
    get "/", DashboardController, :index
  end
`),
    );
    expect(at(findings)).toEqual([
      "high lib/shop_web/router.ex:19",
      "high lib/shop_web/router.ex:20",
      "high lib/shop_web/router.ex:26",
    ]);
    expect(findings[0]!.message).toContain(
      "live_dashboard /dashboard is mounted without authentication and outside a dev-only block",
    );
    expect(findings[2]!.message).toContain("GET /admin/users (Admin.UserController :index) and 6 more");
  });

  it("reads a project helper or the app's :env setting asking for the dev environment as a dev-only block", async () => {
    const findings = await findingsOf(
      RULE,
      router(`
  if Shop.is_env?(:dev) do
    scope "/dev" do
      pipe_through [:browser]
      forward "/mailbox", Plug.Swoosh.MailboxPreview, base_path: "/dev/mailbox"
    end
  end

  if Application.get_env(:shop, :env) in [:dev, :test] do
    scope "/tools" do
      pipe_through :browser
      live_dashboard "/dashboard"
    end
  end

  if Shop.is_env?(:prod) do
    scope "/ops" do
      pipe_through :browser
      live_dashboard "/ops-dashboard"
    end
  end
`),
    );
    expect(at(findings)).toEqual(["high lib/shop_web/router.ex:34"]);
  });

  it("reads the auth pipeline piped in the production branch of a Mix.env() conditional, not one piped only in dev", async () => {
    const guarded = await findingsOf(
      RULE,
      router(`
  scope "/" do
    if Mix.env() in [:dev, :test] do
      pipe_through([:browser])
    else
      pipe_through([:browser, :admin])
    end

    live_dashboard("/dashboard", metrics: ShopWeb.Telemetry)
  end
`),
    );
    expect(guarded).toEqual([]);
    const devOnlyAuth = await findingsOf(
      RULE,
      router(`
  scope "/" do
    if Mix.env() == :prod do
      pipe_through([:browser])
    else
      pipe_through([:browser, :admin])
    end

    live_dashboard("/dashboard", metrics: ShopWeb.Telemetry)
  end
`),
    );
    expect(at(devOnlyAuth)).toEqual(["high lib/shop_web/router.ex:24"]);
  });

  it("leaves an /admin action that checks a shared-secret header itself; the same action without the check fires high", async () => {
    const controller = (check: string) => `defmodule ShopWeb.AdminController do
  use ShopWeb, :controller

  def shutdown_node(conn, params) do
    provided = conn |> get_req_header("x-shutdown-code") |> List.first()

    if ${check} do
      Shop.Admin.shutdown(params["node"])
      json(conn, %{ok: true})
    else
      conn |> put_status(:unauthorized) |> json(%{error: "unauthorized"})
    end
  end
end
`;
    const files = (check: string) => ({
      ...router(`
  scope "/staff", ShopWeb do
    pipe_through [:browser, :admin]
    get "/", DashboardController, :index
  end

  scope "/admin", ShopWeb do
    pipe_through :browser
    put "/shutdown", AdminController, :shutdown_node
  end
`),
      "lib/shop_web/controllers/admin_controller.ex": controller(check),
    });
    expect(at(await findingsOf(RULE, files("valid_shutdown_code?(provided)")))).toEqual([]);
    expect(at(await findingsOf(RULE, files("provided != nil")))).toEqual(["high lib/shop_web/router.ex:24"]);
  });

  it("takes a router function plug that checks a shared-secret header and halts as auth; one that only reads it does not count", async () => {
    const files = (check: string) =>
      router(`
  pipeline :operator_key do
    plug :check_operator_key
  end

  scope "/backoffice", ShopWeb.Backoffice do
    pipe_through [:browser, :admin]
    get "/", PageController, :index
  end

  scope "/backoffice", ShopWeb.Backoffice do
    pipe_through :operator_key
    post "/clear_cache", PageController, :clear_cache
  end

  defp check_operator_key(%Plug.Conn{} = conn, _) do
    key =
      case Plug.Conn.get_req_header(conn, "x-key") do
        [value] -> value
        _ -> ""
      end

    expected = Application.fetch_env!(:shop, :operator_key)

    if ${check} do
      conn
    else
      conn |> put_status(401) |> text("Unauthorized") |> halt()
    end
  end
`);
    expect(at(await findingsOf(RULE, files("Plug.Crypto.secure_compare(key, expected)")))).toEqual([]);
    expect(at(await findingsOf(RULE, files('key != ""')))).toEqual(["medium lib/shop_web/router.ex:28"]);
  });

  it("stays silent on public auth routes, dev-only tools, guarded live sessions, nested scopes, controller plugs and mount checks", async () => {
    const findings = await findingsOf(RULE, {
      ...router(`
  scope "/", ShopWeb do
    pipe_through [:browser, :redirect_if_user_is_authenticated]
    get "/users/register", UserRegistrationController, :new
    post "/users/register", UserRegistrationController, :create
    post "/users/log_in", UserSessionController, :create
    post "/users/reset_password", UserResetPasswordController, :create
  end

  scope "/", ShopWeb do
    pipe_through [:browser, :require_authenticated_user]
    put "/users/settings", UserSettingsController, :update
    post "/users/update-password", UserSessionController, :update_password
    get "/users/confirm/:token", UserConfirmationController, :edit

    scope "/orders" do
      delete "/:id", OrderController, :delete
    end
  end

  scope "/", ShopWeb do
    pipe_through :browser
    get "/", PageController, :index
    delete "/users/log_out", UserSessionController, :delete
    post "/users/confirm", UserConfirmationController, :create
    post "/webhooks/stripe", OrderController, :webhook
    post "/slack/actions", OrderController, :slack_action
    post "/api/users", UserController, :create
    delete "/items/:id", ItemController, :delete
    live_session :authenticated, on_mount: [{ShopWeb.UserAuth, :ensure_authenticated}] do
      live "/account", AccountLive, :index
    end
  end

  scope "/", ShopWeb do
    pipe_through [:browser, :require_authenticated_user]
    get "/items", ItemController, :index
    delete "/api/users/me", UserController, :delete
    live "/account/edit", AccountLive, :edit
  end

  scope "/admin", ShopWeb.Admin do
    pipe_through [:browser, :admin]
    resources "/users", UserController
    live_dashboard "/dashboard"
  end

  if Application.compile_env(:shop, :dev_routes) do
    scope "/dev" do
      pipe_through :browser
      live_dashboard "/dashboard"
      forward "/mailbox", Plug.Swoosh.MailboxPreview
    end
  end

  scope "/admin", ShopWeb.Admin do
    pipe_through :browser
    live "/reports", ReportsLive, :index
  end

  scope "/ops" do
    pipe_through :browser
    ash_admin "/admin", AshAuthentication.Phoenix.LiveSession.opts(on_mount: [{ShopWeb.LiveUserAuth, :live_admin_required}])
    oban_dashboard "/oban", on_mount: @admin_hooks
  end

  if Mix.env() in [:dev, :test] do
    scope "/admin-tools", ShopWeb do
      pipe_through :browser
      delete "/orders/:id", OrderController, :delete
    end
  end
`),
      "lib/shop_web/live/admin/reports_live.ex": `defmodule ShopWeb.Admin.ReportsLive do
  use ShopWeb, :live_view
  def mount(_params, _session, socket) do
    if socket.assigns.current_user.admin?, do: {:ok, socket}, else: {:ok, redirect(socket, to: "/")}
  end
end
`,
      "lib/shop_web/controllers/item_controller.ex": `defmodule ShopWeb.ItemController do
  use ShopWeb, :controller
  plug :require_authenticated_user when action not in [:index]
  def index(conn, _), do: conn
  def delete(conn, _), do: conn
end
`,
    });
    expect(findings).toEqual([]);
  });

  it("is not applicable to a router without any auth pipeline or hook", async () => {
    const files = {
      "mix.exs": MIX,
      "lib/shop_web/router.ex": `defmodule ShopWeb.Router do
  use Phoenix.Router
  pipeline :browser do
    plug :fetch_session
  end
  scope "/", ShopWeb do
    pipe_through :browser
    delete "/orders/:id", OrderController, :delete
    live_dashboard "/dashboard"
  end
end
`,
    };
    expect(await findingsOf(RULE, files)).toEqual([]);
  });
});
