// File analyzer for the Go symbol index: what one file declares at package level, the names it uses that no
// local declaration explains, its imports, build constraint, linkname and cgo export directives. Read from Go's
// tokens (go-tokens.ts): querying the syntax tree for every identifier cost 78% of the parse on the standard
// library, because each node that crosses into JavaScript costs; the token reader costs a small fraction.
import { defineAnalyzer } from "../define.js";
import { defaultImportName } from "../go/syntax.js";
import { readGoTokens } from "./go-tokens.js";

export interface GoImport {
  /** The alias as written (`y`, `.`, `_`), or null for none. */
  alias: string | null;
  path: string;
  line: number;
}

export interface GoDeclaration {
  name: string;
  kind: "func" | "method" | "type" | "var" | "const";
  line: number;
  endLine: number;
  /** Base type name of a method's receiver (`*Server[T]` → `Server`). */
  receiver?: string;
  /** False for a function declared without a body (implemented in assembly or linked by name). */
  hasBody?: boolean;
}

export interface GoSymbolFile {
  package: string | null;
  /** The `//go:build` expression (or `// +build` lines joined by `&&`), null when the file has none. */
  constraint: string | null;
  imports: GoImport[];
  declarations: GoDeclaration[];
  /**
   * Names the file uses that are neither declared inside it (parameters, locals, package-level names of this
   * file other than functions), nor universe names, nor its imports: each with its first line. The package
   * scope resolves them; uses of the file's own functions stay listed because they make those functions used.
   */
  uses: Array<[name: string, line: number]>;
  /** `X.Name` where X is an import name of the file (and no local of that name), with the first line. */
  qualified: Array<[qualifier: string, name: string, line: number]>;
  /** Names used as `X.something` that are not import names (a package name the file forgot to import). */
  qualifiers: string[];
  /** Names declared inside functions (parameters, locals): a package-level name of the same name may be used. */
  locals: string[];
  /** `//go:linkname local target` directives. */
  linknames: Array<{ local: string; target: string | null }>;
  /** cgo `//export name` directives. */
  cgoExports: string[];
  /**
   * Go files its `//go:generate` directives write (`mockgen -destination ./mock_x.go`, `stringer -output x.go`,
   * `-o x.go`), as written, relative to the file's folder.
   */
  generates?: string[];
}

/** Go's universe scope: predeclared types, constants, the zero value and builtin functions. */
export const GO_UNIVERSE: ReadonlySet<string> = new Set(
  (
    "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 " +
    "uint16 uint32 uint64 uintptr any comparable true false iota nil append cap clear close complex copy delete " +
    "imag len make max min new panic print println real recover _"
  ).split(" "),
);

export const goSymbolsAnalyzer = defineAnalyzer<GoSymbolFile>({
  id: "go-symbols",
  languages: ["go"],
  // Declarations and uses come from Go's tokens (go-tokens.ts); the tree is not read.
  needsTree: false,
  analyze({ text }) {
    return analyzeGoSymbols(text);
  },
});

export function analyzeGoSymbols(text: string): GoSymbolFile {
  const lexical = readGoTokens(text);
  const lineOf = lineLocator(text);
  const facts: GoSymbolFile = {
    package: lexical.packageName,
    constraint: buildConstraint(text),
    imports: lexical.imports.map((spec) => ({
      alias: spec.alias,
      path: spec.path,
      line: lineOf(spec.offset),
    })),
    declarations: lexical.declarations
      .filter((declaration) => declaration.name !== "_")
      .map((declaration) => ({
        name: declaration.name,
        kind: declaration.kind,
        line: lineOf(declaration.start),
        endLine: lineOf(declaration.end),
        ...(declaration.receiver !== undefined ? { receiver: declaration.receiver } : {}),
        ...(declaration.hasBody !== undefined ? { hasBody: declaration.hasBody } : {}),
      })),
    uses: [],
    qualified: [],
    qualifiers: [],
    locals: [],
    linknames: [],
    cgoExports: [],
  };
  const declared = lexical.locals;
  const members = lexical.members;
  const packageNames = new Set(facts.declarations.filter((d) => d.kind !== "method").map((d) => d.name));
  const ownFunctions = new Set(facts.declarations.filter((d) => d.kind === "func").map((d) => d.name));
  facts.locals = [...new Set([...declared, ...members])]
    .filter((name) => !packageNames.has(name) && !GO_UNIVERSE.has(name))
    .sort();
  const importNames = new Set<string>();
  for (const spec of facts.imports)
    if (spec.alias !== "_" && spec.alias !== ".") importNames.add(spec.alias ?? defaultImportName(spec.path));
  for (const [name, offset] of lexical.uses) {
    if (declared.has(name) || GO_UNIVERSE.has(name) || importNames.has(name)) continue;
    // Package-level names of this file resolve here; its functions are still listed, as uses count for them.
    if (packageNames.has(name) && !ownFunctions.has(name)) continue;
    if (name === facts.package) continue;
    facts.uses.push([name, lineOf(offset)]);
  }
  const qualifiers = new Set<string>();
  for (const [qualified, offset] of lexical.qualified) {
    const dot = qualified.indexOf(".");
    const qualifier = qualified.slice(0, dot);
    // A local of the same name hides the import: `url := url.Parse(…)` then `url.Host`.
    if (declared.has(qualifier)) continue;
    if (importNames.has(qualifier))
      facts.qualified.push([qualifier, qualified.slice(dot + 1), lineOf(offset)]);
    else qualifiers.add(qualifier);
  }
  facts.qualifiers = [...qualifiers].sort();
  for (const match of text.matchAll(/^\/\/go:linkname[ \t]+(\S+)(?:[ \t]+(\S+))?/gm))
    facts.linknames.push({ local: match[1] ?? "", target: match[2] ?? null });
  for (const match of text.matchAll(/^\/\/export[ \t]+([\p{L}_][\p{L}\p{N}_]*)/gmu))
    facts.cgoExports.push(match[1] ?? "");
  for (const directive of text.matchAll(/^\/\/go:generate[ \t]+(.*)$/gm))
    for (const output of (directive[1] ?? "").matchAll(
      /(?:^|\s)--?(?:destination|output|o)(?:=|\s+)["']?([\w./-]+\.go)\b/g,
    ))
      (facts.generates ??= []).push(output[1] ?? "");
  return facts;
}

/** Offset → 1-based line, by binary search over the newline offsets. */
function lineLocator(text: string): (offset: number) => number {
  const newlines: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) newlines.push(i);
  return (offset) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((newlines[mid] ?? 0) < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
}

/**
 * The file's build constraint: the `//go:build` line, or the `// +build` lines (each line's terms or-ed, lines
 * and-ed), read from the comments before the package clause.
 */
export function buildConstraint(text: string): string | null {
  const packageAt = /^package\s/m.exec(text)?.index ?? text.length;
  const header = text.slice(0, packageAt);
  const goBuild = /^\/\/go:build[ \t]+(.+)$/m.exec(header)?.[1];
  if (goBuild) return goBuild.trim();
  const plus = [...header.matchAll(/^\/\/[ \t]*\+build[ \t]+(.+)$/gm)].map((match) =>
    (match[1] ?? "")
      .trim()
      .split(/\s+/)
      .map((term) => term.split(",").join(" && "))
      .join(" || "),
  );
  if (plus.length === 0) return null;
  return plus.length === 1 ? (plus[0] ?? null) : plus.map((expr) => `(${expr})`).join(" && ");
}
