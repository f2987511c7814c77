// security/ssrf-stored-url: a URL that users store (a bookmark, a feed, a webhook) is requested later by code that
// loads the record — a background job, usually — with no allow-list or private-address check on the way: server-side
// request forgery one step removed from the request. The flows come from facts/outbound-urls.
import { oneOffKind } from "../../facts/one-off-code.js";
import { isToolingPath } from "../../facts/node/ast.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "security/ssrf-stored-url",
  area: "security",
  severity: "medium",
  title: "Server fetches a URL its users stored",
  effortMinutes: 60,
  confidence: "heuristic",
  languages: ["python", "typescript", "tsx", "javascript"],
  docs: {
    rationale:
      "A URL a user saves (a bookmark, a feed, a webhook, an avatar link) and the server later fetches on its own is the same server-side request forgery as fetching it in the request: the user chooses where the server connects, only later and from a worker, which usually sits in the same network and holds the same credentials.",
    impact:
      "Requests to cloud metadata endpoints (169.254.169.254), to admin ports on localhost and to internal services, made from the server on a user's behalf; what comes back may be stored where the user can read it (a title, a preview, a feed's items).",
    fix: "Refuse private, loopback, link-local and metadata addresses when the worker connects (a dialer or agent that checks the resolved address, so redirects and DNS rebinding are covered), or allow only the hosts the feature needs; validating the URL when it is saved is not enough on its own, since the host may resolve elsewhere by the time it is fetched.",
    example: {
      language: "python",
      bad: 'class FeedForm(forms.ModelForm):\n    class Meta:\n        model = Feed\n        fields = ["name", "url"]\n\n@shared_task\ndef refresh_feed(feed_id):\n    feed = Feed.objects.get(id=feed_id)\n    body = requests.get(feed.url, timeout=10).text',
      good: "@shared_task\ndef refresh_feed(feed_id):\n    feed = Feed.objects.get(id=feed_id)\n    body = safe_session.get(feed.url, timeout=10).text  # an adapter that refuses private addresses at connect time",
    },
    examples: [
      {
        language: "typescript",
        bad: "// router\ncreate: protectedProcedure.input(z.object({ url: z.string().url() })).mutation(({ input }) =>\n  db.insert(feeds).values({ url: input.url }),\n),\n// worker\nconst feed = await db.query.feeds.findFirst({ where: eq(feeds.id, job.data.feedId) });\nconst res = await fetch(feed.url);",
        good: "const feed = await db.query.feeds.findFirst({ where: eq(feeds.id, job.data.feedId) });\nconst res = await fetch(feed.url, { dispatcher: ssrfSafeAgent }); // refuses private addresses when it connects",
      },
    ],
  },
  notes: [
    "Reads: a URL field (`url`, `feed_url`, `webhookUrl`, `link`, `website` …) of a record the function loads itself — Django `Model.objects.get/filter/all(...)`, `get_object_or_404(Model, ...)`, Prisma `prisma.model.findUnique/findFirst/findMany`, Drizzle `db.query.table.findFirst/findMany` or `db.select().from(table)`, the loop variable over such a list, and the first parameter of a callback walking it (`feeds.map((feed) => fetch(feed.url))`, `forEach`, `flatMap` …) — reaching an outgoing request (requests/httpx/urlopen, fetch/axios/got/ky/undici) directly or through up to five project functions (a worker's loader chains are longer than a handler's; security/ssrf-request-url follows three), resolved as security/ssrf-request-url resolves them.",
    "Writes: the same model's field filled from request input — a Django `ModelForm` or DRF `ModelSerializer` whose `Meta.fields` lists it (or `__all__`) and does not mark it read-only, `Model.objects.create(url=...)` or `Model(url=...)` with a request value, Prisma `create/update/upsert({ data: { url: input.url } })`, Drizzle `insert(table).values({ url })` or `update(table).set(...)` — in the handler or through up to three project functions that receive the value. Models are matched by name (`rssFeedsTable`, `rss_feeds`, `RssFeed` are one).",
    'Silent when the reading function, a function on the way (or its file), or the file that stores the URL checks the destination: an allow-list, a private-address check, a URL validator named for it, a guarded client (the same signs as security/ssrf-request-url); and when the URL is built on a fixed or configured host from a stored id or path (`f"https://api.example.com/items/{item.id}"`). Tests, scripts, tools and migrations are not read.',
    "Medium: the flow runs out of sight of the request and is inferred across files by name, and a reviewer weighs what the worker can reach. The finding is on the reader's call (or request), with the request and the place that stores the URL as related locations.",
  ],
  check({ facts, report }) {
    for (const flow of facts.outboundUrls?.storedFlows ?? []) {
      if (flow.checks.length > 0 || oneOffKind(flow.path) !== null || isToolingPath(flow.path)) continue;
      if (oneOffKind(flow.store.path) !== null || isToolingPath(flow.store.path)) continue;
      const chain = flow.through.map((step) => `${step.name}() (${step.path}:${step.line})`).join(" → ");
      const reader = flow.reader ? `${flow.reader}()` : "an anonymous function";
      const where = flow.background ? `the background job ${reader}` : reader;
      report({
        path: flow.path,
        line: flow.line,
        endLine: flow.endLine,
        severity: "medium",
        message: `${where} loads a stored URL (${flow.via}) and ${
          chain ? `passes it to ${chain}, which requests it` : "requests it"
        } with ${flow.request.callee}() at ${flow.request.path}:${flow.request.line}; users set ${flow.model}.${
          flow.field
        } from the request (${flow.store.via}, ${flow.store.path}:${flow.store.line}) and nothing on the way checks the destination: a user can make the server call internal addresses (SSRF)`,
        key: `ssrf-stored:${flow.request.path}:${flow.request.callee}:${flow.model}.${flow.field}:${flow.reader}`,
        related: [
          { path: flow.request.path, startLine: flow.request.line, endLine: flow.request.line },
          { path: flow.store.path, startLine: flow.store.line, endLine: flow.store.line },
        ],
      });
    }
  },
});
