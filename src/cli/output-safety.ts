// What leaves the process is made safe here, once, for every format: secrets masked with the secret detector,
// and control and bidirectional characters (terminal escapes, OSC 52 clipboard writes, U+202E) made visible.
// Renderers get a model whose strings are already safe; their output gets one more masking pass.
import { maskSecretsInText } from "../facts/secrets/detect.js";

/**
 * C0 controls but tab and newline, DEL, C1 controls, bidirectional embeddings/overrides/isolates and marks,
 * zero-width characters, line/paragraph separators and the BOM.
 */
const UNSAFE_CHARACTERS =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** `\x1b`, `\u202e`: the character's code, readable and inert in every format. */
function visible(character: string): string {
  const code = character.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

const HAS_UNSAFE = new RegExp(UNSAFE_CHARACTERS.source);

/** A string with CRLF made LF and every unsafe character shown as its escape code. */
export function escapeControlCharacters(text: string): string {
  if (!HAS_UNSAFE.test(text)) return text;
  const unified = text.includes("\r\n") ? text.replace(/\r\n/g, "\n") : text;
  return unified.replace(UNSAFE_CHARACTERS, visible);
}

/** JSON text with the unsafe characters JSON.stringify leaves raw written as `\uXXXX` escapes (lossless). */
export function escapeJsonText(json: string): string {
  if (!HAS_UNSAFE.test(json)) return json;
  return json.replace(UNSAFE_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A one-line message (errors, progress) safe for a terminal: masked, escaped, newlines kept out. */
export function safeMessage(text: string): string {
  return escapeControlCharacters(maskSecretsInText(text)).replace(/\n/g, " ");
}

/** Masks the secrets in a rendered report or terminal text (a second pass after the model pass). */
export function maskRendered(text: string): string {
  return maskSecretsInText(text);
}

/**
 * A deep copy of a model (plain objects, arrays, strings) with every string masked and, for human-readable
 * formats, escaped. Object keys are data too: they are passed through the same function.
 */
export function safeModel<T>(model: T, options: { escape: boolean }): T {
  const fix = (text: string): string => {
    const masked = maskSecretsInText(text);
    return options.escape ? escapeControlCharacters(masked) : masked;
  };
  const seen = new Map<object, unknown>();
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return fix(value);
    if (value === null || typeof value !== "object") return value;
    const known = seen.get(value);
    if (known !== undefined) return known;
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      seen.set(value, copy);
      for (const item of value) copy.push(walk(item));
      return copy;
    }
    if (value instanceof Map) {
      const copy = new Map<unknown, unknown>();
      seen.set(value, copy);
      for (const [key, item] of value) copy.set(walk(key), walk(item));
      return copy;
    }
    if (value instanceof Set || value instanceof Date) return value;
    const copy: Record<string, unknown> = Object.create(
      Object.getPrototypeOf(value) as object | null,
    ) as Record<string, unknown>;
    seen.set(value, copy);
    for (const key of Object.keys(value)) {
      const item = walk((value as Record<string, unknown>)[key]);
      const safeKey = fix(key);
      // `__proto__` is data here: defined as an own property, never through the prototype setter.
      if (safeKey === "__proto__")
        Object.defineProperty(copy, safeKey, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else copy[safeKey] = item;
    }
    return copy;
  };
  return walk(model) as T;
}
