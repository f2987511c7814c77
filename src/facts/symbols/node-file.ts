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
  /** Names imported with `type` inside the braces (`import { type A, b }`), also erased at run time. */
  typeNames?: string[];
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
  /**
   * Files loaded by a path computed at run time or a glob, by the static start of that path (`./locales/`,
   * `./pages/`; "" when nothing of it is static): every file it may name is used, none can be called unused.
   */
  dynamic: Array<{ prefix: string; line: number }>;
  /** Why the exports cannot be listed (CommonJS, `export =`, an ambient module), or null. */
  opaque: string | null;
  /** Names the module declares at top level without exporting them (an import of one is a forgotten `export`). */
  locals: string[];
  /** Those of `locals` that are types (interfaces, type aliases): importing one breaks the type check only. */
  localTypes: string[];
  /** Exported interfaces and type aliases (`export interface X`, `export type X =`): they exist for the type checker only. */
  exportedTypes?: string[];
  /** Exported names the file itself also uses (named more than once): exported needlessly, not dead. */
  usedInFile: string[];
  /** Top-level classes and interfaces with what they extend and implement, and their methods (absent when none). */
  classes?: NodeClassFact[];
}

/**
 * A class or interface named in `extends`/`implements`, as written (`Base`, `ns.Base`; type arguments left out),
 * with the import that binds it when the name is imported (`import { Base as B } from "./base"`: specifier
 * `./base`, imported `Base`).
 */
export interface NodeHeritage {
  written: string;
  specifier?: string;
  imported?: string;
}

/** A top-level class or interface: `class X extends Y implements Z`, `abstract class`, `interface I extends J`. */
export interface NodeClassFact {
  /** Its name (`default` for an anonymous default-exported class). */
  name: string;
  line: number;
  kind: "class" | "interface";
  abstract: boolean;
  /** The name other files import it by (`default`, or its name), or null when it is not exported. */
  exportedAs: string | null;
  /** A class's base class (at most one); an interface's base interfaces. */
  extends: NodeHeritage[];
  implements: NodeHeritage[];
  /** Methods and accessors (not fields), with whether each is abstract (declared without a body). */
  methods: Array<{ name: string; line: number; abstract: boolean }>;
}

const IDENTIFIER = "[A-Za-z_$][\\w$]*";
const LOCAL_DECLARATIONS = new Set([
  "function_declaration",
  "generator_function_declaration",
  "class_declaration",
  "abstract_class_declaration",
  "interface_declaration",
  "type_alias_declaration",
  "enum_declaration",
  "lexical_declaration",
  "variable_declaration",
]);

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
  const facts: NodeSymbolFile = {
    imports: [],
    exports: [],
    reexports: [],
    dynamic: [],
    opaque: null,
    locals: [],
    localTypes: [],
    usedInFile: [],
  };
  const classes: Array<{ node: SgNode; exportedAs: string | null }> = [];
  for (const node of tree.children()) {
    const kind = node.kind();
    if (kind === "import_statement") readImport(node, facts);
    else if (kind === "export_statement") {
      readExport(node, facts);
      const declaration = node.children().find((child) => CLASS_KINDS.has(String(child.kind())));
      if (declaration) {
        const isDefault = node.children().some((child) => child.kind() === "default");
        classes.push({
          node: declaration,
          exportedAs: isDefault ? "default" : (declaration.field("name")?.text() ?? null),
        });
      }
    } else if (CLASS_KINDS.has(String(kind))) classes.push({ node, exportedAs: null });
    if (LOCAL_DECLARATIONS.has(String(kind))) {
      const name = node.field("name");
      if (name) {
        facts.locals.push(name.text());
        if (kind === "interface_declaration" || kind === "type_alias_declaration")
          facts.localTypes.push(name.text());
      } else if (kind === "lexical_declaration" || kind === "variable_declaration")
        facts.locals.push(...bindingsOf(node));
    } else if (kind === "ambient_declaration" && /^declare\s+(module|global)\b/.test(headOf(node)))
      facts.opaque ??= "ambient module declaration";
  }
  // CommonJS exports may be assigned anywhere (`module.exports.x =`, inside an `if`, `Object.assign(exports, …)`).
  if (
    /\bmodule\.exports\b|(^|[^.\w$])exports(\.[\w$]+|\[[^\]]+\])\s*=|\b(assign|defineProperty)\(\s*exports\b/.test(
      text,
    )
  )
    facts.opaque ??= "CommonJS exports";
  if (/\b(require|import)\s*\(|new\s+URL\s*\(|import\.meta\.glob|require\.context/.test(text)) {
    for (const call of tree.findAll({
      rule: {
        any: [
          {
            kind: "call_expression",
            has: {
              field: "function",
              any: [
                { kind: "import" },
                { regex: "^(require|require\\.context|import\\.meta\\.glob(Eager)?)$" },
              ],
            },
          },
          { kind: "new_expression", has: { field: "constructor", regex: "^URL$" } },
        ],
      },
    }))
      readLoadCall(call, facts);
  }
  const counts = new Map<string, number>();
  const exported = new Set(facts.exports.map(([name]) => name));
  for (const match of text.matchAll(/[A-Za-z_$][\w$]*/g))
    if (exported.has(match[0])) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  facts.usedInFile = [...counts].filter(([, count]) => count > 1).map(([name]) => name);
  if (classes.length > 0) {
    const bindings = importBindings(tree);
    facts.classes = classes.map(({ node, exportedAs }) => readClass(node, exportedAs, bindings));
  }
  return facts;
}

const CLASS_KINDS = new Set([
  "class_declaration",
  "abstract_class_declaration",
  "class",
  "interface_declaration",
]);

/** What each imported local name refers to: `[specifier, imported name]`, `*` for a namespace import. */
function importBindings(tree: SgNode): Map<string, [specifier: string, imported: string]> {
  const bindings = new Map<string, [string, string]>();
  for (const node of tree.children()) {
    if (node.kind() !== "import_statement") continue;
    const source = stripComments(node.text()).trim();
    const specifier = specifierOf(source);
    const clause = /^import\s+(?:type\s+)?([\s\S]*?)\s*from\s*['"]/.exec(source)?.[1]?.trim() ?? "";
    if (!specifier || clause === "") continue;
    const namespace = new RegExp(`\\*\\s*as\\s+(${IDENTIFIER})`).exec(clause)?.[1];
    if (namespace) bindings.set(namespace, [specifier, "*"]);
    const defaultName = new RegExp(`^(${IDENTIFIER})\\s*(,|$)`).exec(clause)?.[1];
    if (defaultName) bindings.set(defaultName, [specifier, "default"]);
    for (const part of (/\{([\s\S]*)\}/.exec(clause)?.[1] ?? "").split(",")) {
      const named = new RegExp(`^\\s*(?:type\\s+)?(${IDENTIFIER})(?:\\s+as\\s+(${IDENTIFIER}))?\\s*$`).exec(
        part,
      );
      if (named?.[1]) bindings.set(named[2] ?? named[1], [specifier, named[1]]);
    }
  }
  return bindings;
}

function readClass(
  node: SgNode,
  exportedAs: string | null,
  bindings: Map<string, [string, string]>,
): NodeClassFact {
  const kind = node.kind() === "interface_declaration" ? "interface" : "class";
  const heritage = (type: SgNode): NodeHeritage | null => {
    // `Base<T>` → `Base`; `ns.Base` stays dotted; a call (`mixin(Base)`) or other expression is not a name.
    const written = type
      .text()
      .replace(/<[\s\S]*$/, "")
      .replace(/\s+/g, "");
    if (!new RegExp(`^${IDENTIFIER}(\\.${IDENTIFIER})*$`).test(written)) return null;
    const [head = "", ...rest] = written.split(".");
    const bound = bindings.get(head);
    if (!bound) return { written };
    const [specifier, imported] = bound;
    if (imported === "*")
      return rest.length === 1 ? { written, specifier, imported: rest[0] ?? "" } : { written };
    return rest.length === 0 ? { written, specifier, imported } : { written };
  };
  const extendsList: NodeHeritage[] = [];
  const implementsList: NodeHeritage[] = [];
  const typesIn = (clause: SgNode): SgNode[] =>
    clause.children().filter((child) => child.isNamed() && child.kind() !== "type_arguments");
  for (const child of node.children()) {
    const childKind = child.kind();
    // A TS class: class_heritage holds extends_clause/implements_clause; a JS class: the base expression itself.
    if (childKind === "class_heritage") {
      const clauses = child.children().filter((part) => part.isNamed());
      for (const clause of clauses) {
        if (clause.kind() === "extends_clause")
          extendsList.push(
            ...typesIn(clause)
              .slice(0, 1)
              .flatMap((t) => heritage(t) ?? []),
          );
        else if (clause.kind() === "implements_clause")
          implementsList.push(...typesIn(clause).flatMap((t) => heritage(t) ?? []));
        else extendsList.push(...[heritage(clause)].flatMap((found) => found ?? []));
      }
    } else if (childKind === "extends_type_clause")
      extendsList.push(...typesIn(child).flatMap((t) => heritage(t) ?? []));
  }
  const methods: NodeClassFact["methods"] = [];
  const body =
    node.field("body") ??
    node
      .children()
      .find((child) => /(class|interface|object_type)_body|object_type/.test(String(child.kind())));
  for (const member of body?.children() ?? []) {
    const memberKind = String(member.kind());
    if (!/^(method_definition|abstract_method_signature|method_signature)$/.test(memberKind)) continue;
    const name =
      member.field("name")?.text() ??
      member
        .children()
        .find((c) => c.kind() === "property_identifier")
        ?.text();
    if (name)
      methods.push({
        name,
        line: member.range().start.line + 1,
        abstract: memberKind !== "method_definition",
      });
  }
  return {
    name: node.field("name")?.text() ?? "default",
    line: node.range().start.line + 1,
    kind,
    abstract: kind === "interface" || node.kind() === "abstract_class_declaration",
    exportedAs,
    extends: extendsList,
    implements: implementsList,
    methods,
  };
}

function headOf(node: SgNode, skip = 0): string {
  const source = node.text();
  return source.slice(skip, skip + 300);
}

/**
 * `import("./x")`, `require("./x")`, `new URL("./worker.ts", import.meta.url)` name one file; a computed path
 * (`import(\`./locales/${lang}.ts\`)`, `require(name)`), `import.meta.glob("./pages/*.vue")` and
 * `require.context("./icons")` name every file under their static prefix.
 */
function readLoadCall(call: SgNode, facts: NodeSymbolFile): void {
  const source = stripComments(call.text());
  const head = /^\s*(new\s+URL|require\.context|import\.meta\.glob\w*|require|import)\s*\(\s*([\s\S]*)$/.exec(
    source,
  );
  if (!head) return;
  const callee = head[1] ?? "";
  const argument = head[2] ?? "";
  const line = call.range().start.line + 1;
  const literal = /^(['"`])([^'"`$]*)\1\s*[,)]/.exec(argument)?.[2];
  if (callee.startsWith("new")) {
    // `new URL("./worker.ts", import.meta.url)` names a file; `new URL("https://…")` or `new URL(href)` does not.
    if (literal?.startsWith(".") && /import\.meta\.url/.test(argument))
      facts.imports.push({ specifier: literal, kind: "module", names: [], line, typeOnly: false });
    return;
  }
  if (callee === "require.context") {
    facts.dynamic.push({ prefix: literal === undefined ? "" : `${literal.replace(/\/$/, "")}/`, line });
    return;
  }
  if (callee.startsWith("import.meta.glob")) {
    const patterns = argument.startsWith("[") ? (/^\[([^\]]*)\]/.exec(argument)?.[1] ?? "") : argument;
    for (const match of patterns.matchAll(/(['"`])([^'"`]*)\1/g)) {
      const pattern = match[2] ?? "";
      if (!pattern.startsWith("!"))
        facts.dynamic.push({ prefix: pattern.replace(/[*{[?][\s\S]*$/, ""), line });
      if (!argument.startsWith("[")) break;
    }
    return;
  }
  if (literal !== undefined) {
    facts.imports.push({ specifier: literal, kind: "module", names: [], line, typeOnly: false });
    return;
  }
  // A computed path: its leading string (`\`./locales/${x}\``, `"./plugins/" + name`) or nothing at all.
  facts.dynamic.push({ prefix: /^(['"`])([^'"`$]*)/.exec(argument)?.[2] ?? "", line });
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
  const typeNames: string[] = [];
  for (const part of braces.split(",")) {
    const imported = new RegExp(
      `^\\s*(type\\s+)?(${IDENTIFIER}|['"][^'"]+['"])(?:\\s+as\\s+${IDENTIFIER})?\\s*$`,
    ).exec(part);
    const name = imported?.[2]?.replace(/^['"]|['"]$/g, "");
    if (!name) continue;
    names.push([name, line]);
    if (imported?.[1]) typeNames.push(name);
  }
  facts.imports.push({
    specifier,
    kind: "names",
    names,
    line,
    typeOnly,
    ...(typeNames.length > 0 ? { typeNames } : {}),
  });
}

function readExport(node: SgNode, facts: NodeSymbolFile): void {
  // Decorators come before `export` (`@Injectable() export class …`): read from the keyword on.
  const exportKeyword = node.children().find((child) => child.kind() === "export");
  const skipped = exportKeyword ? exportKeyword.range().start.index - node.range().start.index : 0;
  const line = (exportKeyword ?? node).range().start.line + 1;
  const source = stripComments(headOf(node, skipped)).trim();
  if (/^export\s+import\s/.test(source)) {
    const alias = new RegExp(`^export\\s+import\\s+(${IDENTIFIER})\\s*=`).exec(source)?.[1];
    if (alias) facts.exports.push([alias, line]);
    return;
  }
  if (/^export\s*=/.test(source)) {
    facts.opaque ??= "`export =`";
    return;
  }
  if (/^export\s+default\b/.test(source)) {
    facts.exports.push(["default", line]);
    return;
  }
  if (/^export\s+(type\s+)?\*/.test(source) || /^export\s+(type\s+)?\{/.test(source)) {
    const full = stripComments(node.text().slice(skipped)).trim();
    const specifier = specifierOf(full);
    const namespace = new RegExp(`^export\\s+(?:type\\s+)?\\*\\s*as\\s+(${IDENTIFIER})`).exec(full)?.[1];
    if (namespace) {
      facts.exports.push([namespace, line]);
      if (specifier) facts.imports.push({ specifier, kind: "namespace", names: [], line, typeOnly: false });
      return;
    }
    if (/^export\s+(type\s+)?\*/.test(full)) {
      if (specifier) facts.reexports.push({ specifier, names: null, line });
      return;
    }
    const pairs: Array<[string, string]> = [];
    for (const part of (/\{([\s\S]*)\}/.exec(full)?.[1] ?? "").split(",")) {
      const match = new RegExp(`^\\s*(?:type\\s+)?(${IDENTIFIER})(?:\\s+as\\s+(${IDENTIFIER}))?\\s*$`).exec(
        part,
      );
      if (match) pairs.push([match[1] ?? "", match[2] ?? match[1] ?? ""]);
    }
    if (specifier) facts.reexports.push({ specifier, names: pairs, line });
    for (const [, as] of pairs) facts.exports.push([as, line]);
    return;
  }
  // `export const a = 1, b = 2`, `export function f`, `export class C`, `export declare …`, `export enum E` …
  // (`const enum` only as two words: `export const enumToString = …` is a variable.)
  const declaration = new RegExp(
    `^export\\s+(?:declare\\s+)?(?:async\\s+)?(?:abstract\\s+)?(function\\*?|class|interface|type|enum|const\\s+enum(?![\\w$])|namespace|module|const|let|var)\\s*(${IDENTIFIER}|[{[])`,
  ).exec(source);
  if (!declaration) return;
  const keyword = declaration[1] ?? "";
  if (keyword === "const" || keyword === "let" || keyword === "var") {
    for (const name of declaredVariables(node)) facts.exports.push([name, line]);
  } else facts.exports.push([declaration[2] ?? "", line]);
  if (keyword === "interface" || keyword === "type")
    facts.exportedTypes = [...(facts.exportedTypes ?? []), declaration[2] ?? ""];
}

/** Names bound by an exported variable statement (`export const a = 1, { b, c: d } = obj`). */
function declaredVariables(exportNode: SgNode): string[] {
  const declaration = exportNode
    .children()
    .find((child) => child.kind() === "lexical_declaration" || child.kind() === "variable_declaration");
  return declaration ? bindingsOf(declaration) : [];
}

/** Names a variable statement binds (`const a = 1, { b, c: d } = obj`). */
function bindingsOf(declaration: SgNode): string[] {
  const names: string[] = [];
  for (const declarator of declaration.children()) {
    if (declarator.kind() !== "variable_declarator") continue;
    const name = declarator.field("name");
    if (!name) continue;
    if (name.kind() === "identifier") names.push(name.text());
    else
      for (const match of name
        .text()
        .matchAll(new RegExp(`(?:^|[{[,\\s])(${IDENTIFIER})\\s*(?=[,}\\]=]|$)`, "g")))
        names.push(match[1] ?? "");
  }
  return names;
}
