// elixir/scope-without-auth: a Phoenix route reachable without the authentication the router gives its siblings —
// a state-changing action of a controller/LiveView that is guarded elsewhere, or an admin tool or admin/dashboard
// scope mounted outside any auth pipeline and outside dev-only blocks.
import {
  identifierWords,
  type AuthGuard,
  type AuthRouteFacts,
  type AuthRouterFacts,
} from "../../facts/elixir/auth.js";
import type { PlugModuleFacts } from "../../facts/elixir/plugs.js";
import { TOOL_MACROS } from "../../facts/elixir/router.js";
import type { RepoFacts } from "../../facts/repo-facts.js";
import { defineRule, type Applicability, type ReportInput } from "../define-rule.js";

const STATE_CHANGING = /^(post|put|patch|delete|live|match :\*|match :(post|put|patch|delete))$/;
/** Plugs that serve an operator tool when `forward`ed to: job UIs, admin panels, dashboards, sent-mail previews. */
const TOOL_PLUGS =
  /(^|\.)(Oban\.?Web|ObanWeb|Kaffy|ExAdmin|Torch|LiveDashboard|Exq\.?UI|ExqUI|ErrorTracker|Flames|Backpex)(\.|$)|(^|\.)\w*(Admin|Dashboard)(Router|Web|Plug)?$|MailboxPreview|SentEmailViewerPlug/;
const ADMIN_SEGMENT = /^(admin|dashboard)$/i;
/**
 * Words of a module, path or action that is public by design: signing in and out, registration, password reset,
 * confirmation and magic links, OAuth/SSO callbacks, invitations, webhooks, health checks.
 */
const PUBLIC_WORDS = new Set([
  "login",
  "logout",
  "signin",
  "signout",
  "signup",
  "register",
  "registration",
  "registrations",
  "password",
  "passwords",
  "reset",
  "forgot",
  "confirm",
  "confirmation",
  "confirmations",
  "verify",
  "verification",
  "magic",
  "oauth",
  "auth",
  "authentication",
  "ueberauth",
  "sso",
  "saml",
  "oidc",
  "callback",
  "callbacks",
  "invitation",
  "invitations",
  "invite",
  "invites",
  "webhook",
  "webhooks",
  "health",
  "healthz",
  "healthcheck",
  "unsubscribe",
  "passwordless",
]);
/** Third parties whose inbound calls (events, interactive actions) carry their own signatures, not a user session. */
const PROVIDER_SEGMENTS =
  /^(slack|github|gitlab|bitbucket|stripe|paddle|twilio|mattermost|discord|telegram|sendgrid|mailgun|postmark|ses|sns|zapier|shopify|intercom|hubspot|lemonsqueezy|braintree|paypal)$/;
const SIGN_UP_MODULE = /^(User|Users|Account|Accounts|Member|Members|Person|People)$/;
/** `SessionController`, `UserSessionController`: the login session, not any resource named like a session. */
const SESSION_MODULE = /(^|\.)(User|Admin|Account|Member|Customer|Staff)?Sessions?(Controller|Live)?$/;

/** True for routes that must stay reachable without a session: login, registration, reset, callbacks, webhooks… */
function isPublicByDesign(route: AuthRouteFacts, signUp = true): boolean {
  const module = (route.module ?? "")
    .split(".")
    .pop()!
    .replace(/(Controller|Live)$/, "");
  if (SESSION_MODULE.test(route.module ?? "")) return true;
  // `post "/users", UserController, :create` is how an API signs users up.
  if (signUp && route.action === "create" && SIGN_UP_MODULE.test(module)) return true;
  const segments = route.path.split("/").filter(Boolean);
  const candidates = [
    ...identifierWords(module),
    ...segments.flatMap((segment) => [
      segment.replace(/[-_]/g, "").toLowerCase(),
      ...identifierWords(segment),
    ]),
    ...(route.action ? [route.action.replace(/_/g, ""), ...identifierWords(route.action)] : []),
  ];
  if (candidates.some((word) => PUBLIC_WORDS.has(word) || /^log(in|out)$|^sign(in|out|up)$/.test(word)))
    return true;
  return segments.some((segment) => PROVIDER_SEGMENTS.test(segment.toLowerCase()));
}

/** No router-level or module-level auth, not dev-only, and no computed on_mount value that may hold an auth hook. */
function isUnguarded(route: AuthRouteFacts): boolean {
  return route.auth === null && route.moduleAuth === null && !route.devOnly && !route.onMountUnresolved;
}

function isToolMount(route: AuthRouteFacts): boolean {
  return TOOL_MACROS.test(route.verb) || (route.verb === "forward" && TOOL_PLUGS.test(route.module ?? ""));
}

function guardText(guard: AuthGuard): string {
  if (guard.via === "pipeline") return `${guard.by} (pipeline :${guard.pipeline})`;
  if (guard.via === "plug") return `${guard.by} (piped through)`;
  return `on_mount ${guard.by}`;
}

function describeRoute(route: AuthRouteFacts): string {
  const target = route.module
    ? ` (${shortName(route.module)}${route.action ? ` :${route.action}` : ""})`
    : "";
  return `${route.verb.toUpperCase()} ${route.path}${target}`;
}

function shortName(module: string): string {
  return module.replace(/^[A-Z]\w*Web\./, "");
}

/** The router-level guards used anywhere in the router, for messages that name what the exposed route lacks. */
function guardsOf(router: AuthRouterFacts): string {
  const guards = new Map<string, string>();
  for (const route of router.routes) if (route.auth) guards.set(route.auth.by, guardText(route.auth));
  for (const pipeline of router.pipelines)
    if (pipeline.auth) guards.set(pipeline.auth.by, guardText(pipeline.auth));
  return [...guards.values()].slice(0, 2).join(" or ");
}

function applies(facts: RepoFacts): Applicability {
  const routers = facts.elixir?.routers ?? [];
  if (routers.length === 0) return { status: "not-applicable", reason: "no Phoenix router module" };
  if (!routers.some((router) => router.enforcesAuth))
    return {
      status: "not-applicable",
      reason:
        "no router pipeline, piped-through plug or live_session on_mount hook enforces authentication (the app may authenticate elsewhere)",
    };
  return true;
}

/** (b) Operator tools and admin/dashboard routes mounted without authentication outside dev-only blocks. */
function reportExposedAdmin(
  router: AuthRouterFacts,
  routers: ReadonlySet<string>,
  anonymous: AnonymousActions,
  report: (input: ReportInput) => void,
): Set<AuthRouteFacts> {
  const reported = new Set<AuthRouteFacts>();
  const guards = guardsOf(router);
  for (const route of router.routes) {
    if (!isToolMount(route) || !isUnguarded(route)) continue;
    // `forward "/admin", MyAppWeb.AdminRouter`: a router of the repository, with its own pipelines, checked on its own.
    if (route.verb === "forward" && routers.has(route.module ?? "")) continue;
    reported.add(route);
    report({
      path: router.path,
      line: route.line,
      severity: "high",
      message: `${route.verb === "forward" ? `forward ${route.path} to ${route.module}` : `${route.verb} ${route.path}`} is mounted without authentication and outside a dev-only block, while the router guards other routes with ${guards}`,
      key: `${router.module}:tool:${route.verb}:${route.path}`,
    });
  }
  const byScope = new Map<number | null, AuthRouteFacts[]>();
  for (const route of router.routes) {
    // Creating users under /admin is an admin action, not a sign-up.
    if (reported.has(route) || !isUnguarded(route) || isPublicByDesign(route, false)) continue;
    // An action that checks a credential of the request itself (a shared-secret header an operator's tool sends).
    if (
      anonymous
        .get(route.module ?? "")
        ?.some((entry) => entry.action === route.action && entry.why === "credential-check")
    )
      continue;
    // The first segment only: `/:org/dashboard` is usually a per-tenant page whose LiveView checks roles itself.
    if (!ADMIN_SEGMENT.test(route.path.split("/").filter(Boolean)[0] ?? "")) continue;
    byScope.set(route.scope, [...(byScope.get(route.scope) ?? []), route]);
  }
  for (const [scopeIndex, routes] of byScope) {
    const scope = scopeIndex === null ? null : router.scopes[scopeIndex]!;
    const first = routes[0]!;
    for (const route of routes) reported.add(route);
    const more = routes.length > 1 ? ` and ${routes.length - 1} more admin/dashboard route(s)` : "";
    const verb = routes.length > 1 ? "have" : "has";
    report({
      path: router.path,
      line: first.line,
      severity: "high",
      message: `${describeRoute(first)}${more}${scope ? ` in scope "${scope.path}" (line ${scope.line})` : ""} ${verb} no authentication — no auth pipeline, on_mount hook, controller plug or mount/3 check — while the router guards other routes with ${guards}`,
      key: `${router.module}:admin:${scope?.path ?? ""}:${scope?.alias ?? ""}`,
    });
  }
  return reported;
}

/** A controller's actions that serve anonymous callers on purpose (facts/elixir/plugs.ts), by module. */
type AnonymousActions = ReadonlyMap<string, NonNullable<PlugModuleFacts["anonymousActions"]>>;

/**
 * (a) State-changing routes of a module that the router guards elsewhere; one finding per module and scope. An
 * action written for anonymous callers (a clause for no user, the account taken from the request) is public by
 * design; the controller's other unguarded writes are then low: the split looks deliberate.
 */
function reportUnguardedSiblings(
  router: AuthRouterFacts,
  skip: ReadonlySet<AuthRouteFacts>,
  anonymous: AnonymousActions,
  report: (input: ReportInput) => void,
): void {
  const guarded = new Map<string, AuthRouteFacts>();
  for (const route of router.routes)
    if (route.module && route.auth && !guarded.has(route.module)) guarded.set(route.module, route);
  const groups = new Map<string, AuthRouteFacts[]>();
  for (const route of router.routes) {
    if (skip.has(route) || !route.module || !isUnguarded(route) || !STATE_CHANGING.test(route.verb)) continue;
    if (!guarded.has(route.module) || isPublicByDesign(route)) continue;
    if (anonymous.get(route.module)?.some((entry) => entry.action === route.action)) continue;
    const group = `${route.module}:${route.scope ?? ""}`;
    groups.set(group, [...(groups.get(group) ?? []), route]);
  }
  for (const routes of groups.values()) {
    const first = routes[0]!;
    const module = first.module!;
    const sibling = guarded.get(module)!;
    const scope = first.scope === null ? null : router.scopes[first.scope]!;
    const actions = [...new Set(routes.map((route) => route.action).filter((a): a is string => a !== null))];
    const listed = routes
      .slice(0, 3)
      .map((route) => `${route.verb.toUpperCase()} ${route.path}`)
      .join(", ");
    const more = routes.length > 3 ? ` and ${routes.length - 3} more` : "";
    const deliberate = anonymous.get(module)?.[0];
    report({
      path: router.path,
      line: first.line,
      ...(deliberate ? { severity: "low" as const } : {}),
      message: `${shortName(module)}${actions.map((a) => ` :${a}`).join(",")} (${listed}${more}) ${routes.length > 1 ? "are" : "is"} reachable without authentication while ${describeRoute(sibling)} at line ${sibling.line} requires ${guardText(sibling.auth!)}${routes.some((route) => route.verb === "live") ? " (the LiveView's handle_event callbacks then run for anonymous visitors too)" : ""}${deliberate ? `; the controller serves anonymous callers on purpose (:${deliberate.action} ${deliberate.why === "optional-user" ? "handles a request without a signed-in user" : deliberate.why === "account-key" ? "takes the account it acts for from the request" : "checks a credential of the request itself"}), so these are likely public by design: check that they only touch the caller's own records and are rate-limited` : ""}`,
      key: `${router.module}:${module}:${scope?.path ?? ""}:${scope?.alias ?? ""}`,
      related: [
        { path: router.path, startLine: sibling.line, endLine: sibling.line },
        { path: sibling.auth!.path, startLine: sibling.auth!.line, endLine: sibling.auth!.line },
      ],
    });
  }
}

export default defineRule({
  id: "elixir/scope-without-auth",
  area: "security",
  severity: "medium",
  title: "Phoenix route without the authentication its siblings have",
  effortMinutes: 30,
  confidence: "heuristic",
  docs: {
    rationale:
      "Phoenix applies authentication per scope (`pipe_through [:browser, :require_authenticated_user]`, a `live_session` with an `on_mount` auth hook). A route placed in the wrong scope, or a dashboard mounted outside the guarded ones, is served to anyone while its siblings ask for a login.",
    impact:
      "Anonymous clients can change data through the unguarded action (delete a record, update settings), or open operator tools such as LiveDashboard, Oban Web or an admin panel that show internals and can run jobs.",
    fix: "Move the route into the scope that pipes through the auth pipeline (or the live_session with the auth on_mount hook); keep dashboards inside an admin-only scope, or inside the `if Application.compile_env(:app, :dev_routes)` block.",
    example: {
      language: "elixir",
      bad: 'scope "/", ShopWeb do\n  pipe_through [:browser, :require_authenticated_user]\n  get "/orders/:id/edit", OrderController, :edit\nend\n\nscope "/", ShopWeb do\n  pipe_through :browser\n  delete "/orders/:id", OrderController, :delete\n  live_dashboard "/dashboard"\nend',
      good: 'scope "/", ShopWeb do\n  pipe_through [:browser, :require_authenticated_user]\n  get "/orders/:id/edit", OrderController, :edit\n  delete "/orders/:id", OrderController, :delete\nend\n\nscope "/admin" do\n  pipe_through [:browser, :require_admin]\n  live_dashboard "/dashboard"\nend',
    },
  },
  notes: [
    "Reads the Phoenix router facts (facts/elixir/router.ts, auth.ts): each route with the pipelines and function plugs it is piped through (nested scopes inherit; a `pipe_through` inside `if Mix.env() in [:dev, :test] do … else … end` counts with its production branch), its live_session on_mount hooks, dev-only blocks (`if Mix.env() in [:dev, :test]`, `dev_routes`, the app's own `:env` setting or a helper asking for it by name: `if App.is_env?(:dev)`), and the target module's own plugs (`plug :require_user when action in [...]`), on_mount hooks, or a LiveView `mount/3` that reads the user or role and can redirect or raise. Whether a plug or hook enforces authentication is decided by its name (require_authenticated_user, verify_account_is_site_admin, ensure_authenticated, Guardian EnsureAuthenticated, Pow RequireAuthenticated, BasicAuth, *Auth plugs, HTTP Signature plugs that verify the sender's key: HTTPSignatures, verify_signature) and corrected by its code when it is in the repository (a plug that can never halt only loads the user).",
    "Only routers where some pipeline, piped-through plug or on_mount hook enforces authentication are checked: without one the app may authenticate elsewhere (endpoint, proxy, controllers).",
    "Medium: a POST/PUT/PATCH/DELETE, a state-changing `resources` action or a `live` route that no router-level or module-level auth guards, to a controller or LiveView that another route of the same router reaches through auth. The message names that sibling and its guard.",
    "High: `live_dashboard` (and Oban Web, ErrorTracker, AshAdmin, LiveAdmin mounts), a `forward` to an admin/dashboard/job UI or mailbox-preview plug, or routes whose path starts with /admin or /dashboard, mounted without authentication outside dev-only blocks.",
    "Skipped as public by design: session/registration/password reset/confirmation/magic link/OAuth/SSO/invitation/webhook/health modules, paths and actions, `:create` on a User/Account controller (API sign-up) outside /admin, inbound calls from known providers (/slack, /stripe, /github …), routes in dev-only blocks, routes whose live_session or on_mount value is computed (`on_mount: @hooks`), and `forward`s to another router of the repository (checked on its own).",
    "Public by design too: a controller action written for anonymous callers — a clause matching the user in `conn.assigns` beside one that does not, a `case` on the current user with a branch for none, or the account it acts for taken from the request (`%{\"account_id\" => id}`, an embeddable widget's public API). An action that reads a request header and checks it with a `valid_…?`, `verify_…` or `secure_compare` call authenticates the request itself (a shared secret an operator's tooling sends): not reported, under /admin either. The same controller's other unguarded writes are then low, with a note to check that they touch only the caller's own records and are rate-limited.",
  ],
  applies,
  check({ facts, report }) {
    const routers = new Set(facts.elixir.routers.map((router) => router.module));
    const anonymous = new Map(
      facts.elixir.plugModules.flatMap((mod) =>
        mod.anonymousActions ? [[mod.module, mod.anonymousActions] as const] : [],
      ),
    );
    for (const router of facts.elixir.routers) {
      if (!router.enforcesAuth) continue;
      const reported = reportExposedAdmin(router, routers, anonymous, report);
      reportUnguardedSiblings(router, reported, anonymous, report);
    }
  },
});
