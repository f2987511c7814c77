// What a module says about plugs and LiveView hooks, read from its syntax tree: the plugs and on_mount hooks it
// applies to itself (controllers, LiveViews, Plug.Builder pipelines), and the function plugs, module plug `call/2`
// and `on_mount/4` clauses it defines, each with whether its code can stop the request (halt, raise, {:halt, _}).
import type { SgNode } from "@ast-grep/napi";
import { enforcesAuthByName } from "./auth.js";
import {
  atomsOf,
  bodyOf,
  callArguments,
  callName,
  definitionHead,
  expandAlias,
  lineOf,
  operatorOf,
} from "./syntax.js";

/**
 * Whether code can stop a request: "halts" when it (or a function of the same module it calls) calls `halt`,
 * raises, or returns `{:halt, _}`; "unknown" when it does not but calls something outside the module whose name
 * suggests it may (require_*, ensure_*, authenticate, deny, error, `X.call`); "passes" otherwise.
 */
export type HaltVerdict = "halts" | "passes" | "unknown";

/**
 * A `plug` call: the plug as written (`:fetch_session`, or a module name with the module's aliases expanded), and its
 * first option when that is an atom (`plug MyAppWeb.Auth, :require_user` → "require_user"), which often names what a
 * dispatching plug module does.
 */
export interface PlugCall {
  name: string;
  line: number;
  option: string | null;
}

/** An `on_mount` hook: `{MyAppWeb.UserAuth, :ensure_authenticated}` (module and hook) or `MyAppWeb.AuthHook` (hook null). */
export interface HookRef {
  module: string;
  hook: string | null;
}

/** A `plug` applied in a module body, with its `when action in [...]` / `not in` guard. */
export interface PlugUse extends PlugCall {
  /** Actions the plug is limited to (`when action in [...]`), or null. */
  only: string[] | null;
  /** Actions the plug skips (`when action not in [...]`), or null. */
  except: string[] | null;
}

export interface PlugModuleFacts {
  module: string;
  line: number;
  /** `plug` calls in the module body: a controller's plugs, or the plugs a Plug.Builder / Guardian pipeline runs. */
  plugs: PlugUse[];
  /** `on_mount` calls in the module body (a LiveView's own hooks). */
  onMount: Array<HookRef & { line: number }>;
  /** Functions that can serve as function plugs (`def name(conn, opts)`). */
  functionPlugs: Array<{
    name: string;
    line: number;
    halts: HaltVerdict;
    /**
     * It reads a credential from the request (a header, a parameter) and checks it (`Plug.Crypto.secure_compare`,
     * `valid_…?`, `verify_…`) before it can halt: a shared secret an operator's tooling sends authenticates the request.
     */
    checksCredential?: true;
  }>;
  /** `call/2` of a module plug, or null when the module defines none. */
  call: HaltVerdict | null;
  /** `def on_mount(:hook, params, session, socket)` clauses; hook null for a catch-all clause. */
  onMountHooks: Array<{ hook: string | null; line: number; halts: HaltVerdict }>;
  /** Line of a LiveView `mount/3` that reads the user or role and can redirect or raise (access checked on mount). */
  mountGuard: number | null;
  /**
   * Controller actions written to serve callers with and without a signed-in user: a clause matching the user in
   * `conn.assigns` beside one that does not, or a `case` on the current user with a branch for none; or that take the
   * account they act for from the request (`%{"account_id" => id}`: an embeddable widget's public API); or that
   * check a credential of the request themselves (a header compared by `valid_…?`, `verify_…` or `secure_compare`:
   * a shared secret an operator's tooling sends).
   */
  anonymousActions?: Array<{ action: string; line: number; why: AnonymousWhy }>;
  /** `use` targets (a plug whose `call/2` comes from a library, such as `Pow.Plug.Base`). */
  uses: string[];
  imports: string[];
}

/** Why an action serves requests without a router-level login (see `PlugModuleFacts.anonymousActions`). */
export type AnonymousWhy = "optional-user" | "account-key" | "credential-check";

/** An action reading a request header (`get_req_header(conn, "lf-shutdown-code")`, also piped). */
const READS_HEADER = /\bget_req_header\(\s*(?:conn\s*,\s*)?"[^"]+"\s*\)/;
/** A check of a credential: `valid_shutdown_code?(provided)`, `verify_signature(...)`, `Plug.Crypto.secure_compare(...)`. */
const CREDENTIAL_CHECK = /\b(?:valid_\w*\?|verify_\w+|verified\?|secure_compare|authori[sz]ed\?)\s*\(/;

/** A clause head or expression that reads the signed-in user. */
const CURRENT_USER = /\bcurrent_(user|account|member|scope)\b/;
/** A `case` on the current user with a branch for none (`nil ->`, `_ ->`). */
const OPTIONAL_USER_CASE =
  /\bcase\s+(?:[\w.]*current_(?:user|account|member)\(conn\)|conn\.assigns(?:\.current_(?:user|account|member)|\[:current_(?:user|account|member)\]))\s+do[\s\S]*?^\s*(?:nil|_\w*)\s*->/m;
/** Request keys that name the account a public endpoint acts for (an embeddable widget's account token). */
const ACCOUNT_KEY =
  /^"(account_id|account_token|account_key|public_key|publishable_key|widget_(?:id|key|token))"$/;

const REACHED_KINDS = [
  { kind: "call" },
  { kind: "tuple" },
  { kind: "binary_operator" },
  { kind: "identifier" },
  { kind: "atom" },
];
/** Names a mount/3 reads when it checks who is visiting. */
const ACCESS_SUBJECT =
  /^:?(current_user|current_scope|current_account|current_admin|current_member|admin\??|is_admin|admin_user|role|roles|permission|permissions|authorized\??|superuser|staff\??)$/;

/** A request value a credential may come in: a header, or a parameter (`params`, `conn.query_params`). */
const READS_REQUEST_VALUE = /\bget_req_header\(|\b(?:params|query_params|body_params|req_headers)\b/;

/** The function a node invokes: a call's name, or the bare function on the right of a pipe (`conn |> halt`). */
function invokedName(node: SgNode): string | null {
  if (node.kind() === "call") return callName(node);
  if (node.kind() !== "binary_operator" || operatorOf(node) !== "|>") return null;
  const right = node.children().filter((child) => child.isNamed())[1];
  return right?.kind() === "identifier" ? right.text() : null;
}

function firstNamed(node: SgNode): SgNode | undefined {
  return node.children().find((child) => child.isNamed());
}

/** Calls outside the module whose names suggest they may stop the request. */
const MAY_STOP =
  /(^|[._])(call|halt|deny|denied|forbid|forbidden|unauthori[sz]ed|unauthenticated|reject|requires?|ensure|authori[sz]e|authenticate|auth|check|verify|error|not_found|access)(_|$|[?!])/;

/** The plug facts of one module body; null when it has none worth recording. */
export function plugModuleFacts(
  module: string,
  block: SgNode,
  aliases: ReadonlyMap<string, string>,
): PlugModuleFacts | null {
  const own = block.children().filter((child) => child.kind() === "call");
  const definitions = new Map<string, SgNode[]>();
  for (const call of own) {
    const name = callName(call);
    if (name !== "def" && name !== "defp") continue;
    const head = definitionHead(call);
    if (head) definitions.set(head.name, [...(definitions.get(head.name) ?? []), call]);
  }
  /** What clauses run: the nodes of their bodies and of the same-module functions they call, transitively. */
  const reachable = (clauses: SgNode[]): SgNode[] => {
    const seen = new Set<string>();
    const nodes: SgNode[] = [];
    const queue = [...clauses];
    for (let clause = queue.shift(); clause; clause = queue.shift()) {
      const body = bodyOf(clause);
      if (!body) continue;
      for (const node of [body, ...body.findAll({ rule: { any: REACHED_KINDS } })]) {
        nodes.push(node);
        const name = invokedName(node);
        const local = name && !name.includes(".") ? definitions.get(name) : undefined;
        if (local && !seen.has(name!)) {
          seen.add(name!);
          queue.push(...local);
        }
      }
    }
    return nodes;
  };
  const verdictOf = (clauses: SgNode[]): HaltVerdict => {
    let unknown = false;
    for (const node of reachable(clauses)) {
      if (node.kind() === "tuple" && firstNamed(node)?.text() === ":halt") return "halts";
      const name = invokedName(node);
      if (!name) continue;
      if (/^(halt|raise|reraise)$|\.halt$/.test(name)) return "halts";
      if ((name.includes(".") || !definitions.has(name)) && MAY_STOP.test(name)) unknown = true;
    }
    return unknown ? "unknown" : "passes";
  };
  /** A LiveView `mount/3` that reads the user or role and can redirect or raise: access checked in the LiveView. */
  const mountGuard = (clauses: SgNode[]): number | null => {
    const nodes = reachable(clauses);
    const stops = nodes.some((node) =>
      /^(raise|(\w+\.)*(redirect|push_navigate|push_redirect))$/.test(invokedName(node) ?? ""),
    );
    const checks = nodes.some(
      (node) =>
        ((node.kind() === "identifier" || node.kind() === "atom") && ACCESS_SUBJECT.test(node.text())) ||
        enforcesAuthByName(invokedName(node)?.split(".").pop() ?? ""),
    );
    return stops && checks && clauses[0] ? lineOf(clauses[0]) : null;
  };

  const facts: PlugModuleFacts = {
    module,
    line: lineOf(block),
    plugs: [],
    onMount: [],
    functionPlugs: [],
    call: null,
    onMountHooks: [],
    mountGuard: null,
    uses: [],
    imports: [],
  };
  for (const call of own) {
    const name = callName(call);
    const args = callArguments(call);
    if (name === "plug") {
      const use = plugUseOf(call, aliases);
      if (use) facts.plugs.push(use);
    } else if (name === "on_mount" && args[0]) {
      const hook = hookOf(args[0], aliases);
      if (hook) facts.onMount.push({ ...hook, line: lineOf(call) });
    } else if (name === "use" && args[0]?.kind() === "alias") {
      facts.uses.push(expandAlias(args[0].text(), aliases));
    } else if (name === "import" && args[0]?.kind() === "alias") {
      facts.imports.push(expandAlias(args[0].text(), aliases));
    }
  }
  for (const [name, clauses] of definitions) {
    const heads = clauses.map((clause) => definitionHead(clause)!);
    if (name === "on_mount") {
      for (const [index, clause] of clauses.entries()) {
        const params = heads[index]!.params;
        if (params.length !== 4) continue;
        facts.onMountHooks.push({
          hook: params[0]?.kind() === "atom" ? params[0].text().slice(1) : null,
          line: lineOf(clause),
          halts: verdictOf([clause]),
        });
      }
      continue;
    }
    if (name === "mount") {
      facts.mountGuard = mountGuard(clauses.filter((_, index) => heads[index]!.params.length === 3));
      continue;
    }
    const anonymous = anonymousAction(clauses, heads);
    if (anonymous) (facts.anonymousActions ??= []).push({ action: name, ...anonymous });
    const plugClauses = clauses.filter((_, index) => isPlugHead(heads[index]!.params));
    if (plugClauses.length === 0) continue;
    if (name === "call") facts.call = verdictOf(plugClauses);
    else {
      const halts = verdictOf(plugClauses);
      const code = reachable(plugClauses)
        .filter((node) => node.kind() === "call")
        .map((node) => node.text())
        .join("\n");
      const checksCredential =
        halts === "halts" && READS_REQUEST_VALUE.test(code) && CREDENTIAL_CHECK.test(code);
      facts.functionPlugs.push({
        name,
        line: lineOf(plugClauses[0]!),
        halts,
        ...(checksCredential ? { checksCredential: true as const } : {}),
      });
    }
  }
  const empty =
    facts.plugs.length === 0 &&
    facts.onMount.length === 0 &&
    facts.functionPlugs.length === 0 &&
    facts.call === null &&
    facts.onMountHooks.length === 0 &&
    facts.mountGuard === null &&
    facts.anonymousActions === undefined;
  return empty ? null : facts;
}

/** Whether `def action(conn, params)` clauses serve anonymous callers on purpose (see PlugModuleFacts). */
function anonymousAction(
  clauses: SgNode[],
  heads: Array<{ name: string; params: SgNode[] }>,
): { line: number; why: AnonymousWhy } | null {
  const actions = clauses.filter((clause, index) => {
    const params = heads[index]!.params;
    return callName(clause) === "def" && params.length === 2 && !isPlugHead(params);
  });
  if (actions.length === 0) return null;
  const line = lineOf(actions[0]!);
  const heads2 = actions.map((clause) => definitionHead(clause)!.params);
  const withUser = heads2.filter((params) => CURRENT_USER.test(params[0]!.text())).length;
  if (withUser > 0 && withUser < heads2.length) return { line, why: "optional-user" };
  if (actions.some((clause) => OPTIONAL_USER_CASE.test(bodyOf(clause)?.text() ?? "")))
    return { line, why: "optional-user" };
  const keyed = heads2.some((params) => {
    const request = params[1]!;
    const map = request.kind() === "map" ? request : request.find({ rule: { kind: "map" } });
    return (map?.findAll({ rule: { kind: "string" } }) ?? []).some(
      (key) => ACCOUNT_KEY.test(key.text()) && key.parent()?.text().includes("=>"),
    );
  });
  if (keyed) return { line, why: "account-key" };
  const checksCredential = actions.some((clause) => {
    const body = bodyOf(clause)?.text() ?? "";
    return READS_HEADER.test(body) && CREDENTIAL_CHECK.test(body);
  });
  return checksCredential ? { line, why: "credential-check" } : null;
}

/**
 * `f(conn, opts)`: a function plug's head. Controller actions have the same arity, but take the request params
 * (`params`, `_params`, `%{"id" => id}`) where a plug takes its options.
 */
function isPlugHead(params: SgNode[]): boolean {
  const [conn, options] = params;
  if (params.length !== 2 || !conn || !options || !/\bconn\b/.test(conn.text())) return false;
  return (
    !/^_?params$/.test(options.text()) && options.kind() !== "map" && !/=\s*_?params$/.test(options.text())
  );
}

/** `plug X`, `plug X, opts`, `plug X when action in [...]`, `plug X, opts when action not in [...]`. */
export function plugUseOf(call: SgNode, aliases: ReadonlyMap<string, string>): PlugUse | null {
  const args = callArguments(call);
  let target = args[0];
  let guard: SgNode | undefined;
  const last = args[args.length - 1];
  if (last?.kind() === "binary_operator" && operatorOf(last) === "when") {
    guard = last.children().filter((child) => child.isNamed())[1];
    if (args.length === 1) target = last.child(0) ?? undefined;
  }
  if (!target) return null;
  const written = target.text();
  const option =
    args.length > 1 ? (args[1]!.kind() === "binary_operator" ? args[1]!.child(0) : args[1]) : null;
  const use: PlugUse = {
    name: target.kind() === "alias" ? expandAlias(written, aliases) : written,
    line: lineOf(call),
    option: option?.kind() === "atom" ? option.text().slice(1) : null,
    only: null,
    except: null,
  };
  if (guard?.kind() === "binary_operator" && guard.child(0)?.text() === "action") {
    const list = guard.children().filter((child) => child.isNamed())[1];
    const actions = list?.kind() === "list" ? atomsOf(list) : null;
    const op = operatorOf(guard);
    if (actions && op === "in") use.only = actions;
    else if (actions && op === "notin") use.except = actions;
  }
  return use;
}

/** One hook: `MyAppWeb.AuthHook` or `{MyAppWeb.UserAuth, :ensure_authenticated}`, module aliases expanded. */
export function hookOf(node: SgNode, aliases: ReadonlyMap<string, string>): HookRef | null {
  if (node.kind() === "alias") return { module: expandAlias(node.text(), aliases), hook: null };
  if (node.kind() !== "tuple") return null;
  const [module, hook] = node.children().filter((child) => child.isNamed());
  if (module?.kind() !== "alias") return null;
  return {
    module: expandAlias(module.text(), aliases),
    hook: hook?.kind() === "atom" ? hook.text().slice(1) : null,
  };
}
