// security/missing-security-headers: a web server that never sets security headers (CSP, HSTS, frame options).
import { defineRule } from "../define-rule.js";
import { citeServers, httpServersApply, productionServers } from "../shared/http-servers.js";

export const SECURITY_HEADER_PACKAGES = [
  "helmet",
  "@fastify/helmet",
  "fastify-helmet",
  "koa-helmet",
  "flask-talisman",
  "talisman",
  "django-csp",
  "secure",
  "github.com/unrolled/secure",
  "plug_content_security_policy",
  "secure_headers",
];

export default defineRule({
  id: "security/missing-security-headers",
  area: "security",
  severity: "low",
  title: "Web server sets no security headers",
  effortMinutes: 60,
  confidence: "heuristic",
  docs: {
    rationale:
      "Content-Security-Policy, Strict-Transport-Security, X-Frame-Options and X-Content-Type-Options are the browser's second line of defence against XSS, clickjacking and protocol downgrade.",
    impact:
      "An injection bug becomes a full XSS, pages can be framed for clickjacking, and first visits can be downgraded to HTTP.",
    fix: "Set the headers in one middleware (helmet, put_secure_browser_headers, Talisman, SecurityMiddleware, unrolled/secure) or at the reverse proxy, with a restrictive CSP.",
    example: {
      language: "javascript",
      bad: "const app = express();\napp.use(router);",
      good: "import helmet from 'helmet';\nconst app = express();\napp.use(helmet());\napp.use(router);",
    },
    examples: [
      {
        language: "go",
        bad: 'http.ListenAndServe(":8080", mux)',
        good: 'func secureHeaders(next http.Handler) http.Handler {\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tw.Header().Set("Content-Security-Policy", "default-src \'self\'")\n\t\tw.Header().Set("X-Frame-Options", "DENY")\n\t\tw.Header().Set("Strict-Transport-Security", "max-age=63072000")\n\t\tnext.ServeHTTP(w, r)\n\t})\n}',
      },
      {
        language: "python",
        framework: "django",
        bad: "SECURE_HSTS_SECONDS = 0",
        good: 'SECURE_HSTS_SECONDS = 63072000\nX_FRAME_OPTIONS = "DENY"\nSECURE_CONTENT_TYPE_NOSNIFF = True',
      },
      {
        language: "elixir",
        bad: 'pipeline :browser do\n  plug :accepts, ["html"]\nend',
        good: 'pipeline :browser do\n  plug :accepts, ["html"]\n  plug :put_secure_browser_headers, %{"content-security-policy" => "default-src \'self\'"}\nend',
      },
    ],
  },
  notes: [
    "Reported once per repository when a production file (not tests, examples, docs) starts an HTTP server and no file sets security headers: helmet, put_secure_browser_headers, Talisman, Django SecurityMiddleware/SECURE_HSTS_SECONDS/CSP settings, unrolled/secure, or a literal Content-Security-Policy / Strict-Transport-Security / X-Frame-Options / X-Content-Type-Options header.",
    "Low by default: JSON-only APIs gain less from CSP; headers set by a proxy outside the repository cannot be seen.",
  ],
  applies: httpServersApply,
  check({ facts, report }) {
    const servers = productionServers(facts.secrets.signals, facts.apps);
    const headers = facts.secrets.signals.filter((s) => s.signal === "security-headers");
    const declared = (facts.dependencies?.declared ?? []).filter((d) =>
      SECURITY_HEADER_PACKAGES.includes(d.name.toLowerCase()),
    );
    if (servers.length === 0 || headers.length > 0 || declared.length > 0) return;
    const cited = citeServers(servers);
    report({
      message: `${cited.summary} and no security headers (CSP, HSTS, X-Frame-Options) set anywhere`,
      snippet: cited.snippet,
      key: "missing-security-headers",
      searched: `declared dependencies (${(facts.dependencies?.manifests ?? []).join(", ") || "no manifests"}) for header middleware; all ${facts.files.length} analysed files for helmet, put_secure_browser_headers, Talisman, SecurityMiddleware, unrolled/secure and literal Content-Security-Policy/Strict-Transport-Security/X-Frame-Options headers`,
      related: cited.related,
    });
  },
});
