// security/body-limit-raised: a request body limit raised far above what a request needs, or switched off
// (`express.json({ limit: "1gb" })`, Fastify `bodyLimit: Infinity`, `plug Plug.Parsers, length: 1_000_000_000`).
import { formatBytes } from "../../facts/limits/index.js";
import { oneOffKind } from "../../facts/one-off-code.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";

const MB = 1024 * 1024;

export default defineRule({
  id: "security/body-limit-raised",
  area: "security",
  severity: "medium",
  title: "Request body limit raised to an unbounded size",
  effortMinutes: 15,
  confidence: "certain",
  // A limit at or above this many bytes bounds nothing a server's memory can hold per request. Decimal 100 MB
  // (`100_000_000`) counts too: a limit is read as the order of magnitude it was written in.
  options: { maxBytes: 95 * MB },
  languages: ["javascript", "typescript", "elixir"],
  docs: {
    rationale:
      "Body parsers read the whole request into memory before the handler runs; their default limits (100 KB for express.json and body-parser, 1 MB for Fastify, 8 MB for Plug.Parsers) exist so one request cannot take the process's memory. A limit raised to hundreds of megabytes, or switched off, removes that guard for every route the parser serves.",
    impact:
      "A few concurrent requests with huge JSON or form bodies exhaust the server's memory and CPU (JSON.parse of a 1 GB body) and take the service down for everyone; no authentication is needed when the parser runs before it.",
    fix: "Keep the parser's limit small (the largest JSON a client really sends, usually ≤ 1-10 MB) and send large payloads as uploads streamed to disk or object storage (multer, @fastify/multipart, Plug.Upload), or raise the limit only on the one route that needs it.",
    example: {
      language: "javascript",
      bad: 'app.use(express.json({ limit: "1gb" }));',
      good: 'app.use(express.json({ limit: "1mb" }));\napp.post("/import", upload.single("file"), importFile); // streamed to disk',
    },
    examples: [
      {
        language: "elixir",
        bad: "plug Plug.Parsers,\n  parsers: [:urlencoded, :multipart, :json],\n  json_decoder: Phoenix.json_library(),\n  length: 1_000_000_000",
        good: "plug Plug.Parsers,\n  parsers: [:urlencoded, {:multipart, length: 100_000_000}, :json],\n  json_decoder: Phoenix.json_library()",
      },
    ],
  },
  notes: [
    "Reads the limits facts: the `limit` option of express.json/urlencoded/raw/text and body-parser's parsers, Fastify's `bodyLimit` (server or route option), NestJS `app.useBodyParser(type, { limit })`, and the top-level `length:` of `plug Plug.Parsers`. A limit is unbounded at `maxBytes` (95 MB by default, so `100mb` and `100_000_000` count) or above, or when it is Infinity / Number.MAX_SAFE_INTEGER.",
    "Default limits are never findings, nor are limits computed at run time (a variable, a config read), nor `length:` inside `{:multipart, length: N}` (uploads stream to temporary files). Tests, examples and scripts are skipped.",
  ],
  applies(facts) {
    if (!facts.limits) return { status: "unknown", reason: "limits facts were not collected" };
    return facts.limits.bodyLimits.length > 0
      ? true
      : {
          status: "not-applicable",
          reason:
            "no request body limit is set in code (express/body-parser limit, Fastify bodyLimit, Plug.Parsers length)",
        };
  },
  check({ facts, options, report }) {
    for (const site of facts.limits.bodyLimits) {
      if (site.isTest || oneOffKind(site.path) !== null || isExamplePath(site.path)) continue;
      if (site.bytes === null || site.bytes < options.maxBytes) continue;
      const what =
        site.library === "plug"
          ? "Plug.Parsers `length:`"
          : site.library === "fastify"
            ? "Fastify `bodyLimit`"
            : `${site.library} ${site.parser === "all" ? "body parser" : `${site.parser} parser`} \`limit\``;
      report({
        path: site.path,
        line: site.line,
        key: `body-limit:${site.library}:${site.parser}:${site.text}`,
        message: Number.isFinite(site.bytes)
          ? `${what} is ${site.text} (${formatBytes(site.bytes)}): one request may make the server read that much into memory before any handler runs`
          : `${what} is ${site.text}: request bodies have no size limit, so one request may make the server read any amount into memory`,
      });
    }
  },
});
