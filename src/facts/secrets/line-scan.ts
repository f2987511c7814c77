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

// Languages whose `"""` / `'''` open a multi-line string: Python docstrings and Elixir heredocs (`@doc """`).
const TRIPLE_QUOTED = new Set<Language>(["python", "elixir"]);
const TRIPLE_QUOTE = /"""|'''/g;

/**
 * The lines with what stands inside triple-quoted strings blanked (delimiters kept, lengths unchanged): prose in a
 * docstring or `@doc` that names a call is not the call. Other languages' lines come back as they are.
 */
export function blankTripleQuotedStrings(lines: readonly string[], language: Language): readonly string[] {
  if (!TRIPLE_QUOTED.has(language)) return lines;
  let open: string | null = null;
  return lines.map((text) => {
    if (text.length > 2000 || (open === null && isCommentLine(text, language))) return text;
    let kept = "";
    let from = 0;
    for (const match of text.matchAll(TRIPLE_QUOTE)) {
      const at = match.index;
      if (open === null) {
        kept += text.slice(from, at + 3);
        open = match[0];
      } else if (match[0] === open) {
        kept += " ".repeat(at - from) + match[0];
        open = null;
      } else continue;
      from = at + 3;
    }
    const rest = text.slice(from);
    return kept + (open === null ? rest : " ".repeat(rest.length));
  });
}

/** Languages whose files are configuration rather than program logic. */
export const CONFIG_LANGUAGES: readonly Language[] = ["yaml", "json", "toml", "ini", "text", "xml"];
