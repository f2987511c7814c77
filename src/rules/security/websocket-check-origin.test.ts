import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;
// A sign-in handler that sets a session cookie: browsers then send it on a cross-site WebSocket handshake.
const LOGIN = {
  "internal/auth/login.go": pkg(
    `"net/http"`,
    'func login(w http.ResponseWriter, r *http.Request) {\n\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: newSession()})\n}',
  ),
};

describe("go/websocket-check-origin", () => {
  it("fires on the true case", async () => {
    const app = {
      "internal/app/app.go": pkg(
        `"net/http"\n"github.com/gorilla/websocket"`,
        "var up = websocket.Upgrader{\n\tCheckOrigin: func(r *http.Request) bool { return true },\n}\n\nfunc f(u *websocket.Upgrader) {\n\tu.CheckOrigin = func(r *http.Request) bool {\n\t\treturn true\n\t}\n}",
      ),
    };
    const findings = await findingsOf("go/websocket-check-origin", { ...app, ...LOGIN });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [9, "high"],
      [13, "high"],
    ]);
    // Near-miss: a service that authenticates by header or token only (no cookie anywhere) exposes no session.
    const tokenOnly = await findingsOf("go/websocket-check-origin", app);
    expect(tokenOnly.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [9, "low"],
      [13, "low"],
    ]);
    expect(tokenOnly[0]?.message).toContain("no Go code of this project reads or sets cookies");
  });

  it("is low in examples, scripts and tools", async () => {
    const findings = await findingsOf("go/websocket-check-origin", {
      "examples/chat/main.go": pkg(
        `"net/http"\n"github.com/gorilla/websocket"`,
        "var up = websocket.Upgrader{\n\tCheckOrigin: func(r *http.Request) bool { return true },\n}",
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["examples/chat/main.go", "low"]]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/websocket-check-origin", {
        "internal/app/app.go": pkg(
          `"net/http"\n"github.com/gorilla/websocket"`,
          'var up = websocket.Upgrader{\n\tCheckOrigin: func(r *http.Request) bool {\n\t\tif r.Header.Get("Origin") == "" {\n\t\t\treturn true\n\t\t}\n\t\treturn allowed[r.Header.Get("Origin")]\n\t},\n}\nvar up2 = websocket.Upgrader{ReadBufferSize: 1024}',
        ),
      }),
    ).toEqual([]);
  });
  it("is low where a comment says why every origin is accepted", async () => {
    const findings = await findingsOf("go/websocket-check-origin", {
      "internal/api/socket.go": pkg(
        `"net/http"\n"github.com/gorilla/websocket"`,
        "var socketUpgrader = websocket.Upgrader{\n\t// Clients are media players, not browsers; the connection authenticates with ?api_key=, not a cookie.\n\tCheckOrigin: func(*http.Request) bool { return true },\n}\n\nvar eventsUpgrader = websocket.Upgrader{\n\tReadBufferSize: 1024,\n\tCheckOrigin:    func(*http.Request) bool { return true },\n}",
      ),
      ...LOGIN,
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [10, "low"],
      [15, "high"],
    ]);
  });
});
