// Which route paths are public or private by design, and the sibling-majority test for a route left without the
// auth its siblings have. Written for go/route-without-auth-middleware; the JS and Python route-auth rules judge the same way.

/**
 * Paths that are public by design: the root, health/readiness/liveness probes, metrics, version, login/logout,
 * sign-up/register, password reset and e-mail confirmation, tokens and OAuth callbacks, webhooks, static assets,
 * API docs, favicon/robots/sitemap and feeds.
 */
export const PUBLIC_ROUTE_PATH =
  /^\/?$|(?:^|[/._:-])(?:health\w*|ready\w*|readiness|live|livez|liveness|status|ping|metrics|version|login|logout|signin|signout|signup|sign-in|sign-out|sign-up|register|auth|oauth2?|callback|forgot\w*|reset\w*|verify\w*|confirm\w*|unsubscribe|subscribe|invite|accept|magic|public|docs?|openapi\w*|swagger\w*|redoc|webhooks?|favicon\w*|robots\w*|sitemap\w*|rss|feed|pixel|passkeys?|tokens?|jwks\w*|well-known|static|assets|captcha)\b/i;

/** Whether a path is public by design, also when its words are camel-cased (`/accounts/ClientLogin`). */
export function isPublicRoutePath(path: string): boolean {
  return PUBLIC_ROUTE_PATH.test(path.replace(/([a-z0-9])([A-Z])/g, "$1-$2"));
}

/** Paths meant for operators only: admin consoles, internal APIs, debug and profiling endpoints. */
export const PRIVATE_ROUTE_PATH =
  /(?:^|\/)(?:admin\w*|internal|private|debug|pprof|expvar|manage|management|superuser|staff|backoffice)(?:\/|$)/i;

/** Debug and profiling endpoints (net/http/pprof, expvar, chi's Profiler), served by handlers with no auth of their own. */
export const DEBUG_ROUTE_PATH = /(?:^|\/)(?:debug|pprof|expvar)(?:\/|$)/i;

/**
 * Among sibling routes (public ones left out), those without auth when at least `minimum` — and more than half —
 * have it; null when the siblings do not show such a majority.
 */
export function unguardedAmongGuarded<T>(
  routes: readonly T[],
  isGuarded: (route: T) => boolean,
  minimum = 2,
): { guarded: T[]; unguarded: T[] } | null {
  const guarded = routes.filter(isGuarded);
  if (guarded.length < minimum || guarded.length * 2 <= routes.length) return null;
  const unguarded = routes.filter((route) => !isGuarded(route));
  return unguarded.length > 0 ? { guarded, unguarded } : null;
}
