// security/cors-allow-all-origins: CORS or WebSocket origin policy that accepts every origin (`*`), in code or config.
import { CONFIG_LANGUAGES, matchLines } from "../../facts/secrets/line-scan.js";
import { CODE_LANGUAGES, type Language } from "../../model/language.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";

// The response header set by hand: .Set("Access-Control-Allow-Origin", "*"), headers[...] = "*", add_header ... *.
const HEADER_PATTERNS: RegExp[] = [
  /["']?Access-Control-Allow-Origin["']?\s*(?:[,:=]|\]\s*=)\s*["']\*["']/i,
  /\b(?:add_header|Header\s+(?:always\s+)?set)\s+Access-Control-Allow-Origin\s+["']?\*/i,
];
const PATTERNS: RegExp[] = [
  ...HEADER_PATTERNS,
  // Framework options: allow_origins=["*"] (FastAPI/Starlette), AllowOrigins: []string{"*"} (gin/echo/fiber),
  // AllowedOrigins (rs/cors), origin: "*" (cors, socket.io), origins: "*" (flask-cors, corsica).
  /\b(?:allow_origins|allowed_origins|AllowOrigins|AllowedOrigins|allowedOrigins|allowOrigins|origins?|cors_allowed_origins|CORS_ALLOWED_ORIGINS|CORS_ORIGINS?)["']?\s*(?:=>|[:=])\s*(?:\[\]string\s*\{|\[|\{)?\s*["']\*["']/,
  /\bAllowAllOrigins\s*:\s*true\b|\bCORS_(?:ORIGIN_)?ALLOW_ALL(?:_ORIGINS)?\s*=\s*True\b/,
];
// Config files and .env: CORS_ORIGINS=*, cors: { allowed_origins: "*" }.
const CONFIG_PATTERNS: RegExp[] = [
  /^\s*["']?[\w.-]*(?:cors[\w.-]*origins?|allow(?:ed)?[_-]?origins?)["']?\s*[:=]\s*\[?\s*["']?\*["']?\s*\]?\s*,?\s*$/i,
  ...HEADER_PATTERNS,
];
const CREDENTIALS =
  /\b(?:credentials|allow_credentials|AllowCredentials|supports_credentials|allowCredentials)["']?\s*[:=]\s*(?:true|True)\b|Access-Control-Allow-Credentials["']?\s*[,:=]\s*["']true/i;

const NODE_LANGUAGES: readonly Language[] = ["javascript", "typescript", "tsx"];

/**
 * Whether the wildcard reaches the browser as a literal `*`: a hand-set header; gin-contrib/cors `AllowAllOrigins`;
 * Node's cors middlewares (`cors`, @fastify/cors, socket.io, Hono) given `origin: "*"`. Browsers refuse a credentialed
 * response for `*`, whereas Starlette, django-cors-headers and flask-cors echo the caller's origin when credentials
 * are on.
 */
function sendsLiteralWildcard(match: string, language: Language): boolean {
  return (
    HEADER_PATTERNS.some((pattern) => pattern.test(match)) ||
    /\bAllowAllOrigins\s*:\s*true\b/.test(match) ||
    (NODE_LANGUAGES.includes(language) && /^\s*["']?origins?\b/.test(match))
  );
}

/** Lines around a wildcard that belong to the same CORS setup. */
const CREDENTIALS_WINDOW = 8;

const LANGUAGES: Language[] = [...CODE_LANGUAGES, ...CONFIG_LANGUAGES];

export default defineRule({
  id: "security/cors-allow-all-origins",
  area: "security",
  severity: "low",
  title: "CORS or WebSocket origin policy allows any origin",
  effortMinutes: 20,
  confidence: "certain",
  languages: LANGUAGES,
  needsTree: false,
  prefilter: /\*|AllowAllOrigins|ALLOW_ALL/,
  docs: {
    rationale:
      "A wildcard origin lets any web page call the API from a victim's browser; with credentials allowed it lets any site act as the logged-in user.",
    impact:
      "Cross-site data theft and request forgery against authenticated users; WebSocket hijacking for socket endpoints.",
    fix: "List the exact origins that need access (from configuration per environment) and never combine a wildcard with credentials.",
    example: {
      language: "javascript",
      bad: 'app.use(cors({ origin: "*", credentials: true }));',
      good: "app.use(cors({ origin: config.allowedOrigins, credentials: true }));",
    },
    examples: [
      {
        language: "python",
        framework: "fastapi",
        bad: 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)',
        good: "app.add_middleware(CORSMiddleware, allow_origins=settings.allowed_origins, allow_credentials=True)",
      },
      {
        language: "go",
        bad: 'w.Header().Set("Access-Control-Allow-Origin", "*")',
        good: 'if allowedOrigins[r.Header.Get("Origin")] {\n\tw.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))\n}',
      },
      {
        language: "elixir",
        bad: 'plug CORSPlug, origin: "*"',
        good: "plug CORSPlug, origin: Application.compile_env(:shop, :allowed_origins)",
      },
    ],
  },
  notes: [
    "Covers hand-set Access-Control-Allow-Origin headers in any language and nginx/Apache config, framework options (allow_origins, AllowOrigins, AllowedOrigins, origin(s), CORS_ALLOWED_ORIGINS, AllowAllOrigins, CORS_ALLOW_ALL_ORIGINS) and config/.env keys naming CORS origins.",
    "Dedupe: python/cors-wildcard-credentials (Python with credentials), node/socketio-cors-any-origin (socket.io `cors` options), go/websocket-check-origin and elixir/check-origin-disabled (WebSocket CheckOrigin/check_origin) cover language-specific forms.",
    "High when the same CORS setup (within 8 lines of the wildcard) enables credentials (`credentials: true`, `allow_credentials=True`, `AllowCredentials: true`, `Access-Control-Allow-Credentials: true`); low otherwise: without credentials browsers send no cookies, so a wildcard exposes only what anonymous callers can read (public APIs, trackers, assets). A wildcard that reaches the browser as a literal `*` beside credentials is low too: browsers refuse credentialed responses for it. That is a hand-set `Access-Control-Allow-Origin: *` header, gin-contrib/cors `AllowAllOrigins`, and Node's cors middlewares (`cors`, @fastify/cors, socket.io, Hono) given `origin: '*'`; Starlette/FastAPI, django-cors-headers and flask-cors echo the caller's origin when credentials are on, so they stay high. Tests are skipped; example/docs paths are info.",
  ],
  checkFile({ lines, language, path, report }) {
    const isConfig = (CONFIG_LANGUAGES as readonly string[]).includes(language);
    for (const hit of matchLines(lines, language, isConfig ? CONFIG_PATTERNS : PATTERNS)) {
      // `origin: "*"` alone is CORS only inside a cors(...)/socket options object (same or previous 3 lines).
      const nearby = lines.slice(Math.max(0, hit.line - 4), hit.line).join("\n");
      if (/^origins?\b/.test(hit.match[0].trimStart()) && !/cors|socket|Access-Control/i.test(nearby))
        continue;
      // Credentials count only when the same CORS setup enables them: the surrounding object, call or header
      // block, not an option declared elsewhere in the file (a config struct's `AllowCredentials bool` field).
      const setup = lines.slice(
        Math.max(0, hit.line - 1 - CREDENTIALS_WINDOW),
        hit.line + CREDENTIALS_WINDOW,
      );
      const credentials = setup.find((l) => CREDENTIALS.test(l));
      // A literal `Access-Control-Allow-Origin: *` header cannot carry credentials: browsers refuse a credentialed
      // response whose allowed origin is the wildcard (frameworks' options instead echo the caller's origin).
      if (credentials && sendsLiteralWildcard(hit.match[0], language)) {
        report({
          line: hit.line,
          severity: isExamplePath(path) ? "info" : "low",
          message: `Any origin is allowed by a literal \`*\` beside \`${credentials.trim()}\`: browsers refuse credentialed responses for the wildcard, so signed-in requests from other sites fail rather than succeed; the pair is a misconfiguration to fix before someone "repairs" it by echoing the Origin header: \`${hit.match[0].trim()}\``,
          key: hit.match[0].replace(/\s+/g, ""),
        });
        continue;
      }
      report({
        line: hit.line,
        severity: isExamplePath(path) ? "info" : credentials ? "high" : "low",
        message: credentials
          ? `Any origin is allowed with credentials enabled (\`${credentials.trim()}\`): any site can act as the signed-in user: \`${hit.match[0].trim()}\``
          : `Any origin is allowed, without credentials (browsers send no cookies, so only what anonymous callers can read is exposed): \`${hit.match[0].trim()}\``,
        key: hit.match[0].replace(/\s+/g, ""),
      });
    }
  },
});
