// node/raw-sql-interpolation: an ORM's raw-SQL escape hatch (Prisma $queryRawUnsafe/$executeRawUnsafe, Drizzle and
// Kysely sql.raw, TypeORM query() and query-builder where()/andWhere()/having(), Knex raw()) called with SQL built by template or `+` interpolation.
import type { SgNode } from "@ast-grep/napi";
import { lastLocalValue, parameterType } from "../../facts/node/ast.js";
import { NODE_LANGUAGES } from "../../facts/node/imports.js";
import { defineRule } from "../define-rule.js";
import {
  appendPiece,
  appendText,
  bindsPlaceholders,
  inIdentifierPosition,
  isConstantName,
  isSafeSqlFunction,
  isSqlFragmentName,
  judgeSqlInterpolation,
  looksLikeSql,
  saysReviewed,
  type SqlPiece,
  type SqlTemplate,
} from "../shared/sql-interpolation.js";

// Methods that send their first argument to the database as SQL text, unparsed and unescaped.
const UNSAFE_PRISMA = new Set(["$queryRawUnsafe", "$executeRawUnsafe"]);
// `sql.raw(text)` (Drizzle, Kysely) and `.raw(text)` (Knex, Sequelize literal): text spliced in as SQL.
const RAW = new Set(["raw"]);
// TypeORM DataSource/EntityManager/QueryRunner/Repository `.query(text, params)` and Sequelize `.query(text)`.
const QUERY = new Set(["query"]);

// TypeORM query builders' condition methods: their string argument is SQL (`"user.id = :id"`), values go in the
// parameters object.
const BUILDER_CONDITION = new Set(["where", "andWhere", "orWhere", "having", "andHaving", "orHaving"]);
const QUERY_BUILDER_RECEIVER = /\bcreateQueryBuilder\s*\(|(?:^|\.)(?:qb|\w*QueryBuilder|queryBuilder)$/;

// Receivers whose `.query(...)` is not SQL: HTTP clients, URL and DOM APIs, GraphQL and tRPC hooks, test queries.
const NOT_SQL_RECEIVER =
  /(?:^|\.)(?:req|request|ctx|c|url|router|searchParams|window|document|screen|page|client\.graphql|api|trpc|utils|queryClient|gql|apollo|supabase|db\.select)$/i;

// Configuration settings: `this.config.dictLanguage`, `config.db.schema`, `WIKI.config.x`, `process.env.X`.
const SETTING =
  /^(?:(?:this\.)?(?:config|conf|settings|cfg)|[A-Z][A-Za-z0-9_]*\.(?:config|settings)|process\.env)\.[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

// Number conversions and array lengths: values that cannot carry SQL.
const SAFE_JS = /^(?:Number|parseInt|parseFloat|Math\.\w+|String\(\s*Number)\b|\.length$|\.toFixed\(/;

function calleeParts(call: SgNode): { receiver: string; method: string } | null {
  const callee = call.field("function");
  if (!callee || callee.kind() !== "member_expression") return null;
  const method = callee.field("property")?.text() ?? "";
  const receiver = callee.field("object")?.text() ?? "";
  return { receiver, method };
}

/** A literal, or an array of literals (nested arrays too): data written in the code. */
function isLiteralData(node: SgNode): boolean {
  const kind = node.kind();
  if (kind === "string" || kind === "number" || kind === "true" || kind === "false" || kind === "null")
    return true;
  if (kind === "template_string") return !node.children().some((c) => c.kind() === "template_substitution");
  if (kind === "array")
    return node
      .children()
      .filter((c) => c.isNamed() && c.kind() !== "comment")
      .every(isLiteralData);
  return false;
}

/** Names the file binds with `const` to an array of literals (`const MIGRATIONS = [[1700000000, "Init"], …]`). */
function literalArrays(tree: SgNode): Set<string> {
  const names = new Set<string>();
  for (const declaration of tree.findAll({ rule: { kind: "lexical_declaration", regex: "^const\\b" } })) {
    for (const declarator of declaration.children().filter((c) => c.kind() === "variable_declarator")) {
      const name = declarator.field("name");
      let value = declarator.field("value");
      while (value && (value.kind() === "as_expression" || value.kind() === "satisfies_expression"))
        value = value.children().find((c) => c.isNamed()) ?? null;
      if (name?.kind() === "identifier" && value?.kind() === "array" && isLiteralData(value))
        names.add(name.text());
    }
  }
  return names;
}

// A zod schema whose every accepted value is a literal written in the code.
const LITERAL_SCHEMA = /^z\.(?:enum|nativeEnum|literal)\(/;

/**
 * Expressions holding the output of a literal-only zod schema (`z.enum(["ASC", "DESC"])`, `z.literal("x")`,
 * `z.nativeEnum(Order)`), declared in the file: `order.data` for `const order = schema.safeParse(x)` and `v` for
 * `const v = schema.parse(x)`. They can only be one of the schema's literals.
 */
function literalSchemaOutputs(tree: SgNode): Set<string> {
  const out = new Set<string>();
  const declarators = tree.findAll({ rule: { kind: "variable_declarator" } });
  const schemas = new Set(
    declarators
      .filter(
        (d) =>
          d.field("name")?.kind() === "identifier" && LITERAL_SCHEMA.test(d.field("value")?.text() ?? ""),
      )
      .map((d) => d.field("name")!.text()),
  );
  for (const declarator of declarators) {
    const name = declarator.field("name");
    const value = declarator.field("value");
    if (name?.kind() !== "identifier" || value?.kind() !== "call_expression") continue;
    const callee = value.field("function");
    if (callee?.kind() !== "member_expression") continue;
    const method = callee.field("property")?.text();
    const schema = callee.field("object");
    if (!schema || !(schemas.has(schema.text()) || LITERAL_SCHEMA.test(schema.text()))) continue;
    if (method === "safeParse") out.add(`${name.text()}.data`);
    else if (method === "parse") out.add(name.text());
  }
  return out;
}

/** The identifier a member/call chain starts from: `rows` for `rows.map(f).join(", ")`. */
function chainRoot(expression: SgNode): SgNode | null {
  let node: SgNode | null = expression;
  while (node && (node.kind() === "call_expression" || node.kind() === "member_expression"))
    node = node.kind() === "call_expression" ? node.field("function") : node.field("object");
  return node?.kind() === "identifier" ? node : null;
}

/** How one interpolated expression can reach the SQL. */
function pieceOf(
  expression: SgNode,
  constants: ReadonlySet<string> = new Set(),
  validated: ReadonlySet<string> = new Set(),
): SqlPiece {
  const text = expression.text();
  const kind = expression.kind();
  // The output of a literal-only schema (`z.enum(["ASC", "DESC"]).safeParse(x).data`): one of the literals.
  if (validated.has(text)) return { kind: "safe", text };
  // `desc ? "NULLS LAST" : ""`: whichever branch runs, a literal of the code.
  if (kind === "ternary_expression" || kind === "parenthesized_expression") {
    const branches =
      kind === "ternary_expression"
        ? [expression.field("consequence"), expression.field("alternative")]
        : [expression.children().find((c) => c.isNamed()) ?? null];
    if (
      branches.every((branch) => branch !== null && pieceOf(branch, constants, validated).kind === "constant")
    )
      return { kind: "constant", text };
  }
  if (kind === "string" || kind === "number" || kind === "template_string") return { kind: "constant", text };
  const last = text.split(".").pop() ?? text;
  if (kind === "identifier") {
    // A parameter the function declares as a number (`days: number`): it cannot carry SQL text.
    if (/^(?:number|bigint|boolean)$/.test(parameterType(text, expression) ?? ""))
      return { kind: "safe", text };
    // A local built only from literals: `batch.map(() => "(?, ?)").join(", ")`, `Array(n).fill("?").join(",")`.
    const local = lastLocalValue(text, expression);
    if (joinsLiterals(local)) return { kind: "constant", text };
    // `const fn = all ? "hasAll" : "hasAny"`: a constant that is one of the code's literals.
    if (isConstDeclared(local) && isLiteralChoice(local)) return { kind: "constant", text };
  }
  if (kind === "identifier" || kind === "member_expression") {
    if (isConstantName(last) || /^[A-Z][A-Za-z0-9]*\.[A-Z_][A-Za-z0-9_]*$/.test(text))
      return { kind: "constant", text };
    if (isSqlFragmentName(last)) return { kind: "fragment", text };
  }
  if (SAFE_JS.test(text)) return { kind: "safe", text };
  if (kind === "call_expression") {
    const name = expression.field("function")?.text() ?? "";
    if (
      isSafeSqlFunction(name) ||
      /(?:^|\.)(?:escapeIdentifier|escapeId|quoteIdent\w*|format\.ident)$/.test(name)
    )
      return { kind: "safe", text };
    if (isSqlFragmentName(name.split(".").pop() ?? name)) return { kind: "fragment", text };
    // `MIGRATIONS.map(([t, n]) => `(${t}, '${n}')`).join(", ")`: rows written as literals in this file.
    const root = chainRoot(expression);
    if (/(?:^|\.)join$/.test(name) && root && constants.has(root.text())) return { kind: "constant", text };
    if (/(?:^|\.)join$/.test(name)) return { kind: "fragment", text };
  }
  return { kind: "value", text };
}

/** A string literal, or a choice between literals (`a ? "x" : "y"`, nested too). */
function isLiteralChoice(node: SgNode | null): boolean {
  if (!node) return false;
  if (node.kind() === "ternary_expression")
    return isLiteralChoice(node.field("consequence")) && isLiteralChoice(node.field("alternative"));
  if (node.kind() === "parenthesized_expression")
    return isLiteralChoice(node.children().find((c) => c.isNamed()) ?? null);
  return isLiteralText(node);
}

/** The value of a `const` declarator (`const x = value`): the name holds it wherever it is read. */
function isConstDeclared(value: SgNode | null): boolean {
  const declarator = value?.parent();
  const declaration = declarator?.parent();
  return (
    declarator?.kind() === "variable_declarator" &&
    declaration?.kind() === "lexical_declaration" &&
    /^const\b/.test(declaration.text())
  );
}

/** A string literal, or a template literal without substitutions. */
function isLiteralText(node: SgNode | null | undefined): boolean {
  if (!node) return false;
  if (node.kind() === "parenthesized_expression")
    return isLiteralText(node.children().find((c) => c.isNamed()));
  return (
    node.kind() === "string" ||
    (node.kind() === "template_string" && !node.children().some((c) => c.kind() === "template_substitution"))
  );
}

/**
 * `rows.map(() => "(?, ?, ?)").join(", ")` or `Array(n).fill("?").join(",")`: text joined from one literal per
 * row, whatever the rows hold (placeholders, their values go in the bindings).
 */
function joinsLiterals(value: SgNode | null): boolean {
  if (value?.kind() !== "call_expression") return false;
  const join = value.field("function");
  if (join?.kind() !== "member_expression" || join.field("property")?.text() !== "join") return false;
  const separator = value
    .field("arguments")
    ?.children()
    .find((c) => c.isNamed());
  if (separator && !isLiteralText(separator)) return false;
  const inner = join.field("object");
  if (inner?.kind() !== "call_expression") return false;
  const method = inner.field("function");
  if (method?.kind() !== "member_expression") return false;
  const argument = inner
    .field("arguments")
    ?.children()
    .find((c) => c.isNamed());
  const name = method.field("property")?.text();
  if (name === "fill") return isLiteralText(argument);
  if (name !== "map" || !argument) return false;
  if (argument.kind() !== "arrow_function" && argument.kind() !== "function_expression") return false;
  const body = argument.field("body");
  if (isLiteralText(body)) return true;
  // `function () { return "(?, ?)"; }`: a body that only returns a literal.
  const statements = body?.kind() === "statement_block" ? body.children().filter((c) => c.isNamed()) : [];
  return (
    statements.length === 1 &&
    statements[0]?.kind() === "return_statement" &&
    isLiteralText(statements[0].children().find((c) => c.isNamed()))
  );
}

/** The character a JavaScript escape sequence stands for (`\n`, `\t`; `\``, `\$`, `\\` and others: the character itself). */
function unescaped(sequence: string): string {
  const ch = sequence.slice(1);
  return ch === "n" ? "\n" : ch === "t" ? "\t" : ch === "r" ? "\r" : ch.length === 1 ? ch : sequence;
}

/** The SQL template an argument builds: a template literal with substitutions or a `+` chain with a string. */
function templateOf(
  argument: SgNode,
  constants: ReadonlySet<string>,
  validated: ReadonlySet<string> = new Set(),
): SqlTemplate | null {
  const template: SqlTemplate = { literals: [""], pieces: [] };
  const add = (node: SgNode): boolean => {
    const kind = node.kind();
    if (kind === "template_string") {
      for (const child of node.children()) {
        if (child.kind() === "string_fragment") appendText(template, child.text());
        // `\`` in a template literal is a backtick in the SQL (MySQL's identifier quote), `\$` a dollar sign.
        else if (child.kind() === "escape_sequence") appendText(template, unescaped(child.text()));
        else if (child.kind() === "template_substitution") {
          const inner = child.children().find((c) => c.isNamed());
          // `$${index}`: the number of a positional placeholder the code counts, not a value.
          const placeholder = /\$$/.test(template.literals[template.literals.length - 1] ?? "");
          if (inner)
            appendPiece(
              template,
              placeholder ? { kind: "safe", text: inner.text() } : pieceOf(inner, constants, validated),
            );
        }
      }
      return true;
    }
    if (kind === "string") {
      appendText(template, node.text().slice(1, -1));
      return true;
    }
    if (kind === "binary_expression" && node.field("operator")?.text() === "+") {
      const left = node.field("left");
      const right = node.field("right");
      if (!left || !right) return false;
      for (const side of [left, right]) {
        const sideKind = side.kind();
        if (sideKind === "template_string" || sideKind === "string" || sideKind === "binary_expression") {
          if (!add(side)) return false;
        } else appendPiece(template, pieceOf(side, constants, validated));
      }
      return true;
    }
    if (kind === "parenthesized_expression") {
      const inner = node.children().find((c) => c.isNamed());
      return inner ? add(inner) : false;
    }
    return false;
  };
  if (!add(argument) || template.pieces.length === 0) return null;
  return template;
}

export default defineRule({
  id: "node/raw-sql-interpolation",
  area: "security",
  severity: "high",
  title: "Raw SQL built with string interpolation",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: NODE_LANGUAGES,
  prefilter:
    /\$(?:query|execute)RawUnsafe\s*\(|\braw\s*\(|\.query\s*\(|createQueryBuilder|QueryBuilder\b|\bqb\./,
  docs: {
    rationale:
      "ORMs bind values as parameters in their query builders and in tagged raw queries (Prisma's $queryRaw`...`, Drizzle's sql`...`), but their escape hatches — $queryRawUnsafe, $executeRawUnsafe, sql.raw(), TypeORM and Sequelize query(), Knex raw() — send the text as it is. A template literal or `+` there puts the value into the SQL itself.",
    impact:
      "A value that reaches the interpolation from a request can change the statement: read other tenants' rows, bypass a filter or drop data (SQL injection).",
    fix: "Use the tagged form that binds values (`prisma.$queryRaw`SELECT … WHERE id = ${id}``, Drizzle/Kysely `sql`…${id}``), or pass values as parameters (`$queryRawUnsafe('… WHERE id = $1', id)`, `manager.query('… WHERE id = $1', [id])`); allow-list identifiers that cannot be bound.",
    example: {
      language: "typescript",
      bad: 'const rows = await prisma.$queryRawUnsafe(\n  `SELECT * FROM "Document" WHERE "teamId" = ${teamId}`,\n);',
      good: 'const rows = await prisma.$queryRaw`\n  SELECT * FROM "Document" WHERE "teamId" = ${teamId}\n`;',
    },
  },
  notes: [
    "The first argument of `$queryRawUnsafe`/`$executeRawUnsafe`, of `sql.raw`/`.raw` (Drizzle, Kysely, Knex), of `.query` on anything but request, URL, DOM, GraphQL/tRPC and query-client objects, and of a TypeORM query builder's `where`/`andWhere`/`orWhere`/`having` (a chain from `createQueryBuilder(...)` or a receiver named `qb`/`…QueryBuilder`, judged as the body of a WHERE clause), when it is a template literal with substitutions or a `+` chain with a string whose text reads like SQL. Tagged templates (`sql`…``, `$queryRaw`…``) bind their values and are never reported. Kysely's `sql.lit(value)` quotes and escapes string literals itself and is not reported.",
    "Interpolated pieces that come from code are not data: literals, UPPER_CASE constants and enum members, numbers (`Number(x)`, `parseInt`, `.length`, a parameter the function declares `number`), placeholders joined from one literal per row (`const values = rows.map(() => '(?, ?)').join(', ')`, `Array(n).fill('?').join(',')`), quoted identifiers (`escapeIdentifier`), and rows joined from an array of literals the file declares with `const` (`MIGRATIONS.map(([t, n]) => `(${t}, '${n}')`).join(', ')`). SQL fragments the code assembles (`whereClause`, `conditions`, `.join(...)`) are reported at medium, and only when no values are bound as parameters.",
    "High for a piece where a value goes, medium when every such piece is a configuration setting (`this.config.x`, `config.x`, `WIKI.config.x`, `process.env.X`: an operator or administrator sets it, a request does not); medium where an identifier goes or for assembled fragments (low beside bound parameters); low in migrations, scripts, seeds and tests, in DDL (identifiers cannot be bound there), and where a comment records review (`nosec`).",
  ],
  checkFile({ tree, path, lines, report }) {
    if (!tree) return;
    const calls = tree.findAll({
      rule: {
        kind: "call_expression",
        has: {
          field: "function",
          kind: "member_expression",
          has: {
            field: "property",
            regex:
              "^(\\$queryRawUnsafe|\\$executeRawUnsafe|raw|query|where|andWhere|orWhere|having|andHaving|orHaving)$",
          },
        },
      },
    });
    let constants: Set<string> | null = null;
    let validated: Set<string> | null = null;
    for (const call of calls) {
      const parts = calleeParts(call);
      if (!parts) continue;
      const { receiver, method } = parts;
      if (QUERY.has(method) && NOT_SQL_RECEIVER.test(receiver)) continue;
      const condition = BUILDER_CONDITION.has(method);
      if (condition && !QUERY_BUILDER_RECEIVER.test(receiver)) continue;
      if (!UNSAFE_PRISMA.has(method) && !RAW.has(method) && !QUERY.has(method) && !condition) continue;
      const args =
        call
          .field("arguments")
          ?.children()
          .filter((c) => c.isNamed()) ?? [];
      const first = args[0];
      if (!first) continue;
      constants ??= literalArrays(tree);
      validated ??= literalSchemaOutputs(tree);
      const template = templateOf(first, constants, validated);
      if (!template) continue;
      // A builder condition is the body of a WHERE/HAVING clause: judge it in that place.
      if (condition)
        template.literals[0] = `${/having/i.test(method) ? "HAVING" : "WHERE"} ${template.literals[0] ?? ""}`;
      if (!looksLikeSql(template.literals.join(" "))) continue;
      const line = call.range().start.line + 1;
      const endLine = call.range().end.line + 1;
      const judgement = judgeSqlInterpolation({
        template,
        valuesBound: args.length > 1 || bindsPlaceholders(template),
        path,
        reviewed: saysReviewed(lines.slice(Math.max(0, line - 2), endLine)),
      });
      if (!judgement) continue;
      // Values read from the application's configuration, where a value goes: whoever sets that configuration (an
      // operator, an administrator's settings page) can change the statement, a request cannot.
      const valued = template.pieces.filter(
        (piece, index) => piece.kind === "value" && !inIdentifierPosition(template, index),
      );
      const fromSettings =
        judgement.severity === "high" &&
        valued.length > 0 &&
        valued.every((piece) => SETTING.test(piece.text));
      report({
        node: call,
        severity: fromSettings ? "medium" : judgement.severity,
        message: `\`${condition ? "createQueryBuilder(...)" : receiver.split("\n")[0]}.${method}(...)\` sends SQL that ${judgement.reason}${fromSettings ? ", a configuration setting (whoever sets the configuration can change the statement; a request cannot)" : ""}; ${condition ? 'name it as a parameter (`where("u.id = :id", { id })`)' : "bind it as a parameter or use the tagged template form"}`,
        key: `${method}:${template.pieces.map((p) => p.text).join(",")}`,
      });
    }
  },
});
