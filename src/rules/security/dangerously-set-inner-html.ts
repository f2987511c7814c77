// node/dangerously-set-inner-html: React's raw-HTML escape hatch fed with HTML that is not fixed in the source.
import type { SgNode } from "@ast-grep/napi";
import { isLiteralString, isToolingPath } from "../../facts/node/ast.js";
import { defineRule } from "../define-rule.js";

const SANITIZER = /\b(sanitize|sanitizeHtml|purify|DOMPurify|xss|escapeHtml|escape|filterXSS)\b/i;

export default defineRule({
  id: "node/dangerously-set-inner-html",
  area: "security",
  severity: "high",
  title: "dangerouslySetInnerHTML with non-literal HTML",
  effortMinutes: 45,
  confidence: "heuristic",
  languages: ["tsx", "javascript", "typescript"],
  prefilter: /dangerouslySetInnerHTML/,
  docs: {
    rationale:
      "dangerouslySetInnerHTML bypasses React's escaping and inserts the string as markup. Any user-controlled part of the string becomes a stored or reflected XSS.",
    impact:
      "Attackers inject scripts that run in other users' sessions, steal tokens and act on their behalf.",
    fix: "Render the content as text, or sanitize it with DOMPurify (or an equivalent allow-list sanitizer) right where it is passed.",
    example: {
      language: "tsx",
      bad: "<div dangerouslySetInnerHTML={{ __html: comment.body }} />",
      good: "<div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(comment.body) }} />",
    },
  },
  notes: [
    "Silent when __html is a literal string or passes through a call named like a sanitizer (sanitize, DOMPurify, escapeHtml …).",
    "Stories, examples and scripts are lowered to low.",
  ],
  checkFile({ tree, path, language, report }) {
    if (!tree) return;
    const sites: SgNode[] = [
      // The plain typescript grammar has no JSX node kinds.
      ...(language === "typescript"
        ? []
        : tree.findAll({
            rule: {
              kind: "jsx_attribute",
              has: { kind: "property_identifier", regex: "^dangerouslySetInnerHTML$" },
            },
          })),
      ...tree.findAll({
        rule: { kind: "pair", has: { field: "key", regex: "^[\"']?dangerouslySetInnerHTML[\"']?$" } },
      }),
    ];
    for (const site of sites) {
      const html =
        site
          .find({ rule: { kind: "pair", has: { field: "key", regex: "^[\"']?__html[\"']?$" } } })
          ?.field("value") ?? null;
      if (!html || isLiteralString(html) || SANITIZER.test(html.text())) continue;
      report({
        node: site,
        message: `dangerouslySetInnerHTML renders \`${html.text().slice(0, 60)}\` as raw HTML without sanitizing it`,
        severity: isToolingPath(path) ? "low" : "high",
        key: `dangerouslySetInnerHTML:${html.text()}`,
      });
    }
  },
});
