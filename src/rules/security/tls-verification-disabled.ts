// security/tls-verification-disabled: certificate verification switched off in code, config, scripts or CI.
import { CONFIG_LANGUAGES, matchLines, type LineMatch } from "../../facts/secrets/line-scan.js";
import { CODE_LANGUAGES, type Language } from "../../model/language.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";
import { ANONYMOUS_REQUEST_NOTE, sendsNoCredential } from "../shared/anonymous-request.js";

// Code forms not covered by the Go (InsecureSkipVerify) and Node (rejectUnauthorized) rules.
const CODE: Partial<Record<Language, RegExp[]>> = {
  python: [
    /\b(?:requests|httpx|session|client|self\.session|s)\.(?:get|post|put|patch|delete|head|request|Client|AsyncClient|Session)\([^#]*\bverify\s*=\s*False\b/,
    /\bverify\s*=\s*False\b(?=.*\)\s*$|.*,\s*$)/,
    /\bssl\._create_unverified_context\b|\bcert_reqs\s*=\s*(?:ssl\.)?CERT_NONE\b|\.verify_mode\s*=\s*(?:ssl\.)?CERT_NONE\b|\bcheck_hostname\s*=\s*False\b/,
  ],
  elixir: [/\bverify:\s*:verify_none\b/],
  erlang: [/\{\s*verify\s*,\s*verify_none\s*\}/],
  ruby: [/\bverify_mode\s*(?:=|:)\s*OpenSSL::SSL::VERIFY_NONE\b|\bOpenSSL::SSL::VERIFY_NONE\b/],
  php: [
    /CURLOPT_SSL_VERIFYPEER\s*,\s*(?:false|0)\b|CURLOPT_SSL_VERIFYHOST\s*,\s*0\b|["']verify["']\s*=>\s*false\b/i,
  ],
  rust: [/\.danger_accept_invalid_(?:certs|hostnames)\(\s*true\s*\)/],
  java: [
    /\bNoopHostnameVerifier\b|\bALLOW_ALL_HOSTNAME_VERIFIER\b|\bTrustAllStrategy\b|\bTrustSelfSignedStrategy\b/,
  ],
  kotlin: [/\bNoopHostnameVerifier\b|\bALLOW_ALL_HOSTNAME_VERIFIER\b|\bTrustAllStrategy\b/],
  csharp: [
    /ServerCertificate(?:Custom)?ValidationCallback\s*=\s*(?:\([^)]*\)|\w+)\s*=>\s*true\b|DangerousAcceptAnyServerCertificateValidator/,
  ],
};
// Shell commands (scripts, Dockerfiles, CI steps, Makefiles) and environment switches.
const COMMANDS: RegExp[] = [
  /\bcurl\b[^|;&#]*\s(?:-[A-Za-z]*k[A-Za-z]*|--insecure)(?=\s|$)/,
  /\bwget\b[^|;&#]*--no-check-certificate\b/,
  /\bgit\s+config\b[^|;&#]*http\.sslVerify\s+false\b|\bGIT_SSL_NO_VERIFY\s*[=:]\s*["']?(?:1|true)\b/i,
  /\b(?:npm|yarn|pnpm)\s+config\s+set\s+strict-ssl\s+false\b/,
  /\bNODE_TLS_REJECT_UNAUTHORIZED["']?\s*[=:]\s*["']?0\b|\bPYTHONHTTPSVERIFY["']?\s*[=:]\s*["']?0\b/,
];
// Config keys: insecure_skip_verify: true (Prometheus, Traefik, Grafana), verify_ssl: false, strict-ssl=false (.npmrc).
const CONFIG: RegExp[] = [
  /^\s*["']?(?:insecure[_-]?skip[_-]?verify|tls[_-]?skip[_-]?verify|skip[_-]?tls[_-]?verify|skip[_-]?ssl[_-]?verify|tls[_-]?insecure)["']?\s*[:=]\s*["']?(?:true|yes|1)["']?\s*,?\s*$/i,
  /^\s*["']?(?:verify[_-]?ssl|ssl[_-]?verify|sslverify|tls[_-]?verify|verify[_-]?certs?|verify[_-]?peer|ssl[_-]?verify[_-]?peer|strict[_-]?ssl|verify_tls)["']?\s*[:=]\s*["']?(?:false|no|0|off)["']?\s*,?\s*$/i,
  ...COMMANDS,
];
const LOCAL = /\b(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])\b/;
/** A shell variable named for a local or internal address (`${SEARXNG_INTERNAL_HTTP}`, `$LOCAL_URL`): the same. */
const LOCAL_VARIABLE = /\$\{?[A-Za-z_]*(?:LOCAL|INTERNAL|LOOPBACK)[A-Za-z0-9_]*\}?/i;
/** Lines apart within which hits are one setting. */
/** The condition of an enclosing `if` (less indented, a few lines above) that names a skip-verification switch. */
function optInCondition(lines: readonly string[], line: number): string | null {
  const indent = (text: string): number => /^\s*/.exec(text)?.[0].length ?? 0;
  const own = indent(lines[line - 1] ?? "");
  for (let at = line - 1; at >= Math.max(1, line - OPT_IN_RADIUS); at--) {
    const text = lines[at - 1] ?? "";
    if (text.trim() === "" || /^\s*#/.test(text)) continue;
    if (indent(text) >= own) continue;
    return OPT_IN_CONDITION.test(text) ? text.trim().replace(/:$/, "").slice(0, 80) : null;
  }
  return null;
}

/** A command line whose every URL is plain `http://`: there is no certificate to verify. */
function onlyPlainHttp(text: string): boolean {
  const schemes = text.match(/\b[a-z][\w+.-]*:\/\//gi) ?? [];
  return schemes.length > 0 && schemes.every((scheme) => scheme.toLowerCase() === "http://");
}
/** A shell loop that waits for a service: `until wget … URL; do sleep 2; done`, `while ! curl -k …`. */
const READINESS_POLL = /^\s*(?:until|while)\s/;
const GROUP_GAP = 3;
/** Python's SSL-context switches that together turn verification off: one setting when written side by side. */
const SSL_CONTEXT_SWITCH = /check_hostname|CERT_NONE|_create_unverified_context/;
/**
 * A condition naming an operator's switch for skipping verification (`if self.smtp_skip_ssl_verify:`,
 * `if settings.TLS_INSECURE`, `unless verify_ssl`): verification is off only where the deployment asks for it.
 */
const OPT_IN_CONDITION =
  /^\s*(?:if|elif|unless|when|if\s+not)\b[^\n]*(?:(?:skip|insecure|no|disable|ignore|allow[_-]?insecure)[_-]?(?:ssl|tls|https|cert)\w*|(?:ssl|tls|cert)\w*[_-]?(?:insecure|no[_-]?verify|skip[_-]?verify|verify|check)\w*|verify[_-]?(?:ssl|tls|certs?)\b|\binsecure\b)/i;
/** Lines above a hit searched for the condition that guards it. */
const OPT_IN_RADIUS = 4;
/** Custom verification next to verify_none: a callback or a pinned CA in the same options. */
const CUSTOM_VERIFY = /\bverify_fun\b|\bcacertfile\b|\bcacerts\b/;
/** A CA loaded into the same SSL context (so only the hostname check is off). */
const CA_LOADED = /load_verify_locations|\bcafile\s*=|\bcadata\s*=|verify_mode\s*=\s*(?:ssl\.)?CERT_REQUIRED/;
/** A branch nearby that does verify: verification off is then a fallback, not the only path. */
const VERIFYING_BRANCH = /:verify_peer\b|\bverify_peer\b|\bcacertfile\b|CERT_REQUIRED|verify\s*=\s*True\b/;
/** Lines either side searched for a verifying branch: a `case` arm or a sibling function clause. */
const BRANCH_RADIUS = 12;
/**
 * The options are handed to the server side of a handshake (accepting a client's connection): there `verify_none`
 * only means clients are not asked for a certificate, the normal setting of a TLS server.
 */
const SERVER_HANDSHAKE =
  /:ssl\.(?:handshake|listen|ssl_accept|transport_accept)\(|\bssl:(?:handshake|listen|ssl_accept|transport_accept)\(|\bserver_side\s*=\s*True\b|\bPurpose\.CLIENT_AUTH\b/;
/** Lines after the options searched for the server-side handshake that takes them. */
const SERVER_RADIUS = 12;

/** A Python HTTP call that reads (`requests.get(`, `session.request(`, a bare `get(` imported from a client). */
const PYTHON_READ_CALL = /(?:^|[^\w.])(?:[\w.]+\.)?(get|head|request|options)\s*\(/g;

/**
 * The text of the Python HTTP call whose keyword argument `verify=False` sits on `line`, when that call reads a URL
 * (get, head, request); null when the setting belongs to something else (a session, a client constructor, a POST).
 */
function pythonReadCall(lines: readonly string[], line: number): string | null {
  for (let start = line; start >= Math.max(1, line - 10); start--) {
    const text = lines[start - 1] ?? "";
    const calls = [...text.matchAll(PYTHON_READ_CALL)];
    const call = calls.at(-1);
    if (!call) continue;
    // The call's text up to where its parentheses close (ten lines at most).
    let depth = 0;
    let out = "";
    for (let at = start; at <= Math.min(lines.length, start + 12); at++) {
      const part = at === start ? text.slice(call.index) : (lines[at - 1] ?? "");
      out += `${part}\n`;
      for (const char of part) depth += char === "(" ? 1 : char === ")" ? -1 : 0;
      if (depth <= 0 && at >= line) return out;
    }
    return null;
  }
  return null;
}

/**
 * The Python function around `line` (from its `def` to the end of its indented block), or null at module level.
 */
function pythonFunctionAround(lines: readonly string[], line: number): string | null {
  const indent = (text: string): number => /^\s*/.exec(text)?.[0].length ?? 0;
  const own = indent(lines[line - 1] ?? "");
  for (let start = line - 1; start >= 1; start--) {
    const text = lines[start - 1] ?? "";
    if (text.trim() === "" || indent(text) >= own) continue;
    if (!/^\s*(?:async\s+)?def\s/.test(text)) continue;
    const base = indent(text);
    const body = [text];
    for (let at = start + 1; at <= lines.length; at++) {
      const next = lines[at - 1] ?? "";
      if (next.trim() !== "" && indent(next) <= base) break;
      body.push(next);
    }
    return body.join("\n");
  }
  return null;
}

/**
 * A Python certificate probe: the SSL context belongs to a function that reads the peer certificate
 * (`sock.getpeercert(True)`) and sends nothing over the connection (no send, write, request or urlopen). A checker must
 * accept an invalid certificate to report on it, and nothing is sent that an impersonator could read.
 */
function pythonCertificateProbe(lines: readonly string[], line: number): boolean {
  const body = pythonFunctionAround(lines, line);
  if (!body || !/\.getpeercert\s*\(/.test(body)) return false;
  return !/\.(?:send|sendall|write|request|makefile|putrequest)\s*\(|\burlopen\s*\(|\b(?:requests|httpx|session|client)\.\w+\s*\(/.test(
    body,
  );
}

const LANGUAGES: Language[] = [
  ...[...CODE_LANGUAGES].filter((l) => l !== "go" && l !== "javascript" && l !== "typescript" && l !== "tsx"),
  ...CONFIG_LANGUAGES,
  "dockerfile",
  "makefile",
];

export default defineRule({
  id: "security/tls-verification-disabled",
  area: "security",
  severity: "high",
  title: "TLS certificate verification disabled",
  effortMinutes: 30,
  confidence: "certain",
  languages: LANGUAGES,
  needsTree: false,
  prefilter:
    /verify|VERIFY|insecure|Insecure|curl|check-certificate|sslVerify|strict-ssl|REJECT_UNAUTHORIZED|HTTPSVERIFY|CERT_NONE|danger_accept|HostnameVerifier|TrustAll|TrustSelf|CertificateValidation|check_hostname/,
  docs: {
    rationale:
      "Without certificate verification any network position (Wi-Fi, proxy, compromised router) can impersonate the server and read or alter the traffic.",
    impact:
      "Credentials, tokens and data sent over the connection can be stolen or tampered with by a man-in-the-middle.",
    fix: "Keep verification on; for private CAs configure the CA bundle (verify=/path/ca.pem, cacertfile:, SSL_CERT_FILE) instead of disabling checks.",
    example: {
      language: "python",
      bad: "requests.get(url, verify=False)",
      good: 'requests.get(url, verify="/etc/ssl/private-ca.pem")',
    },
    examples: [
      {
        language: "elixir",
        bad: "Req.get!(url, connect_options: [transport_opts: [verify: :verify_none]])",
        good: 'Req.get!(url, connect_options: [transport_opts: [verify: :verify_peer, cacertfile: "/etc/ssl/private-ca.pem"]])',
      },
      {
        language: "yaml",
        bad: "sslmode: disable",
        good: "sslmode: verify-full\nsslrootcert: /etc/ssl/db-ca.pem",
      },
    ],
  },
  notes: [
    "Covers Python (verify=False, CERT_NONE, _create_unverified_context, check_hostname=False), Elixir/Erlang (verify_none), Ruby (VERIFY_NONE), PHP (CURLOPT_SSL_VERIFYPEER), Rust (danger_accept_invalid_*), Java/Kotlin/C# trust-all verifiers, shell/CI/Dockerfile commands (curl -k, wget --no-check-certificate, git sslVerify false, npm strict-ssl false, NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0) and config keys (insecure_skip_verify: true, verify_ssl: false, strict-ssl=false).",
    "Dedupe: go/insecure-skip-verify and node/tls-reject-unauthorized own the Go and JS/TS code forms; this rule does not read Go or JS/TS files.",
    "Lines that target localhost are skipped, and so are commands whose target is a shell variable named for a local or internal address (`curl --insecure ${APP_INTERNAL_HTTP}`); tests are skipped; example/docs paths are info; one-off commands (curl/wget/git/npm in scripts, Dockerfiles, CI) are medium, a readiness poll (`until wget -k …; do sleep 2; done`) low, and a command whose every URL is plain `http://` is not reported (there is no certificate to check).",
    "Not reported when the same options verify the certificate another way (`verify_fun`, `cacertfile`, `cacerts`: pinning a self-signed certificate). Low when only the hostname check is off and a CA is loaded into the same context. Medium when a branch nearby (twelve lines either side: a `case` arm, a sibling function clause) verifies (`verify_peer`, a CA file) so that disabling is a fallback. Not reported when the options go to the server side of a handshake (`:ssl.handshake`, `:ssl.listen`, `server_side=True`, `Purpose.CLIENT_AUTH` in the twelve lines from the setting): a TLS server that does not ask clients for a certificate verifies nothing it relies on. Hits within three lines of each other are one setting, reported once (also Python's `check_hostname = False` beside `verify_mode = CERT_NONE`). Low on a Python certificate probe: the SSL context of a function that reads the peer certificate (`getpeercert`) and sends nothing over the connection (no send, write, request or urlopen). Medium on an HTTP call that reads a URL (`requests.get(url, verify=False)`, `session.request(…)`) and names no credential (no auth, token, password, key or cookie in the call): a page fetch or probe, where an impersonator can forge the response but finds no secret to steal. Medium when the setting sits under a condition naming an operator's switch for it (`if self.smtp_skip_ssl_verify:`, `if settings.TLS_INSECURE:`): verification is off only where a deployment asks for it.",
  ],
  checkFile({ lines, language, path, report }) {
    const isConfig = (CONFIG_LANGUAGES as readonly string[]).includes(language);
    const patterns =
      isConfig || language === "dockerfile" || language === "makefile"
        ? CONFIG
        : [...(CODE[language] ?? []), ...COMMANDS];
    const isCommand = (hit: LineMatch): boolean => COMMANDS.some((c) => c.test(hit.text));
    const hits = matchLines(lines, language, patterns).filter(
      (hit) =>
        !LOCAL.test(hit.text) &&
        !(isCommand(hit) && (LOCAL_VARIABLE.test(hit.text) || onlyPlainHttp(hit.text))),
    );
    const around = (line: number, radius: number): string =>
      lines.slice(Math.max(0, line - 1 - radius), line + radius).join("\n");
    for (let i = 0; i < hits.length; i++) {
      const hit = hits[i]!;
      // Hits a few lines apart are one setting written out per case (`"true" -> [verify: :verify_none]`, `"1" -> …`).
      let last = i;
      // Commands are each their own: a poll and a download a few lines apart are different calls.
      const same = (a: LineMatch, b: LineMatch): boolean =>
        !isCommand(a) &&
        b.line - a.line <= GROUP_GAP &&
        (a.match[0].replace(/\s+/g, "") === b.match[0].replace(/\s+/g, "") ||
          (SSL_CONTEXT_SWITCH.test(a.match[0]) && SSL_CONTEXT_SWITCH.test(b.match[0])));
      while (hits[last + 1] && same(hits[last]!, hits[last + 1]!)) last++;
      const group = hits.slice(i, last + 1);
      i = last;
      // A verify callback or CA bundle in the same options verifies the certificate another way (pinning a self-signed one).
      const options = lines
        .slice(hit.line - 1, hit.line + 2)
        .join("\n")
        .slice(hit.match.index);
      const sameList = options.slice(0, Math.max(0, options.search(/[\]}]/)) || options.length);
      if (CUSTOM_VERIFY.test(sameList) && !/check_hostname/.test(hit.match[0])) continue;
      // One-off commands (curl -k in a script or CI step) weigh less than a switch that affects every connection.
      const command = COMMANDS.slice(0, 4).some((pattern) => pattern.test(hit.text));
      const hostnameOnly = /check_hostname/.test(hit.match[0]) && CA_LOADED.test(around(hit.line, 8));
      // A TLS server that does not ask clients for certificates is not skipping verification of a peer it trusts.
      const serverSide = lines.slice(hit.line - 1, hit.line - 1 + SERVER_RADIUS).join("\n");
      if (!command && SERVER_HANDSHAKE.test(serverSide)) continue;
      // A command whose only target is a plain-http URL has no certificate to verify.
      // A readiness poll (`until wget … URL; do sleep 2; done`) only waits for the service to answer.
      const poll = command && READINESS_POLL.test(hit.text);
      const fallback = VERIFYING_BRANCH.test(around(hit.line, BRANCH_RADIUS));
      const optIn = !command && optInCondition(lines, hit.line);
      // `requests.get(url, verify=False)` that sends no credential: a page fetch or probe.
      const readCall =
        language === "python" && /\bverify\s*=\s*False\b/.test(hit.match[0])
          ? pythonReadCall(lines, hit.line)
          : null;
      const anonymous = readCall !== null && sendsNoCredential(readCall);
      const probe =
        language === "python" &&
        SSL_CONTEXT_SWITCH.test(hit.match[0]) &&
        pythonCertificateProbe(lines, hit.line);
      const severity = isExamplePath(path)
        ? "info"
        : hostnameOnly || poll || probe
          ? "low"
          : fallback || optIn || anonymous || (command && language !== "python")
            ? "medium"
            : "high";
      const more =
        group.length > 1
          ? ` (and ${group.length - 1} more on line${group.length > 2 ? "s" : ""} ${group
              .slice(1)
              .map((h) => h.line)
              .join(", ")})`
          : "";
      report({
        line: hit.line,
        severity,
        message: hostnameOnly
          ? `TLS hostname checking is disabled (the certificate is still verified against the loaded CA): \`${hit.match[0].trim().slice(0, 80)}\``
          : `TLS certificate verification is disabled${probe ? " to read the peer certificate (the function sends nothing over the connection)" : fallback ? " on one branch (another branch nearby verifies)" : optIn ? ` when a setting asks for it (\`${optIn}\`)` : anonymous ? ` ${ANONYMOUS_REQUEST_NOTE}` : ""}: \`${hit.match[0].trim().slice(0, 80)}\`${more}`,
        key: hit.match[0].replace(/\s+/g, " ").trim(),
      });
    }
  },
});
