// File analyzer: a file's code tokens as compact hashes (normalised and exact) with their lines, for clone search.
import { CODE_LANGUAGES, type Language } from "../../model/language.js";
import { defineAnalyzer } from "../define.js";
import { TokenClass, tokenHash, tokenize } from "./tokenize.js";

/**
 * One file's token stream, packed so that workers send hashes, not text (2 + 2 + 1 bytes a token):
 * `data` is base64 of [normalised hash u16 × n (top bit: LOGIC_BIT)][exact hash u16 × n][line delta u8 × n].
 */
export interface CloneTokens {
  tokens: number;
  /** Lines holding at least one token (code, or the text of a Python triple-quoted string). */
  codeLines: number;
  data: string;
  /** Tokens whose line is more than 254 lines after the previous token's: [token index, line] pairs. */
  farLines: number[];
  /** Runs of Prose tokens (the words of Python triple-quoted strings): [first token, end token) pairs. */
  prose: number[];
}

/** Folds a 32-bit token hash to the 16 bits stored per token. */
function fold16(hash: number): number {
  return ((hash >>> 16) ^ hash) & 0xffff;
}

const IDENTIFIER_HASH = fold16(tokenHash("\u0000id"));
const NUMBER_HASH = fold16(tokenHash("\u0000num"));
const STRING_HASH = fold16(tokenHash("\u0000str"));
const OPEN_PAREN_HASH = tokenHash("(");

/**
 * Set on a normalised token that expresses logic rather than data: keywords, comparisons, arithmetic and boolean
 * operators, member access, arrows, compound assignments, calls (`(` after a name). A fragment with almost none
 * (keys, values, commas, brackets, markup) is a data table.
 */
export const LOGIC_BIT = 0x8000;

const LOGIC_OPERATOR_HASHES: ReadonlySet<number> = new Set(
  [
    "==",
    "===",
    "!=",
    "!==",
    "<=",
    ">=",
    "&&",
    "||",
    "??",
    "=>",
    "->",
    "+=",
    "-=",
    "*=",
    "/=",
    "++",
    "--",
    "?",
    "!",
    ".",
    "?.",
    "+",
    "-",
    "*",
    "%",
    "**",
    "&",
    "|",
    "^",
    "<<",
    ">>",
    ":=",
    "<-",
    "|>",
  ].map((op) => tokenHash(op)),
);

/** Keywords of imports and declarations: a list of imports or of typed fields is data, not logic. */
const DECLARATION_KEYWORD_HASHES: ReadonlySet<number> = new Set(
  [
    "import",
    "from",
    "export",
    "package",
    "use",
    "alias",
    "require",
    "as",
    "type",
    "interface",
    "readonly",
    "declare",
    "namespace",
    "enum",
    "public",
    "private",
    "protected",
    "static",
    "final",
    "const",
    "val",
    "var",
  ].map((word) => tokenHash(word)),
);

/** Where clones are searched: languages holding program logic. */
export const CLONE_LANGUAGES: readonly Language[] = [...CODE_LANGUAGES];

export const cloneTokensAnalyzer = defineAnalyzer<CloneTokens>({
  id: "clone-tokens",
  languages: CLONE_LANGUAGES,
  needsTree: false,
  enabled: (settings) => settings.duplication.enabled,
  analyze({ text, language }) {
    let capacity = Math.max(64, text.length >> 2);
    let normalised = new Uint16Array(capacity);
    let exact = new Uint16Array(capacity);
    let deltas = new Uint8Array(capacity);
    const farLines: number[] = [];
    const prose: number[] = [];
    let count = 0;
    let previousLine = 1;
    let codeLines = 0;
    let lastCountedLine = 0;
    let previousClass: TokenClass | null = null;
    tokenize(text, language, (tokenClass, hash, line) => {
      if (count === capacity) {
        capacity *= 2;
        normalised = grow16(normalised, capacity);
        exact = grow16(exact, capacity);
        const wider = new Uint8Array(capacity);
        wider.set(deltas);
        deltas = wider;
      }
      const exactHash = fold16(hash);
      exact[count] = exactHash;
      if (tokenClass === TokenClass.Prose) {
        // Extends the last run when it ends here, else opens one.
        if (prose.length > 0 && prose[prose.length - 1] === count) prose[prose.length - 1] = count + 1;
        else prose.push(count, count + 1);
      }
      const logic =
        (tokenClass === TokenClass.Keyword && !DECLARATION_KEYWORD_HASHES.has(hash)) ||
        (tokenClass === TokenClass.Punctuation &&
          (LOGIC_OPERATOR_HASHES.has(hash) ||
            (previousClass === TokenClass.Identifier && hash === OPEN_PAREN_HASH)));
      previousClass = tokenClass;
      const shape =
        tokenClass === TokenClass.Identifier
          ? IDENTIFIER_HASH
          : tokenClass === TokenClass.Number
            ? NUMBER_HASH
            : tokenClass === TokenClass.String
              ? STRING_HASH
              : exactHash;
      // Prose keeps its exact hash here, so that only the same docstrings share seeds (the clone search compares
      // prose words as one token when it extends a renamed copy).
      normalised[count] = (shape & 0x7fff) | (logic ? LOGIC_BIT : 0);
      const delta = line - previousLine;
      if (delta > 254) {
        deltas[count] = 255;
        farLines.push(count, line);
      } else deltas[count] = delta;
      previousLine = line;
      if (line !== lastCountedLine) {
        codeLines++;
        lastCountedLine = line;
      }
      count++;
    });
    if (count === 0) return undefined;
    const packed = Buffer.alloc(count * 5);
    packed.set(new Uint8Array(normalised.buffer, 0, count * 2), 0);
    packed.set(new Uint8Array(exact.buffer, 0, count * 2), count * 2);
    packed.set(deltas.subarray(0, count), count * 4);
    return { tokens: count, codeLines, data: packed.toString("base64"), farLines, prose };
  },
});

function grow16(array: Uint16Array, capacity: number): Uint16Array<ArrayBuffer> {
  const wider = new Uint16Array(capacity);
  wider.set(array);
  return wider;
}
