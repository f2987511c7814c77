// File analyzer: the module specifiers a JS/TS file imports (import, export-from, require, dynamic import,
// require.resolve, jest/vi.mock), from the syntax tree. Relative paths and built-ins are left out.
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer } from "../define.js";
import { isBuiltinSpecifier } from "./specifiers.js";

/** `prefix`: a require/import of a template string; `specifier` is its fixed start (`@ast-grep/lang-${name}` → `@ast-grep/lang-`). */
export type ImportKind = "import" | "type" | "export" | "require" | "dynamic" | "resolve" | "mock" | "prefix";

export interface ImportSite {
  specifier: string;
  kind: ImportKind;
  line: number;
}

export const NODE_LANGUAGES = ["typescript", "tsx", "javascript"] as const;

export const nodeImportsAnalyzer = defineAnalyzer<ImportSite[]>({
  id: "node-imports",
  languages: NODE_LANGUAGES,
  needsTree: true,
  prefilter: (text) => /\bimport\b|\brequire\s*[.(]|\bexport\b[^;\n]*\bfrom\b|\.mock\s*\(/.test(text),
  analyze({ tree }) {
    if (!tree) return undefined;
    const sites: ImportSite[] = [];
    const add = (stringNode: SgNode | null | undefined, kind: ImportKind): void => {
      if (
        stringNode?.kind() === "template_string" &&
        (kind === "require" || kind === "dynamic" || kind === "resolve")
      ) {
        const head = stringNode.children().find((child) => child.isNamed());
        const prefix = head?.kind() === "string_fragment" ? head.text() : "";
        if (prefix.length >= 2 && !prefix.startsWith(".") && !prefix.startsWith("/"))
          sites.push({ specifier: prefix, kind: "prefix", line: stringNode.range().start.line + 1 });
        return;
      }
      if (!stringNode || stringNode.kind() !== "string") return;
      const specifier = stringNode.text().slice(1, -1);
      if (
        specifier.startsWith(".") ||
        specifier.startsWith("/") ||
        specifier === "" ||
        isBuiltinSpecifier(specifier)
      )
        return;
      sites.push({ specifier, kind, line: stringNode.range().start.line + 1 });
    };
    for (const node of tree.findAll({
      rule: { any: [{ kind: "import_statement" }, { kind: "export_statement", has: { kind: "string" } }] },
    })) {
      const source = node.field("source");
      const isType = node.children().some((child) => child.kind() === "type");
      if (source) add(source, isType ? "type" : node.kind() === "export_statement" ? "export" : "import");
      const requireClause = node.children().find((child) => child.kind() === "import_require_clause");
      if (requireClause)
        add(
          requireClause.children().find((child) => child.kind() === "string"),
          "require",
        );
    }
    for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
      const callee = call.field("function");
      const args = call.field("arguments");
      if (!callee || !args) continue;
      const first = args.children().find((child) => child.isNamed());
      const calleeText = callee.text();
      if (callee.kind() === "import") add(first, "dynamic");
      else if (calleeText === "require") add(first, "require");
      else if (calleeText === "require.resolve") add(first, "resolve");
      else if (/^(jest|vi)\.(mock|doMock|requireActual|importActual)$/.test(calleeText)) add(first, "mock");
    }
    sites.sort((a, b) => a.line - b.line);
    return sites.length > 0 ? sites : undefined;
  },
});
