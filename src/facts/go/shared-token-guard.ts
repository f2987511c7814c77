// Go middleware that admits only callers presenting the one token the server's configuration holds (a node or
// daemon token its control plane sends: `subtle.ConstantTimeCompare([]byte(auth[1]), []byte(config.Get().Token))`),
// not a user's session: the routes behind it are called by another service of the operator, not by end users.
import type { SgNode } from "@ast-grep/napi";
import type { GoRoute } from "./http-routes.js";
import { lastSegment } from "./middleware-names.js";
import { routeMiddleware, type GoRouter } from "./route-middleware.js";
import { findKind, lineOf } from "./syntax.js";

export interface GoSharedTokenGuard {
  /** The function's name (`RequireAuthorization`): the middleware as routes name it, without its package. */
  name: string;
  line: number;
}

/** The credential read from the request: the Authorization header or an `X-…-Token`/`-Key`/`-Secret` header. */
const CREDENTIAL_HEADER = /\b(?:GetHeader|Get)\(\s*"(?:Authorization|X-[\w-]*(?:Token|Key|Secret)[\w-]*)"/i;
/** A comparison made for secrets: in constant time. */
const SECRET_COMPARE = /\b(?:subtle\.ConstantTimeCompare|hmac\.Equal)\(/;
/** One token of the configuration: `config.Get().AuthenticationToken`, `cfg.APIKey`, `os.Getenv("NODE_TOKEN")`. */
const CONFIGURED_TOKEN =
  /\b(?:config|cfg|conf|configuration|settings|opts|options|Config)\b[\w.()]*?\.\w*(?:Token|Key|Secret)\b|\bos\.Getenv\(\s*"\w*(?:TOKEN|KEY|SECRET)"\s*\)/;
/** A per-user credential: a JWT parsed, or a user, session or account looked up. */
const PER_USER = /\bjwt\.|\bParseWithClaims\b|\b\w*(?:User|Session|Account|Member)\w*\s*\(/;
/** The middleware refuses the caller. */
const REFUSES = /\bStatus(?:Unauthorized|Forbidden)\b|\b40[13]\b/;

/** Top-level functions and methods of a Go file that are shared-token guards. */
export function sharedTokenGuards(tree: SgNode): GoSharedTokenGuard[] {
  const out: GoSharedTokenGuard[] = [];
  for (const kind of ["function_declaration", "method_declaration"]) {
    for (const fn of findKind(tree, kind)) {
      const name = fn.field("name")?.text();
      if (!name) continue;
      // Comments explain; only code decides (`// … or a signed JWT …`).
      const code = fn.text().replace(/\/\/[^\n]*/g, "");
      if (
        CREDENTIAL_HEADER.test(code) &&
        SECRET_COMPARE.test(code) &&
        CONFIGURED_TOKEN.test(code) &&
        REFUSES.test(code) &&
        !PER_USER.test(code)
      )
        out.push({ name, line: lineOf(fn) });
    }
  }
  return out;
}

/**
 * When every route registered with the handler `handler` (a function name, receiver or package left out) sits behind
 * a shared-token guard of the repository (its own middleware, its group's or an ancestor's): that guard, described
 * (`RequireAuthorization (router/middleware/middleware.go:166)`); else null.
 */
export function sharedTokenGuardOf(
  go: {
    routes: ReadonlyArray<GoRoute & { path: string }>;
    routers: ReadonlyArray<GoRouter & { path: string }>;
    sharedTokenGuards: ReadonlyArray<GoSharedTokenGuard & { path: string }>;
  },
  handler: string,
): string | null {
  if (go.sharedTokenGuards.length === 0) return null;
  const name = handler.split(".").pop() ?? handler;
  const routes = go.routes.filter((route) => route.handler === name);
  if (routes.length === 0) return null;
  let found: string | null = null;
  for (const route of routes) {
    const routers = go.routers.filter((router) => router.path === route.path);
    const guard = routeMiddleware(route, routers)
      .map((mw) => lastSegment(mw.name))
      .map((mwName) => go.sharedTokenGuards.find((g) => g.name === mwName))
      .find((g) => g !== undefined);
    if (!guard) return null;
    found ??= `${guard.name} (${guard.path}:${guard.line})`;
  }
  return found;
}
