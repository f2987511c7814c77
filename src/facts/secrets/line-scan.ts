// Pure helpers for line-oriented security rules over code and config text (no grammar needed).
import type { Language } from "../../model/language.js";
import { lineCommentPrefixes } from "../../repo/line-counts.js";

const HASH_COMMENT = new Set<Language>([
  "text",
  "yaml",
  "toml",
  "ini",
  "shell",
  "dockerfile",
  "makefile",
  "python",
  "ruby",
  "elixir",
]);

/** True when the whole line is a comment (`#`, `//`, `--`, `%`, `*` continuation, `;`). */
export function isCommentLine(line: string, language: Language): boolean {
  const trimmed = line.trimStart();
  if (trimmed.length === 0) return false;
  if (HASH_COMMENT.has(language) && trimmed.startsWith("#")) return true;
  if (language === "ini" && trimmed.startsWith(";")) return true;
  if (trimmed.startsWith("/*") || trimmed.startsWith("* ") || trimmed === "*") return true;
  return lineCommentPrefixes(language).some((prefix) => trimmed.startsWith(prefix));
}

export interface LineMatch {
  line: number;
  text: string;
  match: RegExpExecArray;
}

/** First match of any pattern on each non-comment line (lines longer than 2,000 characters are skipped). */
export function matchLines(
  lines: readonly string[],
  language: Language,
  patterns: readonly RegExp[],
): LineMatch[] {
  const found: LineMatch[] = [];
  lines.forEach((text, index) => {
    if (text.length > 2000 || isCommentLine(text, language)) return;
    for (const pattern of patterns) {
      const match = pattern.exec(text);
      if (match) {
        found.push({ line: index + 1, text, match });
        return;
      }
    }
  });
  return found;
}

/** Languages whose files are configuration rather than program logic. */
export const CONFIG_LANGUAGES: readonly Language[] = ["yaml", "json", "toml", "ini", "text", "xml"];
