// Go's lexical structure, enough for the symbol index: tokens with Go's automatic semicolons, and from them the
// declarations a file makes (package-level and local, parameters, struct fields, interface methods) and the
// identifiers it uses. Go's grammar is regular at this level (the spec's semicolon rule settles where every
// declaration starts), and reading tokens costs a seventh of querying the syntax tree's identifier nodes
// (measured on the standard library: 20 s of native-boundary crossings against a 26 s parse).

export interface GoToken {
  /** The token text; every string and rune literal is `"`; implicit semicolons are `;`. */
  text: string;
  offset: number;
}

const KEYWORDS: ReadonlySet<string> = new Set(
  (
    "break case chan const continue default defer else fallthrough for func go goto if import interface map " +
    "package range return select struct switch type var"
  ).split(" "),
);

/** Tokens after which a newline ends the statement (the Go spec's semicolon rule). */
function endsStatement(token: string): boolean {
  if (token === ")" || token === "]" || token === "}" || token === '"' || token === "++" || token === "--")
    return true;
  if (token === "break" || token === "continue" || token === "fallthrough" || token === "return") return true;
  return isWord(token) && !KEYWORDS.has(token);
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}

function isWord(token: string): boolean {
  return token.length > 0 && isWordChar(token.charCodeAt(0));
}

/** An identifier: a word that is neither a number nor a keyword. */
export function isGoIdentifier(token: string | undefined): token is string {
  if (!token) return false;
  const c = token.charCodeAt(0);
  if (!isWordChar(c) || (c >= 48 && c <= 57)) return false;
  return !KEYWORDS.has(token);
}

/**
 * The significant tokens of a Go file: words (identifiers, keywords, numbers; any non-ASCII character counts as
 * a letter), `"` for each string or rune literal, `...`, `:=`, `++`, `--`, single punctuation, and `;` where the
 * source has one or a newline ends a statement. Comments are dropped (one spanning lines counts as a newline).
 */
export function goTokens(text: string): GoToken[] {
  const tokens: GoToken[] = [];
  const length = text.length;
  let newline = false;
  const push = (token: string, offset: number): void => {
    if (newline) {
      const last = tokens[tokens.length - 1];
      if (last && endsStatement(last.text)) tokens.push({ text: ";", offset });
      newline = false;
    }
    tokens.push({ text: token, offset });
  };
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      newline = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    if (isWordChar(c)) {
      while (i < length && isWordChar(text.charCodeAt(i))) i++;
      // A number with a fraction or exponent sign (`1.5`, `1e-9`) stays one word for the purpose here.
      push(text.slice(start, i), start);
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? length : end;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? length : end + 2;
      if (text.lastIndexOf("\n", stop) > i) newline = true;
      i = stop;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      i++;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === c || d === 10) {
          if (d === c) i++;
          break;
        } else i++;
      }
      push('"', start);
      continue;
    }
    if (c === 96 /* ` */) {
      const end = text.indexOf("`", i + 1);
      i = end < 0 ? length : end + 1;
      push('"', start);
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (c === 46 /* . */ && next === 46 && text.charCodeAt(i + 2) === 46) {
      push("...", start);
      i += 3;
      continue;
    }
    if (c === 58 /* : */ && next === 61 /* = */) {
      push(":=", start);
      i += 2;
      continue;
    }
    if ((c === 43 /* + */ || c === 45) /* - */ && next === c) {
      push(c === 43 ? "++" : "--", start);
      i += 2;
      continue;
    }
    push(text[i] ?? "", start);
    i++;
  }
  if (newline) {
    const last = tokens[tokens.length - 1];
    if (last && endsStatement(last.text)) tokens.push({ text: ";", offset: length });
  }
  return tokens;
}

export interface GoLexicalDeclaration {
  name: string;
  kind: "func" | "method" | "type" | "var" | "const";
  /** Offsets of the declaration's start and end. */
  start: number;
  end: number;
  receiver?: string;
  hasBody?: boolean;
}

export interface GoLexicalFile {
  packageName: string | null;
  imports: Array<{ alias: string | null; path: string; offset: number }>;
  declarations: GoLexicalDeclaration[];
  /** Names declared inside functions: parameters, results, receivers, type parameters, locals, local types. */
  locals: Set<string>;
  /** Struct field and interface method names: never uses of package names, and hiding none. */
  members: Set<string>;
  /** Identifiers in use positions, each with its first offset. */
  uses: Map<string, number>;
  /** `X.Name` pairs (X an identifier not after a dot), each with its first offset. */
  qualified: Map<string, number>;
}

type Opener =
  "paren" | "params" | "group" | "bracket" | "typeparams" | "brace" | "struct" | "interface" | "body";

/** What a file declares and uses, from its tokens. */
export function readGoTokens(text: string, tokens: GoToken[] = goTokens(text)): GoLexicalFile {
  const file: GoLexicalFile = {
    packageName: null,
    imports: [],
    declarations: [],
    locals: new Set(),
    members: new Set(),
    uses: new Map(),
    qualified: new Map(),
  };
  /** Token indexes of declared names (not uses). */
  const declaring = new Set<number>();
  const stack: Array<{ kind: Opener; index: number }> = [];
  const word = (i: number): string => tokens[i]?.text ?? "";
  const depth = (): number => stack.length;

  /** Reads a spec's leading identifier list at token i; returns their indexes. */
  const leadingNames = (i: number): number[] => {
    const out: number[] = [];
    for (let j = i; isGoIdentifier(word(j)); j += 2) {
      out.push(j);
      if (word(j + 1) !== ",") break;
    }
    return out;
  };

  /** Index of the token closing the opener at i (`(`, `[` or `{`), or the last token. */
  const closing = (i: number): number => {
    let level = 0;
    for (let j = i; j < tokens.length; j++) {
      const t = word(j);
      if (t === "(" || t === "[" || t === "{") level++;
      else if (t === ")" || t === "]" || t === "}") {
        level--;
        if (level === 0) return j;
      }
    }
    return tokens.length - 1;
  };

  /** True when a comma separates elements at the top level of the bracket opened at `open`. */
  const hasTopLevelComma = (open: number, close: number): boolean => {
    let level = 0;
    for (let j = open + 1; j < close; j++) {
      const t = word(j);
      if (t === "(" || t === "[" || t === "{") level++;
      else if (t === ")" || t === "]" || t === "}") level--;
      else if (t === "," && level === 0) return true;
    }
    return false;
  };

  /**
   * Marks the names of a parameter list `(…)` opened at i. Parameters are all named or all unnamed; a list is
   * named when one element is an identifier followed by a type. A receiver's `G[K, V]` declares K and V.
   */
  const markParameters = (open: number, close: number, receiver: boolean): void => {
    const elements: Array<[number, number]> = [];
    let level = 0;
    let start = open + 1;
    for (let j = open + 1; j < close; j++) {
      const t = word(j);
      if (t === "(" || t === "[" || t === "{") level++;
      else if (t === ")" || t === "]" || t === "}") level--;
      else if (t === "," && level === 0) {
        elements.push([start, j]);
        start = j + 1;
      }
    }
    if (start < close) elements.push([start, close]);
    const named = elements.some(
      ([s, e]) => e - s >= 2 && isGoIdentifier(word(s)) && word(s + 1) !== "." && word(s + 1) !== ",",
    );
    for (const [s, e] of elements) {
      if (named && isGoIdentifier(word(s))) {
        declaring.add(s);
        file.locals.add(word(s));
      }
      if (receiver) {
        let bracket = -1;
        for (let j = s; j < e && bracket < 0; j++) if (word(j) === "[") bracket = j;
        if (bracket >= 0)
          for (let j = bracket + 1; j < e && word(j) !== "]"; j++)
            if (isGoIdentifier(word(j))) {
              declaring.add(j);
              file.locals.add(word(j));
            }
      }
    }
  };

  /**
   * Marks a type parameter list `[T any, U comparable]` opened at i; false when it is an array length. After a
   * function's name a `[` can only open type parameters, so `func F[P *S, S any]` is one (`known`); after a type's
   * name `[N * 2]` is an array length unless a comma separates elements (`type T[P *C, Q any]`).
   */
  const markTypeParameters = (open: number, close: number, known = false): boolean => {
    if (!isGoIdentifier(word(open + 1))) return false;
    const second = word(open + 2);
    const arithmetic = second === "*" || second === "+" || second === "-";
    if (second === "]" || second === ".") return false;
    if (arithmetic && !known && !hasTopLevelComma(open, close)) return false;
    for (let j = open + 1; j < close; j++) {
      // Names are the identifiers at the start of each comma-separated element, before their constraint.
      if ((j === open + 1 || word(j - 1) === ",") && isGoIdentifier(word(j))) {
        for (const name of leadingNames(j)) {
          declaring.add(name);
          file.locals.add(word(name));
        }
      }
    }
    return true;
  };

  const lineStart = (i: number): boolean => {
    const offset = tokens[i]?.offset ?? 0;
    return offset === 0 || text.charCodeAt(offset - 1) === 10;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = word(i);
    const topLevel = depth() === 0;
    switch (t) {
      case "package":
        if (topLevel && isGoIdentifier(word(i + 1))) {
          file.packageName = word(i + 1);
          declaring.add(i + 1);
        }
        continue;
      case "import":
        if (topLevel) i = readImports(i, text, tokens, file, declaring);
        continue;
      case "func": {
        // Signature: [receiver] [name] [type parameters] parameters [results] [body].
        let j = i + 1;
        let receiver: string | undefined;
        let name: number | null = null;
        const declaration = topLevel && lineStart(i);
        if (word(j) === "(" && declaration) {
          const close = closing(j);
          markParameters(j, close, true);
          for (let k = close - 1; k > j; k--)
            if (isGoIdentifier(word(k)) && word(k - 1) !== "[" && word(k - 1) !== ",") {
              receiver = word(k);
              if (word(k + 1) !== "]") break;
            }
          receiver = receiverType(tokens, j, close) ?? receiver;
          j = close + 1;
        }
        if (isGoIdentifier(word(j))) {
          name = j;
          declaring.add(j);
          j++;
        }
        if (word(j) === "[") {
          const close = closing(j);
          markTypeParameters(j, close, name !== null);
          j = close + 1;
        }
        if (word(j) !== "(") continue;
        const paramsClose = closing(j);
        markParameters(j, paramsClose, false);
        j = paramsClose + 1;
        if (word(j) === "(") {
          const close = closing(j);
          markParameters(j, close, false);
          j = close + 1;
        } else {
          // A single unnamed result type; skip it (struct{…} and interface{…} included) to find the body.
          while (
            j < tokens.length &&
            word(j) !== "{" &&
            word(j) !== ";" &&
            word(j) !== ")" &&
            word(j) !== ","
          ) {
            if (word(j) === "(" || word(j) === "[") j = closing(j) + 1;
            else if ((word(j) === "struct" || word(j) === "interface") && word(j + 1) === "{")
              j = closing(j + 1) + 1;
            else j++;
          }
        }
        const hasBody = word(j) === "{";
        if (declaration && name !== null) {
          const end = hasBody ? closing(j) : j - 1;
          file.declarations.push({
            name: word(name),
            kind: receiver === undefined && !(word(i + 1) === "(") ? "func" : "method",
            start: tokens[i]?.offset ?? 0,
            end: tokens[end]?.offset ?? 0,
            ...(receiver !== undefined ? { receiver } : {}),
            hasBody,
          });
        }
        // Continue scanning inside the signature and body: uses there are uses.
        continue;
      }
      case "var":
      case "const":
      case "type": {
        const kind = t;
        const record = (nameIndex: number, specStart: number): void => {
          declaring.add(nameIndex);
          if (topLevel)
            file.declarations.push({
              name: word(nameIndex),
              kind,
              start: tokens[specStart]?.offset ?? 0,
              end: tokens[specEnd(specStart)]?.offset ?? 0,
            });
          else file.locals.add(word(nameIndex));
        };
        const specEnd = (s: number): number => {
          let level = 0;
          for (let j = s; j < tokens.length; j++) {
            const w = word(j);
            if (w === "(" || w === "[" || w === "{") level++;
            else if (w === ")" || w === "]" || w === "}") {
              if (level === 0) return j - 1;
              level--;
            } else if (w === ";" && level === 0) return j - 1;
          }
          return tokens.length - 1;
        };
        const readSpec = (s: number): void => {
          const names = kind === "type" ? (isGoIdentifier(word(s)) ? [s] : []) : leadingNames(s);
          for (const name of names) record(name, s);
          if (kind === "type" && names.length > 0 && word(s + 1) === "[") {
            markTypeParameters(s + 1, closing(s + 1));
          }
        };
        if (word(i + 1) === "(") {
          const close = closing(i + 1);
          let s = i + 2;
          while (s < close) {
            if (word(s) === ";") {
              s++;
              continue;
            }
            readSpec(s);
            s = specEnd(s) + 1;
          }
          // The group's parentheses are not a call: scan its contents as uses, with the group on the stack.
          stack.push({ kind: "group", index: i + 1 });
          i = i + 1;
        } else readSpec(i + 1);
        continue;
      }
      case "struct":
        if (word(i + 1) === "{") {
          stack.push({ kind: "struct", index: i + 1 });
          const close = closing(i + 1);
          // Each field declaration starts after `{` or `;`: named fields are identifiers followed by a type.
          for (let s = i + 2; s < close; s = specEnd2(tokens, s) + 1) {
            if (word(s) === ";") continue;
            const names = leadingNames(s);
            const after = word((names[names.length - 1] ?? s) + 1);
            if (names.length > 0 && after !== "." && after !== ";" && after !== "}" && after !== '"')
              for (const name of names) {
                declaring.add(name);
                file.members.add(word(name));
              }
          }
          i = i + 1;
        }
        continue;
      case "interface":
        if (word(i + 1) === "{") {
          stack.push({ kind: "interface", index: i + 1 });
          const close = closing(i + 1);
          for (let s = i + 2; s < close; s = specEnd2(tokens, s) + 1) {
            if (isGoIdentifier(word(s)) && word(s + 1) === "(") {
              declaring.add(s);
              file.members.add(word(s));
              // A method's parameter and result names are declarations too.
              const paramsClose = closing(s + 1);
              markParameters(s + 1, paramsClose, false);
              if (word(paramsClose + 1) === "(")
                markParameters(paramsClose + 1, closing(paramsClose + 1), false);
            }
          }
          i = i + 1;
        }
        continue;
      case ":=":
        for (let j = i - 1; j >= 0 && isGoIdentifier(word(j)); j -= 2) {
          declaring.add(j);
          file.locals.add(word(j));
          if (word(j - 1) !== ",") break;
        }
        continue;
      case "(":
      case "[":
      case "{":
        stack.push({ kind: t === "(" ? "paren" : t === "[" ? "bracket" : "brace", index: i });
        continue;
      case ")":
      case "]":
      case "}":
        stack.pop();
        continue;
      default:
        break;
    }
    if (!isGoIdentifier(t) || declaring.has(i)) continue;
    const previous = word(i - 1);
    const next = word(i + 1);
    if (previous === "." || previous === "goto" || previous === "break" || previous === "continue") continue;
    // `key: value` in a composite literal, `label:` — and `case X:`, which the index then leaves unchecked.
    if (next === ":") continue;
    if (!file.uses.has(t)) file.uses.set(t, tokens[i]?.offset ?? 0);
    if (next === "." && isGoIdentifier(word(i + 2))) {
      const pair = `${t}.${word(i + 2)}`;
      if (!file.qualified.has(pair)) file.qualified.set(pair, tokens[i]?.offset ?? 0);
    }
  }
  return file;
}

/** End (last token index) of a field or element that starts at s, inside braces: up to `;` or the closing `}`. */
function specEnd2(tokens: GoToken[], s: number): number {
  let level = 0;
  for (let j = s; j < tokens.length; j++) {
    const w = tokens[j]?.text;
    if (w === "(" || w === "[" || w === "{") level++;
    else if (w === ")" || w === "]" || w === "}") {
      if (level === 0) return j - 1;
      level--;
    } else if (w === ";" && level === 0) return j;
  }
  return tokens.length - 1;
}

/** The base type of a receiver list `(r *T[K])` → `T`. */
function receiverType(tokens: GoToken[], open: number, close: number): string | undefined {
  let last: string | undefined;
  let level = 0;
  for (let j = open + 1; j < close; j++) {
    const w = tokens[j]?.text ?? "";
    if (w === "[") level++;
    else if (w === "]") level--;
    else if (level === 0 && isGoIdentifier(w)) last = w;
  }
  return last;
}

/** Reads `import "p"`, `import x "p"` or a group; returns the index of its last token. */
function readImports(
  i: number,
  text: string,
  tokens: GoToken[],
  file: GoLexicalFile,
  declaring: Set<number>,
): number {
  const word = (k: number): string => tokens[k]?.text ?? "";
  const readSpec = (k: number): number => {
    let alias: string | null = null;
    if (isGoIdentifier(word(k)) || word(k) === ".") {
      alias = word(k);
      declaring.add(k);
      k++;
    }
    if (word(k) === '"') {
      const offset = tokens[k]?.offset ?? 0;
      const quote = text[offset] ?? '"';
      const end = text.indexOf(quote, offset + 1);
      file.imports.push({ alias, path: text.slice(offset + 1, end < 0 ? offset + 1 : end), offset });
    }
    return k;
  };
  if (word(i + 1) !== "(") return readSpec(i + 1);
  let k = i + 2;
  while (k < tokens.length && word(k) !== ")") {
    if (word(k) === ";") k++;
    else k = readSpec(k) + 1;
  }
  return k;
}
