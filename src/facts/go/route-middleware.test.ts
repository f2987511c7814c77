import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";
import { parseSource } from "../../parse/grammar-registry.js";
import { analyzeGoTree } from "./go-file.js";
import { routeMiddleware } from "./route-middleware.js";

/** Each route as `METHOD /full/pattern @router [middleware…]`, auth middleware starred. */
function placed(source: string): string[] {
  const tree = parseSource("go", source)?.root();
  if (!tree) throw new Error("no Go grammar");
  const facts = analyzeGoTree(tree);
  return facts.routes.map((route) => {
    const middleware = routeMiddleware(route, facts.routers).map((mw) => `${mw.name}${mw.auth ? "*" : ""}`);
    return `${route.method ?? "ANY"} ${route.fullPattern} @${facts.routers[route.router]!.name} [${middleware.join(", ")}]`;
  });
}

function routersOf(source: string) {
  const tree = parseSource("go", source)?.root();
  if (!tree) throw new Error("no Go grammar");
  return analyzeGoTree(tree).routers;
}

const gin = (body: string): string =>
  `package api\n\nimport "github.com/gin-gonic/gin"\n\nfunc routes(r *gin.Engine) {\n${body}\n}\n`;
const chi = (body: string): string =>
  `package api\n\nimport "github.com/go-chi/chi/v5"\n\nfunc routes() http.Handler {\n${body}\n}\n`;

describe("go route middleware facts", () => {
  it("reads gin handler arguments, groups with middleware, Use on groups and relative paths", () => {
    expect(
      placed(
        gin(
          [
            "\tr.Use(gin.Logger())",
            '\tr.GET("/health", health)',
            '\tapi := r.Group("/api", AuthRequired())',
            '\tapi.GET("/me", me)',
            '\tv1 := r.Group("/v1")',
            '\tv1.GET("orders", AuthRequired(), listOrders)',
            '\tadmin := v1.Group("/admin")',
            "\tadmin.Use(authMiddleware.MiddlewareFunc())",
            '\tadmin.DELETE("", purge)',
            '\tr.Group("/x").Use(requireUser).POST("", x)',
          ].join("\n"),
        ),
      ),
    ).toEqual([
      "GET /health @r [gin.Logger]",
      "GET /api/me @api [AuthRequired*, gin.Logger]",
      "GET /v1/orders @v1 [AuthRequired*, gin.Logger]",
      "DELETE /v1/admin @admin [authMiddleware.MiddlewareFunc*, gin.Logger]",
      'POST /x @r.Group("/x") [requireUser*, gin.Logger]',
    ]);
  });

  it("reads echo middleware after the handler and fiber Use with a path prefix", () => {
    expect(
      placed(
        'package api\n\nimport "github.com/labstack/echo/v4"\n\nfunc routes(e *echo.Echo) {\n' +
          '\te.GET("/x", h, middleware.JWT(key))\n\tg := e.Group("/admin", middleware.BasicAuth(check))\n\tg.GET("/stats", stats)\n}\n',
      ),
    ).toEqual(["GET /x @e [middleware.JWT*]", "GET /admin/stats @g [middleware.BasicAuth*]"]);
    expect(
      placed(
        'package api\n\nimport "github.com/gofiber/fiber/v2"\n\nfunc routes(app *fiber.App) {\n' +
          '\tapp.Use("/api", jwtware.New(cfg))\n\tapp.Get("/api/x", x)\n\tapp.Get("/public", p)\n\tapp.Post("/z", keyauth.New(), z)\n}\n',
      ),
    ).toEqual(["GET /api/x @app [jwtware.New*]", "GET /public @app []", "POST /z @app [keyauth.New*]"]);
  });

  it("reads chi With, Group and Route closures, and Mount of a router built in the same file", () => {
    const source = chi(
      [
        "\tr := chi.NewRouter()",
        "\tr.Use(middleware.Logger)",
        '\tr.With(requireAuth).Get("/orders", orders)',
        "\tr.Group(func(r chi.Router) {",
        "\t\tr.Use(jwtauth.Authenticator)",
        '\t\tr.Get("/me", me)',
        "\t})",
        '\tr.Route("/admin", func(ar chi.Router) {',
        '\t\tar.Get("/stats", stats)',
        "\t})",
        '\tr.Mount("/internal", internalRouter())',
        "\treturn r",
        "}",
        "",
        "func internalRouter() http.Handler {",
        "\tr := chi.NewRouter()",
        "\tr.Use(AdminOnly)",
        '\tr.Get("/", index)',
        "\treturn r",
      ].join("\n"),
    );
    expect(placed(source)).toEqual([
      "GET /orders @r [requireAuth*, middleware.Logger]",
      "GET /me @r.Group(func) [jwtauth.Authenticator*, middleware.Logger]",
      'GET /admin/stats @r.Route("/admin") [middleware.Logger]',
      "ANY /internal @r [middleware.Logger]",
      "GET /internal/ @r [AdminOnly*, middleware.Logger]",
    ]);
    const tree = parseSource("go", source)!.root();
    expect(analyzeGoTree(tree).routes.find((route) => route.via === "r.Mount")?.mounts).toBe(true);
  });

  it("reads net/http wrappers and alice chains, and tells handler factories from middleware", () => {
    expect(
      placed(
        [
          "package main",
          "",
          'import "net/http"',
          "",
          "func main() {",
          "\tmux := http.NewServeMux()",
          '\tmux.Handle("/orders", requireAuth(http.HandlerFunc(orders)))',
          '\tmux.Handle("/export", alice.New(logging, auth.Middleware).Then(exportHandler))',
          "\tprotected := auth.Required(settingsHandler)",
          '\tmux.Handle("/settings", protected)',
          '\tmux.Handle("/users", users.NewHandler(authService))',
          '\tmux.Handle("/stats", admin.Stats(db))',
          '\tmux.HandleFunc("GET /reports", reports)',
          '\tmux.HandleFunc("/campaigns", mid.Use(as.Campaigns, mid.RequireLogin))',
          '\thttp.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("web"))))',
          "}",
        ].join("\n"),
      ),
    ).toEqual([
      "ANY /orders @mux [requireAuth*]",
      "ANY /export @mux [logging, auth.Middleware*]",
      "ANY /settings @mux [auth.Required*]",
      "ANY /users @mux []",
      "ANY /stats @mux [admin.Stats]",
      "GET /reports @mux []",
      "ANY /campaigns @mux [mid.RequireLogin*]",
      "ANY /static/ @http [http.StripPrefix]",
    ]);
  });

  it("reads gorilla subrouters, chained Methods, a router wrapped as a whole and one handed to other code", () => {
    const source = [
      "package main",
      "",
      'import "github.com/gorilla/mux"',
      "",
      "func routes(store *Store) http.Handler {",
      "\tr := mux.NewRouter()",
      '\tapi := r.PathPrefix("/api").Subrouter()',
      "\tapi.Use(authMw)",
      '\tapi.HandleFunc("/items", items).Methods("GET")',
      '\tadmin := r.PathPrefix("/admin").Subrouter()',
      '\tadmin.HandleFunc("/stats", stats)',
      "\tregisterAdmin(admin, store)",
      "\treturn session.Middleware(r)",
    ].join("\n");
    expect(placed(`${source}\n}\n`)).toEqual([
      "GET /api/items @api [authMw*, session.Middleware*]",
      "ANY /admin/stats @admin [session.Middleware*]",
    ]);
    expect(routersOf(`${source}\n}\n`).map((router) => `${router.name}:${router.handedOff}`)).toEqual([
      "r:false",
      "api:false",
      "admin:true",
    ]);
  });

  it("keeps the routers of a file in the repository facts", async () => {
    const { facts } = await analyseFiles({
      "go.mod": "module example.com/svc\n\ngo 1.22\n",
      "api/routes.go": gin('\tv1 := r.Group("/v1", AuthRequired())\n\tv1.GET("/orders", listOrders)'),
    });
    expect(facts.go.routes).toMatchObject([
      { path: "api/routes.go", pattern: "/orders", fullPattern: "/v1/orders", router: 1, line: 7 },
    ]);
    expect(
      facts.go.routers.map((router) => `${router.path}#${router.id} ${router.name} ${router.prefix}`),
    ).toEqual(["api/routes.go#0 r null", "api/routes.go#1 v1 /v1"]);
  });
});
