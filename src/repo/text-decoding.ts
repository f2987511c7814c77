// Turns file bytes into text, and tells binary, minified and mis-encoded content apart.

const BINARY_SNIFF_BYTES = 8000;

export function looksBinary(bytes: Buffer): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

const strictDecoder = new TextDecoder("utf-8", { fatal: true });
const lenientDecoder = new TextDecoder("utf-8", { fatal: false });

/** Decodes UTF-8 (dropping a BOM); `valid` is false when bytes had to be replaced. */
export function decodeText(bytes: Buffer): { text: string; valid: boolean } {
  try {
    return { text: stripBom(strictDecoder.decode(bytes)), valid: true };
  } catch {
    return { text: stripBom(lenientDecoder.decode(bytes)), valid: false };
  }
}

function stripBom(text: string): string {
  return normaliseLoneCarriageReturns(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/**
 * Classic Mac files end lines with a lone CR: read as one line, every finding would sit on line 1. A text with
 * CRs and no LF at all gets LF line ends (CRLF and LF files are left as they are).
 */
function normaliseLoneCarriageReturns(text: string): string {
  return text.includes("\r") && !text.includes("\n") ? text.replace(/\r/g, "\n") : text;
}

/** Minified code: few, very long lines (bundles, minified CSS/JS, single-line JSON dumps of code). */
export function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  let lines = 1;
  let longest = 0;
  let current = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      lines++;
      if (current > longest) longest = current;
      current = 0;
    } else current++;
  }
  if (current > longest) longest = current;
  return longest > 1000 && text.length / lines > 300;
}
