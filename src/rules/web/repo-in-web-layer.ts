// elixir/repo-in-web-layer: controllers, LiveViews and components calling the Ecto Repo directly.
import { isRepoReceiver } from "../../facts/elixir/applies.js";
import { calls, enclosingModule, remoteCall } from "../../facts/elixir/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/repo-in-web-layer",
  area: "web",
  severity: "low",
  title: "Repo called from the web layer",
  languages: ["elixir"],
  prefilter: /Repo\.\w/,
  effortMinutes: 30,
  confidence: "heuristic",
  docs: {
    rationale:
      "Phoenix keeps data access in contexts; a controller or LiveView that queries the Repo spreads query logic and authorisation checks across the web layer.",
    impact:
      "Queries are duplicated between controllers, bypass the context's validation and scoping, and cannot be reused by other entry points (APIs, jobs).",
    fix: "Move the query into a context function (`Accounts.get_user!/1`) and call that from the web layer.",
    example: {
      bad: 'def show(conn, %{"id" => id}), do: render(conn, :show, user: Shop.Repo.get!(User, id))',
      good: 'def show(conn, %{"id" => id}), do: render(conn, :show, user: Accounts.get_user!(id))',
      language: "elixir",
    },
  },
  notes: [
    "Web modules are those in a `*Web` namespace (Phoenix's convention) or under lib/*_web/; one finding per module with the count.",
  ],
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const byModule = new Map<string, ReturnType<typeof calls>>();
    for (const call of calls(tree)) {
      const remote = remoteCall(call);
      if (!remote || !isRepoReceiver(remote.receiver)) continue;
      const module = enclosingModule(call) ?? "";
      const web = /^[A-Z]\w*Web(\.|$)/.test(module) || /(^|\/)lib\/[a-z0-9_]+_web\//.test(path);
      if (!web) continue;
      byModule.set(module, [...(byModule.get(module) ?? []), call]);
    }
    for (const [module, found] of byModule) {
      const first = found[0]!;
      report({
        node: first,
        message: `${module || "This module"} calls the Repo directly ${found.length} time(s) (lines ${found.map((call) => call.range().start.line + 1).join(", ")})`,
        key: `${module}:repo`,
      });
    }
  },
});
