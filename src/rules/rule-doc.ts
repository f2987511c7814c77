// A rule's documentation page (docs/rules/<id>.md and `codeaudit explain`), generated from its metadata.
import { areaDefinition } from "../model/areas.js";
import type { Rule } from "./define-rule.js";

export function renderRuleDoc(rule: Rule): string {
  // An unlabelled example is in the rule's one language; a rule over several languages labels its examples.
  const language =
    rule.docs.example.language ?? (new Set(rule.languages ?? []).size === 1 ? rule.languages?.[0] : "") ?? "";
  const fence = (text: string, label = language): string =>
    ["```" + label, text.replace(/\s+$/, ""), "```"].join("\n");
  const lines = [
    `# ${rule.id}`,
    "",
    `**${rule.title}**`,
    "",
    "| | |",
    "|---|---|",
    `| Area | ${areaDefinition(rule.area).title} (\`${rule.area}\`) |`,
    `| Default severity | ${rule.severity} |`,
    `| Confidence | ${rule.confidence ?? "certain"} |`,
    `| Effort to fix | ${rule.effortMinutes} min |`,
    `| Languages | ${rule.languages?.join(", ") || "any (repository-level)"} |`,
    `| Runs | ${rule.scope === "file" ? "per file, over its syntax tree" : "once per repository, over collected facts"} |`,
    "",
    "## Why it matters",
    "",
    rule.docs.rationale,
    "",
    "## Impact",
    "",
    rule.docs.impact,
    "",
    "## How to fix",
    "",
    rule.docs.fix,
    "",
    "### Bad",
    "",
    fence(rule.docs.example.bad),
    "",
    "### Good",
    "",
    fence(rule.docs.example.good),
    "",
  ];
  for (const example of rule.docs.examples ?? []) {
    const label = example.language ?? "";
    const name = [label, example.framework].filter(Boolean).join(", ");
    lines.push(
      `### In ${name || "another language"}`,
      "",
      "Bad:",
      "",
      fence(example.bad, label),
      "",
      "Good:",
      "",
      fence(example.good, label),
      "",
    );
  }
  if ((rule.docs.examples ?? []).length > 0)
    lines.push(
      "A finding shows the example in its own file's language (and framework), or the fix as text only when the rule has none in that language.",
      "",
    );
  const options = Object.entries(rule.options ?? {});
  if (options.length > 0) {
    lines.push("## Options", "", "| Option | Default |", "|---|---|");
    for (const [name, value] of options) lines.push(`| \`${name}\` | \`${JSON.stringify(value)}\` |`);
    lines.push(
      "",
      `Set them in \`codeaudit.config.json\`: \`{"rules": {"${rule.id}": {"options": {...}}}}\`.`,
      "",
    );
  }
  if (rule.supersedes && rule.supersedes.length > 0) {
    lines.push(
      "## Supersedes",
      "",
      `Where this rule and ${rule.supersedes.map((id) => `\`${id}\``).join(", ")} report the same lines, only this rule's finding is kept.`,
      "",
    );
  }
  const notes = [
    ...(rule.notes ?? []),
    ...(rule.inUnreachedFile
      ? [
          `In a TS/JS file that nothing imports and that is no entry point (package.json fields and scripts, tool configuration, HTML, framework routes, tests, or a mention outside the code), the finding is at most ${rule.inUnreachedFile}: that code does not run.`,
        ]
      : []),
    ...(rule.outsideProduction
      ? [
          `In a TS/JS file that no production entry point reaches (code run only by tests, tools, maintenance package.json scripts such as release, changelog or rebase scripts, or from CI), the finding is at most ${rule.outsideProduction}: it runs with the values of whoever runs it.`,
        ]
      : []),
  ];
  if (notes.length > 0) {
    lines.push("## Notes", "", ...notes.map((note) => `- ${note}`), "");
  }
  lines.push(
    "## Suppressing",
    "",
    `Add \`codeaudit-ignore ${rule.id}: <reason>\` in a comment on the flagged line or the line above it, or turn the rule off in the configuration: \`{"rules": {"${rule.id}": "off"}}\`.`,
    "",
  );
  return lines.join("\n");
}
