// node/socketio-cors-any-origin: a socket.io / engine.io server whose CORS policy or allowRequest admits every origin.
import type { SgNode } from "@ast-grep/napi";
import {
  isToolingPath,
  localDeclarations,
  objectProperties,
  resolveLocal,
  stringValue,
} from "../../facts/node/ast.js";
import type { Severity } from "../../model/severity.js";
import { defineRule } from "../define-rule.js";
import { acceptsEverything, nestGateways, socketIoServers } from "../../facts/websockets/socket-io.js";

/** How a `cors.origin` value admits every origin: echoing the caller's origin back, or the literal `*`. */
type OriginPolicy = "reflect" | "wildcard" | null;

export default defineRule({
  id: "node/socketio-cors-any-origin",
  supersedes: ["security/cors-allow-all-origins"],
  area: "security",
  severity: "medium",
  title: "socket.io server accepts connections from any origin",
  effortMinutes: 20,
  confidence: "certain",
  languages: ["typescript", "tsx", "javascript"],
  prefilter: /socket\.io|engine\.io|WebSocketGateway/,
  docs: {
    rationale:
      "Since v3, socket.io refuses cross-origin HTTP long-polling unless the `cors` option allows the page's origin. `origin: true`, an origin function that always says yes, or `*` re-opens the server to every web site; with `credentials: true` and a reflected origin, any site's page connects with the visitor's cookies.",
    impact:
      "A page on any site can open a socket.io session as the visiting user (cross-site WebSocket hijacking): it receives the user's events and emits messages in their name.",
    fix: "List the front-end origins (from configuration) in `cors.origin`. The WebSocket transport is not covered by CORS at all, so also compare `req.headers.origin` with the same list in `allowRequest`.",
    example: {
      language: "typescript",
      bad: "const io = new Server(httpServer, {\n  cors: { origin: true, credentials: true },\n});",
      good: 'const io = new Server(httpServer, {\n  cors: { origin: config.allowedOrigins, credentials: true },\n  allowRequest: (req, callback) => callback(null, config.allowedOrigins.includes(req.headers.origin ?? "")),\n});',
    },
  },
  notes: [
    'Matched: the options of `new Server(...)`/`new IO.Server(...)`, `io(server, opts)`, `require("socket.io")(server, opts)` , engine.io `attach`/`listen`/`new Server` and NestJS `@WebSocketGateway(opts)` (socket.io with the default adapter), also through a same-file `const options = {...}`. Reported: `cors: true`, `cors.origin` set to `true`, `"*"`, a match-all regex, or a function that calls back `(null, true)` (or with the origin it was given) unconditionally, and an `allowRequest` that accepts every request.',
    "High when the origin is reflected (`true`, an always-yes function or match-all regex) and `credentials: true` is set: every site may then make credentialed requests and read the answers. Medium otherwise: with a literal `*` browsers refuse credentialed cross-origin reads, so only requests without cookies are opened. An always-yes `allowRequest` is medium: it is where the Origin check for the WebSocket transport belongs. Scripts, tools and examples are lowered to low.",
    'Low when `transports` lists only `"websocket"`: CORS governs only HTTP long-polling, which that setting turns off (node/websocket-missing-origin-check judges the handshake).',
    'Supersedes security/cors-allow-all-origins on the same lines, so `origin: "*"` in a socket.io options object is reported once, by this rule, with the socket.io-specific severity. Allow-lists (arrays, `["*"]` included: the cors package compares it literally) and functions with a condition are not reported.',
  ],
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const declarations = localDeclarations(tree);
    const lowered: Severity | undefined = isToolingPath(path) ? "low" : undefined;
    const optionObjects = [
      ...socketIoServers(tree, declarations).map((server) => server.options),
      ...nestGateways(tree, declarations).map((gateway) => gateway.options),
    ];
    for (const optionObject of optionObjects) {
      if (!optionObject) continue;
      const options = objectProperties(optionObject);
      // `transports: ["websocket"]` turns HTTP long-polling off, and CORS governs nothing else: the WebSocket
      // handshake is not subject to it (its Origin check belongs in allowRequest, reported below).
      const corsMoot = websocketOnly(resolveLocal(options.get("transports") ?? null, declarations));
      const cors = options.get("cors");
      const moot = corsMoot
        ? " (low: `transports` allows only WebSocket, and CORS governs only HTTP long-polling)"
        : "";
      const severityOf = (severity: Severity): Severity => (corsMoot ? "low" : (lowered ?? severity));
      const corsValue = resolveLocal(cors, declarations);
      if (cors && corsValue?.kind() === "true") {
        report({
          node: propertyOf(cors),
          message: `socket.io \`cors: true\` allows every origin (the cors package defaults to \`*\`)${moot}`,
          key: `socketio-cors:${folded(cors)}`,
          severity: severityOf("medium"),
        });
      } else if (corsValue?.kind() === "object") {
        const corsOptions = objectProperties(corsValue);
        const origin = corsOptions.get("origin");
        const policy = originPolicy(resolveLocal(origin, declarations));
        const credentials = resolveLocal(corsOptions.get("credentials"), declarations)?.kind() === "true";
        if (origin && policy) {
          const reflected = policy === "reflect";
          report({
            node: propertyOf(origin),
            message: `${
              reflected
                ? `socket.io CORS reflects every origin (\`${excerpt(origin)}\`)${credentials ? " with `credentials: true`: any site connects with the user's cookies" : ""}`
                : `socket.io CORS allows every origin (\`*\`)${credentials ? "; `credentials: true` beside it is refused by browsers for `*`, so the intent is unclear" : ""}`
            }${moot}`,
            key: `socketio-cors:${folded(origin)}:${credentials}`,
            severity: severityOf(reflected && credentials ? "high" : "medium"),
          });
        }
      }
      const allowRequest = options.get("allowRequest");
      if (allowRequest && acceptsEverything(resolveLocal(allowRequest, declarations))) {
        report({
          node: propertyOf(allowRequest),
          message:
            "socket.io `allowRequest` accepts every request: the WebSocket transport gets no Origin check at all",
          key: `socketio-allow-request:${folded(allowRequest)}`,
          severity: lowered ?? "medium",
        });
      }
    }
  },
});

/** `transports: ["websocket"]`: an array literal naming only the websocket transport. */
function websocketOnly(value: SgNode | null): boolean {
  if (value?.kind() !== "array") return false;
  const items = value.children().filter((c) => c.isNamed() && c.kind() !== "comment");
  return items.length > 0 && items.every((item) => stringValue(item) === "websocket");
}

function originPolicy(value: SgNode | null): OriginPolicy {
  if (!value) return null;
  if (value.kind() === "true") return "reflect";
  if (stringValue(value) === "*") return "wildcard";
  if (value.kind() === "regex") {
    const pattern = value.field("pattern")?.text() ?? "";
    return /^\^?\.[*+]\$?$/.test(pattern) ? "reflect" : null;
  }
  return acceptsEverything(value) ? "reflect" : null;
}

/** The `key: value` pair a property value belongs to (the value itself for shorthand properties). */
function propertyOf(value: SgNode): SgNode {
  const parent = value.parent();
  return parent?.kind() === "pair" ? parent : value;
}

function folded(node: SgNode): string {
  return node.text().replace(/\s+/g, "");
}

function excerpt(node: SgNode): string {
  const text = node.text().replace(/\s+/g, " ");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
