import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";
import { authNameKind } from "./route-guards.js";
import { pythonModuleOf } from "./syntax.js";

const lines = (...l: string[]): string => l.join("\n") + "\n";

async function routeAuth(files: Record<string, string>): Promise<Record<string, string>> {
  const { facts } = await analyseFiles(files);
  return Object.fromEntries(
    facts.python.routes.map((r) => [
      r.handler,
      `${r.router} ${r.auth.status} ${r.auth.evidence ?? ""}`.trim(),
    ]),
  );
}

describe("python route authentication facts", () => {
  it("resolves FastAPI aliases, providers and schemes across modules, relative imports included", async () => {
    const auth = await routeAuth({
      "backend/app/api/deps.py": lines(
        "from typing import Annotated",
        "from fastapi import Depends, HTTPException",
        "from fastapi.security import APIKeyHeader, HTTPBearer",
        "api_key = APIKeyHeader(name='X-Key')",
        "bearer = HTTPBearer(auto_error=False)",
        "def get_db(): ...",
        "SessionDep = Annotated[Session, Depends(get_db)]",
        "def load_account(key: str = Depends(api_key)): ...",
        "def peek_account(token = Depends(bearer)): ...",
        "def owner_only(item_id: int):",
        "    raise HTTPException(status_code=403)",
        "Account = Annotated[User, Depends(load_account)]",
        "MaybeAccount = Annotated[User | None, Depends(peek_account)]",
      ),
      "backend/app/api/routes/items.py": lines(
        "from typing import Annotated",
        "from fastapi import APIRouter, Depends",
        "from ..deps import Account, MaybeAccount, SessionDep, owner_only",
        "router = APIRouter()",
        '@router.get("/a")',
        "def alias_route(user: Account): ...",
        '@router.get("/b")',
        "def optional_route(user: MaybeAccount): ...",
        '@router.get("/c")',
        "def session_route(session: SessionDep): ...",
        '@router.delete("/d", dependencies=[Depends(owner_only)])',
        "def denying_dependency(): ...",
        '@router.get("/e")',
        "def annotated_route(user: Annotated[User, Depends(get_current_active_user)]): ...",
        '@router.get("/f")',
        "def inline_route(user: User):",
        "    if not user.is_admin:",
        "        raise HTTPException(status_code=401)",
      ),
    });
    const router = "backend.app.api.routes.items.router";
    expect(auth).toEqual({
      alias_route: `${router} guarded \`Account\` (defined at backend/app/api/deps.py:12)`,
      optional_route: `${router} optional \`MaybeAccount\` (defined at backend/app/api/deps.py:13)`,
      session_route: `${router} none`,
      denying_dependency: `${router} guarded \`Depends(owner_only)\` (defined at backend/app/api/deps.py:10)`,
      annotated_route: `${router} guarded \`Depends(get_current_active_user)\``,
      inline_route: `${router} optional the handler refuses requests itself (401/403 or a redirect to login)`,
    });
  });

  it("follows include_router chains and resolves blueprints imported from a package", async () => {
    const auth = await routeAuth({
      "app/routes/items.py": lines(
        "from fastapi import APIRouter",
        "router = APIRouter()",
        '@router.get("/items")',
        "def items(): ...",
      ),
      "app/main.py": lines(
        "from fastapi import APIRouter, Depends, FastAPI",
        "from app.routes import items",
        "from app.auth import verify_token",
        "inner = APIRouter()",
        "inner.include_router(items.router)",
        "app = FastAPI()",
        "app.include_router(inner, dependencies=[Depends(verify_token)])",
      ),
      "web/main/__init__.py": "from flask import Blueprint\nbp = Blueprint('main', __name__)\n",
      "web/main/routes.py": lines(
        "from flask_login import login_required",
        "from web.main import bp",
        "@bp.route('/x')",
        "@login_required",
        "def x(): ...",
        "@bp.route('/y')",
        "@jwt_required(optional=True)",
        "def y(): ...",
      ),
    });
    expect(auth).toEqual({
      items: "app.routes.items.router guarded `Depends(verify_token)` on include_router (app/main.py:7)",
      x: "web.main.bp guarded `@login_required`",
      y: "web.main.bp optional `@jwt_required(optional=True)`",
    });
  });

  it("treats an app-wide middleware that refuses requests as guarding every route", async () => {
    const routes = lines(
      "from fastapi import APIRouter",
      "router = APIRouter()",
      '@router.get("/reports")',
      "def reports(): ...",
    );
    const denying = await routeAuth({
      "svc/routes.py": routes,
      "svc/main.py": lines(
        "from fastapi import FastAPI, HTTPException",
        "app = FastAPI()",
        '@app.middleware("http")',
        "async def check_key(request, call_next):",
        '    if request.headers.get("x-key") != KEY:',
        "        raise HTTPException(status_code=401)",
        "    return await call_next(request)",
      ),
    });
    expect(denying.reports).toBe(
      "svc.routes.router guarded request hook or middleware check_key (svc/main.py:3)",
    );
    // Starlette's AuthenticationMiddleware only resolves request.user; it refuses nothing.
    const resolving = await routeAuth({
      "svc/routes.py": routes,
      "svc/main.py":
        "from fastapi import FastAPI\napp = FastAPI()\napp.add_middleware(AuthenticationMiddleware)\n",
    });
    expect(resolving.reports).toBe("svc.routes.router none");
    const named = await routeAuth({
      "svc/routes.py": routes,
      "svc/main.py":
        "from fastapi import FastAPI\napp = FastAPI()\napp.add_middleware(GZipMiddleware)\napp.add_middleware(RequireJWTMiddleware)\n",
    });
    expect(named.reports).toBe(
      "svc.routes.router guarded request hook or middleware RequireJWTMiddleware (svc/main.py:4)",
    );
  });

  it("reads authenticator instances, anonymous-admitting ones as optional, and what handlers touch", async () => {
    const { facts } = await analyseFiles({
      "api/auth.py": lines(
        "from typing import Annotated",
        "from fastapi import Depends",
        "from api.authn import Authenticator",
        "_read = Authenticator(scopes={'read'}, allowed_subjects={User})",
        "_maybe = Authenticator(scopes={'read'}, allowed_subjects={User, Anonymous})",
        "Reader = Annotated[User, Depends(_read)]",
        "MaybeReader = Annotated[User, Depends(_maybe)]",
      ),
      "api/routes.py": lines(
        "from fastapi import APIRouter",
        "from api.auth import Reader, MaybeReader",
        "router = APIRouter()",
        '@router.get("/a")',
        "def a(user: Reader): ...",
        '@router.get("/b")',
        "def b(user: MaybeReader): ...",
        '@router.get("/about")',
        "def about():",
        '    return {"version": VERSION}',
      ),
    });
    const routes = Object.fromEntries(
      facts.python.routes.map((r) => [
        r.handler,
        `${r.auth.status} ${r.touchesState ? "state" : "stateless"}`,
      ]),
    );
    expect(routes).toEqual({ a: "guarded state", b: "optional state", about: "none stateless" });
  });

  it("records Django views named in URL patterns with decorators, mixins, permission classes and middleware", async () => {
    const files = {
      "app/views.py": lines(
        "from django.contrib.auth.decorators import login_required",
        "from django.contrib.auth.mixins import UserPassesTestMixin",
        "from django.utils.decorators import method_decorator",
        "from django.views.generic import View",
        "from rest_framework.decorators import api_view, permission_classes",
        "from rest_framework.permissions import IsAuthenticatedOrReadOnly",
        "from rest_framework.viewsets import ModelViewSet",
        "class StaffOnly(UserPassesTestMixin, View):",
        "    def get(self, request): ...",
        '@method_decorator(login_required, name="dispatch")',
        "class Profile(View):",
        "    def get(self, request): ...",
        "    def post(self, request): ...",
        '@api_view(["GET"])',
        "@permission_classes([IsAuthenticatedOrReadOnly])",
        "def feed(request): ...",
        "class Owned(View):",
        "    def get(self, request, pk):",
        "        if not owns(request.user, pk):",
        "            raise PermissionDenied",
        "class Books(ModelViewSet):",
        "    queryset = Book.objects.all()",
      ),
      "app/urls.py": lines(
        "from django.urls import path, re_path",
        "from rest_framework.routers import DefaultRouter",
        "from app import views",
        "router = DefaultRouter()",
        'router.register("books", views.Books)',
        "urlpatterns = [",
        '    path("staff/", views.StaffOnly.as_view()),',
        '    path("profile/", views.Profile.as_view()),',
        '    re_path(r"^feed/$", views.feed),',
        '    path("owned/<int:pk>/", views.Owned.as_view()),',
        "]",
      ),
    };
    const views = async (extra: Record<string, string>): Promise<Record<string, string>> => {
      const { facts } = await analyseFiles({ ...files, ...extra });
      return Object.fromEntries(
        facts.python.djangoViews.map((v) => [
          v.handler,
          `${v.urlPath} ${v.httpMethods.join(",")} ${v.auth.status} ${v.auth.evidence ?? ""}`.trim(),
        ]),
      );
    };
    expect(await views({})).toEqual({
      StaffOnly: "staff/ GET guarded `UserPassesTestMixin`",
      Profile: "profile/ GET,POST guarded `@method_decorator(login_required)`",
      feed: "^feed/$ GET optional permission_classes IsAuthenticatedOrReadOnly (app/views.py:16)",
      Owned: "owned/<int:pk>/ GET optional the view refuses requests itself (PermissionDenied, 401/403)",
      Books: "books DELETE,GET,PATCH,POST,PUT none",
    });
    const withMiddleware = await views({
      "app/settings.py": 'MIDDLEWARE = [\n    "django.contrib.auth.middleware.LoginRequiredMiddleware",\n]\n',
    });
    expect(withMiddleware.Books).toBe(
      "books DELETE,GET,PATCH,POST,PUT guarded django.contrib.auth.middleware.LoginRequiredMiddleware in MIDDLEWARE (app/settings.py:2)",
    );
  });

  it("derives modules from paths and classifies dependency names", () => {
    expect(pythonModuleOf("backend/app/api/deps.py")).toEqual({
      module: "backend.app.api.deps",
      pkg: "backend.app.api",
    });
    expect(pythonModuleOf("app/main/__init__.py")).toEqual({ module: "app.main", pkg: "app.main" });
    const kinds = Object.fromEntries(
      [
        "get_current_user",
        "current_active_user",
        "get_current_active_superuser",
        "verify_token",
        "require_admin",
        "login_required",
        "oauth2_scheme",
        "HTTPBearer",
        "PermissionsDependency",
        "get_current_user_optional",
        "OAuth2PasswordRequestForm",
        "get_db",
        "SessionDep",
        "get_current_incident",
        "get_author",
        "require_setting",
        "require_POST",
        "requires",
        "group_required",
        "UserPassesTestMixin",
      ].map((n) => [n, authNameKind(n)]),
    );
    expect(kinds).toEqual({
      get_current_user: "guard",
      current_active_user: "guard",
      get_current_active_superuser: "guard",
      verify_token: "guard",
      require_admin: "guard",
      login_required: "guard",
      oauth2_scheme: "guard",
      HTTPBearer: "guard",
      PermissionsDependency: "guard",
      get_current_user_optional: "optional",
      OAuth2PasswordRequestForm: null,
      get_db: null,
      SessionDep: null,
      get_current_incident: null,
      get_author: null,
      require_setting: null,
      require_POST: null,
      requires: "guard",
      group_required: "guard",
      UserPassesTestMixin: "guard",
    });
  });
});
