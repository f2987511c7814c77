// Text made safe for the page: HTML escaping, the inline Markdown that messages use, and JSON inside a <script>.

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] as string);
}

/** Only absolute web links become anchors: `javascript:`, `data:`, relative and protocol-relative URLs stay text. */
const SAFE_URL = /^https?:\/\/[^\s"'<>`]+$/i;

/** A code span (any run of backticks, closed by the same run) or a link `[text](url)`. */
const INLINE_TOKEN = /(`+)([^`][\s\S]*?)\1(?!`)|\[([^\]\n]+)\]\(([^()\s]+)\)/g;

/**
 * `**strong**`, `*em*` and `_em_` on already-escaped text, opened only after a space or `(` so snake_case, globs
 * (`security/*secret*`) and paths stay as they are.
 */
function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*([^*\n]+?)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])\*([^*\s](?:[^*\n]*[^*\s])?)\*(?![\w*])/g, "$1<em>$2</em>")
    .replace(/(^|[\s(])_([^_\s](?:[^_\n]*[^_\s])?)_(?!\w)/g, "$1<em>$2</em>");
}

/**
 * The inline Markdown of finding messages as HTML: code spans, emphasis and http(s) links (opened without the
 * opener); every other character is escaped, so markup in a message or a path is shown, never interpreted.
 */
export function inlineMarkdown(text: string): string {
  const out: string[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE_TOKEN)) {
    const start = match.index;
    out.push(emphasis(escapeHtml(text.slice(last, start))));
    const [whole, , codeText, linkText, url] = match;
    if (codeText !== undefined) {
      // CommonMark strips one space on each side when both are there (so "`` `x` ``" shows `x`).
      const inner = /^ .* $/s.test(codeText) && codeText.trim() !== "" ? codeText.slice(1, -1) : codeText;
      out.push(`<code>${escapeHtml(inner)}</code>`);
    } else if (linkText !== undefined && url !== undefined && SAFE_URL.test(url)) {
      out.push(
        `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${emphasis(escapeHtml(linkText))}</a>`,
      );
    } else {
      out.push(emphasis(escapeHtml(whole)));
    }
    last = start + whole.length;
  }
  out.push(emphasis(escapeHtml(text.slice(last))));
  return out.join("");
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` as \u escapes, so no `</script>` or
 * `<!--` in the data can end or bend the block; U+2028/U+2029 escaped for older parsers. JSON.parse reads it back.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
