// python/cors-wildcard-credentials: CORS that allows any origin together with credentials.
import type { SgNode } from "@ast-grep/napi";
import { keywordArg, stringValue } from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "python/cors-wildcard-credentials",
  supersedes: ["security/cors-allow-all-origins"],
  area: "security",
  severity: "high",
  title: "CORS allows any origin with credentials",
  effortMinutes: 20,
  confidence: "certain",
  languages: ["python"],
  prefilter: /allow_origins|origins|CORS_ALLOW_ALL_ORIGINS|CORS_ORIGIN_ALLOW_ALL|allow_origin_regex/,
  notes: [
    'Starlette/FastAPI CORSMiddleware (`allow_origins=["*"]` or `allow_origin_regex=".*"` with `allow_credentials=True`), flask-cors (`origins="*"` with `supports_credentials=True`), and django-cors-headers (`CORS_ALLOW_ALL_ORIGINS = True` with `CORS_ALLOW_CREDENTIALS = True` in one module).',
  ],
  docs: {
    rationale:
      "With a wildcard origin and credentials, Starlette and flask-cors echo the caller's Origin back, so any web site can make authenticated requests with the user's cookies and read the answers.",
    impact:
      "Any page a logged-in user visits can read and change their data through the API (cross-site request forgery with read access).",
    fix: "List the front-end origins explicitly (from configuration) when credentials are allowed.",
    example: {
      language: "python",
      bad: 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)',
      good: "app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=True)",
    },
  },
  checkFile({ tree, report }) {
    if (!tree) return;
    for (const call of tree.findAll({ rule: { kind: "call" } })) {
      const credentials = keywordArg(call, "allow_credentials") ?? keywordArg(call, "supports_credentials");
      if (credentials?.kind() !== "true") continue;
      const origins = keywordArg(call, "allow_origins") ?? keywordArg(call, "origins");
      const regex = keywordArg(call, "allow_origin_regex");
      const wildcard =
        (origins && isWildcard(origins)) || (regex && /^\^?\.\*\$?$/.test(stringValue(regex) ?? ""));
      if (!wildcard) continue;
      report({
        node: call,
        message: "CORS allows every origin (`*`) together with credentials",
        key: "cors-wildcard-credentials",
      });
    }
    const assignments = new Map<string, SgNode>();
    for (const assignment of tree.findAll({ rule: { kind: "assignment" } })) {
      const left = assignment.field("left")?.text() ?? "";
      if (assignment.field("right")?.kind() === "true") assignments.set(left, assignment);
    }
    const all = assignments.get("CORS_ALLOW_ALL_ORIGINS") ?? assignments.get("CORS_ORIGIN_ALLOW_ALL");
    if (all && assignments.has("CORS_ALLOW_CREDENTIALS"))
      report({
        node: all,
        message: "django-cors-headers allows every origin together with credentials",
        key: "cors-wildcard-credentials:django",
      });
  },
});

function isWildcard(node: SgNode): boolean {
  if (stringValue(node) === "*") return true;
  if (node.kind() === "list" || node.kind() === "tuple" || node.kind() === "set")
    return node.children().some((c) => c.isNamed() && stringValue(c) === "*");
  return false;
}
