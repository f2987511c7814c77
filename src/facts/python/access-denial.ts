// Whether a Python function refuses a request by itself (abort(401/403), raising Unauthorized/Forbidden/
// PermissionDenied or a 401/403 HTTPException, redirecting to login …): how project dependencies, decorators,
// request hooks and mixins guard routes, and how handlers authorise inline.
import type { SgNode } from "@ast-grep/napi";
import { calleeOf, findKind, positionalArgs } from "./syntax.js";

// Flask-Login/JWT and Django calls that refuse an unauthenticated request.
const DENIAL_CALLS = new Set([
  "unauthorized",
  "verify_jwt_in_request",
  "login_required",
  "handle_no_permission",
  "redirect_to_login",
]);
/** `credentials_exception = HTTPException(status_code=401, …)` at module level, raised by name in functions. */
function isModuleDenial(fn: SgNode, name: string): boolean {
  return fn
    .getRoot()
    .root()
    .children()
    .some((statement) => {
      const assignment = statement.kind() === "expression_statement" ? statement.children()[0] : null;
      const right = assignment?.kind() === "assignment" ? assignment.field("right") : null;
      return (
        assignment?.field("left")?.text() === name &&
        right?.kind() === "call" &&
        DENIAL_STATUS.test(right.field("arguments")?.text() ?? "")
      );
    });
}

// A cheap text test before walking a function: words any denial needs.
const DENIAL_HINT =
  /40[13]|UNAUTHORI[SZ]ED|FORBIDDEN|Unauthori|Forbidden|PermissionDenied|NotAuthenticated|AuthenticationFailed|Unauthenticated|NotAuthorized|AccessDenied|unauthorized|verify_jwt_in_request|login_required|handle_no_permission|redirect_to_login|login|signin|sign_in|raise\s+[A-Za-z_][\w.]*\s*(?:$|from\b)|HttpResponseNotFound|Http404/m;
const DENIAL_STATUS = /\b40[13]\b|UNAUTHORI[SZ]ED|FORBIDDEN/;
const DENIAL_EXCEPTION =
  /(^|\.)(Unauthori[sz]ed|Forbidden|PermissionDenied|NotAuthenticated|AuthenticationFailed|Unauthenticated|NotAuthorized|AccessDenied)\w*$/;

/**
 * Whether the function refuses the request on its own: abort(401/403), raising Unauthorized/Forbidden/
 * PermissionDenied or building an HTTPException (any *Exception/*Error) with 401/403, redirecting to a login URL, `login_manager.unauthorized()`,
 * Django's `handle_no_permission()`/`redirect_to_login()`,
 * `verify_jwt_in_request()`, or returning a 401/403 status.
 */
export function deniesAccess(fn: SgNode): boolean {
  const text = fn.text();
  if (ACCOUNTS_EXIST.test(text) && isFirstRunGate(fn)) return true;
  if (!DENIAL_HINT.test(text)) return false;
  for (const call of findKind(fn, "call")) {
    const callee = calleeOf(call, new Map());
    const name = callee?.name ?? "";
    const first = positionalArgs(call)[0];
    if (name === "abort" && first && DENIAL_STATUS.test(first.text())) return true;
    if (DENIAL_CALLS.has(name) || LOGIN_REDIRECT_CALL.test(name)) return true;
    if (name === "redirect" && first && /login|signin|sign_in/i.test(first.text())) return true;
    // An exception or response built with 401/403 (`credentials_error = HTTPException(status_code=401)` raised
    // later, `JsonResponse(..., status=403)`), or Django's HttpResponseForbidden().
    if (/(Exception|Error|Response)$/.test(name) && DENIAL_STATUS.test(call.field("arguments")?.text() ?? ""))
      return true;
    if (/Forbidden|Unauthori[sz]ed/.test(name)) return true;
  }
  for (const statement of findKind(fn, "raise_statement")) {
    const raised = statement.children().find((c) => c.isNamed());
    if (!raised) continue;
    const type = raised.kind() === "call" ? raised.field("function") : raised;
    if (type && DENIAL_EXCEPTION.test(type.text())) return true;
    if (raised.kind() === "call" && DENIAL_STATUS.test(raised.field("arguments")?.text() ?? "")) return true;
    if (raised.kind() === "identifier" && isModuleDenial(fn, raised.text())) return true;
  }
  for (const statement of findKind(fn, "return_statement")) {
    const value = statement.children().find((c) => c.isNamed());
    const last =
      value?.kind() === "expression_list"
        ? value
            .children()
            .filter((c) => c.isNamed())
            .pop()
        : null;
    if (last && /^40[13]$/.test(last.text())) return true;
  }
  // `if not (request.user == bundle.owner or bundle.public): return HttpResponseNotFound()`: a refusal that hides
  // the object's existence (404) behind a check of who is asking.
  // Or the other way round: `if request.user.has_perm(...): return redirect(...)` then `raise Http404` after it.
  for (const branch of findKind(fn, "if_statement")) {
    const condition = branch.field("condition")?.text() ?? "";
    if (!WHO_IS_ASKING.test(condition)) continue;
    const consequence = branch.field("consequence")?.text() ?? "";
    if (NOT_FOUND_REFUSAL.test(consequence)) return true;
    const after = branch.next();
    if (
      !branch.field("alternative") &&
      /^\s*return\b/m.test(consequence) &&
      after &&
      NOT_FOUND_REFUSAL.test(after.text()) &&
      /^(raise_statement|return_statement|expression_statement)$/.test(String(after.kind()))
    )
      return true;
  }
  return false;
}

/**
 * A first-run setup view (it creates the first administrator): `if User.objects.filter(is_superuser=True).count() >
 * 0: return redirect("index")`. Once an account exists it sends everyone away; before, there is nobody to log in.
 */
function isFirstRunGate(fn: SgNode): boolean {
  for (const branch of findKind(fn, "if_statement")) {
    const condition = branch.field("condition")?.text() ?? "";
    // `if not User.objects.exists(): return redirect("setup")` is the other way round: any view may send a fresh
    // instance to its set-up page, and still serve the rest to anyone.
    if (!ACCOUNTS_EXIST.test(condition) || /\bnot\b|==\s*0\b|<\s*1\b/.test(condition)) continue;
    const consequence = branch.field("consequence")?.text() ?? "";
    if (/^\s*(return|raise)\b/m.test(consequence) || /\babort\(/.test(consequence)) return true;
  }
  return false;
}

/**
 * A condition that asks whether any account exists yet: a count or existence query on a user/admin model
 * (`User.objects.filter(is_superuser=True).count() > 0`, `User.query.first()`, `get_user_model().objects.exists()`).
 */
const ACCOUNTS_EXIST =
  /\b(?:[A-Z]\w*User|User|Admin\w*|Account|get_user_model\(\))\s*\.\s*(?:objects|query)\b[^:]*\.\s*(?:count|exists|first)\s*\(/;

/** Project helpers that send an anonymous request to the login page (`get_login_redirect(request)`). */
const LOGIN_REDIRECT_CALL = /(^|_)login_redirect$/;

const NOT_FOUND_REFUSAL = /HttpResponseNotFound\(|raise\s+Http404\b|abort\(\s*404\b/;
const WHO_IS_ASKING =
  /\b(?:request\.user|current_user|is_owner|owner|has_perm\w*|is_authenticated|is_staff|is_superuser)\b|\.public\b/;
