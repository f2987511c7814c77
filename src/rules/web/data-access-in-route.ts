// python/data-access-in-route: FastAPI/Flask route handlers that run queries and commits themselves.
import { isAuxiliaryPath } from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "python/data-access-in-route",
  area: "web",
  severity: "low",
  title: "Route handlers query the database directly",
  effortMinutes: 60,
  confidence: "heuristic",
  options: { minHandlers: 2 },
  notes: [
    "Route handlers are functions decorated with `@app/router/bp.get|post|put|patch|delete|route|api_route(...)`; data access is a call of execute/query/add/commit/scalars/… on a receiver whose last name is db, session, conn, cursor … (`db.session.commit()` included), or of text().",
    "One finding per file, when at least `minHandlers` handlers in it access the database directly; examples/scripts/docs are skipped.",
  ],
  docs: {
    rationale:
      "Handlers that build queries and commit transactions mix HTTP concerns with persistence, so the same query logic is copied between endpoints and cannot be tested without HTTP.",
    impact:
      "Transactions, validation and authorisation checks drift apart between endpoints; changes to the schema touch every router.",
    fix: "Move queries and commits into a repository/service module and call it from the handler; keep the handler to parsing, calling and shaping the response.",
    example: {
      language: "python",
      bad: '@router.post("/orders")\ndef create(order: OrderIn, db: Session = Depends(get_db)):\n    db.add(Order(**order.dict()))\n    db.commit()',
      good: '@router.post("/orders")\ndef create(order: OrderIn, orders: OrderService = Depends()):\n    return orders.create(order)',
    },
  },
  applies(facts) {
    if (!facts.python) return { status: "unknown", reason: "Python facts were not collected" };
    return facts.python.routes.length > 0
      ? true
      : { status: "not-applicable", reason: "no FastAPI/Flask route handlers" };
  },
  check({ facts, options, report }) {
    const byFile = new Map<string, typeof facts.python.routes>();
    for (const route of facts.python.routes) {
      if (route.dataAccess.length === 0 || isAuxiliaryPath(route.path)) continue;
      byFile.set(route.path, [...(byFile.get(route.path) ?? []), route]);
    }
    for (const [path, routes] of byFile) {
      if (routes.length < Number(options.minHandlers)) continue;
      const first = routes[0];
      if (!first) continue;
      report({
        path,
        line: first.line,
        endLine: routes[routes.length - 1]?.line,
        message: `${routes.length} route handlers query the database directly (${routes.map((r) => r.handler).join(", ")})`,
        snippet: routes
          .map((r) => `${r.line}: ${r.method} ${r.urlPath ?? "?"} ${r.handler}: ${r.dataAccess.join(", ")}`)
          .join("\n"),
        key: "data-access-in-route",
      });
    }
  },
});
