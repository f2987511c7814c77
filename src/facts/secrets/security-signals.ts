// File analyzer: where a file starts an HTTP server, applies rate limiting, or sets security headers.
// The evidence (path:line) behind the repository-level "no rate limiting" / "no security headers" checks.
import { CODE_LANGUAGES, type Language } from "../../model/language.js";
import { defineAnalyzer } from "../define.js";
import { blankTripleQuotedStrings } from "./line-scan.js";

export type SecuritySignal =
  | "http-server"
  | "rate-limit"
  | "security-headers"
  | "password-check"
  | "tls-server"
  | "plain-http-listener"
  | "hsts";

export interface SecuritySignalHit {
  signal: SecuritySignal;
  line: number;
  /** The matched text (a library or call name). */
  match: string;
}

// Constructors and listen calls of the HTTP frameworks of SPEC §2 (and a few common others).
const HTTP_SERVER =
  /\bexpress\(\)|\bfastify\(|\bnew Koa\(|\bnew Hono\(|\bhttps?\.createServer\(|\bhttp\.ListenAndServe(?:TLS)?\(|\.ListenAndServe(?:TLS)?\(\)|\bgin\.(?:Default|New)\(\)|\becho\.New\(\)|\bfiber\.New\(|\bFastAPI\(|\bFlask\(__name__|\bget_wsgi_application\(|\bget_asgi_application\(|\buse Phoenix\.Endpoint\b|\bPlug\.Cowboy\b|\bBandit\b.*plug:/;
// Django REST framework's throttling (`DEFAULT_THROTTLE_CLASSES` in REST_FRAMEWORK, a view's `throttle_classes = …`,
// its AnonRateThrottle/UserRateThrottle/ScopedRateThrottle) is rate limiting too.
const RATE_LIMIT =
  /express-rate-limit|rate-limiter-flexible|@fastify\/rate-limit|hono-rate-limiter|\bslowapi\b|flask_limiter|flask-limiter|django_ratelimit|django-ratelimit|\bratelimit\b|\bHammer\.|\bPlugAttack\b|\bExRated\b|golang\.org\/x\/time\/rate|go-chi\/httprate|didip\/tollbooth|ulule\/limiter|\blimit_req\b|\brateLimit\(|\bRateLimit(?:er|ing)?\b|\bthrottle\b|\bDEFAULT_THROTTLE_CLASSES\b|\bthrottle_classes\s*=|\b(?:Anon|User|Scoped)RateThrottle\b|\brest_framework\.throttling\b/;
// Account lockout after failed logins throttles the brute force rate limiting is asked for; so does a login counter
// the application keeps itself (`LOGIN_RATE_LIMIT_THRESHOLD`, `_is_rate_limited()`, a `ratelimit_key` in the cache,
// a `TokenBucket.authorize_login_password(email)` check, a "Too many attempts" refusal) and a CAPTCHA the login
// verifies (`ActionRecordVerifyCaptcha(ctx, …)`, `verifyCaptchaToken(…)`, `verify_captcha(…)`): a guess then costs a
// solved challenge.
const LOGIN_LOCKOUT =
  /\w*[Vv]erify_?[Cc]aptcha\w*\s*\(|\b[Cc]aptcha\.verify\w*\s*\(|\bauthorize_login\w*|\bToo many (?:failed |login |sign-?in )*attempts\b|\bAxesMiddleware\b|\baxes\.backends\b|\bdefender\.middleware\b|MAX_LOGIN_ATTEMPTS|max_login_attempts|failed_login_attempts|login_attempts|\bLOCKOUT_(?:TIME|DURATION|THRESHOLD)\b|user_lockout|\bLOGIN_RATE_LIMIT\w*|\b_?is_rate_limited\b|\bratelimit_key\b/;
// Code that checks a submitted password: the application has a password login to brute-force.
const PASSWORD_CHECK =
  /\bCompareHashAndPassword\b|\bbcrypt\.(?:compare|checkpw|check)\w*\(|\b(?:Bcrypt|Argon2|Pbkdf2)\.verify_pass\b|\bcheck_password(?:_hash)?\(|\bverify_password\(|\bpwd_context\.verify\b|\bverifyPassword\(|\bcomparePassword\(|\bargon2\.verify\(|\bvalid_password\?\(|\bauthenticate\(\s*request\s*,/;
const SECURITY_HEADERS =
  /\bhelmet\b|@fastify\/helmet|put_secure_browser_headers|Content-Security-Policy|flask_talisman|\bTalisman\(|SecurityMiddleware|unrolled\/secure|\bsecure\.New\(|Strict-Transport-Security|X-Frame-Options|X-Content-Type-Options|secure_headers|SecureHeaders|SECURE_HSTS_SECONDS|CSP_DEFAULT_SRC/;

// The server terminates TLS itself: Go ListenAndServeTLS/ServeTLS/autocert/tls.Listen, Node https/http2 secure
// servers, Python `app.run(ssl_context=...)` (Flask) and ssl_keyfile= (uvicorn).
// net/http's ListenAndServeTLS takes the certificate and key files: a `ListenAndServeTLS()` without arguments is
// another protocol's server (an LDAPS or SMTPS library's), which HSTS does not concern.
const TLS_SERVER =
  /\.ListenAndServeTLS\((?!\s*\))|\.ServeTLS\(|\bautocert\.NewListener\(|\bautocert\.Manager\b|\btls\.Listen\(|\bhttps\.createServer\(|\bhttp2\.createSecureServer\(|\.run\([^)]*\bssl_context\s*=|\bssl_keyfile\s*=/;
// Go's `tls.Listen` opens a TLS socket for any protocol (POP3S, SMTPS, LDAPS): it is an HTTPS server only in a file
// that serves HTTP with net/http.
const GO_NET_HTTP_IMPORT = /"net\/http"/;
// A plain-HTTP listener beside it (`server.Serve(listener)` included): TLS is then one of two modes, often left to a
// proxy in production.
// uvicorn serves plain HTTP unless its ssl_keyfile is set, so a uvicorn server beside `ssl_keyfile=` is TLS as an option.
// `.ListenAndServe` also as a method value (`srv.run = srv.ListenAndServe`): the plain mode chosen by a setting.
const PLAIN_HTTP_LISTENER = /\.ListenAndServe\b|\.Serve\(|\bhttp\.createServer\(|\buvicorn\.(?:run|Config)\(/;
// Strict-Transport-Security set by the app: the literal header, Django's setting, helmet and Talisman (on by
// default), unrolled/secure's STSSeconds, Plug.SSL/force_ssl (Phoenix sends HSTS with it).
const HSTS =
  /Strict-Transport-Security|SECURE_HSTS_SECONDS|\bhelmet\b|@fastify\/helmet|\bTalisman\(|flask_talisman|\bSTSSeconds\b|\bhsts\b|\bHSTS\b|\bforce_ssl\b|\bPlug\.SSL\b/;

const LANGUAGES: Language[] = [...CODE_LANGUAGES, "yaml", "json", "toml", "text", "dockerfile"];

export const securitySignalsAnalyzer = defineAnalyzer<SecuritySignalHit[]>({
  id: "security-signals",
  languages: LANGUAGES,
  needsTree: false,
  prefilter: (text) =>
    HTTP_SERVER.test(text) ||
    RATE_LIMIT.test(text) ||
    LOGIN_LOCKOUT.test(text) ||
    SECURITY_HEADERS.test(text) ||
    PASSWORD_CHECK.test(text) ||
    TLS_SERVER.test(text) ||
    HSTS.test(text),
  analyze({ lines, language }) {
    const hits: SecuritySignalHit[] = [];
    const seen = new Set<SecuritySignal>();
    const servesHttpInGo = language === "go" && lines.some((line) => GO_NET_HTTP_IMPORT.test(line));
    // A docstring or `@doc` that names a call (`Argon2.verify_pass`, `use Phoenix.Endpoint`) is prose, not the call.
    blankTripleQuotedStrings(lines, language).forEach((text, index) => {
      if (text.length > 2000) return;
      for (const [signal, pattern] of [
        ["http-server", HTTP_SERVER],
        ["rate-limit", RATE_LIMIT],
        ["rate-limit", LOGIN_LOCKOUT],
        ["security-headers", SECURITY_HEADERS],
        ["password-check", PASSWORD_CHECK],
        ["tls-server", TLS_SERVER],
        ["plain-http-listener", PLAIN_HTTP_LISTENER],
        ["hsts", HSTS],
      ] as const) {
        if (seen.has(signal)) continue;
        // A password check is code; prose and config that mention one are not.
        if (
          (signal === "password-check" || signal === "plain-http-listener") &&
          !CODE_LANGUAGES.has(language)
        )
          continue;
        const match = pattern.exec(text);
        if (!match) continue;
        if (signal === "tls-server" && !servesHttpInGo && language === "go" && match[0] === "tls.Listen(")
          continue;
        seen.add(signal);
        hits.push({ signal, line: index + 1, match: match[0].slice(0, 60) });
      }
    });
    return hits.length > 0 ? hits : undefined;
  },
});
