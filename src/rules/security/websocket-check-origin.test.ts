import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/websocket-check-origin", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/websocket-check-origin", {
      "internal/app/app.go": pkg(
        `"net/http"\n"github.com/gorilla/websocket"`,
        "var up = websocket.Upgrader{\n\tCheckOrigin: func(r *http.Request) bool { return true },\n}\n\nfunc f(u *websocket.Upgrader) {\n\tu.CheckOrigin = func(r *http.Request) bool {\n\t\treturn true\n\t}\n}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([9, 13]);
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
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [10, "low"],
      [15, "high"],
    ]);
  });
});
