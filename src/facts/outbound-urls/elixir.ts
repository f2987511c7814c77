// Elixir side of the outbound-urls analyzer: per `def`/`defp`, where the URL handed to an HTTP client (Req,
// HTTPoison, Finch, Tesla, :httpc, :hackney) comes from — a Phoenix controller action's or LiveView callback's
// params, `conn.params`/`conn.query_params`, or one of the function's parameters — and which project calls receive
// such a value (`Preview.fetch(url)`, `url |> fetch_title()`), in the shape flows.ts gives the other languages; the
// collector resolves those calls through the Elixir call graph.
import type { SgNode } from "@ast-grep/napi";
import {
  callArguments,
  callName,
  calls,
  definitionHead,
  enclosingFunction,
  keywordMap,
  keywordPairs,
  bodyOf,
  operatorOf,
} from "../elixir/syntax.js";
import type { FlowOrigin, FunctionFlows, OutboundRequest, ProjectCall } from "./flows.js";
import { escapeRegExp } from "../../util/escape-reg-exp.js";

interface Patterns {
  destinationCheck: RegExp;
  /** A signature check of the sending service (see SIGNED_SENDER_GATE in flows.ts). */
  signedSenderGate: RegExp;
  permissionGate: RegExp;
}

type Tainted = Map<string, { origin: FlowOrigin; via: string }>;

/** Reads of request input from a `Plug.Conn`: `conn.params`, `conn.query_params`, `conn.body_params`. */
const CONN_SOURCE = /\bconn\.(?:params|query_params|body_params|path_params)\b/;

/** HTTP client calls → the index of the URL argument (the piped value counts as the first). */
function clientUrlIndex(callee: string): number | null {
  if (/^(?:Req|HTTPoison|HTTPotion|Tesla)\.(?:get|post|put|patch|delete|head|options)!?$/.test(callee))
    return 0;
  if (/^(?:Req)\.(?:new|request)!?$/.test(callee)) return 0;
  if (/^(?:HTTPoison|HTTPotion|Finch|:hackney)\.(?:request|build)!?$/.test(callee)) return 1;
  if (/^:hackney\.(?:get|post|put|head)$/.test(callee)) return 0;
  if (callee === ":httpc.request") return -1; // `:httpc.request(url)` or `:httpc.request(:get, {url, headers}, …)`
  return null;
}

/** Calls that hand back their argument as a URL (conversions, trimming, parsing), rather than a derived value. */
const PASS_THROUGH =
  /^(?:String\.\w+|URI\.(?:parse|new!?|to_string|decode\w*|encode\w*)|to_string|Map\.(?:get|fetch!?)|Keyword\.(?:get|fetch!?)|Access\.get)$/;

/** Modules of the standard library and common dependencies: never the project's functions. */
const NOT_PROJECT =
  /^(?:Kernel|String|URI|Map|Keyword|Enum|Stream|List|Logger|Jason|Poison|Phoenix\.\w+|Plug\.\w+|Ecto\.\w+|Repo|\w+\.Repo|Req|HTTPoison|HTTPotion|Tesla|Finch|Integer|Float|Base|Path|File|IO|Process|Task|Agent|GenServer|Application|System|DateTime|NaiveDateTime|Date|Time|Regex|Access|Tuple|Atom|Module|Code|Macro|Application|Mix|ExUnit)\./;

const NOT_FOLLOWED_LOCAL =
  /^(?:def|defp|defmacro|defmodule|if|unless|case|cond|with|for|fn|raise|throw|send|put_flash|redirect|render|json|text|assign|push_navigate|push_patch|put_status|halt|to_string|is_binary|is_nil|inspect|elem|put_in|get_in|update_in|noreply|reply|ok|error|__MODULE__)$/;

export function elixirFunctionFlows(root: SgNode, text: string, patterns: Patterns): FunctionFlows[] {
  const controller = /\buse\s+[\w.]+,\s*:controller\b|\buse\s+Phoenix\.Controller\b/.test(text);
  const live = /\buse\s+[\w.]+,\s*:live_(?:view|component)\b|\buse\s+Phoenix\.Live(?:View|Component)\b/.test(
    text,
  );
  const moduleGate =
    modulePlugGate(text, patterns.permissionGate) ?? signedPlugGate(text, patterns.signedSenderGate);
  const functions: FunctionFlows[] = [];
  for (const def of calls(root)) {
    const keyword = callName(def);
    if (keyword !== "def" && keyword !== "defp") continue;
    const head = definitionHead(def);
    const body = bodyOf(def);
    if (!head || !body) continue;
    const params = head.params.map((param) => boundNames(param));
    const requestIndex = requestParamIndex(head.name, head.params, { controller, live });
    const bodyText = body.text();
    if (params.length === 0 && !CONN_SOURCE.test(bodyText)) continue;
    const tainted = taintedNames(body, params, requestIndex);
    if (tainted.size === 0 && !CONN_SOURCE.test(bodyText)) continue;
    const flows: FunctionFlows = {
      name: head.name,
      line: def.range().start.line + 1,
      params: params.map((names) => names.join(",")),
      checksDestination: patterns.destinationCheck.test(def.text()),
      gate: moduleGate ?? bodyGate(bodyText, patterns.permissionGate),
      requests: [],
      calls: [],
    };
    for (const call of calls(body)) {
      if (enclosingFunction(call)?.id() !== def.id()) continue;
      const callee = callName(call);
      if (!callee) continue;
      const args = argumentsOf(call);
      const index = clientUrlIndex(callee);
      if (index !== null) {
        const request = requestOf(call, callee, args, index, tainted);
        if (request) flows.requests.push(request);
        continue;
      }
      const projectCall = followedCall(call, callee, args, tainted);
      if (projectCall) flows.calls.push(projectCall);
    }
    if (flows.requests.length > 0 || flows.calls.length > 0) functions.push(flows);
  }
  return functions;
}

/**
 * The parameter that holds request input by the framework's contract: a controller action's params
 * (`def show(conn, %{"url" => url})`), a LiveView's `handle_event(event, params, socket)`, `mount(params, …)`,
 * `handle_params(params, uri, socket)`.
 */
function requestParamIndex(
  name: string,
  params: SgNode[],
  file: { controller: boolean; live: boolean },
): number | null {
  if (file.controller && params.length === 2 && /^_?conn\b/.test(params[0]?.text() ?? "")) return 1;
  if (file.live && params.length === 3) {
    if (name === "handle_event") return 1;
    if (name === "mount" || name === "handle_params") return 0;
  }
  return null;
}

/** A `plug` of the module that checks a role or permission (`plug :require_admin`, `plug EnsureRole, :admin`). */
function modulePlugGate(text: string, gate: RegExp): string | null {
  for (const line of text.split("\n")) {
    if (!/^\s*(?:plug|on_mount)\b/.test(line)) continue;
    const found = gate.exec(line)?.[0];
    if (found) return found;
  }
  return null;
}

/**
 * A function plug of the module (`plug :authorize`) whose body checks the sender's signature and halts otherwise
 * (`if SES.valid_signature?(conn.body_params), do: conn, else: conn |> send_resp(403, "") |> halt()`).
 */
function signedPlugGate(text: string, signed: RegExp): string | null {
  for (const plug of text.matchAll(/^\s*plug\s+:(\w+[?!]?)/gm)) {
    const name = plug[1] ?? "";
    const head = new RegExp(`^[ \\t]*defp?[ \\t]+${escapeRegExp(name)}[ \\t]*\\(`, "m").exec(text);
    if (!head) continue;
    const rest = text.slice(head.index + head[0].length);
    const next = rest.search(/^[ \t]*(?:defp?|defmacrop?)[ \t]/m);
    const body = next < 0 ? rest : rest.slice(0, next);
    const found = signed.exec(body)?.[0];
    if (found && /\bhalt\(\)|\|>\s*halt\b/.test(body)) return `plug :${name} (${found})`;
  }
  return null;
}

function bodyGate(body: string, gate: RegExp): string | null {
  for (const line of body.split("\n")) {
    if (!/\b(?:if|unless|with|case|raise)\b|:(?:forbidden|unauthorized)\b/.test(line)) continue;
    const found = gate.exec(line)?.[0];
    if (found) return found;
  }
  return null;
}

/** Names a pattern binds: `%{"url" => url} = params` → url, params; `{:ok, body}` → body. `_x` left out. */
function boundNames(pattern: SgNode): string[] {
  const names: string[] = [];
  if (pattern.kind() === "identifier") return /^_/.test(pattern.text()) ? [] : [pattern.text()];
  for (const id of pattern.findAll({ rule: { kind: "identifier" } })) {
    const parent = id.parent();
    // `Map.get` names a function, `url: url` keyword values are bound: only identifiers that are not called.
    if (parent?.kind() === "call" || parent?.kind() === "dot") continue;
    if (/^_/.test(id.text()) || names.includes(id.text())) continue;
    names.push(id.text());
  }
  return names;
}

/** A call's arguments, the piped value first when the call is the right side of `|>`. */
function argumentsOf(call: SgNode): SgNode[] {
  const own = callArguments(call).filter((arg) => arg.kind() !== "comment");
  const parent = call.parent();
  if (
    parent?.kind() === "binary_operator" &&
    operatorOf(parent) === "|>" &&
    parent.child(2)?.id() === call.id()
  ) {
    const piped = parent.child(0);
    if (piped) return [piped, ...own];
  }
  return own;
}

function taintedNames(body: SgNode, params: string[][], requestIndex: number | null): Tainted {
  const tainted: Tainted = new Map();
  params.forEach((names, index) => {
    for (const name of names)
      if (name !== "conn" && name !== "socket")
        tainted.set(
          name,
          index === requestIndex
            ? { origin: { request: `params \`${name}\`` }, via: `request parameter \`${name}\`` }
            : { origin: { param: index }, via: `parameter \`${name}\`` },
        );
  });
  const bindings = body
    .findAll({ rule: { kind: "binary_operator" } })
    .filter((node) => {
      const op = operatorOf(node);
      return op === "=" || op === "<-";
    })
    .sort((a, b) => a.range().start.index - b.range().start.index);
  for (const binding of bindings) {
    const left = binding.child(0);
    const right = binding.child(2);
    if (!left || !right) continue;
    if (isDerived(right) || hostIsFixed(right.text(), tainted)) continue;
    const carried = originOf(right.text(), tainted);
    if (!carried) continue;
    for (const name of boundNames(left)) if (!tainted.has(name)) tainted.set(name, carried);
  }
  return tainted;
}

/** Whether a value is computed by a call that is not a pass-through (a lookup, a project function). */
function isDerived(value: SgNode): boolean {
  if (value.kind() === "call") {
    const callee = callName(value) ?? "";
    return !PASS_THROUGH.test(callee) && !CONN_SOURCE.test(`${callee}`);
  }
  if (value.kind() === "binary_operator" && operatorOf(value) === "|>") {
    const right = value.child(2);
    return right !== null && isDerived(right);
  }
  return false;
}

function originOf(text: string, tainted: Tainted): { origin: FlowOrigin; via: string } | null {
  if (hostIsFixed(text, tainted)) return null;
  const read = CONN_SOURCE.exec(text)?.[0];
  if (read) return { origin: { request: read }, via: `\`${text.slice(0, 60)}\`` };
  for (const [name, source] of tainted)
    if (mentions(text, name))
      return {
        origin: source.origin,
        via: "param" in source.origin ? source.via : `\`${name}\` ← ${source.via}`,
      };
  return null;
}

/**
 * Whether a URL's host is fixed: a literal scheme and host (`"https://api.github.com/repos/#{repo}"`), or a leading
 * part that is not the request's (`"#{@base_url}/items/#{id}"`, `base_url() <> "/items"`).
 */
function hostIsFixed(text: string, tainted: Tainted): boolean {
  const trimmed = text.trim();
  // `"https://api.github.com/repos/#{repo}"`, or `"/indexes/#{name}"`: a path on a base the client already has.
  if (/^"(?:[a-z][a-z0-9+.-]*:\/\/[^/"#\s]+|\/(?!\/))/i.test(trimmed)) return true;
  const head =
    /^"#\{([^}]+)\}/.exec(trimmed)?.[1] ?? /^([@\w.:]+(?:\([^)]*\))?)\s*<>/.exec(trimmed)?.[1] ?? null;
  return (
    head !== null && !CONN_SOURCE.test(head) && ![...tainted.keys()].some((name) => mentions(head, name))
  );
}

/** Whether code names `name`, outside string literals (interpolations `#{name}` count). */
function mentions(text: string, name: string): boolean {
  const code = text.replace(/"(?:\\.|#\{[^}]*\}|[^"\\#]|#(?!\{))*"/g, (literal) =>
    [...literal.matchAll(/#\{([^}]*)\}/g)].map((m) => ` ${m[1] ?? ""} `).join(" "),
  );
  return new RegExp(`(^|[^\\w.:@])${name.replace(/[?!]/g, "\\$&")}(?![\\w?!])`).test(code);
}

function requestOf(
  call: SgNode,
  callee: string,
  args: SgNode[],
  index: number,
  tainted: Tainted,
): OutboundRequest | null {
  // Options given as keywords (`Req.get(req, url: path)`) or as a keyword list (`Req.request([method: :get, url: u])`).
  const optionArgs = args.filter(
    (arg) => arg.kind() === "keywords" || (arg.kind() === "list" && keywordPairs(arg).length > 0),
  );
  const options = new Map<string, SgNode>();
  for (const arg of optionArgs)
    for (const [key, value] of keywordMap(arg.kind() === "keywords" ? arg : keywordsOf(arg)))
      options.set(key, value);
  const base = options.get("base_url");
  // `Req.get(url: path, base_url: @api)`: the configured base fixes the host.
  if (base && !originOf(base.text(), tainted)) return null;
  let url = options.get("url") ?? null;
  if (!url) {
    const positional = args.filter((arg) => !optionArgs.includes(arg));
    if (index === -1) {
      // `:httpc.request(url)` or `:httpc.request(:get, {url, headers}, …)`.
      const second = positional[1];
      url =
        second?.kind() === "tuple"
          ? (second.children().find((child) => child.isNamed()) ?? null)
          : (positional[0] ?? null);
    } else if (/^Tesla\./.test(callee) && positional.length >= 2) url = positional[1] ?? null;
    else url = positional[index] ?? null;
  }
  if (!url) return null;
  const found = originOf(url.text(), tainted);
  if (!found) return null;
  return {
    line: call.range().start.line + 1,
    endLine: call.range().end.line + 1,
    callee,
    url: url.text().slice(0, 80),
    ...found,
  };
}

function followedCall(call: SgNode, callee: string, args: SgNode[], tainted: Tainted): ProjectCall | null {
  if (NOT_PROJECT.test(`${callee}`) || /^:/.test(callee)) return null;
  const dot = callee.lastIndexOf(".");
  const name = dot >= 0 ? callee.slice(dot + 1) : callee;
  const receiver = dot >= 0 ? callee.slice(0, dot) : null;
  // `socket.assigns.fetch` or `conn.halt`: a field or a variable's function, not a module's.
  if (receiver !== null && !/^(?:[A-Z]|__MODULE__\b)/.test(receiver)) return null;
  if (receiver === null && NOT_FOLLOWED_LOCAL.test(name)) return null;
  const found: ProjectCall["args"] = [];
  args.forEach((arg, position) => {
    if (arg.kind() === "keywords") return;
    const origin = originOf(arg.text(), tainted);
    if (origin) found.push({ position, keyword: null, ...origin, compared: false });
  });
  if (found.length === 0) return null;
  return {
    line: call.range().start.line + 1,
    name,
    // Resolved by the call graph (`defmodule` names, aliases, imports), from the call site on this line.
    qualifier: receiver,
    args: found,
  };
}

/** The `keywords` node inside a keyword list literal. */
function keywordsOf(list: SgNode): SgNode | null {
  return list.children().find((child) => child.kind() === "keywords") ?? null;
}
