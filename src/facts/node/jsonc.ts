// A small JSON-with-comments parser (tsconfig, .eslintrc.json, package-lock.json …) that records each property's line.
// tsconfig files allow `//` and `/* */` comments and trailing commas, which JSON.parse rejects.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ParsedJson {
  value: JsonValue;
  /** 1-based line of the property at a key path (["dependencies", "react"]), or null. */
  lineOf(path: readonly string[]): number | null;
  /** Offsets of the value at a key path ([] for the whole document): start, and end after its last character. */
  spanOf(path: readonly string[]): { start: number; end: number } | null;
  /** Offset of the opening quote of the property name at a key path, or null. */
  keyOffsetOf(path: readonly string[]): number | null;
}

const SEP = "\u0000";

export class JsonSyntaxError extends Error {}

/**
 * Parses JSON or JSONC; throws JsonSyntaxError with a line number on malformed input. Offsets (spanOf,
 * keyOffsetOf) are recorded only when asked for, since lockfiles are large and need lines alone.
 */
export function parseJsonc(text: string, options: { offsets?: boolean } = {}): ParsedJson {
  const lines = new Map<string, number>();
  const spans = new Map<string, { start: number; end: number }>();
  const keyOffsets = new Map<string, number>();
  let pos = 0;
  let line = 1;
  const fail = (message: string): never => {
    throw new JsonSyntaxError(`${message} at line ${line}`);
  };
  const skip = (): void => {
    for (;;) {
      const ch = text[pos];
      if (ch === "\n") {
        line++;
        pos++;
      } else if (ch === " " || ch === "\t" || ch === "\r" || ch === "\uFEFF") pos++;
      else if (ch === "/" && text[pos + 1] === "/") {
        while (pos < text.length && text[pos] !== "\n") pos++;
      } else if (ch === "/" && text[pos + 1] === "*") {
        const end = text.indexOf("*/", pos + 2);
        if (end === -1) fail("unterminated comment");
        for (let i = pos; i < end; i++) if (text[i] === "\n") line++;
        pos = end + 2;
      } else return;
    }
  };
  const readString = (): string => {
    const start = pos + 1;
    let i = start;
    let escaped = false;
    while (i < text.length) {
      const ch = text[i];
      if (ch === "\\") {
        escaped = true;
        i += 2;
        continue;
      }
      if (ch === '"') break;
      if (ch === "\n") fail("newline in string");
      i++;
    }
    if (i >= text.length) fail("unterminated string");
    const raw = text.slice(start, i);
    pos = i + 1;
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  };
  const readValue = (path: string[]): JsonValue => {
    skip();
    const start = pos;
    const value = readBareValue(path);
    if (options.offsets) spans.set(path.join(SEP), { start, end: pos });
    return value;
  };
  const readBareValue = (path: string[]): JsonValue => {
    const ch = text[pos];
    if (ch === "{") {
      pos++;
      const object: { [key: string]: JsonValue } = {};
      for (;;) {
        skip();
        if (text[pos] === "}") {
          pos++;
          return object;
        }
        if (text[pos] !== '"') fail("expected a property name");
        const keyLine = line;
        const keyOffset = pos;
        const key = readString();
        skip();
        if (text[pos] !== ":") fail("expected ':'");
        pos++;
        const childPath = [...path, key];
        lines.set(childPath.join(SEP), keyLine);
        if (options.offsets) keyOffsets.set(childPath.join(SEP), keyOffset);
        object[key] = readValue(childPath);
        skip();
        if (text[pos] === ",") pos++;
        else if (text[pos] !== "}") fail("expected ',' or '}'");
      }
    }
    if (ch === "[") {
      pos++;
      const array: JsonValue[] = [];
      for (;;) {
        skip();
        if (text[pos] === "]") {
          pos++;
          return array;
        }
        array.push(readValue([...path, String(array.length)]));
        skip();
        if (text[pos] === ",") pos++;
        else if (text[pos] !== "]") fail("expected ',' or ']'");
      }
    }
    if (ch === '"') return readString();
    const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 64));
    if (!literal) return fail("unexpected token");
    pos += literal[0].length;
    const word = literal[0];
    return word === "true" ? true : word === "false" ? false : word === "null" ? null : Number(word);
  };
  const value = readValue([]);
  skip();
  if (pos < text.length) fail("unexpected content after the value");
  return {
    value,
    lineOf: (path) => lines.get(path.join(SEP)) ?? null,
    spanOf: (path) => spans.get(path.join(SEP)) ?? null,
    keyOffsetOf: (path) => keyOffsets.get(path.join(SEP)) ?? null,
  };
}

export function isObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The string values of an object, dropping non-strings. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [key, v] of Object.entries(value)) if (typeof v === "string") out[key] = v;
  return out;
}
