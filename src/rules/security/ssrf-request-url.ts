// security/ssrf-request-url: a request handler fetches a URL taken from the request (query, form, body, path) with no
// allow-list or private-address check in sight — server-side request forgery.
import type { SgNode } from "@ast-grep/napi";
import { isThirdPartyCode, isToolingPath } from "../../facts/node/ast.js";
import { oneOffKind } from "../../facts/one-off-code.js";
import type { Language } from "../../model/language.js";
import { defineRule } from "../define-rule.js";

interface LanguageSpec {
  /** Function node kinds whose bodies are searched. */
  functions: string[];
  /** Call node kind. */
  call: string;
  /** Assignment and declaration node kinds. */
  assignments: string[];
  /** Reads of request input: query, form, body, path parameters. */
  source: RegExp;
  /** Outgoing HTTP calls: callee text → index of the URL argument. */
  client: (callee: string) => number | null;
}

const GO: LanguageSpec = {
  functions: ["function_declaration", "method_declaration", "func_literal"],
  call: "call_expression",
  assignments: ["short_var_declaration", "assignment_statement"],
  source:
    /\b\w+\.(URL\.Query\(\)\.Get|FormValue|PostFormValue|PathValue|Query|DefaultQuery|QueryParam|Param|PostForm|FormValue)\(\s*"/,
  client: (callee) => {
    if (/^http\.(Get|Head|Post|PostForm)$/.test(callee)) return 0;
    if (callee === "http.NewRequest") return 1;
    if (callee === "http.NewRequestWithContext") return 2;
    if (/^\w*[cC]lient\.(Get|Head|Post|PostForm)$/.test(callee)) return 0;
    return null;
  },
};

const PYTHON: LanguageSpec = {
  functions: ["function_definition"],
  call: "call",
  assignments: ["assignment"],
  source:
    /\brequest\.(GET|POST|args|form|values|json|data|query_params|path_params|match_info|rel_url\.query)\b|\brequest\.get_json\(/,
  client: (callee) => {
    if (
      /^(requests|httpx|aiohttp|session|self\.session|client|self\.client)\.(get|post|put|head|patch|delete)$/.test(
        callee,
      )
    )
      return 0;
    if (/^(requests|httpx|session|self\.session|client|self\.client)\.request$/.test(callee)) return 1;
    if (/^(urllib\.request\.)?urlopen$/.test(callee)) return 0;
    return null;
  },
};

const NODE: LanguageSpec = {
  functions: ["function_declaration", "function_expression", "arrow_function", "method_definition"],
  call: "call_expression",
  assignments: ["variable_declarator", "assignment_expression"],
  source: /\b(req|request|ctx\.request|ctx)\.(query|body|params)\b|\bsearchParams\.get\(|\bformData\.get\(/,
  client: (callee) => {
    if (/^(fetch|globalThis\.fetch|got|got\.(get|post|head))$/.test(callee)) return 0;
    if (/^axios\.(get|post|put|patch|head|delete)$/.test(callee)) return 0;
    return null;
  },
};

const SPECS: Partial<Record<Language, LanguageSpec>> = {
  go: GO,
  python: PYTHON,
  typescript: NODE,
  tsx: NODE,
  javascript: NODE,
};

/** A URL expression that starts with a literal scheme and host, or a literal path of the same site. */
const FIXED_HOST =
  /^(?:f|fmt\.Sprintf\(\s*|new URL\(\s*)?[`'"](?:[a-z][a-z0-9+.-]*:\/\/[^/'"`$%{]+|\/(?!\/))/i;

/** Signs that the destination is checked: an allow-list, a private-address check, a guarded transport or fetch. */
const GUARD =
  /isPrivate|IsPrivate|IsLoopback|is_private|is_loopback|is_global|private_?ip|privateIp|ip_address\(|allow_?list|allowlist|allowed_?hosts|allowedHosts|allowed_?domains|whitelist|safehttp|safe_?fetch|safeFetch|ssrf|SSRF|validate_?url|validateUrl|ValidateURL|isSafeUrl|is_safe_url|url_has_allowed_host/i;

export default defineRule({
  id: "security/ssrf-request-url",
  area: "security",
  severity: "high",
  title: "Server fetches a URL taken from the request",
  effortMinutes: 60,
  confidence: "heuristic",
  languages: ["go", "python", "typescript", "tsx", "javascript"],
  prefilter: /http\.|requests|httpx|urlopen|aiohttp|fetch\(|axios|got\(|[cC]lient\./,
  docs: {
    rationale:
      "When a handler requests whatever URL the client sends, the server becomes a proxy into its own network: cloud metadata endpoints (169.254.169.254), admin ports on localhost, databases and internal services that trust the server.",
    impact:
      "Credentials read from the metadata service, internal APIs called as the server, ports scanned from inside; with redirects followed, even a URL that looked public lands on an internal address.",
    fix: "Allow only the hosts the feature needs, or resolve the host and refuse private, loopback, link-local and metadata addresses (at dial time, so redirects and DNS rebinding are covered); limit schemes to http and https.",
    example: {
      language: "go",
      bad: 'func preview(w http.ResponseWriter, r *http.Request) {\n\ttarget := r.URL.Query().Get("url")\n\tresp, err := http.Get(target)\n\t// ...\n}',
      good: 'func preview(w http.ResponseWriter, r *http.Request) {\n\ttarget := r.URL.Query().Get("url")\n\tif !allowedHost(target) {\n\t\thttp.Error(w, "host not allowed", http.StatusBadRequest)\n\t\treturn\n\t}\n\tresp, err := safeClient.Get(target) // a dialer that refuses private addresses\n\t// ...\n}',
    },
    examples: [
      {
        language: "python",
        bad: '@app.get("/preview")\ndef preview():\n    return requests.get(request.args["url"], timeout=5).text',
        good: '@app.get("/preview")\ndef preview():\n    url = request.args["url"]\n    if urlparse(url).hostname not in ALLOWED_HOSTS:\n        abort(400)\n    return requests.get(url, timeout=5).text',
      },
      {
        language: "typescript",
        bad: "app.get('/preview', async (req, res) => {\n  const page = await fetch(req.query.url as string);\n  res.send(await page.text());\n});",
        good: "app.get('/preview', async (req, res) => {\n  const url = new URL(String(req.query.url));\n  if (!ALLOWED_HOSTS.has(url.hostname)) return res.status(400).end();\n  const page = await fetch(url, { signal: AbortSignal.timeout(5000) });\n  res.send(await page.text());\n});",
      },
    ],
  },
  notes: [
    "Follows names inside one function: a variable assigned from request input (Go `r.URL.Query().Get`, `r.FormValue`, gin/echo `c.Query`/`c.Param`/`c.FormValue`; Python `request.args`/`form`/`GET`/`POST`/`json`/`data`/`query_params`; Node `req.query`/`req.body`/`req.params`, `searchParams.get`), and variables computed from it, reaching the URL argument of an outgoing request (net/http Get/Post/NewRequest, a `client.Get`; requests/httpx/aiohttp/urlopen; fetch/axios/got).",
    "Silent when the function or its file checks the destination: an allow-list (`allowedHosts`, `ALLOWED_DOMAINS`, `url_has_allowed_host`), a private-address check (`IsPrivate`, `is_private`, `ip_address(`), a guarded transport or fetch (`safehttp`, `safeFetch`), or anything named for SSRF.",
    "A name assigned the result of a project call (`await getFile({ data: doc.file })`, a database lookup by a request id) holds a value the code derived, not the request's text, and is not followed; reads of request input and pass-through conversions (`String(...)`, `decodeURIComponent`, `.trim()`, `new URL`) are. Flows through other functions (the handler passes the URL to a service that fetches it) are not followed. Tests, scripts, tools and migrations are not read.",
  ],
  checkFile({ tree, text, path, language, report }) {
    const spec = SPECS[language];
    if (!tree || !spec || GUARD.test(text) || oneOffKind(path) !== null || isToolingPath(path)) return;
    if (language !== "go" && language !== "python" && isThirdPartyCode(text)) return;
    if (!spec.source.test(text)) return;
    for (const fn of tree.findAll({ rule: { any: spec.functions.map((kind) => ({ kind })) } })) {
      const body = fn.text();
      if (!spec.source.test(body)) continue;
      const tainted = taintedNames(fn, spec);
      for (const call of fn.findAll({ rule: { kind: spec.call } })) {
        if (enclosingFunction(call, spec) !== fn.id()) continue;
        const callee = call.field("function")?.text() ?? "";
        const index = spec.client(callee);
        if (index === null) continue;
        const url = urlArgument(call, index);
        if (!url) continue;
        const origin = originOf(url.text(), tainted, spec);
        if (!origin) continue;
        report({
          node: call,
          message: `${callee}() requests a URL taken from the request (${origin}) with no allow-list or private-address check: a client can make the server call internal addresses (SSRF)`,
          key: `ssrf:${callee}:${url.text().slice(0, 60)}`,
        });
      }
    }
  },
});

/** The URL argument of a call: the positional one at `index`, or a `url=` keyword / `{ url }` option. */
function urlArgument(call: SgNode, index: number): SgNode | null {
  const args =
    call
      .field("arguments")
      ?.children()
      .filter((child) => child.isNamed() && child.kind() !== "comment") ?? [];
  const keyword = args.find(
    (arg) => arg.kind() === "keyword_argument" && arg.field("name")?.text() === "url",
  );
  if (keyword) return keyword.field("value");
  const positional = args.filter((arg) => arg.kind() !== "keyword_argument");
  return positional[index] ?? null;
}

/** Names assigned, directly or through other such names, from request input inside one function. */
function taintedNames(fn: SgNode, spec: LanguageSpec): Map<string, string> {
  const tainted = new Map<string, string>();
  const assignments = fn
    .findAll({ rule: { any: spec.assignments.map((kind) => ({ kind })) } })
    .sort((a, b) => a.range().start.index - b.range().start.index);
  for (const assignment of assignments) {
    const left = assignment.field("left") ?? assignment.field("name");
    const right = assignment.field("right") ?? assignment.field("value");
    if (!left || !right) continue;
    const rightText = right.text();
    if (isDerivedByCall(right, spec)) continue;
    const from =
      spec.source.exec(rightText)?.[0] ?? [...tainted.keys()].find((name) => mentions(rightText, name));
    if (!from) continue;
    const why = tainted.get(from) ?? `\`${rightText.slice(0, 60)}\``;
    for (const name of boundNames(left)) tainted.set(name, why);
  }
  return tainted;
}

// Calls that hand their argument back as a URL: conversions, decoding, trimming, URL parsing.
const PASS_THROUGH_CALL =
  /(?:^|\.)(?:String|str|decodeURIComponent|decodeURI|encodeURI|unquote|unquote_plus|trim|strip|toString|TrimSpace|QueryUnescape|PathUnescape|Parse|urlparse|urljoin|parse|get|Get|getAll|first)$/;

/**
 * Whether the assigned value is the result of a project call (`await getFile({ data: doc.file })`,
 * `findUnique({ where: { id } })`): a value the code derives — a stored record, a signed storage URL — not the
 * request's own text. Reads of request input (`request.args.get("url")`) and pass-through conversions
 * (`String(req.query.url)`) still carry it.
 */
function isDerivedByCall(right: SgNode, spec: LanguageSpec): boolean {
  let value = right;
  while (value.kind() === "await_expression" || value.kind() === "await") {
    const inner = value.children().find((c) => c.isNamed());
    if (!inner) break;
    value = inner;
  }
  if (value.kind() !== spec.call) return false;
  const callee = value.field("function")?.text() ?? "";
  return !spec.source.test(callee) && !PASS_THROUGH_CALL.test(callee);
}

/** Names a left-hand side binds: `a, err`, `{ url, title }`, `[a, b]`. */
function boundNames(left: SgNode): string[] {
  return left
    .text()
    .replace(/[{}[\]()]/g, " ")
    .split(/[\s,]+/)
    .map((part) => part.replace(/:.*$/, "").trim())
    .filter((part) => /^[A-Za-z_$][\w$]*$/.test(part) && part !== "err" && part !== "_");
}

/** Why a URL expression comes from the request: it reads request input itself, or uses a tainted name. */
function originOf(urlText: string, tainted: Map<string, string>, spec: LanguageSpec): string | null {
  // `"https://api.example.com/items/" + id`, f"https://…/{id}", fmt.Sprintf("https://…/%s", id): the host is fixed.
  if (FIXED_HOST.test(urlText.trim())) return null;
  // `settings.reviews_url + f"/reviews/{id}?{query}"`, `${config.apiBase}/items/${id}`: the host comes from the
  // configuration or a constant, and the request only fills in the path or the query.
  const head = leadingOperand(urlText.trim());
  if (head !== null && !spec.source.test(head) && ![...tainted.keys()].some((name) => mentions(head, name)))
    return null;
  if (spec.source.test(urlText)) return `\`${urlText.slice(0, 60)}\``;
  for (const [name, why] of tainted) if (mentions(urlText, name)) return `\`${name}\` ← ${why}`;
  return null;
}

/** What a concatenation or template starts with (`base` of `base + path`, of `${base}/x`), or null. */
function leadingOperand(urlText: string): string | null {
  const interpolated = /^(?:f)?[`'"]\$?\{([^}]+)\}/.exec(urlText);
  if (interpolated) return interpolated[1] ?? null;
  const plus = /^([A-Za-z_$][\w$.]*(?:\(\))?)\s*\+/.exec(urlText);
  return plus ? (plus[1] ?? null) : null;
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w$.])${name.replace(/\$/g, "\\$")}\\b`).test(text);
}

/** The id of the innermost function around a node, of the kinds the language spec searches. */
function enclosingFunction(node: SgNode, spec: LanguageSpec): number | null {
  for (let current = node.parent(); current; current = current.parent())
    if (spec.functions.includes(String(current.kind()))) return current.id();
  return null;
}
