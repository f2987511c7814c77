// What the missing-authentication rules share across frameworks: which routes are public by design, and the
// sibling-majority test that picks an unguarded route out of a mostly guarded router.

// Path segments of endpoints that are public by design: health and metrics probes (also `/__gtg`, good-to-go),
// sign-in/up and password recovery, OAuth callbacks, e-mail verification and signed links, status badges, webhooks,
// API docs, feeds, crawler files and the brand assets a login page shows (logo).
const PUBLIC_SEGMENT =
  /(?:^|[^a-z0-9])(?:health|healthz|healthcheck|health-check|health_check|gtg|good-to-go|ready|readyz|readiness|live|livez|liveness|ping|metrics|login|logout|signin|signout|signup|sign-in|sign-up|sign_in|sign_up|register|registration|auth|oauth2?|callback|forgot\w*|reset\w*|recover\w*|password-recovery|verify\w*|verification|confirm\w*|activate|activation|signed\w*|signature|secret|badges?|unsubscribe|subscribe|invite[ds]?|invitations?|accept|magic|public|docs|openapi|swagger|redoc|webhooks?|favicon|robots|sitemap|rss|feed|atom|pixel|passkeys?|tokens?|jwks\w*|\.?well-known|static|assets|captcha|logos?)(?=$|[^a-z0-9])/i;
// Whole paths that are probes: `/`, `/status`, `/version`, `/info` (optionally under /api or /v1).
const PUBLIC_ENDPOINT = /^\/?(?:api\/)?(?:v\d+\/)?(?:status|version|info)?\/?$/i;
// Handler names of such endpoints, for routes whose path says nothing (`@router.post("")`), and catch-all
// not-found handlers (`r.Any("/*", noRouteFound)`), which serve nothing to protect.
const PUBLIC_HANDLER =
  /(?:^|_)(?:health\w*|good_to_go|readiness|liveness|ping|metrics|login|logout|signin|signout|signup|sign_in|sign_up|register|registration|oauth\w*|callback|forgot\w*|reset_password|password_reset|recover\w*|verify\w*|verification|confirm\w*|activate|unsubscribe|openapi|swagger|docs|webhooks?|robots|sitemap|favicon|logo|not_found\w*|no_route\w*|page_not_found)(?:_|$)/i;

// Git's smart HTTP protocol (`…/info/refs`, `git-upload-pack`, `git-receive-pack`, a `GitHttp`/`ServiceUploadPack`
// handler): git clients answer a 401 with HTTP Basic credentials, so the handler authenticates each request itself
// as the protocol requires, and a web session middleware on the sibling routes cannot apply to it.
const GIT_HTTP_PATH = /\/(?:info\/refs|git-upload-pack|git-receive-pack)\/?$/i;
const GIT_HTTP_HANDLER = /(?:^|[._])(?:git_?http|(?:service_?)?(?:upload|receive)_?pack)(?:_|$)/i;

const splitCamelCase = (text: string): string => text.replace(/([a-z0-9])([A-Z])/g, "$1_$2");

/**
 * Whether a route is public by design (or authenticates in its handler by its protocol's rule, as git's smart HTTP
 * does), judged by its path (also when its words are camel-cased,
 * `/accounts/ClientLogin`) and, when given, its handler's name (snake or Camel case).
 */
export function isPublicRoute(path: string | null, handler?: string): boolean {
  if (path !== null && (PUBLIC_ENDPOINT.test(path) || PUBLIC_SEGMENT.test(splitCamelCase(path)))) return true;
  if (path !== null && GIT_HTTP_PATH.test(path)) return true;
  return (
    handler !== undefined &&
    (PUBLIC_HANDLER.test(splitCamelCase(handler)) || GIT_HTTP_HANDLER.test(splitCamelCase(handler)))
  );
}

// Reads public by design though their siblings are guarded: images a page embeds with `<img>` (which sends no
// bearer token: `/users/:id/profile-picture.png`, `/avatar`), and what the sign-in protocol shows before anyone
// is signed in (an OpenID Connect client's public name and logo on the authorize page: `/oidc/clients/:id/meta`).
const PUBLIC_READ_SEGMENT =
  /(?:^|\/)(?:[^/]*\.(?:png|jpe?g|gif|svg|webp|ico|avif)|avatars?|profile-pictures?|pictures?|icons?|oidc|openid(?:-connect)?|share|shared|embed|embedded)(?=$|\/)/i;

/**
 * Whether a read (GET/HEAD) route is public by design: what isPublicRoute says, images embedded by pages (which
 * send no bearer token), the metadata an OpenID Connect sign-in shows before anyone is signed in, and a shared or
 * embedded view (`/chart/share/:token`, `/chart/:share_string/embedded`), whose link is the capability.
 */
export function isPublicReadRoute(path: string | null, handler?: string): boolean {
  return isPublicRoute(path, handler) || (path !== null && PUBLIC_READ_SEGMENT.test(path));
}

// Forms an anonymous visitor submits by design: an abuse report, a contact or feedback form (the last segment), and
// the password form of a protected resource (`/:id/protected`, `/{id}/unlock`), where the password is the credential.
const PUBLIC_FORM_PATH =
  /(?:\/(?:report|report-abuse|abuse|contact|feedback)|\/(?::\w+|\{\w+\}|\[\w+\])\/(?:protected|unlock))\/?$/i;

/** Whether a route is a form anonymous visitors submit by design (abuse report, contact, a protected link's password). */
export function isPublicFormRoute(path: string | null): boolean {
  return path !== null && PUBLIC_FORM_PATH.test(path);
}

/** Paths meant for operators only: admin consoles, internal APIs, debug and profiling endpoints. */
export const PRIVATE_ROUTE_PATH =
  /(?:^|\/)(?:admin\w*|internal|private|debug|pprof|expvar|manage|management|superuser|staff|backoffice)(?:\/|$)/i;

/** Debug and profiling endpoints (net/http/pprof, expvar, chi's Profiler), served by handlers with no auth of their own. */
export const DEBUG_ROUTE_PATH = /(?:^|\/)(?:debug|pprof|expvar)(?:\/|$)/i;

/**
 * Among sibling routes (public ones left out), the guarded and unguarded ones when at least `minimum` — and more
 * than half — are guarded; null when the siblings show no such majority.
 */
export function guardedMajority<T>(
  routes: readonly T[],
  isGuarded: (route: T) => boolean,
  minimum = 2,
): { guarded: T[]; unguarded: T[] } | null {
  const guarded = routes.filter(isGuarded);
  if (guarded.length < minimum || guarded.length * 2 <= routes.length) return null;
  const unguarded = routes.filter((route) => !isGuarded(route));
  return unguarded.length > 0 ? { guarded, unguarded } : null;
}

/** A route as the sibling test sees it. */
export interface SiblingRoute {
  /** Carries authentication evidence. */
  guarded: boolean;
  /** Must never be reported: public by design, or auth handled optionally/explicitly. */
  exempt: boolean;
  /** Answers only GET/HEAD/OPTIONS. */
  readOnly: boolean;
}

/**
 * The unguarded routes of one router that stand out: at least 2 routes — and more than half — of the router are
 * guarded and this one is not (nor exempt). A read-only route is reported only when a guarded sibling is
 * read-only too: routers whose writes alone are guarded usually keep their reads public on purpose.
 * Each is returned with the guarded sibling to name (one answering the same kind of request when there is one).
 */
export function unguardedAmongGuarded<T extends SiblingRoute>(
  routes: readonly T[],
): Array<{ route: T; sibling: T; guarded: number }> {
  const majority = guardedMajority(routes, (r) => r.guarded);
  if (!majority) return [];
  const { guarded } = majority;
  const guardedReads = guarded.filter((r) => r.readOnly);
  const result: Array<{ route: T; sibling: T; guarded: number }> = [];
  for (const route of routes) {
    if (route.guarded || route.exempt) continue;
    if (route.readOnly && guardedReads.length === 0) continue;
    const sibling = (route.readOnly ? guardedReads[0] : guarded.find((r) => !r.readOnly)) ?? guarded[0];
    if (sibling) result.push({ route, sibling, guarded: guarded.length });
  }
  return result;
}

// POST /users, /user, /accounts: the sign-up endpoint of an API, public by design.
const SIGN_UP_PATH = /(?:^|\/)(?:users?|accounts?|members)\/?$/i;

/** Whether a route creates an account by posting to the users collection (`POST /users`): a sign-up. */
export function isSignUpRoute(method: string, path: string | null): boolean {
  return method.toUpperCase() === "POST" && path !== null && SIGN_UP_PATH.test(path);
}

/**
 * Whether a route answers CORS preflight requests (`OPTIONS`): browsers send them without credentials before the
 * real request, so they must be answered without authentication; the route they precede carries the guard.
 */
export function isPreflightRoute(method: string | null | undefined): boolean {
  return method?.toUpperCase() === "OPTIONS";
}
