// File analyzer: TODO/FIXME/HACK/XXX markers inside comments, with their line and text.
import { CODE_LANGUAGES } from "../../model/language.js";
import { lineCommentPrefixes } from "../../repo/line-counts.js";
import { defineAnalyzer } from "../define.js";
import { indexOutsideQuotes } from "../../util/index-outside-quotes.js";

export type TodoTag = "TODO" | "FIXME" | "HACK" | "XXX";

export interface TodoComment {
  tag: TodoTag;
  line: number;
  /** The comment's words after the tag. */
  text: string;
}

// A tag followed by `/` or `-`-joined words is a mention ("TODO/FIXME markers"), not a marker.
const TAG = /(?:^|[^A-Za-z0-9_/])(TODO|FIXME|HACK|XXX)(?![/A-Za-z0-9_-])(?:\([^)]*\))?[:\s-]*(.*)$/;
// Written by a migration tool into a type-checker suppression (`// @ts-expect-error ts-migrate(2339) FIXME: …`),
// once per error it silenced: a record of the migration, not work someone left unfinished.
const TOOL_WRITTEN = /@ts-(?:expect-error|ignore)\s+ts-migrate\(\d+\)/;
const BLOCK_COMMENT_LANGUAGES = new Set([
  "go",
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
  "swift",
  "css",
  "scss",
]);

export const todoCommentsAnalyzer = defineAnalyzer<TodoComment[]>({
  id: "todos",
  languages: [...CODE_LANGUAGES, "heex", "sql", "yaml", "dockerfile", "makefile", "toml"],
  needsTree: false,
  prefilter: (text) => /\b(TODO|FIXME|HACK|XXX)\b/.test(text),
  analyze({ lines, language }) {
    const prefixes = lineCommentPrefixes(language);
    const blocky = BLOCK_COMMENT_LANGUAGES.has(language);
    const found: TodoComment[] = [];
    let inBlock = false;
    lines.forEach((line, index) => {
      const comment = commentPart(line, prefixes, blocky, inBlock);
      inBlock = comment.inBlockAfter;
      if (comment.text === null) return;
      const match = TAG.exec(comment.text);
      if (!match?.[1] || TOOL_WRITTEN.test(comment.text)) return;
      found.push({
        tag: match[1] as TodoTag,
        line: index + 1,
        text: (match[2] ?? "").replace(/\*\/\s*$/, "").trim(),
      });
    });
    return found.length > 0 ? found : undefined;
  },
});

/** The comment text on a line (null when the line has no comment), tracking block comments across lines. */
function commentPart(
  line: string,
  prefixes: string[],
  blocky: boolean,
  inBlock: boolean,
): { text: string | null; inBlockAfter: boolean } {
  if (inBlock) {
    const end = line.indexOf("*/");
    return { text: end === -1 ? line : line.slice(0, end), inBlockAfter: end === -1 };
  }
  let best = -1;
  for (const prefix of prefixes) {
    const at = findOutsideString(line, prefix);
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  if (blocky) {
    const open = findOutsideString(line, "/*");
    if (open !== -1 && (best === -1 || open < best)) {
      const close = line.indexOf("*/", open + 2);
      return {
        text: close === -1 ? line.slice(open + 2) : line.slice(open + 2, close),
        inBlockAfter: close === -1,
      };
    }
  }
  return { text: best === -1 ? null : line.slice(best), inBlockAfter: false };
}

/** Index of `token` outside double- and single-quoted strings on one line, or -1. */
function findOutsideString(line: string, token: string): number {
  return indexOutsideQuotes(line, (i) => line.startsWith(token, i));
}
