import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/ssrf-request-url";

describe(ID, () => {
  it("fires when a request parameter reaches an outgoing request in the same handler (Go, Python, TypeScript)", async () => {
    const go = [
      "package api",
      'import ("net/http"; "net/url")',
      "func preview(w http.ResponseWriter, r *http.Request) {",
      '\ttarget := r.URL.Query().Get("url")',
      "\tu, err := url.Parse(target)",
      "\tif err != nil { return }",
      '\treq, _ := http.NewRequest("GET", u.String(), nil)',
      "\thttp.DefaultClient.Do(req)",
      "}",
    ].join("\n");
    const python = [
      "import requests",
      "from flask import request",
      "def preview():",
      '    return requests.get(request.args["url"], timeout=5).text',
    ].join("\n");
    const ts = [
      "import express from 'express';",
      "const app = express();",
      "app.post('/hooks/test', async (req, res) => {",
      "  const { url } = req.body;",
      "  const r = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(5000) });",
      "  res.status(r.status).end();",
      "});",
    ].join("\n");
    const findings = await findingsOf(ID, {
      "api/preview.go": go,
      "app/views.py": python,
      "server/hooks.ts": ts,
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["api/preview.go", 7, "high"],
      ["app/views.py", 4, "high"],
      ["server/hooks.ts", 5, "high"],
    ]);
  });

  it("stays silent on fixed hosts, checked destinations and values that are not URLs", async () => {
    const go = [
      "package api",
      'import ("fmt"; "net/http")',
      "func item(w http.ResponseWriter, r *http.Request) {",
      '\tid := r.URL.Query().Get("id")',
      '\thttp.Get(fmt.Sprintf("https://api.example.com/items/%s", id))',
      '\thttp.Get("https://api.example.com/items/" + id)',
      "}",
    ].join("\n");
    const guarded = [
      "import requests",
      "from flask import request",
      "def preview():",
      '    url = request.args["url"]',
      "    if urlparse(url).hostname not in ALLOWED_HOSTS:",
      "        abort(400)",
      "    return requests.get(url, timeout=5).text",
      "",
      "async def reviews(ext_id, request):",
      "    async with httpx.AsyncClient() as client:",
      "        query_string = str(request.query_params)",
      '        return await client.get(settings.reviews_url + f"/reviews/{ext_id}?{query_string}")',
    ].join("\n");
    const ts = [
      "import express from 'express';",
      "export async function proxy(req, res) {",
      "  const id = req.params.id;",
      "  await fetch(`/api/items/${id}`);",
      "  await fetch(process.env.UPSTREAM_URL);",
      "  await fetch(`${config.upstream}/items/${req.query.id}`);",
      "}",
      "export async function download(req, res) {",
      "  const { linkId } = req.body as { linkId: string };",
      "  const doc = await prisma.document.findUnique({ where: { linkId } });",
      "  const downloadUrl = await getFile({ type: doc.storageType, data: doc.file });",
      "  const response = await fetch(downloadUrl);",
      "  res.send(await response.arrayBuffer());",
      "}",
    ].join("\n");
    expect(
      await findingsOf(ID, { "api/item.go": go, "app/views.py": guarded, "server/proxy.ts": ts }),
    ).toEqual([]);
  });

  it("follows the URL into project functions that request it, across files, as medium (Python, Go, TypeScript)", async () => {
    const findings = await findingsOf(ID, {
      // A view passes a query parameter to a loader module; the loader requests it two calls further down.
      "bookmarks/api/routes.py": [
        "from bookmarks.services import website_loader",
        "class BookmarkViewSet:",
        "    def check(self, request):",
        '        url = request.GET.get("url")',
        "        metadata = website_loader.load_website_metadata(url, ignore_cache=True)",
        "        return metadata",
      ].join("\n"),
      "bookmarks/services/website_loader.py": [
        "import requests",
        "def load_website_metadata(url, ignore_cache=False):",
        "    return _load_metadata(url)",
        "def _load_metadata(url):",
        "    return load_page(url=url)",
        "def load_page(url):",
        "    with requests.get(url, timeout=10, stream=True) as r:",
        "        return r.text",
      ].join("\n"),
      // gin binds the body; a method of the same package builds the request.
      "internal/handler/feed.go": [
        "package handler",
        'import ("context"; "strings"; "github.com/gin-gonic/gin")',
        "func (h *Handler) validateFeed(c *gin.Context) {",
        "\tvar req validateFeedRequest",
        "\tif err := c.ShouldBindJSON(&req); err != nil { return }",
        "\ttarget := strings.TrimSpace(req.URL)",
        "\ttitle, _ := h.parseFeedTitle(c.Request.Context(), target)",
        "\tc.JSON(200, title)",
        "}",
        // Another handler of the file checks its own URL; that does not guard this one.
        "func (h *Handler) crawlPage(c *gin.Context) {",
        '\tif isInternalFromURL(c.Query("url")) { return }',
        "}",
      ].join("\n"),
      "internal/handler/title.go": [
        "package handler",
        'import ("context"; "net/http")',
        "func (h *Handler) parseFeedTitle(ctx context.Context, link string) (string, error) {",
        '\treq, err := http.NewRequestWithContext(ctx, "GET", link, nil)',
        '\tif err != nil { return "", err }',
        "\tresp, err := http.DefaultClient.Do(req)",
        "\treturn resp.Status, err",
        "}",
      ].join("\n"),
      // A FastAPI route's parameter is request input.
      "app/routers/preview.py": [
        "from fastapi import APIRouter",
        "from app.services.fetcher import fetch_details",
        "router = APIRouter()",
        '@router.post("/preview")',
        "async def preview(link: str):",
        "    return await fetch_details(link)",
      ].join("\n"),
      "app/services/fetcher.py": [
        "import httpx",
        "async def fetch_details(details_link):",
        "    async with httpx.AsyncClient() as client:",
        "        return (await client.get(details_link)).json()",
      ].join("\n"),
      // A Next.js route handler reads the JSON body and hands the link to an imported helper.
      "app/api/preview/route.ts": [
        "import { fetchPreview } from '@/lib/preview';",
        "export async function POST(req: Request) {",
        "  const body = await req.json();",
        "  const preview = await fetchPreview(body.link);",
        "  return Response.json(preview);",
        "}",
      ].join("\n"),
      "lib/preview.ts": [
        "export async function fetchPreview(link: string) {",
        "  const target = new URL(link);",
        "  const page = await fetch(target, { signal: AbortSignal.timeout(5000) });",
        "  return page.text();",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["app/api/preview/route.ts", 4, "medium"],
      ["app/routers/preview.py", 6, "medium"],
      ["bookmarks/api/routes.py", 5, "medium"],
      ["internal/handler/feed.go", 7, "medium"],
    ]);
    expect(findings[2]?.message).toContain(
      "load_website_metadata() (bookmarks/services/website_loader.py:2) → _load_metadata()",
    );
    expect(findings[2]?.message).toContain("requests.get() at bookmarks/services/website_loader.py:7");
  });

  it("takes a transport dialing through a restricted dialer, and a URL validator on the way, as destination checks", async () => {
    const importSite = (dial: string): string =>
      [
        "package api",
        'import ("encoding/json"; "net/http"; "example.com/app/dialer")',
        'type cloneRequest struct { URL string `json:"url"` }',
        "func (as *Server) ImportSite(w http.ResponseWriter, r *http.Request) {",
        "\tcr := cloneRequest{}",
        "\tif err := json.NewDecoder(r.Body).Decode(&cr); err != nil { return }",
        ...dial.split("\n"),
        "\tresp, err := client.Get(cr.URL)",
        "\tif err != nil { return }",
        "\tdefer resp.Body.Close()",
        "}",
      ].join("\n");
    const restricted =
      "\trestrictedDialer := dialer.Dialer()\n\ttr := &http.Transport{DialContext: restrictedDialer.DialContext}\n\tclient := &http.Client{Transport: tr}";
    expect(await findingsOf(ID, { "controllers/api/import.go": importSite(restricted) })).toEqual([]);
    const plain = "\tclient := &http.Client{}";
    expect(
      (await findingsOf(ID, { "controllers/api/import.go": importSite(plain) })).map((f) => f.severity),
    ).toEqual(["high"]);
    const view = (check: string): Record<string, string> => ({
      "app/views.py": [
        "from app.covers import set_cover_from_url",
        "def edit_cover(request, book_id):",
        '    url = request.POST.get("cover-url")',
        "    set_cover_from_url(url)",
        "",
      ].join("\n"),
      "app/covers.py": [
        "import requests",
        "def set_cover_from_url(url):",
        ...(check ? [`    ${check}(url)`] : []),
        "    return requests.get(url, timeout=10).content",
        "",
      ].join("\n"),
    });
    expect(await findingsOf(ID, view("raise_not_valid_url"))).toEqual([]);
    // advocate: a requests wrapper that refuses private, loopback and link-local addresses.
    expect(await findingsOf(ID, view("advocate.get"))).toEqual([]);
    expect((await findingsOf(ID, view(""))).map((f) => f.severity)).toEqual(["medium"]);
  });

  it("takes a comparison of the URL's origin with a fixed one as a check, and never follows a method call to a same-named function elsewhere", async () => {
    const download = (check: string): string =>
      [
        'import { Hono } from "hono";',
        "const app = new Hono();",
        'app.get("/download", async (c) => {',
        '  const url = c.req.query("url");',
        "  const parsed = new URL(url);",
        ...(check ? [`  if (${check}) return c.json({ error: "bad" }, 400);`] : []),
        "  const response = await fetch(url);",
        "  return c.body(response.body);",
        "});",
        "",
      ].join("\n");
    expect(
      await findingsOf(ID, { "src/desktop.ts": download('parsed.origin !== "https://github.com"') }),
    ).toEqual([]);
    expect((await findingsOf(ID, { "src/desktop.ts": download("") })).map((f) => f.severity)).toEqual([
      "high",
    ]);
    const router = (call: string): Record<string, string> => ({
      "apps/api/src/banking.ts": [
        'import { protectedProcedure } from "./trpc";',
        'import { BankingApi } from "./banking-api";',
        "export const exchange = protectedProcedure.mutation(async ({ input }) => {",
        "  const api = new BankingApi();",
        `  return ${call};`,
        "});",
        "",
      ].join("\n"),
      "packages/cli/src/auth.ts": [
        "export async function exchangeCode(apiUrl: string) {",
        "  const response = await fetch(`${apiUrl}/oauth/token`, { method: 'POST' });",
        "  return response.json();",
        "}",
        "",
      ].join("\n"),
    });
    expect(await findingsOf(ID, router("api.exchangeCode(input.code)"))).toEqual([]);
    expect((await findingsOf(ID, router("exchangeCode(input.code)"))).length).toBe(1);
  });

  it("is medium when the client picks only the host and the path after it is fixed", async () => {
    const models = (url: string): string =>
      [
        'import { Hono } from "hono";',
        "const app = new Hono();",
        'app.get("/models", async (c) => {',
        '  const apiUrl = c.req.query("apiUrl");',
        `  const response = await fetch(${url});`,
        "  return c.json(await response.json());",
        "});",
        "",
      ].join("\n");
    const fixed = await findingsOf(ID, { "src/models.ts": models("`${apiUrl}/api/tags`") });
    expect(fixed.map((f) => f.severity)).toEqual(["medium"]);
    expect(fixed[0]?.message).toContain("the path after the chosen host is fixed");
    expect((await findingsOf(ID, { "src/models.ts": models("apiUrl") })).map((f) => f.severity)).toEqual([
      "high",
    ]);
  });

  it("is medium when the handler is behind a role or permission check, and stays high behind a plain sign-in", async () => {
    const findings = await findingsOf(ID, {
      "server/routers/monitoring.ts": [
        'import { z } from "zod";',
        'import { createTRPCRouter, protectedProcedure, withPermission } from "../trpc";',
        "export const monitoringRouter = createTRPCRouter({",
        '  metrics: withPermission("monitoring", "read")',
        "    .input(z.object({ url: z.string() }))",
        "    .query(async ({ input }) => {",
        "      const response = await fetch(input.url);",
        "      return response.json();",
        "    }),",
        "  preview: protectedProcedure",
        "    .input(z.object({ url: z.string() }))",
        "    .query(async ({ input }) => {",
        "      const response = await fetch(input.url);",
        "      return response.text();",
        "    }),",
        "});",
      ].join("\n"),
      "server/admin.ts": [
        "import express from 'express';",
        "const router = express.Router();",
        "router.post('/admin/probe', requireAdmin, async (req, res) => {",
        "  const r = await fetch(req.body.url);",
        "  res.status(r.status).end();",
        "});",
        "router.post('/probe', requireLogin, async (req, res) => {",
        "  const r = await fetch(req.body.url);",
        "  res.status(r.status).end();",
        "});",
      ].join("\n"),
      "app/views.py": [
        "import requests",
        "from flask import request",
        "@app.post('/admin/fetch')",
        "def admin_fetch():",
        "    if not current_user.is_superuser:",
        "        abort(403)",
        '    return requests.get(request.form["url"], timeout=5).text',
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["app/views.py", 7, "medium"],
      ["server/admin.ts", 4, "medium"],
      ["server/admin.ts", 8, "high"],
      ["server/routers/monitoring.ts", 7, "medium"],
      ["server/routers/monitoring.ts", 13, "high"],
    ]);
    expect(findings[3]?.message).toContain("only users who pass the permission check (`withPermission(`)");
  });

  it("is low behind a key the server holds for its own jobs, and stays high behind a user's own token", async () => {
    const handler = (check: string): string =>
      [
        "import type { NextApiRequest, NextApiResponse } from 'next';",
        "export default async function handler(req: NextApiRequest, res: NextApiResponse) {",
        "  const token = req.headers.authorization?.split(' ')[1];",
        `  if (${check}) {`,
        "    res.status(401).json({ message: 'Unauthorized' });",
        "    return;",
        "  }",
        "  const { url } = req.body as { url: string };",
        "  const response = await fetch(url);",
        "  res.status(200).send(await response.arrayBuffer());",
        "}",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "pages/api/mupdf/get-pages.ts": handler("token !== process.env.INTERNAL_API_KEY"),
      "pages/api/preview.ts": handler("!(await verifyUserToken(token))"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["pages/api/mupdf/get-pages.ts", "low"],
      ["pages/api/preview.ts", "high"],
    ]);
    expect(findings[0]?.message).toContain("the application's own jobs choose the URL");
  });

  it("is low on a Go route behind middleware admitting only the configured node token, and stays high behind a user's token", async () => {
    const guard = (name: string, check: string): string =>
      [
        `func ${name}() gin.HandlerFunc {`,
        "\treturn func(c *gin.Context) {",
        '\t\tauth := strings.SplitN(c.GetHeader("Authorization"), " ", 2)',
        "\t\tif len(auth) != 2 {",
        "\t\t\tc.AbortWithStatus(http.StatusUnauthorized)",
        "\t\t\treturn",
        "\t\t}",
        `\t\t${check}`,
        "\t\t\tc.AbortWithStatus(http.StatusForbidden)",
        "\t\t\treturn",
        "\t\t}",
        "\t\tc.Next()",
        "\t}",
        "}",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "router/middleware/middleware.go": [
        "package middleware",
        'import ("crypto/subtle"; "net/http"; "strings"; "github.com/gin-gonic/gin"; "example.com/d/config")',
        "// RequireAuthorization admits the panel, or a signed JWT elsewhere.",
        guard(
          "RequireAuthorization",
          "if subtle.ConstantTimeCompare([]byte(auth[1]), []byte(config.Get().AuthenticationToken)) != 1 {",
        ),
        guard(
          "RequireUser",
          "if subtle.ConstantTimeCompare([]byte(auth[1]), []byte(lookupUserToken(config.Get().Prefix))) != 1 {",
        ),
      ].join("\n"),
      "router/router.go": [
        "package router",
        'import ("github.com/gin-gonic/gin"; "example.com/d/router/middleware")',
        "func Configure() *gin.Engine {",
        "\trouter := gin.New()",
        '\tserver := router.Group("/api/servers/:server")',
        "\tserver.Use(middleware.RequireAuthorization())",
        '\tserver.POST("/backup/restore", postRestore)',
        '\tusers := router.Group("/api/me")',
        "\tusers.Use(middleware.RequireUser())",
        '\tusers.POST("/import", postImport)',
        "\treturn router",
        "}",
      ].join("\n"),
      "router/handlers.go": [
        "package router",
        'import ("net/http"; "github.com/gin-gonic/gin")',
        "func postRestore(c *gin.Context) {",
        '\tvar data struct{ DownloadUrl string `json:"download_url"` }',
        "\tif err := c.BindJSON(&data); err != nil {",
        "\t\treturn",
        "\t}",
        "\treq, _ := http.NewRequest(http.MethodGet, data.DownloadUrl, nil)",
        "\thttp.DefaultClient.Do(req)",
        "}",
        "func postImport(c *gin.Context) {",
        '\tvar data struct{ URL string `json:"url"` }',
        "\tif err := c.BindJSON(&data); err != nil {",
        "\t\treturn",
        "\t}",
        "\treq, _ := http.NewRequest(http.MethodGet, data.URL, nil)",
        "\thttp.DefaultClient.Do(req)",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["router/handlers.go", 8, "low"],
      ["router/handlers.go", 16, "high"],
    ]);
    expect(findings[0]?.message).toContain("RequireAuthorization (router/middleware/middleware.go:4)");
  });

  it("is low behind a verified sender signature (an Elixir function plug that halts, a check in the body), high behind a plug that does not halt", async () => {
    const controller = (halts: boolean): string =>
      [
        "defmodule AppWeb.SnsController do",
        "  use AppWeb, :controller",
        "  plug :authorize",
        "",
        '  def webhook(conn = %{body_params: %{"Type" => "SubscriptionConfirmation"}}, _) do',
        '    Req.get!(conn.body_params["SubscribeURL"])',
        '    send_resp(conn, 200, "")',
        "  end",
        "",
        "  defp authorize(conn, _opts) do",
        "    if App.Sns.valid_signature?(conn.body_params) do",
        "      conn",
        "    else",
        halts ? '      conn |> send_resp(403, "") |> halt()' : '      Logger.warning("bad signature"); conn',
        "    end",
        "  end",
        "end",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "lib/app_web/controllers/sns_controller.ex": controller(true),
      "lib/app_web/controllers/loose_controller.ex": controller(false).replace(
        "SnsController",
        "LooseController",
      ),
      "pages/api/hook.ts": [
        "export default async function handler(req, res) {",
        "  if (!verifySignature(req.headers['x-signature'], req.body)) return res.status(401).end();",
        "  const response = await fetch(req.body.callbackUrl);",
        "  res.status(200).send(await response.text());",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["lib/app_web/controllers/loose_controller.ex", "high"],
      ["lib/app_web/controllers/sns_controller.ex", "low"],
      ["pages/api/hook.ts", "low"],
    ]);
    expect(findings[1]?.message).toContain("the signing service chose the URL");
  });

  it("follows Phoenix controller params and LiveView events to Req, HTTPoison, Finch and :httpc (Elixir)", async () => {
    const findings = await findingsOf(ID, {
      "lib/app_web/controllers/preview_controller.ex": [
        "defmodule AppWeb.PreviewController do",
        "  use AppWeb, :controller",
        "  alias App.LinkPreview",
        '  def show(conn, %{"url" => url}) do',
        "    {:ok, resp} = Req.get(String.trim(url), max_redirects: 5)",
        "    json(conn, resp.body)",
        "  end",
        "  def unfurl(conn, params) do",
        '    preview = LinkPreview.fetch(params["link"])',
        "    json(conn, preview)",
        "  end",
        "  def raw(conn, _params) do",
        '    target = conn.query_params["target"]',
        "    {:ok, {_, _, body}} = :httpc.request(:get, {String.to_charlist(target), []}, [], [])",
        "    text(conn, body)",
        "  end",
        "end",
      ].join("\n"),
      "lib/app/link_preview.ex": [
        "defmodule App.LinkPreview do",
        "  def fetch(link) do",
        "    link |> HTTPoison.get!() |> Map.get(:body)",
        "  end",
        "end",
      ].join("\n"),
      "lib/app_web/controllers/admin/probe_controller.ex": [
        "defmodule AppWeb.Admin.ProbeController do",
        "  use AppWeb, :controller",
        "  plug :require_admin",
        '  def probe(conn, %{"url" => url}), do: json(conn, Req.get!(url).status)',
        "end",
      ].join("\n"),
      "lib/app_web/live/feed_live.ex": [
        "defmodule AppWeb.FeedLive do",
        "  use AppWeb, :live_view",
        '  def handle_event("add", %{"feed_url" => feed_url}, socket) do',
        "    request = Finch.build(:get, feed_url)",
        "    {:ok, resp} = Finch.request(request, App.Finch)",
        "    {:noreply, assign(socket, :body, resp.body)}",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["lib/app_web/controllers/admin/probe_controller.ex", 4, "medium"],
      ["lib/app_web/controllers/preview_controller.ex", 5, "high"],
      ["lib/app_web/controllers/preview_controller.ex", 9, "medium"],
      ["lib/app_web/controllers/preview_controller.ex", 14, "high"],
      ["lib/app_web/live/feed_live.ex", 4, "high"],
    ]);
    expect(findings[2]?.message).toContain("fetch() (lib/app/link_preview.ex:2)");
  });

  it("follows Elixir calls by module name, through `alias … as:` and into files named otherwise, and not to a module the call does not name", async () => {
    const findings = await findingsOf(ID, {
      "lib/app_web/controllers/unfurl_controller.ex": [
        "defmodule AppWeb.UnfurlController do",
        "  use AppWeb, :controller",
        "  alias App.Previews.Fetcher, as: Unfurl",
        "  alias App.Hooks",
        '  def show(conn, %{"url" => url}) do',
        "    json(conn, Unfurl.get_page(url))",
        "  end",
        '  def hook(conn, %{"url" => url}) do',
        "    json(conn, Hooks.ping(url))",
        "  end",
        '  def other(conn, %{"url" => url}) do',
        "    json(conn, Scraper.fetch(url))",
        "  end",
        "end",
      ].join("\n"),
      // The module's file is named after neither its module nor the alias.
      "lib/app/previews/http.ex": [
        "defmodule App.Previews.Fetcher do",
        "  def get_page(url), do: Req.get!(url).body",
        "end",
      ].join("\n"),
      "lib/app/webhooks.ex": [
        "defmodule App.Hooks do",
        "  def ping(target) do",
        '    HTTPoison.post!(target, "{}")',
        "  end",
        "end",
      ].join("\n"),
      // `Scraper.fetch` names a top-level `Scraper` the project does not define; this one is `App.Scraper`.
      "lib/app/scraper.ex": ["defmodule App.Scraper do", "  def fetch(url), do: Req.get!(url)", "end"].join(
        "\n",
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["lib/app_web/controllers/unfurl_controller.ex", 6, "medium"],
      ["lib/app_web/controllers/unfurl_controller.ex", 9, "medium"],
    ]);
    expect(findings[0]?.message).toContain("get_page() (lib/app/previews/http.ex:2)");
    expect(findings[1]?.message).toContain("ping() (lib/app/webhooks.ex:2)");
  });

  it("stays silent on an Elixir fixed host, a validated URL, a URI.parse host allow-list or pattern and a stored record", async () => {
    const controller = (name: string, body: string[]): string =>
      [`defmodule AppWeb.${name}Controller do`, "  use AppWeb, :controller", ...body, "end"].join("\n");
    const findings = await findingsOf(ID, {
      "lib/app_web/controllers/repo_controller.ex": controller("Repo", [
        '  def show(conn, %{"repo" => repo}) do',
        '    {:ok, resp} = Req.get("https://api.github.com/repos/#{repo}")',
        '    Req.get!("#{@api_base}/items/#{repo}")',
        "    Req.get!(url: repo, base_url: Application.fetch_env!(:app, :api_url))",
        '    Req.get!(client, url: "/repos/#{repo}")',
        '    Req.request([method: :get, url: "#{@api_base}/repos/#{repo}", headers: [{"x-repo", repo}]])',
        "    json(conn, resp.body)",
        "  end",
      ]),
      "lib/app_web/controllers/hook_controller.ex": controller("Hook", [
        '  def hook(conn, %{"url" => url}) do',
        "    with {:ok, url} <- validate_url(url) do",
        '      HTTPoison.post(url, "{}")',
        "    end",
        "    json(conn, %{})",
        "  end",
      ]),
      "lib/app_web/controllers/proxy_controller.ex": controller("Proxy", [
        '  def proxy(conn, %{"url" => url}) do',
        "    %URI{host: host} = URI.parse(url)",
        '    if host in ["api.example.com"], do: Req.get!(url)',
        "    json(conn, %{})",
        "  end",
      ]),
      "lib/app_web/controllers/cert_controller.ex": controller("Cert", [
        "  def cert(conn, params) do",
        '    uri = URI.parse(params["cert_url"])',
        "    if uri.host =~ ~r{^sns\\.[a-z0-9-]+\\.amazonaws\\.com$} do",
        '      Req.get!(params["cert_url"])',
        "    end",
        "    json(conn, %{})",
        "  end",
      ]),
      "lib/app_web/controllers/source_controller.ex": controller("Source", [
        "  def lookup(conn, params) do",
        '    source = App.Sources.get!(params["id"])',
        "    Req.get!(source.url)",
        "    json(conn, %{})",
        "  end",
      ]),
    });
    expect(findings).toEqual([]);
  });

  it("counts a comparison with known values only when it comes before the value is handed on", async () => {
    const discover = (compareFirst: boolean): Record<string, string> => ({
      "src/server/routes.go": [
        "package server",
        'import ("encoding/json"; "net/http"; "example.com/app/src/worker")',
        "func (s *Server) handleFeedCreate(w http.ResponseWriter, r *http.Request) {",
        "\tvar form FeedCreateForm",
        "\tif err := json.NewDecoder(r.Body).Decode(&form); err != nil { return }",
        "\tresult, _ := worker.DiscoverFeed(form.Url)",
        "\twriteJSON(w, http.StatusOK, result)",
        "}",
      ].join("\n"),
      "src/worker/crawler.go": [
        "package worker",
        'import ("io")',
        "func DiscoverFeed(candidateUrl string) (*DiscoverResult, error) {",
        ...(compareFirst ? ["\tif !known.Contains(candidateUrl) { return nil, errUnknown }"] : []),
        "\tres, err := client.get(candidateUrl)",
        "\tif err != nil { return nil, err }",
        "\tbody, _ := io.ReadAll(res.Body)",
        "\tsources := FindFeeds(string(body))",
        "\tif sources[0].URL == candidateUrl { return &DiscoverResult{}, nil }",
        "\treturn nil, nil",
        "}",
      ].join("\n"),
      "src/worker/client.go": [
        "package worker",
        'import ("net/http")',
        "func (c *Client) get(url string) (*http.Response, error) {",
        '\treq, err := http.NewRequest("GET", url, nil)',
        "\tif err != nil { return nil, err }",
        "\treturn c.httpClient.Do(req)",
        "}",
      ].join("\n"),
    });
    const after = await findingsOf(ID, discover(false));
    expect(after.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["src/server/routes.go", 6, "medium"],
    ]);
    expect(await findingsOf(ID, discover(true))).toEqual([]);
  });

  it("stays silent when a function on the way fixes the host in a parenthesised or multi-line URL", async () => {
    const findings = await findingsOf(ID, {
      "ext/views/api.py": [
        "from fastapi import APIRouter",
        "from ext.models import Config",
        "router = APIRouter()",
        '@router.get("/release/{org}/{repo}/{tag}")',
        "async def get_release(org: str, repo: str, tag: str):",
        "    return await Config.fetch_release_config(org, repo, tag)",
        '@router.get("/preview")',
        "async def preview(link: str):",
        "    return await Config.fetch_any(link)",
      ].join("\n"),
      "ext/models.py": [
        "import httpx",
        "class Config:",
        "    @classmethod",
        "    async def fetch_release_config(cls, org, repo, tag):",
        "        config_url = (",
        '            f"https://raw.githubusercontent.com/{org}/{repo}/{tag}/config.json"',
        "        )",
        "        return await api_get(config_url)",
        "    @classmethod",
        "    async def fetch_any(cls, link):",
        "        target = (link)",
        "        return await api_get(target)",
        "async def api_get(url):",
        "    async with httpx.AsyncClient() as client:",
        "        return (await client.get(url)).json()",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["ext/views/api.py", 9, "medium"],
    ]);
  });

  it("stays silent when a function on the way checks the destination, or the value passed is not the request's", async () => {
    const findings = await findingsOf(ID, {
      "internal/handler/feed.go": [
        "package handler",
        'import ("context"; "strings"; "github.com/gin-gonic/gin")',
        "func (h *Handler) validateFeed(c *gin.Context) {",
        "\tvar req validateFeedRequest",
        "\tif err := c.ShouldBindJSON(&req); err != nil { return }",
        "\ttarget := strings.TrimSpace(req.URL)",
        "\tif err := httpc.ValidateRequestURL(c.Request.Context(), target, false); err != nil { return }",
        "\ttitle, _ := h.parseFeedTitle(c.Request.Context(), target)",
        "\tc.JSON(200, title)",
        "}",
      ].join("\n"),
      "internal/handler/title.go": [
        "package handler",
        'import ("context"; "net/http")',
        "func (h *Handler) parseFeedTitle(ctx context.Context, link string) (string, error) {",
        '\treq, err := http.NewRequestWithContext(ctx, "GET", link, nil)',
        "\tresp, err := http.DefaultClient.Do(req)",
        "\treturn resp.Status, err",
        "}",
      ].join("\n"),
      // The request builder's dialer refuses non-public addresses after DNS resolution.
      "internal/ui/opml_upload.go": [
        "package ui",
        'import ("net/http"; "strings"; "example.com/app/internal/reader/fetcher")',
        "func (h *handler) uploadOPML(w http.ResponseWriter, r *http.Request) {",
        '\tfileURL := strings.TrimSpace(r.FormValue("url"))',
        "\tbuilder := fetcher.NewRequestBuilder()",
        "\tresp, _ := builder.ExecuteRequest(fileURL)",
        "\tdefer resp.Body.Close()",
        "}",
      ].join("\n"),
      "internal/reader/fetcher/request_builder.go": [
        "package fetcher",
        'import ("net"; "net/http"; "syscall")',
        "func (r *RequestBuilder) ExecuteRequest(requestURL string) (*http.Response, error) {",
        "\tdialer := &net.Dialer{}",
        "\tdialer.Control = func(network, address string, c syscall.RawConn) error {",
        "\t\thost, _, _ := net.SplitHostPort(address)",
        "\t\tif urllib.IsNonPublicIP(net.ParseIP(host)) { return errRefused }",
        "\t\treturn nil",
        "\t}",
        '\treq, err := http.NewRequest("GET", requestURL, nil)',
        "\tif err != nil { return nil, err }",
        "\treturn r.client(dialer).Do(req)",
        "}",
      ].join("\n"),
      // A command decodes another server's response body; its own URL names a path with a word in it.
      "app/cmd/cleanup.go": [
        "package cmd",
        'import ("encoding/json"; "fmt"; "net/http")',
        "func (cc *CleanupCommand) listPosts() ([]PostInfo, error) {",
        '\tlistURL := fmt.Sprintf("%s/api/v1/list?site=%s", cc.RemarkURL, cc.Site)',
        "\tclient := http.Client{}",
        "\tr, err := client.Get(listURL)",
        "\tif err != nil { return nil, err }",
        "\tlist := []PostInfo{}",
        "\tif err = json.NewDecoder(r.Body).Decode(&list); err != nil { return nil, err }",
        "\treturn list, nil",
        "}",
      ].join("\n"),
      // The handler refuses internal addresses itself before handing the URL on.
      "src/server/page.go": [
        "package server",
        'import ("net/http"; "example.com/app/src/worker")',
        "func (s *Server) handlePageCrawl(w http.ResponseWriter, r *http.Request) {",
        '\turl := r.URL.Query().Get("url")',
        "\tif isInternalFromURL(url) { return }",
        "\tbody, _ := worker.GetBody(url)",
        "\tw.Write([]byte(body))",
        "}",
      ].join("\n"),
      "src/worker/crawler.go": [
        "package worker",
        'import ("io"; "net/http")',
        "func GetBody(url string) (string, error) {",
        "\tres, err := http.Get(url)",
        '\tif err != nil { return "", err }',
        "\tb, err := io.ReadAll(res.Body)",
        "\treturn string(b), err",
        "}",
      ].join("\n"),
      // FastAPI routes: a path parameter fills a fixed host's path; a link is used only once found among known ones.
      "lnbits/views/extension_api.py": [
        "from fastapi import APIRouter, HTTPException",
        "from lnbits.models.extensions import ExtensionConfig, fetch_details",
        "router = APIRouter()",
        '@router.get("/release/{org}/{repo}")',
        "async def get_release(org: str, repo: str):",
        "    return await ExtensionConfig.fetch_config(org, repo)",
        '@router.get("/details")',
        "async def get_details(ext_id: str, details_link: str):",
        "    releases = await get_releases(ext_id)",
        "    release = next((r for r in releases if r.details_link == details_link), None)",
        "    if not release:",
        "        raise HTTPException(404)",
        "    return await fetch_details(details_link)",
      ].join("\n"),
      "lnbits/models/extensions.py": [
        "import httpx",
        "class ExtensionConfig:",
        "    @classmethod",
        "    async def fetch_config(cls, org, repo):",
        '        config_url = f"https://raw.githubusercontent.com/{org}/{repo}/main/config.json"',
        "        return await api_get(config_url)",
        "async def api_get(url):",
        "    async with httpx.AsyncClient() as client:",
        "        return (await client.get(url)).json()",
        "async def fetch_details(details_link):",
        "    async with httpx.AsyncClient() as client:",
        "        return (await client.get(details_link)).json()",
      ].join("\n"),
      // An options object carries the request's body as data; its url is the request's own, not one it names.
      "relay/web.ts": [
        "import axios from 'axios';",
        "export async function execute(request: RelayRequest) {",
        "  const config = { url: request.url, method: request.method, data: request.body, headers: request.headers };",
        "  const response = await axios(config);",
        "  return response.data;",
        "}",
      ].join("\n"),
      // The loader refuses private addresses before requesting.
      "app/views.py": [
        "from app import loader",
        "def preview(request):",
        '    return loader.load(request.GET["url"])',
      ].join("\n"),
      "app/loader.py": [
        "import ipaddress, socket, requests",
        "def load(url):",
        "    host = urlparse(url).hostname",
        "    if ipaddress.ip_address(socket.gethostbyname(host)).is_private:",
        "        raise ValueError(url)",
        "    return requests.get(url, timeout=5).text",
      ].join("\n"),
      // The handler passes a stored record's id; the helper requests a fixed host.
      "server/items.ts": [
        "import { loadItem, share } from './client';",
        "export async function GET(req: Request) {",
        "  const { searchParams } = new URL(req.url);",
        "  const item = await loadItem(searchParams.get('id'));",
        "  const record = await db.item.findUnique({ where: { id: searchParams.get('id') } });",
        "  await share(record.url);",
        "  return Response.json(item);",
        "}",
      ].join("\n"),
      "server/client.ts": [
        "export async function loadItem(id: string) {",
        "  return fetch(`https://api.example.com/items/${id}`);",
        "}",
        "export async function share(link: string) {",
        "  return fetch(link);",
        "}",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("does not follow a Go multi-value result of a project call given request data (a storage driver's link), and still follows a request read", async () => {
    const findings = await findingsOf(ID, {
      "server/handles/down.go": [
        "package handles",
        'import ("net/http"; "net/url"; "github.com/gin-gonic/gin")',
        "func Proxy(c *gin.Context) {",
        '\trawPath := c.Param("path")',
        '\tlink, file, err := fs.Link(c, rawPath, model.LinkArgs{Header: c.Request.Header, Type: c.Query("type")})',
        "\tif err != nil { return }",
        '\treq, _ := http.NewRequest("GET", link.URL, nil)',
        "\thttp.DefaultClient.Do(req)",
        "\t_ = file",
        "}",
        "func Fetch(c *gin.Context) {",
        '\ttarget, err := url.Parse(c.Query("url"))',
        "\tif err != nil { return }",
        '\treq, _ := http.NewRequest("GET", target.String(), nil)',
        "\thttp.DefaultClient.Do(req)",
        "}",
        "func Get(c *gin.Context) {",
        '\ttarget := c.Query("url")',
        "\thttp.Get(target)",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["server/handles/down.go", 14],
      ["server/handles/down.go", 19],
    ]);
  });

  it("stays silent when a NestJS DTO validates the URL field for its destination, and fires on a shape-only @IsUrl()", async () => {
    const controller = (dto: string) =>
      [
        "import { Controller, Post, Query, Body } from '@nestjs/common';",
        `import { ${dto} } from '../dtos/webhooks.dto';`,
        "@Controller('/webhooks')",
        "export class WebhooksController {",
        "  @Post('/send')",
        `  async send(@Body() body: any, @Query() query: ${dto}) {`,
        "    await fetch(query.url, { method: 'POST', body: JSON.stringify(body) });",
        "    return { send: true };",
        "  }",
        "}",
      ].join("\n");
    const dtos = [
      "import { IsString, IsUrl, IsDefined } from 'class-validator';",
      "import { IsSafeWebhookUrl } from './webhook.url.validator';",
      "import { IsPublicTarget } from './target.validator';",
      "export class SafeUrl {",
      "  @IsString()",
      "  @IsUrl()",
      "  @IsSafeWebhookUrl({ message: 'must be a public HTTPS URL' })",
      "  url: string;",
      "}",
      "export class ListedUrl {",
      "  @IsUrl({ require_tld: true, host_whitelist: ['hooks.slack.com'] })",
      "  url: string;",
      "}",
      "export class TargetUrl {",
      "  @IsPublicTarget()",
      "  url: string;",
      "}",
      "export class ShapeUrl {",
      "  @IsString()",
      "  @IsUrl({ require_tld: true })",
      "  url: string;",
      "}",
    ].join("\n");
    const validator = [
      "import { registerDecorator, ValidationOptions } from 'class-validator';",
      "const BLOCKED = ['127.', '10.', '169.254.', '192.168.'];",
      "export function IsPublicTarget(options?: ValidationOptions) {",
      "  return function (object: object, propertyName: string) {",
      "    registerDecorator({ target: object.constructor, propertyName, options, validator: {",
      "      validate: (value: string) => !BLOCKED.some((prefix) => new URL(value).hostname.startsWith(prefix)),",
      "    } });",
      "  };",
      "}",
    ].join("\n");
    const findings = await findingsOf(ID, {
      "src/dtos/webhooks.dto.ts": dtos,
      "src/dtos/target.validator.ts": validator,
      "src/routes/safe.controller.ts": controller("SafeUrl"),
      "src/routes/listed.controller.ts": controller("ListedUrl"),
      "src/routes/target.controller.ts": controller("TargetUrl"),
      "src/routes/shape.controller.ts": controller("ShapeUrl"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["src/routes/shape.controller.ts", 7, "high"],
    ]);
  });
});
