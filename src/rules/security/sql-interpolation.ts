// elixir/sql-interpolation: raw SQL passed to the database built with string interpolation.
import { isScriptPath } from "../../facts/elixir/applies.js";
import type { SgNode } from "@ast-grep/napi";
import {
  callArguments,
  callName,
  calls,
  enclosingFunction,
  isInterpolatedString,
  literal,
  remoteCall,
} from "../../facts/elixir/syntax.js";
import { defineRule } from "../define-rule.js";

const SQL_CALLS: Record<string, number> = {
  "Ecto.Adapters.SQL.query": 1,
  "Ecto.Adapters.SQL.query!": 1,
  "SQL.query": 1,
  "SQL.query!": 1,
  "Ecto.Adapters.SQL.stream": 1,
  "Postgrex.query": 1,
  "Postgrex.query!": 1,
  "Postgrex.prepare": 2,
  "Repo.query": 0,
  "Repo.query!": 0,
};

export default defineRule({
  id: "elixir/sql-interpolation",
  area: "security",
  severity: "high",
  title: "SQL built with string interpolation",
  languages: ["elixir"],
  prefilter: /query!?\(|prepare\(|stream\(/,
  effortMinutes: 30,
  docs: {
    rationale:
      'Interpolating values into SQL text (`"... #{term}"`) lets the value change the statement; the driver\'s parameters exist to keep data out of the SQL.',
    impact: "SQL injection: reading or modifying any table the database user can reach.",
    fix: "Pass values as parameters (`$1`, `$2` …) in the argument list, or use Ecto.Query with `^pinned` values.",
    example: {
      bad: "Ecto.Adapters.SQL.query!(Repo, \"SELECT id FROM users WHERE email = '#{email}'\")",
      good: 'Ecto.Adapters.SQL.query!(Repo, "SELECT id FROM users WHERE email = $1", [email])',
      language: "elixir",
    },
  },
  notes: [
    "`MyApp.Repo.query/2` is matched by its `Repo` suffix; scripts and seeds are lowered to medium.",
    "Interpolations of module attributes, literals, and variables assigned in the same function from `Application.*env` or a literal are trusted (they cannot carry request data).",
  ],
  checkFile({ tree, path, report }) {
    if (!tree) return;
    for (const call of calls(tree)) {
      const remote = remoteCall(call);
      if (!remote) continue;
      const name = /(^|\.)Repo$/.test(remote.receiver)
        ? `Repo.${remote.fn}`
        : `${remote.receiver}.${remote.fn}`;
      const position = SQL_CALLS[name];
      if (position === undefined) continue;
      // In a pipeline (`repo |> SQL.query(sql)`) the first argument is the piped value.
      const piped =
        call.parent()?.kind() === "binary_operator" &&
        call.parent()?.text().includes("|>") &&
        call.parent()?.child(0)?.id() !== call.id();
      const sql = callArguments(call)[piped ? Math.max(0, position - 1) : position];
      if (!sql || !isInterpolatedString(sql) || onlyTrustedInterpolations(sql)) continue;
      report({
        node: call,
        message: `${name} receives SQL built with #{} interpolation`,
        key: `${name}:${sql.text().slice(0, 60)}`,
        severity: isScriptPath(path) ? "medium" : "high",
      });
    }
  },
});

/** True when every `#{...}` in the string is a module attribute, a literal, or a local bound to app config or a literal. */
function onlyTrustedInterpolations(sql: SgNode): boolean {
  const fn = enclosingFunction(sql);
  return sql
    .children()
    .filter((child) => child.kind() === "interpolation")
    .every((interpolation) => {
      const inner = interpolation.children().filter((child) => child.isNamed())[0];
      if (!inner) return true;
      if (inner.kind() === "unary_operator" && inner.text().startsWith("@")) return true;
      if (literal(inner) !== null) return true;
      if (inner.kind() !== "identifier" || !fn) return false;
      const name = inner.text();
      const assignments = fn
        .findAll({ rule: { kind: "binary_operator" } })
        .filter(
          (op) =>
            op.child(0)?.kind() === "identifier" &&
            op.child(0)?.text() === name &&
            op.children().some((c) => !c.isNamed() && c.text() === "="),
        );
      return (
        assignments.length > 0 &&
        assignments.every((op) => {
          const value = op.children().filter((child) => child.isNamed())[1];
          return (
            value !== undefined &&
            (literal(value) !== null ||
              /^Application\.(fetch_env!?|get_env|compile_env!?)$/.test(callName(value) ?? ""))
          );
        })
      );
    });
}
