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
  analyze({ tree, path, language }) {
    if (!tree) return undefined;
    const sites: ImportSite[] = [];
    // A declaration file only ever needs its imports' types; TypeScript elsewhere erases an import whose
    // bindings are used only as types, so neither needs the package at run time.
    const declarationFile = /\.d\.[cm]?ts$/.test(path);
    const statements = tree.findAll({
      rule: { any: [{ kind: "import_statement" }, { kind: "export_statement", has: { kind: "string" } }] },
    });
    const typeOnly =
      language === "javascript" || declarationFile
        ? null
        : typeOnlyImports(
            statements.filter((node) => node.kind() === "import_statement"),
            tree,
          );
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
    for (const node of statements) {
      const source = node.field("source");
      const isType =
        declarationFile ||
        node.children().some((child) => child.kind() === "type") ||
        (typeOnly?.has(node.id()) ?? false);
      if (source) add(source, isType ? "type" : node.kind() === "export_statement" ? "export" : "import");
      const requireClause = node.children().find((child) => child.kind() === "import_require_clause");
      if (requireClause)
        add(
          requireClause.children().find((child) => child.kind() === "string"),
          "require",
        );
    }
    // Only the calls whose callee can name a module, chosen inside ast-grep: reading every call's callee from
    // JavaScript crossed the native boundary twice per call (the largest cost of this analyzer on excalidraw).
    for (const call of tree.findAll(MODULE_CALLS)) {
      const callee = call.field("function");
      const args = call.field("arguments");
      if (!callee || !args) continue;
      const first = args.children().find((child) => child.isNamed());
      const calleeText = callee.text();
      if (callee.kind() === "import") add(first, isImportType(call) ? "type" : "dynamic");
      else if (calleeText === "require") add(first, "require");
      else if (calleeText === "require.resolve") add(first, "resolve");
      else if (/^(jest|vi)\.(mock|doMock|requireActual|importActual)$/.test(calleeText)) add(first, "mock");
    }
    sites.sort((a, b) => a.line - b.line);
    return sites.length > 0 ? sites : undefined;
  },
});

/**
 * `import("fastify").FastifyRequest`: an import type (in an annotation, an alias or a type argument, which the grammar
 * reads as a call). A dynamic import used as a value is awaited or chained with then/catch/finally; a member of the
 * promise itself names nothing, so a property other than those is a type reference, erased at compile time.
 */
function isImportType(call: SgNode): boolean {
  const parent = call.parent();
  if (parent?.kind() !== "member_expression" || parent.field("object")?.id() !== call.id()) return false;
  const property = parent.field("property")?.text() ?? "";
  return !/^(then|catch|finally)$/.test(property);
}

/** Calls of `import(…)`, `require(…)`, `require.resolve(…)` and jest's or vitest's module mocks. */
const MODULE_CALLS = {
  rule: {
    kind: "call_expression",
    has: {
      field: "function",
      regex: "^(import|require|require\\.resolve|(jest|vi)\\.(mock|doMock|requireActual|importActual))$",
    },
  },
};

/** The local names an import statement binds, or null for a side-effect import (`import "x"`). */
function importedBindings(statement: SgNode): { names: string[]; allMarkedType: boolean } | null {
  const clause = statement.children().find((child) => child.kind() === "import_clause");
  if (!clause) return null;
  const names: string[] = [];
  let specifiers = 0;
  let typed = 0;
  for (const part of clause.children()) {
    if (part.kind() === "identifier") names.push(part.text());
    else if (part.kind() === "namespace_import") {
      const id = part.children().find((child) => child.kind() === "identifier");
      if (id) names.push(id.text());
    } else if (part.kind() === "named_imports") {
      for (const spec of part.children().filter((child) => child.kind() === "import_specifier")) {
        specifiers++;
        if (spec.children().some((child) => child.kind() === "type")) {
          typed++;
          continue;
        }
        const local = spec.field("alias") ?? spec.field("name");
        if (local) names.push(local.text());
      }
    }
  }
  return { names, allMarkedType: specifiers > 0 && typed === specifiers && names.length === 0 };
}

/** Direct parents under which an identifier is a type, not a value: `Ns.Type`, `typeof X` and `typeof X.y` in a type. */
const TYPE_PARENT = {
  any: [
    { kind: "nested_type_identifier" },
    { kind: "type_query" },
    { kind: "member_expression", inside: { kind: "type_query", stopBy: "neighbor" as const } },
  ],
  stopBy: "neighbor" as const,
};

/**
 * Import statements of package specifiers whose every binding is used only in type positions: TypeScript
 * erases them, so the package is needed for type checking only. In the TS grammars a type reference is a
 * `type_identifier` (or the namespace `identifier` of `Ns.Type`); any other `identifier` (or shorthand
 * property, or JSX tag) with the name is a value use. Only PascalCase bindings are examined (type names are;
 * `z`, `useState`, `clsx` are values), and the position test runs inside ast-grep, so a name used a thousand
 * times costs one match each, not a walk up the tree from JavaScript.
 */
function typeOnlyImports(statements: readonly SgNode[], tree: SgNode): Set<number> {
  const candidates: Array<{ statement: SgNode; names: string[] }> = [];
  for (const statement of statements) {
    const source = statement.field("source")?.text().slice(1, -1) ?? "";
    if (source === "" || source.startsWith(".") || source.startsWith("/")) continue;
    const bindings = importedBindings(statement);
    if (!bindings) continue;
    if (bindings.allMarkedType) candidates.push({ statement, names: [] });
    else if (bindings.names.length > 0 && bindings.names.every((name) => /^[A-Z][\w$]*$/.test(name)))
      candidates.push({ statement, names: bindings.names });
  }
  const ids = new Set<number>();
  if (candidates.length === 0) return ids;
  const names = [...new Set(candidates.flatMap((c) => c.names))];
  const valueUses = new Set<string>();
  const typeUses = new Set<string>();
  if (names.length > 0) {
    const regex = `^(${names.map((n) => n.replace(/\$/g, "\\$")).join("|")})$`;
    for (const use of tree.findAll({
      rule: {
        any: [
          {
            kind: "identifier",
            regex,
            not: { any: [{ inside: TYPE_PARENT }, { inside: { kind: "import_statement", stopBy: "end" } }] },
          },
          { kind: "shorthand_property_identifier", regex },
        ],
      },
    }))
      valueUses.add(use.text());
    const unresolved = names.filter((name) => !valueUses.has(name));
    if (unresolved.length > 0) {
      const pending = `^(${unresolved.map((n) => n.replace(/\$/g, "\\$")).join("|")})$`;
      for (const use of tree.findAll({
        rule: {
          any: [
            { kind: "type_identifier", regex: pending },
            { kind: "identifier", regex: pending, inside: TYPE_PARENT },
          ],
        },
      }))
        typeUses.add(use.text());
    }
  }
  // An import used nowhere is left alone: only one used as a type, and never as a value, is type-only.
  for (const { statement, names: bound } of candidates)
    if (
      bound.every((name) => !valueUses.has(name)) &&
      (bound.length === 0 || bound.some((name) => typeUses.has(name)))
    )
      ids.add(statement.id());
  return ids;
}
