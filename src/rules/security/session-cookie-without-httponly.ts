// security/session-cookie-without-httponly: the server sets a session or authentication cookie that scripts in the
// page can read (no HttpOnly), so one injected script is enough to take the session away.
import type { SgNode } from "@ast-grep/napi";
import {
  callArguments,
  calleeOf,
  compositeLiteralsOf,
  enclosingFunction,
  importMap,
  literalKeys,
  selectorCallsNamed,
  stringValue,
} from "../../facts/go/syntax.js";
import { objectProperties, stringValue as scriptStringValue } from "../../facts/node/ast.js";
import {
  hasKwargsSplat,
  keywordArg,
  positionalArgs,
  stringValue as pythonStringValue,
} from "../../facts/python/syntax.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule, type FileRuleContext } from "../define-rule.js";

/** Cookie names that carry a session or a credential. */
const SESSION_NAME = /sess|token|auth|jwt|(^|[^a-z])sid([^a-z]|$)|remember|credential|bearer/i;
/**
 * Double-submit CSRF cookies are read by the page's script on purpose; so are cookies that only say where to go or
 * whether something holds (`loginRedirect`, `is_access_token_expired`).
 */
const SCRIPT_READ_NAME = /csrf|xsrf|redirect|return|next|expired|^is_|^has_/i;

interface CookieSite {
  node: SgNode;
  name: string;
  secure: boolean;
  /** HttpOnly written out as false: readable by the page on purpose. */
  deliberate: boolean;
}

export default defineRule({
  id: "security/session-cookie-without-httponly",
  area: "security",
  severity: "medium",
  title: "Session cookie readable by scripts (no HttpOnly)",
  effortMinutes: 10,
  confidence: "certain",
  languages: ["go", "python", "javascript", "typescript"],
  prefilter: /http\.Cookie\s*\{|fiber\.Cookie\s*\{|\.SetCookie\(|set_cookie\(|\.cookie\(|setCookie\(/,
  notes: [
    "Reads cookies the server sets: Go `http.Cookie{…}` literals passed to `SetCookie` (net/http, echo, chi) and `fiber.Cookie{…}`, gin's `c.SetCookie(name, value, maxAge, path, domain, secure, httpOnly)`, Python `set_cookie(…)` (Flask/Werkzeug, Django, Starlette/FastAPI: HttpOnly is off unless `httponly=True`), and Express `res.cookie(…)` / Fastify `reply.setCookie(…)` / Hono `setCookie(c, …)` (off unless `httpOnly: true`).",
    'Only cookies named for a session or credential (`session`, `token`, `auth`, `jwt`, `sid`, `remember`) and holding a computed value are judged: CSRF cookies (`csrf`, `xsrf`) and cookies that say where to go or whether something holds (`loginRedirect`, `is_token_expired`) are read by the page on purpose, and a literal value (`"true"`, an empty value that clears the cookie, a negative or zero max age) carries no credential. Low when HttpOnly is written out as false: the page reads that cookie on purpose (check that it must). A flag given by a variable or setting is the operator\'s choice and is not judged; cookies a client adds to an outgoing request (`req.AddCookie`, or `SetCookie` on an HTTP client such as `client := resty.New()`) are not set by this server.',
    "Test files are not checked; examples and scripts are low.",
  ],
  docs: {
    rationale:
      "A cookie without HttpOnly is readable through document.cookie, so any script that runs in the page can copy the session it holds.",
    impact:
      "One cross-site scripting flaw, or one compromised third-party script, turns into a stolen session: the attacker acts as the user until the session expires.",
    fix: "Set HttpOnly (and Secure, and a SameSite mode) on every cookie that carries a session or a credential.",
    example: {
      language: "go",
      bad: 'http.SetCookie(w, &http.Cookie{Name: "session", Value: id, Path: "/"})',
      good: 'http.SetCookie(w, &http.Cookie{Name: "session", Value: id, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})',
    },
    examples: [
      {
        language: "python",
        bad: 'response.set_cookie("session_token", token, max_age=3600)',
        good: 'response.set_cookie("session_token", token, max_age=3600, httponly=True, secure=True, samesite="Lax")',
      },
      {
        language: "javascript",
        bad: 'res.cookie("token", jwt, { maxAge: 86400000 });',
        good: 'res.cookie("token", jwt, { maxAge: 86400000, httpOnly: true, secure: true, sameSite: "lax" });',
      },
    ],
  },
  checkFile(ctx) {
    if (ctx.isTest || !ctx.tree) return;
    const sites =
      ctx.language === "go"
        ? goCookies(ctx.tree)
        : ctx.language === "python"
          ? pythonCookies(ctx.tree)
          : scriptCookies(ctx.tree);
    for (const site of sites) report(ctx, site);
  },
});

function report(ctx: FileRuleContext, site: CookieSite): void {
  const line = site.node.range().start.line + 1;
  ctx.report({
    line,
    endLine: site.node.range().end.line + 1,
    severity: isExamplePath(ctx.path) || site.deliberate ? "low" : undefined,
    message: site.deliberate
      ? `Cookie \`${site.name}\` is set readable by scripts on purpose (HttpOnly written as false)${site.secure ? "" : ", and without Secure"}: any script running in the page can read the credential it carries`
      : `Cookie \`${site.name}\` is set without HttpOnly${site.secure ? "" : " (nor Secure)"}: any script running in the page can read the session it carries`,
    snippet: ctx.lines[line - 1]?.trim(),
    key: `${site.name}:${line}`,
  });
}

/** Judged by name and by how the cookie is set: a sensitive name, a value, and no HttpOnly. */
function judged(name: string | null): name is string {
  return name !== null && SESSION_NAME.test(name) && !SCRIPT_READ_NAME.test(name);
}

// ---- Go

function goCookies(root: SgNode): CookieSite[] {
  const imports = importMap(root);
  const sites: CookieSite[] = [];
  const literals = [
    ...compositeLiteralsOf(root, imports, "net/http", "Cookie").map((node) => ({ node, flag: "HttpOnly" })),
    ...compositeLiteralsOf(root, imports, "github.com/gofiber/fiber/v2", "Cookie").map((node) => ({
      node,
      flag: "HTTPOnly",
    })),
  ];
  for (const { node, flag } of literals) {
    const keys = literalKeys(node);
    const name = goName(keys.get("Name"));
    if (!judged(name) || goClears(keys)) continue;
    const httpOnly = keys.get(flag);
    if (httpOnly && httpOnly.text() !== "false") continue;
    if (!setByServer(node)) continue;
    sites.push({
      node,
      name,
      secure: (keys.get("Secure")?.text() ?? "false") !== "false",
      deliberate: httpOnly !== undefined,
    });
  }
  // gin: c.SetCookie(name, value, maxAge, path, domain, secure, httpOnly)
  for (const call of selectorCallsNamed(root, ["SetCookie"])) {
    const args = callArguments(call);
    if (args.length !== 7) continue;
    const name = goName(args[0]);
    const value = args[1];
    if (!judged(name) || !value || stringValue(value) !== null || /^-/.test(args[2]?.text() ?? "")) continue;
    if (args[6]?.text() !== "false") continue;
    // gin takes every flag positionally: a written `false` is no more deliberate than an omitted one elsewhere.
    sites.push({ node: call, name, secure: args[5]?.text() !== "false", deliberate: false });
  }
  return sites;
}

function goName(node: SgNode | undefined): string | null {
  if (!node) return null;
  return (
    stringValue(node) ??
    (node.kind() === "identifier" || node.kind() === "selector_expression" ? node.text() : null)
  );
}

/** A cookie that deletes: an empty value or a negative max age, or an expiry at the epoch. */
function goClears(keys: Map<string, SgNode>): boolean {
  // A literal value (`"true"`, `"1"`) is a flag for the page, not a session: nothing to steal.
  const value = keys.get("Value");
  if (!value || stringValue(value) !== null || /^(true|false|\d+)$/.test(value.text())) return true;
  const maxAge = keys.get("MaxAge")?.text() ?? "";
  return /^-/.test(maxAge) || /Unix\(0\s*,\s*0\)/.test(keys.get("Expires")?.text() ?? "");
}

/**
 * The literal reaches a response: an argument of a `SetCookie` call, directly or through the variable it is bound
 * to in the same function. A cookie added to an outgoing request (`AddCookie`) or built and returned is not judged.
 */
function setByServer(literal: SgNode): boolean {
  let node: SgNode | null = literal.parent();
  if (node?.kind() === "unary_expression") node = node.parent();
  if (node?.kind() === "argument_list") {
    const call = node.parent();
    return call !== null && calleeOf(call)?.name === "SetCookie" && !outgoingClient(call);
  }
  const variable = boundVariable(node);
  const fn = enclosingFunction(literal);
  if (!variable || !fn) return false;
  return selectorCallsNamed(fn, ["SetCookie", "Cookie"]).some((call) =>
    callArguments(call).some((arg) => arg.text().replace(/^&/, "") === variable),
  );
}

/**
 * `client.SetCookie(&http.Cookie{…})` on an HTTP client (resty's `client := resty.New()`, `d.client`): the cookie goes
 * out with the client's requests to another server, no browser receives it.
 */
function outgoingClient(call: SgNode): boolean {
  const receiver = calleeOf(call)?.receiverNode;
  if (!receiver) return false;
  if (/client$/i.test(receiver.text())) return true;
  const fn = enclosingFunction(call);
  if (!fn || receiver.kind() !== "identifier") return false;
  return fn
    .findAll({ rule: { kind: "short_var_declaration" } })
    .some(
      (declaration) =>
        declaration.field("left")?.text() === receiver.text() &&
        /(Client|resty\.New)\(/.test(declaration.field("right")?.text() ?? ""),
    );
}

function boundVariable(node: SgNode | null): string | null {
  // `c := &http.Cookie{…}` / `var c = http.Cookie{…}`: expression_list under a short_var_declaration or var_spec.
  if (node?.kind() !== "expression_list") return null;
  const statement = node.parent();
  if (!statement) return null;
  const kind = statement.kind();
  if (kind !== "short_var_declaration" && kind !== "var_spec" && kind !== "assignment_statement") return null;
  const left = statement.field("left") ?? statement.field("name");
  const names = left?.text().split(",") ?? [];
  return names.length === 1 ? (names[0] ?? "").trim() : null;
}

// ---- Python

function pythonCookies(root: SgNode): CookieSite[] {
  const sites: CookieSite[] = [];
  for (const call of root.findAll({ rule: { kind: "call", pattern: "$R.set_cookie($$$)" } })) {
    // `**options` may set httponly: not judged.
    if (hasKwargsSplat(call)) continue;
    const positional = positionalArgs(call);
    const keyArg = keywordArg(call, "key") ?? positional[0];
    const name = keyArg ? pythonStringValue(keyArg) : null;
    if (!judged(name)) continue;
    const value = keywordArg(call, "value") ?? positional[1];
    if (!value || pythonStringValue(value) !== null || /^(True|False|\d+)$/.test(value.text())) continue;
    if (/^(0|-\d+)$/.test(keywordArg(call, "max_age")?.text() ?? "")) continue;
    const httpOnly = keywordArg(call, "httponly");
    if (httpOnly && httpOnly.text() !== "False") continue;
    if (positional.length > 7) continue;
    const secure = keywordArg(call, "secure");
    sites.push({
      node: call,
      name,
      secure: secure !== null && secure.text() !== "False",
      deliberate: httpOnly !== null,
    });
  }
  return sites;
}

// ---- JavaScript / TypeScript

function scriptCookies(root: SgNode): CookieSite[] {
  const sites: CookieSite[] = [];
  // Browser code sets cookies too (`$.cookie(…)`, `Cookies.set(…)`, a `setCookie(name, value, days)` helper): those can
  // never be HttpOnly, so only a server response's receivers are read, and Hono's `setCookie` when imported from it.
  const serverCall = (pattern: string, receiver: RegExp) =>
    root
      .findAll({ rule: { kind: "call_expression", pattern } })
      .filter((call) => receiver.test(call.field("function")?.field("object")?.text() ?? ""))
      .map((call) => ({ call, at: 0 }));
  const hono = /from\s+["']hono\/cookie["']/.test(root.text());
  const calls = [
    ...serverCall("$R.cookie($$$)", /(^|\.)(res|resp|response)$/),
    ...serverCall("$R.setCookie($$$)", /(^|\.)(reply|res|response)$/),
    ...(hono
      ? root
          .findAll({ rule: { kind: "call_expression", pattern: "setCookie($$$)" } })
          .map((call) => ({ call, at: 1 }))
      : []),
  ];
  for (const { call, at } of calls) {
    const args = (call.field("arguments")?.children() ?? []).filter(
      (child) => child.isNamed() && child.kind() !== "comment",
    );
    if (args.length < at + 2) continue;
    const name = scriptStringValue(args[at]);
    if (!judged(name)) continue;
    const value = args[at + 1];
    if (!value || scriptStringValue(value) !== null || /^(true|false|\d+)$/.test(value.text())) continue;
    const options = args[at + 2];
    if (options && options.kind() !== "object") continue;
    // `...defaults` may set httpOnly: not judged.
    if (options?.children().some((child) => child.kind() === "spread_element")) continue;
    const props = new Map(
      [...(options ? objectProperties(options) : [])].map(([key, node]) => [key, node.text()]),
    );
    if (/^(0|-\d+)$/.test(props.get("maxAge") ?? props.get("expires") ?? "")) continue;
    const httpOnly = props.get("httpOnly") ?? (options?.text().includes("httpOnly") ? "set" : undefined);
    if (httpOnly !== undefined && httpOnly !== "false") continue;
    sites.push({
      node: call,
      name,
      secure: (props.get("secure") ?? "false") !== "false",
      deliberate: httpOnly !== undefined,
    });
  }
  return sites;
}
