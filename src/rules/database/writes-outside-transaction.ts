// elixir/writes-outside-transaction: Repo writes repeated in a loop with no Repo.transaction / Ecto.Multi around them.
import { isRepoReceiver, isScriptPath, REPO_WRITES } from "../../facts/elixir/applies.js";
import { calls, enclosingLoop, insideTransaction, remoteCall } from "../../facts/elixir/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/writes-outside-transaction",
  area: "database",
  severity: "high",
  title: "Multi-record write outside a transaction",
  languages: ["elixir"],
  prefilter: /Repo\.(insert|update|delete)/,
  effortMinutes: 45,
  confidence: "heuristic",
  docs: {
    rationale:
      "Inserting, updating or deleting several records one by one without a transaction commits each separately; a failure halfway leaves the first half written.",
    impact:
      "Partial imports and half-applied state changes that have to be repaired by hand; with `!` variants the caller also gets an exception after some rows were committed.",
    fix: "Wrap the loop in `Repo.transaction/1`, build an `Ecto.Multi`, or use `Repo.insert_all/3` for bulk inserts.",
    example: {
      bad: "Enum.each(rows, fn attrs -> Repo.insert!(User.changeset(%User{}, attrs)) end)",
      good: "Repo.transaction(fn ->\n  Enum.each(rows, fn attrs -> Repo.insert!(User.changeset(%User{}, attrs)) end)\nend)",
      language: "elixir",
    },
  },
  notes: [
    "A loop inside Repo.transaction/transact or an Ecto.Multi pipeline in the same function is not reported; a caller's transaction cannot be seen, hence heuristic.",
    "Migrations are skipped (Ecto wraps each in a transaction) unless they set `@disable_ddl_transaction true`.",
    "Seeds, scripts and mix tasks (`.exs`, priv/repo, lib/mix/tasks) are lowered to low.",
  ],
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    // Ecto runs each migration in a transaction unless it opts out.
    if (/\buse\s+Ecto\.Migration\b/.test(text) && !/@disable_ddl_transaction\s+true/.test(text)) return;
    const seen = new Set<number>();
    for (const call of calls(tree)) {
      const remote = remoteCall(call);
      if (!remote || !isRepoReceiver(remote.receiver) || !REPO_WRITES.has(remote.fn)) continue;
      const loop = enclosingLoop(call);
      if (!loop || seen.has(loop.id()) || insideTransaction(call)) continue;
      seen.add(loop.id());
      report({
        node: call,
        message: `${remote.receiver}.${remote.fn} is repeated per element with no transaction around the loop`,
        key: `${remote.receiver}.${remote.fn} in loop`,
        severity: isScriptPath(path) ? "low" : "high",
      });
    }
  },
});
