// elixir/raw-postgrex-query: Postgrex.query/query! called directly, bypassing the Ecto Repo (pool, telemetry, sandbox).
import { hasMixProject, isScriptPath } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/raw-postgrex-query",
  area: "database",
  severity: "medium",
  title: "Direct Postgrex query bypassing the Repo",
  effortMinutes: 30,
  confidence: "heuristic",
  docs: {
    rationale:
      "Postgrex.query/4 on a hand-managed connection skips the Repo's pool, logging, telemetry, query timeouts and the test sandbox.",
    impact:
      "Queries invisible to monitoring, connections outside the pool limits, and tests that leak data between cases.",
    fix: "Use `Ecto.Adapters.SQL.query/4` with the Repo (or `Repo.query/2`), with parameters for the values.",
    example: {
      bad: 'Postgrex.query!(conn, "SELECT count(*) FROM orders", [])',
      good: 'Repo.query!("SELECT count(*) FROM orders", [])',
      language: "elixir",
    },
  },
  notes: [
    "Only applications with an Ecto Repo are judged: without one, Postgrex is the database layer.",
    "Low when the application opens Postgrex connections itself (`Postgrex.start_link`, `{Postgrex, opts}` as a child): it talks to databases other than its Repo's (tenants, customers, replication), where Postgrex is the right tool; the message names where it connects. Scripts and seeds (`.exs`, priv/repo, mix tasks) are low too.",
    "The raising `query!` variant is mentioned in the message.",
  ],
  applies: (facts) => {
    const base = hasMixProject(facts);
    if (base !== true) return base;
    return facts.elixir.modules.some((mod) => mod.role === "repo" && !mod.isTest)
      ? true
      : { status: "not-applicable", reason: "no Ecto Repo module: Postgrex is the database layer" };
  },
  check({ facts, report }) {
    const calls = facts.elixir.postgrexCalls.filter((call) => !call.isTest);
    const connects = calls.filter((call) => call.fn === "start_link" || call.fn === "child_spec");
    const where = connects
      .slice(0, 2)
      .map((call) => `${call.path}:${call.line}`)
      .join(", ");
    for (const call of calls) {
      if (call.fn !== "query" && call.fn !== "query!") continue;
      const raises = call.fn === "query!" ? " and raises on any database error" : "";
      report({
        path: call.path,
        line: call.line,
        message:
          connects.length > 0
            ? `Postgrex.${call.fn} bypasses the Repo${raises}; the application opens its own Postgrex connections (${where}), so this probably queries another database`
            : `Postgrex.${call.fn} bypasses the Repo${raises}`,
        key: `Postgrex.${call.fn}`,
        severity: connects.length > 0 || isScriptPath(call.path) ? "low" : "medium",
      });
    }
  },
});
