// Grep-ban steps: a CI command that searches the tree and fails when the search finds something
// (`! grep -rn "Process.spawn" lib`, `if git grep -q x; then exit 1; fi`, `test -z "$(rg x)"`). The pattern is
// evaluated here against the repository's tracked files (never by running the shell), so rules can say whether
// the step fails today.
import { posix } from "node:path";
import type { CiGrepBan, CiWorkflow } from "./types.js";

interface GrepSearch {
  tool: "grep" | "git grep" | "rg";
  patterns: string[];
  syntax: "basic" | "extended" | "fixed" | "perl";
  ignoreCase: boolean;
  word: boolean;
  line: boolean;
  recursive: boolean;
  paths: string[];
  include: string[];
  exclude: string[];
  excludeDir: string[];
}

/** Splits a shell command into words, keeping quoted text whole (quotes removed); null on `$`-expansions. */
function shellWords(text: string): string[] | null {
  const words: string[] = [];
  let current = "";
  let quote: string | null = null;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      // Inside double quotes a backslash escapes only $ ` " \ (so `"a\.b"` keeps it).
      else if (ch === "\\" && quote === '"' && '$`"\\'.includes(text[i + 1] ?? "")) current += text[++i];
      else {
        if (ch === "$" && quote === '"') return null;
        current += ch;
      }
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (ch === "\\" && i + 1 < text.length) {
      current += text[++i];
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) words.push(current);
      current = "";
      started = false;
    } else {
      if (ch === "$" || ch === "`") return null;
      current += ch;
      started = true;
    }
  }
  if (quote) return null;
  if (started) words.push(current);
  return words;
}

/** Parses a grep / git grep / rg invocation (its words), or null when it reads stdin or is not a tree search. */
function parseSearch(words: string[]): GrepSearch | null {
  let rest: string[];
  let tool: GrepSearch["tool"];
  if (words[0] === "git" && words[1] === "grep") [tool, rest] = ["git grep", words.slice(2)];
  else if (words[0] === "grep" || words[0] === "egrep" || words[0] === "fgrep")
    [tool, rest] = ["grep", words.slice(1)];
  else if (words[0] === "rg") [tool, rest] = ["rg", words.slice(1)];
  else return null;
  const search: GrepSearch = {
    tool,
    patterns: [],
    syntax: tool === "rg" || words[0] === "egrep" ? "extended" : words[0] === "fgrep" ? "fixed" : "basic",
    ignoreCase: false,
    word: false,
    line: false,
    recursive: tool !== "grep",
    paths: [],
    include: [],
    exclude: [],
    excludeDir: [],
  };
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (word === "--") {
      positional.push(...rest.slice(i + 1));
      break;
    }
    const long = /^--([\w-]+)(?:=(.*))?$/.exec(word);
    if (long) {
      const [, name, value] = long;
      const arg = (): string | undefined => value ?? rest[++i];
      if (name === "include" || name === "glob" || name === "iglob") {
        const glob = arg();
        if (!glob) return null;
        if (glob.startsWith("!")) search.exclude.push(glob.slice(1));
        else search.include.push(glob);
      } else if (name === "exclude") search.exclude.push(arg() ?? "");
      else if (name === "exclude-dir") search.excludeDir.push(arg() ?? "");
      else if (name === "regexp") search.patterns.push(arg() ?? "");
      else if (name === "extended-regexp") search.syntax = "extended";
      else if (name === "fixed-strings") search.syntax = "fixed";
      else if (name === "perl-regexp") search.syntax = "perl";
      else if (name === "ignore-case") search.ignoreCase = true;
      else if (name === "word-regexp") search.word = true;
      else if (name === "line-regexp") search.line = true;
      else if (name === "recursive" || name === "dereference-recursive") search.recursive = true;
      else if (name === "invert-match" || name === "count" || name === "files-without-match") return null;
      else if (name === "type" || name === "type-not" || name === "max-count" || name === "context")
        return null;
      continue;
    }
    if (/^-[A-Za-z]+$/.test(word)) {
      for (const flag of word.slice(1)) {
        if (flag === "E") search.syntax = "extended";
        else if (flag === "F") search.syntax = "fixed";
        else if (flag === "P") search.syntax = "perl";
        else if (flag === "G") search.syntax = "basic";
        else if (flag === "i") search.ignoreCase = true;
        else if (flag === "w") search.word = true;
        else if (flag === "x") search.line = true;
        else if (flag === "r" || flag === "R") search.recursive = true;
        else if (flag === "v" || flag === "c" || flag === "L") return null;
        else if (flag === "e") search.patterns.push(rest[++i] ?? "");
        else if (flag === "g" && tool === "rg") {
          const glob = rest[++i] ?? "";
          if (glob.startsWith("!")) search.exclude.push(glob.slice(1));
          else search.include.push(glob);
        } else if ("ABCmft".includes(flag)) return null;
      }
      continue;
    }
    if (word.startsWith("-")) return null;
    positional.push(word);
  }
  if (search.patterns.length === 0) {
    const pattern = positional.shift();
    if (pattern === undefined) return null;
    search.patterns.push(pattern);
  }
  search.paths = positional;
  // Plain grep with no file reads stdin: it searches a pipe, not the tree.
  if (tool === "grep" && search.paths.length === 0) return null;
  if (search.paths.length === 0) search.paths = ["."];
  return search;
}

const POSIX_CLASSES: Record<string, string> = {
  space: "\\s",
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "A-Za-z0-9",
  upper: "A-Z",
  lower: "a-z",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  blank: " \\t",
};

/** The JavaScript equivalent of a grep pattern, or null when it cannot be translated faithfully. */
export function grepPatternToRegExp(
  pattern: string,
  syntax: GrepSearch["syntax"],
  options: { ignoreCase?: boolean; word?: boolean; line?: boolean } = {},
): RegExp | null {
  let source: string;
  if (syntax === "fixed") source = pattern.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  else {
    let p = pattern.replace(/\[:(\w+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m);
    p = p.replace(/\\[<>]/g, "\\b");
    if (syntax === "basic") {
      let out = "";
      for (let i = 0; i < p.length; i++) {
        const ch = p[i]!;
        if (ch === "\\" && i + 1 < p.length) {
          const next = p[++i]!;
          out += "|(){}+?".includes(next) ? next : `\\${next}`;
        } else out += "|(){}+?".includes(ch) ? `\\${ch}` : ch;
      }
      p = out;
    }
    source = p;
  }
  if (options.word) source = `(?<![\\w])(?:${source})(?![\\w])`;
  if (options.line) source = `^(?:${source})$`;
  try {
    return new RegExp(source, options.ignoreCase ? "i" : "");
  } catch {
    return null;
  }
}

function globToRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*" && glob[i + 1] === "*") {
      out += ".*";
      i++;
      if (glob[i + 1] === "/") i++;
    } else if (ch === "*") out += "[^/]*";
    else if (ch === "?") out += "[^/]";
    else out += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/**
 * A command that fails its step when a search finds something, and the search: `! grep …`, `grep … && exit 1`,
 * `if grep …; then … exit 1`, `test -z "$(grep …)"`, `[ -z "$(grep …)" ]`.
 */
export function grepBanOf(command: string, following: readonly string[]): GrepSearch | null {
  const text = command.trim();
  let inner: string | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^!\s+(.+?)\s*$/.exec(text))) inner = m[1]!;
  else if ((m = /^(.+?)\s*&&\s*(\{\s*)?(?:echo\b[^;&|]*[;&]+\s*)?(exit\s+[1-9]\d*|false)\b/.exec(text)))
    inner = m[1]!;
  else if ((m = /^if\s+(.+?)\s*;\s*then\b(.*)$/.exec(text))) {
    const body = `${m[2] ?? ""} ${following.slice(0, 4).join(" ; ")}`;
    if (/\bexit\s+[1-9]|\bfalse\b/.test(body.split(/\b(?:fi|else)\b/)[0] ?? "")) inner = m[1]!;
  } else if ((m = /^(?:test|\[\[?)\s+-z\s+"?\$\((.+)\)"?\s*(?:\]\]?)?$/.exec(text))) inner = m[1]!;
  if (!inner) return null;
  inner = inner.replace(/\s+(?:>\s*\/dev\/null|2>&1|&>\s*\/dev\/null|2>\s*\/dev\/null)/g, "").trim();
  if (/[|;&]|<<</.test(inner.replace(/'[^']*'|"[^"]*"/g, ""))) return null;
  const words = shellWords(inner);
  return words ? parseSearch(words) : null;
}

/** The tracked text files a search reads, relative to the repository root. */
function filesSearched(search: GrepSearch, dir: string, files: readonly string[]): string[] {
  const include = search.include.map((g) => globToRegExp(g.includes("/") ? g : `**/${g}`));
  const exclude = search.exclude.map((g) => globToRegExp(g.includes("/") ? g : `**/${g}`));
  const excludeDir = search.excludeDir.map((d) => d.replace(/\/$/, ""));
  const out = new Set<string>();
  for (const raw of search.paths) {
    const joined = posix.normalize(dir === "." ? raw : `${dir}/${raw}`).replace(/\/$/, "");
    const base = joined === "." ? "" : joined;
    const glob = /[*?]/.test(base) ? globToRegExp(base) : null;
    for (const file of files) {
      const inside = glob
        ? glob.test(file) || (search.tool === "git grep" && globToRegExp(`**/${raw}`).test(file))
        : base === "" || file === base || file.startsWith(`${base}/`);
      if (!inside) continue;
      const relative = base === "" || glob ? file : file.slice(base.length + 1);
      if (file !== base && !search.recursive && !glob) continue;
      // ripgrep skips hidden files and folders unless told otherwise.
      if (search.tool === "rg" && relative.split("/").some((s) => s.startsWith("."))) continue;
      if (include.length && !include.some((re) => re.test(file))) continue;
      if (exclude.some((re) => re.test(file))) continue;
      if (excludeDir.some((d) => file.split("/").slice(0, -1).includes(d))) continue;
      out.add(file);
    }
  }
  return [...out].sort();
}

/** Every grep-ban step of the workflows, with what its search finds in the tracked files today. */
export function collectGrepBans(
  workflows: readonly CiWorkflow[],
  files: readonly string[],
  read: (path: string) => string | null,
): CiGrepBan[] {
  const out: CiGrepBan[] = [];
  for (const workflow of workflows)
    for (const job of workflow.jobs)
      for (const step of job.steps) {
        const commands = step.commands ?? [];
        commands.forEach((command, i) => {
          const search = grepBanOf(
            command.text,
            commands.slice(i + 1).map((c) => c.text),
          );
          if (!search) return;
          const regexps = search.patterns.map((p) => grepPatternToRegExp(p, search.syntax, search));
          if (regexps.some((re) => re === null)) return;
          const matches: CiGrepBan["matches"] = [];
          let matchCount = 0;
          for (const file of filesSearched(search, step.workingDirectory ?? ".", files)) {
            const text = read(file);
            if (text === null || text.includes("\u0000")) continue;
            text.split("\n").forEach((lineText, n) => {
              if (!regexps.some((re) => re!.test(lineText))) return;
              matchCount++;
              if (matches.length < 20)
                matches.push({ path: file, line: n + 1, text: lineText.trim().slice(0, 160) });
            });
          }
          out.push({
            path: workflow.path,
            line: command.line,
            job: job.id,
            command: command.text,
            tool: search.tool,
            patterns: search.patterns,
            searched: search.paths,
            matches,
            matchCount,
          });
        });
      }
  return out;
}
