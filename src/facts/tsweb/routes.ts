// HTTP entry points of the TypeScript web stacks in one file: Next.js route handlers (`app/**/route.ts`), API routes
// (`pages/api/**`) and server actions (`"use server"`), Remix / React Router loaders and actions (`app/routes/**`),
// Hono routes (`new Hono().get(path, …mw, handler)`) and NestJS controllers and GraphQL resolvers, each with the
// authentication its code shows: a session or user read in the handler, or the middleware/guard names around it.
import type { SgNode } from "@ast-grep/napi";
import { asFunction, lineOf, stringValue } from "../node/ast.js";

export type TsRouteFramework =
  | "next-route-handler"
  | "next-api-route"
  | "next-server-action"
  | "remix"
  | "hono"
  | "nestjs"
  | "nestjs-graphql";

export interface TsRouteSite {
  framework: TsRouteFramework;
  /** HTTP method (`GET`, `POST` …), `ANY` (pages/api), `ACTION` (server action), `QUERY`/`MUTATION` (GraphQL). */
  method: string;
  /** The URL path as the file or code says it (`/api/users/[id]`), or null when unknown. */
  urlPath: string | null;
  /** The exported name or handler (`POST`, `deleteUserAction`, `DocumentsController.remove`). */
  handler: string;
  /** Middlewares or guards named on the route (Hono arguments before the handler, Nest `@UseGuards`). */
  middlewares: string[];
  /** The first call in the handler that reads the signed-in user or session (`getServerSession(`), or null. */
  authCall: string | null;
  /** The first read of the request body in the handler (`await request.json()`, `c.req.json()`, `req.body`), or null. */
  bodyRead: string | null;
  /** The first schema validation in the handler or its middlewares (`.safeParse(`, `zValidator`), or null. */
  validation: string | null;
  line: number;
  endLine: number;
}

/** App-level middleware of a Hono app: `app.use("/api/*", auth)`. */
export interface TsMiddlewareSite {
  app: string;
  urlPath: string | null;
  names: string[];
  line: number;
}

/** A Hono sub-app mounted on another: `app.route("/api", apiRoutes)`. */
export interface TsMountSite {
  app: string;
  prefix: string | null;
  target: string;
  line: number;
}

export interface TsRouteFileFacts {
  routes: TsRouteSite[];
  middlewares: TsMiddlewareSite[];
  mounts: TsMountSite[];
  /** Hono apps created in this file: variable names (or `<inline>` for an exported chain). */
  honoApps: string[];
}

const HTTP_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const HONO_METHODS = new Set(["get", "post", "put", "patch", "delete", "all", "options"]);
/**
 * Calls that read the signed-in user or session: NextAuth/Auth.js (`getServerSession`, `auth()`), Lucia
 * (`validateRequest`), Clerk (`currentUser`, `auth()`), Supabase (`getUser`), and project helpers named so.
 */
export const AUTH_CALL =
  /\b(?:getServerSession|getServerAuthSession|auth|getAuth|getSession|getOptionalSession|getRequiredSession|getUserSession|getServerComponentSession|requireSession|getSessionOrThrow|currentUser|getCurrentUser|getUser|getAuthUser|getAuthenticatedUser|requireUser|requireAuth\w*|ensureAuth\w*|checkAuth\w*|assertAuth\w*|isAuthenticated|validateRequest|validateSession|verifySession|authenticate\w*|withAuth\w*|getToken|verifyToken|verifyApiKey|getApiKey\w*)\s*\(/;

/** Reads of the request body: Fetch API `Request` methods, Hono's `c.req`, Node's `req.body`. */
const BODY_READ =
  /\b(?:req|request|c\.req|ctx\.req|context\.req|event\.request)\s*\.\s*(?:json|formData|text|parseBody)\s*\(|\breq\.body\b/;
/** Schema validation: zod/valibot/yup/joi/superstruct/typia calls and Hono's validator middlewares. */
export const VALIDATION =
  /(?<!JSON)\.(?:parse|safeParse|parseAsync|safeParseAsync|validate|validateSync|validateAsync)\s*\(|(?<![.\w])(?:parse|safeParse|parseAsync|validate|assert|assertEquals|typia\.\w+)\s*\(|\b[zsvt]?[Vv]alidator\b/;

function firstMatch(pattern: RegExp, node: SgNode | null | undefined): string | null {
  if (!node) return null;
  const match = pattern.exec(node.text());
  return match ? match[0].replace(/\s+/g, "") : null;
}

function endLineOf(node: SgNode): number {
  return node.range().end.line + 1;
}

function authCallIn(node: SgNode | null | undefined): string | null {
  if (!node) return null;
  const match = AUTH_CALL.exec(node.text());
  return match ? match[0].replace(/\s+/g, "") : null;
}

/** The URL a Next.js `app/` route file serves: folders after the last `app/`, without route groups and slots. */
export function nextAppUrl(path: string): string | null {
  const match = /(?:^|\/)app\/((?:[^/]+\/)*)(?:route|page)\.[cm]?[jt]sx?$/.exec(path);
  if (!match) return null;
  const inner = path
    .slice(path.lastIndexOf("app/") + 4)
    .replace(/(?:^|\/)?(?:route|page)\.[cm]?[jt]sx?$/, "");
  const segments = inner.split("/").filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return `/${segments.join("/")}`;
}

/** The URL a `pages/api/**` file serves. */
function nextPagesUrl(path: string): string | null {
  const match = /(?:^|\/)pages\/(api\/.*)\.[cm]?[jt]sx?$/.exec(path);
  return match ? `/${(match[1] ?? "").replace(/\/index$/, "")}` : null;
}

/** The URL a Remix / React Router file route serves (flat routes: `users.$id.tsx` → `/users/:id`), approximately. */
function remixUrl(path: string): string | null {
  const match = /(?:^|\/)app\/routes\/(.*)$/.exec(path);
  if (!match) return null;
  const segments = (match[1] ?? "")
    .replace(/\.[cm]?[jt]sx?$/, "")
    .replace(/\/(?:route|_layout|_index)$/, "")
    .split(/[./]|\+\//)
    .map((s) => s.replace(/\+$/, ""))
    .filter((s) => s && s !== "_index" && s !== "route" && !/^_/.test(s) && !/^\(.*\)$/.test(s))
    .map((s) => s.replace(/^\$/, ":").replace(/_$/, ""));
  return `/${segments.join("/")}`;
}

/** Top-level exports of a file: name → the function or value node. */
function exportedValues(tree: SgNode): Array<{ name: string; value: SgNode; at: SgNode }> {
  const out: Array<{ name: string; value: SgNode; at: SgNode }> = [];
  const declarations = new Map<string, SgNode>();
  for (const statement of tree.children()) {
    const declaration =
      statement.kind() === "export_statement"
        ? statement.field("declaration")
        : String(statement.kind()).includes("declaration")
          ? statement
          : null;
    if (!declaration) continue;
    const exported = statement.kind() === "export_statement";
    if (
      declaration.kind() === "function_declaration" ||
      declaration.kind() === "generator_function_declaration"
    ) {
      const name = declaration.field("name")?.text();
      if (!name) continue;
      declarations.set(name, declaration);
      if (exported) out.push({ name, value: declaration, at: statement });
    } else if (
      declaration.kind() === "lexical_declaration" ||
      declaration.kind() === "variable_declaration"
    ) {
      for (const declarator of declaration.children().filter((c) => c.kind() === "variable_declarator")) {
        const name = declarator.field("name")?.text();
        const value = declarator.field("value");
        if (!name || !value) continue;
        declarations.set(name, value);
        if (exported) out.push({ name, value, at: statement });
      }
    }
  }
  // export { handler as GET, handler as POST }
  for (const statement of tree.children().filter((c) => c.kind() === "export_statement")) {
    for (const spec of statement.findAll({ rule: { kind: "export_specifier" } })) {
      const local = spec.field("name")?.text();
      const alias = spec.field("alias")?.text() ?? local;
      const value = local ? declarations.get(local) : undefined;
      if (alias && value) out.push({ name: alias, value, at: statement });
    }
  }
  return out;
}

function defaultExport(tree: SgNode): SgNode | null {
  for (const statement of tree.children()) {
    if (statement.kind() !== "export_statement" || !/^export\s+default\b/.test(statement.text())) continue;
    return statement;
  }
  return null;
}

function hasUseServerDirective(tree: SgNode): boolean {
  for (const statement of tree.children()) {
    if (statement.kind() === "comment") continue;
    return statement.kind() === "expression_statement" && /^["']use server["']/.test(statement.text());
  }
  return false;
}

function nextAndRemixRoutes(path: string, tree: SgNode, routes: TsRouteSite[]): void {
  const appUrl = /(?:^|\/)route\.[cm]?[jt]sx?$/.test(path) ? nextAppUrl(path) : null;
  const pagesUrl = nextPagesUrl(path);
  const remix = remixUrl(path);
  const useServer = hasUseServerDirective(tree);
  if (appUrl === null && pagesUrl === null && remix === null && !useServer) return;
  const site = (
    framework: TsRouteFramework,
    method: string,
    urlPath: string | null,
    handler: string,
    node: SgNode,
    at: SgNode,
  ): TsRouteSite => ({
    framework,
    method,
    urlPath,
    handler,
    middlewares: [],
    authCall: authCallIn(node),
    bodyRead: firstMatch(BODY_READ, node),
    validation: firstMatch(VALIDATION, node),
    line: lineOf(at),
    endLine: endLineOf(at),
  });
  if (pagesUrl !== null) {
    const exported = defaultExport(tree);
    if (exported) routes.push(site("next-api-route", "ANY", pagesUrl, "default", exported, exported));
    return;
  }
  for (const { name, value, at } of exportedValues(tree)) {
    if (appUrl !== null && HTTP_METHODS.has(name))
      routes.push(site("next-route-handler", name, appUrl, name, value, at));
    else if (remix !== null && (name === "loader" || name === "action"))
      routes.push(site("remix", name === "loader" ? "GET" : "POST", remix, name, value, at));
    else if (
      useServer &&
      appUrl === null &&
      (asFunction(value) || value.kind() === "function_declaration" || value.kind() === "call_expression")
    )
      routes.push(site("next-server-action", "ACTION", null, name, value, at));
  }
}

/** Whether a chain starts at `new Hono(...)` or at a name bound to one in this file; returns that app's name. */
function honoRoot(node: SgNode, apps: ReadonlySet<string>): string | null {
  let current: SgNode | null = node;
  while (current) {
    if (current.kind() === "new_expression")
      return current.field("constructor")?.text() === "Hono" ? "<inline>" : null;
    if (current.kind() === "identifier") return apps.has(current.text()) ? current.text() : null;
    if (current.kind() === "call_expression") current = current.field("function");
    else if (current.kind() === "member_expression") current = current.field("object");
    else return null;
  }
  return null;
}

/** The name a chain is bound to (`export const sessionRoute = new Hono().get(…)`), for routes of inline apps. */
function chainOwner(call: SgNode): string {
  let node: SgNode | null = call;
  while (
    node &&
    (node.parent()?.kind() === "member_expression" || node.parent()?.kind() === "call_expression")
  )
    node = node.parent();
  const parent = node?.parent();
  return parent?.kind() === "variable_declarator" ? (parent.field("name")?.text() ?? "<inline>") : "<inline>";
}

function nameOfMiddleware(node: SgNode): string {
  const callee = node.kind() === "call_expression" ? node.field("function") : node;
  return (callee ?? node).text().replace(/\s+/g, "").slice(0, 80);
}

function honoRoutes(tree: SgNode, facts: TsRouteFileFacts): void {
  const apps = new Set<string>();
  for (const created of tree.findAll({ rule: { kind: "new_expression" } })) {
    if (created.field("constructor")?.text() !== "Hono") continue;
    const owner = chainOwner(created);
    if (owner !== "<inline>") apps.add(owner);
    facts.honoApps.push(owner);
  }
  if (facts.honoApps.length === 0) return;
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    const callee = call.field("function");
    if (callee?.kind() !== "member_expression") continue;
    const method = callee.field("property")?.text() ?? "";
    if (!HONO_METHODS.has(method) && method !== "use" && method !== "route") continue;
    const root = honoRoot(callee.field("object") ?? callee, apps);
    if (!root) continue;
    const app = root === "<inline>" ? chainOwner(call) : root;
    const args = (call.field("arguments")?.children() ?? []).filter(
      (c) => c.isNamed() && c.kind() !== "comment",
    );
    const path = stringValue(args[0]);
    const rest = path === null ? args : args.slice(1);
    if (method === "route") {
      const target = rest[0];
      if (target) facts.mounts.push({ app, prefix: path, target: target.text(), line: lineOf(call) });
      continue;
    }
    if (method === "use") {
      facts.middlewares.push({ app, urlPath: path, names: rest.map(nameOfMiddleware), line: lineOf(call) });
      continue;
    }
    const handler = rest[rest.length - 1];
    if (!handler) continue;
    const fn = asFunction(handler);
    facts.routes.push({
      framework: "hono",
      method: method === "all" ? "ANY" : method.toUpperCase(),
      urlPath: path,
      handler: fn ? `${app} ${method.toUpperCase()} ${path ?? "?"}` : handler.text().slice(0, 80),
      middlewares: rest.slice(0, -1).map(nameOfMiddleware),
      authCall: authCallIn(fn),
      bodyRead: firstMatch(BODY_READ, fn),
      validation: firstMatch(VALIDATION, call.field("arguments")),
      line: lineOf(call.field("arguments") ?? call),
      endLine: endLineOf(call.field("arguments") ?? call),
    });
  }
}

function decoratorsOf(node: SgNode): SgNode[] {
  const own = node.children().filter((c) => c.kind() === "decorator");
  // Decorators of an exported class sit on the export statement.
  const parent = node.parent();
  if (node.kind() === "class_declaration" && parent?.kind() === "export_statement")
    own.push(...parent.children().filter((c) => c.kind() === "decorator"));
  // Method decorators precede the method as siblings in the class body.
  if (node.kind() === "method_definition") {
    let previous = node.prev();
    while (previous?.kind() === "decorator") {
      own.push(previous);
      previous = previous.prev();
    }
  }
  return own;
}

function decoratorName(decorator: SgNode): string {
  return /^@\s*([\w.]+)/.exec(decorator.text())?.[1] ?? "";
}

function decoratorArgument(decorator: SgNode): string | null {
  const call = decorator.find({ rule: { kind: "call_expression" } });
  const first = call
    ?.field("arguments")
    ?.children()
    .find((c) => c.isNamed());
  return stringValue(first);
}

const NEST_HTTP = new Set(["Get", "Post", "Put", "Patch", "Delete", "All", "Head", "Options"]);
const NEST_GRAPHQL = new Set(["Query", "Mutation", "Subscription"]);

function guardsOf(decorators: SgNode[]): string[] {
  const guards: string[] = [];
  for (const decorator of decorators) {
    const name = decoratorName(decorator);
    if (name === "UseGuards") {
      const call = decorator.find({ rule: { kind: "call_expression" } });
      for (const arg of call
        ?.field("arguments")
        ?.children()
        .filter((c) => c.isNamed()) ?? [])
        guards.push(nameOfMiddleware(arg));
    } else if (
      /^(?:Public|AllowAnonymous|SkipAuth|Roles|Auth\w*|Authorized|RequireAuth\w*|Permissions?)$/.test(name)
    )
      guards.push(`@${name}`);
  }
  return guards;
}

function nestRoutes(tree: SgNode, routes: TsRouteSite[]): void {
  for (const cls of tree.findAll({ rule: { kind: "class_declaration" } })) {
    const classDecorators = decoratorsOf(cls);
    const controller = classDecorators.find((d) => decoratorName(d) === "Controller");
    const resolver = classDecorators.find((d) => decoratorName(d) === "Resolver");
    if (!controller && !resolver) continue;
    const className = cls.field("name")?.text() ?? "?";
    const prefix = controller ? decoratorArgument(controller) : null;
    const classGuards = guardsOf(classDecorators);
    for (const method of cls.findAll({ rule: { kind: "method_definition" } })) {
      const decorators = decoratorsOf(method);
      const verb = decorators
        .map(decoratorName)
        .find((name) => (controller ? NEST_HTTP : NEST_GRAPHQL).has(name));
      if (!verb) continue;
      const route = decorators.find((d) => decoratorName(d) === verb);
      const sub = route ? decoratorArgument(route) : null;
      const urlPath = controller ? `/${[prefix, sub].filter((s) => s).join("/")}`.replace(/\/+/g, "/") : null;
      routes.push({
        framework: controller ? "nestjs" : "nestjs-graphql",
        method: verb.toUpperCase(),
        urlPath,
        handler: `${className}.${method.field("name")?.text() ?? "?"}`,
        middlewares: [...classGuards, ...guardsOf(decorators)],
        authCall: null,
        bodyRead: null,
        validation: null,
        line: lineOf(method),
        endLine: endLineOf(method),
      });
    }
  }
}

/** The web entry points of one file, or undefined when it has none. */
export function routeFacts(path: string, text: string, tree: SgNode): TsRouteFileFacts | undefined {
  const facts: TsRouteFileFacts = { routes: [], middlewares: [], mounts: [], honoApps: [] };
  nextAndRemixRoutes(path, tree, facts.routes);
  if (/\bnew\s+Hono\b/.test(text)) honoRoutes(tree, facts);
  if (/@(?:Controller|Resolver)\s*\(/.test(text)) nestRoutes(tree, facts.routes);
  return facts.routes.length + facts.middlewares.length + facts.mounts.length + facts.honoApps.length > 0
    ? facts
    : undefined;
}
