// elixir/sql-interpolation: raw SQL passed to the database built with string interpolation.
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
import { isSeedPath } from "../../facts/one-off-code.js";
import { elixirCallsAnalyzer } from "../../facts/elixir/calls.js";
import { defineRule } from "../define-rule.js";
import {
  appendPiece,
  appendText,
  bindsPlaceholders,
  isSafeSqlFunction,
  isSqlFragmentName,
  judgeSqlInterpolation,
  saysReviewed,
  type SqlPieceKind,
  type SqlTemplate,
} from "../shared/sql-interpolation.js";

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
    "`MyApp.Repo.query/2` is matched by its `Repo` suffix.",
    "Interpolations that come from code are not data: module attributes, literals, variables assigned in the same function from `Application.*env` or a literal, and numbers (`Integer.to_string`). Zero-argument functions and names that say SQL (`where_sql`) are fragments the code assembles, reported only when no parameters are passed.",
    'High when an interpolation lands where a value goes; a dynamic table or column name is medium, and low when values are passed as parameters beside it. DDL (CREATE/DROP/ALTER, where identifiers cannot be bound), session settings (`SET search_path = …`, which take no parameters), migrations, seeds (and modules under a `seeds/` folder), `.exs` scripts, mix tasks and tests, and functions marked `# sobelow_skip ["SQL…"]`, are low at most.',
  ],
  checkFile({ tree, path, lines, report, fileFact }) {
    if (!tree) return;
    const definedHere = new Set((fileFact(elixirCallsAnalyzer)?.functions ?? []).map((fn) => fn.name));
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
      const args = callArguments(call);
      const at = piped ? Math.max(0, position - 1) : position;
      const sql = args[at];
      if (!sql || !isInterpolatedString(sql)) continue;
      // The callee only takes SQL, so the text needs no keywords to count as SQL.
      const template = sqlTemplate(sql);
      const params = args[at + 1];
      const fn = enclosingFunction(call);
      const judgement = judgeSqlInterpolation({
        template,
        valuesBound:
          bindsPlaceholders(template, true) || (params !== undefined && !/^\[\s*\]$/.test(params.text())),
        path,
        // A seed module (`lib/app/seeds/seeds_scale.ex`) fills a database by hand, like a script.
        runsByHand: isSeedPath(path),
        reviewed: saysReviewed(
          lines.slice(Math.max(0, (fn ?? call).range().start.line - 2), call.range().end.line + 1),
        ),
      });
      if (!judgement) continue;
      // Every interpolated value is a name the code derives (a configured setting, a function of this module):
      // an identifier that cannot take a placeholder and that no request chooses.
      const values = template.pieces.filter((piece) => piece.kind === "value");
      const derived =
        judgement.severity === "medium" &&
        values.length > 0 &&
        values.every((piece) => derivedName(piece.text, definedHere));
      if (derived) {
        judgement.severity = "low";
        judgement.reason += ", a name the code derives (a configured setting or a function of this module)";
      }
      report({
        node: call,
        message: `${name} receives SQL built with #{} interpolation that ${judgement.reason}`,
        key: `${name}:${sql.text().slice(0, 60)}`,
        severity: judgement.severity,
      });
    }
  },
});

function sqlTemplate(sql: SgNode): SqlTemplate {
  const template: SqlTemplate = { literals: [""], pieces: [] };
  const fn = enclosingFunction(sql);
  for (const part of sql.children()) {
    if (part.kind() === "quoted_content" || part.kind() === "escape_sequence")
      appendText(template, part.text());
    else if (part.kind() === "interpolation") {
      const inner = part.children().filter((child) => child.isNamed())[0];
      appendPiece(template, { kind: inner ? pieceKind(inner, fn) : "constant", text: inner?.text() ?? "" });
    }
  }
  return template;
}

/** What an interpolation is: a constant of the code, a number, a fragment the code assembles, or possible data. */
function pieceKind(inner: SgNode, fn: SgNode | null): SqlPieceKind {
  if (inner.kind() === "unary_operator" && inner.text().startsWith("@")) return "constant";
  if (literal(inner) !== null) return "constant";
  if (inner.kind() === "call") {
    const name = callName(inner) ?? "";
    if (/^(Integer|Float)\.to_string$/.test(name) || isSafeSqlFunction(name)) return "safe";
    // `stream_schema()`: a zero-argument function reads configuration or state, never the request.
    if (callArguments(inner).length === 0 && !inner.text().includes(".")) return "fragment";
    return isSqlFragmentName(name.slice(name.lastIndexOf(".") + 1)) ? "fragment" : "value";
  }
  if (inner.kind() !== "identifier") return "value";
  const name = inner.text();
  if (fn && boundToConfigOrLiteral(name, fn)) return "constant";
  return isSqlFragmentName(name) ? "fragment" : "value";
}

/** Whether every assignment of the local in the function binds a literal or a value of the app's config. */
function boundToConfigOrLiteral(name: string, fn: SgNode): boolean {
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
}

/**
 * A value the code derives rather than receives: a configured setting (`state.config[:channel]`, `opts[:prefix]`,
 * `Keyword.get(config, :schema)`) or a call of a function this file defines (`partition_name(consumer)`), as the
 * Elixir call facts list them.
 */
function derivedName(text: string, definedHere: ReadonlySet<string>): boolean {
  if (/^([a-z_]\w*\.)*(config|opts|options|settings)\[:\w+\]$/.test(text)) return true;
  if (/^Keyword\.(get|fetch!?)\((config|opts|options|settings)\b/.test(text)) return true;
  const local = /^([a-z_]\w*[?!]?)\(/.exec(text)?.[1];
  return local !== undefined && definedHere.has(local);
}
