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
    'Medium when the wildcard is set only in the body of `if os.environ.get("X"):` (an operator\'s opt-in switch, the default branch keeping a narrower policy); high when it is the default (unconditional, in the `else`, or under `if not …`).',
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
      const optIn = environmentOptIn(call);
      report({
        node: call,
        message: `CORS allows every origin (\`*\`) together with credentials${optInNote(optIn)}`,
        key: "cors-wildcard-credentials",
        ...(optIn ? { severity: "medium" as const } : {}),
      });
    }
    const assignments = new Map<string, SgNode>();
    for (const assignment of tree.findAll({ rule: { kind: "assignment" } })) {
      const left = assignment.field("left")?.text() ?? "";
      if (assignment.field("right")?.kind() === "true") assignments.set(left, assignment);
    }
    const all = assignments.get("CORS_ALLOW_ALL_ORIGINS") ?? assignments.get("CORS_ORIGIN_ALLOW_ALL");
    if (all && assignments.has("CORS_ALLOW_CREDENTIALS")) {
      const optIn = environmentOptIn(all);
      report({
        node: all,
        message: `django-cors-headers allows every origin together with credentials${optInNote(optIn)}`,
        key: "cors-wildcard-credentials:django",
        ...(optIn ? { severity: "medium" as const } : {}),
      });
    }
  },
});

/**
 * The environment variable whose being set turns the wildcard on: the node sits in the body of
 * `if os.environ.get("DISABLE_CORS"):` (or `os.getenv`, `environ[...]`), an operator's opt-in, while the default
 * branch keeps a narrower policy. Null when the wildcard is the default (unconditional, in an `else`, or under a
 * negated test).
 */
function environmentOptIn(node: SgNode): { variable: string; line: number } | null {
  for (const branch of node.ancestors()) {
    if (branch.kind() !== "if_statement") continue;
    const body = branch.field("consequence");
    const condition = branch.field("condition");
    if (!body || !condition) continue;
    const a = node.range();
    const b = body.range();
    if (a.start.index < b.start.index || a.end.index > b.end.index) continue;
    if (condition.kind() === "not_operator") return null;
    const read = /\b(?:environ\.get|getenv|environ)\s*[([]\s*["']([A-Za-z_][A-Za-z0-9_]*)["']/.exec(
      condition.text(),
    );
    return read?.[1] ? { variable: read[1], line: branch.range().start.line + 1 } : null;
  }
  return null;
}

function optInNote(optIn: { variable: string; line: number } | null): string {
  return optIn
    ? ` when the ${optIn.variable} environment variable is set (the \`if\` at line ${optIn.line}): an operator's opt-in, not the default policy`
    : "";
}

function isWildcard(node: SgNode): boolean {
  if (stringValue(node) === "*") return true;
  if (node.kind() === "list" || node.kind() === "tuple" || node.kind() === "set")
    return node.children().some((c) => c.isNamed() && stringValue(c) === "*");
  return false;
}
