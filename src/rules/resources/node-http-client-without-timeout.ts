// node/http-client-without-timeout: outgoing HTTP from server code (fetch, axios, got, undici) with no timeout or abort signal.
import type { SgNode } from "@ast-grep/napi";
import {
  isThirdPartyCode,
  isToolingPath,
  moduleBindings,
  objectProperties,
  runsOnServer,
  stringValue,
} from "../../facts/node/ast.js";
import type { ClientTimeoutDefault } from "../../facts/http-clients/index.js";
import { ownOriginBase } from "../../facts/node/own-origin.js";
import type { FileSummary } from "../../facts/repo-facts.js";
import { defineRule, type ReportedFinding } from "../define-rule.js";

/** Option keys that bound a request: a signal, a timeout, or a dispatcher/agent carrying its own timeouts. */
const BOUNDING_KEYS = /^(signal|timeout|timeoutMs|headersTimeout|bodyTimeout|dispatcher)$/;
const AXIOS_METHODS: Record<string, number> = {
  get: 1,
  delete: 1,
  head: 1,
  options: 1,
  post: 2,
  put: 2,
  patch: 2,
  request: 0,
  postForm: 2,
  putForm: 2,
  patchForm: 2,
};
const GOT_METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "stream"]);
/** A URL written out with its scheme and host (`'https://api.github.com/…'`, `` `https://api.x.com/${id}` ``). */
const FIXED_HOST = /^[`'"]https?:\/\/[^/$'"`]+/;
/** Files whose exports answer requests: Next.js route handlers and API routes. */
const ROUTE_MODULE = /(^|\/)(app|pages)\/(.*\/)?route\.[cm]?[jt]s$|(^|\/)pages\/api\//;
const CLI_PACKAGE = /(^|\/)([\w.-]+-)?cli\//;
const CLI_MODULE = /(?:from\s+|require\s*\(\s*)["'](?:commander|yargs|@oclif\/[\w-]+|cac|meow)["']/;

export default defineRule({
  id: "node/http-client-without-timeout",
  area: "resources",
  severity: "medium",
  title: "Outgoing HTTP request without a timeout (Node)",
  effortMinutes: 15,
  confidence: "certain",
  languages: ["typescript", "tsx", "javascript"],
  prefilter: /\bfetch\s*\(|axios|\bgot\b|undici/,
  docs: {
    rationale:
      "Node's fetch waits up to five minutes for response headers and has no limit on the whole exchange; axios and got wait forever unless given a timeout. A request handler that calls a slow upstream holds its connection, memory and any lock for that long.",
    impact:
      "One stalled dependency (a webhook target, an identity provider, a metadata URL) turns into requests piling up until the server runs out of sockets or memory, instead of a quick error.",
    fix: "Pass `signal: AbortSignal.timeout(ms)` to fetch, `timeout` to axios (or `axios.create({ timeout })`) and `timeout: { request: ms }` to got.",
    example: {
      language: "typescript",
      bad: "const res = await fetch(webhook.url, { method: 'POST', body });",
      good: "const res = await fetch(webhook.url, { method: 'POST', body, signal: AbortSignal.timeout(10_000) });",
    },
  },
  notes: [
    "Reads code that runs in Node (see node/empty-catch: a Node built-in, server framework, database driver or CLI import, a server/api/routes/handlers folder, a Next.js route handler or server action); browser code is not checked (also a module that imports a browser-only DOM library, `bootstrap`, `jquery`, `react-dom/client`, wherever it sits), nor tests, scripts, tools and configuration.",
    "fetch (global, node-fetch, undici) without options or with an options object lacking `signal`/`dispatcher`; axios.get/post/… and axios(config) without `timeout`/`signal`, unless the file sets `axios.defaults.timeout`; axios.create and got.extend without `timeout`; got(url) without `timeout`/`signal`. Options passed as a variable or with a spread are not judged (they may carry the bound). A relative URL (`fetch('/api/…')`) is same-origin browser code and skipped.",
    "fetch is medium only where a request waits on it (a Next.js route handler or API route, a server action, a Remix loader or action, a function taking `req`/`request`): Node's fetch gives up on headers after 300 s, so elsewhere (jobs, libraries) it is low. A module that fetches a relative URL runs in the browser (Node's fetch rejects those) and is not read.",
    "Low for fetch to a URL written out with its scheme and host (a fixed third-party API): Node's 300 s header limit still bounds it, and the service is not one a client chooses. A fetch raced against a timer (`Promise.race`) is bounded and not reported, nor one in a function that returns at once in production (`if (IS_PRODUCTION) return …`).",
    "Low for a request to the application's own deployment: a path under the base URL it is served at (`${process.env.NEXTAUTH_URL}/api/revalidate`, `env.NEXT_PUBLIC_BASE_URL + \"/api/…\"`, `${getBaseUrl()}/api/…`, or a local name declared only as such). The route called is this code, bounded by the service's own limits. Settings that name another service (`API_URL`, `SERVER_URL`, `INTERNAL_API_URL`) are not taken for the app's own.",
    "A call on axios' default instance is not reported when code of the same package (the folder of the nearest package.json) sets `axios.defaults.timeout` to a non-zero value: that default bounds every such call in the process.",
    "An axios client whose `baseURL` is a relative path (`'/'`, `'/api'`, or an env value falling back to one) is the browser's same-origin client (axios in Node needs a host) and is not read.",
    "Low in a health-check route (a `health`, `healthz`, `readyz` or `livez` route or folder): the prober that calls it has its own timeout, so a hung dependency delays one probe, which then reports the service unhealthy.",
    "Low in command-line programs (a file importing commander, yargs, oclif, cac or meow, or under a `cli/` or `*-cli/` package folder): a hang stops one run, by hand.",
  ],
  reviseWithFacts(findings, facts) {
    return withoutDefaultBoundCalls(findings, facts.httpClients?.timeoutDefaults ?? [], facts.files);
  },
  checkFile({ tree, path, text, report }) {
    if (!tree || isThirdPartyCode(text) || isToolingPath(path) || !runsOnServer(path, text)) return;
    // A command-line package (`packages/x-cli/`, `cli/`) or a module using a CLI library: a hang stops one run.
    // A health-check route: the prober calling it gives up on its own timeout and reports the service unhealthy.
    const severity =
      CLI_MODULE.test(text) || CLI_PACKAGE.test(path) || HEALTH_ROUTE.test(path) ? "low" : undefined;
    const axios = moduleBindings(tree, ["axios"]);
    const got = moduleBindings(tree, ["got"]);
    const fetchLibs = moduleBindings(tree, ["node-fetch", "undici", "cross-fetch", "isomorphic-fetch"]);
    // A .tsx/.jsx module renders components that run in the browser; only its loaders and actions run in Node.
    const componentFile = /\.[jt]sx$/.test(path) && !/^\s*["']use server["']/m.test(text);
    // Node's fetch cannot take a relative URL: a plain module that fetches `/api/…` runs in the browser.
    if (!componentFile && fetchesRelativeUrl(tree)) return;
    const routeModule = ROUTE_MODULE.test(path) || /^\s*["']use server["']/m.test(text);
    const axiosDefaults = /axios\.defaults\.timeout\s*=|\.defaults\.timeout\s*=/.test(text);
    for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
      const callee = call.field("function");
      if (!callee) continue;
      const args = argumentsOf(call);
      const calleeText = callee.text();
      const fetchName =
        calleeText === "fetch" ||
        calleeText === "globalThis.fetch" ||
        fetchLibs.named.get(calleeText) === "fetch";
      if (componentFile && !inServerFunction(call)) continue;
      if (fetchName || isNamespaceCall(callee, fetchLibs.namespaces, ["fetch", "request"])) {
        if (isRelativeUrl(args[0]) || args[0]?.kind() === "new_expression") continue;
        if (!unbounded(args[1]) || raced(call) || devOnly(call)) continue;
        const fixedHost = FIXED_HOST.test(args[0]?.text() ?? "");
        const own = ownOriginBase(args[0], tree);
        const handler = routeModule || inServerFunction(call) || inRequestHandler(call);
        report({
          node: call,
          message: `${calleeText}() without an abort signal: ${handler ? "the request waiting on it is held" : "it waits"} for minutes on a stalled upstream (Node's fetch allows 300 s for headers, and the body has no overall limit)${fixedHost ? "; the URL names a fixed service" : ""}${own ? ownOriginNote(own) : ""}`,
          key: `fetch:${args[0]?.text().slice(0, 60) ?? ""}`,
          severity: fixedHost || own || !handler ? "low" : severity,
        });
        continue;
      }
      const axiosMethod = axiosCall(callee, axios.namespaces);
      if (axiosMethod !== null && !axiosDefaults) {
        if (axiosMethod === "create") {
          if (!unbounded(args[0]) || relativeBaseUrl(args[0])) continue;
          report({
            node: call,
            message:
              "axios.create() without `timeout`: every request of this client waits forever for a slow server",
            key: "axios-create",
            severity,
          });
          continue;
        }
        const configIndex = axiosMethod === "" ? (args.length > 1 ? 1 : 0) : AXIOS_METHODS[axiosMethod];
        if (configIndex === undefined) continue;
        const config = args[configIndex];
        if (configIndex === 0 && axiosMethod === "" && config?.kind() !== "object") continue;
        if (!unbounded(config)) continue;
        const own = axiosMethod === "" ? null : ownOriginBase(args[0], tree);
        report({
          node: call,
          message: `${calleeText}() without \`timeout\` or \`signal\`: axios waits forever for a slow server${own ? ownOriginNote(own) : ""}`,
          key: `axios:${axiosMethod}:${args[0]?.text().slice(0, 60) ?? ""}`,
          severity: own ? "low" : severity,
        });
        continue;
      }
      const gotMethod = gotCall(callee, got.namespaces);
      if (gotMethod !== null) {
        const options = gotMethod === "extend" ? args[0] : args[1];
        if (gotMethod === "extend" && args[0]?.kind() !== "object") continue;
        if (!unbounded(options)) continue;
        report({
          node: call,
          message: `${calleeText}() without \`timeout\`: got waits forever for a slow server`,
          key: `got:${gotMethod}:${args[0]?.text().slice(0, 60) ?? ""}`,
          severity,
        });
      }
    }
  },
});

/** A health, readiness or liveness route (`routes/healthz/+server.ts`, `app/api/health/route.ts`, `health.controller.ts`). */
const HEALTH_ROUTE =
  /(^|\/)(health|healthz|healthcheck|health-check|readyz|livez|readiness|liveness)([./]|$)/i;

/**
 * Drops calls on axios' default instance in a package whose code sets `axios.defaults.timeout`: the default bounds
 * them all in the process (a server that sets it once at start-up and calls `axios.get` everywhere).
 */
function withoutDefaultBoundCalls(
  findings: readonly ReportedFinding[],
  defaults: readonly ClientTimeoutDefault[],
  files: readonly FileSummary[],
): ReportedFinding[] {
  const live = defaults.filter((site) => !site.isTest && site.client === "axios");
  if (live.length === 0) return [...findings];
  const packageRoots = files
    .filter((file) => /(^|\/)package\.json$/.test(file.path))
    .map((file) => dirOf(file.path));
  const rootOf = (path: string): string =>
    packageRoots
      .filter((root) => root === "" || path.startsWith(`${root}/`))
      .reduce((best, root) => (root.length > best.length ? root : best), "");
  const bounded = new Set(live.map((site) => rootOf(site.path)));
  return findings.filter((finding) => {
    const path = finding.location?.path;
    return !(path && finding.key.startsWith("axios:") && bounded.has(rootOf(path)));
  });
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** Whether `axios.create({ baseURL })` names a relative base (`'/'`, `env.X || '/api'`): a same-origin browser client. */
function relativeBaseUrl(options: SgNode | undefined): boolean {
  if (options?.kind() !== "object") return false;
  const base = objectProperties(options).get("baseURL");
  if (!base) return false;
  const fallback =
    base.kind() === "binary_expression" && /^(\|\||\?\?)$/.test(base.field("operator")?.text() ?? "")
      ? base.field("right")
      : base;
  const text = fallback ? stringValue(fallback) : null;
  return text !== null && text.startsWith("/");
}

/** Why a request to the app's own deployment is low: the route it calls is this code, under this service's own limits. */
function ownOriginNote(base: string): string {
  return `; the URL is a route of this application itself (under \`${base}\`), which its own request limits bound, so a timeout here is hygiene`;
}

function argumentsOf(call: SgNode): SgNode[] {
  return (
    call
      .field("arguments")
      ?.children()
      .filter((child) => child.isNamed() && child.kind() !== "comment") ?? []
  );
}

/** Whether the options leave the request unbounded: absent, or an object literal with no bounding key and no spread. */
function unbounded(options: SgNode | undefined): boolean {
  if (!options) return true;
  if (options.kind() !== "object") return false;
  if (options.children().some((child) => child.kind() === "spread_element")) return false;
  return ![...objectProperties(options).keys()].some((key) => BOUNDING_KEYS.test(key));
}

function isRelativeUrl(url: SgNode | undefined): boolean {
  if (!url) return false;
  // `fetch(formatPath('/api/files'))`: a path of the same site, built by a helper.
  if (url.kind() === "call_expression") return isRelativeUrl(argumentsOf(url)[0]);
  const text = stringValue(url) ?? (url.kind() === "template_string" ? url.text().slice(1) : null);
  return text !== null && text.startsWith("/");
}

function isNamespaceCall(callee: SgNode, namespaces: Set<string>, names: string[]): boolean {
  if (callee.kind() !== "member_expression") return false;
  const object = callee.field("object");
  return (
    object?.kind() === "identifier" &&
    namespaces.has(object.text()) &&
    names.includes(callee.field("property")?.text() ?? "")
  );
}

/** "" for `axios(config)`, the method for `axios.get(…)`, "create" for `axios.create(…)`, null otherwise. */
function axiosCall(callee: SgNode, namespaces: Set<string>): string | null {
  if (callee.kind() === "identifier") return namespaces.has(callee.text()) ? "" : null;
  if (callee.kind() !== "member_expression") return null;
  const object = callee.field("object");
  const method = callee.field("property")?.text() ?? "";
  if (object?.kind() !== "identifier" || !namespaces.has(object.text())) return null;
  return method === "create" || method in AXIOS_METHODS ? method : null;
}

/** "" for `got(url)`, the method for `got.post(…)`, "extend" for `got.extend(…)`, null otherwise. */
function gotCall(callee: SgNode, namespaces: Set<string>): string | null {
  if (callee.kind() === "identifier") return namespaces.has(callee.text()) ? "" : null;
  if (callee.kind() !== "member_expression") return null;
  const object = callee.field("object");
  const method = callee.field("property")?.text() ?? "";
  if (object?.kind() !== "identifier" || !namespaces.has(object.text())) return null;
  return method === "extend" || GOT_METHODS.has(method) ? method : null;
}

const SERVER_FUNCTION =
  /^(loader|action|getServerSideProps|getStaticProps|generateMetadata|GET|POST|PUT|PATCH|DELETE)$/;

/** Whether a call sits in a Remix/Next.js loader, action, data function or route handler. */
function inServerFunction(call: SgNode): boolean {
  for (let node = call.parent(); node; node = node.parent()) {
    const kind = node.kind();
    const name =
      kind === "function_declaration" || kind === "method_definition"
        ? node.field("name")?.text()
        : kind === "variable_declarator"
          ? node.field("name")?.text()
          : undefined;
    if (name && SERVER_FUNCTION.test(name)) return true;
  }
  return false;
}

/** Whether the call is raced against a timer (`Promise.race([fetch(…), timeout])`): the caller stops waiting. */
function raced(call: SgNode): boolean {
  for (let node = call.parent(), depth = 0; node && depth < 6; node = node.parent(), depth++) {
    if (node.kind() === "call_expression" && node.field("function")?.text() === "Promise.race") return true;
    if (asFunctionKind(node)) return false;
  }
  return false;
}

function asFunctionKind(node: SgNode): boolean {
  return ["arrow_function", "function_declaration", "function_expression", "method_definition"].includes(
    String(node.kind()),
  );
}

function fetchesRelativeUrl(tree: SgNode): boolean {
  return tree
    .findAll({ rule: { kind: "call_expression", has: { field: "function", regex: "^fetch$" } } })
    .some((call) => isRelativeUrl(argumentsOf(call)[0]));
}

/** Whether a call sits in a function that takes a request: `(req, res)`, `(request: Request)`, `(c: Context)` of a router. */
function inRequestHandler(call: SgNode): boolean {
  for (let node = call.parent(); node; node = node.parent()) {
    if (!asFunctionKind(node)) continue;
    const params = node.field("parameters")?.text() ?? node.field("parameter")?.text() ?? "";
    if (/^\(?\s*(req|request)\b/.test(params)) return true;
  }
  return false;
}

const PRODUCTION_FLAG =
  /^\(?\s*(IS_PRODUCTION|isProduction|isProd|IS_PROD|process\.env\.NODE_ENV\s*===?\s*["']production["'])\s*\)?$/;

/** Whether an enclosing function returns at once in production (`if (IS_PRODUCTION) return 404`): development-only code. */
function devOnly(call: SgNode): boolean {
  for (let node = call.parent(); node; node = node.parent()) {
    if (!asFunctionKind(node)) continue;
    const body = node.field("body");
    const guard = body?.children().find((child) => child.kind() === "if_statement");
    const condition = guard?.field("condition")?.text() ?? "";
    if (
      PRODUCTION_FLAG.test(condition) &&
      /\breturn\b|\bthrow\b/.test(guard?.field("consequence")?.text() ?? "")
    )
      return true;
  }
  return false;
}
