// go/request-without-context: http.NewRequest, or the http.Get/Post/Head/PostForm helpers, in code that has a context to
// pass — a context.Context parameter, or the request of an HTTP handler (net/http, gin, echo).
import type { SgNode } from "@ast-grep/napi";
import {
  enclosingFunction,
  findKind,
  importMap,
  isPackageCall,
  parametersOf,
} from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";
import { commentSaysWhy } from "../shared/why-comment.js";

// net/http calls that build or send a request with context.Background().
const HELPERS = ["NewRequest", "Get", "Post", "Head", "PostForm"] as const;

export default defineRule({
  id: "go/request-without-context",
  area: "resources",
  severity: "medium",
  title: "Outgoing HTTP request ignores the available context",
  effortMinutes: 10,
  confidence: "certain",
  languages: ["go"],
  prefilter: /NewRequest\(|http\.(?:Get|Post|Head|PostForm)\(/,
  notes: [
    "Fires only when an enclosing function has a context to pass, so cancellation really is available and dropped: a `context.Context` parameter, or the incoming request of a handler (`r *http.Request` gives `r.Context()`, gin's `c *gin.Context` gives `c.Request.Context()`, echo's `c echo.Context` gives `c.Request().Context()`); not when the request gets that context later (`client.Do(req.WithContext(ctx))`, `req = req.WithContext(ctx)`).",
    "Low when a comment on the line or the five above says why (a fresh context on purpose).",
    "Reports `http.NewRequest` and the package helpers `http.Get`, `http.Post`, `http.Head` and `http.PostForm`, which take no context at all (and use the default client, with no timeout).",
  ],
  docs: {
    rationale:
      "http.NewRequest builds a request with context.Background(), so the caller's cancellation and deadline never reach the outgoing call.",
    impact:
      "When a client disconnects or a deadline passes, upstream calls keep running and hold connections and goroutines.",
    fix: "Use http.NewRequestWithContext(ctx, ...) with the function's context.",
    example: {
      language: "go",
      bad: "func (c *Client) Fetch(ctx context.Context, url string) error {\n\treq, err := http.NewRequest(http.MethodGet, url, nil)\n\t...",
      good: "func (c *Client) Fetch(ctx context.Context, url string) error {\n\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)\n\t...",
    },
  },
  checkFile({ tree, lines, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const aliasesOf = (path: string): string[] =>
      [...imports].filter(([, imported]) => imported === path).map(([alias]) => alias);
    const contextSources: Array<{ type: string; context: (name: string) => string }> = [
      ...aliasesOf("context").map((alias) => ({ type: `${alias}.Context`, context: (name: string) => name })),
      ...aliasesOf("net/http").map((alias) => ({
        type: `*${alias}.Request`,
        context: (name: string) => `${name}.Context()`,
      })),
      ...aliasesOf("github.com/gin-gonic/gin").map((alias) => ({
        type: `*${alias}.Context`,
        context: (name: string) => `${name}.Request.Context()`,
      })),
      ...[...imports]
        .filter(([, path]) => /^github\.com\/labstack\/echo(?:\/v\d+)?$/.test(path))
        .map(([alias]) => ({
          type: `${alias}.Context`,
          context: (name: string) => `${name}.Request().Context()`,
        })),
    ];
    if (contextSources.length === 0) return;
    for (const call of findKind(tree, "call_expression")) {
      const helper = HELPERS.find((name) => isPackageCall(call, imports, "net/http", [name]));
      if (!helper) continue;
      let fn = enclosingFunction(call);
      let context: { name: string; expression: string } | null = null;
      while (fn && !context) {
        for (const parameter of parametersOf(fn)) {
          const source = contextSources.find((s) => s.type === parameter.type);
          if (source && parameter.name !== "_") {
            context = { name: parameter.name, expression: source.context(parameter.name) };
            break;
          }
        }
        fn = enclosingFunction(fn);
      }
      if (!context) continue;
      if (helper === "NewRequest" && contextAttachedLater(call, context.name)) continue;
      // A comment just above saying why (a fresh context on purpose: an internal call that must not inherit the
      // handler's routing state) records a decision, not an oversight.
      const explained = commentSaysWhy(lines, call.range().start.line, 5);
      report({
        node: call,
        message:
          (helper === "NewRequest"
            ? `http.NewRequest drops ${context.expression === context.name ? "the function's context" : "the request's context"} ${context.expression}; use http.NewRequestWithContext(${context.expression}, ...)`
            : `http.${helper} takes no context, so ${context.expression} never reaches this call; build it with http.NewRequestWithContext(${context.expression}, ...) and a client with a timeout`) +
          (explained ? "; the comment above says why" : ""),
        severity: explained ? "low" : undefined,
        key:
          helper === "NewRequest"
            ? "new-request-without-context"
            : `http-${helper.toLowerCase()}-without-context`,
      });
    }
  },
});

/** `req, err := http.NewRequest(…)` then `req.WithContext(ctx)` in the same function: the context does reach the call. */
function contextAttachedLater(call: SgNode, ctxName: string): boolean {
  const statement = call.parent()?.parent();
  const target = statement
    ?.field("left")
    ?.children()
    .find((child) => child.isNamed())
    ?.text();
  const fn = enclosingFunction(call);
  if (!target || !fn) return false;
  const after = fn.text().slice(call.range().end.index - fn.range().start.index);
  return new RegExp(`\\b${target}\\.WithContext\\(\\s*${ctxName}\\b`).test(after);
}
