// What a Go middleware's name says: whether it authenticates or authorises, and whether a call around a handler
// wraps it (middleware) or builds it (a handler factory such as `users.NewHandler(db)`).

/** Words of an identifier path: `auth.RequireUserMW` → auth, require, user, mw. */
export function camelWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

// Roots that say a name authenticates or authorises, found inside one word (`keyauth`, `JWTAuth` → jwt, auth) or
// spelled by two (`LogIn`, `APIKey`) — never across words (`logInfo` is no login).
const AUTH_ROOTS =
  /auth|jwt|oidc|session|login|loggedin|signedin|apikey|bearer|casbin|rbac|abac|permission|privilege|admin|credential|token|principal/;
// Whole words that say so.
const AUTH_WORDS = new Set([
  "acl",
  "acls",
  "perm",
  "perms",
  "role",
  "roles",
  "protect",
  "protected",
  "guard",
  "guarded",
  "authn",
  "authz",
  // `logged`, `loggedIn` as a middleware on its own: only logged-in users pass (opengist's `r.POST(path, h, logged)`).
  "logged",
]);
// `requireUser`, `ensureOwner`, `isMember`, `hasRole`: a guard verb, then who may pass.
const GUARD_VERBS = new Set([
  "require",
  "requires",
  "ensure",
  "must",
  "is",
  "has",
  "only",
  "check",
  "verify",
]);
const GUARDED_SUBJECTS = new Set([
  "user",
  "users",
  "member",
  "members",
  "account",
  "owner",
  "staff",
  "superuser",
  "scope",
  "scopes",
  "signed",
  "logged",
]);
// Names sharing those roots that guard against something else or merely read data (`loadAuthor`).
const NOT_AUTH = /csrf|xsrf|cors|ratelimit|tokenbucket|throttl|limiter|secureheader/;
// Auth middleware that lets anonymous requests through (`authentication.Optional`, `auth.Trace`, `tryAuth`).
const PASS_THROUGH = new Set([
  "optional",
  "trace",
  "tracing",
  "maybe",
  "try",
  "soft",
  "lenient",
  "anonymous",
]);
// `rejectAnonUser`, `denyGuests`: refusing whoever is not logged in.
const REFUSALS = new Set(["reject", "deny", "block", "forbid", "refuse"]);
const STRANGERS = new Set([
  "anon",
  "anonymous",
  "guest",
  "guests",
  "unauthenticated",
  "unauthorized",
  "unauthorised",
]);

/**
 * Whether a middleware name says it authenticates or authorises. Matches names containing auth (BasicAuth, KeyAuth,
 * OAuth, authz…), jwt, oidc, session, login, apikey, bearer, casbin, rbac/abac, permission, privilege, admin,
 * credential, token or principal; the words acl, perm(s), role(s), protect(ed), guard(ed), logged; or a guard verb (require, ensure,
 * must, is, has, only, check, verify) followed by user, member, account, owner, staff, scope, signed or logged; or
 * a refusal (reject, deny, block, forbid) of anonymous users or guests.
 * CSRF, CORS, rate-limit and secure-header middleware are not auth, nor optional auth (optional, trace, maybe,
 * try, soft, anonymous), nor names about an author.
 */
export function isAuthMiddlewareName(name: string): boolean {
  const words = camelWords(name);
  if (NOT_AUTH.test(words.join(""))) return false;
  if (words.some((word) => REFUSALS.has(word)) && words.some((word) => STRANGERS.has(word))) return true;
  if (words.some((word) => PASS_THROUGH.has(word))) return false;
  const pairs = words.slice(1).map((word, i) => `${words[i]}${word}`);
  const hasRoot = (text: string): boolean => AUTH_ROOTS.test(text.replace(/author(?!i[sz])/g, ""));
  if (words.some(hasRoot) || pairs.some((pair) => AUTH_ROOTS.exec(pair)?.[0] === pair)) return true;
  if (words.some((word) => AUTH_WORDS.has(word))) return true;
  const verb = words.findIndex((word) => GUARD_VERBS.has(word));
  return verb >= 0 && words.slice(verb + 1).some((word) => GUARDED_SUBJECTS.has(word));
}

// First words of functions that build or serve a handler rather than wrap one.
const FACTORY_VERBS = new Set([
  "new",
  "make",
  "create",
  "build",
  "get",
  "list",
  "show",
  "fetch",
  "update",
  "delete",
  "post",
  "put",
  "patch",
  "render",
  "serve",
  "handle",
  "register",
  "setup",
  "mount",
  "listen",
]);
// Last words of handlers, routers and servers, and of public endpoints (`auth.Login(svc)`).
const FACTORY_NOUNS =
  /(?:handlers?|handlerfunc|handle|func|endpoints?|controller|routes?|router|mux|server|service|api|resource|app|page|view|index|login|logout|signin|signout|signup|register|callback|refresh)$/;
// Words that say a function wraps what it is given.
const WRAPPER_WORDS = new Set([
  "middleware",
  "middlewares",
  "mw",
  "wrap",
  "wrapper",
  "intercept",
  "interceptor",
  "protect",
  "protected",
  "guard",
  "required",
  "enforce",
  "enforcer",
  "authenticate",
  "authenticated",
  "authorize",
  "authorized",
  "authorise",
  "authorised",
]);
const WRAPPER_VERBS = new Set(["with", "require", "requires", "ensure", "must", "only", "check", "verify"]);
// Router methods: a router passed to one is mounted, not wrapped.
export const ROUTER_METHODS: ReadonlySet<string> = new Set([
  "Use",
  "Group",
  "Route",
  "With",
  "Mount",
  "Handle",
  "HandleFunc",
  "Subrouter",
  "PathPrefix",
  "Host",
  "NotFound",
  "MethodNotAllowed",
  "ServeHTTP",
  "Handler",
  "HandlerFunc",
  "Walk",
]);

function saysWrapper(name: string): boolean {
  const words = camelWords(name);
  const last = camelWords(lastSegment(name));
  return words.some((word) => WRAPPER_WORDS.has(word)) || WRAPPER_VERBS.has(last[0] ?? "");
}

/**
 * Whether a call `name(handler)` around a handler or router is middleware, not a handler factory
 * (`users.NewHandler(db)`, `h.GetUser(db)`, `auth.Login(svc)`, `promhttp.Handler()`).
 */
export function isWrapperName(name: string): boolean {
  if (saysWrapper(name)) return true;
  const words = camelWords(lastSegment(name));
  return !FACTORY_VERBS.has(words[0] ?? "") && !FACTORY_NOUNS.test(words.join(""));
}

/**
 * Whether a wrapper call around a handler authenticates: its own name says so (`requireAuth(h)`), or its package
 * or receiver does and the name says it wraps (`auth.Middleware(h)`, `auth.Required(h)`, `jwtMiddleware.Handler(h)`).
 * `admin.Stats(db)` is a handler of an admin package, not admin middleware.
 */
export function isAuthWrapperName(name: string): boolean {
  return isAuthMiddlewareName(name) && (isAuthMiddlewareName(lastSegment(name)) || saysWrapper(name));
}
