// File analyzer: every function's span, own logic lines, complexity and visibility, and the file's logic lines,
// from the syntax tree.
import type { SgNode } from "@ast-grep/napi";
import type { Language } from "../../model/language.js";
import { defineAnalyzer } from "../define.js";
import { thirdPartyNotice } from "../../repo/path-kind.js";

export interface FunctionMetric {
  name: string;
  startLine: number;
  endLine: number;
  /** Lines from the function's first to its last line, nested functions included. */
  lines: number;
  /**
   * Lines of the function's own logic: not blank, not comments, not inside data (object, array, map, tuple and
   * multi-line string literals, type declarations, Go error propagation blocks), not inside a nested measured
   * function (those are measured on their own and point back here by `parent`).
   */
  logicLines: number;
  /** Index in `FileMetrics.functions` of the innermost measured function enclosing this one; null at top level. */
  parent: number | null;
  /**
   * 1 + decision points of the function's own body, nested functions excluded (each is measured on its own):
   * branches, loops, catches, ternaries, `&&`/`||`. A switch or match on a value counts once, however many cases
   * it has (modified cyclomatic complexity); Go's `if err != nil { return … }` propagation counts nothing.
   */
  complexity: number;
  /**
   * The part of `complexity` that comes from guard clauses straight in the body (`if (cond) return x;` with no
   * else): checks read one after the other, which add paths but not nesting.
   */
  guardComplexity: number;
  /** True for exported/public functions where the language says so; null where it does not. */
  isPublic: boolean | null;
  /** A function expression that wraps the whole file (an IIFE, a UMD factory): the module, not a function. */
  wrapsModule: boolean;
  /** The body's only statement, when it has exactly one (a leading docstring and comments aside). */
  soleStatement: { line: number; text: string } | null;
  /**
   * The shape of the body's top-level statements, for functions spanning 100 lines or more (null below): how many,
   * the lines the longest plain one spans, the lines the longest one that only defines a nested function spans
   * (`const onClick = () => { … }`, a nested `def`: measured as functions of their own; 0 when no such statement
   * is longer than every plain one), and the lines covered by statements that hold a block of their own (`if`,
   * loops, nested functions). Many short blocks make a long but flat function: a sequence of independent steps.
   */
  statements: BodyShape | null;
  /** Defined in a class body (a method, or a class field holding a function). */
  isMethod: boolean;
  /**
   * Defined inside a branch (`except ImportError:`, `if sys.platform == …:`) rather than unconditionally: a
   * fallback for a platform or optional dependency.
   */
  isConditional: boolean;
  /**
   * What holds the function when it is a value rather than a declaration: "object" for a member of an object
   * literal declared as implementing a type (`const h: Handler = { render() {…} }`, `{…} satisfies Handler`: one
   * operation of an interface) or of the `methods: {…}` of a component's options object (Vue's options API: methods a
   * mixin's users override), "argument" for a callback passed to a call (`.otherwise(() => {…})`). Absent
   * otherwise.
   */
  holder?: "object" | "argument";
}

export interface BodyShape {
  count: number;
  longest: number;
  longestFunction: number;
  blockLines: number;
  /**
   * Every top-level statement is a call (a registration such as `app.get(path, handler)`, a builder chain such as
   * `return yargs.command(…).command(…)`), an object literal bound or returned (a store's object of actions), or
   * the return of a name: the function holds other functions without logic of its own between them.
   */
  holdsOnly: boolean;
  /** Top-level statements that are a call and bind nothing (`query(:get, Get)`, `await knex.schema.createTable(…)`). */
  calls: number;
}

export interface FileMetrics {
  functions: FunctionMetric[];
  /** Code lines that are logic: not blank, not comments, not inside data literals or type declarations. */
  logicLines: number;
  /**
   * The file switches its linter off entirely in its header (`/* eslint-disable *\/`, `# pylint: skip-file`,
   * `# flake8: noqa`, `# ruff: noqa`): code kept in the tree but not held to the project's standards, usually
   * vendored or generated — or its header says it is a copy of another project's code (`thirdPartyNotice`: the Go
   * Authors' copyright, a library's redistribution line).
   */
  lintExempt: boolean;
}

const LINT_EXEMPT =
  /^\s*(?:\/\*\s*eslint-disable\s*\*\/|\/\/\s*eslint-disable\s*$|#\s*pylint:\s*skip-file|#\s*(?:flake8|ruff):\s*noqa\s*$)/m;

const FUNCTION_KINDS: Partial<Record<Language, string[]>> = {
  go: ["function_declaration", "method_declaration"],
  python: ["function_definition"],
  typescript: [
    "function_declaration",
    "method_definition",
    "generator_function_declaration",
    "arrow_function",
    "function_expression",
  ],
  tsx: [
    "function_declaration",
    "method_definition",
    "generator_function_declaration",
    "arrow_function",
    "function_expression",
  ],
  javascript: [
    "function_declaration",
    "method_definition",
    "generator_function_declaration",
    "arrow_function",
    "function_expression",
  ],
  rust: ["function_item"],
  java: ["method_declaration", "constructor_declaration"],
  kotlin: ["function_declaration"],
  scala: ["function_definition"],
  c: ["function_definition"],
  cpp: ["function_definition"],
  csharp: ["method_declaration", "constructor_declaration", "local_function_statement"],
  php: ["function_definition", "method_declaration"],
  ruby: ["method", "singleton_method"],
  swift: ["function_declaration"],
};

/** Each adds one path. Case clauses are absent on purpose: a switch counts once (see SWITCH_KINDS). */
const DECISION_KINDS = [
  "if_statement",
  "elif_clause",
  "else_if_clause",
  "for_statement",
  "for_in_statement",
  "for_of_statement",
  "enhanced_for_statement",
  "foreach_statement",
  "while_statement",
  "do_statement",
  "catch_clause",
  "except_clause",
  "conditional_expression",
  "ternary_expression",
  "boolean_operator",
  "if_expression",
  "for_expression",
  "while_expression",
  "loop_expression",
  "if",
  "unless",
  "while",
  "until",
  "rescue",
  "conditional",
  "guard_statement",
];

/** A switch or match on a value: one decision, whatever the number of cases (a lookup written as code). */
const SWITCH_KINDS = [
  "switch_statement",
  "switch_expression",
  "expression_switch_statement",
  "type_switch_statement",
  "select_statement",
  "match_statement",
  "match_expression",
  "when_expression",
  "case",
];

/** Data: literals whose lines are values, not steps, and declarations of types. */
const DATA_KINDS: Partial<Record<Language, string[]>> = {
  typescript: ["object", "array", "template_string", "string", "object_type", "interface_body", "enum_body"],
  tsx: ["object", "array", "template_string", "string", "object_type", "interface_body", "enum_body"],
  javascript: ["object", "array", "template_string", "string"],
  python: ["dictionary", "list", "tuple", "set", "string", "concatenated_string"],
  go: [
    "composite_literal",
    "raw_string_literal",
    "interpreted_string_literal",
    "struct_type",
    "interface_type",
  ],
  elixir: ["map", "list", "tuple", "keywords", "string", "charlist", "sigil"],
  rust: [
    "struct_expression",
    "array_expression",
    "string_literal",
    "raw_string_literal",
    "field_declaration_list",
  ],
  java: ["array_initializer", "string_literal", "text_block"],
  kotlin: ["string_literal"],
  ruby: ["hash", "array", "string", "heredoc_body"],
  php: ["array_creation_expression", "string", "heredoc"],
  csharp: ["initializer_expression", "string_literal", "verbatim_string_literal", "raw_string_literal"],
};

const COMMENT_KINDS = ["comment", "line_comment", "block_comment"];

/**
 * JSX markup is a template, like a Vue or HEEx one: its elements and attributes are data; a condition or loop
 * inside it (`{open && …}`, `{items.map(…)}`) is logic.
 */
const JSX_KINDS = ["jsx_element", "jsx_self_closing_element"];

const HTML_TAGS =
  "a|article|aside|b|br|button|canvas|code|dd|details|dialog|div|dl|dt|em|fieldset|figure|footer|form|h[1-6]|header|hr|i|iframe|img|input|label|legend|li|main|nav|ol|option|p|pre|section|select|small|span|strong|summary|svg|table|tbody|td|textarea|tfoot|th|thead|tr|ul";

/**
 * The same markup written as calls (hyperscript): `t.div({…}, t.span(…))`, `h("div", …)`,
 * `React.createElement("div", …)`. Its arguments are a template, as JSX is.
 */
const HYPERSCRIPT = {
  rule: {
    kind: "call_expression",
    any: [
      {
        has: {
          field: "function",
          kind: "member_expression",
          has: { field: "property", regex: `^(${HTML_TAGS})$` },
        },
      },
      {
        all: [
          { has: { field: "function", regex: "^(h|createElement|React\\.createElement)$" } },
          { has: { field: "arguments", has: { kind: "string", nthChild: 1 } } },
        ],
      },
    ],
  },
};

/**
 * A hyperscript call can only be where this matches the source. ast-grep compiles a rule's regexes on every
 * search, and the tag list cost over half a millisecond each time: on a repository of many small files that was
 * a fifth of the analysis, for files with no hyperscript at all.
 */
const HYPERSCRIPT_TEXT = new RegExp(`\\b(h|createElement)\\s*\\(|\\.(${HTML_TAGS})\\b`);

const ELIXIR_DEFS = /^(def|defp|defmacro|defmacrop)$/;

export const functionMetricsAnalyzer = defineAnalyzer<FileMetrics>({
  id: "function-metrics",
  languages: ["elixir", ...(Object.keys(FUNCTION_KINDS) as Language[])],
  needsTree: true,
  analyze({ tree, language, lines }) {
    if (!tree) return undefined;
    const found = language === "elixir" ? elixirFunctions(tree) : genericFunctions(tree, language);
    const measured = measure(tree, language, lines, found);
    return measured.functions.length > 0 || measured.logicLines > 0 ? measured : undefined;
  },
});

/** A function found in the tree, before its lines are attributed. */
interface FoundFunction {
  node: SgNode;
  name: string;
  complexity: number;
  isPublic: boolean | null;
  isExpression: boolean;
  soleStatement: { line: number; text: string } | null;
  statements: BodyShape | null;
  isMethod: boolean;
  isConditional: boolean;
  holder?: "object" | "argument";
  guardComplexity: number;
}

/** Kinds a grammar knows, per language (ast-grep rejects a rule naming a kind its grammar lacks). */
const knownKinds = new Map<Language, Set<string>>();

function kindsOf(tree: SgNode, language: Language, wanted: readonly string[]): string[] {
  let known = knownKinds.get(language);
  if (!known) {
    known = new Set();
    for (const kind of new Set([
      ...DECISION_KINDS,
      ...SWITCH_KINDS,
      ...COMMENT_KINDS,
      ...JSX_KINDS,
      ...(DATA_KINDS[language] ?? []),
      "binary_expression",
      ...(FUNCTION_KINDS[language] ?? []),
    ])) {
      try {
        tree.find({ rule: { kind } });
        known.add(kind);
      } catch {
        // Not a kind of this grammar.
      }
    }
    knownKinds.set(language, known);
  }
  return wanted.filter((kind) => known.has(kind));
}

const anyKind = (kinds: readonly string[]) => ({ rule: { any: kinds.map((kind) => ({ kind })) } });

function genericFunctions(tree: SgNode, language: Language): FoundFunction[] {
  const kinds = kindsOf(tree, language, FUNCTION_KINDS[language] ?? []);
  if (kinds.length === 0) return [];
  const out: FoundFunction[] = [];
  const nodes: SgNode[] = [];
  for (const fn of tree.findAll(anyKind(kinds))) {
    const range = fn.range();
    const fnKind = fn.kind();
    const isExpression = fnKind === "arrow_function" || fnKind === "function_expression";
    // One-line arrow callbacks are expressions, not functions worth measuring.
    if (isExpression && range.end.line - range.start.line < 2) continue;
    nodes.push(fn);
    const name = functionName(fn);
    out.push({
      node: fn,
      name,
      complexity: 1,
      isPublic: visibility(fn, name, language),
      isExpression,
      isMethod: isInClass(fn),
      isConditional: isInBranch(fn),
      ...holderOf(fn),
      guardComplexity: 0,
      // Kotlin's grammar names neither the body nor the name as fields.
      ...bodyShape(
        fn.field("body") ?? fn.children().find((child) => child.kind() === "function_body") ?? null,
        range.end.line - range.start.line + 1,
      ),
    });
  }
  const decisionKinds = kindsOf(tree, language, [...DECISION_KINDS, ...SWITCH_KINDS]);
  const logical = kindsOf(tree, language, ["binary_expression"]).length > 0;
  const rule = {
    rule: {
      any: [
        ...decisionKinds.map((kind) => ({ kind })),
        ...(logical ? [{ kind: "binary_expression", regex: "&&|\\|\\|" }] : []),
      ],
    },
  };
  const owners = ownerLookup(nodes);
  for (const node of decisionKinds.length > 0 || logical ? tree.findAll(rule) : []) {
    const weight = decisionWeight(node, language);
    if (weight === 0) continue;
    const found = out[owners(node.range().start.index)];
    if (!found) continue;
    found.complexity += weight;
    if (
      /^(if_statement|elif_clause|else_if_clause)$/.test(String(node.kind())) &&
      isTopLevelGuard(node, found.node)
    )
      found.guardComplexity += 1 + logicalOperators(node.field("condition")?.text() ?? "");
  }
  return out;
}

/**
 * `if (cond) return x;` (or one or two statements) straight in the function's body: a check read on its own, one
 * after the other, not a path nested in others. A branch of an else-if chain straight in the body is one too when
 * the chain opens with such a check and the branch's own body is as short (`if a { return h1 } else if b { return
 * h2 } …`, a route table, a list of option checks): the `else` only spells out what an early return implies.
 */
function isTopLevelGuard(node: SgNode, fn: SgNode): boolean {
  const body = fn.field("body");
  const head = chainHead(node);
  let parent = head.parent();
  if (parent?.kind() === "statement_list") parent = parent.parent();
  if (!body || !parent || parent.range().start.index !== body.range().start.index) return false;
  // An `if` whose else holds more than another branch of the chain is a fork, not a check.
  const alternative = node.field("alternative");
  if (alternative && !isChainLink(alternative)) return false;
  return hasShortBody(node) && (head === node || hasShortBody(head));
}

/** One or two statements of a few lines each, none a branch or loop of its own. */
function hasShortBody(node: SgNode): boolean {
  const consequence = node.field("consequence");
  if (!consequence) return false;
  const statements = /block/.test(String(consequence.kind())) ? blockStatements(consequence) : [consequence];
  return (
    statements.length <= 2 &&
    statements.every(
      (statement) =>
        statement.range().end.line - statement.range().start.line < 4 &&
        !/^(if|for|while|do|switch|try|match|select|expression_switch|type_switch)/.test(
          String(statement.kind()),
        ),
    )
  );
}

/** An `else if` (Go: an if as the alternative; JS: an else clause holding an if; Python/Ruby/PHP: an elif clause). */
function isChainLink(alternative: SgNode): boolean {
  const kind = String(alternative.kind());
  if (/^(if_statement|elif_clause|else_if_clause)$/.test(kind)) return true;
  if (kind !== "else_clause") return false;
  const inner = alternative
    .children()
    .filter((child) => child.isNamed() && !COMMENT_KINDS.includes(String(child.kind())));
  return inner.length === 1 && inner[0]?.kind() === "if_statement";
}

/** The first `if` of the else-if chain a branch belongs to (the branch itself when it starts one). */
function chainHead(node: SgNode): SgNode {
  let head = node;
  for (;;) {
    const parent = head.parent();
    if (!parent) return head;
    const kind = String(parent.kind());
    if (
      kind === "if_statement" &&
      (head.kind() !== "if_statement" ||
        parent.field("alternative")?.range().start.index === head.range().start.index)
    ) {
      head = parent;
    } else if (kind === "else_clause" && parent.parent()?.kind() === "if_statement") {
      head = parent.parent() ?? head;
    } else return head;
  }
}

function logicalOperators(condition: string): number {
  return (condition.match(/&&|\|\||\band\b|\bor\b/g) ?? []).length;
}

/** How many paths a decision node adds (0 for an `&&` that is not one, or Go error propagation). */
function decisionWeight(node: SgNode, language: Language): number {
  const kind = node.kind();
  if (kind === "binary_expression") return /^(&&|\|\|)$/.test(node.field("operator")?.text() ?? "") ? 1 : 0;
  if (language === "go" && kind === "if_statement" && isGoErrorPropagation(node)) return 0;
  // A tagless Go switch is an if/else chain: each case is a condition.
  if (kind === "expression_switch_statement" && !node.field("value"))
    return Math.max(1, node.children().filter((child) => child.kind() === "expression_case").length);
  return 1;
}

/** `if err != nil { return …, err }`: Go's spelling of a propagated exception, not a decision of the logic. */
function isGoErrorPropagation(node: SgNode): boolean {
  if (!/^\w*[eE]rr\w* != nil$/.test(node.field("condition")?.text() ?? "")) return false;
  if (node.field("alternative")) return false;
  const statements = blockStatements(node.field("consequence"));
  return statements.length === 1 && statements[0]?.kind() === "return_statement";
}

/** For a sorted set of nested function nodes, the index of the innermost one containing a position. */
function ownerLookup(nodes: readonly SgNode[]): (position: number) => number {
  const spans = nodes.map((node, index) => {
    const range = node.range();
    return { index, start: range.start.index, end: range.end.index };
  });
  return (position) => {
    let best = -1;
    let bestSize = Infinity;
    for (const span of spans) {
      if (span.start <= position && position < span.end && span.end - span.start < bestSize) {
        best = span.index;
        bestSize = span.end - span.start;
      }
    }
    return best;
  };
}

/** The statements of a block (Go wraps them in a statement_list), comments aside. */
function blockStatements(block: SgNode | null): SgNode[] {
  if (!block) return [];
  const out: SgNode[] = [];
  for (const child of block.children()) {
    if (!child.isNamed()) continue;
    // Each kind() crosses into native code: read once per child.
    const kind = String(child.kind());
    if (COMMENT_KINDS.includes(kind)) continue;
    if (kind === "statement_list" || kind === "statements") out.push(...blockStatements(child));
    else out.push(child);
  }
  return out;
}

/** Kinds of a nested function definition, in every grammar measured. */
const NESTED_FUNCTION_KINDS = new Set([
  ...Object.values(FUNCTION_KINDS).flat(),
  "func_literal",
  "anonymous_function",
  "decorated_definition",
  "closure_expression",
  "lambda_expression",
]);

const spanOf = (node: SgNode): number => node.range().end.line - node.range().start.line + 1;

/** A statement that only defines a function: a declaration, or a binding whose value is a function literal. */
function definesFunction(statement: SgNode, depth = 0): boolean {
  if (NESTED_FUNCTION_KINDS.has(String(statement.kind()))) return true;
  if (depth >= 3) return false;
  const span = spanOf(statement);
  return statement
    .children()
    .some((child) => child.isNamed() && spanOf(child) >= 0.8 * span && definesFunction(child, depth + 1));
}

/** A statement that holds a block of its own: a branch, a loop, a `with`, a nested function. */
function holdsBlock(statement: SgNode): boolean {
  return (
    definesFunction(statement) ||
    statement.children().some((child) => /block|suite|body|consequence/.test(String(child.kind())))
  );
}

/** Kinds of a call, an object literal and a name, in the grammars measured. */
const CALL_KINDS =
  /^(call_expression|call|method_invocation|invocation_expression|function_call_expression|member_call_expression|new_expression)$/;
const OBJECT_KINDS = /^(object|dictionary|composite_literal)$/;
const WRAPPER_KINDS =
  /^(expression_statement|await_expression|await|parenthesized_expression|return_statement)$/;

/** The value a statement produces or binds, through `await`, parentheses, `return` and a single declarator. */
function statementValue(node: SgNode, depth = 0): SgNode | null {
  if (depth > 4) return null;
  const kind = String(node.kind());
  if (
    WRAPPER_KINDS.test(kind) ||
    /^(lexical_declaration|variable_declaration|variable_declarator)$/.test(kind)
  ) {
    const value = node.field("value");
    if (value) return statementValue(value, depth + 1);
    const named = node
      .children()
      .filter((child) => child.isNamed() && !COMMENT_KINDS.includes(String(child.kind())));
    const last = named[named.length - 1];
    // `return x` / `await x`: the only child; a declaration: its only declarator.
    if (named.length === 1 && last) return statementValue(last, depth + 1);
    return null;
  }
  return node;
}

/** A statement of a function that only holds functions (see BodyShape.holdsOnly). */
function holdsFunctions(statement: SgNode): boolean {
  const kind = String(statement.kind());
  const value = statementValue(statement);
  if (!value) return false;
  const valueKind = String(value.kind());
  if (CALL_KINDS.test(valueKind)) return !/declaration|declarator/.test(kind);
  if (OBJECT_KINDS.test(valueKind)) return true;
  return valueKind === "identifier" && kind === "return_statement";
}

/** A statement that is a call, awaited or not, binding nothing. */
function isPlainCall(statement: SgNode): boolean {
  const kind = String(statement.kind());
  if (/declaration|declarator|assignment|return/.test(kind)) return false;
  const value = statementValue(statement);
  return value !== null && CALL_KINDS.test(String(value.kind()));
}

/** Functions shorter than this are never long enough for their shape to matter; it is not computed for them. */
const SHAPED_SPAN = 100;

/** The body's sole statement and the shape of its top-level statements. */
function bodyShape(body: SgNode | null, span: number): Pick<FoundFunction, "soleStatement" | "statements"> {
  if (!body) return { soleStatement: null, statements: null };
  const isBlock = /block|body/.test(String(body.kind()));
  const statements = isBlock ? blockStatements(body) : [body];
  if (span < SHAPED_SPAN) return { soleStatement: soleStatement(statements), statements: null };
  let longest = 0;
  let longestFunction = 0;
  let blockLines = 0;
  const spans = statements.map((node) => [node, spanOf(node)] as const);
  for (const [statement, lines] of spans) if (holdsBlock(statement)) blockLines += lines;
  // Longest first, up to the first plain statement: shorter ones change neither figure's bound.
  for (const [statement, lines] of spans.sort((a, b) => b[1] - a[1])) {
    if (!definesFunction(statement)) {
      longest = lines;
      break;
    }
    longestFunction = Math.max(longestFunction, lines);
  }
  return {
    soleStatement: soleStatement(statements),
    statements: {
      count: statements.length,
      longest,
      longestFunction,
      blockLines,
      holdsOnly: statements.length > 0 && statements.every(holdsFunctions),
      calls: statements.filter(isPlainCall).length,
    },
  };
}

function soleStatement(statements: SgNode[]): { line: number; text: string } | null {
  // A Python docstring documents the function; it is not its body.
  const first = statements[0];
  if (
    statements.length > 1 &&
    first?.kind() === "expression_statement" &&
    first.children().every((child) => child.kind() === "string")
  )
    statements.shift();
  const only = statements.length === 1 ? statements[0] : undefined;
  return only ? { line: only.range().start.line + 1, text: only.text().slice(0, 300) } : null;
}

const CLASS_BODIES =
  /^(class_body|class_definition|class_declaration|class|module|declaration_list|enum_body)$/;

/** True when the function sits in a class body, directly or as the value of a class field. */
function isInClass(fn: SgNode): boolean {
  let node = fn.parent();
  for (let depth = 0; node && depth < 3; depth++, node = node.parent()) {
    const kind = String(node.kind());
    // Python's root is a `module` too; Ruby's `module Name … end` has a parent.
    if (CLASS_BODIES.test(kind)) return kind !== "module" || node.parent() !== null;
    if (!/^(block|body_statement|decorated_definition|public_field_definition|field_definition)$/.test(kind))
      return false;
  }
  return false;
}

const HOLDERS = new Set([
  "variable_declarator",
  "pair",
  "assignment_expression",
  "public_field_definition",
  "field_definition",
]);

/** The name a holder (`const x =`, `x:`, a class field) gives the value it holds, or null. */
function holderName(holder: SgNode | null): string | null {
  if (!holder || !HOLDERS.has(String(holder.kind()))) return null;
  return (holder.field("name") ?? holder.field("key") ?? holder.field("left"))?.text() ?? null;
}

const BRANCHES = /^(if_statement|elif_clause|else_clause|except_clause|try_statement)$/;

/** True when the function is defined inside a branch or a try/except, not unconditionally. */
/** Whether a function is a member of an object literal or a callback argument (see FunctionMetric.holder). */
function holderOf(fn: SgNode): { holder?: "object" | "argument" } {
  let parent = fn.parent();
  while (parent?.kind() === "parenthesized_expression") parent = parent.parent();
  const kind = parent?.kind();
  const object =
    kind === "object" && fn.kind() === "method_definition"
      ? parent
      : kind === "pair"
        ? parent?.parent()
        : null;
  if (object?.kind() === "object" && (implementsType(object) || isOptionsMethods(object)))
    return { holder: "object" };
  if (kind === "arguments") return { holder: "argument" };
  return {};
}

/**
 * The `methods: {…}` of a component's options object (`export default { mixins: […], methods: { getUrl() {…} } }`,
 * Vue's options API): the component's methods, which mixins and components override by name as subclasses do.
 */
function isOptionsMethods(object: SgNode): boolean {
  const pair = object.parent();
  return (
    pair?.kind() === "pair" && pair.field("key")?.text() === "methods" && pair.parent()?.kind() === "object"
  );
}

/** An object literal declared as implementing a type: `const h: Handler = {…}`, `{…} satisfies Handler`. */
function implementsType(object: SgNode): boolean {
  let parent = object.parent();
  while (parent?.kind() === "parenthesized_expression") parent = parent.parent();
  if (parent?.kind() === "satisfies_expression") return true;
  return parent?.kind() === "variable_declarator" && parent.field("type") !== null;
}

function isInBranch(fn: SgNode): boolean {
  let node = fn.parent();
  for (let depth = 0; node && depth < 3; depth++, node = node.parent()) {
    const kind = String(node.kind());
    if (BRANCHES.test(kind)) return true;
    if (!/^(block|statement_block|decorated_definition)$/.test(kind)) return false;
  }
  return false;
}

function functionName(fn: SgNode): string {
  const own =
    fn.field("name")?.text() ??
    fn
      .children()
      .find((child) => child.kind() === "simple_identifier")
      ?.text();
  if (own) return own;
  let parent = fn.parent();
  while (parent?.kind() === "parenthesized_expression") parent = parent.parent();
  const held = holderName(parent);
  if (held) return held;
  // A callback is known by what holds the call (`const onChange = useCallback(() => …)`), or else by what it
  // is passed to (`useEffect(() => …)` is a "useEffect callback").
  if (parent?.kind() === "arguments") {
    const call = parent.parent();
    const heldCall = holderName(call?.parent() ?? null);
    if (heldCall) return heldCall;
    const callee = call?.field("function")?.text() ?? "";
    const short = callee.slice(callee.lastIndexOf(".") + 1);
    if (/^[\w$]{1,40}$/.test(short)) return `${short} callback`;
  }
  return "(anonymous)";
}

function visibility(fn: SgNode, name: string, language: Language): boolean | null {
  switch (language) {
    case "go":
      return /^[A-Z]/.test(name);
    case "python":
      return !name.startsWith("_");
    case "typescript":
    case "tsx":
    case "javascript":
      return (
        fn.parent()?.kind() === "export_statement" ||
        // `export const handler = () => …`
        fn.parent()?.parent()?.parent()?.kind() === "export_statement" ||
        (fn.kind() === "method_definition" && !/^(private|#)/.test(fn.text()))
      );
    case "rust":
      return fn.children().some((child) => child.kind() === "visibility_modifier");
    case "java":
    case "csharp":
    case "kotlin":
      return !/\bprivate\b/.test(fn.text().split("\n")[0] ?? "");
    default:
      return null;
  }
}

function elixirFunctions(tree: SgNode): FoundFunction[] {
  const out: FoundFunction[] = [];
  const calls = tree.findAll({
    rule: {
      kind: "call",
      has: { kind: "identifier", regex: "^(def|defp|defmacro|defmacrop)$", field: "target" },
    },
  });
  const defs: SgNode[] = [];
  for (const call of calls) {
    const keyword = call.field("target")?.text() ?? "";
    if (!ELIXIR_DEFS.test(keyword)) continue;
    const args = call.children().find((child) => child.kind() === "arguments");
    const head = args?.child(0) ?? null;
    const nameNode = head?.kind() === "binary_operator" ? head.field("left") : head;
    const name =
      nameNode?.kind() === "call" ? (nameNode.field("target")?.text() ?? "") : (nameNode?.text() ?? "");
    defs.push(call);
    const doBlock = call.children().find((child) => child.kind() === "do_block");
    const doKeyword = args
      ?.children()
      .find((child) => child.kind() === "keywords")
      ?.children()
      .find((pair) => /^do:/.test(pair.text()));
    out.push({
      node: call,
      name,
      complexity: 1,
      isPublic: keyword === "def" || keyword === "defmacro",
      isExpression: false,
      isMethod: false,
      isConditional: false,
      guardComplexity: 0,
      ...bodyShape(
        doBlock ?? (doKeyword ? (doKeyword.field("value") ?? doKeyword.child(1)) : null),
        call.range().end.line - call.range().start.line + 1,
      ),
    });
  }
  const owners = ownerLookup(defs);
  const branches = tree.findAll({
    rule: {
      any: [
        {
          kind: "call",
          has: { kind: "identifier", regex: "^(if|unless|case|cond|with|for|receive|try)$", field: "target" },
        },
        { kind: "anonymous_function" },
        { kind: "binary_operator", regex: "&&|\\|\\||\\band\\b|\\bor\\b" },
      ],
    },
  });
  for (const node of branches) {
    const weight = elixirDecisionWeight(node);
    if (weight === 0) continue;
    const owner = owners(node.range().start.index);
    if (owner !== -1 && out[owner]) out[owner].complexity += weight;
  }
  return out;
}

/**
 * `if`, `unless`, `for`, `with`, `case`, `receive` and `try` add one path each (a case counts once, like a
 * switch); each clause of a `cond` is a condition; an anonymous function adds one per clause after its first.
 */
function elixirDecisionWeight(node: SgNode): number {
  const kind = node.kind();
  if (kind === "binary_operator") {
    return /^(&&|\|\||and|or)$/.test(node.field("operator")?.text() ?? "") ? 1 : 0;
  }
  const clauses = (parent: SgNode | undefined): number =>
    parent?.children().filter((child) => child.kind() === "stab_clause").length ?? 0;
  if (kind === "anonymous_function") return Math.max(0, clauses(node) - 1);
  const target = node.field("target")?.text() ?? "";
  if (!/^(if|unless|case|cond|with|for|receive|try)$/.test(target)) return 0;
  if (target === "cond") {
    return Math.max(1, clauses(node.children().find((child) => child.kind() === "do_block")));
  }
  return 1;
}

/**
 * Attributes every line of the file: to the innermost measured function containing it, and as logic or not
 * (blank, comment, data). Nodes are painted outermost first, so the innermost one decides a line.
 */
function measure(
  tree: SgNode,
  language: Language,
  lines: readonly string[],
  found: readonly FoundFunction[],
): FileMetrics {
  const lineCount = lines.length;
  // 0 = logic, 1 = data, 2 = comment or blank (never logic).
  const kind = new Uint8Array(lineCount + 2);
  const owner = new Int32Array(lineCount + 2).fill(-1);
  for (let line = 1; line <= lineCount; line++) if ((lines[line - 1] ?? "").trim() === "") kind[line] = 2;
  for (const comment of tree.findAll(anyKind(kindsOf(tree, language, COMMENT_KINDS)))) {
    const range = comment.range();
    const startLine = range.start.line + 1;
    const before = (lines[startLine - 1] ?? "").slice(0, range.start.column);
    for (let line = before.trim() === "" ? startLine : startLine + 1; line <= range.end.line + 1; line++)
      kind[line] = 2;
  }

  // A string standing alone as a statement (a Python docstring) documents; it is a comment, not logic.
  if (language === "python") {
    for (const doc of tree.findAll({ rule: { kind: "expression_statement", has: { kind: "string" } } })) {
      if (doc.children().filter((child) => child.isNamed()).length !== 1) continue;
      const range = doc.range();
      for (let line = range.start.line + 1; line <= range.end.line + 1; line++) kind[line] = 2;
    }
  }

  interface Paint {
    start: number;
    end: number;
    startLine: number;
    endLine: number;
    /** A function's index; DATA for a literal; LOGIC for logic embedded in data (a JSX condition). */
    fn: number;
  }
  const DATA = -1;
  const LOGIC = -2;
  const paints: Paint[] = [];
  found.forEach((fn, index) => {
    const range = fn.node.range();
    paints.push({
      start: range.start.index,
      end: range.end.index,
      startLine: range.start.line + 1,
      endLine: range.end.line + 1,
      fn: index,
    });
  });
  const dataKinds = kindsOf(tree, language, DATA_KINDS[language] ?? []);
  // Only nodes spanning lines paint anything, and a node's text holds a line break exactly when it spans lines:
  // the regex leaves the one-line ones (most strings) out natively, so that they never cross into JavaScript.
  // Go's error propagation is a multi-line `if` whose condition names an error (checked exactly below).
  // These searches stay apart from the engine's per-kind index because of those filters.
  const dataNodes =
    dataKinds.length > 0
      ? tree.findAll({ rule: { any: dataKinds.map((kind) => ({ kind, regex: "\n" })) } })
      : [];
  if (language === "go")
    dataNodes.push(
      ...tree.findAll({
        rule: { kind: "if_statement", regex: "\n", has: { field: "condition", regex: "[eE]rr" } },
      }),
    );
  const jsxKinds = kindsOf(tree, language, JSX_KINDS);
  const logicInData: SgNode[] = [];
  if (jsxKinds.length > 0) {
    dataNodes.push(...tree.findAll(anyKind(jsxKinds)));
    // Conditional rendering and loops inside the markup are logic again.
    logicInData.push(
      // ast-grep's regex (no lookahead) keeps the candidates, so that only they cross into JavaScript for text().
      ...tree
        .findAll({
          rule: { kind: "jsx_expression", regex: "&&|\\|\\||\\?|\\.map\\(|\\.filter\\(|\\.forEach\\(" },
        })
        .filter((node) => /&&|\|\||\?(?![.?])|\.map\(|\.filter\(|\.forEach\(/.test(node.text())),
    );
  }
  if (language === "javascript" || language === "typescript" || language === "tsx")
    if (lines.some((line) => HYPERSCRIPT_TEXT.test(line))) dataNodes.push(...tree.findAll(HYPERSCRIPT));
  for (const node of logicInData) {
    const range = node.range();
    if (range.end.line === range.start.line) continue;
    paints.push({
      start: range.start.index,
      end: range.end.index,
      startLine: range.start.line + 1,
      endLine: range.end.line + 1,
      fn: LOGIC,
    });
  }
  for (const node of dataNodes) {
    const range = node.range();
    if (range.end.line === range.start.line) continue;
    if (node.kind() === "if_statement" && !isGoErrorPropagation(node)) continue;
    // `def f(x), do: …` is a keyword list holding a function body, not data.
    if (node.kind() === "keywords" && /^do:/.test(node.text())) continue;
    paints.push({
      start: range.start.index,
      end: range.end.index,
      startLine: range.start.line + 1,
      endLine: range.end.line + 1,
      fn: DATA,
    });
  }
  paints.sort((a, b) => a.start - b.start || b.end - a.end);
  for (const paint of paints) {
    if (paint.fn === DATA) {
      // The line that opens the literal holds the statement using it; the rest is data.
      for (let line = paint.startLine + 1; line <= paint.endLine; line++)
        if (kind[line] !== 2) kind[line] = 1;
    } else if (paint.fn === LOGIC) {
      for (let line = paint.startLine; line <= paint.endLine; line++) if (kind[line] === 1) kind[line] = 0;
    } else {
      for (let line = paint.startLine; line <= paint.endLine; line++) {
        owner[line] = paint.fn;
        if (kind[line] === 1) kind[line] = 0;
      }
    }
  }

  const logicOf = new Array<number>(found.length).fill(0);
  let fileLogic = 0;
  for (let line = 1; line <= lineCount; line++) {
    if (kind[line] !== 0) continue;
    fileLogic++;
    const fn = owner[line] ?? -1;
    if (fn !== -1) logicOf[fn] = (logicOf[fn] ?? 0) + 1;
  }

  const parentOf = parentIndexes(paints.filter((paint) => paint.fn >= 0));
  let lastCodeLine = lineCount;
  while (lastCodeLine > 0 && kind[lastCodeLine] === 2) lastCodeLine--;
  let firstCodeLine = 1;
  while (firstCodeLine < lastCodeLine && kind[firstCodeLine] === 2) firstCodeLine++;
  const codeSpan = Math.max(1, lastCodeLine - firstCodeLine + 1);

  const wraps: boolean[] = [];
  const functions = found.map((fn, index): FunctionMetric => {
    const range = fn.node.range();
    const startLine = range.start.line + 1;
    const endLine = range.end.line + 1;
    const parent = parentOf.get(index) ?? null;
    // An emscripten or UMD module nests its factory inside the outer wrapper: both wrap the file.
    const outermost = parent === null || wraps[parent] === true;
    wraps[index] =
      fn.isExpression &&
      outermost &&
      // A scope wrapper called on the spot (`(function () { … })()`, a compiled namespace
      // `(ns => { … })(ns || (ns = {}))`), or a factory spanning the file (UMD, emscripten).
      (isImmediatelyInvoked(fn.node) ||
        (endLine - startLine + 1 >= 0.8 * codeSpan && isWrapperCall(fn.node)));
    return {
      name: fn.name,
      startLine,
      endLine,
      lines: endLine - startLine + 1,
      logicLines: logicOf[index] ?? 0,
      parent,
      complexity: fn.complexity,
      guardComplexity: fn.guardComplexity,
      isPublic: fn.isPublic,
      wrapsModule: wraps[index] ?? false,
      soleStatement: fn.soleStatement,
      statements: fn.statements,
      isMethod: fn.isMethod,
      isConditional: fn.isConditional,
      ...(fn.holder ? { holder: fn.holder } : {}),
    };
  });
  return {
    functions,
    logicLines: fileLogic,
    lintExempt:
      LINT_EXEMPT.test(lines.slice(0, 5).join("\n")) ||
      thirdPartyNotice(lines.slice(0, 40).join("\n")) !== null,
  };
}

/** Index of each function's innermost enclosing function, from spans sorted outermost first. */
function parentIndexes(
  sorted: ReadonlyArray<{ start: number; end: number; fn: number }>,
): Map<number, number> {
  const parents = new Map<number, number>();
  const stack: Array<{ end: number; fn: number }> = [];
  for (const span of sorted) {
    while (stack.length > 0 && (stack[stack.length - 1]?.end ?? 0) <= span.start) stack.pop();
    const top = stack[stack.length - 1];
    if (top) parents.set(span.fn, top.fn);
    stack.push({ end: span.end, fn: span.fn });
  }
  return parents;
}

/** An IIFE, a UMD/AMD factory or a bare top-level function expression statement. */
/** The callee of a call: `(function () { … })()`, `(() => { … })()`. */
function isImmediatelyInvoked(fn: SgNode): boolean {
  let node: SgNode = fn;
  let parent = fn.parent();
  while (parent?.kind() === "parenthesized_expression") {
    node = parent;
    parent = parent.parent();
  }
  return (
    parent?.kind() === "call_expression" &&
    parent.field("function")?.range().start.index === node.range().start.index
  );
}

function isWrapperCall(fn: SgNode): boolean {
  let parent = fn.parent();
  while (parent?.kind() === "parenthesized_expression") parent = parent.parent();
  const kind = parent?.kind();
  return kind === "call_expression" || kind === "arguments" || kind === "expression_statement";
}
