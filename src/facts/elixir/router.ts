// Phoenix router modules read from the syntax tree: pipelines and their plugs, scopes (path, alias, pipe_through,
// dev-only guards), live_session blocks with their on_mount hooks, and every route with what it is piped through.
// Which plugs and hooks enforce authentication is decided later, over all files (facts/elixir/auth.ts).
import type { SgNode } from "@ast-grep/napi";
import { hookOf, plugUseOf, type HookRef, type PlugCall, type PlugUse } from "./plugs.js";
import {
  atomsOf,
  callArguments,
  callName,
  doBlock,
  endLineOf,
  expandAlias,
  isPlainString,
  keywordMap,
  lineOf,
  pairKey,
  pairValue,
  stringContent,
} from "./syntax.js";

/** A router `pipeline :name do plug ... end`. */
export interface PipelineFacts {
  name: string;
  line: number;
  /** Line of the block's `end`. */
  endLine: number;
  plugs: PlugCall[];
}

/** A `scope` block. `path` and `alias` include the enclosing scopes' (`#{var}` where the path is computed). */
export interface ScopeFacts {
  path: string;
  alias: string | null;
  line: number;
  /**
   * What is piped through, the enclosing scopes' first: pipeline or function plug names without the colon, and
   * module plugs (`pipe_through [:browser, MyAppWeb.RequireAuth]`) by their full names.
   */
  pipeThrough: string[];
  /** Inside an `if Mix.env() in [:dev, :test]` / `if Application.compile_env(:app, :dev_routes)` block. */
  devOnly: boolean;
}

/** A `live_session :name, on_mount: [...] do ... end` block (or a wrapper such as `ash_authentication_live_session`). */
export interface LiveSessionFacts {
  name: string;
  line: number;
  onMount: HookRef[];
  /** The on_mount value is computed (`@hooks`, a function call) so some hooks are not known. */
  onMountUnresolved: boolean;
}

/**
 * One route. `verb` is the HTTP verb in lower case, `match`, `live`, `forward`, or the macro that mounts a tool
 * (`live_dashboard`, `oban_dashboard`, …). `resources` are expanded to one route per action with its verb and path.
 */
export interface RouteFacts {
  verb: string;
  path: string;
  /** The target module with the scope alias applied; null for tool macros such as `live_dashboard`. */
  module: string | null;
  /** The controller action or live action (`:index` → "index"), null when none is given. */
  action: string | null;
  line: number;
  /** Expanded from a `resources` call (whose line it carries). */
  resources: boolean;
  /** Index into the router's scopes of the innermost enclosing scope, or null at the top level. */
  scope: number | null;
  /** What the route is piped through, as in its scope's `pipeThrough`. */
  pipeThrough: string[];
  /** Index into the router's live sessions, or null. */
  liveSession: number | null;
  /** Hooks given on the route itself (`live_dashboard "/d", on_mount: ...`). */
  onMount: HookRef[];
  /** The route's or its live session's on_mount value is computed, so some of its hooks are not known. */
  onMountUnresolved: boolean;
  devOnly: boolean;
}

export interface RouterFacts {
  module: string;
  line: number;
  pipelines: PipelineFacts[];
  scopes: ScopeFacts[];
  liveSessions: LiveSessionFacts[];
  routes: RouteFacts[];
  /** Modules the router imports (function plugs piped through may be defined there). */
  imports: string[];
}

const VERBS = new Set(["get", "post", "put", "patch", "delete", "options", "head", "connect", "trace"]);
/** Macros that mount an operator tool (dashboards, admin panels, job UIs) at a path; their routes carry the macro as verb. */
export const TOOL_MACROS = /^(live_dashboard|oban_dashboard|error_tracker_dashboard|ash_admin|live_admin)$/;
const RESOURCE_ACTIONS: Array<{ action: string; verb: string; member: boolean; suffix: string }> = [
  { action: "index", verb: "get", member: false, suffix: "" },
  { action: "new", verb: "get", member: false, suffix: "/new" },
  { action: "create", verb: "post", member: false, suffix: "" },
  { action: "show", verb: "get", member: true, suffix: "" },
  { action: "edit", verb: "get", member: true, suffix: "/edit" },
  { action: "update", verb: "patch", member: true, suffix: "" },
  { action: "delete", verb: "delete", member: true, suffix: "" },
];

/** True when a module's own `use` calls make it a Phoenix router. */
export function isRouterModule(block: SgNode): boolean {
  return block.children().some((call) => {
    if (callName(call) !== "use") return false;
    const used = callArguments(call)
      .map((arg) => arg.text())
      .join(" ");
    return /\bPhoenix\.Router\b|(^|\s):router\b/.test(used);
  });
}

interface Context {
  path: string;
  alias: string | null;
  pipeThrough: string[];
  scope: number | null;
  liveSession: number | null;
  devOnly: boolean;
}

/** The routing facts of a router module's body. */
export function routerFacts(
  module: string,
  block: SgNode,
  aliases: ReadonlyMap<string, string>,
): RouterFacts {
  const facts: RouterFacts = {
    module,
    line: lineOf(block),
    pipelines: [],
    scopes: [],
    liveSessions: [],
    routes: [],
    imports: [],
  };

  const visit = (nodes: SgNode[], outer: Context): void => {
    const ctx: Context = { ...outer };
    for (const node of nodes) {
      const name = callName(node);
      // Comments, attributes and expressions hold no routes.
      if (!name) continue;
      const args = callArguments(node);
      const block = doBlock(node);
      if (name === "pipeline" && args[0]?.kind() === "atom" && block) {
        facts.pipelines.push({
          name: args[0].text().slice(1),
          line: lineOf(node),
          endLine: endLineOf(node),
          plugs: block
            .children()
            .filter((call) => callName(call) === "plug")
            .map((call) => plugUseOf(call, aliases))
            .filter((use): use is PlugUse => use !== null)
            .map(({ name, line, option }) => ({ name, line, option })),
        });
      } else if (name === "import" && args[0]?.kind() === "alias") {
        facts.imports.push(expandAlias(args[0].text(), aliases));
      } else if (name === "pipe_through") {
        ctx.pipeThrough = [...ctx.pipeThrough, ...pipeThroughOf(args[0], aliases)];
        if (ctx.scope !== null) facts.scopes[ctx.scope]!.pipeThrough = ctx.pipeThrough;
      } else if (name === "scope" && block) {
        const { path, alias } = scopeArguments(args);
        const scope: ScopeFacts = {
          path: joinPath(ctx.path, path ?? ""),
          alias: alias === null ? ctx.alias : ctx.alias ? `${ctx.alias}.${alias}` : alias,
          line: lineOf(node),
          pipeThrough: ctx.pipeThrough,
          devOnly: ctx.devOnly,
        };
        facts.scopes.push(scope);
        visit(block.children(), {
          ...ctx,
          path: scope.path,
          alias: scope.alias,
          scope: facts.scopes.length - 1,
        });
      } else if (/(^|_)live_session$/.test(name) && block) {
        const onMount = onMountOf(args, aliases);
        facts.liveSessions.push({
          name: args[0]?.text().replace(/^:/, "") ?? "?",
          line: lineOf(node),
          onMount: onMount.hooks,
          onMountUnresolved: onMount.unresolved,
        });
        visit(block.children(), { ...ctx, liveSession: facts.liveSessions.length - 1 });
      } else if (name === "if" || name === "unless") {
        const env = conditionEnv(args[0]);
        const thenDev = name === "if" ? env === "dev" : env === "prod";
        const elseDev = name === "if" ? env === "prod" : env === "dev";
        const inline = keywordMap(args.find((arg) => arg.kind() === "keywords"));
        const thenNodes = block
          ? block.children().filter((child) => child.kind() !== "else_block")
          : [inline.get("do")].filter((n): n is SgNode => Boolean(n));
        const elseBlock = block?.children().find((child) => child.kind() === "else_block");
        const elseNodes = elseBlock
          ? elseBlock.children()
          : [inline.get("else")].filter((n): n is SgNode => Boolean(n));
        visit(thenNodes, { ...ctx, devOnly: ctx.devOnly || thenDev });
        visit(elseNodes, { ...ctx, devOnly: ctx.devOnly || elseDev });
        // `if Mix.env() in [:dev, :test] do pipe_through [:browser] else pipe_through [:browser, :auth] end`: the
        // routes after it are piped through what production pipes (what both branches pipe when neither is dev-only).
        const piped = (branch: SgNode[]): string[] =>
          branch
            .filter((call) => callName(call) === "pipe_through")
            .flatMap((call) => pipeThroughOf(callArguments(call)[0], aliases));
        const thenPiped = piped(thenNodes);
        const elsePiped = piped(elseNodes);
        const added = thenDev
          ? elsePiped
          : elseDev
            ? thenPiped
            : thenPiped.filter((pipe) => elsePiped.includes(pipe));
        if (added.length > 0) {
          ctx.pipeThrough = [...ctx.pipeThrough, ...added.filter((pipe) => !ctx.pipeThrough.includes(pipe))];
          if (ctx.scope !== null) facts.scopes[ctx.scope]!.pipeThrough = ctx.pipeThrough;
        }
      } else if (name === "resources") {
        addResources(node, args, ctx);
      } else if (VERBS.has(name) || name === "match" || name === "live" || name === "forward") {
        addRoute(name, node, args, ctx);
      } else if (TOOL_MACROS.test(name)) {
        const onMount = onMountOf(args, aliases);
        const base = routeBase(ctx, lineOf(node));
        facts.routes.push({
          ...base,
          verb: name,
          path: joinPath(ctx.path, pathOf(args[0]) ?? "/"),
          module: null,
          action: null,
          onMount: onMount.hooks,
          onMountUnresolved: base.onMountUnresolved || onMount.unresolved,
        });
      } else if (block) {
        // `for prefix <- [...] do scope prefix do ... end end` and other wrappers: their routes still count.
        visit(block.children(), ctx);
      }
    }
  };

  const routeBase = (ctx: Context, line: number) => ({
    line,
    resources: false,
    scope: ctx.scope,
    pipeThrough: ctx.pipeThrough,
    liveSession: ctx.liveSession,
    onMount: [],
    onMountUnresolved: ctx.liveSession !== null && facts.liveSessions[ctx.liveSession]!.onMountUnresolved,
    devOnly: ctx.devOnly,
  });

  const addRoute = (name: string, node: SgNode, args: SgNode[], ctx: Context): void => {
    const positional = name === "match" ? args.slice(1) : args;
    const [pathArg, moduleArg, actionArg] = positional;
    const path = pathOf(pathArg);
    if (path === null || moduleArg?.kind() !== "alias") return;
    // `:index`, or a variable in `for action <- [...]`; a list or keywords are plug options, not an action.
    const action =
      actionArg?.kind() === "atom"
        ? actionArg.text().slice(1)
        : actionArg?.kind() === "identifier"
          ? actionArg.text()
          : null;
    facts.routes.push({
      ...routeBase(ctx, lineOf(node)),
      verb: name === "match" ? `match ${args[0]?.text() ?? ""}`.trim() : name,
      path: joinPath(ctx.path, path),
      module: ctx.alias ? `${ctx.alias}.${moduleArg.text()}` : moduleArg.text(),
      action,
    });
  };

  const addResources = (node: SgNode, args: SgNode[], ctx: Context): void => {
    const [pathArg, moduleArg] = args;
    const path = pathOf(pathArg);
    if (path === null || moduleArg?.kind() !== "alias") return;
    const options = keywordMap(args.find((arg) => arg.kind() === "keywords"));
    const singleton = options.get("singleton")?.text() === "true";
    const only = options.get("only");
    const except = options.get("except");
    const listed = (value: SgNode | undefined) => new Set(value ? atomsOf(value) : []);
    const full = joinPath(ctx.path, path);
    const module = ctx.alias ? `${ctx.alias}.${moduleArg.text()}` : moduleArg.text();
    for (const entry of RESOURCE_ACTIONS) {
      if (singleton && entry.action === "index") continue;
      if (only && !listed(only).has(entry.action)) continue;
      if (except && listed(except).has(entry.action)) continue;
      facts.routes.push({
        ...routeBase(ctx, lineOf(node)),
        verb: entry.verb,
        path: `${full}${entry.member && !singleton ? "/:id" : ""}${entry.suffix}`,
        module,
        action: entry.action,
        resources: true,
      });
    }
    const nested = doBlock(node);
    if (nested) {
      const param = `:${full.split("/").pop()?.replace(/s$/, "") || "parent"}_id`;
      visit(nested.children(), { ...ctx, path: `${full}/${param}` });
    }
  };

  visit(block.children(), {
    path: "",
    alias: null,
    pipeThrough: [],
    scope: null,
    liveSession: null,
    devOnly: false,
  });
  return facts;
}

/**
 * The `on_mount:` hooks among a macro's arguments, also when passed through a helper
 * (`ash_admin "/", AshAuthentication.Phoenix.LiveSession.opts(on_mount: [...])`); `unresolved` when a value is computed.
 */
function onMountOf(
  args: SgNode[],
  aliases: ReadonlyMap<string, string>,
): { hooks: HookRef[]; unresolved: boolean } {
  const hooks: HookRef[] = [];
  let unresolved = false;
  for (const pair of args.flatMap((arg) => [arg, ...arg.findAll({ rule: { kind: "pair" } })])) {
    if (pair.kind() !== "pair" || pairKey(pair) !== "on_mount") continue;
    const value = pairValue(pair);
    const items = value?.kind() === "list" ? value.children().filter((child) => child.isNamed()) : [value];
    for (const item of items) {
      const hook = item ? hookOf(item, aliases) : null;
      if (hook) hooks.push(hook);
      else unresolved = true;
    }
  }
  return { hooks, unresolved };
}

/** `pipe_through :browser`, `pipe_through [:browser, :auth, MyAppWeb.RequireAuth]`. */
function pipeThroughOf(node: SgNode | undefined, aliases: ReadonlyMap<string, string>): string[] {
  if (node?.kind() !== "list")
    return node?.kind() === "alias" ? [expandAlias(node.text(), aliases)] : atomsOf(node);
  return node
    .children()
    .flatMap((child) =>
      child.kind() === "atom"
        ? [child.text().slice(1)]
        : child.kind() === "alias"
          ? [expandAlias(child.text(), aliases)]
          : [],
    );
}

/** A route or scope path: a plain string, an interpolated one as written, or `#{var}` for a variable. */
function pathOf(node: SgNode | undefined): string | null {
  if (!node) return null;
  if (node.kind() === "string") return isPlainString(node) ? stringContent(node) : node.text().slice(1, -1);
  if (node.kind() === "identifier") return `#{${node.text()}}`;
  return null;
}

function scopeArguments(args: SgNode[]): { path: string | null; alias: string | null } {
  const options = keywordMap(args.find((arg) => arg.kind() === "keywords"));
  const pathArg = args.find((arg) => arg.kind() === "string" || arg.kind() === "identifier");
  const aliasArg = args.find((arg) => arg.kind() === "alias") ?? options.get("alias");
  return {
    path: pathOf(pathArg ?? options.get("path")),
    alias: aliasArg?.kind() === "alias" ? aliasArg.text() : null,
  };
}

function joinPath(base: string, path: string): string {
  const joined = `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
  return joined.length > 1 ? joined.replace(/\/+$/, "") : joined;
}

/**
 * The environment an `if` condition selects: "dev" for dev/test-only conditions (`Mix.env() in [:dev, :test]`,
 * `Mix.env() != :prod`, `Application.compile_env(:app, :dev_routes)`, `@dev_routes`, the app's own `:env` setting
 * `Application.get_env(:app, :env) == :dev` and a helper asking for the environment by name `App.is_env?(:dev)`),
 * "prod" for `Mix.env() == :prod`,
 * null for anything else (a feature flag is not a dev-only guard).
 */
function conditionEnv(condition: SgNode | undefined): "dev" | "prod" | null {
  const text = condition?.text() ?? "";
  if (/\bdev_routes\b|\bdev_only\b/.test(text)) return /^\s*(!|not\s)/.test(text) ? "prod" : "dev";
  // A project helper asking for the environment by name (`Erlef.is_env?(:dev)`, `App.in_env?([:dev, :test])`).
  const helper = /^\s*(?:[A-Z][\w.]*\.)?\w*env\w*\?\s*\(\s*(\[[^\]]*\]|:\w+)\s*\)\s*$/.exec(text);
  if (helper?.[1]) {
    const envs = [...helper[1].matchAll(/:(\w+)/g)].map((m) => m[1]);
    if (envs.length > 0 && envs.every((e) => e === "dev" || e === "test")) return "dev";
    return envs.length === 1 && envs[0] === "prod" ? "prod" : null;
  }
  // The environment the app stores in its config (`Application.get_env(:app, :env) == :dev`) reads like Mix.env().
  if (
    !/\b(Mix\.env|config_env)\b|@env\b|Application\.(?:get|compile|fetch)_env!?\(\s*:\w+\s*,\s*:(?:env|environment|mix_env)\s*\)/.test(
      text,
    )
  )
    return null;
  if (/(!=|!==)\s*:prod\b|not\s+in\s*\[[^\]]*:prod\b/.test(text)) return "dev";
  if (/:prod\b/.test(text)) return /==/.test(text) ? "prod" : null;
  if (/(==|===)\s*:(dev|test)\b|\bin\s*(\[|~w)/.test(text)) return "dev";
  return null;
}
