// elixir/rescue-catch-all: `rescue _ ->` / `rescue e ->` / `catch _, _ ->` clauses that swallow every error, counted per file.
import type { SgNode } from "@ast-grep/napi";
import { calls, callName } from "../../facts/elixir/syntax.js";
import { defineRule } from "../define-rule.js";

/** A body that re-raises, logs or reports the error does not swallow it. */
const HANDLES =
  /^(raise|reraise|exit|throw|Logger\.\w+|:telemetry\.execute|Sentry\.\w+|Kernel\.reraise|:erlang\.raise)$/;

export default defineRule({
  id: "elixir/rescue-catch-all",
  area: "errors",
  severity: "medium",
  title: "Catch-all rescue that swallows errors",
  languages: ["elixir"],
  prefilter: /\b(rescue|catch)\b/,
  effortMinutes: 20,
  confidence: "heuristic",
  options: { minClauses: 1 },
  docs: {
    rationale:
      "`rescue _ ->` catches every exception, including bugs (FunctionClauseError, KeyError), and turns them into a normal return value without a trace.",
    impact:
      "Failures become silent wrong results; the supervisor never restarts the process and nobody is alerted.",
    fix: "Rescue the specific exceptions you expect (`e in [Req.TransportError]`), log them, and let everything else crash.",
    example: {
      bad: "try do\n  Req.get!(url).body\nrescue\n  _ -> nil\nend",
      good: 'try do\n  Req.get!(url).body\nrescue\n  error in Req.TransportError ->\n    Logger.warning("fetch failed: #{Exception.message(error)}")\n    nil\nend',
      language: "elixir",
    },
  },
  notes: [
    "One finding per file with the number of swallowing catch-all clauses and their lines, like the seed reports' per-file counts.",
    "Clauses whose body raises, reraises, exits or logs are not counted.",
  ],
  checkFile({ tree, report }) {
    if (!tree) return;
    const swallowing: SgNode[] = [];
    for (const block of tree.findAll({
      rule: { any: [{ kind: "rescue_block" }, { kind: "catch_block" }] },
    })) {
      for (const clause of block.children().filter((child) => child.kind() === "stab_clause")) {
        const args = clause.children().find((child) => child.kind() === "arguments");
        const patterns = args ? args.children().filter((child) => child.isNamed()) : [];
        const catchAll = patterns.length > 0 && patterns.every((pattern) => pattern.kind() === "identifier");
        if (!catchAll) continue;
        const body = clause.children().find((child) => child.kind() === "body");
        if (body && calls(body).some((call) => HANDLES.test(callName(call) ?? ""))) continue;
        swallowing.push(clause);
      }
    }
    if (swallowing.length === 0) return;
    const lines = swallowing.map((clause) => clause.range().start.line + 1);
    report({
      line: lines[0],
      endLine: lines[lines.length - 1],
      message: `${swallowing.length} catch-all rescue/catch clause(s) swallow errors (lines ${lines.join(", ")})`,
      snippet: swallowing
        .map((clause) => `${clause.range().start.line + 1}: ${clause.text().split("\n")[0]}`)
        .join("\n"),
      key: "rescue-catch-all",
    });
  },
});
