import { describe, expect, it } from "vitest";
import { analyseFiles, findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/route-without-auth";

const DEPS = [
  "from typing import Annotated",
  "from fastapi import Depends",
  "from fastapi.security import OAuth2PasswordBearer",
  "from sqlmodel import Session",
  'oauth2 = OAuth2PasswordBearer(tokenUrl="/login/access-token")',
  "def get_db():",
  "    yield Session()",
  "SessionDep = Annotated[Session, Depends(get_db)]",
  "TokenDep = Annotated[str, Depends(oauth2)]",
  "def load_user(session: SessionDep, token: TokenDep) -> User:",
  "    return session.get(User, token)",
  "CurrentUser = Annotated[User, Depends(load_user)]",
  "def maybe_user(session: SessionDep) -> User | None:",
  "    return None",
].join("\n");

const lines = (...l: string[]): string => l.join("\n") + "\n";

describe(ID, () => {
  it("fires on the FastAPI route that lacks the dependency its siblings take (alias from another module)", async () => {
    const findings = await findingsOf(ID, {
      "backend/app/api/deps.py": DEPS,
      "backend/app/api/routes/items.py": lines(
        "from fastapi import APIRouter, Depends",
        "from app.api.deps import CurrentUser, SessionDep",
        "from app.api import deps",
        'router = APIRouter(prefix="/items")',
        '@router.get("/")',
        "def read_items(session: SessionDep, current_user: CurrentUser): ...",
        '@router.get("/{id}")',
        "def read_item(id: int, session: SessionDep, user: User = Depends(deps.load_user)): ...",
        '@router.post("/")',
        "def create_item(session: SessionDep, current_user: CurrentUser): ...",
        '@router.delete("/{id}")',
        "def delete_item(id: int, session: SessionDep): ...",
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["backend/app/api/routes/items.py", 12],
    ]);
    expect(findings[0]?.message).toContain("DELETE /{id} (delete_item) on `router` has no authentication");
    expect(findings[0]?.message).toContain("3 of 4");
  });

  it("stays silent on FastAPI routes guarded by router, include_router, router class or class-based view", async () => {
    const { findings, facts } = await analyseFiles({
      "app/deps.py": DEPS,
      // Router-level dependencies guard every route of the router.
      "app/routes/orders.py": lines(
        "from fastapi import APIRouter, Depends",
        "from app.deps import CurrentUser, load_user",
        "router = APIRouter(dependencies=[Depends(load_user)])",
        '@router.get("/orders")',
        "def list_orders(user: CurrentUser): ...",
        '@router.post("/orders")',
        "def create_order(user: CurrentUser): ...",
        '@router.delete("/orders/{id}")',
        "def delete_order(id: int): ...",
      ),
      // Included with dependencies from another file, through a nested router.
      "app/routes/tags.py": lines(
        "from fastapi import APIRouter, Security",
        "from app.deps import load_user",
        "router = APIRouter()",
        '@router.get("/tags")',
        'def list_tags(user = Security(load_user, scopes=["tags"])): ...',
        '@router.post("/tags")',
        'def create_tag(user = Security(load_user, scopes=["tags"])): ...',
        '@router.delete("/tags/{id}")',
        "def delete_tag(id: int): ...",
      ),
      "app/api.py": lines(
        "from fastapi import APIRouter, Depends",
        "from app.deps import load_user",
        "from .routes.tags import router as tags_router",
        "authenticated = APIRouter()",
        "authenticated.include_router(tags_router)",
        "api_router = APIRouter()",
        "api_router.include_router(authenticated, dependencies=[Depends(load_user)])",
      ),
      // A project router class that passes the dependency to APIRouter.
      "app/base.py": lines(
        "from fastapi import APIRouter, Depends",
        "from app.deps import load_user, CurrentUser",
        "class UserAPIRouter(APIRouter):",
        "    def __init__(self, **kwargs):",
        "        super().__init__(dependencies=[Depends(load_user)], **kwargs)",
        "class BaseUserController:",
        "    user: User = Depends(load_user)",
      ),
      "app/routes/notes.py": lines(
        "from app.base import UserAPIRouter, BaseUserController",
        "from app.deps import CurrentUser",
        'router = UserAPIRouter(prefix="/notes")',
        '@router.get("/")',
        "def list_notes(user: CurrentUser): ...",
        '@router.put("/{id}")',
        "def update_note(id: int, user: CurrentUser): ...",
        '@router.delete("/{id}")',
        "def delete_note(id: int): ...",
        'views = APIRouter(prefix="/views")',
        "class NoteViews(BaseUserController):",
        '    @views.get("/a")',
        "    def a(self, user: CurrentUser): ...",
        '    @views.post("/b")',
        "    def b(self, user: CurrentUser): ...",
        '    @views.delete("/c")',
        "    def c(self): ...",
      ),
    });
    expect(findings.filter((f) => f.ruleId === ID)).toEqual([]);
    const unguarded = facts.python.routes.filter((r) => r.auth.status !== "guarded").map((r) => r.handler);
    expect(unguarded).toEqual([]);
  });

  it("stays silent on public login routes, optional auth, public reads and non-auth dependencies", async () => {
    const findings = await findingsOf(ID, {
      "app/deps.py": DEPS,
      "app/routes/login.py": lines(
        "from fastapi import APIRouter, Depends",
        "from app.deps import CurrentUser, SessionDep",
        "router = APIRouter()",
        '@router.post("/login/access-token")',
        "def login_access_token(session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]): ...",
        '@router.post("/password-recovery/{email}")',
        "def recover_password(email: str, session: SessionDep): ...",
        '@router.post("/me/password")',
        "def change_password(user: CurrentUser): ...",
        '@router.get("/me")',
        "def me(user: CurrentUser): ...",
        '@router.put("/me")',
        "def update_me(user: CurrentUser): ...",
        '@router.delete("/me")',
        "def delete_me(user: CurrentUser): ...",
        '@router.post("/signup")',
        "def register_user(session: SessionDep): ...",
      ),
      "app/routes/articles.py": lines(
        "from fastapi import APIRouter, Depends",
        "from app.deps import CurrentUser, SessionDep, maybe_user, load_user",
        "router = APIRouter()",
        '@router.get("/articles")',
        "def list_articles(user = Depends(get_current_user_authorizer(required=False))): ...",
        '@router.get("/articles/{slug}")',
        "def get_article(slug: str, session: SessionDep): ...",
        '@router.post("/articles")',
        "def create_article(user: CurrentUser): ...",
        '@router.put("/articles/{slug}")',
        "def update_article(slug: str, user: CurrentUser): ...",
        '@router.delete("/articles/{slug}")',
        "def delete_article(slug: str, user: CurrentUser): ...",
      ),
      "app/routes/branding.py": lines(
        "from fastapi import APIRouter",
        "from app.deps import CurrentUser",
        "router = APIRouter()",
        '@router.get("/me")',
        "def me(user: CurrentUser): ...",
        '@router.put("/me")',
        "def update_me(user: CurrentUser): ...",
        '@router.get("/items")',
        "def items(user: CurrentUser): ...",
        '@router.get("/logo/{filename}")',
        "def serve_logo(filename: str): ...",
      ),
      "app/routes/things.py": lines(
        "from fastapi import APIRouter",
        "from app.deps import CurrentUser, SessionDep",
        "router = APIRouter()",
        '@router.get("/things")',
        "def list_things(session: SessionDep): ...",
        '@router.post("/things")',
        "def create_thing(session: SessionDep): ...",
        '@router.delete("/things/{id}")',
        "def delete_thing(id: int, user: CurrentUser): ...",
      ),
    });
    expect(findings).toEqual([]);
  });

  it("fires on the Flask view without @login_required among decorated siblings", async () => {
    const findings = await findingsOf(ID, {
      "app/main/__init__.py": "from flask import Blueprint\nbp = Blueprint('main', __name__)\n",
      "app/main/routes.py": lines(
        "from flask_login import login_required, current_user",
        "from app.main import bp",
        "@bp.before_app_request",
        "def before_request():",
        "    if current_user.is_authenticated:",
        "        current_user.last_seen = now()",
        "@bp.route('/explore')",
        "@login_required",
        "def explore(): ...",
        "@bp.route('/follow/<name>', methods=['POST'])",
        "@login_required",
        "def follow(name): ...",
        "@bp.route('/messages')",
        "@login_required",
        "def messages(): ...",
        "@bp.route('/posts/<int:id>/delete', methods=['POST'])",
        "def delete_post(id): ...",
        "@bp.route('/login', methods=['GET', 'POST'])",
        "def login(): ...",
        "@bp.route('/about')",
        "def about():",
        "    return render_template('about.html')",
        "@bp.route('/hooks/mail', methods=['POST'])",
        "@csrf.exempt",
        "def inbound_mail():",
        "    Message.create(request.json)",
        "@bp.route('/settings', methods=['GET', 'POST'])",
        "@login_required",
        "def settings(): ...",
        "@bp.route('/notifications')",
        "@login_required",
        "def notifications(): ...",
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["app/main/routes.py", 17],
    ]);
    expect(findings[0]?.message).toContain("POST /posts/<int:id>/delete (delete_post)");
  });

  it("stays silent on a health probe and on a settings dump whose only state words are in comments", async () => {
    const routes = (configBody: string) =>
      lines(
        "from flask import Blueprint, jsonify, current_app",
        "api = Blueprint('api', __name__)",
        "@api.route('/alerts')",
        "@permission('read:alerts')",
        "def list_alerts(): return db.get_alerts()",
        "@api.route('/alert/<id>', methods=['GET'])",
        "@permission('read:alerts')",
        "def get_alert(id): return db.get_alert(id)",
        "@api.route('/alert/<id>', methods=['DELETE'])",
        "@permission('write:alerts')",
        "def delete_alert(id): return db.delete_alert(id)",
        "@api.route('/management/gtg', methods=['GET'])",
        "def good_to_go():",
        "    return 'OK' if db.is_alive else ('FAILED', 503)",
        "@api.route('/config', methods=['GET'])",
        "def config():",
        ...configBody.split("\n"),
      );
    const quiet = await findingsOf(ID, {
      "app/views.py": routes(
        "    return jsonify({\n        'colors': current_app.config['COLORS'],  # moved to the alarm model\n        'auth_required': current_app.config['AUTH_REQUIRED'],\n    })",
      ),
    });
    expect(quiet).toEqual([]);
    const stored = await findingsOf(ID, {
      "app/views.py": routes("    return jsonify({'colors': db.get_colors()})"),
    });
    expect(stored.map((f) => f.message.split(" (")[0])).toEqual(["GET /config"]);
  });

  it("stays silent on a Flask blueprint guarded by a before_request hook", async () => {
    const findings = await findingsOf(ID, {
      "app/admin/__init__.py": lines(
        "from flask import Blueprint, abort",
        "from flask_login import current_user",
        "admin = Blueprint('admin', __name__)",
        "@admin.before_request",
        "def require_admin():",
        "    if not current_user.is_admin:",
        "        abort(403)",
      ),
      "app/admin/views.py": lines(
        "from app.admin import admin",
        "from app.auth import admins_only",
        "@admin.route('/admin/users')",
        "@admins_only",
        "def users(): ...",
        "@admin.route('/admin/pages', methods=['POST'])",
        "@admins_only",
        "def pages(): ...",
        "@admin.route('/admin/config', methods=['POST'])",
        "def config(): ...",
      ),
    });
    expect(findings).toEqual([]);
  });

  it("fires on the Django view without the mixin or decorator its module's views use", async () => {
    const findings = await findingsOf(ID, {
      "shop/views.py": lines(
        "from django.contrib.auth.decorators import login_required",
        "from django.contrib.auth.mixins import LoginRequiredMixin",
        "from django.views.generic import DetailView, ListView, View",
        "class OrderList(LoginRequiredMixin, ListView):",
        "    model = Order",
        "class OrderDetail(LoginRequiredMixin, DetailView):",
        "    model = Order",
        "class OrderDelete(View):",
        "    def post(self, request, pk): ...",
        "@login_required",
        "def invoice(request, pk): ...",
        "class LoginPage(View):",
        "    def post(self, request): ...",
      ),
      "shop/urls.py": lines(
        "from django.urls import path",
        "from . import views",
        "urlpatterns = [",
        '    path("orders/", views.OrderList.as_view()),',
        '    path("orders/<int:pk>/", views.OrderDetail.as_view()),',
        '    path("orders/<int:pk>/delete/", views.OrderDelete.as_view()),',
        '    path("orders/<int:pk>/invoice/", views.invoice),',
        '    path("login/", views.LoginPage.as_view()),',
        "]",
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([["shop/views.py", 8]]);
    expect(findings[0]?.message).toContain("POST orders/<int:pk>/delete/ (OrderDelete)");
  });

  it("leaves Django views to a project middleware in MIDDLEWARE that sends anonymous requests to login", async () => {
    const shop = {
      "shop/views.py": lines(
        "from django.contrib.auth.mixins import LoginRequiredMixin",
        "from django.views.generic import DetailView, ListView, View",
        "class OrderList(LoginRequiredMixin, ListView):",
        "    model = Order",
        "class OrderDetail(LoginRequiredMixin, DetailView):",
        "    model = Order",
        "class OrderDelete(View):",
        "    def post(self, request, pk): ...",
      ),
      "shop/urls.py": lines(
        "from django.urls import path",
        "from . import views",
        "urlpatterns = [",
        '    path("orders/", views.OrderList.as_view()),',
        '    path("orders/<int:pk>/", views.OrderDetail.as_view()),',
        '    path("orders/<int:pk>/delete/", views.OrderDelete.as_view()),',
        "]",
      ),
    };
    const middleware = (check: string): Record<string, string> => ({
      "shop/middleware.py": lines(
        "from django.conf import settings",
        "from shop.redirects import get_login_redirect",
        "class AreaMiddleware:",
        "    def __init__(self, get_response):",
        "        self.get_response = get_response",
        "    def __call__(self, request):",
        `        if ${check} and request.path.startswith("/orders"):`,
        "            return get_login_redirect(request)",
        "        return self.get_response(request)",
      ),
      "config/settings.py": lines(
        "MIDDLEWARE = [",
        '    "django.contrib.sessions.middleware.SessionMiddleware",',
        '    "shop.middleware.AreaMiddleware",',
        "]",
      ),
    });
    expect(await findingsOf(ID, { ...shop, ...middleware("request.user.is_anonymous") })).toEqual([]);
    // Near miss: a middleware that refuses nothing guards nothing.
    const open = await findingsOf(ID, {
      ...shop,
      ...middleware("request.user.is_anonymous"),
      "shop/middleware.py": lines(
        "from django.conf import settings",
        "class AreaMiddleware:",
        "    def __call__(self, request):",
        "        request.area = 'shop'",
        "        return self.get_response(request)",
      ),
    });
    expect(open.map((f) => f.location?.startLine)).toEqual([7]);
  });

  it("takes a view that lets through only those with permission and raises Http404 after as guarding itself", async () => {
    const findings = await findingsOf(ID, {
      "people/views.py": lines(
        "from django.contrib.auth.mixins import LoginRequiredMixin",
        "from django.http import Http404",
        "from django.views.generic import DetailView",
        "class ProfileList(LoginRequiredMixin, DetailView):",
        "    model = Profile",
        "class ProfileDetail(LoginRequiredMixin, DetailView):",
        "    model = Profile",
        "class ProfileEdit(LoginRequiredMixin, DetailView):",
        "    model = Profile",
        "class ProfileRedirect(DetailView):",
        "    model = Profile",
        "    def dispatch(self, request, **kwargs):",
        "        profile = self.get_object()",
        '        if profile and request.user.has_perm("people.view_profile", profile):',
        "            return redirect(profile.url)",
        "        raise Http404",
        "class ProfileExport(DetailView):",
        "    model = Profile",
        "    def dispatch(self, request, **kwargs):",
        "        profile = self.get_object()",
        "        if profile:",
        "            return redirect(profile.url)",
        "        raise Http404",
      ),
      "people/urls.py": lines(
        "from django.urls import path",
        "from . import views",
        "urlpatterns = [",
        '    path("", views.ProfileList.as_view()),',
        '    path("<int:pk>/", views.ProfileDetail.as_view()),',
        '    path("<int:pk>/edit/", views.ProfileEdit.as_view()),',
        '    path("<int:pk>/go/", views.ProfileRedirect.as_view()),',
        '    path("<int:pk>/export/", views.ProfileExport.as_view()),',
        "]",
      ),
    });
    // The redirect checks who is asking before it lets them through; the export does not.
    expect(findings.map((f) => f.location?.startLine)).toEqual([17]);
  });

  it("takes Django's PasswordChangeView for a guarded base, not a view that only looks like it", async () => {
    const findings = await findingsOf(ID, {
      "members/views.py": lines(
        "from django.contrib.auth.decorators import login_required",
        "from django.contrib.auth.views import PasswordChangeView",
        "from django.contrib.auth.mixins import LoginRequiredMixin",
        "from django.views.generic import DetailView, View",
        "class Profile(LoginRequiredMixin, DetailView):",
        "    model = Account",
        "@login_required",
        "def delete(request): ...",
        "class AccountPasswordChange(PasswordChangeView):",
        "    def form_valid(self, form):",
        "        self.request.user.profile.save()",
        "class AccountEmailChange(View):",
        "    def post(self, request):",
        "        request.user.profile.save()",
      ),
      "members/urls.py": lines(
        "from django.urls import path",
        "from . import views",
        "urlpatterns = [",
        '    path("profile/", views.Profile.as_view()),',
        '    path("delete/", views.delete),',
        '    path("password/change", views.AccountPasswordChange.as_view()),',
        '    path("email/change", views.AccountEmailChange.as_view()),',
        "]",
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["members/views.py", 12],
    ]);
  });

  it("stays silent on Django views guarded by DRF defaults, project mixins and urls.py wrappers, and on AllowAny", async () => {
    const { findings, facts } = await analyseFiles({
      "config/settings.py": lines(
        "INSTALLED_APPS = ['rest_framework']",
        "REST_FRAMEWORK = {",
        '    "DEFAULT_PERMISSION_CLASSES": ("rest_framework.permissions.IsAuthenticated",),',
        "}",
      ),
      "api/mixins.py": lines(
        "from rest_framework.permissions import IsAuthenticated",
        "class ApiAuthMixin:",
        "    permission_classes = (IsAuthenticated,)",
      ),
      "api/apis.py": lines(
        "from rest_framework.views import APIView",
        "from rest_framework.permissions import AllowAny",
        "from api.mixins import ApiAuthMixin",
        "class MeApi(ApiAuthMixin, APIView):",
        "    def get(self, request): ...",
        "class FilesApi(ApiAuthMixin, APIView):",
        "    def post(self, request): ...",
        "class ItemsApi(APIView):",
        "    def delete(self, request): ...",
        "class PingApi(APIView):",
        "    permission_classes = [AllowAny]",
        "    def post(self, request): ...",
      ),
      "pages/views.py": lines(
        "from django.contrib.auth.decorators import login_required",
        "from django.views.generic import View",
        "@login_required",
        "def dashboard(request): ...",
        "@login_required",
        "def settings_page(request): ...",
        "class Export(View):",
        "    def post(self, request): ...",
      ),
      "api/urls.py": lines(
        "from django.urls import path",
        "from django.contrib.auth.decorators import login_required",
        "from api.apis import MeApi, FilesApi, ItemsApi, PingApi",
        "from pages import views",
        "urlpatterns = [",
        '    path("me/", MeApi.as_view()),',
        '    path("files/", FilesApi.as_view()),',
        '    path("items/", ItemsApi.as_view()),',
        '    path("ping/", PingApi.as_view()),',
        '    path("", views.dashboard),',
        '    path("settings/", views.settings_page),',
        '    path("export/", login_required(views.Export.as_view())),',
        "]",
      ),
    });
    expect(findings.filter((f) => f.ruleId === ID)).toEqual([]);
    const status = Object.fromEntries(facts.python.djangoViews.map((v) => [v.handler, v.auth.status]));
    expect(status).toEqual({
      MeApi: "guarded",
      FilesApi: "guarded",
      ItemsApi: "guarded",
      PingApi: "public",
      dashboard: "guarded",
      settings_page: "guarded",
      Export: "guarded",
    });
  });

  it("stays silent on a public Django list view whose guarded siblings are only its create/edit/delete views", async () => {
    const findings = await findingsOf(ID, {
      "catalog/views.py": lines(
        "from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin",
        "from django.views.generic import CreateView, DeleteView, ListView, UpdateView",
        "class ProductList(ListView):",
        "    model = Product",
        "class ProductCreate(PermissionRequiredMixin, CreateView):",
        "    model = Product",
        "class ProductEdit(LoginRequiredMixin, UpdateView):",
        "    model = Product",
        "class ProductDelete(LoginRequiredMixin, DeleteView):",
        "    model = Product",
      ),
      "catalog/urls.py": lines(
        "from django.urls import path",
        "from . import views",
        "urlpatterns = [",
        '    path("products/", views.ProductList.as_view()),',
        '    path("products/add/", views.ProductCreate.as_view()),',
        '    path("products/<int:pk>/edit/", views.ProductEdit.as_view()),',
        '    path("products/<int:pk>/delete/", views.ProductDelete.as_view()),',
        "]",
      ),
    });
    expect(findings).toEqual([]);
  });

  it("stays silent on a DRF view that only returns what it cached under a fixed key (a release check)", async () => {
    const findings = await findingsOf(ID, {
      "core/views.py": lines(
        "import httpx",
        "from django.core.cache import cache",
        "from rest_framework.generics import GenericAPIView",
        "from rest_framework.permissions import IsAuthenticated",
        "from rest_framework.response import Response",
        "class NotesView(GenericAPIView):",
        "    permission_classes = (IsAuthenticated,)",
        "    def get(self, request, format=None):",
        "        return Response(Note.objects.filter(owner=request.user))",
        "class TagsView(GenericAPIView):",
        "    permission_classes = (IsAuthenticated,)",
        "    def get(self, request, format=None):",
        "        return Response(Tag.objects.filter(owner=request.user))",
        "class LatestReleaseView(GenericAPIView):",
        "    def get(self, request, format=None):",
        '        latest = cache.get("latest_release")',
        "        if latest is None:",
        '            latest = httpx.get("https://releases.example.org/latest").json()["tag"]',
        '            cache.set("latest_release", latest, 900)',
        '        return Response({"version": latest})',
      ),
      "core/urls.py": lines(
        "from django.urls import path",
        "from . import views",
        "urlpatterns = [",
        '    path("notes/", views.NotesView.as_view()),',
        '    path("tags/", views.TagsView.as_view()),',
        '    path("latest_release/", views.LatestReleaseView.as_view()),',
        "]",
      ),
    });
    expect(findings).toEqual([]);
  });

  it("stays silent on a Django view that answers 404 unless the caller owns the object or it is public", async () => {
    const findings = await findingsOf(ID, {
      "review/views.py": lines(
        "from django.contrib.auth.decorators import login_required",
        "from django.http import HttpResponseNotFound",
        "from django.shortcuts import get_object_or_404",
        "@login_required",
        "def bundle_list(request): ...",
        "@login_required",
        "def bundle_edit(request, pk): ...",
        "def bundle_detail(request, username, name):",
        "    bundle = get_object_or_404(Bundle, owner__username=username, name=name)",
        "    if not (request.user == bundle.owner or bundle.public):",
        "        return HttpResponseNotFound()",
        "    if request.method == 'POST':",
        "        bundle.delete()",
      ),
      "review/urls.py": lines(
        "from django.urls import path",
        "from . import views",
        "urlpatterns = [",
        '    path("bundles/", views.bundle_list),',
        '    path("bundles/<int:pk>/edit/", views.bundle_edit),',
        '    path("bundle/<username>/<name>/", views.bundle_detail),',
        "]",
      ),
    });
    expect(findings).toEqual([]);
  });

  it("stays silent on a first-run view that only works before any account exists, fires when the gate goes the other way", async () => {
    const views = (gate: string) =>
      lines(
        "from django.contrib.auth.decorators import login_required",
        "from django.shortcuts import redirect, render",
        "@login_required",
        "def dashboard(request): ...",
        "@login_required",
        "def settings_view(request): ...",
        "def welcome(request):",
        `    if ${gate}:`,
        "        return redirect('index')",
        "    form = FirstUserForm(request.POST or None)",
        "    if request.method == 'POST' and form.is_valid():",
        "        form.save()",
        "    return render(request, 'welcome.html', {'form': form})",
      );
    const urls = lines(
      "from django.urls import path",
      "from . import views",
      "urlpatterns = [",
      '    path("dashboard/", views.dashboard),',
      '    path("settings/", views.settings_view),',
      '    path("welcome/", views.welcome),',
      "]",
    );
    const gated = await findingsOf(ID, {
      "app/views.py": views("User.objects.filter(is_superuser=True).count() > 0"),
      "app/urls.py": urls,
    });
    expect(gated).toEqual([]);
    const inverted = await findingsOf(ID, {
      "app/views.py": views("not User.objects.exists()"),
      "app/urls.py": urls,
    });
    expect(inverted.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual(["app/views.py:7"]);
  });
});
