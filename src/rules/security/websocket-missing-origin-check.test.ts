import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "node/websocket-missing-origin-check";

const lines = (...text: string[]): string => text.join("\n") + "\n";
const at = (findings: Awaited<ReturnType<typeof findingsOf>>) =>
  findings.map((f) => [f.location?.path, f.location?.startLine, f.severity]);

describe(ID, () => {
  it("fires on servers that authenticate from the cookie or session without an Origin check", async () => {
    const findings = await findingsOf(ID, {
      // ws with express-session parsed in the upgrade handler (the ws README pattern)
      "src/ws-session.ts": lines(
        'import { WebSocketServer } from "ws";',
        'import session from "express-session";',
        "const sessionParser = session({ secret: env.SECRET, resave: false });",
        "const wss = new WebSocketServer({ noServer: true });",
        'server.on("upgrade", (request, socket, head) => {',
        "  sessionParser(request, {}, () => {",
        "    if (!request.session.userId) return socket.destroy();",
        '    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));',
        "  });",
        "});",
      ),
      // ws verifyClient that reads the session cookie through a helper of the same file
      "src/ws-verify.js": lines(
        'const WebSocket = require("ws");',
        'const cookie = require("cookie");',
        "function userFrom(req) {",
        '  const { sid } = cookie.parse(req.headers.cookie || "");',
        "  return sessions.get(sid);",
        "}",
        "const wss = new WebSocket.Server({",
        "  server,",
        "  verifyClient: (info, done) => done(Boolean(userFrom(info.req))),",
        "});",
      ),
      // express-ws route reading the session
      "src/express-ws.js": lines(
        'const expressWs = require("express-ws");',
        "expressWs(app);",
        'app.ws("/feed", (ws, req) => {',
        "  const user = req.session.user;",
        '  ws.on("message", (m) => handle(user, m));',
        "});",
      ),
      // @fastify/websocket route reading cookies (plugin registered elsewhere)
      "src/routes/live.ts": lines(
        "export default async function routes(fastify) {",
        '  fastify.get("/live", { websocket: true }, (socket, request) => {',
        "    const sid = request.cookies.sid;",
        "    subscribe(sid, socket);",
        "  });",
        "}",
      ),
      // uWebSockets.js upgrade handler reading the Cookie header
      "src/uws.js": lines(
        'const uWS = require("uWebSockets.js");',
        "uWS.App().ws('/*', {",
        "  upgrade: (res, req, context) => {",
        "    const user = sessionFromCookie(req.getHeader('cookie'));",
        "    res.upgrade({ user }, req.getHeader('sec-websocket-key'), '', '', context);",
        "  },",
        "}).listen(9001, () => {});",
      ),
      // socket.io sharing the express session
      "src/io.ts": lines(
        'import { Server } from "socket.io";',
        "const io = new Server(httpServer);",
        "io.engine.use(sessionMiddleware);",
        'io.on("connection", (socket) => {',
        "  const userId = socket.request.session.userId;",
        "});",
      ),
      // NestJS gateway whose session lookup is a method of the same class
      "src/realtime.gateway.ts": lines(
        'import { WebSocketGateway, OnGatewayConnection } from "@nestjs/websockets";',
        '@WebSocketGateway({ path: "/realtime" })',
        "export class RealtimeGateway implements OnGatewayConnection {",
        "  async handleConnection(client: WebSocket, request: IncomingMessage) {",
        "    const user = await this.userOf(request);",
        "  }",
        "  private userOf(request: IncomingMessage) {",
        "    return this.sessions.fromCookieHeader(request.headers.cookie);",
        "  }",
        "}",
      ),
      // a demo server → low
      "examples/chat/server.js": lines(
        'const { WebSocketServer } = require("ws");',
        "const wss = new WebSocketServer({ port: 8080 });",
        'wss.on("connection", (ws, req) => {',
        "  const session = sessions.get(parse(req.headers['cookie']).sid);",
        "});",
      ),
    });
    expect(at(findings)).toEqual([
      ["examples/chat/server.js", 2, "low"],
      ["src/express-ws.js", 3, "high"],
      ["src/io.ts", 2, "high"],
      ["src/realtime.gateway.ts", 2, "high"],
      ["src/routes/live.ts", 2, "high"],
      ["src/uws.js", 2, "high"],
      ["src/ws-session.ts", 4, "high"],
      ["src/ws-verify.js", 7, "high"],
    ]);
    const session = findings.find((f) => f.location?.path === "src/ws-session.ts");
    expect(session?.message).toContain("line 6");
  });

  it("is low when the package's cookies are sameSite lax or strict", async () => {
    const files = {
      "src/ws.ts": lines(
        'import { WebSocketServer } from "ws";',
        "const wss = new WebSocketServer({ server });",
        'wss.on("connection", (ws, req) => { const sid = req.headers.cookie; });',
      ),
      "src/session.ts":
        "export const sessionParser = session({ cookie: { sameSite: 'lax', secure: true } });\n",
    };
    const lax = await findingsOf(ID, files);
    expect(at(lax)).toEqual([["src/ws.ts", 2, "low"]]);
    expect(lax[0]?.message).toContain("src/session.ts:1");
    const none = await findingsOf(ID, {
      ...files,
      "src/embed.ts": 'res.cookie("embed", id, { sameSite: "none" });\n',
    });
    expect(at(none)).toEqual([["src/ws.ts", 2, "high"]]);
    const otherPackage = await findingsOf(ID, {
      "package.json": '{ "name": "app" }',
      "src/ws.ts": files["src/ws.ts"],
      "packages/admin/package.json": '{ "name": "admin" }',
      "packages/admin/src/session.ts": files["src/session.ts"],
    });
    expect(at(otherPackage)).toEqual([["src/ws.ts", 2, "high"]]);
  });

  it("is low when the server's package takes its session from Auth.js (SameSite=Lax cookies by default), high when it sets sameSite none", async () => {
    const files = {
      "package.json":
        '{ "name": "server", "dependencies": { "@auth/core": "0.34.3", "socket.io": "^4.7.0" } }',
      "src/ws.ts": lines(
        'import { Server } from "socket.io";',
        "const io = new Server(httpServer, { cors: { origin: '*' } });",
        "io.use(async (socket, next) => { const s = await getAuthSession(socket.request.headers.cookie); next(); });",
      ),
    };
    const lax = await findingsOf(ID, files);
    expect(at(lax)).toEqual([["src/ws.ts", 2, "low"]]);
    expect(lax[0]?.message).toContain("@auth/core");
    const none = await findingsOf(ID, {
      ...files,
      "src/auth.ts":
        "export const authConfig = { cookies: { sessionToken: { options: { sameSite: 'none' } } } };\n",
    });
    expect(at(none)).toEqual([["src/ws.ts", 2, "high"]]);
    const without = await findingsOf(ID, {
      ...files,
      "package.json": '{ "name": "server", "dependencies": { "socket.io": "^4.7.0" } }',
    });
    expect(at(without)).toEqual([["src/ws.ts", 2, "high"]]);
  });

  it("stays silent on Origin checks, token auth, unauthenticated servers, clients and tests", async () => {
    const findings = await findingsOf(ID, {
      // verifyClient compares the origin before reading the cookie
      "src/origin-checked.js": lines(
        'const { WebSocketServer } = require("ws");',
        "const wss = new WebSocketServer({",
        "  server,",
        "  verifyClient: (info, done) => {",
        "    if (!allowed.includes(info.origin)) return done(false, 403);",
        "    done(Boolean(sessionFor(info.req.headers.cookie)));",
        "  },",
        "});",
      ),
      // upgrade handler with an origin helper
      "src/origin-helper.ts": lines(
        'import { WebSocketServer } from "ws";',
        "const wss = new WebSocketServer({ noServer: true });",
        'server.on("upgrade", (req, socket, head) => {',
        "  if (!isAllowedOrigin(req)) return socket.destroy();",
        "  const user = req.session.user;",
        '  wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));',
        "});",
      ),
      // token in the URL: nothing ambient for another site to borrow
      "src/token.ts": lines(
        'import { WebSocketServer } from "ws";',
        "const wss = new WebSocketServer({ server });",
        'wss.on("connection", (ws, req) => {',
        '  const token = new URL(req.url ?? "", "http://x").searchParams.get("token");',
        "  const user = verifyJwt(token);",
        "});",
      ),
      // Authorization header
      "src/bearer.js": lines(
        'const WebSocket = require("ws");',
        "const wss = new WebSocket.Server({ port: 8080 });",
        'wss.on("connection", (ws, req) => { const user = verify(req.headers.authorization); });',
      ),
      // cookie read only by an HTTP route; the socket is public
      "src/mixed.js": lines(
        'const { WebSocketServer } = require("ws");',
        'app.get("/me", (req, res) => res.json(req.session.user));',
        "const wss = new WebSocketServer({ server });",
        'wss.on("connection", (ws) => ws.send("tick"));',
      ),
      // verifyClient from another module: the rule cannot tell whether it checks Origin
      "src/opaque.ts": lines(
        'import { WebSocketServer } from "ws";',
        'import { verifyClient } from "./auth";',
        "const wss = new WebSocketServer({ server, verifyClient });",
        'wss.on("connection", (ws, req) => { const sid = req.headers.cookie; });',
      ),
      // socket.io with allowRequest checking the origin
      "src/io-checked.ts": lines(
        'import { Server } from "socket.io";',
        "const io = new Server(httpServer, {",
        "  allowRequest: (req, cb) => cb(null, origins.includes(req.headers.origin)),",
        "});",
        'io.on("connection", (socket) => { const id = socket.request.session.userId; });',
      ),
      // a cookie that is a preference, not a credential
      "src/theme.ts": lines(
        'import { WebSocketServer } from "ws";',
        "const wss = new WebSocketServer({ server });",
        'wss.on("connection", (ws, req) => {',
        '  const { theme, lang } = cookie.parse(req.headers.cookie ?? "");',
        "  ws.send(render(theme, lang));",
        "});",
      ),
      // browser and Node clients
      "src/client/live.tsx": lines(
        'const socket = new WebSocket("wss://api.example.com/live");',
        "socket.onopen = () => socket.send(document.cookie);",
      ),
      "src/bot.js": lines(
        'const WebSocket = require("ws");',
        'const ws = new WebSocket(url, { headers: { Cookie: "sid=" + sid } });',
        'ws.on("open", () => ws.send(session.id));',
      ),
      "test/ws.test.js": lines(
        'const { WebSocketServer } = require("ws");',
        "const wss = new WebSocketServer({ port: 0 });",
        'wss.on("connection", (ws, req) => { const s = req.session; });',
      ),
    });
    expect(at(findings)).toEqual([]);
  });
});
