// go/request-without-context: http.NewRequest in code that has a context to pass (NewRequestWithContext exists).
import type { SgNode } from "@ast-grep/napi";
import {
  enclosingFunction,
  findKind,
  importMap,
  isPackageCall,
  parametersOf,
} from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/request-without-context",
  area: "resources",
  severity: "medium",
  title: "Outgoing HTTP request ignores the available context",
  effortMinutes: 10,
  confidence: "certain",
  languages: ["go"],
  prefilter: /NewRequest\(/,
  notes: [
    "Fires only when an enclosing function has a `context.Context` parameter, so cancellation really is available and dropped; not when the request gets that context later (`client.Do(req.WithContext(ctx))`, `req = req.WithContext(ctx)`).",
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
  checkFile({ tree, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const contextAliases = [...imports].filter(([, path]) => path === "context").map(([alias]) => alias);
    if (contextAliases.length === 0) return;
    for (const call of findKind(tree, "call_expression")) {
      if (!isPackageCall(call, imports, "net/http", ["NewRequest"])) continue;
      let fn = enclosingFunction(call);
      let ctxName: string | null = null;
      while (fn && !ctxName) {
        ctxName =
          parametersOf(fn).find((p) => contextAliases.some((alias) => p.type === `${alias}.Context`))?.name ??
          null;
        fn = enclosingFunction(fn);
      }
      if (!ctxName || ctxName === "_" || contextAttachedLater(call, ctxName)) continue;
      report({
        node: call,
        message: `http.NewRequest drops the function's context ${ctxName}; use http.NewRequestWithContext(${ctxName}, ...)`,
        key: "new-request-without-context",
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
