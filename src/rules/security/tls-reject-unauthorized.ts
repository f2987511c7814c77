// node/tls-reject-unauthorized: TLS certificate verification turned off (rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0).
import type { SgNode } from "@ast-grep/napi";
import { isToolingPath } from "../../facts/node/ast.js";
import { defineRule } from "../define-rule.js";
import { ANONYMOUS_REQUEST_NOTE, sendsNoCredential } from "../shared/anonymous-request.js";

export default defineRule({
  id: "node/tls-reject-unauthorized",
  area: "security",
  severity: "high",
  title: "TLS certificate verification disabled",
  effortMinutes: 30,
  confidence: "certain",
  languages: ["typescript", "tsx", "javascript"],
  prefilter: /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED/,
  docs: {
    rationale:
      "rejectUnauthorized: false and NODE_TLS_REJECT_UNAUTHORIZED=0 accept any certificate, so TLS no longer authenticates the server. Setting the environment variable disables verification for every connection the process makes.",
    impact:
      "Anyone on the network path can impersonate the database, API or identity provider and read or alter the traffic, credentials included.",
    fix: "Keep verification on; trust a private CA with the `ca` option or NODE_EXTRA_CA_CERTS instead.",
    example: {
      language: "typescript",
      bad: "const agent = new https.Agent({ rejectUnauthorized: false });\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';",
      good: "const agent = new https.Agent({ ca: readFileSync(process.env.INTERNAL_CA_PATH!) });",
    },
  },
  notes: [
    "Values computed at run time (`rejectUnauthorized: !isDev`) are not reported.",
    "Medium in the options of a `fetch(url, …)` (or got, ky, axios.get, undici request) call that names no credential (no auth header, token, password, key or cookie): a page fetch or ping, where an impersonator can forge the response but finds no secret to steal.",
    "Scripts, tools and examples are lowered to medium; a health-check program (a file named for it) that calls a loopback host (`127.0.0.1`, `localhost`) probes its own server: low.",
    'Medium in the `default:` branch of a switch over named modes whose other branches verify (`case "verify-full": { rejectUnauthorized: true }`): it is what an unknown or unset mode gets, a weak fallback rather than verification switched off; the named branches that skip verification (`case "require":`) are low, as the operator chose them.',
    "Low on a certificate probe: the options of a `tls.connect(...)` whose function (or the method around the callback that wraps it) never writes to the socket and only reads the peer certificate (`getPeerCertificate`, `getPeerX509Certificate`) or times the handshake and closes it. A checker must accept an invalid certificate to report on it, and nothing is sent that an impersonator could read.",
    "A literal `false` in a branch chosen by a setting named for accepting such certificates (`settings.allowSelfSigned ? { rejectUnauthorized: false } : undefined`, `ignoreCertErrors && {...}`, `insecureSkipVerify`, `if (notification.unsafeTls)`) is the operator's opt-in, off by default: low.",
    "Medium when the options are chosen by a setting that turns TLS on, with no TLS otherwise (`ssl: opts.db.ssl ? { rejectUnauthorized: false } : false`, `useTls && {…}`): the connection is encrypted when the operator asks for it, without authenticating the server, rather than verification switched off on a connection that would otherwise verify. A condition such as `isProduction && !sslDisabled` (TLS by default) stays high.",
    'A literal `false` in a branch chosen by comparing a setting with a named mode (`case "accept_invalid_certs":`, `if (sslMode === "require")`) is the operator\'s explicit choice, mapped from configuration the way libpq\'s sslmode=require encrypts without verifying: low.',
  ],
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const ownServer = probesOwnServer(path, tree.text());
    const severity = ownServer ? "low" : isToolingPath(path) ? "medium" : "high";
    const why = ownServer
      ? ` (in a health-check program that only calls its own server at ${ownServer})`
      : "";
    for (const pair of tree.findAll({
      rule: { kind: "pair", has: { field: "key", regex: "rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED" } },
    })) {
      const key = pair
        .field("key")
        ?.text()
        .replace(/^["']|["']$/g, "");
      const value = pair
        .field("value")
        ?.text()
        .replace(/^["'`]|["'`]$/g, "");
      if (
        (key === "rejectUnauthorized" && value === "false") ||
        (key === "NODE_TLS_REJECT_UNAUTHORIZED" && value === "0")
      ) {
        const mode = selectingMode(pair);
        const fallback = mode ? null : unknownModeFallback(pair);
        const probe = mode || fallback ? null : certificateProbe(pair);
        const optIn = mode || fallback || probe ? null : tlsOptIn(pair);
        const anonymous =
          !mode && !fallback && !probe && !optIn && severity === "high" && anonymousFetch(pair);
        report({
          node: pair,
          message: mode
            ? `${key}: ${value} turns off TLS certificate verification when configured as ${mode}`
            : fallback
              ? `${key}: ${value} turns off TLS certificate verification for an unknown or unset mode (the \`default:\` of a switch whose ${fallback} branches verify): fall back to verifying, or reject the mode`
              : probe
                ? `${key}: ${value} on a TLS connection that only ${probe} and sends nothing: verification is off so that any certificate can be inspected`
                : optIn
                  ? `${key}: ${value} turns off TLS certificate verification when the setting \`${optIn}\` turns TLS on (without it the connection has no TLS at all): the traffic is encrypted, but the server is not authenticated`
                  : anonymous
                    ? `${key}: ${value} turns off TLS certificate verification ${ANONYMOUS_REQUEST_NOTE}`
                    : `${key}: ${value} turns off TLS certificate verification${why}`,
          severity:
            mode || probe
              ? "low"
              : anonymous || ((fallback || optIn) && severity === "high")
                ? "medium"
                : severity,
          key: `${key}=${value}`,
        });
      }
    }
    for (const assignment of tree.findAll({ rule: { kind: "assignment_expression" } })) {
      const left = assignment.field("left")?.text().replace(/\s/g, "") ?? "";
      const right = assignment
        .field("right")
        ?.text()
        .replace(/^["'`]|["'`]$/g, "");
      if (/NODE_TLS_REJECT_UNAUTHORIZED["'\]]*$/.test(left) && right === "0") {
        report({
          node: assignment,
          message: `NODE_TLS_REJECT_UNAUTHORIZED = 0 turns off TLS verification for the whole process${why}`,
          severity,
          key: "NODE_TLS_REJECT_UNAUTHORIZED=0",
        });
      }
    }
  },
});

/**
 * The loopback address a health-check program (a file named for it, which a container's HEALTHCHECK runs) calls:
 * the process probes its own server, whose certificate is often self-signed or issued for another name, and sends
 * nothing worth impersonating. Null for any other file, or one that names no loopback host.
 */
function probesOwnServer(path: string, text: string): string | null {
  if (!/(^|\/)[^/]*health[-_]?check[^/]*\.[cm]?[jt]s$/i.test(path)) return null;
  return /["'`](127\.0\.0\.1|localhost|::1)["'`]/.exec(text)?.[1] ?? null;
}

/**
 * What a `tls.connect({ rejectUnauthorized: false })` probe does when the options are those of a raw TLS connection
 * whose function never writes to it: reads the peer certificate (`getPeerCertificate`), or times the handshake and
 * closes (`destroy()`/`end()` on `secureConnect`). Nothing is sent, so nothing can leak to an impersonator; a site
 * checker must accept invalid certificates to report on them. Null otherwise.
 */
function certificateProbe(pair: SgNode): string | null {
  const options = pair.parent();
  const call = options?.parent()?.parent();
  if (options?.kind() !== "object" || call?.kind() !== "call_expression") return null;
  if (!/(^|\.)connect$/.test(call.field("function")?.text() ?? "")) return null;
  // The function that owns the connection: a callback wrapping it (`new Promise((resolve) => { tls.connect(…) })`)
  // hands the socket back to the method or function around it, which reads it.
  const functions = pair.ancestors().filter((a) => FUNCTION_KINDS.has(String(a.kind())));
  const fn =
    functions.find((a) => a.kind() === "method_definition" || a.kind() === "function_declaration") ??
    functions.at(-1);
  const body = fn?.text() ?? "";
  if (/\.(write|pipe|end)\s*\(\s*[^)\s]/.test(body) || /\.request\s*\(/.test(body)) return null;
  if (/\.getPeer(?:X509)?Certificate\s*\(/.test(body)) return "reads the peer certificate";
  if (/["']secureConnect["']/.test(body) && /\.(destroy|end)\s*\(\s*\)/.test(body))
    return "times the handshake";
  return null;
}

/**
 * Whether the options sit in the arguments of a `fetch(url, { dispatcher: new Agent({ connect: { … } }) })` call (or
 * got/axios/ky/undici `request`) that names no credential: a page fetch or ping, where an impersonator can forge the
 * response but finds no secret to steal.
 */
function anonymousFetch(pair: SgNode): boolean {
  for (const ancestor of pair.ancestors()) {
    const kind = String(ancestor.kind());
    if (FUNCTION_KINDS.has(kind)) return false;
    if (kind !== "call_expression") continue;
    const callee = ancestor.field("function")?.text() ?? "";
    if (!/^(?:fetch|got|ky|request|(?:axios|got|ky|undici)\.(?:get|head|request))$/.test(callee)) continue;
    return sendsNoCredential(ancestor.text());
  }
  return false;
}

/**
 * The named mode that selects the branch a node sits in, within its function: the string of an enclosing
 * `case "x":`, or of an `=== "x"` comparison in the condition of an enclosing `if` or `?:` whose chosen
 * branch holds the node. Null when the branch is not chosen by a named setting.
 */
function selectingMode(node: SgNode): string | null {
  let child = node;
  for (const ancestor of node.ancestors()) {
    const kind = String(ancestor.kind());
    if (FUNCTION_KINDS.has(kind)) return null;
    if (kind === "switch_case") {
      const value = ancestor.field("value");
      if (value?.kind() === "string") return value.text();
    }
    if (kind === "if_statement" || kind === "ternary_expression") {
      const condition = ancestor.field("condition");
      const inCondition = condition ? child.id() === condition.id() : false;
      const mode = condition
        ? /[=!]==?\s*(["'`][\w-]+["'`])|(["'`][\w-]+["'`])\s*[=!]==?/.exec(condition.text())
        : null;
      if (!inCondition && mode) return mode[1] ?? mode[2] ?? null;
      const flag = condition ? INSECURE_OPT_IN.exec(condition.text()) : null;
      if (!inCondition && flag) return `the setting \`${flag[0]}\` is on`;
    }
    // `allowSelfSigned && { rejectUnauthorized: false }`: the right side applies only when the setting is on.
    if (kind === "binary_expression" && ancestor.field("operator")?.text() === "&&") {
      const left = ancestor.field("left");
      const flag = left && child.id() !== left.id() ? INSECURE_OPT_IN.exec(left.text()) : null;
      if (flag) return `the setting \`${flag[0]}\` is on`;
    }
    child = ancestor;
  }
  return null;
}

/**
 * The `default:` branch of a switch over named modes (`case "verify-full":` … `default:`) where other branches set
 * `rejectUnauthorized: true`: verification is the configured path, and this is what an unknown or unset mode gets.
 * Says how many branches verify; null elsewhere.
 */
function unknownModeFallback(node: SgNode): string | null {
  for (const ancestor of node.ancestors()) {
    const kind = String(ancestor.kind());
    if (FUNCTION_KINDS.has(kind)) return null;
    if (kind !== "switch_default") continue;
    const body = ancestor.parent();
    if (body?.kind() !== "switch_body") return null;
    const verifying = body
      .children()
      .filter(
        (c) =>
          c.kind() === "switch_case" &&
          c.field("value")?.kind() === "string" &&
          /\brejectUnauthorized["']?\s*:\s*true\b/.test(c.text()),
      ).length;
    return verifying > 0 ? `${verifying} named` : null;
  }
  return null;
}

/** A setting read as is (`opts.db.ssl`, `envs.ORCHESTRATOR_DB_SSL`, `useTls`) whose last name is about SSL/TLS. */
const TLS_SETTING = /^[\w$]+(?:\??\.[\w$]+)*$/;
const TLS_NAME = /(?:ssl|tls)(?:_?enabled?)?$/i;

/**
 * The options chosen by a setting that turns TLS on, with no TLS at all otherwise: `ssl: opts.ssl ? {
 * rejectUnauthorized: false } : false` (or `opts.ssl && {…}`). The connection is encrypted when the operator asks
 * for it, without authenticating the server — the way a managed database without its CA bundle is reached — rather
 * than verification switched off on a connection that would otherwise verify. Returns the setting.
 */
function tlsOptIn(pair: SgNode): string | null {
  let options = pair.parent();
  if (options?.kind() !== "object") return null;
  let parent = options.parent();
  while (parent?.kind() === "parenthesized_expression") {
    options = parent;
    parent = parent.parent();
  }
  if (!parent) return null;
  let setting: SgNode | null = null;
  if (parent.kind() === "ternary_expression" && parent.field("consequence")?.id() === options.id()) {
    const alternative = parent.field("alternative")?.text() ?? "";
    if (!/^(?:false|undefined|null)$/.test(alternative)) return null;
    setting = parent.field("condition");
  } else if (
    parent.kind() === "binary_expression" &&
    parent.field("operator")?.text() === "&&" &&
    parent.field("right")?.id() === options.id()
  )
    setting = parent.field("left");
  const name = setting?.text().replace(/\s/g, "") ?? "";
  if (!TLS_SETTING.test(name)) return null;
  const last = name.split(".").at(-1) ?? "";
  return TLS_NAME.test(last) && !/no_?(?:ssl|tls)|disable|insecure|skip/i.test(last) ? name : null;
}

/**
 * A setting whose name says the operator opts into accepting unverifiable certificates (`allowSelfSigned`,
 * `ignoreCertErrors`, `insecureSkipVerify`, `tlsAllowInvalid`): the literal `false` is that choice, off by default.
 */
const INSECURE_OPT_IN =
  /[\w$.]*(?:self_?signed|allow_?(?:invalid|untrusted|insecure)|accept_?(?:invalid|untrusted)|ignore_?(?:cert|ssl|tls)\w*|skip_?(?:cert|ssl|tls)_?verif\w*|insecure(?:_?skip)?_?(?:verify|tls|ssl)?|unsafe_?(?:tls|ssl|https|cert))[\w$]*/i;

const FUNCTION_KINDS = new Set([
  "function_declaration",
  "function_expression",
  "arrow_function",
  "method_definition",
  "generator_function_declaration",
]);
