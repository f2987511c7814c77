// Scanning one line of code for a token while skipping what stands inside quoted strings ('…', "…", `…`, with
// backslash escapes): where a comment or a token really begins, not a `#` or `//` inside a string.

/** The first index outside quoted strings at which `matches` holds, or -1. */
export function indexOutsideQuotes(line: string, matches: (index: number) => boolean): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") {
      quote = ch;
      continue;
    }
    if (matches(i)) return i;
  }
  return -1;
}
