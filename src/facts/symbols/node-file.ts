// File analyzer for the TS/JS symbol index: what a module exports (named, default, re-exports, `export *`),
// what it imports from where and by which names, and whether its exports are knowable at all (CommonJS,
// `export =`, ambient module declarations make them unknown). Top-level statements come from the tree's root
// children; `import()`, `require()` and worker URLs from one narrowed query, run only when the text has them.
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer } from "../define.js";

export interface NodeImportSite {
  specifier: string;
  /**
   * How the module is used: named imports list their names; `*` a namespace import or a re-export of everything
   * (every export may be used); `module` a side-effect import, `require`, `import()` or a URL (the file is used,
   * its names unknown).
   */
  kind: "names" | "namespace" | "module";
  /** Imported names (`default` for a default import) with their lines; empty unless kind is `names`. */
  names: Array<[name: string, line: number]>;
  line: number;
  /** A type-only import (`import type`), erased at run time. */
  typeOnly: boolean;
}

export interface NodeReexport {
  specifier: string;
  /** `export { a as b } from`: [a, b]; null for `export * from`. */
  names: Array<[from: string, as: string]> | null;
  line: number;
}

export interface NodeSymbolFile {
  imports: NodeImportSite[];
  /** Names this module declares as exports (`default` included), with their lines. */
  exports: Array<[name: string, line: number]>;
  reexports: NodeReexport[];
  /** Why the exports cannot be listed (CommonJS, `export =`, an ambient module), or null. */
  opaque: string | null;
  /** Exported names the file itself also uses (named more than once): exported needlessly, not dead. */
  usedInFile: string[];
}

const IDENTIFIER = "[A-Za-z_$][\\w$]*";

export const nodeSymbolsAnalyzer = defineAnalyzer<NodeSymbolFile>({
  id: "node-symbols",
  languages: ["typescript", "tsx", "javascript"],
  needsTree: true,
  analyze({ tree, text }) {
    if (!tree) return undefined;
    return analyzeNodeSymbols(tree, text);
  },
});

export function analyzeNodeSymbols(tree: SgNode, text: string): NodeSymbolFile {
  const facts: NodeSymbolFile = { imports: [], exports: [], reexports: [], opaque: null, usedInFile: [] };
  for (const node of tree.children()) {
    const kind = node.kind();
    if (kind === "import_statement") readImport(node, facts);
    else if (kind === "export_statement") readExport(node, facts);
    else if (kind === "expression_statement" && /^\s*(module\.exports|exports\.[\w$]+)\s*=/.test(headOf(node)))
      facts.opaque ??= "CommonJS exports";
    else if (kind === "ambient_declaration" && /^declare\s+(module|global)\b/.test(headOf(node)))
      facts.opaque ??= "ambient module declaration";
  }
  if (/\b(require|import)\s*\(|new\s+URL\s*\(/.test(text)) {
    for (const call of tree.findAll({
      rule: {
        any: [
          { kind: "call_expression", has: { field: "function", any: [{ kind: "import" }, { regex: "^require$" }] } },
          { kind: "new_expression", has: { field: "constructor", regex: "^URL$" } },
        ],
      },
    })) {
      const source = call.text();
      const specifier = /^\s*(?:require|import|new\s+URL)\s*\(\s*(['"`])([^'"`$]+)\1/.exec(source)?.[2];
      if (!specifier) continue;
      // `new URL("./worker.ts", import.meta.url)` names a file; `new URL("https://…")` does not.
      if (source.startsWith("new") && !specifier.startsWith(".")) continue;
      facts.imports.push({
        specifier,
        kind: "module",
        names: [],
        line: call.range().start.line + 1,
        typeOnly: false,
      });
    }
  }
  const counts = new Map<string, number>();
  const exported = new Set(facts.exports.map(([name]) => name));
  for (const match of text.matchAll(/[A-Za-z_$][\w$]*/g))
    if (exported.has(match[0])) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  facts.usedInFile = [...counts].filter(([, count]) => count > 1).map(([name]) => name);
  return facts;
}

function headOf(node: SgNode): string {
  const source = node.text();
  return source.length > 300 ? source.slice(0, 300) : source;
}

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, " ");
}

/** The specifier of an import or export statement (its `from "x"` or bare `import "x"`). */
function specifierOf(source: string): string | null {
  return /(?:from\s*|^import\s*)(['"])([^'"]+)\1\s*;?\s*$/.exec(source.trim())?.[2] ?? null;
}

function readImport(node: SgNode, facts: NodeSymbolFile): void {
  const line = node.range().start.line + 1;
  const source = stripComments(node.text());
  const required = /^import\s+(?:type\s+)?[\w$]+\s*=\s*require\s*\(\s*(['"])([^'"]+)\1/.exec(source.trim());
  if (required) {
    facts.imports.push({ specifier: required[2] ?? "", kind: "module", names: [], line, typeOnly: false });
    return;
  }
  const specifier = specifierOf(source);
  if (!specifier) return;
  const typeOnly = /^import\s+type\b/.test(source.trim());
  const clause = /^import\s+(?:type\s+)?([\s\S]*?)\s*from\s*['"]/.exec(source.trim())?.[1]?.trim() ?? "";
  if (clause === "") {
    facts.imports.push({ specifier, kind: "module", names: [], line, typeOnly });
    return;
  }
  if (new RegExp(`(^|,)\\s*\\*\\s*as\\s+${IDENTIFIER}`).test(clause)) {
    facts.imports.push({ specifier, kind: "namespace", names: [], line, typeOnly });
    return;
  }
  const names: Array<[string, number]> = [];
  const defaultName = new RegExp(`^(${IDENTIFIER})\\s*(,|$)`).exec(clause);
  if (defaultName) names.push(["default", line]);
  const braces = /\{([\s\S]*)\}/.exec(clause)?.[1] ?? "";
  for (const part of braces.split(",")) {
    const imported = new RegExp(`^\\s*(?:type\\s+)?(${IDENTIFIER}|['"][^'"]+['"])(?:\\s+as\\s+${IDENTIFIER})?\\s*$`).exec(
      part,
    )?.[1];
    if (imported) names.push([imported.replace(/^['"]|['"]$/g, ""), line]);
  }
  facts.imports.push({ specifier, kind: "names", names, line, typeOnly });
}

function readExport(node: SgNode, facts: NodeSymbolFile): void {
  const line = node.range().start.line + 1;
  const source = stripComments(headOf(node)).trim();
  if (/^export\s*=/.test(source)) {
    facts.opaque ??= "`export =`";
    return;
  }
  if (/^export\s+default\b/.test(source)) {
    facts.exports.push(["default", line]);
    return;
  }
  if (/^export\s+(type\s+)?\*/.test(source) || /^export\s+(type\s+)?\{/.test(source)) {
    const full = stripComments(node.text()).trim();
    const specifier = specifierOf(full);
    const namespace = new RegExp(`^export\\s+(?:type\\s+)?\\*\\s*as\\s+(${IDENTIFIER})`).exec(full)?.[1];
    if (namespace) {
      facts.exports.push([namespace, line]);
      if (specifier)
        facts.imports.push({ specifier, kind: "namespace", names: [], line, typeOnly: false });
      return;
    }
    if (/^export\s+(type\s+)?\*/.test(full)) {
      if (specifier) facts.reexports.push({ specifier, names: null, line });
      return;
    }
    const pairs: Array<[string, string]> = [];
    for (const part of (/\{([\s\S]*)\}/.exec(full)?.[1] ?? "").split(",")) {
      const match = new RegExp(`^\\s*(?:type\\s+)?(${IDENTIFIER})(?:\\s+as\\s+(${IDENTIFIER}))?\\s*$`).exec(part);
      if (match) pairs.push([match[1] ?? "", match[2] ?? match[1] ?? ""]);
    }
    if (specifier) facts.reexports.push({ specifier, names: pairs, line });
    for (const [, as] of pairs) facts.exports.push([as, line]);
    return;
  }
  // `export const a = 1, b = 2`, `export function f`, `export class C`, `export declare …`, `export enum E` …
  const declaration = new RegExp(
    `^export\\s+(?:declare\\s+)?(?:async\\s+)?(?:abstract\\s+)?(function\\*?|class|interface|type|enum|const\\s+enum|namespace|module|const|let|var)\\s+(${IDENTIFIER})`,
  ).exec(source);
  if (!declaration) return;
  const keyword = declaration[1] ?? "";
  if (keyword === "const" || keyword === "let" || keyword === "var") {
    for (const name of declaredVariables(node)) facts.exports.push([name, line]);
  } else facts.exports.push([declaration[2] ?? "", line]);
}

/** Names bound by an exported variable statement (`export const a = 1, { b, c: d } = obj`). */
function declaredVariables(exportNode: SgNode): string[] {
  const names: string[] = [];
  const declaration = exportNode.children().find((child) => child.kind() === "lexical_declaration" || child.kind() === "variable_declaration");
  for (const declarator of declaration?.children() ?? []) {
    if (declarator.kind() !== "variable_declarator") continue;
    const name = declarator.field("name");
    if (!name) continue;
    if (name.kind() === "identifier") names.push(name.text());
    else
      for (const match of name.text().matchAll(new RegExp(`(?:^|[{,\\s])(${IDENTIFIER})\\s*(?=[,}=]|$)`, "g")))
        names.push(match[1] ?? "");
  }
  return names;
}
