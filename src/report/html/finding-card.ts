// A finding as a card, printed on the server for pages that list few findings (delta.html); audit.html's script
// builds the same markup from its data block.
import type { Finding } from "../../model/finding.js";
import { formatEffort } from "../../model/format.js";
import { escapeHtml as e, inlineMarkdown } from "./escape.js";

export function findingCard(finding: Finding, options: { badge?: string; snippet?: string } = {}): string {
  const where = finding.location ? `${finding.location.path}:${finding.location.startLine}` : "repository";
  const snippet = options.snippet ?? finding.evidence.snippet;
  return `<article class="finding" id="finding-${e(finding.id)}" data-severity="${finding.severity}"><header><span class="sev sev-${finding.severity}">${finding.severity}</span><b class="title">${e(finding.title)}</b><code class="where">${e(where)}</code><span class="chip rule">${e(finding.ruleId)}</span><span class="chip">${finding.confidence}</span>${options.badge ? `<span class="chip">${e(options.badge)}</span>` : ""}</header>
<p class="message">${inlineMarkdown(finding.message)}</p>
${snippet ? `<details class="evidence"><summary>Evidence</summary><pre>${e(snippet)}</pre></details>` : ""}
<details class="fix"><summary>Fix (${formatEffort(finding.effortMinutes)})</summary><div>${inlineMarkdown(finding.fix.text)}</div>${finding.fix.code ? `<pre>${e(finding.fix.code)}</pre>` : ""}${finding.patch ? `<details class="patch"><summary>Patch (<code>git apply</code> accepts it)</summary><pre>${e(finding.patch)}</pre></details>` : ""}</details></article>`;
}
