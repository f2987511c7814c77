// What the SQL-interpolation rules of every language share: which interpolated pieces come from code (constants,
// quoted identifiers, fragments the code assembles), where in the statement a piece lands (identifier or value),
// which files run once (migrations, scripts, seeds), and the severity that follows.
import type { Severity } from "../../model/severity.js";
import { camelWords } from "../../facts/go/middleware-names.js";
import { oneOffKind } from "../../facts/one-off-code.js";

/**
 * What one interpolated piece of SQL text is, as the language's rule read it from the syntax:
 * - `constant`: a literal, a named constant (`TABLE`, `@table`, a Go const), a model's table name (`__tablename__`),
 *   an enum member, or a local bound only to those;
 * - `safe`: a value that cannot carry SQL whatever its input: a quoted identifier (`pq.QuoteIdentifier(c)`,
 *   `quote_ident(c)`), a number (`int(x)`, `strconv.Itoa(n)`, `%d`), a placeholder list (`", ".join("?" * n)`);
 * - `fragment`: SQL the code assembles elsewhere (`where_sql`, `b.conditions`, `e.buildSorting()`), which carries
 *   values only if that code inlines them;
 * - `value`: anything else, which may carry request data.
 */
export type SqlPieceKind = "constant" | "safe" | "fragment" | "value";

export interface SqlPiece {
  kind: SqlPieceKind;
  /** The interpolated expression as written (for the message). */
  text: string;
}

/** SQL text with its interpolated pieces: `literals[i]` precedes `pieces[i]`; `literals` has one more entry. */
export interface SqlTemplate {
  literals: string[];
  pieces: SqlPiece[];
}

/** Appends literal text to a template being built. */
export function appendText(template: SqlTemplate, text: string): void {
  template.literals[template.literals.length - 1] += text;
}

/** Appends an interpolated piece to a template being built. */
export function appendPiece(template: SqlTemplate, piece: SqlPiece): void {
  template.pieces.push(piece);
  template.literals.push("");
}

/** Appends another template (a nested f-string, a `+` operand built the same way). */
export function appendTemplate(template: SqlTemplate, inner: SqlTemplate): void {
  appendText(template, inner.literals[0] ?? "");
  inner.pieces.forEach((piece, i) => {
    appendPiece(template, piece);
    appendText(template, inner.literals[i + 1] ?? "");
  });
}

const SQL_STATEMENT =
  /\b(SELECT\s[\s\S]*\sFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|WHERE|DROP\s+(TABLE|INDEX|VIEW|SCHEMA)|CREATE\s+(TABLE|INDEX|VIEW|SCHEMA|UNIQUE)|ALTER\s+TABLE|TRUNCATE|ORDER\s+BY|VALUES\s*\()/i;

/** Whether text reads like an SQL statement (keywords in a statement's order, not a lone English "update"). */
export function looksLikeSql(text: string): boolean {
  return SQL_STATEMENT.test(text);
}

// Statements that cannot bind identifiers as parameters: the table, schema or partition name has to be in the text.
const DDL =
  /^\s*(CREATE|DROP|ALTER|TRUNCATE|COMMENT\s+ON|GRANT|REVOKE|VACUUM|ANALYZE|REINDEX|CLUSTER|REFRESH)\b/i;

/** Whether the statement is DDL (or maintenance), where identifiers cannot be bound as parameters. */
export function isDdl(template: SqlTemplate): boolean {
  return DDL.test(template.literals[0] ?? "");
}

// A session setting (`SET search_path = …`, `SET LOCAL statement_timeout TO …`): PostgreSQL's SET takes no bind
// parameters, so the setting's value has to be in the text (an `UPDATE … SET` does not start with SET).
const SESSION_SETTING = /^\s*SET\s+((SESSION|LOCAL)\s+)?[\w."]+\s*(=|\bTO\b)/i;

/** Whether the statement is a session setting (`SET search_path = …`), whose value cannot be bound. */
export function isSessionSetting(template: SqlTemplate): boolean {
  return SESSION_SETTING.test(template.literals[0] ?? "");
}

// Placeholders of the drivers: `$1` (PostgreSQL), `?` (SQLite, MySQL), `:name` (SQLAlchemy text, Oracle),
// `%(name)s` and `%s` (DB-API pyformat, when the text is not itself %-formatted), `@name` (SQL Server).
const PLACEHOLDER = /\$\d+|\?|(^|[^:\w]):[A-Za-z_]\w*|%\(\w+\)s|@[A-Za-z_]\w*/;
const PYFORMAT = /%s/;

/** Whether the literal text binds values with placeholders (`%s` counts only when the text is not %-formatted). */
export function bindsPlaceholders(template: SqlTemplate, percentFormatted = false): boolean {
  return template.literals.some(
    (text) => PLACEHOLDER.test(text) || (!percentFormatted && PYFORMAT.test(text)),
  );
}

/**
 * Whether the value pieces are the query's placeholders themselves: text with no placeholder of its own, given
 * `bound` arguments to bind, works only when each interpolated value slot is a placeholder a dialect helper supplies
 * (`fmt.Sprintf("… WHERE id=%s", d.Placeholder()), id`). The slots must stand outside quotes and match the count.
 */
export function interpolatesItsPlaceholders(template: SqlTemplate, bound: number): boolean {
  if (bound <= 0 || template.literals.some((text) => PLACEHOLDER.test(text))) return false;
  const slots = template.pieces.flatMap((piece, index) =>
    piece.kind === "value" && !inIdentifierPosition(template, index) ? [index] : [],
  );
  const quoted = (index: number): boolean =>
    (template.literals
      .slice(0, index + 1)
      .join("")
      .match(/'/g)?.length ?? 0) %
      2 ===
    1;
  return slots.length === bound && slots.every((index) => !quoted(index));
}

// Words that introduce an identifier: a table, index, schema, column list or sort key, or the channel of
// PostgreSQL's NOTIFY/LISTEN/UNLISTEN (a name that cannot be bound as a parameter).
const BEFORE_IDENTIFIER =
  /(\b(FROM|JOIN|INTO|UPDATE|TABLE|EXISTS|INDEX|VIEW|SCHEMA|SEQUENCE|TRIGGER|ON|BY|SELECT|DISTINCT|SET|USING|RETURNING|NOTIFY|LISTEN|UNLISTEN)\s+|\.|\s"|^"|`|\bINTO\s+\S+\s*\()$/i;
// After a column name: a comparison, an assignment or the next column.
const AFTER_IDENTIFIER =
  /^(\.|"|`|\s*(=|<>|!=|<=|>=|<|>|\bIN\b|\bIS\b|\bLIKE\b|\bILIKE\b|\bASC\b|\bDESC\b|\bFROM\b))/i;

// A quoted literal that names a relation: the argument of a size, lookup or sequence function (`setval('t_id_seq', …)`),
// or a `'…'::regclass` cast.
const RELATION_NAME_LITERAL_START =
  /\b(pg_(total_)?relation_size|pg_table_size|pg_indexes_size|to_regclass|has_table_privilege|setval|nextval|currval|pg_get_serial_sequence)\s*\((\s*'[^']*',)?\s*'[^']*$/i;
const RELATION_NAME_LITERAL_END = /^[^']*'\s*::\s*regclass\b/i;

/** Whether the piece at `index` stands inside a quoted relation name (`pg_relation_size('s.#{t}')`, `'#{t}'::regclass`). */
function inRelationNameLiteral(template: SqlTemplate, index: number): boolean {
  const before = template.literals.slice(0, index + 1).join("\u0000");
  const after = template.literals.slice(index + 1).join("\u0000");
  return RELATION_NAME_LITERAL_START.test(before) || RELATION_NAME_LITERAL_END.test(after);
}

/** Whether the piece at `index` stands where an identifier goes (table, column, sort key), not a value. */
export function inIdentifierPosition(template: SqlTemplate, index: number): boolean {
  const before = template.literals[index] ?? "";
  const after = template.literals[index + 1] ?? "";
  if (inRelationNameLiteral(template, index)) return true;
  if (/'$/.test(before) || /^'/.test(after)) return false;
  // `INSERT INTO {table} ({columns})`: the column list of an INSERT whose table is itself interpolated.
  if (/^\s*\(\s*$/.test(before) && /\bINTO\s*$/i.test(template.literals[index - 1] ?? "")) return true;
  // `COUNT(%s)`, `MAX({column})`: the one argument of an aggregate is a column.
  if (AGGREGATE_OPEN.test(before) && /^\s*\)/.test(after)) return true;
  return BEFORE_IDENTIFIER.test(before) || (/[\s(,]$|^$/.test(before) && AFTER_IDENTIFIER.test(after));
}

const AGGREGATE_OPEN = /\b(?:COUNT|SUM|AVG|MIN|MAX)\s*\(\s*(?:DISTINCT\s+)?$/i;

/** Whether the piece at `index` is a whole subquery (`FROM ({query}) AS t`): SQL text, not a value. */
export function inSubqueryPosition(template: SqlTemplate, index: number): boolean {
  return /\b(FROM|JOIN)\s*\(\s*$/i.test(template.literals[index] ?? "");
}

// Names the code gives to SQL it assembles: `where_sql`, `subquery`, `placeholders`, `whereClause`, `conditions`.
const FRAGMENT_WORDS = new Set([
  "sql",
  "subquery",
  "clause",
  "clauses",
  "where",
  "condition",
  "conditions",
  "placeholder",
  "placeholders",
  "column",
  "columns",
  "cols",
  "joins",
  "sorting",
  "ordering",
]);

/** Whether a name says it holds SQL the code assembled (`where_sql`, `placeholders`, `buildCondition`). */
export function isSqlFragmentName(name: string): boolean {
  const words = camelWords(name.replace(/^_+/, ""));
  const last = words[words.length - 1] ?? "";
  return FRAGMENT_WORDS.has(last);
}

/** Whether a name is a constant by convention: UPPER_CASE, or a model's table name (`__tablename__`, `db_table`). */
export function isConstantName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name) || /^(__tablename__|__table__|db_table|table_name__)$/.test(name);
}

// Functions whose result cannot carry SQL: identifier and literal quoting, and number formatting.
const SAFE_FUNCTIONS = new Set([
  "QuoteIdentifier",
  "QuoteLiteral",
  "Sanitize",
  "quote_ident",
  "quote_identifier",
  "quote_name",
  "escape_identifier",
  "Identifier",
  // Python helpers that quote an identifier or a string literal (doubling the quote character).
  "identifier",
  "quote_literal",
  "escape_literal",
  "literal_string",
  "int",
  "float",
  "len",
  "Itoa",
  "FormatInt",
  "FormatUint",
  "FormatFloat",
  "FormatBool",
]);

/** Whether a call to this function (last name segment) returns a quoted identifier or a number. */
export function isSafeSqlFunction(name: string): boolean {
  return SAFE_FUNCTIONS.has(name.slice(name.lastIndexOf(".") + 1));
}

// Comments by which a team records that it reviewed this query for the same risk: ruff/flake8-bandit S608,
// bandit `# nosec`, gosec `#nosec` and golangci `//nolint:gosec`, sobelow `# sobelow_skip ["SQL…"]`.
const REVIEWED = /noqa[:\s][^\n]*\bS608\b|#\s?nosec\b|nolint:[\w,]*gosec|sobelow_skip[^\n]*SQL/;

/** Whether these source lines carry a comment saying the query was reviewed for injection. */
export function saysReviewed(lines: readonly string[]): boolean {
  return lines.some((text) => REVIEWED.test(text));
}

export interface SqlJudgement {
  severity: Severity;
  /** Why, in the words of the message: "interpolates name", "builds the table name from table". */
  reason: string;
}

/**
 * The severity of SQL text built by interpolation, or null when nothing interpolated can carry data:
 * - only constants and safe pieces, or fragments with the values bound as parameters: nothing to report;
 * - fragments with no bound values: medium (the fragments may inline values);
 * - other pieces only where identifiers go: low when values are bound (a dynamic table or column name beside
 *   parameters is deliberate; allow-list it), else medium;
 * - a piece where a value goes: high.
 * DDL (identifiers cannot be bound there), session settings (`SET search_path = …`: SET takes no parameters),
 * migrations, scripts, tests, commands an operator runs at a terminal and queries the team marked reviewed are low
 * at most.
 */
export function judgeSqlInterpolation(input: {
  template: SqlTemplate;
  valuesBound: boolean;
  path: string;
  reviewed: boolean;
  /** The file is a command an operator runs at a terminal (an install or upgrade step), not request code. */
  runsByHand?: boolean;
}): SqlJudgement | null {
  const { valuesBound } = input;
  // A whole subquery spliced in (`FROM ({query}) AS t`) is SQL text the code assembled, not a value.
  const template: SqlTemplate = {
    literals: input.template.literals,
    pieces: input.template.pieces.map((piece, index) =>
      piece.kind === "value" && inSubqueryPosition(input.template, index)
        ? { ...piece, kind: "fragment" }
        : piece,
    ),
  };
  const values = template.pieces.flatMap((piece, index) =>
    piece.kind === "value" ? [{ piece, index }] : [],
  );
  const fragments = template.pieces.filter((piece) => piece.kind === "fragment");
  let judgement: SqlJudgement | null;
  if (values.length === 0) {
    judgement =
      fragments.length === 0 || valuesBound
        ? null
        : {
            severity: "medium",
            reason: `splices in SQL assembled elsewhere (${quoted(fragments[0]!.text)})`,
          };
  } else {
    const valueAt = values.find(({ index }) => !inIdentifierPosition(template, index));
    judgement = valueAt
      ? { severity: "high", reason: `interpolates ${quoted(valueAt.piece.text)} where a value goes` }
      : {
          severity: valuesBound ? "low" : "medium",
          reason: `interpolates ${quoted(values[0]!.piece.text)} as an identifier${valuesBound ? " beside bound parameters" : ""}`,
        };
  }
  if (!judgement) return null;
  const capped = isDdl(template)
    ? "in DDL, where identifiers cannot be bound"
    : isSessionSetting(template)
      ? "in a SET statement, whose value cannot be bound"
      : oneOffKind(input.path)
        ? `in a ${oneOffKind(input.path)} file`
        : input.runsByHand
          ? "in a command an operator runs at a terminal"
          : input.reviewed
            ? "marked reviewed by a suppression comment"
            : null;
  if (capped && judgement.severity !== "low")
    return { severity: "low", reason: `${judgement.reason}, ${capped}` };
  return judgement;
}

function quoted(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return `\`${line.length > 40 ? `${line.slice(0, 39)}…` : line}\``;
}
