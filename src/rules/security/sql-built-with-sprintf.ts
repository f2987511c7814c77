// go/sql-built-with-sprintf: SQL text assembled with `+` or fmt.Sprintf from variables and passed to Query/Exec.
import type { SgNode } from "@ast-grep/napi";
import {
  assignments,
  callArguments,
  calleeOf,
  constantNames,
  enclosingFunction,
  findKind,
  importMap,
  isExamplePath,
  isPackageCall,
  stringValue,
} from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

const SQL_METHODS = [
  "Query",
  "QueryContext",
  "QueryRow",
  "QueryRowContext",
  "Exec",
  "ExecContext",
  "Prepare",
  "PrepareContext",
  "Raw",
  "Select",
  "Get",
  "Queryx",
  "QueryRowx",
  "MustExec",
];
const SQL_WORDS = /\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|VALUES|ORDER BY|LIMIT|DROP|CREATE)\b/i;

export default defineRule({
  id: "go/sql-built-with-sprintf",
  area: "security",
  severity: "high",
  title: "SQL built by concatenation or fmt.Sprintf",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["go"],
  prefilter: /\b(Query|Exec|Prepare|Raw|Select|Get|Queryx|QueryRowx|MustExec)\w*\(/,
  notes: [
    "The SQL argument (first, or second after a context) counts as built when it is a `+` expression or fmt.Sprintf with SQL words and a non-constant part, or a variable assigned such a value in the same function.",
    "Constants declared in the file count as literals. Lowered to medium in examples/, scripts/ and tools/ folders.",
  ],
  docs: {
    rationale:
      "Query text built from values lets those values change the statement itself instead of being bound as parameters.",
    impact: "SQL injection: attackers read or modify any table the service's database user can reach.",
    fix: "Use placeholders (`$1`, `?`) and pass values as arguments; allow-list identifiers such as column names.",
    example: {
      language: "go",
      bad: 'rows, err := db.Query("SELECT * FROM users WHERE name = \'" + name + "\'")',
      good: 'rows, err := db.Query("SELECT * FROM users WHERE name = $1", name)',
    },
  },
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const constants = constantNames(tree);
    const severity = isExamplePath(path) ? "medium" : undefined;
    for (const call of findKind(tree, "call_expression")) {
      const callee = calleeOf(call);
      if (!callee?.receiverNode || !SQL_METHODS.includes(callee.name) || imports.has(callee.receiver ?? ""))
        continue;
      const args = callArguments(call);
      const sqlArg =
        callee.name.endsWith("Context") || callee.name === "Select" || callee.name === "Get"
          ? args[1]
          : args[0];
      if (!sqlArg) continue;
      const built = builtSql(sqlArg, imports, constants, call);
      if (built)
        report({
          node: call,
          message: `SQL passed to ${callee.name} is built with ${built}; use placeholders and arguments`,
          key: `sql-built:${callee.name}`,
          severity,
        });
    }
  },
});

/** How the SQL expression was built ("concatenation", "fmt.Sprintf"), or null when it is not. */
function builtSql(
  expr: SgNode,
  imports: Map<string, string>,
  constants: Set<string>,
  at: SgNode,
  depth = 0,
): string | null {
  if (expr.kind() === "binary_expression" && expr.field("operator")?.text() === "+") {
    const leaves = concatLeaves(expr);
    const literalText = leaves.map((leaf) => stringValue(leaf) ?? "").join(" ");
    const dynamic = leaves.some(
      (leaf) => stringValue(leaf) === null && !(leaf.kind() === "identifier" && constants.has(leaf.text())),
    );
    return dynamic && SQL_WORDS.test(literalText) ? "string concatenation" : null;
  }
  if (expr.kind() === "call_expression" && isPackageCall(expr, imports, "fmt", ["Sprintf"])) {
    const [format, ...rest] = callArguments(expr);
    const text = format ? stringValue(format) : null;
    const dynamic = rest.some(
      (arg) =>
        !(arg.kind() === "identifier" && constants.has(arg.text())) &&
        stringValue(arg) === null &&
        arg.kind() !== "int_literal",
    );
    return text !== null && SQL_WORDS.test(text) && /%[sv]/.test(text) && dynamic ? "fmt.Sprintf" : null;
  }
  if (expr.kind() === "identifier" && depth === 0) {
    const fn = enclosingFunction(at);
    if (!fn) return null;
    const name = expr.text();
    for (const { statement, left, right } of assignments(fn)) {
      if (statement.range().start.index > at.range().start.index) continue;
      if (left.length !== 1 || left[0]?.text() !== name || !right[0]) continue;
      const operator = statement
        .children()
        .find((child) => !child.isNamed() && /=$/.test(child.text()))
        ?.text();
      if (operator === "+=") {
        if (stringValue(right[0]) === null && !constants.has(right[0].text())) {
          const base = builtFromAny(fn, name, at);
          if (base) return "string concatenation";
        }
        continue;
      }
      const inner = builtSql(right[0], imports, constants, at, depth + 1);
      if (inner) return inner;
    }
  }
  return null;
}

/** Whether any literal assigned to `name` in the function reads like SQL (for `q += x` chains). */
function builtFromAny(fn: SgNode, name: string, at: SgNode): boolean {
  return assignments(fn).some(({ statement, left, right }) => {
    if (statement.range().start.index > at.range().start.index) return false;
    if (left.length !== 1 || left[0]?.text() !== name) return false;
    return right.some((value) => SQL_WORDS.test(value.text()));
  });
}

function concatLeaves(expr: SgNode): SgNode[] {
  if (expr.kind() === "binary_expression" && expr.field("operator")?.text() === "+") {
    const left = expr.field("left");
    const right = expr.field("right");
    return [...(left ? concatLeaves(left) : []), ...(right ? concatLeaves(right) : [])];
  }
  if (expr.kind() === "parenthesized_expression") return concatLeaves(expr.child(1) ?? expr);
  return [expr];
}
