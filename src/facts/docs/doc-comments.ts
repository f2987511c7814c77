// File analyzer: public functions/types and how many carry a doc comment (Go doc comments, docstrings, TSDoc, @doc).
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer } from "../define.js";

export interface DocCommentSummary {
  publicItems: number;
  documented: number;
  /** First few undocumented public items (name and line). */
  undocumented: Array<{ name: string; line: number }>;
}

const MAX_LISTED = 5;

function goItems(root: SgNode): Array<{ name: string; line: number; documented: boolean }> {
  const out: Array<{ name: string; line: number; documented: boolean }> = [];
  for (const node of root.children()) {
    const kind = node.kind();
    if (kind !== "function_declaration" && kind !== "method_declaration") continue;
    const name = (kind === "function_declaration" ? node.field("name") : node.field("name"))?.text() ?? "";
    if (!/^[A-Z]/.test(name)) continue;
    const prev = node.prev();
    const documented = prev?.kind() === "comment" && prev.range().end.line + 1 >= node.range().start.line;
    out.push({ name, line: node.range().start.line + 1, documented });
  }
  return out;
}

function pythonHasDocstring(def: SgNode): boolean {
  const first = def.field("body")?.children()[0];
  return first?.kind() === "expression_statement" && first.children()[0]?.kind() === "string";
}

function pythonItems(root: SgNode): Array<{ name: string; line: number; documented: boolean }> {
  const out: Array<{ name: string; line: number; documented: boolean }> = [];
  const visit = (container: SgNode, inClass: boolean): void => {
    for (let node of container.children()) {
      if (node.kind() === "decorated_definition") node = node.field("definition") ?? node;
      const kind = node.kind();
      if (kind !== "function_definition" && kind !== "class_definition") continue;
      const name = node.field("name")?.text() ?? "";
      if (name.startsWith("_")) continue;
      out.push({ name: inClass ? `.${name}` : name, line: node.range().start.line + 1, documented: pythonHasDocstring(node) });
      if (kind === "class_definition") {
        const body = node.field("body");
        if (body) visit(body, true);
      }
    }
  };
  visit(root, false);
  return out;
}

function tsItems(root: SgNode): Array<{ name: string; line: number; documented: boolean }> {
  const out: Array<{ name: string; line: number; documented: boolean }> = [];
  for (const node of root.children()) {
    if (node.kind() !== "export_statement") continue;
    const decl = node.field("declaration");
    if (!decl) continue;
    let name: string | null = null;
    const kind = decl.kind();
    if (kind === "function_declaration" || kind === "class_declaration" || kind === "abstract_class_declaration" || kind === "generator_function_declaration") name = decl.field("name")?.text() ?? null;
    else if (kind === "lexical_declaration") {
      const declarator = decl.children().find((c) => c.kind() === "variable_declarator");
      const value = declarator?.field("value")?.kind();
      if (value === "arrow_function" || value === "function_expression" || value === "function") name = declarator?.field("name")?.text() ?? null;
    }
    if (!name) continue;
    const prev = node.prev();
    const documented = prev?.kind() === "comment" && prev.text().startsWith("/**") && prev.range().end.line + 1 >= node.range().start.line;
    out.push({ name, line: node.range().start.line + 1, documented });
  }
  return out;
}

function elixirItems(root: SgNode): Array<{ name: string; line: number; documented: boolean }> {
  const out: Array<{ name: string; line: number; documented: boolean }> = [];
  const modules = root.findAll({ rule: { kind: "call", has: { field: "target", regex: "^defmodule$" } } });
  for (const mod of modules) {
    const block = mod.children().find((c) => c.kind() === "do_block");
    if (!block) continue;
    const modName = mod.children().find((c) => c.kind() === "arguments")?.text() ?? "?";
    let moduledoc = false;
    let pendingDoc: "doc" | "false" | null = null;
    const seen = new Set<string>();
    for (const child of block.children()) {
      const text = child.text();
      if (child.kind() === "unary_operator") {
        if (/^@moduledoc\b/.test(text)) moduledoc = !/^@moduledoc\s+false\b/.test(text);
        if (/^@doc\b/.test(text)) pendingDoc = /^@doc\s+false\b/.test(text) ? "false" : "doc";
        continue;
      }
      if (child.kind() !== "call") continue;
      const target = child.field("target")?.text();
      if (target !== "def" && target !== "defmacro") continue;
      const head = child.children().find((c) => c.kind() === "arguments")?.children()[0];
      const name = (head?.kind() === "call" ? head.field("target")?.text() : head?.text())?.replace(/\s.*$/s, "") ?? "?";
      // Later clauses of the same function share the first clause's @doc.
      if (seen.has(name)) continue;
      seen.add(name);
      if (pendingDoc !== "false") out.push({ name: `${modName}.${name}`, line: child.range().start.line + 1, documented: pendingDoc === "doc" });
      pendingDoc = null;
    }
    out.push({ name: `${modName} (@moduledoc)`, line: mod.range().start.line + 1, documented: moduledoc });
  }
  return out;
}

export const docCommentsAnalyzer = defineAnalyzer<DocCommentSummary>({
  id: "docs.doc-comments",
  languages: ["go", "python", "typescript", "tsx", "javascript", "elixir"],
  needsTree: true,
  analyze({ tree, language, isTest, path }) {
    if (!tree || isTest || /(^|\/)(examples?|scripts?|migrations?)\//.test(path) || /\.d\.ts$/.test(path)) return undefined;
    const items =
      language === "go" ? goItems(tree) : language === "python" ? pythonItems(tree) : language === "elixir" ? elixirItems(tree) : tsItems(tree);
    if (items.length === 0) return undefined;
    const undocumented = items.filter((i) => !i.documented);
    return {
      publicItems: items.length,
      documented: items.length - undocumented.length,
      undocumented: undocumented.slice(0, MAX_LISTED).map(({ name, line }) => ({ name, line })),
    };
  },
});
