// security/missing-rate-limiting: an HTTP server with no rate limiting anywhere in the repository.
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";
import { citeServers, httpServersApply, productionServers } from "../shared/http-servers.js";

/** Rate-limiting libraries per ecosystem (declared dependencies). */
export const RATE_LIMIT_PACKAGES = [
  "express-rate-limit",
  "rate-limiter-flexible",
  "@fastify/rate-limit",
  "fastify-rate-limit",
  "express-slow-down",
  "hono-rate-limiter",
  "@nestjs/throttler",
  "slowapi",
  "flask-limiter",
  "django-ratelimit",
  "fastapi-limiter",
  "limits",
  "hammer",
  "ex_rated",
  "plug_attack",
  "django-axes",
  "django-defender",
  "golang.org/x/time",
  "github.com/go-chi/httprate",
  "github.com/didip/tollbooth",
  "github.com/ulule/limiter/v3",
  "github.com/sethvargo/go-limiter",
  "governor",
  "tower-governor",
  "actix-limitation",
];

export default defineRule({
  id: "security/missing-rate-limiting",
  area: "security",
  severity: "medium",
  title: "HTTP server without rate limiting",
  effortMinutes: 120,
  confidence: "heuristic",
  docs: {
    rationale:
      "Without a request budget per client, login, password-reset and expensive endpoints can be called as fast as an attacker's bandwidth allows.",
    impact:
      "Credential stuffing and brute force go unthrottled; a single client can exhaust workers, database connections or a paid upstream API.",
    fix: "Add rate limiting at the edge (gateway, ingress) or in the app (middleware keyed by client and route), with stricter limits on authentication endpoints.",
    example: {
      language: "javascript",
      bad: "const app = express();\napp.post('/login', login);",
      good: "import rateLimit from 'express-rate-limit';\napp.use('/login', rateLimit({ windowMs: 60_000, limit: 10 }));\napp.post('/login', login);",
    },
    examples: [
      {
        language: "go",
        bad: 'mux := http.NewServeMux()\nmux.HandleFunc("/login", login)\nhttp.ListenAndServe(":8080", mux)',
        good: 'limiter := rate.NewLimiter(rate.Every(time.Second), 10) // golang.org/x/time/rate, or one per client\nmux.Handle("/login", limit(limiter, http.HandlerFunc(login)))\nhttp.ListenAndServe(":8080", mux)',
      },
      {
        language: "go",
        framework: "gin",
        bad: 'r := gin.Default()\nr.POST("/login", login)',
        good: 'store := memory.NewStore() // github.com/ulule/limiter/v3\nr := gin.Default()\nr.Use(mgin.NewMiddleware(limiter.New(store, limiter.Rate{Period: time.Minute, Limit: 10})))\nr.POST("/login", login)',
      },
      {
        language: "python",
        framework: "fastapi",
        bad: '@app.post("/login")\nasync def login(form: LoginForm): ...',
        good: 'limiter = Limiter(key_func=get_remote_address)  # slowapi\napp.state.limiter = limiter\n\n@app.post("/login")\n@limiter.limit("10/minute")\nasync def login(request: Request, form: LoginForm): ...',
      },
      {
        language: "python",
        framework: "django",
        bad: "def login_view(request): ...",
        good: '@ratelimit(key="ip", rate="10/m", block=True)  # django-ratelimit\ndef login_view(request): ...',
      },
      {
        language: "elixir",
        bad: 'post "/login", SessionController, :create',
        good: '# PlugAttack or Hammer in the endpoint or router pipeline\nplug MyAppWeb.RateLimit, limit: 10, period: :timer.minutes(1)\npost "/login", SessionController, :create',
      },
    ],
  },
  notes: [
    "Reported once per repository when a production file (not tests, examples, docs) starts an HTTP server (Express, Fastify, Koa, Hono, node:http, net/http, gin, echo, fiber, FastAPI, Flask, Django, Phoenix/Plug) and no rate limiting is found: no rate-limiting library declared, no rate-limit middleware, limiter call or nginx limit_req in any file.",
    "Rate limiting done outside the repository (API gateway, CDN, ingress annotations kept elsewhere) cannot be seen: confirm before acting.",
    "Login lockout after failed attempts (django-axes, django-defender, a max-login-attempts setting, a failed-login counter of its own: `LOGIN_RATE_LIMIT_*`, `_is_rate_limited()`, `ratelimit_key`) and a CAPTCHA the code verifies (`verify_captcha(…)`, `VerifyCaptcha(…)`, `captcha.verify(…)`) count as throttling, and so does Django REST framework's throttling (`DEFAULT_THROTTLE_CLASSES`, a view's `throttle_classes`). Medium when the code checks submitted passwords (bcrypt/argon2/pbkdf2 verification, check_password, CompareHashAndPassword); low when no password check is found (logins through tokens or an identity provider).",
  ],
  applies: httpServersApply,
  check({ facts, report }) {
    const servers = productionServers(facts.secrets.signals, facts.apps);
    const limiters = facts.secrets.signals.filter((s) => s.signal === "rate-limit");
    const declared = (facts.dependencies?.declared ?? []).filter((d) =>
      RATE_LIMIT_PACKAGES.includes(d.name.toLowerCase()),
    );
    if (servers.length === 0 || limiters.length > 0 || declared.length > 0) return;
    const cited = citeServers(servers);
    // Brute force needs a password to guess: without a password check (token or OAuth login only) it is hygiene.
    const passwordCheck = facts.secrets.signals.find(
      (s) =>
        s.signal === "password-check" &&
        !s.isTest &&
        !isExamplePath(s.path) &&
        !/\.(md|rst|txt|adoc)$/i.test(s.path),
    );
    report({
      message: `${cited.summary} and no rate limiting or login lockout found${passwordCheck ? ` (passwords are checked at ${passwordCheck.path}:${passwordCheck.line})` : " (no password check found: logins go through tokens or an identity provider)"}`,
      severity: passwordCheck ? "medium" : "low",
      snippet: cited.snippet,
      key: "missing-rate-limiting",
      searched: `declared dependencies (${(facts.dependencies?.manifests ?? []).join(", ") || "no manifests"}) for ${RATE_LIMIT_PACKAGES.length} rate-limiting libraries; all ${facts.files.length} analysed files for rate-limit middleware, limiter calls and nginx limit_req`,
      related: cited.related,
    });
  },
});
