// python/sql-string-interpolation: SQL text built with f-strings, `%`, `+` or str.format and passed to
// execute/executemany/text, directly or through a variable assigned in the same function.
import type { SgNode } from "@ast-grep/napi";
import {
  assignedValue,
  calleeOf,
  importMap,
  isAuxiliaryPath,
  isFString,
  isMigrationPath,
  positionalArgs,
  stringValue,
} from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

const EXECUTE_METHODS = new Set([
  "execute",
  "executemany",
  "executescript",
  "exec_driver_sql",
  "raw",
  "fetch",
  "fetchrow",
  "fetchval",
]);
const TEXT_CALLS = new Set([
  "sqlalchemy.text",
  "sqlalchemy.sql.text",
  "sqlalchemy.sql.expression.text",
  "sqlmodel.text",
]);
const SQL_FRAGMENT = /(^|_)(sql|subquery|clause|placeholders?|columns|cols)$/i;
const SQL_WORDS =
  /\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|WHERE|DROP\s+TABLE|ORDER\s+BY|VALUES\s*\()/i;

export default defineRule({
  id: "python/sql-string-interpolation",
  area: "security",
  severity: "high",
  title: "SQL built with string formatting",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["python"],
  prefilter: /\b(execute|executemany|executescript|exec_driver_sql|raw|fetch\w*|text)\s*\(/,
  notes: [
    "The SQL argument counts as built when it is an f-string with interpolations, `'...' % x`, `'...' + x` or `'...'.format(x)` whose literal text contains SQL keywords, or a variable assigned such a value earlier in the same function.",
    'Interpolations of UPPER_CASE constants count as literals. `text(f"...")` is reported once, at text(). Lowered to medium in examples/, scripts/, tools/ and docs/ folders and in migration files (they run once, on data already in the database).',
  ],
  docs: {
    rationale:
      "Query text built from values lets those values change the statement itself instead of being bound as parameters.",
    impact: "SQL injection: attackers read or modify any table the service's database user can reach.",
    fix: "Use bound parameters (`:name` with text(), `%s`/`?` placeholders with DB-API cursors) and allow-list identifiers such as column names.",
    example: {
      language: "python",
      bad: "db.execute(text(f\"SELECT * FROM users WHERE email = '{email}'\"))",
      good: 'db.execute(text("SELECT * FROM users WHERE email = :email"), {"email": email})',
    },
  },
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const severity = isAuxiliaryPath(path) || isMigrationPath(path) ? "medium" : undefined;
    for (const call of tree.findAll({ rule: { kind: "call" } })) {
      const callee = calleeOf(call, imports);
      if (!callee) continue;
      const isText = TEXT_CALLS.has(callee.qualified);
      if (!isText && !(callee.receiver && EXECUTE_METHODS.has(callee.name))) continue;
      const arg = positionalArgs(call)[0];
      if (!arg) continue;
      if (!isText && arg.kind() === "call" && TEXT_CALLS.has(calleeOf(arg, imports)?.qualified ?? ""))
        continue;
      const built = builtSql(arg, call);
      if (!built) continue;
      const target = isText ? "text()" : `${callee.name}()`;
      report({
        node: call,
        message: `SQL passed to ${target} is built with ${built}; bind values as parameters instead`,
        key: `sql-interpolation:${callee.name}:${arg.text().slice(0, 60)}`,
        severity,
      });
    }
  },
});

/** How the SQL expression was built, or null when it is a literal or not SQL. */
function builtSql(expr: SgNode, at: SgNode, depth = 0): string | null {
  const kind = expr.kind();
  if (kind === "string" && isFString(expr)) {
    const interpolations = expr.children().filter((c) => c.kind() === "interpolation");
    const dynamic = interpolations.some((i) => !isConstantExpr(i.children().find((c) => c.isNamed()) ?? i));
    return dynamic && SQL_WORDS.test(literalText(expr)) ? "an f-string" : null;
  }
  if (kind === "binary_operator") {
    const operator = expr.field("operator")?.text();
    const left = expr.field("left");
    const right = expr.field("right");
    if (!left || !right) return null;
    if (operator === "%") {
      const text = stringValue(left);
      return text !== null && SQL_WORDS.test(text) && /%[sdr(]/.test(text) && !isConstantExpr(right)
        ? "% formatting"
        : null;
    }
    if (operator === "+") {
      const leaves = plusLeaves(expr);
      const text = leaves.map((l) => stringValue(l) ?? (isFString(l) ? literalText(l) : "")).join(" ");
      const dynamic = leaves.some((l) => stringValue(l) === null && !isConstantExpr(l));
      return dynamic && SQL_WORDS.test(text) ? "string concatenation" : null;
    }
    return null;
  }
  if (kind === "call") {
    const fn = expr.field("function");
    if (fn?.kind() === "attribute" && fn.field("attribute")?.text() === "format") {
      const base = fn.field("object");
      const text = base ? stringValue(base) : null;
      const args =
        expr
          .field("arguments")
          ?.children()
          .filter((c) => c.isNamed()) ?? [];
      return text !== null &&
        SQL_WORDS.test(text) &&
        /\{[^}]*\}/.test(text) &&
        args.some((a) => !isConstantExpr(a.kind() === "keyword_argument" ? (a.field("value") ?? a) : a))
        ? "str.format"
        : null;
    }
    return null;
  }
  if (kind === "identifier" && depth === 0) {
    const value = assignedValue(expr.text(), at);
    return value ? builtSql(value, at, depth + 1) : null;
  }
  return null;
}

function plusLeaves(expr: SgNode): SgNode[] {
  if (expr.kind() === "binary_operator" && expr.field("operator")?.text() === "+") {
    return [...plusLeaves(expr.field("left") ?? expr), ...plusLeaves(expr.field("right") ?? expr)];
  }
  if (expr.kind() === "parenthesized_expression")
    return expr
      .children()
      .filter((c) => c.isNamed())
      .flatMap(plusLeaves);
  return [expr];
}

function literalText(fstring: SgNode): string {
  return fstring
    .children()
    .filter((c) => c.kind() === "string_content")
    .map((c) => c.text())
    .join(" ");
}

/** Literals and UPPER_CASE constants (module constants by convention). */
function isConstantExpr(node: SgNode): boolean {
  const kind = node.kind();
  if (kind === "integer" || kind === "float" || kind === "true" || kind === "false" || kind === "none")
    return true;
  if (kind === "string") return stringValue(node) !== null;
  // UPPER_CASE constants, and SQL fragments composed elsewhere (`sql`, `where_clause`, `placeholders`).
  if (kind === "identifier") return /^[A-Z][A-Z0-9_]*$/.test(node.text()) || SQL_FRAGMENT.test(node.text());
  if (kind === "attribute") return /^[A-Z][A-Z0-9_]*$/.test(node.field("attribute")?.text() ?? "");
  if (kind === "tuple" || kind === "parenthesized_expression")
    return node
      .children()
      .filter((c) => c.isNamed())
      .every(isConstantExpr);
  return false;
}
