// elixir/repo-in-loop: an Ecto Repo read inside Enum.map/each/reduce or a `for` comprehension — one query per element (N+1).
import { isRepoReceiver, isScriptPath, REPO_READS } from "../../facts/elixir/applies.js";
import { calls, enclosingLoop, remoteCall } from "../../facts/elixir/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/repo-in-loop",
  area: "database",
  severity: "medium",
  title: "Repo query inside a loop (N+1)",
  languages: ["elixir"],
  prefilter: /Repo\.\w/,
  effortMinutes: 30,
  docs: {
    rationale:
      "A `Repo.get`/`Repo.one`/`Repo.preload` per element of a list sends one query per element instead of one query for the list.",
    impact: "Latency and database load grow with the list size; a page of 500 rows costs 500 round trips.",
    fix: "Query once for all elements (`where: x.id in ^ids`), preload associations on the list, or use a join.",
    example: {
      bad: "for id <- ids, do: Repo.get(User, id).email",
      good: "Repo.all(from u in User, where: u.id in ^ids, select: u.email)",
      language: "elixir",
    },
  },
  notes: [
    "Writes inside loops are reported by elixir/writes-outside-transaction; scripts and seeds (`.exs`, priv/repo) are lowered to low.",
  ],
  checkFile({ tree, path, report }) {
    if (!tree) return;
    for (const call of calls(tree)) {
      const remote = remoteCall(call);
      if (!remote || !isRepoReceiver(remote.receiver) || !REPO_READS.has(remote.fn)) continue;
      const loop = enclosingLoop(call);
      if (!loop) continue;
      const loopName = remoteCall(loop) ? `${remoteCall(loop)!.receiver}.${remoteCall(loop)!.fn}` : "for";
      report({
        node: call,
        message: `${remote.receiver}.${remote.fn} runs once per element of ${loopName} (line ${loop.range().start.line + 1})`,
        key: `${remote.receiver}.${remote.fn} in ${loopName}`,
        severity: isScriptPath(path) ? "low" : "medium",
      });
    }
  },
});
