// The page shell shared by audit.html and delta.html: one self-contained file whose Content-Security-Policy forbids
// every network request and runs only the page's own script (by hash), so nothing in the data can load or run code.
import { createHash } from "node:crypto";
import { escapeHtml } from "./escape.js";
import { STYLES } from "./styles.js";

export function renderPage(page: { title: string; body: string; script?: string }): string {
  const scriptSource = page.script
    ? `'sha256-${createHash("sha256").update(page.script, "utf8").digest("base64")}'`
    : "'none'";
  const csp = `default-src 'none'; script-src ${scriptSource}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(page.title)}</title>
<style>${STYLES}</style></head><body>
${page.body}
${page.script ? `<script>${page.script}</script>` : ""}
</body></html>
`;
}
