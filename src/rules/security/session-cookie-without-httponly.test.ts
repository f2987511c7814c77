import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/session-cookie-without-httponly";

const goFile = (body: string): string =>
  `package web\n\nimport (\n\t"net/http"\n\t"time"\n)\n\nfunc login(w http.ResponseWriter, r *http.Request, id string, ttl time.Duration) {\n${body}\n}\n`;

describe(ID, () => {
  it("fires on a Go session cookie set without HttpOnly, directly or through a variable", async () => {
    const findings = await findingsOf(ID, {
      "web/session.go": goFile(
        [
          "\thttp.SetCookie(w, &http.Cookie{",
          '\t\tName:     "session",',
          "\t\tValue:    id,",
          '\t\tPath:     "/",',
          "\t\tSameSite: http.SameSiteStrictMode,",
          "\t})",
          '\tremember := &http.Cookie{Name: "remember_token", Value: id, Secure: true}',
          "\thttp.SetCookie(w, remember)",
        ].join("\n"),
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity, f.message])).toEqual([
      [
        9,
        "medium",
        "Cookie `session` is set without HttpOnly (nor Secure): any script running in the page can read the session it carries",
      ],
      [
        15,
        "medium",
        "Cookie `remember_token` is set without HttpOnly: any script running in the page can read the session it carries",
      ],
    ]);
  });

  it("stays silent on HttpOnly cookies, deleting cookies, preference and CSRF cookies, and request cookies", async () => {
    const findings = await findingsOf(ID, {
      "web/session.go": goFile(
        [
          '\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: id, HttpOnly: true, Secure: true})',
          '\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: "", MaxAge: -1})',
          '\thttp.SetCookie(w, &http.Cookie{Name: "theme", Value: id})',
          '\thttp.SetCookie(w, &http.Cookie{Name: "_csrf_token", Value: id})',
          '\thttp.SetCookie(w, &http.Cookie{Name: "session_active", Value: "true"})',
          '\thttp.SetCookie(w, &http.Cookie{Name: "auth_redirect", Value: r.URL.Path})',
          '\tr.AddCookie(&http.Cookie{Name: "session", Value: id})',
          '\tupstream := &http.Cookie{Name: "auth_token", Value: id}',
          "\tr.AddCookie(upstream)",
        ].join("\n"),
      ),
      "web/session_test.go": goFile('\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: id})'),
    });
    expect(findings).toEqual([]);
  });

  it("stays silent on a cookie an HTTP client sends upstream (resty SetCookie), and fires on echo's c.SetCookie", async () => {
    const findings = await findingsOf(ID, {
      "drivers/netdisk/util.go": [
        "package netdisk",
        "",
        'import (\n\t"net/http"\n\n\t"github.com/go-resty/resty/v2"\n\t"github.com/labstack/echo/v4"\n)',
        "",
        "type Disk struct{ client *resty.Client; UserToken string }",
        "",
        "func (d *Disk) newClient() *resty.Client {",
        "\tclient := resty.New()",
        '\tclient.SetCookie(&http.Cookie{Name: "USER_TOKEN", Value: d.UserToken, Path: "/"})',
        '\td.client.SetCookie(&http.Cookie{Name: "auth_token", Value: d.UserToken})',
        "\treturn client",
        "}",
        "",
        "func login(c echo.Context, id string) error {",
        '\tc.SetCookie(&http.Cookie{Name: "session", Value: id, Path: "/"})',
        "\treturn nil",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([20]);
  });

  it("reads gin's positional flags", async () => {
    const gin = (httpOnly: string): string =>
      `package web\n\nimport "github.com/gin-gonic/gin"\n\nfunc login(c *gin.Context, token string) {\n\tc.SetCookie("auth_token", token, 3600, "/", "", true, ${httpOnly})\n}\n`;
    expect((await findingsOf(ID, { "web/a.go": gin("false") })).map((f) => f.location?.startLine)).toEqual([
      6,
    ]);
    expect(await findingsOf(ID, { "web/a.go": gin("true") })).toEqual([]);
  });

  it("fires on Python set_cookie without httponly, and not with it or on a cleared cookie", async () => {
    const findings = await findingsOf(ID, {
      "app/views.py": [
        "def login(request):",
        "    response = JsonResponse({})",
        '    response.set_cookie("access_token", token, max_age=3600, secure=True)',
        '    response.set_cookie("access_token", token, max_age=3600, httponly=True)',
        '    response.set_cookie("access_token", "", max_age=0)',
        '    response.set_cookie("language", lang)',
        "    return response",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.message.includes("nor Secure")])).toEqual([
      [3, false],
    ]);
  });

  it("fires on Express res.cookie without httpOnly, and not on browser cookie helpers", async () => {
    const findings = await findingsOf(ID, {
      "server/auth.js": [
        "export function login(req, res) {",
        '  res.cookie("token", signJwt(req.user), { maxAge: 86400000 });',
        '  res.cookie("token", signJwt(req.user), { maxAge: 86400000, httpOnly: true });',
        '  res.cookie("token", "", { maxAge: 0 });',
        "  res.json({ ok: true });",
        "}",
        "",
      ].join("\n"),
      "web/public/cookies.js": [
        "export function remember(token) {",
        '  $.cookie("token", token, { expires: 7 });',
        '  Cookies.set("session", token);',
        "}",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([["server/auth.js", 2]]);
  });

  it("reads Hono's setCookie only when imported from hono/cookie", async () => {
    const hono = [
      'import { setCookie } from "hono/cookie";',
      'app.post("/login", (c) => {',
      '  setCookie(c, "session_id", id, { path: "/", secure: true });',
      "  return c.json({});",
      "});",
      "",
    ].join("\n");
    expect((await findingsOf(ID, { "src/app.ts": hono })).map((f) => f.location?.startLine)).toEqual([3]);
    const helper =
      'function setCookie(name, value, days) {\n  document.cookie = name + "=" + value;\n}\nsetCookie("session_id", id, 7);\n';
    expect(await findingsOf(ID, { "src/helper.js": helper })).toEqual([]);
  });

  it("keeps a cookie whose HttpOnly is written out as false low: the page reads it on purpose", async () => {
    const findings = await findingsOf(ID, {
      "web/session.go": goFile(
        '\thttp.SetCookie(w, &http.Cookie{Name: "attachment_token", Value: id, HttpOnly: false, Secure: true})',
      ),
    });
    expect(findings.map((f) => [f.severity, f.message.includes("on purpose")])).toEqual([["low", true]]);
  });

  it("keeps examples low", async () => {
    const findings = await findingsOf(ID, {
      "examples/web/session.go": goFile('\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: id})'),
    });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
  });
});
