import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "go/websocket-without-read-limit";

const server = (body: string) =>
  `package ws\n\nimport (\n\t"net/http"\n\n\t"github.com/gorilla/websocket"\n)\n\nvar upgrader = websocket.Upgrader{}\n\n${body}\n`;

const handler = [
  "func serve(w http.ResponseWriter, r *http.Request) {",
  "\tconn, err := upgrader.Upgrade(w, r, nil)",
  "\tif err != nil {",
  "\t\treturn",
  "\t}",
  "%LIMIT%",
  "\tfor {",
  "\t\t_, msg, err := conn.ReadMessage()",
  "\t\tif err != nil {",
  "\t\t\treturn",
  "\t\t}",
  "\t\t_ = msg",
  "\t}",
  "}",
].join("\n");

describe(ID, () => {
  it("fires when a gorilla server reads messages with no SetReadLimit", async () => {
    const findings = await findingsOf(ID, {
      "internal/ws/server.go": server(handler.replace("%LIMIT%", "")),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([18]);
  });

  it("is low when only signed-in users reach the upgrade", async () => {
    const wrapped = handler
      .replace("%LIMIT%", "")
      .replace(
        "func serve(w http.ResponseWriter, r *http.Request) {",
        "var serve = withUser(func(w http.ResponseWriter, r *http.Request) {",
      )
      .replace(/}$/, "})");
    const findings = await findingsOf(ID, { "internal/ws/server.go": server(wrapped) });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
  });

  it("stays silent with SetReadLimit in the package, for dial-only clients and on nhooyr", async () => {
    expect(
      await findingsOf(ID, {
        "internal/ws/server.go": server(handler.replace("%LIMIT%", "")),
        "internal/ws/client.go":
          'package ws\n\nimport "github.com/gorilla/websocket"\n\nconst maxMessageSize = 512\n\nfunc limit(c *websocket.Conn) {\n\tc.SetReadLimit(maxMessageSize)\n}\n',
        "pkg/remote/client.go":
          'package remote\n\nimport "github.com/gorilla/websocket"\n\nfunc read() {\n\tc, _, _ := websocket.DefaultDialer.Dial("wss://example.com", nil)\n\t_, _, _ = c.ReadMessage()\n}\n',
        "pkg/nh/nh.go":
          'package nh\n\nimport (\n\t"net/http"\n\n\t"nhooyr.io/websocket"\n)\n\nfunc serve(w http.ResponseWriter, r *http.Request) {\n\tc, _ := websocket.Accept(w, r, nil)\n\t_, _, _ = c.Read(r.Context())\n}\n',
      }),
    ).toEqual([]);
  });
});
