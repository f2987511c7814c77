// node/websocket-missing-origin-check: a WebSocket server that identifies the user from cookies or the session but
// never reads the Origin header (cross-site WebSocket hijacking). The servers are found by the websockets facts pack.
import { isToolingPath } from "../../facts/node/ast.js";
import type { Severity } from "../../model/severity.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "node/websocket-missing-origin-check",
  area: "security",
  severity: "high",
  title: "Cookie-authenticated WebSocket server never checks the Origin header",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["typescript", "tsx", "javascript"],
  docs: {
    rationale:
      "Browsers attach cookies to a WebSocket handshake from any web site and the same-origin policy does not apply to WebSockets, so the Origin header is the server's only way to tell its own pages from someone else's. A server that identifies the user from the session cookie and never compares Origin accepts connections that any page opened in the user's browser.",
    impact:
      "Cross-site WebSocket hijacking: a page on any site the user visits opens a socket as the user, reads everything the server pushes to them and sends messages in their name.",
    fix: "Reject the upgrade unless `req.headers.origin` is one of the application's own origins (in `verifyClient`, the `upgrade` handler, or socket.io's `allowRequest`), or authenticate with a token the page has to send explicitly instead of the cookie.",
    example: {
      language: "typescript",
      bad: 'server.on("upgrade", (req, socket, head) => {\n  sessionParser(req, {} as ServerResponse, () => {\n    if (!req.session.userId) return socket.destroy();\n    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));\n  });\n});',
      good: 'server.on("upgrade", (req, socket, head) => {\n  if (!config.allowedOrigins.includes(req.headers.origin ?? "")) return socket.destroy();\n  sessionParser(req, {} as ServerResponse, () => {\n    if (!req.session.userId) return socket.destroy();\n    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));\n  });\n});',
    },
  },
  notes: [
    'Servers: `ws` (`new WebSocketServer`, `new WebSocket.Server`), socket.io/engine.io, uWebSockets.js and express-ws `.ws("/path", …)` routes, @fastify/websocket routes (`{ websocket: true }`) and NestJS `@WebSocketGateway` classes (their `handleConnection`). The connection path is the `connection`/`upgrade` handlers, `handleUpgrade` callbacks, `verifyClient`/`handleProtocols`/`allowRequest`, socket.io `use` middleware and the route\'s handlers and hooks, plus the functions of the same file they call (by name, or `this.method()` in the same class).',
    'Ambient credentials read on that path: the Cookie header (`headers.cookie`, `getHeader("cookie")`), `req.cookies`/`signedCookies`, `req.session` (also `socket.request.session`, `socket.handshake.session`), a function named after the session or cookies called with the request (`sessionParser(req, {}, next)`, `this.sessions.fromRequest(request)`), socket.io `io.engine.use(sessionMiddleware)`, and `req.user`/`req.isAuthenticated()` when the file sets up session middleware. Cookies are not counted when every cookie the code picks by name is plainly not a credential (`cookies.theme`, `const { lang } = cookie.parse(req.headers.cookie)`).',
    'Not reported, by design: servers that authenticate with a token in the URL, a header or the first message, or not at all — without an ambient credential a cross-site page gains nothing it could not get by connecting itself. Also silent when anything in the file reads an Origin (`headers.origin`, `info.origin`, `getHeader("origin")`, a destructured `origin`) or calls a function named after it (`checkOrigin(req)`), or when `verifyClient`/`allowRequest` is a function from another module the rule cannot read. A socket.io `cors.origin` allow-list does not count: CORS governs HTTP long-polling only, never the WebSocket transport.',
    'One finding per file, at the first server. Lowered to low when the code of the same npm package (nearest package.json) sets cookies `sameSite: "strict"` or `"lax"` (and never `"none"`): browsers then keep them off cross-site handshakes, so only a page on a sibling subdomain of the same site could ride them; an Origin check is then defence in depth. Also low when that package declares a session library whose cookies are SameSite=Lax unless configured otherwise (Auth.js `@auth/*` and `next-auth`, better-auth, Lucia) and nothing in it sets `sameSite: \"none\"`. Lowered to low in scripts, tools and examples; test files are skipped.',
  ],
  check({ facts, report }) {
    const packageDirs = (facts.node?.packages ?? []).filter((p) => !p.marker).map((p) => p.dir);
    const settings = facts.websockets.cookieSameSite.filter((setting) => !setting.isTest);
    for (const file of facts.websockets.files) {
      const [server] = file.servers;
      const [credential] = file.credentials;
      if (file.isTest || !server || !credential) continue;
      if (file.originChecks.length > 0 || file.opaqueVerifiers.length > 0) continue;
      // Cookies of the same npm package as the server: another package's (or a library's) settings say nothing here.
      const own = packageOf(file.path, packageDirs);
      const sameSite = settings.filter((setting) => packageOf(setting.path, packageDirs) === own);
      const keptOffCrossSite =
        sameSite.length > 0 &&
        sameSite.every((setting) => setting.value === "lax" || setting.value === "strict");
      const cookieSetting = sameSite[0];
      // A session library whose cookies are SameSite=Lax unless configured otherwise, declared by the server's own
      // package, with no `sameSite: "none"` written anywhere in it.
      const ownManifest = own === "" ? "package.json" : `${own}/package.json`;
      const laxLibrary = sameSite.every((setting) => setting.value === "lax" || setting.value === "strict")
        ? (facts.node?.dependencies.declared ?? []).find(
            (dep) => dep.manifest === ownManifest && LAX_BY_DEFAULT.test(dep.name),
          )?.name
        : undefined;
      const severity: Severity =
        isToolingPath(file.path) || keptOffCrossSite || laxLibrary !== undefined ? "low" : "high";
      report({
        path: file.path,
        line: server.line,
        endLine: server.endLine,
        message: `WebSocket connections are authenticated from ${credential.text} (line ${credential.line}) but nothing in this file checks the Origin header${
          keptOffCrossSite && cookieSetting
            ? ` (cookies are set \`sameSite: "${cookieSetting.value}"\` at ${cookieSetting.path}:${cookieSetting.line}, which keeps them off cross-site handshakes in current browsers)`
            : laxLibrary !== undefined
              ? ` (the session cookies come from ${laxLibrary}, which sets them SameSite=Lax unless configured otherwise, and nothing here sets \`sameSite: "none"\`: browsers keep them off cross-site handshakes)`
              : ""
        }`,
        key: `cswsh:${server.text}`,
        severity,
        related: [
          ...file.credentials
            .slice(0, 5)
            .map((read) => ({ path: file.path, startLine: read.line, endLine: read.endLine })),
          ...(keptOffCrossSite && cookieSetting
            ? [{ path: cookieSetting.path, startLine: cookieSetting.line, endLine: cookieSetting.line }]
            : []),
        ],
      });
    }
  },
});

/**
 * Session libraries whose cookies are SameSite=Lax by default: Auth.js (`@auth/core` and its framework packages,
 * `next-auth`), better-auth, Lucia.
 */
const LAX_BY_DEFAULT = /^(@auth\/[\w-]+|next-auth|better-auth|lucia)$/;

/** The folder of the nearest package.json above a path ("" for the root package, or when there is none). */
function packageOf(path: string, packageDirs: readonly string[]): string {
  return packageDirs
    .filter((dir) => dir === "" || path.startsWith(`${dir}/`))
    .reduce((best, dir) => (dir.length > best.length ? dir : best), "");
}
