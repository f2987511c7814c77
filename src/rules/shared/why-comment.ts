// Whether a comment beside a line says why the code does what a rule would flag: a decision the authors recorded
// (`// Clients are not browsers`, `// Using http.NewRequest so the internal call gets a fresh context`).

/** A comment with words in it; `//nolint` silences a linter and says nothing about why. */
const WHY_COMMENT = /\/\/(?!\s*nolint\b)\s*\S/;

/**
 * Whether the line at `index` (0-based) or one of the `above` lines before it carries a `//` comment. Go and the
 * C-family languages; the comment must be in the same statement's lines, so keep `above` small (1 to 5).
 */
export function commentSaysWhy(lines: readonly string[], index: number, above = 1): boolean {
  for (let at = index; at >= Math.max(0, index - above); at--) {
    const text = lines[at];
    if (text !== undefined && WHY_COMMENT.test(text)) return true;
  }
  return false;
}
