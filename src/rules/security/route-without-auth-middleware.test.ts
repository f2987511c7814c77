import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "go/route-without-auth-middleware";

const GO_MOD = "module example.com/svc\n\ngo 1.22\n";

function goFile(imports: string[], body: string[]): string {
  return [
    "package api",
    "",
    "import (",
    ...imports.map((path) => `\t"${path}"`),
    ")",
    "",
    "func Routes() {",
    ...body.map((line) => `\t${line}`),
    "}",
    "",
  ].join("\n");
}

const gin = (body: string[]): string => goFile(["github.com/gin-gonic/gin"], ["r := gin.Default()", ...body]);
const chi = (body: string[]): string =>
  goFile(["github.com/go-chi/chi/v5"], ["r := chi.NewRouter()", ...body]);
const nethttp = (body: string[]): string => goFile(["net/http"], ["mux := http.NewServeMux()", ...body]);

async function lines(
  files: Record<string, string>,
): Promise<Array<[string | undefined, number | undefined]>> {
  const findings = await findingsOf(ID, { "go.mod": GO_MOD, ...files });
  return findings.map((finding) => [finding.location?.path, finding.location?.startLine]);
}

describe(ID, () => {
  it("fires on the gin route that skips its group's per-route auth, and on an /admin group with none", async () => {
    const findings = await findingsOf(ID, {
      "go.mod": GO_MOD,
      "api/routes.go": gin([
        'v1 := r.Group("/v1")', // 9
        'v1.GET("/orders", AuthRequired(), listOrders)',
        'v1.POST("/orders", AuthRequired(), createOrder)',
        'v1.DELETE("/orders/:id", deleteOrder)', // 12
        'v1.POST("/login", login)',
        'api := r.Group("/api", AuthRequired())',
        'api.GET("/me", me)',
        'admin := r.Group("/admin")', // 16
        'admin.GET("/users", listUsers)',
      ]),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([12, 16]);
    expect(findings[0]?.message).toContain("DELETE /v1/orders/:id on `v1` has no auth middleware");
    expect(findings[0]?.message).toContain("GET /v1/orders with AuthRequired");
    expect(findings[1]?.message).toContain("Group /admin (`admin`, 1 route)");
    expect(findings[0]?.severity).toBe("medium");
  });

  it("stays silent on gin groups guarded with Use or group middleware, and on admin groups with their own check", async () => {
    expect(
      await lines({
        "api/routes.go": gin([
          'v1 := r.Group("/v1")',
          "v1.Use(AuthRequired())",
          'v1.GET("/orders", listOrders)',
          'v1.DELETE("/orders/:id", deleteOrder)',
          'api := r.Group("/api", AuthRequired())',
          'api.GET("/me", me)',
          'admin := r.Group("/admin", AdminOnly())',
          'admin.GET("/users", listUsers)',
        ]),
      }),
    ).toEqual([]);
  });

  it("fires on chi routes that skip With(auth), on a Route(/admin) with no auth beside a guarded Group, and on a profiler mount", async () => {
    expect(
      await lines({
        "api/routes.go": chi([
          'r.With(requireAuth).Get("/orders", orders)', // 9
          'r.With(requireAuth).Post("/orders", createOrder)',
          'r.Delete("/orders/{id}", deleteOrder)', // 11
          "r.Group(func(r chi.Router) {",
          "\tr.Use(jwtauth.Authenticator)",
          '\tr.Get("/me", me)',
          "})",
          'r.Route("/admin", func(r chi.Router) {', // 16
          '\tr.Get("/stats", stats)',
          "})",
          'r.Mount("/debug", middleware.Profiler())', // 19
          'r.Mount("/billing", billing.Routes())',
        ]),
      }),
    ).toEqual([
      ["api/routes.go", 11],
      ["api/routes.go", 16],
      ["api/routes.go", 19],
    ]);
  });

  it("is low for a profiler mounted only when debugging is turned on, medium under another condition", async () => {
    const mounted = (condition: string) =>
      chi([
        'r.With(requireAuth).Get("/orders", orders)',
        'r.With(requireAuth).Post("/orders", createOrder)',
        `if ${condition} {`,
        '\tr.Mount("/debug", middleware.Profiler())', // 12
        "}",
      ]);
    const findings = await findingsOf(ID, {
      "go.mod": GO_MOD,
      "api/debug.go": mounted("log.Debug().Enabled()"),
      "api/flag.go": mounted("cfg.Features"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["api/debug.go", 12, "low"],
      ["api/flag.go", 12, "medium"],
    ]);
    expect(findings[0]?.message).toContain("only when `log.Debug().Enabled()`");
  });

  it("stays silent on chi groups that Use auth inside their closure", async () => {
    expect(
      await lines({
        "api/routes.go": chi([
          'r.Get("/", index)',
          "r.Group(func(r chi.Router) {",
          "\tr.Use(jwtauth.Authenticator)",
          '\tr.Get("/orders", orders)',
          '\tr.Delete("/orders/{id}", deleteOrder)',
          "})",
          'r.Route("/admin", func(r chi.Router) {',
          "\tr.Use(AdminOnly)",
          '\tr.Get("/stats", stats)',
          "})",
        ]),
      }),
    ).toEqual([]);
  });

  it("fires on a net/http route left unwrapped among wrapped ones, and on pprof beside them", async () => {
    const findings = await findingsOf(ID, {
      "go.mod": GO_MOD,
      "cmd/server/main.go": nethttp([
        'mux.Handle("/orders", requireAuth(http.HandlerFunc(orders)))', // 9
        'mux.Handle("/invoices", alice.New(logging, auth.Middleware).Then(invoices))',
        'mux.HandleFunc("/reports", reports)', // 11
        'mux.HandleFunc("/debug/pprof/", pprof.Index)', // 12
        'mux.HandleFunc("/healthz", health)',
      ]),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([11, 12]);
    expect(findings[0]?.message).toContain("ANY /reports on `mux` has no auth middleware, while 2 of 3");
    expect(findings[1]?.message).toContain("/debug/pprof/ on `mux` looks private");
  });

  it("stays silent when the whole mux is wrapped, and does not count handler factories as auth", async () => {
    expect(
      await lines({
        "cmd/server/main.go": nethttp([
          'mux.Handle("/orders", requireAuth(http.HandlerFunc(orders)))',
          'mux.Handle("/invoices", requireAuth(http.HandlerFunc(invoices)))',
          'mux.HandleFunc("/reports", reports)',
          'http.ListenAndServe(":8080", session.Middleware(mux))',
        ]),
        "internal/web/routes.go": nethttp([
          'mux.Handle("/profile", auth.NewHandler(db))',
          'mux.Handle("/keys", auth.ListKeys(db))',
          'mux.Handle("/admin/stats", admin.Stats(db))',
          'mux.HandleFunc("/reports", reports)',
        ]),
      }),
    ).toEqual([]);
  });

  it("weighs a read against the other reads: public reads beside guarded writes are silent, a lone one is not", async () => {
    expect(
      await lines({
        "api/catalogue.go": gin([
          'r.GET("/services", listServices)',
          'r.GET("/services/:id", showService)',
          'r.POST("/services", AuthRequired(), createService)',
          'r.PUT("/services/:id", AuthRequired(), updateService)',
          'r.DELETE("/services/:id", AuthRequired(), deleteService)',
        ]),
        "api/account.go": gin([
          'r.GET("/account", AuthRequired(), account)', // 9
          'r.GET("/account/orders", AuthRequired(), orders)',
          'r.GET("/account/invoices", invoices)', // 11
          'r.POST("/account", AuthRequired(), update)',
        ]),
      }),
    ).toEqual([["api/account.go", 11]]);
  });

  it("stays silent on public-by-design paths and on routers with no auth at all", async () => {
    expect(
      await lines({
        "api/public.go": gin([
          'r.GET("/orders", AuthRequired(), orders)',
          'r.GET("/invoices", AuthRequired(), invoices)',
          'r.GET("/healthz", health)',
          'r.GET("/metrics", metrics)',
          'r.POST("/login", login)',
          'r.POST("/signup", signup)',
          'r.GET("/oauth/callback", callback)',
          'r.POST("/webhooks/github", hook)',
          'r.GET("/static/*any", assets)',
          'r.GET("/swagger/*any", docs)',
          'r.GET("/", index)',
          'r.Any("/*path", noRouteFound)',
        ]),
        "api/open.go": gin([
          'r.GET("/orders", orders)',
          'r.DELETE("/orders/:id", deleteOrder)',
          'admin := r.Group("/admin")',
          'admin.GET("/users", users)',
        ]),
      }),
    ).toEqual([]);
  });

  it("leaves git smart-HTTP routes out: their handler authenticates git clients with HTTP Basic itself", async () => {
    const routes = (handler: string) =>
      gin([
        'r.POST("/gists", AuthRequired(), create)',
        'r.POST("/gists/:id/edit", AuthRequired(), edit)',
        'r.POST("/gists/:id/delete", AuthRequired(), remove)',
        `r.Any("/:user/:gist/*path", ${handler})`,
        'r.POST("/:user/:gist/git-receive-pack", receive)',
      ]);
    expect(await lines({ "api/routes.go": routes("git.GitHttp") })).toEqual([]);
    // Near miss: the same route served by a handler that is not git's protocol.
    expect(await lines({ "api/routes.go": routes("files.Serve") })).toEqual([["api/routes.go", 12]]);
  });

  it("leaves reads of embedded images and OpenID Connect sign-in metadata public; a write to the same path and a JSON read still fire", async () => {
    expect(
      await lines({
        "api/routes.go": gin([
          'g := r.Group("/api")',
          'g.GET("/users", authMiddleware.Add(), listUsers)', // 10
          'g.GET("/users/:id", authMiddleware.Add(), getUser)',
          'g.POST("/users", authMiddleware.Add(), createUser)',
          'g.DELETE("/users/:id", authMiddleware.Add(), deleteUser)',
          'g.GET("/users/:id/profile-picture.png", getUserProfilePicture)',
          'g.PUT("/users/:id/profile-picture.png", updateUserProfilePicture)', // 15
          'g.GET("/users/:id/avatar", getAvatar)',
          'g.GET("/oidc/clients", authMiddleware.Add(), listClients)',
          'g.GET("/oidc/clients/:id/meta", getClientMeta)',
          'g.GET("/users/:id/sessions", listSessions)', // 19
        ]),
      }),
    ).toEqual([
      ["api/routes.go", 15],
      ["api/routes.go", 19],
    ]);
  });

  it("skips tests and lowers examples to low", async () => {
    const routes = gin([
      'r.GET("/a", AuthRequired(), a)',
      'r.GET("/b", AuthRequired(), b)',
      'r.GET("/c", c)',
    ]);
    const findings = await findingsOf(ID, {
      "go.mod": GO_MOD,
      "api/routes_test.go": routes,
      "examples/basic/main.go": routes,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["examples/basic/main.go", "low"]]);
  });

  it("leaves CORS preflight OPTIONS routes beside their guarded methods alone; the unguarded write still fires", async () => {
    expect(
      await lines({
        "api/routes.go": gin([
          'v1 := r.Group("/v1")', // 9
          'v1.GET("/servers", AuthRequired(), listServers)',
          'v1.OPTIONS("/servers", preflight)',
          'v1.POST("/servers", AuthRequired(), createServer)',
          'v1.OPTIONS("/servers/:id", preflight)',
          'v1.DELETE("/servers/:id", AuthRequired(), deleteServer)',
          'v1.PUT("/servers/:id", updateServer)', // 15
        ]),
      }),
    ).toEqual([["api/routes.go", 15]]);
  });

  it("names a generic binder by its function, not by the type it binds (`FromJSON[CreateSessionService]`)", async () => {
    // Go's grammar reads `controllers.FromJSON[T](ctx)` as a conversion to a generic type.
    const routes = (write: string): string =>
      gin([
        'up := r.Group("/upload")',
        'up.POST("/:id", controllers.FromUri[UploadService](UploadCtx{}), upload)', // 10
        'up.PUT("", controllers.FromJSON[CreateUploadSessionService](CreateCtx{}), create)',
        `up.DELETE("/:id", ${write}, remove)`,
      ]);
    expect(
      await lines({
        "api/routes.go": routes("controllers.FromUri[DeleteUploadSessionService](DeleteCtx{})"),
      }),
    ).toEqual([]);
    // Near miss: real session middleware on two of the three routes still leaves the third odd.
    expect(
      await lines({
        "api/routes.go": routes("RequireSession()").replace(
          "controllers.FromJSON[CreateUploadSessionService](CreateCtx{})",
          "RequireSession()",
        ),
      }),
    ).toEqual([["api/routes.go", 10]]);
  });
});
