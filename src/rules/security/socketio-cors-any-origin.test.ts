import { describe, expect, it } from "vitest";
import { analyseFiles, findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "node/socketio-cors-any-origin";
const GENERAL = "security/cors-allow-all-origins";

const at = (findings: Awaited<ReturnType<typeof findingsOf>>) =>
  findings.map((f) => [f.location?.path, f.location?.startLine, f.severity]);

describe(ID, () => {
  it("fires on wildcard, reflected and always-yes origins of socket.io servers", async () => {
    const findings = await findingsOf(ID, {
      "src/realtime.ts": [
        'import { Server } from "socket.io";',
        "export const io = new Server(httpServer, {",
        "  cors: { origin: (origin, cb) => cb(null, true), credentials: true },",
        "});",
      ].join("\n"),
      "src/legacy.js": [
        'const io = require("socket.io")(server, {',
        '  cors: { origin: "*" },',
        "  allowRequest: (req, callback) => {",
        "    callback(null, true);",
        "  },",
        "});",
      ].join("\n"),
      "src/ns.ts": [
        'import IO from "socket.io";',
        "const options = { cors: { origin: true, credentials: true } };",
        "const io = new IO.Server(server, options);",
        "const other = new IO.Server(3001, { cors: true });",
      ].join("\n"),
      "src/star-credentials.js": [
        'const { Server } = require("socket.io");',
        'const io = new Server({ cors: { origin: "*", credentials: true } });',
      ].join("\n"),
      "src/events.gateway.ts": [
        'import { WebSocketGateway } from "@nestjs/websockets";',
        '@WebSocketGateway({ cors: { origin: "*" } })',
        "export class EventsGateway {}",
      ].join("\n"),
      "examples/chat/index.js": ['const io = require("socket.io")(http, { cors: { origin: "*" } });'].join(
        "\n",
      ),
    });
    expect(at(findings)).toEqual([
      ["examples/chat/index.js", 1, "low"],
      ["src/events.gateway.ts", 2, "medium"],
      ["src/legacy.js", 2, "medium"],
      ["src/legacy.js", 3, "medium"],
      ["src/ns.ts", 2, "high"],
      ["src/ns.ts", 4, "medium"],
      ["src/realtime.ts", 3, "high"],
      ["src/star-credentials.js", 2, "medium"],
    ]);
  });

  it("replaces the general wildcard-origin finding on the same line, and only there", async () => {
    const result = await analyseFiles({
      "src/realtime.js": [
        'const { Server } = require("socket.io");',
        "const io = new Server(server, {",
        '  cors: { origin: "*", credentials: true },',
        "});",
      ].join("\n"),
      "src/app.js": 'const cors = require("cors");\napp.use(cors({ origin: "*" }));\n',
    });
    const of = (id: string) => at(result.findings.filter((f) => f.ruleId === id));
    expect(of(ID)).toEqual([["src/realtime.js", 3, "medium"]]);
    expect(of(GENERAL)).toEqual([["src/app.js", 2, "low"]]);
  });

  it("stays silent on allow-lists, conditional origin functions, clients and tests", async () => {
    const findings = await findingsOf(ID, {
      "src/list.ts": [
        'import { Server } from "socket.io";',
        "const io = new Server(server, {",
        '  cors: { origin: ["https://app.example.com", "https://admin.example.com"], credentials: true },',
        "  allowRequest: (req, cb) => cb(null, allowed.has(req.headers.origin)),",
        "});",
      ].join("\n"),
      "src/fn.ts": [
        'import { Server } from "socket.io";',
        "const io = new Server(server, {",
        "  cors: {",
        "    origin: (origin, cb) => {",
        "      if (!origin || allowList.includes(origin)) return cb(null, true);",
        '      cb(new Error("origin not allowed"));',
        "    },",
        "  },",
        "});",
      ].join("\n"),
      "src/config.ts": [
        'import { Server } from "socket.io";',
        "const io = new Server(server, { cors: { origin: env.CORS_ORIGIN } });",
      ].join("\n"),
      "src/client.ts": [
        'import { io } from "socket.io-client";',
        'const socket = io("https://api.example.com", { withCredentials: true });',
      ].join("\n"),
      "src/other.ts": 'const s = new Server(server, { cors: { origin: "*" } });\n',
      "test/realtime.test.ts": [
        'import { Server } from "socket.io";',
        'const io = new Server(server, { cors: { origin: "*" } });',
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });
  it("is low when transports allow only WebSocket, medium when polling stays on (near miss)", async () => {
    const gateway = (transports: string) =>
      [
        "import { WebSocketGateway } from '@nestjs/websockets';",
        `@WebSocketGateway({ cors: { origin: '*' }, transports: ${transports} })`,
        "export class Gateway {}",
        "",
      ].join("\n");
    const findings = await findingsOf("node/socketio-cors-any-origin", {
      "src/ws.gateway.ts": gateway("['websocket']"),
      "src/events.gateway.ts": gateway("['websocket', 'polling']"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["src/events.gateway.ts", "medium"],
      ["src/ws.gateway.ts", "low"],
    ]);
    expect(findings[1]?.message).toContain("CORS governs only HTTP long-polling");
  });
});
