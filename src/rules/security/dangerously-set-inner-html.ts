// node/dangerously-set-inner-html: React's raw-HTML escape hatch fed with HTML that is not fixed in the source.
import type { SgNode } from "@ast-grep/napi";
import { isLiteralString, isThirdPartyCode, isToolingPath } from "../../facts/node/ast.js";
import { defineRule } from "../define-rule.js";

const SANITIZER = /sanitiz|purify|\bxss|escapeHtml|\bescape\b|filterXSS|insane\(|bleach/i;

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
    'Silent when __html is a literal string, passes through a call named like a sanitizer (sanitize…, DOMPurify, escapeHtml, xss …), is a translation looked up by a literal key (`t("intro.text")`, `intl.formatMessage(…)`), or is JSON serialized with `<` escaped for an inline script. A variable is followed to its declaration in the same file (`const safeHtml = sanitizeSurveyHtml(raw)`).',
    "High when the HTML is rendered Markdown with no sanitizer (marked, markdown-it, showdown …) or read from the URL or a message (location, search params, query, event.data): attacker-reachable markup as it stands.",
    "Otherwise the HTML's origin is not visible in the file (a prop, state, a server response that may be sanitized where it is produced): low, as a pointer to check. `<style>` contents (CSS, not markup), stories, examples and scripts are low.",
  ],
  checkFile({ tree, path, language, text, report }) {
    if (!tree || isThirdPartyCode(text)) return;
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
      if (!html || isLiteralString(html)) continue;
      // The expression and, for each identifier in it, its initializer in this file.
      const seen = [html.text(), ...initializersOf(tree, html)].join("\n");
      if (SANITIZER.test(seen) || TRANSLATION.test(html.text()) || SERIALIZED_FOR_SCRIPT.test(seen)) continue;
      const element =
        site.parent()?.kind() === "jsx_opening_element" ||
        site.parent()?.kind() === "jsx_self_closing_element"
          ? (site.parent()?.field("name")?.text() ?? "")
          : "";
      const reachable = MARKDOWN_RENDER.test(seen) || USER_SOURCE.test(seen);
      const severity = isToolingPath(path) || element === "style" || !reachable ? "low" : "high";
      report({
        node: site,
        message: reachable
          ? `dangerouslySetInnerHTML renders \`${html.text().slice(0, 60)}\` as raw HTML: ${MARKDOWN_RENDER.test(seen) ? "Markdown rendered without a sanitizer" : "markup read from the URL or a message"}`
          : element === "style"
            ? `dangerouslySetInnerHTML writes \`${html.text().slice(0, 60)}\` into a <style> element: check that no user input reaches the CSS`
            : `dangerouslySetInnerHTML renders \`${html.text().slice(0, 60)}\` as raw HTML; nothing in this file sanitizes it, so check it is sanitized where it is produced`,
        severity,
        key: `dangerouslySetInnerHTML:${html.text()}`,
      });
    }
  },
});

const TRANSLATION =
  /^\s*(?:\$?t|i18n\.t|\$t|intl\.formatMessage|formatMessage|translate|__)\s*\(\s*(["'`][^"'`$]*["'`]|\{\s*id\s*:)/;
/** JSON for an inline <script>, with `<` escaped so `</script>` cannot close the element. */
const SERIALIZED_FOR_SCRIPT = /JSON\.stringify\([\s\S]*\)[\s\S]*\.replace(All)?\(\s*(\/<\/g|["'`]<["'`])/;
const MARKDOWN_RENDER =
  /\b(marked(\.parse)?|markdownIt|md\.render|\.makeHtml|snarkdown|micromark|remark\(\)|showdown)\s*\(/;
const USER_SOURCE =
  /\b(location\.(search|hash|href)|searchParams|URLSearchParams|req\.(query|params|body)|router\.query|event\.data|document\.cookie|window\.name)\b/;

/** Initializers of the identifiers an expression uses, declared in the same file (one level). */
function initializersOf(tree: SgNode, expression: SgNode): string[] {
  const names = new Set(
    [expression, ...expression.findAll({ rule: { kind: "identifier" } })]
      .filter((node) => node.kind() === "identifier")
      .map((node) => node.text()),
  );
  if (names.size === 0) return [];
  const pattern = `^(${[...names].map((n) => n.replace(/\$/g, "\\$")).join("|")})$`;
  return tree
    .findAll({
      rule: { kind: "variable_declarator", has: { field: "name", kind: "identifier", regex: pattern } },
    })
    .map((declarator) => declarator.field("value")?.text() ?? "");
}
