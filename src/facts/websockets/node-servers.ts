// File analyzer: the WebSocket servers a JS/TS file runs, what their connection path reads to identify the user
// (cookies, the session), whether the file reads the Origin header, and the cookie `sameSite` settings it makes.
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer } from "../define.js";
import {
  asFunction,
  firstArgument,
  lineOf,
  localDeclarations,
  moduleBindings,
  objectProperties,
  resolveLocal,
  stringValue,
} from "../node/ast.js";
import { NODE_LANGUAGES } from "../node/imports.js";
import { nestGateways, socketIoServers } from "./socket-io.js";

/** A place in the file: 1-based lines and a short description or excerpt. */
export interface WebSocketEvidence {
  line: number;
  endLine: number;
  text: string;
}

export interface WebSocketServerSite extends WebSocketEvidence {
  library: "ws" | "socket.io" | "express-ws/uWebSockets.js" | "@fastify/websocket" | "NestJS" | "handler";
}

export interface WebSocketFileFacts {
  /** Servers created or routes registered in this file (`handler` sites when the server comes from elsewhere). */
  servers: WebSocketServerSite[];
  /** Ambient credentials (cookie, session) read on the connection path. */
  credentials: WebSocketEvidence[];
  /** Reads of an Origin anywhere in the file, or calls named after it (`checkOrigin(req)`). */
  originChecks: WebSocketEvidence[];
  /** `verifyClient`/`allowRequest` functions from another module: what they check cannot be read here. */
  opaqueVerifiers: WebSocketEvidence[];
  /** Cookie `sameSite` options set in this file (`"lax"`, `"strict"`, `"none"`; `true` is strict). */
  sameSite: Array<{ line: number; value: string }>;
}

const WS_MODULES = ["ws", "isomorphic-ws"];
/** Modules whose presence makes `.on("connection" | "upgrade")` handlers in the file part of a WebSocket server. */
const SERVER_MODULES = [
  ...WS_MODULES,
  "uWebSockets.js",
  "@fastify/websocket",
  "fastify-websocket",
  "express-ws",
  "socket.io",
  "engine.io",
  "@nestjs/websockets",
];
/** Session middleware: with one of these in the file, `req.user` comes from the session cookie. */
const SESSION_MODULES = [
  "express-session",
  "cookie-session",
  "@fastify/session",
  "@fastify/secure-session",
  "koa-session",
];
const CONNECTION_EVENTS = new Set(["connection", "connect", "upgrade"]);
const LISTEN_METHODS = new Set(["on", "once", "addListener", "prependListener"]);
/** Hooks of a fastify route that run before the WebSocket handler, and the handlers themselves. */
const ROUTE_FUNCTIONS = new Set([
  "handler",
  "wsHandler",
  "preValidation",
  "preHandler",
  "onRequest",
  "preParsing",
]);
/** Objects that are the HTTP request of a handshake: `req`, `request`, `info.req`, `ws.upgradeReq`, `socket.handshake`, `socket.request`. */
const REQUEST_LIKE = /(^|\.)(req|request|upgradeReq|handshake)$/i;
/** Cookie names that carry who the user is; `theme`, `lang` or `locale` do not. */
const CREDENTIAL_COOKIE =
  /sess|sid|token|auth|jwt|user|login|connect|ident|account|remember|access|refresh|key|secret|credential|^id$|_id$|Id$/i;

export const nodeWebSocketServersAnalyzer = defineAnalyzer<WebSocketFileFacts>({
  id: "node-websocket-servers",
  languages: NODE_LANGUAGES,
  needsTree: true,
  prefilter: (text) =>
    /["'](?:ws|isomorphic-ws|socket\.io|engine\.io|uWebSockets\.js|express-ws|@fastify\/websocket|fastify-websocket|@nestjs\/websockets)["']|\.ws\s*\(|websocket\s*:\s*true|sameSite/i.test(
      text,
    ),
  analyze({ tree }) {
    if (!tree) return undefined;
    const declarations = localDeclarations(tree);
    const facts: WebSocketFileFacts = {
      servers: [],
      credentials: [],
      originChecks: [],
      opaqueVerifiers: [],
      sameSite: sameSiteSettings(tree),
    };
    const entries: SgNode[] = [];
    const credentialNodes: Array<{ node: SgNode; text: string }> = [];
    /** Handlers registered on a server created elsewhere (`export function attach(wss) { wss.on("connection", …) }`). */
    const handlerSites: SgNode[] = [];
    const addServer = (node: SgNode, library: WebSocketServerSite["library"]): void => {
      facts.servers.push({ ...evidence(node, firstLine(node)), library });
    };
    /** Adds the function a handler value is (inline or declared in this file); an imported verifier is opaque. */
    const addHandler = (value: SgNode | null | undefined, isVerifier: boolean): void => {
      const fn = asFunction(resolveLocal(value, declarations));
      if (fn) entries.push(fn);
      else if (isVerifier && value)
        facts.opaqueVerifiers.push(evidence(value, firstLine(value.parent() ?? value)));
    };

    // ws servers and their verifyClient/handleProtocols options
    const ws = moduleBindings(tree, WS_MODULES);
    for (const created of tree.findAll({ rule: { kind: "new_expression" } })) {
      const constructor = created.field("constructor");
      const isWsServer =
        (constructor?.kind() === "identifier" &&
          ["Server", "WebSocketServer"].includes(ws.named.get(constructor.text()) ?? "")) ||
        (constructor?.kind() === "member_expression" &&
          ws.namespaces.has(constructor.field("object")?.text() ?? "") &&
          ["Server", "WebSocketServer"].includes(constructor.field("property")?.text() ?? ""));
      if (!isWsServer) continue;
      addServer(created, "ws");
      const options = resolveLocal(firstArgument(created), declarations);
      if (options?.kind() !== "object") continue;
      const properties = objectProperties(options);
      addHandler(properties.get("verifyClient"), true);
      addHandler(properties.get("handleProtocols"), false);
    }

    // socket.io / engine.io servers and their allowRequest
    const ioServers = socketIoServers(tree, declarations);
    const ioVariables = ioServers.flatMap((s) => (s.variable ? [s.variable] : []));
    for (const server of ioServers) {
      addServer(server.node, "socket.io");
      if (server.options) addHandler(objectProperties(server.options).get("allowRequest"), true);
    }

    // NestJS gateways: handleConnection(client, request) runs once the handshake is accepted
    for (const gateway of nestGateways(tree, declarations)) {
      addServer(gateway.decorator, "NestJS");
      entries.push(...gateway.handlers);
    }

    const importsServerModule = importsAny(tree, SERVER_MODULES);
    for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
      const callee = call.field("function");
      if (callee?.kind() !== "member_expression") continue;
      const args = argumentsOf(call);
      const method = callee.field("property")?.text() ?? "";
      const receiver = callee.field("object")?.text() ?? "";
      if (LISTEN_METHODS.has(method)) {
        // .on("connection" | "upgrade", handler): the handshake and what runs right after it
        if (importsServerModule && CONNECTION_EVENTS.has(stringValue(args[0]) ?? "")) {
          handlerSites.push(call);
          addHandler(args[1], false);
        }
      } else if (method === "handleUpgrade") {
        if (importsServerModule) addHandler(args[args.length - 1], false);
      } else if (
        method === "use" &&
        ioVariables.some((v) => receiver === v || receiver.startsWith(`${v}.`))
      ) {
        // io.use(fn), io.engine.use(sessionMiddleware), io.use(wrap(sessionMiddleware))
        for (const arg of args) {
          if (/session/i.test(arg.text()) && !asFunction(arg))
            credentialNodes.push({ node: call, text: `the session (\`${excerpt(call)}\`)` });
          else addHandler(arg, false);
        }
      } else if (method === "ws" && stringValue(args[0]) !== null) {
        // express-ws `app.ws("/path", ...handlers)`, uWebSockets.js `app.ws("/*", { upgrade, open, message })`
        addServer(call, "express-ws/uWebSockets.js");
        for (const arg of args.slice(1)) {
          const value = resolveLocal(arg, declarations);
          if (value?.kind() === "object")
            for (const member of objectProperties(value).values()) addHandler(member, false);
          else addHandler(arg, false);
        }
      }
      // @fastify/websocket: fastify.get("/ws", { websocket: true }, handler) or fastify.route({ websocket: true, handler })
      const routeOptions = args
        .map((arg) => resolveLocal(arg, declarations))
        .find((arg) => arg?.kind() === "object" && objectProperties(arg).get("websocket")?.kind() === "true");
      if (routeOptions) {
        addServer(call, "@fastify/websocket");
        for (const [name, member] of objectProperties(routeOptions))
          if (ROUTE_FUNCTIONS.has(name)) addHandler(member, false);
        for (const arg of args) if (asFunction(resolveLocal(arg, declarations))) addHandler(arg, false);
      }
    }
    if (facts.servers.length === 0)
      for (const site of handlerSites.slice(0, 1))
        facts.servers.push({ ...evidence(site, firstLine(site)), library: "handler" });

    const sessionInFile = importsAny(tree, SESSION_MODULES) || /\bpassport\.session\s*\(/.test(tree.text());
    credentialNodes.push(...credentialReads(withCallees(entries, declarations), sessionInFile));
    facts.credentials = credentialNodes
      .sort((a, b) => lineOf(a.node) - lineOf(b.node))
      .map((read) => evidence(read.node, read.text));
    if (facts.servers.length === 0) return facts.sameSite.length > 0 ? facts : undefined;
    facts.originChecks = originChecks(tree);
    return facts;
  },
});

function evidence(node: SgNode, text: string): WebSocketEvidence {
  return { line: lineOf(node), endLine: node.range().end.line + 1, text };
}

function firstLine(node: SgNode): string {
  return excerpt(node.text().split("\n")[0] ?? "");
}

function excerpt(text: string | SgNode): string {
  const folded = (typeof text === "string" ? text : text.text()).replace(/\s+/g, " ").trim();
  return folded.length > 80 ? `${folded.slice(0, 77)}...` : folded;
}

/** Whether the file imports or requires one of the modules (type-only imports included). */
function importsAny(tree: SgNode, modules: readonly string[]): boolean {
  for (const statement of tree.findAll({ rule: { kind: "import_statement" } }))
    if (modules.includes(stringValue(statement.field("source")) ?? "")) return true;
  return tree
    .findAll({ rule: { kind: "call_expression" } })
    .some(
      (call) =>
        call.field("function")?.text() === "require" &&
        modules.includes(stringValue(firstArgument(call)) ?? ""),
    );
}

function argumentsOf(call: SgNode): SgNode[] {
  return (
    call
      .field("arguments")
      ?.children()
      .filter((c) => c.isNamed() && c.kind() !== "comment") ?? []
  );
}

/**
 * The entry functions and, transitively, the functions of this file they call: by name (`authenticate(req)`)
 * or, inside a class, as a method of the same class (`this.userFromSession(req)`).
 */
function withCallees(entries: readonly SgNode[], declarations: Map<string, SgNode>): SgNode[] {
  const seen = new Map<number, SgNode>();
  const queue = [...entries];
  for (let fn = queue.shift(); fn; fn = queue.shift()) {
    if (seen.has(fn.id())) continue;
    seen.set(fn.id(), fn);
    for (const call of fn.findAll({ rule: { kind: "call_expression" } })) {
      const callee = call.field("function");
      const target =
        callee?.kind() === "identifier"
          ? asFunction(resolveLocal(callee, declarations))
          : callee?.kind() === "member_expression" && callee.field("object")?.kind() === "this"
            ? methodOfEnclosingClass(call, callee.field("property")?.text() ?? "")
            : null;
      if (target && !seen.has(target.id())) queue.push(target);
    }
  }
  return [...seen.values()];
}

function methodOfEnclosingClass(node: SgNode, name: string): SgNode | null {
  const body = node.ancestors().find((a) => a.kind() === "class_body");
  return (
    body
      ?.children()
      .find((member) => member.kind() === "method_definition" && member.field("name")?.text() === name) ??
    null
  );
}

/** Reads of an ambient credential (cookie, session) inside the given functions. */
function credentialReads(
  functions: readonly SgNode[],
  sessionInFile: boolean,
): Array<{ node: SgNode; text: string }> {
  const reads = new Map<number, { node: SgNode; text: string }>();
  const add = (node: SgNode, text: string): void => {
    if (!reads.has(node.id())) reads.set(node.id(), { node, text });
  };
  /** Cookies count unless every cookie name the code picks is plainly not a credential (`cookies.theme`). */
  const addCookie = (node: SgNode, text: string, jar: SgNode): void => {
    const names = cookieNamesPicked(jar);
    if (!names || names.some((name) => CREDENTIAL_COOKIE.test(name))) add(node, text);
  };
  for (const fn of functions) {
    for (const member of fn.findAll({ rule: { kind: "member_expression" } })) {
      const property = member.field("property")?.text() ?? "";
      const object = member.field("object")?.text() ?? "";
      if (property === "cookie" && /(^|\.)headers$/.test(object))
        addCookie(member, "the Cookie header", parsedBy(member));
      else if (property === "cookies" || property === "signedCookies")
        addCookie(member, `\`${excerpt(member)}\``, member);
      else if (property === "session" && REQUEST_LIKE.test(object))
        add(member, `the session (\`${excerpt(member)}\`)`);
      else if (
        (property === "user" || property === "isAuthenticated") &&
        sessionInFile &&
        REQUEST_LIKE.test(object)
      )
        add(member, `the session user (\`${excerpt(member)}\`)`);
    }
    for (const subscript of fn.findAll({ rule: { kind: "subscript_expression" } })) {
      if (
        /^cookie$/i.test(stringValue(subscript.field("index")) ?? "") &&
        /headers$/.test(subscript.field("object")?.text() ?? "")
      )
        addCookie(subscript, "the Cookie header", parsedBy(subscript));
    }
    for (const call of fn.findAll({ rule: { kind: "call_expression" } })) {
      const args = argumentsOf(call);
      const callee = call.field("function");
      if (/^cookie$/i.test(stringValue(args[0]) ?? "") && callee?.kind() === "member_expression")
        addCookie(call, "the Cookie header", parsedBy(call));
      else if (args[0] && REQUEST_LIKE.test(args[0].text())) {
        // sessionParser(req, {}, next), parseCookies(request), this.sessions.fromRequest(request)
        const name =
          callee?.kind() === "identifier"
            ? callee.text()
            : callee?.kind() === "member_expression"
              ? (callee.field("property")?.text() ?? "")
              : "";
        if (/session|cookie/i.test(name)) {
          const shown = `${excerpt(callee?.text() ?? name)}(${excerpt(args[0].text())}${args.length > 1 ? ", …" : ""})`;
          add(call, `${/cookie/i.test(name) ? "the cookies" : "the session"} (\`${shown}\`)`);
        }
      }
    }
  }
  return [...reads.values()];
}

/** The call that parses a raw Cookie header (`cookie.parse(req.headers.cookie)`), or the header read itself. */
function parsedBy(header: SgNode): SgNode {
  // Through defaults and casts: `cookie.parse(req.headers.cookie ?? "")`, `parse(req.headers.cookie as string)`.
  let value = header;
  for (let parent = value.parent(); parent; parent = value.parent()) {
    const kind = parent.kind();
    const isDefault =
      kind === "binary_expression" &&
      parent.field("left")?.id() === value.id() &&
      /^(\?\?|\|\|)$/.test(parent.field("operator")?.text() ?? "");
    if (
      !isDefault &&
      kind !== "parenthesized_expression" &&
      kind !== "as_expression" &&
      kind !== "non_null_expression"
    )
      break;
    value = parent;
  }
  const call = value.parent()?.kind() === "arguments" ? value.parent()?.parent() : null;
  return call?.kind() === "call_expression" ? call : value;
}

/**
 * The cookie names code picks from a cookie jar expression: `jar.sid`, `jar["sid"]`, `const { sid, theme } = jar`;
 * null when the whole jar is used or the name is computed.
 */
function cookieNamesPicked(jar: SgNode): string[] | null {
  const parent = jar.parent();
  if (!parent) return null;
  if (parent.kind() === "member_expression" && parent.field("object")?.id() === jar.id())
    return [parent.field("property")?.text() ?? ""];
  if (parent.kind() === "subscript_expression" && parent.field("object")?.id() === jar.id()) {
    const name = stringValue(parent.field("index"));
    return name === null ? null : [name];
  }
  const pattern = parent.kind() === "variable_declarator" ? parent.field("name") : null;
  if (pattern?.kind() !== "object_pattern") return null;
  const names: string[] = [];
  for (const part of pattern.children().filter((c) => c.isNamed())) {
    if (part.kind() === "shorthand_property_identifier_pattern") names.push(part.text());
    else if (part.kind() === "pair_pattern")
      names.push(stringValue(part.field("key")) ?? part.field("key")?.text() ?? "");
    else if (part.kind() === "object_assignment_pattern") names.push(part.field("left")?.text() ?? "");
    else return null;
  }
  return names;
}

/**
 * Reads of an Origin anywhere in the file: `headers.origin`, `info.origin`, `headers["origin"]`,
 * `getHeader("origin")`, `const { origin } = req.headers`, and calls named after it (`checkOrigin(req)`).
 * Keys of option objects (`cors: { origin: list }`) are configuration, not a check, and do not count.
 */
function originChecks(tree: SgNode): WebSocketEvidence[] {
  const found: SgNode[] = [];
  for (const member of tree.findAll({ rule: { kind: "member_expression" } }))
    if (/^origin$/i.test(member.field("property")?.text() ?? "")) found.push(member);
  for (const subscript of tree.findAll({ rule: { kind: "subscript_expression" } }))
    if (/^origin$/i.test(stringValue(subscript.field("index")) ?? "")) found.push(subscript);
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    const callee = call.field("function");
    const name =
      callee?.kind() === "member_expression"
        ? callee.field("property")?.text()
        : callee?.kind() === "identifier"
          ? callee.text()
          : null;
    if (/^origin$/i.test(stringValue(firstArgument(call)) ?? "") || (name && /origin/i.test(name)))
      found.push(call);
  }
  for (const pattern of tree.findAll({
    rule: { any: [{ kind: "shorthand_property_identifier_pattern" }, { kind: "pair_pattern" }] },
  }))
    if (
      /^origin$/i.test(
        pattern.kind() === "pair_pattern" ? (pattern.field("key")?.text() ?? "") : pattern.text(),
      )
    )
      found.push(pattern);
  return found
    .sort((a, b) => lineOf(a) - lineOf(b))
    .slice(0, 5)
    .map((node) => evidence(node, excerpt(node)));
}

/** Cookie `sameSite` options: `sameSite: "lax"`, `sameSite: 'Strict'`, `sameSite: true` (express: strict). */
function sameSiteSettings(tree: SgNode): Array<{ line: number; value: string }> {
  const out: Array<{ line: number; value: string }> = [];
  for (const pair of tree.findAll({ rule: { kind: "pair" } })) {
    if (!/^["']?sameSite["']?$/i.test(pair.field("key")?.text() ?? "")) continue;
    const value = pair.field("value");
    const text = stringValue(value)?.toLowerCase() ?? (value?.kind() === "true" ? "strict" : null);
    if (text === "strict" || text === "lax" || text === "none") out.push({ line: lineOf(pair), value: text });
  }
  return out;
}
