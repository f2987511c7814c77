// socket.io and engine.io servers in a JS/TS file and NestJS gateways (socket.io by default), with their options
// objects, and callback-style checks (`(req, cb) => cb(null, true)`) that accept everything. Shared by the
// websockets facts and the socket.io rules.
import type { SgNode } from "@ast-grep/napi";
import {
  firstArgument,
  asFunction,
  moduleBindings,
  parameterNames,
  resolveLocal,
  stringValue,
} from "../node/ast.js";

const SOCKET_IO_MODULES = ["socket.io", "engine.io"];

export interface SocketIoServer {
  /** The `new Server(...)`, `require("socket.io")(...)` or `engine.attach(...)` expression. */
  node: SgNode;
  /** The options object literal (followed through a same-file `const`), or null when there is none or it is computed. */
  options: SgNode | null;
  /** The variable the server is stored in (`io`), when it is stored in one. */
  variable: string | null;
}

/** socket.io and engine.io servers created in a file: `new Server(http, opts)`, `new IO.Server(...)`, `io(http, opts)`, `require("socket.io")(http, opts)`, `engine.attach(http, opts)`. */
export function socketIoServers(tree: SgNode, declarations: Map<string, SgNode>): SocketIoServer[] {
  const bindings = moduleBindings(tree, SOCKET_IO_MODULES);
  const isRequireOfModule = (node: SgNode | null): boolean =>
    node?.kind() === "call_expression" &&
    node.field("function")?.text() === "require" &&
    SOCKET_IO_MODULES.includes(stringValue(firstArgument(node)) ?? "");
  const isNamespace = (node: SgNode | null): boolean =>
    !!node &&
    ((node.kind() === "identifier" && bindings.namespaces.has(node.text())) || isRequireOfModule(node));
  const servers: SocketIoServer[] = [];
  for (const node of tree.findAll({
    rule: { any: [{ kind: "new_expression" }, { kind: "call_expression" }] },
  })) {
    const target = node.kind() === "new_expression" ? node.field("constructor") : node.field("function");
    if (!target) continue;
    let isServer = false;
    if (target.kind() === "identifier")
      isServer =
        isNamespace(target) ||
        (node.kind() === "new_expression" && bindings.named.get(target.text()) === "Server");
    else if (target.kind() === "member_expression" && isNamespace(target.field("object"))) {
      const property = target.field("property")?.text() ?? "";
      isServer =
        node.kind() === "new_expression"
          ? property === "Server"
          : property === "attach" || property === "listen";
    } else if (isRequireOfModule(target)) isServer = true;
    if (!isServer) continue;
    const args =
      node
        .field("arguments")
        ?.children()
        .filter((c) => c.isNamed() && c.kind() !== "comment") ?? [];
    const last = resolveLocal(args[args.length - 1], declarations);
    servers.push({
      node,
      options: last?.kind() === "object" ? last : null,
      variable: storedIn(node),
    });
  }
  return servers;
}

export interface NestGateway {
  /** The `@WebSocketGateway(...)` decorator. */
  decorator: SgNode;
  /** Its options object (socket.io server options with the default adapter), or null. */
  options: SgNode | null;
  /** The `handleConnection` methods of the decorated class. */
  handlers: SgNode[];
}

/** NestJS `@WebSocketGateway(port?, options?)` classes: the decorator, its options and the `handleConnection` methods. */
export function nestGateways(tree: SgNode, declarations: Map<string, SgNode>): NestGateway[] {
  const gateways: NestGateway[] = [];
  for (const decorator of tree.findAll({ rule: { kind: "decorator" } })) {
    const expression = decorator.children().find((c) => c.isNamed());
    const call = expression?.kind() === "call_expression" ? expression : null;
    const name = call ? call.field("function")?.text() : expression?.text();
    if (name !== "WebSocketGateway") continue;
    const parent = decorator.parent();
    const declaration =
      parent?.kind() === "class_declaration" || parent?.kind() === "class"
        ? parent
        : parent?.children().find((c) => c.kind() === "class_declaration" || c.kind() === "class");
    const handlers =
      declaration
        ?.field("body")
        ?.children()
        .filter((m) => m.kind() === "method_definition" && m.field("name")?.text() === "handleConnection") ??
      [];
    const args =
      call
        ?.field("arguments")
        ?.children()
        .filter((c) => c.isNamed() && c.kind() !== "comment") ?? [];
    const options = resolveLocal(args[args.length - 1], declarations);
    gateways.push({ decorator, options: options?.kind() === "object" ? options : null, handlers });
  }
  return gateways;
}

/** The variable or property an expression is assigned to (`const io = …`, `this.io = …`). */
function storedIn(node: SgNode): string | null {
  const parent = node.parent();
  if (parent?.kind() === "variable_declarator" && parent.field("name")?.kind() === "identifier")
    return parent.field("name")?.text() ?? null;
  if (parent?.kind() === "assignment_expression") return parent.field("left")?.text() ?? null;
  return null;
}

/**
 * True for a callback-style check that always says yes: a function whose last parameter (the callback) is called
 * exactly once, as a top-level statement not preceded by a `return` or `throw`, with `true` (or, for a CORS origin
 * function, the origin it was given) as the second argument: `(origin, cb) => cb(null, true)`, `function (req, callback) { log(req); callback(null, true); }`.
 */
export function acceptsEverything(node: SgNode | null): boolean {
  const fn = asFunction(node);
  if (!fn) return false;
  const params = parameterNames(fn);
  const callback = params[params.length - 1];
  if (params.length < 2 || !callback) return false;
  const calls = fn
    .findAll({ rule: { kind: "call_expression" } })
    .filter((call) => call.field("function")?.text() === callback);
  const call = calls[0];
  if (calls.length !== 1 || !call) return false;
  const args =
    call
      .field("arguments")
      ?.children()
      .filter((c) => c.isNamed() && c.kind() !== "comment") ?? [];
  const [error, verdict] = args;
  if (args.length !== 2 || !error || !verdict) return false;
  if (error.kind() !== "null" && error.text() !== "undefined") return false;
  if (verdict.kind() !== "true" && !(verdict.kind() === "identifier" && verdict.text() === params[0]))
    return false;
  const body = fn.field("body");
  if (!body) return false;
  if (body.id() === call.id()) return true;
  if (body.kind() !== "statement_block") return false;
  const statements = body.children().filter((c) => c.isNamed() && c.kind() !== "comment");
  const index = statements.findIndex((s) => s.id() === call.parent()?.id());
  if (index < 0) return false;
  const statement = statements[index];
  if (statement?.kind() !== "expression_statement" && statement?.kind() !== "return_statement") return false;
  return !statements
    .slice(0, index)
    .some(
      (s) =>
        s.has({ rule: { any: [{ kind: "return_statement" }, { kind: "throw_statement" }] } }) ||
        s.kind() === "return_statement" ||
        s.kind() === "throw_statement",
    );
}
