// File analyzer: every function's span, name, visibility and cyclomatic complexity, from the syntax tree.
import type { SgNode } from "@ast-grep/napi";
import type { Language } from "../../model/language.js";
import { defineAnalyzer } from "../define.js";

export interface FunctionMetric {
  name: string;
  startLine: number;
  endLine: number;
  lines: number;
  /** 1 + decision points (branches, loops, case clauses, catches, boolean operators). */
  complexity: number;
  /** True for exported/public functions where the language says so; null where it does not. */
  isPublic: boolean | null;
}

export interface FileMetrics {
  functions: FunctionMetric[];
}

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
  "switch_case",
  "case_clause",
  "expression_case",
  "type_case",
  "communication_case",
  "switch_section",
  "catch_clause",
  "except_clause",
  "conditional_expression",
  "ternary_expression",
  "boolean_operator",
  "if_expression",
  "for_expression",
  "while_expression",
  "loop_expression",
  "match_arm",
  "when_entry",
  "if",
  "unless",
  "while",
  "until",
  "when",
  "rescue",
  "conditional",
  "guard_statement",
];

const ELIXIR_DEFS = /^(def|defp|defmacro|defmacrop)$/;
const ELIXIR_BRANCHES = /^(if|unless|case|cond|with|for|receive|try)$/;

export const functionMetricsAnalyzer = defineAnalyzer<FileMetrics>({
  id: "function-metrics",
  languages: ["elixir", ...(Object.keys(FUNCTION_KINDS) as Language[])],
  needsTree: true,
  analyze({ tree, language }) {
    if (!tree) return undefined;
    const functions = language === "elixir" ? elixirFunctions(tree) : genericFunctions(tree, language);
    return functions.length > 0 ? { functions } : undefined;
  },
});

/** Kinds a grammar knows, per language (ast-grep rejects a rule naming a kind its grammar lacks). */
const knownKinds = new Map<Language, Set<string>>();

function kindsOf(tree: SgNode, language: Language, wanted: readonly string[]): string[] {
  let known = knownKinds.get(language);
  if (!known) {
    known = new Set();
    for (const kind of new Set([
      ...DECISION_KINDS,
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

function genericFunctions(tree: SgNode, language: Language): FunctionMetric[] {
  const kinds = kindsOf(tree, language, FUNCTION_KINDS[language] ?? []);
  if (kinds.length === 0) return [];
  const decisionKinds = kindsOf(tree, language, DECISION_KINDS);
  const logicalRule =
    kindsOf(tree, language, ["binary_expression"]).length > 0
      ? [{ kind: "binary_expression", regex: "&&|\\|\\|" }]
      : [];
  const decisions = { rule: { any: [...decisionKinds.map((kind) => ({ kind })), ...logicalRule] } };
  const out: FunctionMetric[] = [];
  for (const fn of tree.findAll({ rule: { any: kinds.map((kind) => ({ kind })) } })) {
    const range = fn.range();
    const startLine = range.start.line + 1;
    const endLine = range.end.line + 1;
    // One-line arrow callbacks are expressions, not functions worth measuring.
    if ((fn.kind() === "arrow_function" || fn.kind() === "function_expression") && endLine - startLine < 2)
      continue;
    const name = functionName(fn);
    const logical = fn
      .findAll(decisions)
      .filter(
        (node) =>
          node.kind() !== "binary_expression" || /^(&&|\|\|)$/.test(node.field("operator")?.text() ?? ""),
      );
    out.push({
      name,
      startLine,
      endLine,
      lines: endLine - startLine + 1,
      complexity: 1 + logical.length,
      isPublic: visibility(fn, name, language),
    });
  }
  return out;
}

function functionName(fn: SgNode): string {
  const own = fn.field("name")?.text();
  if (own) return own;
  const parent = fn.parent();
  if (
    parent?.kind() === "variable_declarator" ||
    parent?.kind() === "pair" ||
    parent?.kind() === "assignment_expression"
  ) {
    return (parent.field("name") ?? parent.field("key") ?? parent.field("left"))?.text() ?? "(anonymous)";
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

function elixirFunctions(tree: SgNode): FunctionMetric[] {
  const out: FunctionMetric[] = [];
  for (const call of tree.findAll({
    rule: {
      kind: "call",
      has: { kind: "identifier", regex: "^(def|defp|defmacro|defmacrop)$", field: "target" },
    },
  })) {
    const keyword = call.field("target")?.text() ?? "";
    if (!ELIXIR_DEFS.test(keyword)) continue;
    const head =
      call
        .children()
        .find((child) => child.kind() === "arguments")
        ?.child(0) ?? null;
    const nameNode = head?.kind() === "binary_operator" ? head.field("left") : head;
    const name =
      nameNode?.kind() === "call" ? (nameNode.field("target")?.text() ?? "") : (nameNode?.text() ?? "");
    const range = call.range();
    const branches = call.findAll({
      rule: {
        any: [
          { kind: "stab_clause" },
          { kind: "call", has: { kind: "identifier", regex: ELIXIR_BRANCHES.source, field: "target" } },
          { kind: "binary_operator", regex: "&&|\\|\\||\\band\\b|\\bor\\b" },
        ],
      },
    });
    const startLine = range.start.line + 1;
    const endLine = range.end.line + 1;
    out.push({
      name,
      startLine,
      endLine,
      lines: endLine - startLine + 1,
      complexity: 1 + branches.length,
      isPublic: keyword === "def" || keyword === "defmacro",
    });
  }
  return out;
}
