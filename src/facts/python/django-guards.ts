// Repository-wide resolution of Django/DRF view guards: each view named by a URL pattern or DRF router, with what
// guards it — a login_required(...) wrapper in urls.py, a login-required middleware, decorators, guarding mixins
// and bases (followed through project classes), the nearest permission_classes, or DRF's default permissions.
import type { PythonRouteFact } from "./index.js";
import type { AuthDefinition, AuthRef, PythonAuthFile, UrlView } from "./route-auth.js";
import {
  authBaseKind,
  csrfExemptEvidence,
  isCsrfExempt,
  type Located,
  type RouteAuth,
  type RouteGuards,
} from "./route-guards.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

type DjangoView = PythonRouteFact & { path: string };

// DRF view bases: permission_classes and DEFAULT_PERMISSION_CLASSES apply to these only.
const DRF_VIEW = /(APIView|ViewSet|ViewSetMixin)$/;

// Django and DRF generic views answer these methods without defining a handler method: a ListView serves
// reads only, an UpdateView also takes the form's POST. Names are matched on the base's last segment.
const READ_ONLY_GENERIC =
  /^(?:ListView|DetailView|TemplateView|RedirectView|ArchiveIndexView|YearArchiveView|MonthArchiveView|WeekArchiveView|DayArchiveView|TodayArchiveView|DateDetailView|ListAPIView|RetrieveAPIView|ReadOnlyModelViewSet)$/;
const FORM_GENERIC = /^(?:CreateView|UpdateView|FormView|DeleteView|ListCreateAPIView|CreateAPIView)$/;
const DESTROY_GENERIC =
  /^(?:DeleteView|DestroyAPIView|RetrieveDestroyAPIView|RetrieveUpdateDestroyAPIView|ModelViewSet)$/;
const UPDATE_GENERIC = /^(?:UpdateAPIView|RetrieveUpdateAPIView|RetrieveUpdateDestroyAPIView|ModelViewSet)$/;

/** The HTTP methods a Django/DRF generic view base answers by itself; empty for other bases. */
function genericViewMethods(name: string): string[] {
  const methods = new Set<string>();
  if (
    READ_ONLY_GENERIC.test(name) ||
    FORM_GENERIC.test(name) ||
    /^Retrieve/.test(name) ||
    name === "ModelViewSet"
  )
    methods.add("GET");
  if (FORM_GENERIC.test(name) || name === "ModelViewSet") methods.add("POST");
  if (UPDATE_GENERIC.test(name)) methods.add("PUT").add("PATCH");
  if (DESTROY_GENERIC.test(name)) methods.add(name === "DeleteView" ? "POST" : "DELETE");
  return [...methods];
}

/** What a view class and its ancestors declare, nearest first. */
interface ClassChain {
  /** The nearest permission_classes, with where it is set. */
  permission: { refs: AuthRef[]; where: string } | null;
  /** A guarding decorator, mixin or base, as evidence. */
  guard: string | null;
  drf: boolean;
  methods: Set<string>;
  /** The view class's own methods refuse requests (inline authorisation). */
  selfDenies: boolean;
}

/** Every Django/DRF view named by a URL pattern or router registration, once, with its auth. */
export function djangoViewsOf(
  guards: RouteGuards,
  files: ReadonlyArray<{ path: string; auth: PythonAuthFile }>,
): DjangoView[] {
  // Settings split per environment may disagree: a guarding default anywhere wins over an open one.
  const defaults =
    files.find(
      (f) => f.auth.drfDefaultPermissions && permissionKind(f.auth.drfDefaultPermissions.refs) === "guard",
    ) ?? files.find((f) => f.auth.drfDefaultPermissions);
  const middleware = files.find((f) => f.auth.loginMiddleware);
  const refusingMiddleware = refusingMiddlewareOf(files);
  const context: Context = {
    guards,
    defaultPermission: defaults?.auth.drfDefaultPermissions
      ? {
          refs: defaults.auth.drfDefaultPermissions.refs,
          where: `${defaults.path}:${defaults.auth.drfDefaultPermissions.line}`,
        }
      : null,
    middleware: middleware?.auth.loginMiddleware
      ? `${middleware.auth.loginMiddleware.name} in MIDDLEWARE (${middleware.path}:${middleware.auth.loginMiddleware.line})`
      : null,
    refusingMiddleware,
  };
  const views: DjangoView[] = [];
  const seen = new Set<string>();
  for (const { path, auth } of files) {
    for (const urlView of auth.urlViews) {
      const definition = guards.definition(urlView.view);
      if (!definition || (definition.value.kind !== "class" && definition.value.kind !== "provider"))
        continue;
      const key = `${definition.path}:${definition.value.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const { auth: viewAuth, methods } = viewAuthOf(definition, urlView, path, context);
      views.push({
        method: "VIEW",
        urlPath: urlView.urlPath,
        handler: definition.value.name,
        line: definition.value.line,
        dataAccess: [],
        touchesState: definition.value.touchesState ?? true,
        httpMethods: methods,
        router: definition.module,
        auth: viewAuth,
        path: definition.path,
      });
    }
  }
  return views.sort((a, b) => compareCodeUnits(a.path, b.path) || a.line - b.line);
}

interface Context {
  guards: RouteGuards;
  defaultPermission: { refs: AuthRef[]; where: string } | null;
  middleware: string | null;
  /** A project middleware in MIDDLEWARE that refuses or redirects some requests to login, as evidence. */
  refusingMiddleware: string | null;
}

/**
 * A middleware of the project's own, listed in MIDDLEWARE, whose methods refuse requests or send them to the login
 * page (`if request.user.is_anonymous and …: return get_login_redirect(request)`). Its conditions decide which
 * views it covers, which is not read here: a view with no guard of its own is then "optional", not unguarded.
 */
function refusingMiddlewareOf(files: ReadonlyArray<{ path: string; auth: PythonAuthFile }>): string | null {
  const refusing = new Map<string, string>();
  for (const { path, auth } of files)
    for (const definition of auth.definitions)
      if (definition.kind === "class" && definition.denies)
        refusing.set(definition.name, `${path}:${definition.line}`);
  for (const { path, auth } of files)
    for (const entry of auth.middleware ?? []) {
      const where = refusing.get(entry.name.split(".").pop() ?? "");
      if (where)
        return `${entry.name} in MIDDLEWARE (${path}:${entry.line}) refuses or redirects requests to login (${where}); its conditions decide which views it covers`;
    }
  return null;
}

function viewAuthOf(
  definition: Located<AuthDefinition>,
  urlView: UrlView,
  urlsPath: string,
  context: Context,
): { auth: RouteAuth; methods: string[] } {
  const value = definition.value;
  const chain: ClassChain =
    value.kind === "class"
      ? classChainOf(definition, context.guards)
      : {
          permission: value.permissionClasses
            ? { refs: value.permissionClasses, where: `${definition.path}:${value.line}` }
            : null,
          guard: guardingRef(value.refs, context.guards),
          drf: value.drf ?? false,
          methods: new Set(value.methods ?? []),
          selfDenies: value.denies,
        };
  const methods = [...chain.methods].sort();
  const wrapper = urlView.wrappers.find((w) => context.guards.refKind(w).kind === "guard");
  const guarded = (evidence: string): { auth: RouteAuth; methods: string[] } => ({
    auth: { status: "guarded", evidence },
    methods,
  });
  if (wrapper) return guarded(`\`${wrapper.written}\` in ${urlsPath}:${urlView.line}`);
  if (context.middleware) return guarded(context.middleware);
  if (chain.guard) return guarded(chain.guard);
  const permission = chain.permission ?? (chain.drf ? context.defaultPermission : null);
  const kind = permission ? permissionKind(permission.refs) : null;
  const written = permission?.refs.map((r) => r.written).join(", ") ?? "";
  const where = chain.permission ? "permission_classes" : "DEFAULT_PERMISSION_CLASSES";
  if (kind === "guard") return guarded(`${where} ${written} (${permission?.where})`);
  if (kind === "public")
    return { auth: { status: "public", evidence: `${where} [${written}] (${permission?.where})` }, methods };
  if (kind === "optional")
    return { auth: { status: "optional", evidence: `${where} ${written} (${permission?.where})` }, methods };
  const exempt = value.refs.find(isCsrfExempt);
  if (exempt) return { auth: { status: "public", evidence: csrfExemptEvidence(exempt) }, methods };
  if (chain.selfDenies)
    return {
      auth: { status: "optional", evidence: "the view refuses requests itself (PermissionDenied, 401/403)" },
      methods,
    };
  if (context.refusingMiddleware)
    return { auth: { status: "optional", evidence: context.refusingMiddleware }, methods };
  return { auth: { status: "none", evidence: null }, methods };
}

/** The first decorator/attribute ref that guards, as evidence. */
function guardingRef(refs: readonly AuthRef[], guards: RouteGuards): string | null {
  const guard = refs.find((ref) => ref.via !== "class" && guards.refKind(ref).kind === "guard");
  return guard ? `\`${guard.written}\`` : null;
}

/** Walks a view class and its bases depth-first, left to right (Python's MRO for the usual mixin layouts). */
function classChainOf(view: Located<AuthDefinition>, guards: RouteGuards): ClassChain {
  const chain: ClassChain = {
    permission: null,
    guard: null,
    drf: false,
    methods: new Set(),
    selfDenies: view.value.denies,
  };
  const visited = new Set<string>();
  const visit = (definition: Located<AuthDefinition>, isView: boolean): void => {
    const key = `${definition.path}:${definition.value.name}`;
    if (visited.has(key)) return;
    visited.add(key);
    const value = definition.value;
    const where = `${definition.path}:${value.line}`;
    if (value.permissionClasses && !chain.permission)
      chain.permission = { refs: value.permissionClasses, where };
    for (const method of value.methods ?? []) chain.methods.add(method);
    chain.guard ??= guardingRef(value.refs, guards);
    if (!isView && value.denies) chain.guard ??= `base ${value.name} refuses requests (${where})`;
    for (const base of value.refs.filter((r) => r.via === "class")) {
      const name = base.target.split(".").pop() ?? "";
      const project = guards.definition(base.target);
      if (project?.value.kind === "class") {
        visit(project, false);
        if (!chain.guard && authBaseKind(project.value.name) === "guard" && !project.value.permissionClasses)
          chain.guard = `\`${project.value.name}\` (${project.path}:${project.value.line})`;
        continue;
      }
      if (DRF_VIEW.test(name)) chain.drf = true;
      for (const method of genericViewMethods(name)) chain.methods.add(method);
      if (!chain.guard && authBaseKind(name) === "guard") chain.guard = `\`${base.written}\``;
    }
  };
  visit(view, true);
  return chain;
}

/**
 * What a permission_classes list means: empty or only AllowAny is public, only *ReadOnly classes (reads open to
 * everyone) optional, anything else restricts access.
 */
function permissionKind(refs: readonly AuthRef[]): "guard" | "optional" | "public" {
  const names = refs.map((r) => r.target.split(".").pop() ?? "");
  if (names.every((n) => n === "AllowAny")) return "public";
  if (names.every((n) => n === "AllowAny" || /ReadOnly$/.test(n))) return "optional";
  return "guard";
}
