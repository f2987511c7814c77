// The commented configuration file `codeaudit init` writes (apart from the command, so registering it loads no schema).
import { AREAS } from "../model/areas.js";
import { CONFIG_SCHEMA_URL } from "../config/config-json-schema.js";

export function initialConfig(): string {
  return [
    // Editors with the YAML language server complete and check keys from the shipped schema.
    `# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`,
    "# codeaudit configuration. Every key is optional; unknown keys are an error.",
    "# Schema: schema/config.schema.json in the codeaudit package (node_modules/codeaudit/schema/).",
    "",
    "# Rules by id (`codeaudit rules` lists them): off, on, a severity, or {enabled, severity, options}.",
    "rules: {}",
    "#  generic/todo-comment: off",
    "#  generic/god-file: { severity: low, options: { maxCodeLines: 800 } }",
    "# `codeaudit explain <rule-id>` lists a rule's options and their defaults.",
    "",
    "# Area weights in the overall score (relative; renormalised over the areas that apply). Defaults:",
    "weights: {}",
    ...AREAS.map((area) => `#  ${area.id}: ${area.weight}`),
    "",
    "# Paths to leave out of the audit, gitignore syntax.",
    "ignore: []",
    "",
    "# Files larger than this are not analysed as source (bytes).",
    "# maxFileBytes: 1048576",
    "",
    "# Copy-paste detection: smallest clone in tokens and lines (every copy), per language if needed;",
    "# JavaScript, TypeScript, JSX and TSX are compared with each other, so give them the same values.",
    "# duplication:",
    "#   minTokens: 50",
    "#   minLines: 6",
    "#   languages: { python: { minTokens: 70 } }",
    "#   enabled: true",
    "",
    "# A folder of your own ast-grep rules: <dir>/<language>/*.yml with codeaudit metadata.",
    "# customRules: .codeaudit/rules",
    "",
    "# Exit 1 when a finding is at least this severe (same as --fail-on).",
    "# failOn: high",
    "",
  ].join("\n");
}
