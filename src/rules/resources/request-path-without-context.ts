// go/request-path-without-context: a handler calls a helper that sends an outgoing HTTP request with no context
// (http.NewRequest, http.Get …), so the incoming request's cancellation and deadline never reach the outgoing call.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/request-path-without-context",
  area: "resources",
  severity: "medium",
  title: "Outgoing HTTP request on a request path has no context",
  effortMinutes: 20,
  confidence: "heuristic",
  languages: ["go"],
  applies: (facts) =>
    facts.go && facts.go.sourceFiles > 0 ? true : { status: "not-applicable", reason: "no Go source files" },
  notes: [
    "Follows the calls from HTTP handlers (functions taking an `*http.Request`, gin's `*gin.Context`, echo's `echo.Context` or fiber's `*fiber.Ctx`, or defining a handler literal) through at most three functions to an `http.NewRequest`, `http.Get`, `http.Post`, `http.Head` or `http.PostForm` in a function with no context parameter. (A request built where a context is at hand is go/request-without-context's.)",
    "A call is followed within its package (`helper(…)`), to an exported function of another package by the package's name (`geo.Lookup(…)`), and as a method call (`s.lookup(…)`) only to a name declared once in the repository that is not a common one (`Get`, `Send`, `Do` …). Calls started as goroutines (`go f()`, `go func() { … }()`) are work detached from the request and are not followed.",
    "Silent when the request gets a context later (`req.WithContext(ctx)` in the function) or is returned for the caller to send. Examples, tools and build pipelines are not read.",
  ],
  docs: {
    rationale:
      "http.NewRequest and the http.Get/Post helpers build the request with context.Background(). When a handler reaches them through a helper that takes no context, the incoming request's cancellation and deadline stop at the handler.",
    impact:
      "A client that disconnects or times out leaves the outgoing call running: it holds a connection and a goroutine until the remote side answers, and a slow upstream piles them up.",
    fix: "Give the helper a `ctx context.Context` parameter, pass `r.Context()` from the handler, and build the request with http.NewRequestWithContext(ctx, …).",
    example: {
      language: "go",
      bad: 'func lookup(code string) (*Product, error) {\n\treq, err := http.NewRequest(http.MethodGet, api+code, nil)\n\t...\n}\n\nfunc search(w http.ResponseWriter, r *http.Request) {\n\tp, err := lookup(r.URL.Query().Get("code"))\n\t...\n}',
      good: 'func lookup(ctx context.Context, code string) (*Product, error) {\n\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, api+code, nil)\n\t...\n}\n\nfunc search(w http.ResponseWriter, r *http.Request) {\n\tp, err := lookup(r.Context(), r.URL.Query().Get("code"))\n\t...\n}',
    },
  },
  check({ facts, report }) {
    for (const site of facts.go?.requestPathsWithoutContext ?? []) {
      const handler = site.chain[0];
      if (!handler) continue;
      const through = site.chain
        .slice(1)
        .map((step) => step.function)
        .join(" → ");
      const call = site.helper === "NewRequest" ? "http.NewRequest" : `http.${site.helper}`;
      report({
        path: site.path,
        line: site.line,
        message: `${call} in ${site.function} builds the request with no context, and the handler ${handler.function} (${handler.path}:${handler.line}) reaches it${through ? ` through ${through}` : ""}: its ${site.contextExpression} never reaches the outgoing call; pass a context down and use http.NewRequestWithContext`,
        key: `request-path-without-context:${site.function}:${site.helper}`,
        related: site.chain.map((step) => ({ path: step.path, startLine: step.line, endLine: step.line })),
      });
    }
  },
});
