// A small lexer for copy-paste detection: the code tokens of a file, without whitespace and comments.
//
// Why not the syntax tree's leaves: reading every leaf of an ast-grep tree crosses the native boundary once per
// node (docs/DESIGN: 3.4 s for 1 M nodes), several times the cost of the whole audit's parse, while a lexer over
// the text reads about 40 MB/s and needs no parse at all. Clone detection only needs token boundaries and classes
// (word, number, string, punctuation); the lexer knows each language's comment and string syntax for that.
import type { Language } from "../../model/language.js";

/** What a token is, for normalisation: words that are not keywords and literals are renamed away in type-2 clones. */
export const enum TokenClass {
  Keyword,
  Identifier,
  Number,
  String,
  Punctuation,
  /**
   * A word or sign inside a Python triple-quoted string (a docstring, usually): prose, counted apart from code
   * tokens. Seeds compare it as written; a renamed copy may reword it word for word.
   */
  Prose,
}

interface LexSyntax {
  lineComments: readonly string[];
  blockComments: ReadonlyArray<readonly [string, string]>;
  /** Quote characters that open a string ending on the same line (or, for multiline quotes, anywhere). */
  quotes: string;
  /** Quotes whose strings may span lines (JS template strings, Go raw strings). */
  multilineQuotes: string;
  /** Python and Elixir triple-quoted strings. */
  tripleQuotes: boolean;
  /**
   * Triple-quoted strings are read as their words (Prose tokens) between the quote tokens, not as one string: a
   * copied docstring is copied text line by line, as other copy-paste detectors (jscpd) count it.
   */
  proseStrings: boolean;
  /** Rust and Swift lifetimes / generic markers: `'a` is a word, not a char literal. */
  lifetimes: boolean;
  keywords: ReadonlySet<string>;
}

const C_FAMILY_KEYWORDS = [
  "if",
  "else",
  "for",
  "while",
  "do",
  "switch",
  "case",
  "default",
  "break",
  "continue",
  "return",
  "goto",
  "try",
  "catch",
  "finally",
  "throw",
  "throws",
  "new",
  "delete",
  "class",
  "struct",
  "enum",
  "interface",
  "union",
  "typedef",
  "static",
  "const",
  "final",
  "public",
  "private",
  "protected",
  "internal",
  "abstract",
  "virtual",
  "override",
  "extends",
  "implements",
  "import",
  "package",
  "namespace",
  "using",
  "this",
  "super",
  "self",
  "true",
  "false",
  "null",
  "nil",
  "void",
  "int",
  "long",
  "short",
  "char",
  "float",
  "double",
  "bool",
  "boolean",
  "byte",
  "string",
  "var",
  "val",
  "let",
  "fun",
  "func",
  "fn",
  "def",
  "async",
  "await",
  "yield",
  "in",
  "is",
  "as",
  "instanceof",
  "typeof",
  "sizeof",
  "auto",
  "unsigned",
  "signed",
  "extern",
  "volatile",
  "inline",
  "template",
  "typename",
  "operator",
  "friend",
  "sealed",
  "readonly",
  "ref",
  "out",
  "params",
  "object",
  "when",
  "where",
  "match",
  "impl",
  "trait",
  "mut",
  "pub",
  "crate",
  "mod",
  "use",
  "loop",
  "move",
  "unsafe",
  "dyn",
  "type",
  "go",
  "defer",
  "chan",
  "select",
  "map",
  "range",
  "fallthrough",
  "echo",
  "function",
  "foreach",
  "elseif",
  "endif",
  "require",
  "include",
  "guard",
  "protocol",
  "extension",
  "init",
  "deinit",
  "lazy",
  "weak",
  "some",
  "any",
  "open",
  "companion",
  "data",
  "sealed",
  "suspend",
  "synchronized",
];

const JS_KEYWORDS = [
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "export",
  "extends",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "in",
  "instanceof",
  "new",
  "return",
  "super",
  "switch",
  "this",
  "throw",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "yield",
  "let",
  "static",
  "async",
  "await",
  "of",
  "get",
  "set",
  "from",
  "as",
  "true",
  "false",
  "null",
  "undefined",
  "interface",
  "type",
  "enum",
  "implements",
  "private",
  "protected",
  "public",
  "readonly",
  "abstract",
  "declare",
  "namespace",
  "keyof",
  "infer",
  "is",
  "satisfies",
  "override",
  "string",
  "number",
  "boolean",
  "any",
  "unknown",
  "never",
  "object",
  "symbol",
  "bigint",
];

const PYTHON_KEYWORDS = [
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
  "match",
  "case",
  "self",
  "cls",
];

const RUBY_ELIXIR_KEYWORDS = [
  "def",
  "defp",
  "defmodule",
  "defmacro",
  "defmacrop",
  "defstruct",
  "defimpl",
  "defprotocol",
  "do",
  "end",
  "fn",
  "if",
  "unless",
  "else",
  "elsif",
  "case",
  "cond",
  "when",
  "with",
  "for",
  "while",
  "until",
  "receive",
  "after",
  "try",
  "catch",
  "rescue",
  "raise",
  "ensure",
  "begin",
  "return",
  "yield",
  "class",
  "module",
  "self",
  "nil",
  "true",
  "false",
  "and",
  "or",
  "not",
  "in",
  "alias",
  "import",
  "require",
  "use",
  "quote",
  "unquote",
  "then",
  "next",
  "break",
  "redo",
  "retry",
  "super",
  "lambda",
  "proc",
  "attr_reader",
  "attr_accessor",
];

const SHELL_KEYWORDS = [
  "if",
  "then",
  "else",
  "elif",
  "fi",
  "for",
  "while",
  "until",
  "do",
  "done",
  "case",
  "esac",
  "in",
  "function",
  "return",
  "local",
  "export",
  "echo",
  "exit",
  "set",
  "shift",
  "break",
  "continue",
];

const C_LIKE: Omit<LexSyntax, "keywords"> = {
  lineComments: ["//"],
  blockComments: [["/*", "*/"]],
  quotes: "\"'",
  multilineQuotes: "",
  tripleQuotes: false,
  proseStrings: false,
  lifetimes: false,
};

function syntaxOf(language: Language): LexSyntax {
  switch (language) {
    case "typescript":
    case "tsx":
    case "javascript":
    case "vue":
    case "svelte":
      return {
        ...C_LIKE,
        blockComments: [
          ["/*", "*/"],
          ["<!--", "-->"],
        ],
        quotes: "\"'`",
        multilineQuotes: "`",
        keywords: new Set(JS_KEYWORDS),
      };
    case "go":
      return { ...C_LIKE, quotes: "\"'`", multilineQuotes: "`", keywords: new Set(C_FAMILY_KEYWORDS) };
    case "rust":
    case "swift":
      return { ...C_LIKE, lifetimes: true, keywords: new Set(C_FAMILY_KEYWORDS) };
    case "kotlin":
    case "scala":
    case "java":
    case "csharp":
    case "c":
    case "cpp":
      return {
        ...C_LIKE,
        tripleQuotes: language === "kotlin" || language === "scala",
        keywords: new Set(C_FAMILY_KEYWORDS),
      };
    case "php":
      return { ...C_LIKE, lineComments: ["//", "#"], keywords: new Set(C_FAMILY_KEYWORDS) };
    case "python":
      return {
        lineComments: ["#"],
        blockComments: [],
        quotes: "\"'",
        multilineQuotes: "",
        tripleQuotes: true,
        proseStrings: true,
        lifetimes: false,
        keywords: new Set(PYTHON_KEYWORDS),
      };
    case "elixir":
    case "ruby":
      return {
        lineComments: ["#"],
        blockComments: language === "ruby" ? [["=begin", "=end"]] : [],
        quotes: "\"'",
        multilineQuotes: "",
        tripleQuotes: true,
        proseStrings: false,
        lifetimes: false,
        keywords: new Set(RUBY_ELIXIR_KEYWORDS),
      };
    case "erlang":
      return { ...C_LIKE, lineComments: ["%"], blockComments: [], keywords: new Set(RUBY_ELIXIR_KEYWORDS) };
    case "shell":
      return { ...C_LIKE, lineComments: ["#"], blockComments: [], keywords: new Set(SHELL_KEYWORDS) };
    default:
      return { ...C_LIKE, keywords: new Set(C_FAMILY_KEYWORDS) };
  }
}

/** Operators read as one token, longest first. */
const OPERATORS = [
  ">>>=",
  "===",
  "!==",
  "**=",
  "...",
  ">>>",
  "<<=",
  ">>=",
  "<=>",
  "&&=",
  "||=",
  "??=",
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "?.",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "->",
  "::",
  ":=",
  "<-",
  "<<",
  ">>",
  "|>",
  "**",
  "//",
  "..",
];

const OPERATORS_BY_FIRST = new Map<string, string[]>();
for (const op of OPERATORS)
  OPERATORS_BY_FIRST.set(op[0] as string, [...(OPERATORS_BY_FIRST.get(op[0] as string) ?? []), op]);

/** Called for each token: its class, a 32-bit FNV-1a hash of its text, and its 1-based line. */
export type TokenSink = (tokenClass: TokenClass, hash: number, line: number) => void;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of `text[start, end)`: the same value the lexer gives a token with that text. */
export function tokenHash(text: string, start = 0, end = text.length): number {
  let hash = FNV_OFFSET;
  for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), FNV_PRIME);
  return hash >>> 0;
}

interface CompiledSyntax {
  syntax: LexSyntax;
  keywordHashes: ReadonlySet<number>;
  /** Char codes that open a string (< 128). */
  quoteCodes: Uint8Array;
  /** First char codes of comment markers (< 128). */
  commentStarts: Uint8Array;
}

const compiledCache = new Map<Language, CompiledSyntax>();

function compiled(language: Language): CompiledSyntax {
  let found = compiledCache.get(language);
  if (found) return found;
  const syntax = syntaxOf(language);
  const quoteCodes = new Uint8Array(128);
  for (const quote of syntax.quotes) quoteCodes[quote.charCodeAt(0)] = 1;
  const commentStarts = new Uint8Array(128);
  for (const marker of [...syntax.lineComments, ...syntax.blockComments.map(([open]) => open)])
    commentStarts[marker.charCodeAt(0)] = 1;
  found = {
    syntax,
    keywordHashes: new Set([...syntax.keywords].map((word) => tokenHash(word))),
    quoteCodes,
    commentStarts,
  };
  compiledCache.set(language, found);
  return found;
}

/** Splits `text` into code tokens of `language`, skipping whitespace and comments. */
export function tokenize(text: string, language: Language, sink: TokenSink): void {
  const { syntax, keywordHashes, quoteCodes, commentStarts } = compiled(language);
  const length = text.length;
  let line = 1;
  let i = 0;
  /** Advances over text[from, to), counting newlines. */
  const skipTo = (to: number): void => {
    for (let k = i; k < to && k < length; k++) if (text.charCodeAt(k) === 10) line++;
    i = Math.min(to, length);
  };
  outer: while (i < length) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      line++;
      i++;
      continue;
    }
    if (code === 32 || code === 9 || code === 13 || isSpace(code)) {
      i++;
      continue;
    }
    if (code < 128 && commentStarts[code] === 1) {
      for (const marker of syntax.lineComments) {
        if (text.startsWith(marker, i)) {
          const end = text.indexOf("\n", i);
          i = end === -1 ? length : end;
          continue outer;
        }
      }
      for (const [open, close] of syntax.blockComments) {
        if (text.startsWith(open, i)) {
          const end = text.indexOf(close, i + open.length);
          skipTo(end === -1 ? length : end + close.length);
          continue outer;
        }
      }
    }
    if (isWordStart(code)) {
      let hash = Math.imul(FNV_OFFSET ^ code, FNV_PRIME);
      let end = i + 1;
      for (; end < length; end++) {
        const next = text.charCodeAt(end);
        if (!isWordPart(next)) break;
        hash = Math.imul(hash ^ next, FNV_PRIME);
      }
      hash >>>= 0;
      sink(keywordHashes.has(hash) ? TokenClass.Keyword : TokenClass.Identifier, hash, line);
      i = end;
      continue;
    }
    if (code >= 48 && code <= 57) {
      let end = i + 1;
      while (end < length) {
        const next = text.charCodeAt(end);
        // Digits, letters (hex, exponents, suffixes), `_` separators and one decimal point between digits.
        if (isWordPart(next) || (next === 46 && end + 1 < length && isDigit(text.charCodeAt(end + 1)))) end++;
        else break;
      }
      sink(TokenClass.Number, tokenHash(text, i, end), line);
      i = end;
      continue;
    }
    if (code < 128 && quoteCodes[code] === 1) {
      if (
        code === 39 &&
        syntax.lifetimes &&
        isWordStart(text.charCodeAt(i + 1)) &&
        text.charCodeAt(i + 2) !== 39
      ) {
        // A lifetime or label (`'a`), not a character literal.
        sink(TokenClass.Punctuation, tokenHash(text, i, i + 1), line);
        i++;
        continue;
      }
      if (syntax.proseStrings && text.startsWith((text[i] as string).repeat(3), i)) {
        const end = stringEnd(text, i, text[i] as string, syntax);
        proseTokens(text, i, end, line, sink);
        skipTo(end);
        continue;
      }
      const startLine = line;
      const end = stringEnd(text, i, text[i] as string, syntax);
      sink(TokenClass.String, tokenHash(text, i, end), startLine);
      skipTo(end);
      continue;
    }
    const operators = OPERATORS_BY_FIRST.get(text[i] as string);
    if (operators) {
      for (const op of operators) {
        if (text.startsWith(op, i)) {
          sink(TokenClass.Punctuation, tokenHash(op), line);
          i += op.length;
          continue outer;
        }
      }
    }
    sink(TokenClass.Punctuation, tokenHash(text, i, i + 1), line);
    i++;
  }
}

function isWordStart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 36 || code > 127
  );
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57);
}

function isSpace(code: number): boolean {
  return code === 12 || code === 11 || code === 0xfeff || code === 0xa0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The tokens of the triple-quoted string `text[start, end)` opening on `line`: its quotes as punctuation and, between
 * them, each run of word characters and each other visible character as a Prose token on its own line.
 */
function proseTokens(text: string, start: number, end: number, line: number, sink: TokenSink): void {
  const quotes = tokenHash(text, start, start + 3);
  sink(TokenClass.Punctuation, quotes, line);
  const closed = end - start >= 6 && text.startsWith(text.slice(start, start + 3), end - 3);
  const inner = closed ? end - 3 : end;
  let k = start + 3;
  while (k < inner) {
    const code = text.charCodeAt(k);
    if (code === 10) {
      line++;
      k++;
    } else if (code === 32 || code === 9 || code === 13 || isSpace(code)) k++;
    else if (isWordPart(code)) {
      let wordEnd = k + 1;
      while (wordEnd < inner && isWordPart(text.charCodeAt(wordEnd))) wordEnd++;
      sink(TokenClass.Prose, tokenHash(text, k, wordEnd), line);
      k = wordEnd;
    } else {
      sink(TokenClass.Prose, tokenHash(text, k, k + 1), line);
      k++;
    }
  }
  if (closed) sink(TokenClass.Punctuation, quotes, line);
}

/** Offset just past the string opened by `quote` at `start`. */
function stringEnd(text: string, start: number, quote: string, syntax: LexSyntax): number {
  const length = text.length;
  if (syntax.tripleQuotes && text.startsWith(quote.repeat(3), start)) {
    const close = text.indexOf(quote.repeat(3), start + 3);
    return close === -1 ? length : close + 3;
  }
  const multiline = syntax.multilineQuotes.includes(quote);
  let k = start + 1;
  while (k < length) {
    const c = text[k];
    if (c === "\\") {
      k += 2;
      continue;
    }
    if (c === quote) return k + 1;
    // A one-line string left open ends at the line's end, so one stray quote cannot swallow the file.
    if (c === "\n" && !multiline) return k;
    k++;
  }
  return length;
}
