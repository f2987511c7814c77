import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";

describe("websockets facts", () => {
  it("records servers, credentials read on the connection path, Origin reads and sameSite settings", async () => {
    const { facts, areaFacts } = await analyseFiles({
      "src/live.ts": [
        'import { WebSocketServer } from "ws";',
        "const wss = new WebSocketServer({ noServer: true });",
        'server.on("upgrade", (req, socket, head) => {',
        '  if (req.headers.origin !== "https://app.example.com") return socket.destroy();',
        "  const sid = req.headers.cookie;",
        "});",
      ].join("\n"),
      "src/session.ts": "export const parser = session({ cookie: { sameSite: 'strict' } });\n",
      "src/client.ts": 'const socket = new WebSocket("wss://example.com");\n',
    });
    expect(facts.websockets.files).toEqual([
      {
        path: "src/live.ts",
        isTest: false,
        servers: [{ line: 2, endLine: 2, text: "new WebSocketServer({ noServer: true })", library: "ws" }],
        credentials: [{ line: 5, endLine: 5, text: "the Cookie header" }],
        originChecks: [{ line: 4, endLine: 4, text: "req.headers.origin" }],
        opaqueVerifiers: [],
      },
    ]);
    expect(facts.websockets.cookieSameSite).toEqual([
      { path: "src/session.ts", line: 1, value: "strict", isTest: false },
    ]);
    expect(areaFacts.filter((f) => f.label.startsWith("WebSocket server"))).toEqual([
      {
        area: "security",
        label: "WebSocket server (ws)",
        value: "src/live.ts: identifies the user from the Cookie header; reads the Origin (line 4)",
        location: { path: "src/live.ts", startLine: 2, endLine: 2 },
      },
    ]);
  });
});
