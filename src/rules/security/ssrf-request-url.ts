// security/ssrf-request-url: request input (query, form, body, path) reaches the URL of an outgoing request — in the
// handler or through project functions it calls — with no allow-list or private-address check on the way:
// server-side request forgery. The flows come from facts/outbound-urls.
import { sharedTokenGuardOf } from "../../facts/go/shared-token-guard.js";
import { SERVICE_KEY_GATE, SIGNED_SENDER_GATE } from "../../facts/outbound-urls/flows.js";
import { oneOffKind } from "../../facts/one-off-code.js";
import { isToolingPath } from "../../facts/node/ast.js";
import { defineRule } from "../define-rule.js";

/** A URL built as a template whose first placeholder (the chosen base) is followed by a literal path. */
const FIXED_PATH_SUFFIX = /^`\$\{[^}]+\}\/[\w./-]+/;

export default defineRule({
  id: "security/ssrf-request-url",
  area: "security",
  severity: "high",
  title: "Server fetches a URL taken from the request",
  effortMinutes: 60,
  confidence: "heuristic",
  languages: ["go", "python", "typescript", "tsx", "javascript", "elixir"],
  docs: {
    rationale:
      "When a handler requests whatever URL the client sends, the server becomes a proxy into its own network: cloud metadata endpoints (169.254.169.254), admin ports on localhost, databases and internal services that trust the server.",
    impact:
      "Credentials read from the metadata service, internal APIs called as the server, ports scanned from inside; with redirects followed, even a URL that looked public lands on an internal address.",
    fix: "Allow only the hosts the feature needs, or resolve the host and refuse private, loopback, link-local and metadata addresses (at dial time, so redirects and DNS rebinding are covered); limit schemes to http and https.",
    example: {
      language: "go",
      bad: 'func preview(w http.ResponseWriter, r *http.Request) {\n\ttarget := r.URL.Query().Get("url")\n\tresp, err := http.Get(target)\n\t// ...\n}',
      good: 'func preview(w http.ResponseWriter, r *http.Request) {\n\ttarget := r.URL.Query().Get("url")\n\tif !allowedHost(target) {\n\t\thttp.Error(w, "host not allowed", http.StatusBadRequest)\n\t\treturn\n\t}\n\tresp, err := safeClient.Get(target) // a dialer that refuses private addresses\n\t// ...\n}',
    },
    examples: [
      {
        language: "python",
        bad: '@app.get("/preview")\ndef preview():\n    return requests.get(request.args["url"], timeout=5).text',
        good: '@app.get("/preview")\ndef preview():\n    url = request.args["url"]\n    if urlparse(url).hostname not in ALLOWED_HOSTS:\n        abort(400)\n    return requests.get(url, timeout=5).text',
      },
      {
        language: "typescript",
        bad: "app.get('/preview', async (req, res) => {\n  const page = await fetch(req.query.url as string);\n  res.send(await page.text());\n});",
        good: "app.get('/preview', async (req, res) => {\n  const url = new URL(String(req.query.url));\n  if (!ALLOWED_HOSTS.has(url.hostname)) return res.status(400).end();\n  const page = await fetch(url, { signal: AbortSignal.timeout(5000) });\n  res.send(await page.text());\n});",
      },
    ],
  },
  notes: [
    "Follows names from request input (Go `r.URL.Query().Get`, `r.FormValue`, chi/gin/echo parameters, a body bound with `c.ShouldBindJSON(&req)` or decoded from `r.Body`; Python `request.args`/`form`/`GET`/`POST`/`json`/`data`/`query_params`, a FastAPI route's parameters; Node `req.query`/`req.body`/`req.params`, `await req.json()`, Hono `c.req.*`, `searchParams.get`, NestJS `@Body()`/`@Query()`/`@Param()`, a tRPC procedure's `input`; Elixir: a Phoenix controller action's params, a LiveView's `handle_event`/`mount`/`handle_params` params, `conn.params`/`conn.query_params`) to the URL argument of an outgoing request (net/http Get/Post/NewRequest, a `client.Get`; requests/httpx/aiohttp/urlopen; fetch/axios/got/ky/undici; Req, HTTPoison, Finch.build, Tesla, :httpc, :hackney — a piped value is the first argument, and a fixed `base_url:` fixes the host).",
    "Across functions: when the handler passes the value to a project function whose parameter becomes the URL of a request — directly or through up to three project functions — the finding is on the handler's call, names the functions passed through and is medium (high when the handler itself makes the request, unless the client picks only the host and the path after it is fixed: `${input.apiUrl}/models`, or the handler is behind a role or permission check — `withPermission(...)`, an `adminProcedure`, `@permission_required`, `Depends(check_admin)`, `@Roles('admin')`, a `requireAdmin` middleware before it, `if not user.is_superuser` in its body — which only users the operators trusted with that role pass; a plain sign-in is not such a check). Low when the handler only serves callers holding a key the server keeps for its own jobs (`token !== process.env.INTERNAL_API_KEY`, a `CRON_SECRET` bearer check): its workers and schedulers choose the URL; likewise a Go route behind middleware that admits only the one token of the server's configuration, compared in constant time (a daemon's node token, sent by the operator's control plane) and not a user's session or JWT. Low too when only requests whose sender's signature verifies reach it (a webhook checked with `valid_signature?`/`verifySignature`/Stripe's `constructEvent` in its body, or an Elixir function plug that does so and halts otherwise): the signing service chose the URL. Calls are resolved by name: the same file first, then the module or package the qualifier names (`website_loader.load_page`, Go's own package); a name more than three functions define is not followed, and every candidate must pass the value on.",
    'Silent when the handler itself, or a function it passes the URL to (or the file that function is in), checks the destination: an allow-list (`allowedHosts`, `ALLOWED_DOMAINS`, `url_has_allowed_host`), a private-address check (`IsPrivate`, `is_private`, `ip_address(`), a URL validator (`validate_url`, `ValidateRequestURL`, `raise_not_valid_url`), a guarded transport or fetch (`safehttp`, `safeFetch`, `request-filtering-agent`, `advocate`, a dialer whose `Control` hook or restricted dial refuses addresses at connect time), a comparison with a fixed scheme and host (`url.startswith("https://example.com/")`, `parsed.origin === "https://github.com"`), or anything named for SSRF. Silent too when the URL comes from a NestJS `@Body()`/`@Query()`/`@Param()` parameter typed with a DTO class whose every URL field carries a destination validator: a decorator named for a safe, public or allowed URL (`@IsSafeWebhookUrl`, `@IsPublicUrl`), `@IsUrl({ host_whitelist: [...] })`, or a custom decorator defined in a file that refuses internal addresses; a plain `@IsUrl()` checks the shape of the URL only and is not one.',
    "A name assigned the result of a project call (`await getFile({ data: doc.file })`, a database lookup by a request id) holds a value the code derived, not the request's text, and is not followed; reads of request input and pass-through conversions (`String(...)`, `decodeURIComponent`, `.trim()`, `new URL`) are. URLs stored first and fetched later by a worker (a feed, a bookmark, a webhook record) are not followed. Tests, scripts, tools and migrations are not read.",
  ],
  check({ facts, report }) {
    for (const flow of facts.outboundUrls?.flows ?? []) {
      if (flow.checks.length > 0 || oneOffKind(flow.path) !== null || isToolingPath(flow.path)) continue;
      const direct = flow.through.length === 0;
      // `${input.apiUrl}/models`: the client picks the host but not the path, so cloud metadata and most internal
      // APIs stay out of reach: probing, not reading.
      const fixedPath = FIXED_PATH_SUFFIX.test(flow.request.url);
      // Behind a key the server holds for its own jobs only its workers and schedulers choose the URL.
      const serviceKey = flow.gate !== null && SERVICE_KEY_GATE.test(flow.gate);
      // A webhook whose signature is verified carries what the signing service sent, not a client's choice.
      const signed = flow.gate !== null && !serviceKey && SIGNED_SENDER_GATE.test(flow.gate);
      // A Go daemon's route behind middleware admitting only the one token of its configuration (the node token its
      // control plane sends): the operator's own service chooses the URL, as behind a service key.
      const sharedToken =
        flow.gate === null && flow.path.endsWith(".go") && facts.go
          ? sharedTokenGuardOf(facts.go, flow.handler)
          : null;
      const internalOnly = serviceKey || signed || sharedToken !== null;
      const gated =
        sharedToken !== null
          ? `; only callers presenting the one token of the server's configuration reach it (${sharedToken}): the operator's own control plane chooses the URL`
          : flow.gate === null
            ? ""
            : serviceKey
              ? `; only callers holding the server's own key (\`${flow.gate.trim()}\`) can reach it: the application's own jobs choose the URL`
              : signed
                ? `; only requests whose signature verifies (\`${flow.gate.trim()}\`) reach it: the signing service chose the URL`
                : `; only users who pass the permission check (\`${flow.gate.trim()}\`) can reach it`;
      const chain = flow.through.map((step) => `${step.name}() (${step.path}:${step.line})`).join(" → ");
      report({
        path: flow.path,
        line: flow.line,
        endLine: flow.endLine,
        // In the handler itself the fetched URL is plainly the client's; through project functions the flow is
        // inferred by name, and reviewers weigh whether the route is exposed: one level lower.
        // Behind a role or permission check only users the operators trusted with that role can aim it: medium.
        severity: internalOnly ? "low" : direct && !fixedPath && flow.gate === null ? "high" : "medium",
        message: direct
          ? `${flow.request.callee}() requests a URL taken from the request (${flow.via}) with no allow-list or private-address check: a client can make the server call internal addresses (SSRF)${fixedPath ? "; the path after the chosen host is fixed" : ""}${gated}`
          : `a URL taken from the request (${flow.via}) is passed to ${chain}, which requests it with ${flow.request.callee}() at ${flow.request.path}:${flow.request.line}, with no allow-list or private-address check on the way: a client can make the server call internal addresses (SSRF)${gated}`,
        key: `ssrf:${flow.request.path}:${flow.request.callee}:${flow.request.url.slice(0, 60)}:${flow.handler}`,
        related: direct
          ? []
          : [{ path: flow.request.path, startLine: flow.request.line, endLine: flow.request.line }],
      });
    }
  },
});
