// python/sql-string-interpolation: SQL text built with f-strings, `%`, `+` or str.format and passed to
// execute/executemany/text, directly or through a variable assigned in the same function.
import type { SgNode } from "@ast-grep/napi";
import {
  bindingsOf,
  calleeOf,
  commandLineLibrary,
  enclosingFunction,
  hasKwargsSplat,
  importMap,
  isFString,
  keywordArg,
  positionalArgs,
  stringValue,
} from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";
import {
  appendPiece,
  appendTemplate,
  appendText,
  bindsPlaceholders,
  isConstantName,
  isSafeSqlFunction,
  isSqlFragmentName,
  judgeSqlInterpolation,
  looksLikeSql,
  saysReviewed,
  type SqlPiece,
  type SqlPieceKind,
  type SqlTemplate,
} from "../shared/sql-interpolation.js";

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
const PARAMETER_KEYWORDS = ["params", "parameters", "args", "values", "vars"];

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
    "The SQL argument counts as built when it is an f-string with interpolations, `'...' % x`, `'...' + x` or `'...'.format(x)` whose literal text reads like SQL, or a variable assigned such a value earlier in the same function.",
    "Interpolated pieces that come from code are not data: literals, UPPER_CASE constants, a model's `__tablename__`, enum members, lookups in UPPER_CASE mappings (allow-lists), locals bound only to those or looping over a literal list, quoted identifiers (`quote_ident`, `quote_name`), names from the program's own list of tables or columns (a loop over `self.table_names` or `ALLOWED_COLUMNS`, a parameter every call in the file fills with one, or a query inside `if table in self.table_names:`), numbers (`int(x)`, `%d`, `limit + 1`), quoting helpers (`identifier(c)`, `literal_string(s)`), placeholder lists (`', '.join('?' * n)`), bind-parameter names the code assembles (`f\":val_{i}\"`, `\":\" + name`, comprehensions over `range`), and `'…'.format(…)` or `**params` built only from those. SQL fragments the code assembles (`where_sql`, `placeholders`, method calls with constant arguments) are reported only when no values are bound as parameters.",
    'High when a piece lands where a value goes; a dynamic table or column name is medium, and low when the values beside it are bound as parameters. DDL (identifiers cannot be bound there), migrations, scripts, tools, examples and docs, click/typer commands, and queries marked `# noqa: S608` or `# nosec` are low at most. `text(f"...")` is reported once, at text().',
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
  checkFile({ tree, path, lines, report }) {
    if (!tree) return;
    const imports = importMap(tree);
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
      const fn = enclosingFunction(call);
      const judgement = judgeSqlInterpolation({
        template: built.template,
        valuesBound:
          bindsPlaceholders(built.template, built.how === "% formatting") ||
          (isText ? textBindsValues(call) : passesParameters(call)),
        path,
        reviewed: [call, built.source].some((node) =>
          saysReviewed(lines.slice(Math.max(0, node.range().start.line - 1), node.range().end.line + 1)),
        ),
        runsByHand: fn !== null && commandLineLibrary(fn, imports) !== null,
      });
      if (!judgement) continue;
      const target = isText ? "text()" : `${callee.name}()`;
      report({
        node: call,
        message: `SQL passed to ${target} is built with ${built.how} that ${judgement.reason}; bind values as parameters instead`,
        key: `sql-interpolation:${callee.name}:${arg.text().slice(0, 60)}`,
        severity: judgement.severity,
      });
    }
  },
});

/** Whether an execute-style call passes values beside the SQL (a second argument or a parameters keyword). */
function passesParameters(call: SgNode): boolean {
  return (
    positionalArgs(call).length > 1 ||
    hasKwargsSplat(call) ||
    PARAMETER_KEYWORDS.some((name) => keywordArg(call, name) !== null)
  );
}

/** Whether `text(...)` gets bound values: `.bindparams(...)`, or the call it is passed to has a second argument. */
function textBindsValues(textCall: SgNode): boolean {
  const parent = textCall.parent();
  if (parent?.kind() === "attribute" && parent.field("attribute")?.text() === "bindparams") return true;
  const outer = parent?.kind() === "argument_list" ? parent.parent() : null;
  return outer?.kind() === "call" && passesParameters(outer);
}

interface BuiltSql {
  how: string;
  template: SqlTemplate;
  /** The expression the text comes from (the value assigned to a local, when the SQL is passed through one). */
  source: SgNode;
}

/** How the SQL expression was built and its text with the interpolated pieces, or null for literals and non-SQL. */
function builtSql(expr: SgNode, at: SgNode, depth = 0): BuiltSql | null {
  const kind = expr.kind();
  let built: BuiltSql | null = null;
  if (kind === "string" && isFString(expr))
    built = { how: "an f-string", template: fStringTemplate(expr, at), source: expr };
  else if (kind === "binary_operator") {
    const operator = expr.field("operator")?.text();
    const left = expr.field("left");
    const right = expr.field("right");
    if (!left || !right) return null;
    if (operator === "%") {
      const text = stringValue(left);
      if (text !== null)
        built = { how: "% formatting", template: percentTemplate(text, right, at), source: expr };
    } else if (operator === "+")
      built = { how: "string concatenation", template: plusTemplate(expr, at), source: expr };
  } else if (kind === "call") {
    const fn = expr.field("function");
    const base =
      fn?.kind() === "attribute" && fn.field("attribute")?.text() === "format" ? fn.field("object") : null;
    const text = base ? stringValue(base) : null;
    if (text !== null) built = { how: "str.format", template: formatTemplate(text, expr, at), source: expr };
  } else if (kind === "identifier" && depth === 0) {
    const { values } = bindingsOf(expr.text(), at);
    const last = values[values.length - 1];
    return last ? builtSql(last, at, depth + 1) : null;
  }
  if (!built || built.template.pieces.length === 0) return null;
  return looksLikeSql(built.template.literals.join(" ")) ? built : null;
}

function fStringTemplate(fstring: SgNode, at: SgNode): SqlTemplate {
  return fStringTemplateIn(fstring, at, 0, NO_SCOPE);
}

function fStringTemplateIn(
  fstring: SgNode,
  at: SgNode,
  depth: number,
  scope: ComprehensionScope,
): SqlTemplate {
  const template: SqlTemplate = { literals: [""], pieces: [] };
  for (const part of fstring.children()) {
    if (part.kind() === "string_content" || part.kind() === "escape_sequence")
      appendText(template, part.text());
    else if (part.kind() === "interpolation") {
      const inner = part.children().find((c) => c.isNamed()) ?? part;
      const kind = pieceKind(inner, at, depth, scope);
      // `f":val_{idx}"`, `f"cast(:{p} as nested)"`: a piece that completes a bind parameter's name is a
      // placeholder the code assembles; the value itself is bound by that name.
      const bindName =
        kind === "value" && endsWithBindName(template.literals[template.literals.length - 1] ?? "");
      appendPiece(template, { kind: bindName ? "fragment" : kind, text: inner.text() });
    }
  }
  return template;
}

/** Whether literal text ends inside a named bind parameter (`:`, `:val_`), so what follows completes its name. */
function endsWithBindName(text: string): boolean {
  return /(^|[^:\w]):[A-Za-z_]?\w*$/.test(text);
}

function isNumber(node: SgNode): boolean {
  return node.kind() === "integer" || node.kind() === "float";
}

const PERCENT_SPEC = /%(\((\w+)\))?[-#0 +]*(\d+|\*)?(\.\d+)?([sdrifgexXoac])/g;

function percentTemplate(format: string, right: SgNode, at: SgNode): SqlTemplate {
  const items = right.kind() === "tuple" ? right.children().filter((c) => c.isNamed()) : [right];
  const named = right.kind() === "dictionary" ? dictionaryValues(right) : null;
  const template: SqlTemplate = { literals: [], pieces: [] };
  let last = 0;
  let position = 0;
  for (const match of format.matchAll(PERCENT_SPEC)) {
    template.literals.push(format.slice(last, match.index));
    last = match.index + match[0].length;
    const value = match[2] && named ? named.get(match[2]) : items[position++];
    template.pieces.push(numberSpec(match[5]) ? safePiece(value) : piece(value, at));
  }
  template.literals.push(format.slice(last));
  return template;
}

function formatTemplate(format: string, call: SgNode, at: SgNode): SqlTemplate {
  const args = call.field("arguments")?.children() ?? [];
  const positional = args.filter(
    (c) => c.isNamed() && c.kind() !== "keyword_argument" && c.kind() !== "comment",
  );
  const keywords = new Map(
    args
      .filter((c) => c.kind() === "keyword_argument")
      .map((c) => [c.field("name")?.text() ?? "", c.field("value") ?? c] as const),
  );
  // `.format(**params)` with `params = dict(table=…, columns=…)` or a dict literal assigned in the same function.
  for (const splat of args.filter((c) => c.kind() === "dictionary_splat")) {
    const name = splat.children().find((c) => c.isNamed());
    if (name?.kind() !== "identifier") continue;
    const { values } = bindingsOf(name.text(), at);
    const bound = values.length === 1 ? values[0] : undefined;
    if (bound?.kind() === "dictionary")
      for (const [key, value] of dictionaryValues(bound)) if (!keywords.has(key)) keywords.set(key, value);
    if (bound?.kind() === "call" && bound.field("function")?.text() === "dict")
      for (const arg of bound.field("arguments")?.children() ?? [])
        if (arg.kind() === "keyword_argument" && !keywords.has(arg.field("name")?.text() ?? ""))
          keywords.set(arg.field("name")?.text() ?? "", arg.field("value") ?? arg);
  }
  const template: SqlTemplate = { literals: [], pieces: [] };
  let last = 0;
  let position = 0;
  for (const match of format.matchAll(/\{([^{}:!]*)([^{}]*)\}/g)) {
    template.literals.push(format.slice(last, match.index));
    last = match.index + match[0].length;
    const field = match[1] ?? "";
    const value =
      field === ""
        ? positional[position++]
        : /^\d+$/.test(field)
          ? positional[Number(field)]
          : keywords.get(field.split(/[.[]/)[0] ?? "");
    template.pieces.push(/:\d*d$/.test(match[2] ?? "") ? safePiece(value) : piece(value, at));
  }
  template.literals.push(format.slice(last));
  return template;
}

function plusTemplate(expr: SgNode, at: SgNode): SqlTemplate {
  const template: SqlTemplate = { literals: [""], pieces: [] };
  for (const leaf of plusLeaves(expr)) {
    const text = stringValue(leaf);
    if (text !== null) appendText(template, text);
    else if (isFString(leaf)) appendTemplate(template, fStringTemplate(leaf, at));
    else appendPiece(template, { kind: pieceKind(leaf, at), text: leaf.text() });
  }
  return template;
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

function dictionaryValues(dict: SgNode): Map<string, SgNode> {
  const values = new Map<string, SgNode>();
  for (const pair of dict.children().filter((c) => c.kind() === "pair")) {
    const key = pair.field("key");
    const value = pair.field("value");
    const name = key ? stringValue(key) : null;
    if (name !== null && value) values.set(name, value);
  }
  return values;
}

function numberSpec(conversion: string | undefined): boolean {
  return conversion !== undefined && "difgeExXo".includes(conversion);
}

function piece(value: SgNode | undefined, at: SgNode): SqlPiece {
  return value ? { kind: pieceKind(value, at), text: value.text() } : { kind: "value", text: "?" };
}

function safePiece(value: SgNode | undefined): SqlPiece {
  return { kind: "safe", text: value?.text() ?? "?" };
}

const RANK: Record<SqlPieceKind, number> = { constant: 0, safe: 1, fragment: 2, value: 3 };

function worst(kinds: SqlPieceKind[]): SqlPieceKind {
  return kinds.reduce<SqlPieceKind>((a, b) => (RANK[b] > RANK[a] ? b : a), "constant");
}

/**
 * What the variables of the comprehensions around a piece hold: `idx` of `for idx in range(n)` is a number (safe),
 * a variable looping over a literal list is a constant, any other is possible data.
 */
type ComprehensionScope = ReadonlyMap<string, SqlPieceKind>;

const NO_SCOPE: ComprehensionScope = new Map();

/** What an interpolated expression is: a constant of the code, a safe value, an SQL fragment, or possible data. */
function pieceKind(node: SgNode, at: SgNode, depth = 0, scope: ComprehensionScope = NO_SCOPE): SqlPieceKind {
  const kind = node.kind();
  const named = node.children().filter((c) => c.isNamed() && c.kind() !== "comment");
  if (["integer", "float", "true", "false", "none"].includes(String(kind))) return "constant";
  if (kind === "string" || kind === "concatenated_string") {
    if (stringValue(node) !== null) return "constant";
    return isFString(node)
      ? worst(fStringTemplateIn(node, at, depth, scope).pieces.map((p) => p.kind))
      : "value";
  }
  if (kind === "parenthesized_expression" || kind === "tuple" || kind === "list")
    return worst(named.map((c) => pieceKind(c, at, depth, scope)));
  if (kind === "conditional_expression")
    // `A if cond else B`: the condition chooses, only the branches are spliced in.
    return worst([named[0], named[2]].flatMap((c) => (c ? [pieceKind(c, at, depth, scope)] : [])));
  if (kind === "list_comprehension" || kind === "generator_expression" || kind === "set_comprehension") {
    // `[f":val_{i}" for i in range(n)]`, `[quote(c) for c in columns]`: as safe as the element it builds.
    const body = node.field("body");
    if (!body) return "value";
    const inner = new Map(scope);
    for (const clause of named.filter((c) => c.kind() === "for_in_clause")) {
      const iterable = clause.field("right");
      const held: SqlPieceKind =
        iterable?.kind() === "call" &&
        /^(range|itertools\.count|count)$/.test(iterable.field("function")?.text() ?? "")
          ? "safe"
          : iterable && pieceKind(iterable, at, depth + 1, scope) === "constant"
            ? "constant"
            : "value";
      for (const variable of clause.field("left")?.kind() === "identifier" ? [clause.field("left")!] : [])
        inner.set(variable.text(), held);
    }
    return pieceKind(body, at, depth, inner);
  }
  if (kind === "identifier") {
    const name = node.text();
    const bound = scope.get(name);
    if (bound !== undefined) return bound;
    if (isConstantName(name)) return "constant";
    if (depth < 2) {
      const { values, loops } = bindingsOf(name, at);
      if (loops.length > 0 && loops.every((iterable) => pieceKind(iterable, at, depth + 1) === "constant"))
        return "constant";
      // `for table in self.table_names`, or `if table in self.table_names:` around the query: a name the
      // program's own list of tables (or allowed columns) holds, an identifier no one outside chooses.
      if (loops.length > 0 && loops.every((iterable) => ownNameList(iterable, at))) return "safe";
      if (checkedAgainstNameList(name, at)) return "safe";
      if (values.length > 0 && loops.length === 0) {
        const kinds = values.map((value) => pieceKind(value, at, depth + 1));
        if (kinds.every((k) => k !== "value")) return worst(kinds);
      }
    }
    return isSqlFragmentName(name) ? "fragment" : "value";
  }
  if (kind === "attribute") {
    const attribute = node.field("attribute")?.text() ?? "";
    const object = node.field("object");
    if (isConstantName(attribute)) return "constant";
    // `Status.ACTIVE.value`: an enum member's value.
    if ((attribute === "value" || attribute === "name") && object?.kind() === "attribute")
      if (isConstantName(object.field("attribute")?.text() ?? "")) return "constant";
    return isSqlFragmentName(attribute) ? "fragment" : "value";
  }
  if (kind === "subscript") {
    // `SORT_COLUMNS[key]`: a lookup in a constant mapping is an allow-list.
    const object = node.field("value");
    if (object && pieceKind(object, at, depth) === "constant" && object.kind() !== "string")
      return "constant";
    return "value";
  }
  if (kind === "binary_operator") {
    const operator = node.field("operator")?.text();
    const left = node.field("left");
    const right = node.field("right");
    // `["?"] * len(rows)`: a placeholder list.
    if (operator === "*" && left && pieceKind(left, at, depth, scope) === "constant") return "safe";
    // `rows_max + 1`: arithmetic with a number is a number (a string operand would raise).
    if (["+", "-", "/", "//", "**"].includes(operator ?? "") && [left, right].some((n) => n && isNumber(n)))
      return "safe";
    // `":" + name`: the name of a bind parameter the code assembles.
    if (operator === "+" && left && right && endsWithBindName(stringValue(left) ?? "")) {
      const named = pieceKind(right, at, depth, scope);
      return named === "value" ? "fragment" : named;
    }
    if (left && right) return worst([pieceKind(left, at, depth, scope), pieceKind(right, at, depth, scope)]);
    return "value";
  }
  if (kind === "call") {
    const fn = node.field("function");
    const name = fn?.kind() === "attribute" ? (fn.field("attribute")?.text() ?? "") : (fn?.text() ?? "");
    // `", ".join(c for c in cols)`: a lone generator expression is the argument list itself.
    const argumentList = node.field("arguments");
    const args =
      argumentList?.kind() === "generator_expression"
        ? [argumentList]
        : (argumentList?.children() ?? []).filter((c) => c.isNamed() && c.kind() !== "comment");
    if (isSafeSqlFunction(name)) return "safe";
    // `"RETURNING {cols}".format(cols=cols)`: text built from a literal template is as safe as what fills it.
    if (name === "format" && fn?.kind() === "attribute" && stringValue(fn.field("object") ?? node) !== null)
      return worst(
        args.map((arg) =>
          pieceKind(arg.kind() === "keyword_argument" ? (arg.field("value") ?? arg) : arg, at, depth, scope),
        ),
      );
    // `", ".join(columns)`: as safe as what is joined.
    if (name === "join" && fn?.kind() === "attribute" && stringValue(fn.field("object") ?? node) !== null)
      return args[0] ? pieceKind(args[0], at, depth, scope) : "constant";
    // `self._where_clause()`: an object's own method assembling SQL from its state.
    const receiver = fn?.kind() === "attribute" ? fn.field("object")?.text() : undefined;
    if (args.length === 0 && (receiver === "self" || receiver === "cls")) return "fragment";
    // `build_where(filters)`, `db.timestamp_placeholder("now")`: SQL the code produces.
    return isSqlFragmentName(name) ? "fragment" : "value";
  }
  return "value";
}

/** An attribute naming a list of identifiers the program keeps: `self.table_names`, `cache.tables`, `ALLOWED_COLUMNS`. */
const NAME_LIST = /^(?:\w+_)?(?:table|column|field)s$|^(?:\w+_)?(?:table|column|field)_names$|^allowed_\w+$/i;

/** Whether `node` is the program's own list of names: an attribute of an object (not a request) named for it. */
function namesList(node: SgNode | null | undefined): boolean {
  if (!node) return false;
  if (node.kind() === "list" || node.kind() === "tuple" || node.kind() === "set")
    return node
      .children()
      .filter((c) => c.isNamed())
      .every((c) => stringValue(c) !== null);
  const last = node.kind() === "attribute" ? node.field("attribute")?.text() : node.text();
  const root = /^[A-Za-z_]\w*/.exec(node.text())?.[0] ?? "";
  return (
    (node.kind() === "attribute" || isConstantName(node.text())) &&
    !/^(request|req|args|kwargs|params|data|body|form|payload|query)$/.test(root) &&
    (NAME_LIST.test(last ?? "") || isConstantName(last ?? ""))
  );
}

/**
 * Whether a loop's iterable is the program's own list of names: such an attribute, or a parameter that every call
 * of its method in the file fills with one (`self.truncate_tables(self.table_names)`).
 */
function ownNameList(iterable: SgNode, at: SgNode): boolean {
  if (namesList(iterable)) return true;
  if (iterable.kind() !== "identifier") return false;
  const fn = enclosingFunction(at);
  const fnName = fn?.field("name")?.text();
  if (!fn || !fnName) return false;
  const params = (fn.field("parameters")?.children() ?? [])
    .filter((p) => p.isNamed())
    .map((p) =>
      p.kind() === "identifier" ? p.text() : (p.field("name")?.text() ?? p.child(0)?.text() ?? ""),
    );
  const index = params.filter((p) => p !== "self" && p !== "cls").indexOf(iterable.text());
  if (index < 0) return false;
  const calls = at
    .getRoot()
    .root()
    .findAll({ rule: { kind: "call" } })
    .filter((call) => {
      const callee = call.field("function");
      return callee?.kind() === "attribute" && callee.field("attribute")?.text() === fnName;
    });
  return calls.length > 0 && calls.every((call) => namesList(positionalArgs(call)[index]));
}

/** Whether the query sits in `if name in <list of names>:`, a membership check against the program's own list. */
function checkedAgainstNameList(name: string, at: SgNode): boolean {
  const fn = enclosingFunction(at);
  for (let node = at.parent(); node && node !== fn; node = node.parent()) {
    if (node.kind() !== "if_statement") continue;
    const condition = node.field("condition");
    const consequence = node.field("consequence");
    if (
      condition?.kind() === "comparison_operator" &&
      consequence &&
      at.range().start.index >= consequence.range().start.index &&
      /^\s*in\s*$/.test(
        condition
          .children()
          .find((c) => !c.isNamed())
          ?.text() ?? "",
      ) &&
      condition.child(0)?.text() === name &&
      namesList(condition.children().filter((c) => c.isNamed())[1])
    )
      return true;
  }
  return false;
}
