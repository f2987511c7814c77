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
  isPackageCall,
  isTestBuild,
  outerFunction,
  parametersOf,
  receiverName,
  stringValue,
} from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";
import { goRunsByHand } from "../../facts/one-off-code.js";
import { formatVerbs, NON_TEXT_VERB_LETTERS } from "../../facts/go/format-verbs.js";
import {
  appendPiece,
  appendTemplate,
  appendText,
  bindsPlaceholders,
  inIdentifierPosition,
  interpolatesItsPlaceholders,
  isConstantName,
  isSafeSqlFunction,
  isSqlFragmentName,
  judgeSqlInterpolation,
  looksLikeSql,
  saysReviewed,
  type SqlPieceKind,
  type SqlTemplate,
} from "../shared/sql-interpolation.js";

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
    "The SQL argument (first, or second after a context or a destination) counts as built when it is a `+` expression or fmt.Sprintf whose text reads like SQL and has a non-constant part, or a variable assigned such a value in the same function (with its later `+=`).",
    "A local the function checks before the query, leaving when the check fails (`if err := validateTableName(t); err != nil { return err }`, `if !re.MatchString(t) { return }`), or checks in the `if` around the query, is an allowed value, not data.",
    'Parts that come from code are not data: literals and constants, package-level names, locals bound only to those (also `append`ed slices of literals, started empty or with `make`, joined with strings.Join), times printed in a layout of the code (`t.UTC().Format(time.DateTime)`, `t.Format("2006-01-02")`), fields of a struct the function built with a literal there and never reassigned (`step := &Step{unit: "MINUTE"}`; `%[2]s` verbs are matched to their indexed argument), quoted identifiers (pq.QuoteIdentifier, pgx.Identifier.Sanitize), numbers and times (strconv.Itoa, `%d`, parameters of a number type or time.Time, and a formatter named for Format/Time/Date given only those, `database.FormatTime(date)`), Go type names (`%T`), table names an ORM derives from a model (the `.Table` of gorm `schema.Parse(…)`, `Obj2Table(name)` or `TableName(bean)` of a names mapper given such a name) and placeholder lists (strings.Repeat). The quoted name `setval`, `nextval` and `currval` take is a relation name (an identifier), not a value. A method of the handle the query runs on, or of the handle its transaction was begun on, given only constants and numbers (`db.now()`, `db.upsert("id")`, `app.db.dateSub(3, "HOUR")`) is the store\'s own dialect helper returning SQL text the code wrote, not data. SQL fragments a query builder assembles (`b.conditions`, `e.buildSorting()`, or the text of `where, args := buildFilter(f)` when the query binds those `args`) are reported only when no values are bound as arguments. Text with no placeholder of its own, given as many bound arguments as it has unquoted value slots, has the placeholders in those slots (`fmt.Sprintf("… WHERE id=%s", b.GetPrepareSymbol()), id`, a dialect helper supplying `?` or `$1`): it is not reported.',
    "High when a part lands where a value goes (the one argument of an aggregate, `COUNT(%s)`, is a column); a dynamic table or column name is medium, and low when the values beside it are bound as arguments or when it is a string parameter of the function named as an identifier (`func ColumnExists(db *sql.DB, tableName, columnName string)`: a helper whose callers choose the names). DDL, migrations, scripts, tools, examples and tests (files built only with a test tag, `//go:build e2etest`, are not checked), commands an operator runs at a terminal (the file reads answers from standard input and serves no HTTP handler: an install or upgrade step), and queries marked `//nolint:gosec` or `#nosec`, are low at most.",
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
  checkFile({ tree, path, lines, text, report }) {
    // A file built only with a test tag (`//go:build e2etest`) is test code, like a _test.go file.
    if (!tree || isTestBuild(text)) return;
    const byHand = goRunsByHand(text);
    const imports = importMap(tree);
    const scope: Scope = {
      imports,
      constants: constantNames(tree),
      assignmentsIn: new Map(),
      rangesIn: new Map(),
      bound: new Map(),
      guardsIn: new Map(),
      fields: new Map(),
      withArguments: new Map(),
    };
    for (const call of findKind(tree, "call_expression")) {
      const callee = calleeOf(call);
      if (!callee?.receiverNode || !SQL_METHODS.includes(callee.name) || imports.has(callee.receiver ?? ""))
        continue;
      const args = callArguments(call);
      const at = callee.name.endsWith("Context") || callee.name === "Select" || callee.name === "Get" ? 1 : 0;
      const sqlArg = args[at];
      if (!sqlArg) continue;
      const built = builtSql(sqlArg, scope, call);
      if (!built || built.template.pieces.length === 0 || !looksLikeSql(built.template.literals.join(" ")))
        continue;
      // `fmt.Sprintf("… WHERE id=%s", b.PrepareSymbol()), id`: as many value slots as bound arguments, and no
      // placeholder in the text, so the slots are the placeholders. A spread (`args...`) has no count to match.
      const rest = args.slice(at + 1);
      if (
        !rest.some((arg) => arg.kind() === "variadic_argument") &&
        interpolatesItsPlaceholders(built.template, rest.length)
      )
        continue;
      const judgement = judgeSqlInterpolation({
        template: built.template,
        valuesBound: args.length > at + 1 || bindsPlaceholders(built.template, true),
        path,
        runsByHand: byHand,
        reviewed: saysReviewed(
          lines.slice(Math.max(0, call.range().start.line - 1), call.range().end.line + 1),
        ),
      });
      if (!judgement) continue;
      // `func ColumnExists(db, tableName, columnName string)` building `SELECT COUNT(%s) FROM %s`: a helper whose
      // parameters are named as identifiers and land only where identifiers go takes its names from its callers,
      // who choose them; the helper itself interpolates no data.
      const helper = identifierHelper(built.template, call);
      if (helper && judgement.severity === "medium") {
        judgement.severity = "low";
        judgement.reason = `${judgement.reason}, a parameter of ${helper} named as one (its callers choose it)`;
      }
      report({
        node: call,
        message: `SQL passed to ${callee.name} is built with ${built.how} that ${judgement.reason}; use placeholders and arguments`,
        key: `sql-built:${callee.name}`,
        severity: judgement.severity,
      });
    }
  },
});

/** A parameter name that says it holds an identifier: `tableName`, `column`, `col`, `schema`, `fieldName`. */
const IDENTIFIER_PARAMETER =
  /^(?:table|column|col|field|schema|index|view|relation|sequence|seq)s?(?:Name|_name)?$|(?:Table|Column|Field|Schema|Index)(?:Name)?$/;

/**
 * The name of the function around `at` when every piece of `template` that may carry data stands where an
 * identifier goes and is a string parameter of that function named as an identifier; else null.
 */
function identifierHelper(template: SqlTemplate, at: SgNode): string | null {
  const fn = enclosingFunction(at);
  if (!fn) return null;
  const params = new Map(parametersOf(fn).map((p) => [p.name, p.type]));
  const data = template.pieces.flatMap((piece, index) => (piece.kind === "value" ? [{ piece, index }] : []));
  if (data.length === 0) return null;
  const all = data.every(
    ({ piece, index }) =>
      inIdentifierPosition(template, index) &&
      params.get(piece.text) === "string" &&
      IDENTIFIER_PARAMETER.test(piece.text),
  );
  return all ? (fn.field("name")?.text() ?? "the function") : null;
}

interface Scope {
  imports: Map<string, string>;
  constants: Set<string>;
  // Per-file memos, keyed by a function's start offset: a query builder appends to the same locals dozens of times,
  // and re-walking the function for every piece of every query grew without bound (minutes and gigabytes on one
  // repository's store layer).
  assignmentsIn: Map<number, Assignment[]>;
  rangesIn: Map<number, readonly SgNode[]>;
  bound: Map<string, SqlPieceKind | null>;
  /** `literalField` per function, local and field. */
  fields: Map<string, SgNode | null>;
  /** `builtWithItsArguments` per query call and local. */
  withArguments: Map<string, boolean>;
  /** The validator checks of each function's `if` statements, read once per function (see `validatedBefore`). */
  guardsIn: Map<number, IfGuard[]>;
}

/** An `if` statement reduced to what `validatedBefore` asks of it. */
interface IfGuard {
  start: number;
  /** Locals passed to a validator call in the initializer (`if err := validate(t); …`). */
  checkedInInitializer: Set<string>;
  /** Locals passed to a validator call in the condition. */
  checkedInCondition: Set<string>;
  negated: boolean;
  consequenceStart: number;
  consequenceEnd: number;
  consequenceReturns: boolean;
}

interface Assignment {
  start: number;
  left: SgNode[];
  /** The text of each `left` node, read once: every lookup of a local compares them. */
  leftNames: string[];
  right: SgNode[];
  operator?: string;
  /** The span a `:=` declares its names in: the statement's block (or the `if`/`for`/`switch` it initialises). */
  scopeStart: number;
  scopeEnd: number;
}

/** The function's assignments in source order, read once per function. */
function assignmentsOf(fn: SgNode, scope: Scope): Assignment[] {
  const key = fn.range().start.index;
  let list = scope.assignmentsIn.get(key);
  if (!list) {
    list = assignments(fn).map(({ statement, left, right }) => {
      let container = statement.parent() ?? statement;
      if (container.kind() === "for_clause") container = container.parent() ?? container;
      return {
        start: statement.range().start.index,
        left,
        leftNames: left.map((node) => node.text()),
        right,
        operator: operatorOf(statement),
        scopeStart: container.range().start.index,
        scopeEnd: container.range().end.index,
      };
    });
    scope.assignmentsIn.set(key, list);
  }
  return list;
}

/**
 * The assignments before `at` that reach the variable `name` seen there: from its nearest `:=` declaration in a
 * block around `at` on (an earlier or sibling block's `x :=` declares another variable of the same name).
 */
function assignmentsReaching(fn: SgNode, name: string, scope: Scope, at: SgNode): Assignment[] {
  const { index: atStart } = at.range().start;
  const { index: atEnd } = at.range().end;
  const named = assignmentsOf(fn, scope).filter((a) => a.start <= atStart && a.leftNames.includes(name));
  const declaration = named
    .filter((a) => a.operator === ":=" && a.scopeStart <= atStart && atEnd <= a.scopeEnd)
    .at(-1);
  return named.filter(
    (a) =>
      (declaration === undefined || a.start >= declaration.start) &&
      (a.operator !== ":=" || (a.scopeStart <= atStart && atEnd <= a.scopeEnd)),
  );
}

interface BuiltSql {
  how: string;
  template: SqlTemplate;
}

/** How the SQL expression was built and its text with the interpolated parts, or null when it is not built. */
function builtSql(expr: SgNode, scope: Scope, at: SgNode, depth = 0): BuiltSql | null {
  const text = stringValue(expr);
  if (text !== null) return { how: "a literal", template: { literals: [text], pieces: [] } };
  if (expr.kind() === "parenthesized_expression") {
    const inner = expr.children().find((c) => c.isNamed());
    return inner ? builtSql(inner, scope, at, depth) : null;
  }
  if (expr.kind() === "binary_expression" && expr.field("operator")?.text() === "+")
    return { how: "string concatenation", template: concatTemplate(expr, scope, at) };
  if (expr.kind() === "call_expression" && isPackageCall(expr, scope.imports, "fmt", ["Sprintf"]))
    return sprintfTemplate(expr, scope, at);
  if (expr.kind() === "identifier" && depth === 0) return assembledIn(expr.text(), scope, at);
  return null;
}

/** The SQL held by a local at `at`: its last plain assignment, then every `+=` after it. */
function assembledIn(name: string, scope: Scope, at: SgNode): BuiltSql | null {
  const fn = enclosingFunction(at);
  if (!fn) return null;
  let built: BuiltSql | null = null;
  for (const { left, right, operator } of assignmentsReaching(fn, name, scope, at)) {
    // `query, args, err := sqlx.In(query, args...)` rewrites the text without adding to it.
    if (left.length !== 1 || !right[0]) continue;
    if (operator === "+=") {
      if (!built) continue;
      const more = builtSql(right[0], scope, at, 1) ?? pieceTemplate(right[0], scope, at);
      appendTemplate(built.template, more.template);
      if (more.template.pieces.length > 0) built.how = "string concatenation";
    } else built = builtSql(right[0], scope, at, 1);
  }
  return built;
}

function operatorOf(statement: SgNode): string | undefined {
  return statement
    .children()
    .find((child) => !child.isNamed() && /=$/.test(child.text()))
    ?.text();
}

function pieceTemplate(expr: SgNode, scope: Scope, at: SgNode): BuiltSql {
  const template: SqlTemplate = { literals: [""], pieces: [] };
  appendPiece(template, { kind: pieceKind(expr, scope, at), text: expr.text() });
  return { how: "string concatenation", template };
}

function concatTemplate(expr: SgNode, scope: Scope, at: SgNode): SqlTemplate {
  const template: SqlTemplate = { literals: [""], pieces: [] };
  for (const leaf of concatLeaves(expr)) {
    const text = stringValue(leaf);
    if (text !== null) appendText(template, text);
    else if (leaf.kind() === "call_expression" && isPackageCall(leaf, scope.imports, "fmt", ["Sprintf"]))
      appendTemplate(
        template,
        sprintfTemplate(leaf, scope, at)?.template ?? pieceTemplate(leaf, scope, at).template,
      );
    else appendPiece(template, { kind: pieceKind(leaf, scope, at), text: leaf.text() });
  }
  return template;
}

function sprintfTemplate(call: SgNode, scope: Scope, at: SgNode): BuiltSql | null {
  const [format, ...rest] = callArguments(call);
  const text = format ? stringValue(format) : null;
  if (text === null) return null;
  const template: SqlTemplate = { literals: [], pieces: [] };
  let last = 0;
  for (const verb of formatVerbs(text)) {
    template.literals.push(text.slice(last, verb.start));
    last = verb.end;
    const value = rest[verb.argument];
    // Numbers, booleans and `%T` (a Go type name: letters, digits, dots and `*` only) cannot carry SQL.
    const numeric = NON_TEXT_VERB_LETTERS.includes(verb.letter);
    template.pieces.push({
      kind: numeric ? "safe" : value ? pieceKind(value, scope, at) : "value",
      text: value?.text() ?? "?",
    });
  }
  template.literals.push(text.slice(last));
  return { how: "fmt.Sprintf", template };
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

const NAME_MAPPER = /^(Obj2Table|Table2Obj|Obj2Column|TableName|ColumnName|ToSnakeCase|SnakeCase)$/;

const RANK: Record<SqlPieceKind, number> = { constant: 0, safe: 1, fragment: 2, value: 3 };

function worst(kinds: SqlPieceKind[]): SqlPieceKind {
  return kinds.reduce<SqlPieceKind>((a, b) => (RANK[b] > RANK[a] ? b : a), "constant");
}

/** What an interpolated expression is: a constant of the code, a safe value, an SQL fragment, or possible data. */
function pieceKind(node: SgNode, scope: Scope, at: SgNode, depth = 0): SqlPieceKind {
  const kind = String(node.kind());
  if (stringValue(node) !== null) return "constant";
  if (["int_literal", "float_literal", "true", "false", "nil", "rune_literal"].includes(kind))
    return "constant";
  if (kind === "parenthesized_expression")
    return worst(
      node
        .children()
        .filter((c) => c.isNamed())
        .map((c) => pieceKind(c, scope, at, depth)),
    );
  if (kind === "binary_expression")
    return worst(concatLeaves(node).map((leaf) => pieceKind(leaf, scope, at, depth)));
  if (kind === "composite_literal") {
    const body = node.field("body");
    const elements = body?.findAll({ rule: { kind: "literal_element" } }) ?? [];
    return worst(
      elements
        .flatMap((element) => element.children().filter((c) => c.isNamed()))
        .map((c) => pieceKind(c, scope, at, depth)),
    );
  }
  if (kind === "identifier") {
    const name = node.text();
    if (scope.constants.has(name) || isConstantName(name)) return "constant";
    if (validatedBefore(name, at, scope)) return "safe";
    if (numericParameter(name, at)) return "safe";
    if (depth < 3) {
      const bound = boundValues(name, scope, at, depth);
      if (bound !== null && bound !== "value") return bound;
    }
    if (depth === 0 && builtWithItsArguments(name, scope, at)) return "fragment";
    return isSqlFragmentName(name) ? "fragment" : "value";
  }
  if (kind === "selector_expression") {
    const operand = node.field("operand");
    const field = node.field("field")?.text() ?? "";
    // `models.TableUsers`: a package-level name of the code.
    if (operand?.kind() === "identifier" && scope.imports.has(operand.text())) return "constant";
    if (isConstantName(field)) return "constant";
    // `s.Table` of `s, err := schema.Parse(model, …)` (gorm): the table name the ORM derives from a model type.
    if (field === "Table" && operand?.kind() === "identifier" && parsedSchema(operand.text(), scope, at))
      return "constant";
    // `step.unit` of `step := &Step{unit: "MINUTE"}`: a field of a struct the function built, never reassigned.
    if (operand?.kind() === "identifier" && depth < 3) {
      const set = literalField(operand.text(), field, scope, at);
      if (set) return pieceKind(set, scope, at, depth + 1);
    }
    return isSqlFragmentName(field) ? "fragment" : "value";
  }
  if (kind === "call_expression") {
    const callee = calleeOf(node);
    const args = callArguments(node);
    if (!callee) return "value";
    if (isSafeSqlFunction(callee.name)) return "safe";
    // `make([]string, 0, n)`: an empty slice or map; what it holds is what is `append`ed to it later.
    if (callee.name === "make" && callee.receiver === null) return "constant";
    // `t.UTC().Format(time.DateTime)`, `t.Format("2006-01-02")`: a time printed in a layout of the code holds only
    // digits and the layout's separators.
    if (
      callee.name === "Format" &&
      callee.receiver !== null &&
      args.length === 1 &&
      isTimeLayout(args[0]!, scope)
    )
      return "safe";
    // `pgx.Identifier{"a", "b"}.Sanitize()`
    if (callee.name === "Sanitize") return "safe";
    // An ORM's name mapper (`mapper.Obj2Table(name)`, `x.TableName(bean)`) turns a name into a name: it carries what
    // its argument carries.
    if (NAME_MAPPER.test(callee.name) && args.length > 0)
      return worst(args.map((arg) => pieceKind(arg, scope, at, depth)));
    if (isPackageCall(node, scope.imports, "strings", ["Repeat"]))
      return args[0] && pieceKind(args[0], scope, at, depth) === "constant" ? "safe" : "value";
    if (
      isPackageCall(node, scope.imports, "strings", [
        "Join",
        "TrimSuffix",
        "TrimPrefix",
        "TrimSpace",
        "ToUpper",
        "ToLower",
      ])
    )
      return args[0] ? pieceKind(args[0], scope, at, depth) : "constant";
    if (isPackageCall(node, scope.imports, "fmt", ["Sprintf"]))
      return worst(sprintfTemplate(node, scope, at)?.template.pieces.map((p) => p.kind) ?? ["value"]);
    // `db.now()`, `db.upsert("id")`, `app.db.dateSub(3, "HOUR")`: a method of the handle the query runs on (or of the
    // handle its transaction was begun on) given nothing but constants and numbers is the store's own dialect helper
    // returning SQL text the code wrote (NOW() or strftime, ON CONFLICT or ON DUPLICATE KEY), not data.
    if (
      callee.receiver !== null &&
      queryHandles(at, scope).has(callee.receiver) &&
      args.every((arg) => RANK[pieceKind(arg, scope, at, depth + 1)] <= RANK.safe)
    )
      return "safe";
    // `database.FormatTime(date)` of a `date time.Time` parameter: a formatter given only times and numbers prints
    // digits and separators.
    if (
      /Format|Time|Date/.test(callee.name) &&
      args.length > 0 &&
      depth < 3 &&
      args.every((arg) => RANK[pieceKind(arg, scope, at, depth + 1)] <= RANK.safe)
    )
      return "safe";
    // `e.buildCondition()`, `e.contentColumn()`: a query builder's own method assembling SQL from its state.
    const method = outerFunction(at);
    if (args.length === 0 && method && callee.receiver !== null && callee.receiver === receiverName(method))
      return "fragment";
    return isSqlFragmentName(callee.name) ? "fragment" : "value";
  }
  return "value";
}

/** The layouts package time defines, and literal layouts written with its reference time (2006-01-02 15:04:05). */
const TIME_LAYOUT_CONSTANT =
  /^(Layout|ANSIC|UnixDate|RubyDate|RFC822Z?|RFC850|RFC1123Z?|RFC3339(Nano)?|Kitchen|Stamp(Milli|Micro|Nano)?|DateTime|DateOnly|TimeOnly)$/;
const TIME_LAYOUT_LITERAL = /^(?=.*(2006|15:04|01-02|Jan))[-0-9:.TZ /,_A-Za-z]*$/;

/** Whether `arg` is a time layout: `time.DateTime` (package time imported) or a literal such as "2006-01-02 15:04". */
function isTimeLayout(arg: SgNode, scope: Scope): boolean {
  const literal = stringValue(arg);
  if (literal !== null) return TIME_LAYOUT_LITERAL.test(literal);
  if (arg.kind() !== "selector_expression") return false;
  const operand = arg.field("operand");
  return (
    operand?.kind() === "identifier" &&
    scope.imports.get(operand.text()) === "time" &&
    TIME_LAYOUT_CONSTANT.test(arg.field("field")?.text() ?? "")
  );
}

/**
 * The value a local's field holds when the local is bound once, before `at`, to a struct literal (`s := Step{…}` or
 * `&Step{…}`) that sets the field, and the function assigns neither the local nor the field again; else null.
 */
function literalField(name: string, field: string, scope: Scope, at: SgNode): SgNode | null {
  const fn = enclosingFunction(at);
  if (!fn) return null;
  const key = `${fn.range().start.index}:${name}.${field}`;
  if (!scope.fields.has(key)) scope.fields.set(key, literalFieldIn(fn, name, field, scope));
  return scope.fields.get(key) ?? null;
}

function literalFieldIn(fn: SgNode, name: string, field: string, scope: Scope): SgNode | null {
  let value: SgNode | null = null;
  for (const { left, right } of assignmentsOf(fn, scope)) {
    for (const [index, target] of left.entries()) {
      if (target.text() === `${name}.${field}`) return null;
      if (target.text() !== name) continue;
      if (value || left.length !== right.length) return null;
      let bound: SgNode | null = right[index] ?? null;
      if (bound?.kind() === "unary_expression" && bound.text().startsWith("&"))
        bound = bound.field("operand");
      if (bound?.kind() !== "composite_literal") return null;
      const element = (bound.field("body")?.findAll({ rule: { kind: "keyed_element" } }) ?? []).find(
        (keyed) => keyed.child(0)?.text() === field,
      );
      const set =
        element
          ?.children()
          .filter((c) => c.isNamed())
          .at(-1) ?? null;
      if (!set) return null;
      value = set.kind() === "literal_element" ? (set.children().find((c) => c.isNamed()) ?? null) : set;
      if (!value) return null;
    }
  }
  return value;
}

/** Whether the local was assigned the result of gorm's `schema.Parse`/`ParseWithSpecialTableName` before `at`. */
function parsedSchema(name: string, scope: Scope, at: SgNode): boolean {
  const fn = enclosingFunction(at);
  if (!fn) return false;
  const atStart = at.range().start.index;
  return assignmentsOf(fn, scope).some(
    ({ start, left, right }) =>
      start < atStart &&
      left[0]?.text() === name &&
      right.length === 1 &&
      right[0]!.kind() === "call_expression" &&
      isPackageCall(right[0]!, scope.imports, "gorm.io/gorm/schema", ["Parse", "ParseWithSpecialTableName"]),
  );
}

const BEGIN = new Set(["Begin", "BeginTx", "Beginx", "BeginTxx", "MustBegin", "MustBeginTx"]);

/**
 * The receivers that stand for the database handle the query at `at` runs on: the SQL call's own receiver (`db`,
 * `app.db`) and, when that receiver is a transaction the function began (`t, err := app.db.Begin()`), the handle it
 * was begun on.
 */
function queryHandles(at: SgNode, scope: Scope): Set<string> {
  const handles = new Set<string>();
  const callee = calleeOf(at);
  const receiver = callee?.receiverNode ? callee.receiver : null;
  if (!receiver) return handles;
  handles.add(receiver);
  const fn = enclosingFunction(at);
  if (!fn || callee?.receiverNode?.kind() !== "identifier") return handles;
  const atStart = at.range().start.index;
  for (const { start, left, right } of assignmentsOf(fn, scope)) {
    if (start > atStart || left[0]?.text() !== receiver || right.length !== 1) continue;
    const begun = right[0]!.kind() === "call_expression" ? calleeOf(right[0]!) : null;
    if (begun?.receiver && BEGIN.has(begun.name)) handles.add(begun.receiver);
  }
  return handles;
}

const NUMERIC_TYPE =
  /^(u?int(8|16|32|64)?|uintptr|float(32|64)|byte|rune|bool|time\.Duration|\*?time\.Time)$/;

/** Whether `name` is a parameter of a function around `at` declared with a number or time type: it cannot carry SQL. */
function numericParameter(name: string, at: SgNode): boolean {
  for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
    const param = parametersOf(fn).find((p) => p.name === name);
    if (param) return NUMERIC_TYPE.test(param.type);
  }
  return false;
}

/**
 * Whether the local comes, with the arguments the query binds, from one call of a query builder:
 * `predicate, args := listQueryPredicate(filter)` then `db.Query(query, args...)`. A function that returns SQL text
 * together with the values to bind beside it writes placeholders into that text; what it splices is its own SQL.
 */
function builtWithItsArguments(name: string, scope: Scope, at: SgNode): boolean {
  const key = `${at.range().start.index}:${name}`;
  let result = scope.withArguments.get(key);
  if (result === undefined) {
    result = builtWithItsArgumentsIn(name, scope, at);
    scope.withArguments.set(key, result);
  }
  return result;
}

function builtWithItsArgumentsIn(name: string, scope: Scope, at: SgNode): boolean {
  const fn = enclosingFunction(at);
  if (!fn || at.kind() !== "call_expression") return false;
  const passed = new Set(callArguments(at).map((arg) => arg.text().replace(/\.\.\.$/, "")));
  const reaching = assignmentsReaching(fn, name, scope, at);
  return (
    reaching.length > 0 &&
    reaching.every(
      ({ left, right }) =>
        left.length >= 2 &&
        right.length === 1 &&
        right[0]!.kind() === "call_expression" &&
        left.some((node) => node.text() !== name && node.text() !== "_" && passed.has(node.text())),
    )
  );
}

/**
 * What a local holds when every value assigned to it in the function is known: literals, slices of them and
 * `append`s of them (`cols = append(cols, "html")`), and `range` over a literal list. Null when it is bound otherwise.
 */
function boundValues(name: string, scope: Scope, at: SgNode, depth: number): SqlPieceKind | null {
  const fn = enclosingFunction(at);
  if (!fn) return null;
  const key = `${fn.range().start.index}:${at.range().start.index}:${depth}:${name}`;
  if (scope.bound.has(key)) return scope.bound.get(key) ?? null;
  const result = boundValuesIn(fn, name, scope, at, depth);
  scope.bound.set(key, result);
  return result;
}

function boundValuesIn(
  fn: SgNode,
  name: string,
  scope: Scope,
  at: SgNode,
  depth: number,
): SqlPieceKind | null {
  const kinds: SqlPieceKind[] = [];
  for (const { left, right } of assignmentsReaching(fn, name, scope, at)) {
    const index = left.findIndex((node) => node.text() === name);
    if (left.length !== right.length) return null;
    const value = right[index]!;
    if (
      value.kind() === "call_expression" &&
      calleeOf(value)?.name === "append" &&
      calleeOf(value)?.receiver === null
    ) {
      const [base, ...items] = callArguments(value);
      if (base?.text() !== name) return null;
      kinds.push(...items.map((item) => pieceKind(item, scope, at, depth + 1)));
    } else kinds.push(pieceKind(value, scope, at, depth + 1));
  }
  const fnKey = fn.range().start.index;
  let ranges = scope.rangesIn.get(fnKey);
  if (!ranges) {
    ranges = findKind(fn, "range_clause");
    scope.rangesIn.set(fnKey, ranges);
  }
  for (const clause of ranges) {
    const loop = clause.parent();
    if (
      !loop ||
      !(loop.range().start.index <= at.range().start.index && at.range().end.index <= loop.range().end.index)
    )
      continue;
    const names =
      clause
        .field("left")
        ?.children()
        .filter((c) => c.isNamed()) ?? [];
    if (names[names.length - 1]?.text() !== name || names.length < 2) continue;
    const over = clause.field("right");
    kinds.push(over ? pieceKind(over, scope, at, depth + 1) : "value");
  }
  return kinds.length > 0 ? worst(kinds) : null;
}

/**
 * Calls that check a value against an allow-list or a pattern: `validateTableName(t)`, `isValidColumn(c)`,
 * `validTableName.MatchString(t)`, `allowedSortFields[c]` is not one (an index is not a call).
 */
const VALIDATOR =
  /^(?:validate|valid|verify|sanitize|ensure|assert|check)\w*$|^is\w*(?:Valid|Safe|Allowed|Known|Whitelisted|Allowlisted)\w*$|^MatchString$|^(?:allowed|whitelisted|allowlisted)\w*$/i;

/**
 * Whether the function checks the local with a validator before the query and leaves when it fails
 * (`if err := validateTableName(table); err != nil { return err }`, `if !re.MatchString(t) { return … }`), or the
 * query sits inside an `if` whose condition is such a check passing (`if isValidColumn(c) { … }`).
 */
function validatedBefore(name: string, at: SgNode, scope: Scope): boolean {
  const fn = enclosingFunction(at);
  if (!fn) return false;
  const atStart = at.range().start.index;
  for (const guard of guardsOf(fn, scope)) {
    if (guard.start > atStart) continue;
    const inCondition = guard.checkedInCondition.has(name);
    if (!guard.checkedInInitializer.has(name) && !inCondition) continue;
    // A later `if` nested in an earlier one's branch is read on its own turn; this one must guard the query.
    if (guard.consequenceStart <= atStart && atStart < guard.consequenceEnd) {
      if (inCondition && !guard.negated) return true;
      continue;
    }
    if (guard.consequenceReturns) return true;
  }
  return false;
}

/**
 * The function's `if` statements with the locals their validator calls check, read once per function: a query
 * builder asks this for every piece of every query, and walking the function's calls each time grew with the
 * product of its `if`s, calls and pieces.
 */
function guardsOf(fn: SgNode, scope: Scope): IfGuard[] {
  const key = fn.range().start.index;
  const known = scope.guardsIn.get(key);
  if (known) return known;
  const checked = (part: SgNode | null): Set<string> => {
    const names = new Set<string>();
    for (const call of part ? findKind(part, "call_expression") : []) {
      const callee = calleeOf(call);
      if (callee === null || !VALIDATOR.test(callee.name)) continue;
      for (const arg of callArguments(call)) if (arg.kind() === "identifier") names.add(arg.text());
    }
    return names;
  };
  const guards: IfGuard[] = [];
  for (const statement of findKind(fn, "if_statement")) {
    const consequence = statement.field("consequence");
    if (!consequence) continue;
    const condition = statement.field("condition");
    guards.push({
      start: statement.range().start.index,
      checkedInInitializer: checked(statement.field("initializer")),
      checkedInCondition: checked(condition),
      negated: condition?.text().trimStart().startsWith("!") ?? false,
      consequenceStart: consequence.range().start.index,
      consequenceEnd: consequence.range().end.index,
      consequenceReturns: findKind(consequence, "return_statement").length > 0,
    });
  }
  scope.guardsIn.set(key, guards);
  return guards;
}
