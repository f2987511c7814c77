// Whether a comment beside a line says why the code does what a rule would flag: a decision the authors recorded
// (`// Clients are not browsers`, `// Using http.NewRequest so the internal call gets a fresh context`).

/** A comment with words in it; `//nolint` silences a linter and says nothing about why. */
const WHY_COMMENT = /^\/\/(?!\s*nolint\b)\s*\S/;

/**
 * Where the line's `//` comment starts, skipping string literals (`"https://example.com"`, `'…'`, Go raw and JS
 * template strings written on one line), or -1 when the line has none: a URL in a string is no comment.
 */
export function lineCommentStart(text: string): number {
  let quote: string | null = null;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (quote) {
      if (char === "\\" && quote !== "`") at++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'" || char === "`") quote = char;
    else if (char === "/" && text[at + 1] === "/") return at;
  }
  return -1;
}

/**
 * Whether the line at `index` (0-based) or one of the `above` lines before it carries a `//` comment. Go and the
 * C-family languages; the comment must be in the same statement's lines, so keep `above` small (1 to 5).
 */
export function commentSaysWhy(lines: readonly string[], index: number, above = 1): boolean {
  for (let at = index; at >= Math.max(0, index - above); at--) {
    const text = lines[at];
    if (text === undefined) continue;
    const start = lineCommentStart(text);
    if (start >= 0 && WHY_COMMENT.test(text.slice(start))) return true;
  }
  return false;
}

/** Words by which a comment says what happens when the code fails, and that the authors accept it. */
const ACCEPTED_FAILURE =
  /\b(fail(s|ed|ures?)?|crash(es|ed)?|restart(s|ed)?|supervis\w*|idempotent|retr(y|ies|ied)|fire[- ]and[- ]forget|best[- ]effort|on purpose|deliberate(ly)?|intentional(ly)?|ignored?|lost|missed|harmless)\b/i;

/**
 * The comment block directly above the line at `index` (0-based; `#` or `//` lines, contiguous, up to `above` of
 * them) when it speaks of what happens if the code fails (`# Failures are only logged; the cleanup is idempotent
 * and repeated on every start`): the first sentence that does, or null. A comment that only says what the code does, or asks (a TODO, a
 * question), is no such decision.
 */
export function commentAcceptsFailure(lines: readonly string[], index: number, above = 8): string | null {
  const block: string[] = [];
  for (let at = index - 1; at >= Math.max(0, index - above); at--) {
    const text = lines[at]?.trim() ?? "";
    const comment = /^(#|\/\/)\s?(.*)$/.exec(text);
    if (!comment) break;
    block.unshift(comment[2] ?? "");
  }
  // An open question (`# TODO: how should we handle errors/retry logic?`) is a decision not yet made.
  if (/\b(TODO|FIXME|XXX|HACK)\b|\?/.test(block.join(" "))) return null;
  // The sentence that says it, for the message.
  const sentences = block
    .join(" ")
    .trim()
    .split(/(?<=[.;])\s+/);
  return sentences.find((sentence) => ACCEPTED_FAILURE.test(sentence)) ?? null;
}
