// Express / Koa-router routers in one file: the routes registered on each router with the middlewares named on them,
// the `.use(...)` calls that mount other routers (with the middlewares put in front of them), and what the file
// imports and exports, so the collector can follow a mount across files (`router.use('/user', auth, user)`).
import type { SgNode } from "@ast-grep/napi";
import { lineOf, stringValue } from "../node/ast.js";

/** Middleware names that authenticate or authorise (passport.authenticate(...), requireAuth, isAuthenticated, …). */
const AUTH_NAME =
  /auth|login|logged|session|jwt|token|passport|protect|guard|permission|role|admin|requireUser|currentUser|verifyUser|acl|api_?key/i;
/** Namespaces whose members validate or render (`validators.login`), whatever the member is called. */
const NOT_A_GUARD_OWNER =
  /^(?:validators?|validations?|validate|schemas?|locals|views?|renders?|templates?)$/i;
/** Names of middlewares that read the user when there is one and let anonymous callers through. */
const OPTIONAL_AUTH_NAME = /loose|optional|maybe|possibly|soft|lenient|anon|guest|public/i;

/**
 * The auth middleware an argument of a route or `.use` names, judged by the last segment of each name in it
 * (`asyncHandler(auth.jwt)` → `jwt`; `auth.featureAccess(...)` names a feature check in an auth module, not a
 * guard): `required` when it refuses anonymous callers by its name, `optional` when its name says it lets them
 * through (`jwtLoose`, `optionalAuth`), or null.
 */
export function authMiddlewareKind(text: string): "required" | "optional" | null {
  let found: "required" | "optional" | null = /(?:^|[^\w$.])can\s*\(/.test(text) ? "required" : null;
  // Names only: a string argument (`viewTemplate("partials/auth/form")`) says nothing of what the middleware does.
  const code = text.replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, '""');
  for (const chain of code.match(/[\w$]+(?:\s*\.\s*[\w$]+)*/g) ?? []) {
    const parts = chain.split(".").map((part) => part.trim());
    const last = parts[parts.length - 1] ?? "";
    // `validators.login`, `schemas.createAdmin`: the validation of a form, named after the form.
    if (!AUTH_NAME.test(last) || parts.slice(0, -1).some((part) => NOT_A_GUARD_OWNER.test(part))) continue;
    if (OPTIONAL_AUTH_NAME.test(last)) return "optional";
    found = "required";
  }
  return found;
}

/** Whether a middleware's text names an auth middleware that refuses anonymous callers. */
export const isRequiredAuthMiddleware = (text: string): boolean => authMiddlewareKind(text) === "required";

/** A request hook that authenticates: `server.addHook("onRequest", verifyJwt)`. */
export interface ExpressAuthHook {
  receiver: string;
  /** The hook's name (`onRequest`, `preHandler` …). */
  hook: string;
  line: number;
}

// Fastify hooks that run before the handler, where a gateway refuses a request.
const REQUEST_HOOK = /^(?:onRequest|preParsing|preValidation|preHandler)$/;
// What an inline hook does when it authenticates: answers 401, or verifies a token or session.
const REFUSES_UNAUTHENTICATED =
  /\b401\b|unauthori[sz]ed|\b(?:checkToken|verifyToken|jwtVerify|verifyJwt|authenticate\w*|requireAuth\w*)\s*\(/i;

/** A route registered on a router: `router.post('/users/:id', requireAuth, handler)`. */
export interface ExpressRouteSite {
  /** The router's expression as written (`router`, `app`, `this.router`). */
  receiver: string;
  /** Lower-case method (`get`, `post`, … `all`). */
  method: string;
  /** The URL path as written (`/users/:id`). */
  urlPath: string;
  /** Texts of the arguments between the path and the handler. */
  middlewares: string[];
  line: number;
  endLine: number;
  /** First line of the call. */
  snippet: string;
  /**
   * How the handler reads the request body (`req.body`, `ctx.request.body`), or null when it does not or when the
   * handler is defined in another file (not followed).
   */
  bodyRead?: string | null;
  /** The first schema validation in the route's middlewares or its handler (`body("email")`, `.parse(`), or null. */
  validation?: string | null;
}

/** A `.use(...)` call on a router: `router.use('/user', isAuthenticated(), userRoutes)`. */
export interface ExpressUseSite {
  receiver: string;
  prefix: string | null;
  /** Texts of the arguments that are not routers (middlewares), in order. */
  middlewares: string[];
  /** Local names of the routers mounted (`userRoutes`; `sub` for Koa's `sub.routes()`), in argument order. */
  routers: string[];
  /** For each entry of `routers`, how many middlewares come before it in the call. */
  middlewaresBefore: number[];
  line: number;
}

/** What a local name is bound to by an import: the specifier and the imported name (`default` for a default import). */
export interface ExpressImport {
  specifier: string;
  imported: string;
}

export interface ExpressFileFacts {
  routes: ExpressRouteSite[];
  uses: ExpressUseSite[];
  /**
   * Fastify request hooks that refuse unauthenticated requests (`server.addHook("preHandler", async (req, reply) => {
   * … checkToken(bearer) … reply.status(401) })`, or a hook function named like auth): a gateway for every route of
   * the instance and of the plugins registered on it.
   */
  authHooks?: ExpressAuthHook[];
  /** Local names bound by imports or `require` calls. */
  imports: Record<string, ExpressImport>;
  /** Names of routers created in this file (`const router = Router()`, `new KoaRouter()`). */
  routers: string[];
  /** The local name exported as default (`export default router`, `module.exports = router`), or null. */
  defaultExport: string | null;
  /** Exported names bound to local names (`export const userRouter = Router()`, `export { r as users }`). */
  namedExports: Record<string, string>;
}

const METHODS = new Set(["get", "post", "put", "patch", "delete", "all"]);
// HTTP clients: `axios.delete(url, config)` sends a request, it registers nothing.
const HTTP_CLIENT = /^(axios|ky|got|superagent|needle|\$http|(this\.)?http|(\w+\.)*\w*[Cc]lient)$/;
// A server route is a path (`/users/:id`, `*`); a URL (`https://…`, `${baseUrl}/x`) is where a client sends a request.
const ROUTE_PATH = /^[/*]/;
// Router factories: Express `Router()` / `express.Router()`, Koa's `new Router()` / `new KoaRouter()`.
const ROUTER_FACTORY = /^(?:new\s+)?(?:\w+\.)?(?:Router|KoaRouter|PromiseRouter)\s*[(<]/;

function argumentsOf(call: SgNode): SgNode[] {
  return (call.field("arguments")?.children() ?? []).filter((c) => c.isNamed() && c.kind() !== "comment");
}

function requiredSpecifier(node: SgNode | null | undefined): string | null {
  if (node?.kind() !== "call_expression" || node.field("function")?.text() !== "require") return null;
  return stringValue(argumentsOf(node)[0]);
}

function importsOf(tree: SgNode, imports: Record<string, ExpressImport>): void {
  for (const statement of tree.findAll({ rule: { kind: "import_statement" } })) {
    const specifier = stringValue(statement.field("source"));
    const clause = statement.children().find((child) => child.kind() === "import_clause");
    if (specifier === null || !clause) continue;
    for (const part of clause.children()) {
      if (part.kind() === "identifier") imports[part.text()] = { specifier, imported: "default" };
      else if (part.kind() === "named_imports")
        for (const spec of part.children().filter((c) => c.kind() === "import_specifier")) {
          const name = spec.field("name")?.text();
          const alias = spec.field("alias")?.text();
          if (name) imports[alias ?? name] = { specifier, imported: name };
        }
    }
  }
}

function declarationsOf(tree: SgNode, facts: ExpressFileFacts): void {
  for (const declarator of tree.findAll({ rule: { kind: "variable_declarator" } })) {
    const name = declarator.field("name");
    const value = declarator.field("value");
    if (!name || !value) continue;
    const specifier = requiredSpecifier(value) ?? requiredSpecifier(value.field("object"));
    if (specifier !== null && name.kind() === "identifier") {
      // `const user = require('./user')` (CommonJS default) or `require('./user').default`.
      facts.imports[name.text()] = { specifier, imported: "default" };
    } else if (specifier !== null && name.kind() === "object_pattern") {
      for (const child of name.children()) {
        if (child.kind() === "shorthand_property_identifier_pattern")
          facts.imports[child.text()] = { specifier, imported: child.text() };
        else if (child.kind() === "pair_pattern") {
          const key = child.field("key")?.text();
          const local = child.field("value")?.text();
          if (key && local) facts.imports[local] = { specifier, imported: key };
        }
      }
    } else if (name.kind() === "identifier" && ROUTER_FACTORY.test(value.text())) {
      facts.routers.push(name.text());
    }
  }
}

function exportsOf(tree: SgNode, facts: ExpressFileFacts): void {
  for (const statement of tree.findAll({ rule: { kind: "export_statement" } })) {
    const text = statement.text();
    if (/^export\s+default\s/.test(text)) {
      const value = statement.field("value") ?? statement.field("declaration");
      if (value?.kind() === "identifier") facts.defaultExport = value.text();
      continue;
    }
    for (const declarator of statement.findAll({ rule: { kind: "variable_declarator" } })) {
      const name = declarator.field("name");
      if (name?.kind() === "identifier") facts.namedExports[name.text()] = name.text();
    }
    for (const spec of statement.findAll({ rule: { kind: "export_specifier" } })) {
      const name = spec.field("name")?.text();
      const alias = spec.field("alias")?.text();
      if (name) facts.namedExports[alias ?? name] = name;
    }
  }
  for (const assignment of tree.findAll({ rule: { kind: "assignment_expression" } })) {
    const left = assignment.field("left")?.text().replace(/\s+/g, "");
    const right = assignment.field("right");
    if (!left || right?.kind() !== "identifier") continue;
    if (left === "module.exports" || left === "exports.default") facts.defaultExport = right.text();
    else if (/^(?:module\.)?exports\.\w+$/.test(left))
      facts.namedExports[left.slice(left.lastIndexOf(".") + 1)] = right.text();
  }
}

/** The local router an argument of `.use` names: `user`, `sub.routes()`, `sub.middleware()`, or null. */
function routerArgument(arg: SgNode, known: ReadonlySet<string>): string | null {
  if (arg.kind() === "identifier") return known.has(arg.text()) ? arg.text() : null;
  if (arg.kind() === "call_expression") {
    const callee = arg.field("function");
    const object = callee?.kind() === "member_expression" ? callee.field("object") : null;
    const property = callee?.field("property")?.text();
    if (object?.kind() === "identifier" && (property === "routes" || property === "middleware"))
      return known.has(object.text()) ? object.text() : null;
  }
  return null;
}

const FUNCTION_KINDS = new Set(["arrow_function", "function_expression", "function", "function_declaration"]);
/**
 * Validation middlewares: express-validator chains and schemas (`body("email").isEmail()`, `checkSchema(…)`),
 * celebrate/joi, and anything named for validating (`validate(schema)`, `validateBody`, `zodMiddleware(schema)`).
 */
const VALIDATION_MIDDLEWARE =
  /(?<![\w$.])(?:body|check|checkSchema|checkExact|oneOf|param|query|celebrate|zod\w*|joi\w*)\s*\(|valid|schema|sanitiz/i;
// In a handler: a schema's parse or validate call, or express-validator's result.
const VALIDATION_CALL =
  /(?<!JSON)\.(?:parse|safeParse|parseAsync|safeParseAsync|validate|validateSync|validateAsync|assert)\s*\(|(?<![.\w$])(?:validationResult|matchedData|validate\w*|assert\w*|plainToInstance|plainToClass)\s*\(/;

/** Functions declared in the file by name: `function create(req, res) {…}`, `const create = async (req, res) => …`. */
function localFunctions(tree: SgNode): Map<string, SgNode> {
  const functions = new Map<string, SgNode>();
  for (const node of tree.findAll({
    rule: { any: [{ kind: "function_declaration" }, { kind: "variable_declarator" }] },
  })) {
    const name = node.field("name");
    const fn = node.kind() === "function_declaration" ? node : node.field("value");
    if (name?.kind() === "identifier" && fn && FUNCTION_KINDS.has(String(fn.kind())))
      functions.set(name.text(), fn);
  }
  return functions;
}

/** The handler function a route's last argument is: inline, wrapped (`asyncHandler(async (req, res) => …)`), or local. */
function handlerFunction(arg: SgNode, functions: ReadonlyMap<string, SgNode>): SgNode | null {
  if (FUNCTION_KINDS.has(String(arg.kind()))) return arg;
  if (arg.kind() === "identifier") return functions.get(arg.text()) ?? null;
  if (arg.kind() === "call_expression") {
    const inner = argumentsOf(arg).at(-1);
    return inner ? handlerFunction(inner, functions) : null;
  }
  return null;
}

/** `req.body` / `ctx.request.body` on the handler's first parameter (Express's request, Koa's context). */
function bodyReadOf(handler: SgNode): string | null {
  const params = handler.field("parameters") ?? handler.field("parameter");
  const first =
    params?.kind() === "identifier"
      ? params
      : params?.children().find((c) => c.isNamed() && c.kind() !== "comment");
  const name = (first?.field("pattern") ?? first)?.text();
  if (!name || !/^[\w$]+$/.test(name)) return null;
  const text = handler.field("body")?.text() ?? "";
  const param = name.replace(/\$/g, "\\$");
  // Koa's `ctx.body = …` is the response; its request body is `ctx.request.body`.
  const match =
    new RegExp(`\\b${param}\\.request\\.body\\b`).exec(text) ??
    new RegExp(`\\b${param}\\.body\\b(?!\\s*=[^=])`).exec(text);
  return match ? match[0] : null;
}

function callsOf(tree: SgNode, facts: ExpressFileFacts): void {
  const known = new Set([...facts.routers, ...Object.keys(facts.imports)]);
  let functions: Map<string, SgNode> | null = null;
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    const fn = call.field("function");
    if (fn?.kind() !== "member_expression") continue;
    const method = fn.field("property")?.text() ?? "";
    const receiver = fn.field("object");
    if (!receiver || !/^(identifier|member_expression)$/.test(String(receiver.kind()))) continue;
    const args = argumentsOf(call);
    if (method === "use") {
      const prefix = stringValue(args[0]);
      const rest = prefix === null ? args : args.slice(1);
      const use: ExpressUseSite = {
        receiver: receiver.text(),
        prefix,
        middlewares: [],
        routers: [],
        middlewaresBefore: [],
        line: lineOf(call),
      };
      for (const arg of rest) {
        const router = routerArgument(arg, known);
        if (router !== null) {
          use.routers.push(router);
          use.middlewaresBefore.push(use.middlewares.length);
        } else use.middlewares.push(arg.text().replace(/\s+/g, " ").slice(0, 120));
      }
      facts.uses.push(use);
      continue;
    }
    if (method === "addHook") {
      const hook = stringValue(args[0]);
      const fn = args[1];
      if (hook === null || !REQUEST_HOOK.test(hook) || !fn) continue;
      const refuses =
        fn.kind() === "identifier" || fn.kind() === "member_expression"
          ? isRequiredAuthMiddleware(fn.text())
          : REFUSES_UNAUTHENTICATED.test(fn.text());
      if (refuses) (facts.authHooks ??= []).push({ receiver: receiver.text(), hook, line: lineOf(call) });
      continue;
    }
    if (!METHODS.has(method)) continue;
    const first = args[0];
    if (!first || (first.kind() !== "string" && first.kind() !== "template_string") || args.length < 2)
      continue;
    const path = first.text().slice(1, -1);
    if (HTTP_CLIENT.test(receiver.text()) || !ROUTE_PATH.test(path)) continue;
    functions ??= localFunctions(tree);
    const handler = handlerFunction(args[args.length - 1] as SgNode, functions);
    const bodyRead = handler ? bodyReadOf(handler) : null;
    const middlewareTexts = args.slice(1, -1).map((m) => m.text());
    const validation =
      middlewareTexts.map((text) => VALIDATION_MIDDLEWARE.exec(text)?.[0]).find((found) => found) ??
      (handler ? VALIDATION_CALL.exec(handler.text())?.[0] : undefined) ??
      null;
    facts.routes.push({
      receiver: receiver.text(),
      method,
      urlPath: path,
      bodyRead,
      validation: validation === null ? null : validation.replace(/\s+/g, ""),
      middlewares: middlewareTexts.map((m) => m.replace(/\s+/g, " ").slice(0, 120)),
      line: lineOf(call),
      endLine: call.range().end.line + 1,
      snippet: call.text().split("\n")[0] ?? "",
    });
  }
}

/** The Express/Koa routers of one file, or undefined when it registers no route and mounts nothing. */
export function expressFacts(tree: SgNode): ExpressFileFacts | undefined {
  const facts: ExpressFileFacts = {
    routes: [],
    uses: [],
    imports: {},
    routers: [],
    defaultExport: null,
    namedExports: {},
  };
  importsOf(tree, facts.imports);
  declarationsOf(tree, facts);
  callsOf(tree, facts);
  if (
    facts.routes.length === 0 &&
    !facts.uses.some((use) => use.routers.length > 0) &&
    facts.authHooks === undefined
  )
    return undefined;
  exportsOf(tree, facts);
  return facts;
}

/** Where a fact was found. */
interface FileAt {
  path: string;
  isTest: boolean;
}

/** A router mounted on another with `.use`, resolved to the file and router it names when the facts can tell. */
export interface ExpressMount extends FileAt {
  line: number;
  /** The router it is mounted on (`router`, `app`). */
  receiver: string;
  prefix: string | null;
  /** The local name of the mounted router. */
  router: string;
  /** The file and router the name resolves to (`*`: every router of that file), or null when not resolved. */
  target: { path: string; router: string } | null;
  /** The auth middleware the mount puts in front of the router (`isAuthenticated()`), or null. */
  auth: string | null;
}

/** A route with the authentication its router gets from its own file and from the mounts that lead to it. */
export interface ExpressRoute extends ExpressRouteSite, FileAt {
  /** An auth middleware applied with `.use` on the same router in its file (`requireAuth (path:line)`), or null. */
  routerGuard: string | null;
  /**
   * When every mount that leads to the router puts an auth middleware in front of it (itself or through a guarded
   * parent router): the first such mount (`isAuthenticated() on the mount at /user (server/routes/index.ts:106)`);
   * else null.
   */
  mountGuard: string | null;
  /**
   * A request hook that refuses unauthenticated requests, registered in a production file of the route's folder or
   * a folder above it (the server's root instance: `server.addHook("preHandler", …)` in src/main.ts for the routes
   * of src/controllers/): `preHandler hook on server (apps/api/src/main.ts:61)`, or null.
   */
  hookGuard: string | null;
}

export interface ExpressFacts {
  routes: ExpressRoute[];
  mounts: ExpressMount[];
}

/**
 * Joins the routers of all files: resolves mounts across files with `resolve` (the symbol index's module resolution:
 * relative paths, tsconfig paths, workspace packages) and decides each route's router and mount guards.
 */
export function joinExpressFacts(
  files: Array<FileAt & { express: ExpressFileFacts }>,
  resolve: (specifier: string, importer: string) => string | null,
): ExpressFacts {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const mounts: ExpressMount[] = [];
  for (const file of files)
    for (const use of file.express.uses)
      use.routers.forEach((router, i) => {
        let target: ExpressMount["target"] = null;
        if (file.express.routers.includes(router)) target = { path: file.path, router };
        else {
          const imported = file.express.imports[router];
          const resolved = imported ? resolve(imported.specifier, file.path) : null;
          const other = resolved ? byPath.get(resolved) : undefined;
          if (imported && other) {
            const local =
              imported.imported === "default"
                ? other.express.defaultExport
                : (other.express.namedExports[imported.imported] ?? imported.imported);
            target = { path: other.path, router: local ?? "*" };
          }
        }
        const before = use.middlewares.slice(0, use.middlewaresBefore[i] ?? 0);
        mounts.push({
          path: file.path,
          isTest: file.isTest,
          line: use.line,
          receiver: use.receiver,
          prefix: use.prefix,
          router,
          target,
          auth: before.find((m) => isRequiredAuthMiddleware(m)) ?? null,
        });
      });

  // An auth middleware applied to the whole router in its file: `router.use(requireAuth)`, before `line` if given.
  const wideGuard = (path: string, receiver: string, line?: number): string | null => {
    const use = byPath
      .get(path)
      ?.express.uses.find(
        (u) =>
          u.receiver === receiver &&
          u.prefix === null &&
          u.routers.length === 0 &&
          (line === undefined || u.line < line) &&
          u.middlewares.some((m) => isRequiredAuthMiddleware(m)),
      );
    const name = use?.middlewares.find((m) => isRequiredAuthMiddleware(m));
    return use && name ? `${name} applied to ${receiver} (${path}:${use.line})` : null;
  };
  const decided = new Map<string, string | null>();
  const mountGuard = (path: string, router: string, seen: Set<string>): string | null => {
    const key = `${path}\u0000${router}`;
    if (decided.has(key)) return decided.get(key) ?? null;
    if (seen.has(key)) return null;
    seen.add(key);
    const leading = mounts.filter(
      (m) => m.target?.path === path && (m.target.router === router || m.target.router === "*"),
    );
    let guard: string | null = null;
    for (const mount of leading) {
      const own =
        mount.auth !== null
          ? `${mount.auth} on the mount at ${mount.prefix ?? "/"} (${mount.path}:${mount.line})`
          : (wideGuard(mount.path, mount.receiver, mount.line) ??
            mountGuard(mount.path, mount.receiver, seen));
      if (own === null) {
        guard = null;
        break;
      }
      guard ??= own;
    }
    decided.set(key, guard);
    return guard;
  };

  const hooks = files.flatMap((file) =>
    file.isTest ? [] : (file.express.authHooks ?? []).map((hook) => ({ ...hook, path: file.path })),
  );
  const folderOf = (path: string): string =>
    path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
  const hookGuard = (path: string): string | null => {
    const hook = hooks.find((h) => path.startsWith(folderOf(h.path)));
    return hook ? `${hook.hook} hook on ${hook.receiver} (${hook.path}:${hook.line})` : null;
  };
  const routes: ExpressRoute[] = [];
  for (const file of files) {
    for (const route of file.express.routes) {
      const anyAuthUse = file.express.uses.find(
        (u) => u.receiver === route.receiver && u.middlewares.some((m) => isRequiredAuthMiddleware(m)),
      );
      const name = anyAuthUse?.middlewares.find((m) => isRequiredAuthMiddleware(m));
      const guard = mountGuard(file.path, route.receiver, new Set());
      routes.push({
        ...route,
        path: file.path,
        isTest: file.isTest,
        routerGuard: anyAuthUse && name ? `${name} (${file.path}:${anyAuthUse.line})` : null,
        mountGuard: guard,
        hookGuard: hookGuard(file.path),
      });
    }
  }
  return { routes, mounts };
}
