// What the size and complexity rules share: the languages whose functions are measured, and their applicability.
import type { RepoFacts } from "../../facts/repo-facts.js";
import type { Language } from "../../model/language.js";
import type { Applicability } from "../define-rule.js";

export const MEASURED_LANGUAGES: readonly Language[] = [
  "elixir",
  "go",
  "python",
  "typescript",
  "tsx",
  "javascript",
  "rust",
  "java",
  "kotlin",
  "scala",
  "c",
  "cpp",
  "csharp",
  "php",
  "ruby",
  "swift",
];

export function codeMetricsApply(facts: RepoFacts): Applicability {
  return facts.codeMetrics ? true : { status: "unknown", reason: "function metrics were not collected" };
}
