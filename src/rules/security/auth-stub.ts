// security/auth-stub: a security check that always passes — an authorisation, permission, token, signature or
// rate-limit function whose whole body is a constant that allows (`true`, `:ok`, `pass`, `return nil`).
import { functionMetricsAnalyzer, type FunctionMetric } from "../../facts/code-metrics/function-metrics.js";
import { todoCommentsAnalyzer } from "../../facts/todos/todo-comments.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { interfaceClassOf } from "../shared/interface-class.js";
import { defineRule, type FileRuleContext } from "../define-rule.js";

/** Names that answer a yes/no security question: only a constant "yes" is a stub. */
const PREDICATE =
  /^(is_)?(authori[sz]ed|authenticated|allowed|permitted|admin|superuser)$|^(can|may)(_(access|view|see|read|edit|update|modify|write|delete|destroy|remove|manage|administer|admin|create|publish|approve|invite|moderate|impersonate|perform|do|refund|pay|transfer|export|download|upload)(_[a-z0-9]+)*)?$|^has_(access|permissions?|perms?|roles?|scopes?|privileges?)(_[a-z0-9]+)*$|^(is_)?valid_(token|signature|password|api_key|session|jwt|hmac|otp|totp|csrf(_token)?)$|^(token|signature|password|hmac)_(is_)?valid$|^(authori[sz]ed|allowed|permitted)_(to|for)(_[a-z0-9]+)*$/;
/** Names that enforce a check by failing (raise, return an error): a body that never fails is a stub. */
const IMPERATIVE =
  /^(check|verify|validate|enforce|require|ensure|assert)_([a-z0-9]+_)*(auth[a-z]*|access|permissions?|perms?|roles?|scopes?|tokens?|signatures?|jwt|passwords?|credentials?|csrf|origin|hmac|webhook|api_key|rate_limit|admin|login|session|otp|totp|captcha)$|^authori[sz]e(_[a-z0-9]+)*$|^rate_limit(_[a-z0-9]+)*$|^throttle(_[a-z0-9]+)*$/;
/**
 * Hooks a framework calls with the outcome of a check it made itself (Django REST framework's
 * `throttle_success`/`throttle_failure`): what they return reports, it does not decide.
 */
const OUTCOME_HOOK = /_(success|succeeded|failure|failed|exceeded)$/;
/**
 * A user object's own state (`is_authenticated(self)` of a Flask-Login or Django user class): a loaded user is
 * authenticated by definition; the check is the login that produced the object.
 */
const USER_STATE = /^(is_)?authenticated$/;
/**
 * Access to a network, host or server is reachability (can the installer reach its download server?), not an
 * access decision about a user.
 */
const REACHABILITY =
  /(^|_)(network|internet|connectivity|online|remote|server|host|port|dns|download|upstream)_access$/;
/** Crypto that returns a constant encrypts, hashes or signs nothing. */
const CRYPTO = /^(encrypt|decrypt|hash_password|hash_secret|sign|sign_[a-z0-9_]+|hmac|digest)$/;

const TRUTHY = /^(return\s+)?(true|True|:ok|\{:ok,[^{}]*\}|\{:ok\})\s*;?$/;
const NEVER_FAILS =
  /^(return\s*(None|nil|null|undefined)?|pass|:ok|\{:ok,[^{}]*\}|nil|None|(return\s+)?(true|True)|(return\s+)?next\(\))\s*;?$/;
const CONSTANT = /^(return\s+)?(""|''|nil|None|null|0|:ok|true|True)\s*;?$/;

/**
 * Words of class, module and receiver names that allow on purpose (AllowAny, a dev bypass, a test double, a base, a
 * mixin whose answer is the default the classes combining it override).
 */
const ALLOW_ON_PURPOSE = new Set([
  "allow",
  "public",
  "anonymous",
  "anon",
  "noauth",
  "noop",
  "nop",
  "null",
  "nil",
  "dummy",
  "fake",
  "mock",
  "stub",
  "test",
  "dev",
  "insecure",
  "permissive",
  "unrestricted",
  "default",
  "base",
  "abstract",
  "mixin",
  "interface",
  "protocol",
  "disabled",
]);

/** `noopVerifier` → noop, verifier; `Shop.Dev.Auth` → shop, dev, auth. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

function allowsByName(name: string): boolean {
  return nameWords(name).some((word) => ALLOW_ON_PURPOSE.has(word));
}

export default defineRule({
  id: "security/auth-stub",
  area: "security",
  severity: "high",
  title: "Security check that always passes",
  effortMinutes: 120,
  confidence: "heuristic",
  languages: ["python", "elixir", "go", "typescript", "tsx", "javascript", "ruby"],
  prefilter:
    /auth|permi|allow|access|token|signature|verify|validate|check|rate|throttle|admin|can|may|encrypt|decrypt|sign|hmac|digest/i,
  docs: {
    rationale:
      "A function whose name says it authorises, verifies a token or signature, or rate-limits, but whose body only returns `true`/`:ok` (or never fails), lets every caller through while the code reads as protected.",
    impact:
      "Every request passes the check: unauthorised users act as authorised ones, forged tokens and signatures are accepted, limits never apply.",
    fix: "Implement the check (deny by default, allow on the specific condition), or remove the function and its callers so nothing relies on a check that does not exist.",
    example: {
      language: "elixir",
      bad: "def authorized?(_user, _action) do\n  # TODO: real permission check\n  true\nend",
      good: "def authorized?(%User{role: :admin}, _action), do: true\ndef authorized?(%User{id: id}, {:edit, %Post{author_id: id}}), do: true\ndef authorized?(_user, _action), do: false",
    },
    examples: [
      {
        language: "python",
        bad: "def has_permission(user, action):\n    # TODO: check roles\n    return True",
        good: "def has_permission(user, action):\n    return action in ROLE_PERMISSIONS.get(user.role, set())",
      },
      {
        language: "go",
        bad: "func (v *Verifier) VerifySignature(body []byte, sig string) error {\n\t// TODO: check HMAC\n\treturn nil\n}",
        good: "func (v *Verifier) VerifySignature(body []byte, sig string) error {\n\tmac := hmac.New(sha256.New, v.secret)\n\tmac.Write(body)\n\tif !hmac.Equal(mac.Sum(nil), []byte(sig)) {\n\t\treturn ErrBadSignature\n\t}\n\treturn nil\n}",
      },
      {
        language: "typescript",
        bad: "export function canEdit(user: User, post: Post): boolean {\n  return true; // TODO\n}",
        good: "export function canEdit(user: User, post: Post): boolean {\n  return user.role === 'admin' || post.authorId === user.id;\n}",
      },
    ],
  },
  notes: [
    "Predicates (`authorized?`, `can?`, `can_edit`, `has_permission`, `is_valid_token`; `can_`/`may_` only with an access verb: view, edit, delete, manage, create, publish, approve …) are stubs when their body is only a truthy constant; enforcing functions (`check_permission`, `verify_signature`, `authorize`, `rate_limit`) when their body can never fail (`pass`, `return nil`, `:ok`, `next()`); crypto functions (`encrypt`, `sign`, `hash_password`) when they return a constant.",
    "High and certain when a TODO/FIXME stands in the function or just above it; medium and heuristic otherwise.",
    "Not reported for reachability checks (`CheckNetworkAccess`, `check_server_access`: can a network or host be reached), which decide nothing about a caller.",
    "Not reported for a user object's own state (`def is_authenticated(self): return True` in a Flask-Login or Django user class: a loaded user is authenticated, the check is the login that produced it) nor for hooks that receive the outcome of a check the framework made (`throttle_success`, `…_failure`, `…_exceeded`).",
    "Not reported in classes, modules or receivers that allow on purpose (AllowAny, Public, Anonymous, NoAuth, Noop, Dummy, Fake, Mock, Stub, Test, Dev, Default, Base, Abstract, Mixin: a default the combining classes override, Django ModelAdmin), under abstract methods, in Python interface classes (`class IPlugin(Interface)`, `Protocol`, `ABC`: defaults the implementing plugins override), nor in tests and examples.",
  ],
  checkFile(ctx) {
    if (isExamplePath(ctx.path)) return;
    const metrics = ctx.fileFact(functionMetricsAnalyzer);
    if (!metrics) return;
    const todos = ctx.fileFact(todoCommentsAnalyzer) ?? [];
    const clauses = new Map<string, number>();
    for (const fn of metrics.functions) clauses.set(fn.name, (clauses.get(fn.name) ?? 0) + 1);
    for (const fn of metrics.functions) {
      // Several Elixir clauses of one function decide by pattern; one clause that matches a pattern decides too.
      if (ctx.language === "elixir" && ((clauses.get(fn.name) ?? 0) > 1 || decidesInHead(ctx, fn))) continue;
      const name = snakeName(fn.name);
      if (OUTCOME_HOOK.test(name) || REACHABILITY.test(name)) continue;
      if (USER_STATE.test(name) && answersForItself(ctx, fn)) continue;
      const kind = PREDICATE.test(name)
        ? TRUTHY
        : IMPERATIVE.test(name)
          ? NEVER_FAILS
          : CRYPTO.test(name)
            ? CONSTANT
            : null;
      if (!kind) continue;
      const body = bodyOf(ctx, fn);
      if (body === null || !kind.test(body)) continue;
      if (allowsOnPurpose(ctx, fn)) continue;
      const marked = todos.some((todo) => todo.line >= fn.startLine - 2 && todo.line <= fn.endLine);
      report(ctx, fn, body, marked);
    }
  },
});

function report(ctx: FileRuleContext, fn: FunctionMetric, body: string, marked: boolean): void {
  ctx.report({
    line: fn.startLine,
    endLine: fn.endLine,
    message: `${fn.name} only ${/^(pass|return\s*$|return\s+(None|nil|null|undefined))/.test(body) ? "returns without checking anything" : `returns \`${body.replace(/^return\s+/, "").replace(/;$/, "")}\``}${marked ? ", beside a TODO" : ""}: every caller is let through`,
    key: `auth-stub:${fn.name}`,
    severity: marked ? "high" : "medium",
    confidence: marked ? "certain" : "heuristic",
  });
}

/** An Elixir head that pattern-matches (`%User{admin: true}`, `{:edit, post}`, a literal, a guard) decides by itself. */
function decidesInHead(ctx: FileRuleContext, fn: FunctionMetric): boolean {
  const head = /\bdefp?\s+[\w?!]+\s*\((.*?)\)\s*(when\b|,\s*do:|do\b)/.exec(
    ctx.lines[fn.startLine - 1] ?? "",
  );
  if (!head) return false;
  return (head[2] ?? "").startsWith("when") || /[%{[:"'=<]|\b\d/.test(head[1] ?? "");
}

/** A method whose only parameter is the object itself (`def is_authenticated(self)`, a property). */
function answersForItself(ctx: FileRuleContext, fn: FunctionMetric): boolean {
  return /\bdef\s+\w+\s*\(\s*self\s*\)/.test(ctx.lines[fn.startLine - 1] ?? "");
}

/** `authorizedFor` → `authorized_for`; `admin?` → `admin`. */
function snakeName(name: string): string {
  return name
    .replace(/[?!]$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** The function's body as one statement, or null when it holds more than one (comments and docstrings dropped). */
function bodyOf(ctx: FileRuleContext, fn: FunctionMetric): string | null {
  const lines = ctx.lines.slice(fn.startLine - 1, fn.endLine);
  const first = lines[0] ?? "";
  // One-liners: `def a?(_), do: true`, `def a(self): return True`, `const a = () => true`, `func A() error { return nil }`.
  if (lines.length === 1) {
    const elixir = /,\s*do:\s*(.+?)\s*$/.exec(first);
    if (elixir) return elixir[1] ?? null;
    const python = /^\s*(?:async\s+)?def\s+\w+\s*\(.*\)\s*(?:->\s*[^:]+)?:\s*(.+?)\s*$/.exec(first);
    if (python) return python[1] ?? null;
    const arrow = /=>\s*([^{].*?)\s*;?\s*$/.exec(first);
    if (arrow) return arrow[1] ?? null;
    const braced = /\{\s*(.+?)\s*;?\s*\}\s*;?\s*$/.exec(first);
    return braced ? (braced[1] ?? null) : null;
  }
  const code = lines
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line && !/^(#|\/\/|\/\*|\*|--|@doc|@spec)/.test(line));
  // Drop a Python docstring and a closing `}` or `end`.
  const withoutDocstring = dropDocstring(code);
  const closing = withoutDocstring[withoutDocstring.length - 1];
  const inner =
    closing === "}" || closing === "end" || closing === "};"
      ? withoutDocstring.slice(0, -1)
      : withoutDocstring;
  const signatureOpen = /(\{|\bdo|:)\s*$/.test(first.replace(/\s*(#|\/\/).*$/, ""));
  if (!signatureOpen || inner.length !== 1) return null;
  return (inner[0] ?? "").replace(/\s*(#|\/\/).*$/, "");
}

function dropDocstring(lines: string[]): string[] {
  const first = lines[0] ?? "";
  const quote = /^("""|''')/.exec(first)?.[1];
  if (!quote) return lines;
  if (first.length > 3 && first.endsWith(quote)) return lines.slice(1);
  const end = lines.findIndex((line, i) => i > 0 && line.includes(quote));
  return end < 0 ? lines : lines.slice(end + 1);
}

/** The enclosing class, module or Go receiver says the function allows on purpose, or it is abstract. */
function allowsOnPurpose(ctx: FileRuleContext, fn: FunctionMetric): boolean {
  const signature = ctx.lines[fn.startLine - 1] ?? "";
  const receiver = /^\s*func\s*\(\s*(?:\w+\s+)?\*?\s*(\w+)\s*\)/.exec(signature)?.[1];
  if (receiver && allowsByName(receiver)) return true;
  const above = ctx.lines.slice(Math.max(0, fn.startLine - 3), fn.startLine - 1).join("\n");
  if (/@(abc\.)?abstractmethod|@overload/.test(above)) return true;
  // A default method of an interface class (`class IDataPusher(Interface):`): plugins implementing it override it.
  if (ctx.language === "python" && interfaceClassOf(ctx.lines, fn.startLine)) return true;
  const indent = /^\s*/.exec(signature)?.[0].length ?? 0;
  for (let i = fn.startLine - 2; i >= 0; i--) {
    const line = ctx.lines[i] ?? "";
    const owner =
      /^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?(class|defmodule|module|interface)\s+([\w.:]+)(.*)$/.exec(
        line,
      );
    // The owner's own name decides (`class IsOwner(BasePermission)` is a real check); a Django admin is staff-only.
    if (owner && (/^\s*/.exec(line)?.[0].length ?? 0) < indent)
      return allowsByName(owner[2] ?? "") || /\badmin\.\w*Admin\b|\bModelAdmin\b/.test(owner[3] ?? "");
  }
  return false;
}
