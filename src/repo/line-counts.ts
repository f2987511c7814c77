// Counts code, comment and blank lines per language, the way cloc does: a line is code if any code is on it.
import type { Language } from "../model/language.js";

export interface LineCounts {
  code: number;
  comment: number;
  blank: number;
}

interface CommentSyntax {
  line: string[];
  block: Array<[string, string]>;
}

const C_LIKE: CommentSyntax = { line: ["//"], block: [["/*", "*/"]] };
const HASH: CommentSyntax = { line: ["#"], block: [] };

const SYNTAX: Partial<Record<Language, CommentSyntax>> = {
  elixir: HASH,
  erlang: { line: ["%"], block: [] },
  heex: {
    line: [],
    block: [
      ["<%!--", "--%>"],
      ["<!--", "-->"],
    ],
  },
  go: C_LIKE,
  python: { line: ["#"], block: [] },
  typescript: C_LIKE,
  tsx: C_LIKE,
  javascript: C_LIKE,
  rust: C_LIKE,
  ruby: { line: ["#"], block: [["=begin", "=end"]] },
  java: C_LIKE,
  kotlin: C_LIKE,
  scala: C_LIKE,
  c: C_LIKE,
  cpp: C_LIKE,
  csharp: C_LIKE,
  php: { line: ["//", "#"], block: [["/*", "*/"]] },
  swift: C_LIKE,
  shell: HASH,
  sql: { line: ["--"], block: [["/*", "*/"]] },
  html: { line: [], block: [["<!--", "-->"]] },
  xml: { line: [], block: [["<!--", "-->"]] },
  vue: {
    line: ["//"],
    block: [
      ["<!--", "-->"],
      ["/*", "*/"],
    ],
  },
  svelte: {
    line: ["//"],
    block: [
      ["<!--", "-->"],
      ["/*", "*/"],
    ],
  },
  css: { line: [], block: [["/*", "*/"]] },
  scss: C_LIKE,
  yaml: HASH,
  toml: HASH,
  dockerfile: HASH,
  makefile: HASH,
  terraform: { line: ["#", "//"], block: [["/*", "*/"]] },
  protobuf: C_LIKE,
  graphql: HASH,
  ini: { line: [";", "#"], block: [] },
};

/** The line-comment prefixes of a language (empty when it has none). */
export function lineCommentPrefixes(language: Language): string[] {
  return SYNTAX[language]?.line ?? [];
}

export function countLines(text: string, language: Language): LineCounts {
  const syntax = SYNTAX[language];
  const counts: LineCounts = { code: 0, comment: 0, blank: 0 };
  if (text.length === 0) return counts;
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  let openBlock: string | null = null;
  // Python docstrings standing alone count as comments, as cloc counts them.
  let docstringQuote: string | null = null;
  // A Python triple-quoted string that is a value (`query = """`) runs on as code; its closing `"""` standing
  // alone on a line must not be taken for a docstring's opening.
  let codeStringQuote: string | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") {
      counts.blank++;
      continue;
    }
    if (!syntax) {
      counts.code++;
      continue;
    }
    if (docstringQuote) {
      counts.comment++;
      if (line.includes(docstringQuote)) docstringQuote = null;
      continue;
    }
    if (codeStringQuote) {
      counts.code++;
      if (occurrences(line, codeStringQuote) % 2 === 1) codeStringQuote = null;
      continue;
    }
    if (openBlock) {
      const end = line.indexOf(openBlock);
      if (end === -1) {
        counts.comment++;
        continue;
      }
      const rest = line.slice(end + openBlock.length).trim();
      openBlock = null;
      if (rest === "" || startsWithLineComment(rest, syntax)) counts.comment++;
      else counts.code++;
      continue;
    }
    if (startsWithLineComment(line, syntax)) {
      counts.comment++;
      continue;
    }
    if (language === "python" && /^[rRbBuU]?("""|''')/.test(line)) {
      const quote = line.includes('"""') ? '"""' : "'''";
      const after = line.slice(line.indexOf(quote) + 3);
      if (!after.includes(quote)) docstringQuote = quote;
      counts.comment++;
      continue;
    }
    const block = syntax.block.find(([open]) => line.startsWith(open));
    if (block) {
      const [open, close] = block;
      const end = line.indexOf(close, open.length);
      if (end === -1) {
        openBlock = close;
        counts.comment++;
        continue;
      }
      const rest = line.slice(end + close.length).trim();
      if (rest === "") counts.comment++;
      else counts.code++;
      continue;
    }
    counts.code++;
    if (language === "python") {
      for (const quote of ['"""', "'''"]) {
        if (occurrences(line, quote) % 2 === 1) {
          codeStringQuote = quote;
          break;
        }
      }
      if (codeStringQuote) continue;
    }
    // A block comment opened after code on the same line continues on the next lines.
    for (const [open, close] of syntax.block) {
      const start = line.lastIndexOf(open);
      if (start > 0 && line.indexOf(close, start + open.length) === -1 && !insideString(line, start)) {
        openBlock = close;
        break;
      }
    }
  }
  return counts;
}

function occurrences(line: string, token: string): number {
  let count = 0;
  for (let at = line.indexOf(token); at !== -1; at = line.indexOf(token, at + token.length)) count++;
  return count;
}

function startsWithLineComment(line: string, syntax: CommentSyntax): boolean {
  return syntax.line.some((prefix) => line.startsWith(prefix));
}

function insideString(line: string, index: number): boolean {
  let quotes = 0;
  for (let i = 0; i < index; i++) if (line[i] === '"' && line[i - 1] !== "\\") quotes++;
  return quotes % 2 === 1;
}
