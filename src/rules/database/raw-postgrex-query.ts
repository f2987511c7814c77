// elixir/raw-postgrex-query: Postgrex.query/query! called directly, bypassing the Ecto Repo (pool, telemetry, sandbox).
import { isScriptPath } from "../../facts/elixir/applies.js";
import { calls, remoteCall } from "../../facts/elixir/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/raw-postgrex-query",
  area: "database",
  severity: "medium",
  title: "Direct Postgrex query bypassing the Repo",
  languages: ["elixir"],
  prefilter: /Postgrex\.query/,
  effortMinutes: 30,
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
    "Scripts and seeds (`.exs`, priv/repo) are lowered to low; the raising `query!` variant is mentioned in the message.",
  ],
  checkFile({ tree, path, report }) {
    if (!tree) return;
    for (const call of calls(tree)) {
      const remote = remoteCall(call);
      if (!remote || remote.receiver !== "Postgrex" || (remote.fn !== "query" && remote.fn !== "query!"))
        continue;
      report({
        node: call,
        message: `Postgrex.${remote.fn} bypasses the Repo${remote.fn === "query!" ? " and raises on any database error" : ""}`,
        key: `Postgrex.${remote.fn}`,
        severity: isScriptPath(path) ? "low" : "medium",
      });
    }
  },
});
