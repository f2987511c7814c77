// python/route-without-auth: a FastAPI/Flask route with no authentication where most routes of its router have it.
import type { PythonRouteFact } from "../../facts/python/index.js";
import { isAuxiliaryPath } from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";
import {
  isPublicRoute,
  isSignUpRoute,
  unguardedAmongGuarded,
  type SiblingRoute,
} from "../shared/route-auth.js";

type Route = PythonRouteFact & { path: string };

function siblingOf(route: Route): Route & SiblingRoute {
  return {
    ...route,
    guarded: route.auth.status === "guarded",
    exempt:
      route.auth.status !== "none" ||
      route.method === "WEBSOCKET" ||
      !route.touchesState ||
      isPublicRoute(route.urlPath, route.handler) ||
      (route.httpMethods.length === 1 && isSignUpRoute(route.httpMethods[0] ?? "", route.urlPath)),
    readOnly: route.httpMethods.length > 0 && route.httpMethods.every((m) => /^(GET|HEAD|OPTIONS)$/.test(m)),
  };
}

function label(route: Route): string {
  return `${route.httpMethods.join("/") || route.method} ${route.urlPath ?? "?"}`;
}

export default defineRule({
  id: "python/route-without-auth",
  area: "security",
  severity: "medium",
  title: "Route or view without the authentication its siblings require",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["python"],
  docs: {
    rationale:
      "When most routes of a FastAPI router, Flask blueprint or Django views module require a logged-in user and one does not, the odd one out is usually a forgotten dependency, decorator or mixin rather than a public endpoint.",
    impact:
      "Anyone who can reach the API can call the unguarded handler and read or change data that its siblings only show to authenticated users.",
    fix: "Add the same dependency (`current_user: CurrentUser`, `dependencies=[Depends(get_current_user)]`), decorator (`@login_required`) or mixin/permission class (`LoginRequiredMixin`, `permission_classes = [IsAuthenticated]`) to the route, or guard the whole router once (`APIRouter(dependencies=[...])`, `include_router(..., dependencies=[...])`, a blueprint `before_request` check, DRF `DEFAULT_PERMISSION_CLASSES`); keep truly public routes on a separate router or mark them (`AllowAny`).",
    example: {
      language: "python",
      bad: '@router.get("/orders")\ndef list_orders(user: CurrentUser): ...\n\n@router.get("/orders/{id}")\ndef get_order(id: int, user: CurrentUser): ...\n\n@router.delete("/orders/{id}")\ndef delete_order(id: int): ...',
      good: '@router.get("/orders")\ndef list_orders(user: CurrentUser): ...\n\n@router.get("/orders/{id}")\ndef get_order(id: int, user: CurrentUser): ...\n\n@router.delete("/orders/{id}")\ndef delete_order(id: int, user: CurrentUser): ...',
    },
  },
  notes: [
    'Routes are the FastAPI/Flask handlers of the python facts, grouped by the router or blueprint object they are registered on (resolved across modules). A route is guarded by: a parameter `Depends(x)`/`Security(x)` or `Annotated[..., Depends(x)]`; an annotation that is a project alias such as `CurrentUser = Annotated[User, Depends(get_current_user)]` (resolved in any module); `dependencies=[Depends(x)]` on the decorator, on `APIRouter(...)`/`FastAPI(...)` or on an `include_router` call that includes its router (followed through nested routers); a decorator such as `@login_required`, `@jwt_required()`, `@auth.login_required`, `@roles_required(...)`, `@permission_required(...)`, `@admin_required`, `@*_required`; a blueprint `before_request` hook that refuses requests (abort(401/403), redirect to login, raises Unauthorized/Forbidden); app-wide, a `before_app_request` hook or `@app.middleware("http")` function that refuses requests, or `app.add_middleware(X)` with an auth-named or refusing X, guards every route.',
    "A dependency or decorator counts as authentication when its name says so (auth*, jwt, token, bearer, api key, permission, role, admin/superuser/staff, login, current_<user|account|…>, require_*, *_required, verify/check_<user|token|key|signature>), when it is Security(...) or an instance of a FastAPI security scheme (OAuth2PasswordBearer, HTTPBearer, APIKeyHeader …), or when it is a project function that refuses requests (401/403) or itself depends on such a dependency. Database sessions, settings and path loaders (get_db, SessionDep) are not.",
    "Reported when at least 2 routes of the router — and more than half — are guarded and this one is not. Never reported: routes that read the user optionally (`required=False`, `auto_error=False`, `optional=True`, optional-named dependencies, authenticators admitting Anonymous) or refuse requests inline (401/403, HttpResponseForbidden, PermissionDenied, or `raise Http404` after letting through only those with permission), and first-run setup views that send everyone away once an account exists (`if User.objects.filter(is_superuser=True).count() > 0: return redirect(...)`); Django views of a project whose own middleware in MIDDLEWARE refuses or redirects requests to login (its conditions decide which views it covers); explicitly public ones (AllowAny, empty permission_classes, `@csrf_exempt` endpoints for other services); public-by-design paths and handlers (`/`, login/logout, token, signup/register, password reset/recovery, health/ready/metrics/gtg, docs/openapi, webhooks, OAuth callbacks, verify/confirm, signed or secret-bearing links, badges) and POST /users-style sign-up; handlers that touch nothing worth protecting (no user, session, stored data, dependency or parameter, words in comments and plain strings not counted: static pages, previews, a settings dump for the client); websockets; an unguarded GET when no guarded sibling is a GET (public reads beside guarded writes). Tests, examples, scripts and docs are skipped.",
    "Django/DRF views are those a URL pattern (`path`/`re_path`/`url`) or DRF `router.register` names, grouped by the module that defines them. A view is guarded by: a `login_required(...)`-style wrapper in urls.py; a login-required middleware in MIDDLEWARE; decorators (`@login_required`, `@permission_required`, `@user_passes_test`, `@staff_member_required`, `@method_decorator(login_required)`); access mixins among its bases (LoginRequiredMixin, PermissionRequiredMixin, UserPassesTestMixin, project mixins whose methods refuse requests) and Django views that require a login themselves (PasswordChangeView, PasswordChangeDoneView), followed through project base classes; the nearest `permission_classes` (`@permission_classes` for function views) other than AllowAny/*ReadOnly; for DRF views without their own, a guarding REST_FRAMEWORK DEFAULT_PERMISSION_CLASSES. `AllowAny` or an empty `permission_classes` is an explicit public choice and never reported; views registered other ways (custom decorators such as NetBox's register_model_view) are not seen.",
    "Medium and heuristic: a route may be public by design, and auth enforced elsewhere (a gateway, a WSGI wrapper) is not seen. Express routers are covered by security/route-missing-auth.",
  ],
  applies(facts) {
    if (!facts.python) return { status: "unknown", reason: "Python facts were not collected" };
    return facts.python.routes.length + facts.python.djangoViews.length > 0
      ? true
      : {
          status: "not-applicable",
          reason: "no FastAPI/Flask route handlers or Django views named in URL patterns",
        };
  },
  check({ facts, report }) {
    const byRouter = new Map<string, Route[]>();
    for (const route of [...facts.python.routes, ...facts.python.djangoViews]) {
      if (isAuxiliaryPath(route.path)) continue;
      byRouter.set(route.router, [...(byRouter.get(route.router) ?? []), route]);
    }
    for (const [router, routes] of byRouter) {
      const name = router.split(".").pop() ?? router;
      for (const { route, sibling, guarded } of unguardedAmongGuarded(routes.map(siblingOf))) {
        report({
          path: route.path,
          line: route.line,
          message: `${label(route)} (${route.handler}) on \`${name}\` has no authentication, while ${guarded} of ${routes.length} routes of that router do (e.g. ${label(sibling)} ${sibling.handler} at ${sibling.path}:${sibling.line}: ${sibling.auth.evidence ?? "guarded"})`,
          key: `${router}:${route.httpMethods.join(",")}:${route.urlPath ?? route.handler}`,
          snippet: `${label(route)} ${route.handler}`,
          related: [{ path: sibling.path, startLine: sibling.line, endLine: sibling.line }],
        });
      }
    }
  },
});
