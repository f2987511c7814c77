// Reads a configured size as a number of bytes: `'50mb'` (the `bytes` package grammar Express and body-parser use),
// `1024 * 1024 * 100`, `100_000_000`, `Infinity`. Null when the value is computed (a variable, a function call).

const UNIT: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
  tb: 1024 ** 4,
  pb: 1024 ** 5,
};

/** `"50mb"` → 52428800; `"1.5GB"` → 1610612736; null when it is not a size the `bytes` package reads. */
export function parseByteString(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|pb)?\s*$/i.exec(text);
  if (!match) return null;
  return Math.floor(Number(match[1]) * (UNIT[(match[2] ?? "b").toLowerCase()] ?? 1));
}

// Values that switch a limit off in JS code.
const UNLIMITED_JS = /^(Infinity|Number\.(MAX_SAFE_INTEGER|MAX_VALUE|POSITIVE_INFINITY))$/;

/**
 * An arithmetic expression of number literals (`1024 * 1024 * 50`, `100_000_000`, `50 * MB` is null): its value, or
 * Infinity for the JS names of "no limit". Works on the text, so it serves JS and Elixir alike.
 */
export function evaluateSize(text: string): number | null {
  const source = text.trim();
  if (UNLIMITED_JS.test(source)) return Number.POSITIVE_INFINITY;
  if (!/^[\d_\s*+().e]+$/i.test(source) || /[a-df-z]/i.test(source)) return null;
  const tokens = source.replace(/_/g, "").match(/\d+(?:\.\d+)?(?:e\d+)?|[*+()]/gi) ?? [];
  let at = 0;
  // expression := term ('+' term)*; term := factor ('*' factor)*; factor := number | '(' expression ')'
  const factor = (): number | null => {
    const token = tokens[at++];
    if (token === "(") {
      const value = expression();
      return tokens[at++] === ")" ? value : null;
    }
    const n = Number(token);
    return token !== undefined && Number.isFinite(n) ? n : null;
  };
  const term = (): number | null => {
    let value = factor();
    while (value !== null && tokens[at] === "*") {
      at++;
      const next = factor();
      value = next === null ? null : value * next;
    }
    return value;
  };
  const expression = (): number | null => {
    let value = term();
    while (value !== null && tokens[at] === "+") {
      at++;
      const next = term();
      value = next === null ? null : value + next;
    }
    return value;
  };
  const value = expression();
  return at === tokens.length ? value : null;
}

/** `52428800` → "50 MB"; Infinity → "no limit". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "no limit";
  for (const [unit, size] of [
    ["GB", 1024 ** 3],
    ["MB", 1024 ** 2],
    ["KB", 1024],
  ] as const)
    if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10} ${unit}`;
  return `${bytes} B`;
}
