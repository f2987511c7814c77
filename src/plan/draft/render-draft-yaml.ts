// The drafted plan as plan.yml text: deterministic, commented where the reader has to decide, and valid input
// for `codeaudit plan` as it stands.
import type { DraftItem, DraftPlan } from "./draft-plan.js";

export function renderDraftYaml(plan: DraftPlan, sources: readonly string[]): string {
  const out: string[] = [
    "# Drafted by `codeaudit plan --draft` from:",
    ...sources.map((source) => `#   ${source}`),
    "# Review every item: turn free-text items into checks where the code can decide them",
    "# (module, path, function, present/absent/count, rule, ci, config ...), set weights and efforts,",
    "# then run `codeaudit plan plan.yml`.",
    `plan: ${quote(plan.title)}`,
    "stages:",
  ];
  if (plan.stages.length === 0) out.push("  []  # no stage or item found in the documents");
  for (const stage of plan.stages) {
    out.push(
      `  - stage: ${quote(stage.id)}`,
      `    title: ${quote(stage.title)}`,
      `    # from ${stage.source}`,
      "    items:",
    );
    for (const item of stage.items) out.push(...renderItem(item));
  }
  return out.join("\n") + "\n";
}

function renderItem(item: DraftItem): string[] {
  const lines = [`      - title: ${quote(item.title)}`];
  for (const [key, value] of Object.entries(item.check)) {
    if (Array.isArray(value)) {
      lines.push(`        ${key}:`);
      for (const v of value) lines.push(`          - ${quote(v)}`);
    } else lines.push(`        ${key}: ${typeof value === "string" ? quote(value) : String(value)}`);
  }
  lines.push(`        source: ${quote(item.source)}`);
  if (item.checked === true) lines.push("        # marked done in the document: the audit checks the claim");
  return lines;
}

/** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
function quote(text: string): string {
  return JSON.stringify(text);
}
