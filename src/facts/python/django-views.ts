// What one Python file says about guarding Django and DRF views: URL patterns and router registrations that name
// views (with login_required(...) wrappers), view functions' decorators, view classes' permission_classes and
// HTTP methods, and the DRF default permissions / login middleware of settings files.
import type { SgNode } from "@ast-grep/napi";
import { deniesAccess } from "./access-denial.js";
import { touchesState } from "./handler-state.js";
import {
  decoratorRefs,
  isDottedName,
  parameterRefs,
  type AuthDefinition,
  type AuthRef,
  type NameResolver,
  type PythonAuthFile,
  type UrlView,
} from "./route-auth.js";
import { findKind, line, positionalArgs, stringValue } from "./syntax.js";

const HTTP_METHOD_NAMES = new Set(["get", "post", "put", "patch", "delete", "head", "options"]);
const URL_FUNCTIONS = new Set(["path", "re_path", "url"]);
// Decorators that say which methods a function view answers.
const METHOD_DECORATORS: Record<string, string[]> = {
  require_GET: ["GET"],
  require_POST: ["POST"],
  require_safe: ["GET", "HEAD"],
};

/** Adds a file's Django views, URL patterns and settings to its auth facts. */
export function addDjangoFacts(tree: SgNode, names: NameResolver, facts: PythonAuthFile): void {
  for (const statement of tree.children()) {
    const node = statement.kind() === "decorated_definition" ? statement.field("definition") : statement;
    const decorated = statement.kind() === "decorated_definition" ? statement : null;
    if (node?.kind() === "function_definition" && firstParameter(node) === "request")
      addFunctionView(node, decorated, names, facts);
    if (node?.kind() === "class_definition") enrichClass(node, decorated, names, facts);
    if (node?.kind() === "expression_statement") settingsOf(node, names, facts);
  }
  // URL modules only: a text test spares walking every call of models and forms.
  for (const call of /urlpatterns|\.register\(/.test(tree.text()) ? findKind(tree, "call") : []) {
    const view = urlViewOf(call, names);
    if (view) facts.urlViews.push(view);
  }
}

/** A function view without a method decorator answers GET, and POST when it reads request.POST/request.method. */
function functionViewMethods(fn: SgNode): string[] {
  return /request\.(POST|method)\b/.test(fn.text()) ? ["GET", "POST"] : ["GET"];
}

function firstParameter(fn: SgNode): string | undefined {
  const first = fn
    .field("parameters")
    ?.children()
    .find((c) => c.isNamed());
  return (
    first?.kind() === "identifier" ? first : first?.children().find((c) => c.kind() === "identifier")
  )?.text();
}

/** Decorators of a view, with DRF's @permission_classes/@api_view and method restrictions read apart. */
function viewDecoratorsOf(
  decorated: SgNode | null,
  names: NameResolver,
): Pick<AuthDefinition, "refs" | "permissionClasses" | "methods" | "drf"> {
  const result: Pick<AuthDefinition, "refs" | "permissionClasses" | "methods" | "drf"> = { refs: [] };
  for (const ref of decoratorRefs(decorated, names)) {
    const name = ref.target.split(".").pop() ?? "";
    const decorator = decorated
      ?.children()
      .find((c) => c.kind() === "decorator" && c.range().start.line + 1 === ref.line)
      ?.children()
      .find((c) => c.isNamed());
    const argument = decorator?.kind() === "call" ? positionalArgs(decorator)[0] : undefined;
    if (name === "permission_classes") result.permissionClasses = argument ? classList(argument, names) : [];
    else if (name === "api_view") {
      result.drf = true;
      result.methods = argument ? stringsOf(argument) : ["GET"];
    } else if (name === "require_http_methods") result.methods = argument ? stringsOf(argument) : [];
    else if (METHOD_DECORATORS[name]) result.methods = METHOD_DECORATORS[name];
    else if (name === "method_decorator" && decorator?.kind() === "call")
      result.refs.push(...methodDecorated(decorator, names));
    else result.refs.push(ref);
  }
  return result;
}

/** `@method_decorator(login_required, name="dispatch")` / `@method_decorator([a, b])` → refs to what it applies. */
function methodDecorated(call: SgNode, names: NameResolver): AuthRef[] {
  const first = positionalArgs(call)[0];
  const items =
    first?.kind() === "list" || first?.kind() === "tuple"
      ? first.children().filter((c) => c.isNamed())
      : first
        ? [first]
        : [];
  return items.flatMap((item) => {
    const named = item.kind() === "call" ? item.field("function") : item;
    return named && isDottedName(named)
      ? [
          {
            written: `@method_decorator(${item.text()})`,
            target: names.resolve(named.text()),
            via: "decorator" as const,
            optional: false,
            line: line(item),
          },
        ]
      : [];
  });
}

function addFunctionView(
  fn: SgNode,
  decorated: SgNode | null,
  names: NameResolver,
  facts: PythonAuthFile,
): void {
  const view = viewDecoratorsOf(decorated, names);
  const name = fn.field("name")?.text() ?? "?";
  const existing = facts.definitions.find((d) => d.name === name && d.kind === "provider");
  const definition: AuthDefinition = existing ?? {
    name,
    line: line(fn),
    kind: "provider",
    refs: parameterRefs(fn, names),
    optional: false,
    denies: deniesAccess(fn),
  };
  definition.refs.push(...view.refs);
  definition.touchesState = touchesState(fn);
  definition.methods = view.methods ?? functionViewMethods(fn);
  if (view.permissionClasses) definition.permissionClasses = view.permissionClasses;
  if (view.drf) definition.drf = true;
  if (!existing) facts.definitions.push(definition);
}

/**
 * A class's `permission_classes`, class decorators, HTTP method handlers and whether a method refuses requests
 * (dispatch/has_permission raising PermissionDenied …), added to its class definition (created when missing).
 */
function enrichClass(
  cls: SgNode,
  decorated: SgNode | null,
  names: NameResolver,
  facts: PythonAuthFile,
): void {
  const name = cls.field("name")?.text() ?? "?";
  const body = cls.field("body")?.children() ?? [];
  let permissionClasses: AuthRef[] | undefined;
  const methods: string[] = [];
  let denies = false;
  for (const statement of body) {
    const assignment = statement.kind() === "expression_statement" ? statement.children()[0] : null;
    if (assignment?.kind() === "assignment" && assignment.field("left")?.text() === "permission_classes") {
      const value = assignment.field("right");
      permissionClasses = value ? classList(value, names) : [];
    }
    const fn = statement.kind() === "decorated_definition" ? statement.field("definition") : statement;
    if (fn?.kind() !== "function_definition") continue;
    const method = fn.field("name")?.text() ?? "";
    if (HTTP_METHOD_NAMES.has(method)) methods.push(method.toUpperCase());
    if (deniesAccess(fn)) denies = true;
  }
  const classDecorators = viewDecoratorsOf(decorated, names).refs;
  let definition = facts.definitions.find((d) => d.name === name && d.kind === "class");
  if (!definition && !permissionClasses && methods.length === 0 && !denies && classDecorators.length === 0)
    return;
  if (!definition) {
    definition = { name, line: line(cls), kind: "class", refs: [], optional: false, denies: false };
    facts.definitions.push(definition);
  }
  definition.refs.push(...classDecorators);
  definition.denies = denies;
  definition.touchesState = touchesState(cls);
  if (permissionClasses) definition.permissionClasses = permissionClasses;
  if (methods.length > 0) definition.methods = methods;
}

/** `[IsAuthenticated, "app.perms.IsOwner"]` → refs (dotted strings are taken as written). */
function classList(node: SgNode, names: NameResolver): AuthRef[] {
  const items =
    node.kind() === "list" || node.kind() === "tuple" ? node.children().filter((c) => c.isNamed()) : [node];
  return items.flatMap((item) => {
    const literal = stringValue(item);
    const named = item.kind() === "call" ? item.field("function") : item;
    const target = literal ?? (named && isDottedName(named) ? names.resolve(named.text()) : null);
    return target
      ? [{ written: item.text(), target, via: "class" as const, optional: false, line: line(item) }]
      : [];
  });
}

function stringsOf(node: SgNode): string[] {
  return findKind(node, "string")
    .map((s) => stringValue(s)?.toUpperCase() ?? "")
    .filter(Boolean);
}

/** REST_FRAMEWORK's DEFAULT_PERMISSION_CLASSES and a login-required MIDDLEWARE entry in a settings module. */
function settingsOf(statement: SgNode, names: NameResolver, facts: PythonAuthFile): void {
  const assignment = statement.children()[0];
  if (assignment?.kind() !== "assignment") return;
  const left = assignment.field("left")?.text();
  const right = assignment.field("right");
  if (!right) return;
  if (left === "REST_FRAMEWORK" && right.kind() === "dictionary") {
    for (const pair of right.children().filter((c) => c.kind() === "pair")) {
      const key = pair.field("key");
      const value = pair.field("value");
      if (key && value && stringValue(key) === "DEFAULT_PERMISSION_CLASSES")
        facts.drfDefaultPermissions = { refs: classList(value, names), line: line(pair) };
    }
  }
  if (left === "MIDDLEWARE") {
    const entries = findKind(right, "string");
    const middleware = entries.find((s) => /LoginRequired/i.test(stringValue(s) ?? ""));
    if (middleware) facts.loginMiddleware = { name: stringValue(middleware) ?? "", line: line(middleware) };
    facts.middleware = entries
      .map((s) => ({ name: stringValue(s) ?? "", line: line(s) }))
      .filter((entry) => entry.name !== "");
  }
}

/**
 * `path("login/", LoginView.as_view())`, `re_path(r"^x/$", login_required(views.x))` and DRF
 * `router.register("users", UserViewSet)`: the view they name, with the calls wrapped around it.
 */
function urlViewOf(call: SgNode, names: NameResolver): UrlView | null {
  const fn = call.field("function");
  const args = positionalArgs(call);
  const [first, second] = args;
  if (!fn || !first || !second) return null;
  const callee = fn.text().split(".").pop() ?? "";
  const isPattern =
    URL_FUNCTIONS.has(callee) && (fn.kind() === "identifier" || /^(django\.urls|urls)\./.test(fn.text()));
  const isRegistration =
    callee === "register" && fn.kind() === "attribute" && /router$/i.test(fn.field("object")?.text() ?? "");
  if (!isPattern && !isRegistration) return null;
  const wrappers: AuthRef[] = [];
  let view: SgNode | undefined = second;
  while (view?.kind() === "call") {
    const inner = view.field("function");
    if (!inner) return null;
    if (inner.kind() === "attribute" && inner.field("attribute")?.text() === "as_view") {
      view = inner.field("object") ?? undefined;
      break;
    }
    // permission_required("x")(View.as_view()): the wrapper is the inner call's function.
    const wrapper = inner.kind() === "call" ? inner.field("function") : inner;
    if (!wrapper || !isDottedName(wrapper) || wrapper.text().split(".").pop() === "include") return null;
    wrappers.push({
      written: `${inner.text()}(…)`,
      target: names.resolve(wrapper.text()),
      via: "decorator",
      optional: false,
      line: line(view),
    });
    view = positionalArgs(view)[0];
  }
  if (!view || !isDottedName(view)) return null;
  return { urlPath: stringValue(first), view: names.resolve(view.text()), wrappers, line: line(call) };
}

/** Whether the file can hold Django views, URL patterns or settings. */
export const DJANGO_CODE = /\b(django|rest_framework|urlpatterns|REST_FRAMEWORK|MIDDLEWARE)\b/;
