// Pattern items: counts a literal text, a regular expression or an ast-grep pattern over the files in scope.
// Files are read from the audit's index (its text cache); an ast-grep pattern parses only the files whose text
// holds the pattern's fixed words, so a plan with a few patterns stays a fraction of the audit's own parse.
import { LANGUAGES, type Language } from "../model/language.js";
import { parseSource } from "../parse/grammar-registry.js";
import type { PatternSpec } from "./plan-file.js";
import type { PlanContext } from "./plan-context.js";

export interface PatternHit {
  path: string;
  line: number;
  text: string;
}

export interface PatternResult {
  count: number;
  fileCount: number;
  /** Files searched. */
  files: number;
  hits: PatternHit[];
  undecidable?: string;
}

export function searchPattern(spec: PatternSpec, ctx: PlanContext): PatternResult {
  const paths = ctx.filesInScope(spec.scope);
  const result: PatternResult = { count: 0, fileCount: 0, files: 0, hits: [] };
  if (spec.match === "ast") return searchAst(spec, paths, ctx, result);
  const re = spec.match === "regex" ? new RegExp(spec.pattern, "g") : null;
  for (const path of paths) {
    const text = ctx.index.read(path);
    if (text === null) continue;
    result.files++;
    if (re === null && !text.includes(spec.pattern)) continue;
    let inFile = 0;
    text.split(/\r?\n/).forEach((line, i) => {
      const n = re ? countRegex(re, line) : countLiteral(line, spec.pattern);
      if (n === 0) return;
      inFile += n;
      result.hits.push({ path, line: i + 1, text: line.trim().slice(0, 160) });
    });
    if (inFile > 0) {
      result.count += inFile;
      result.fileCount++;
    }
  }
  return result;
}

function searchAst(
  spec: PatternSpec,
  paths: string[],
  ctx: PlanContext,
  result: PatternResult,
): PatternResult {
  const wanted: Language | null =
    spec.lang && (LANGUAGES as readonly string[]).includes(spec.lang) ? (spec.lang as Language) : null;
  if (spec.lang && !wanted)
    return { ...result, undecidable: `unknown language \`${spec.lang}\` for an ast-grep pattern` };
  const languageOf = new Map(ctx.sourceFiles.map((file) => [file.path, file.language]));
  // Words the pattern spells out (not metavariables): a file without them cannot match.
  const words = (
    spec.pattern.replace(/\$\$?\$?[A-Z_][A-Z0-9_]*/g, " ").match(/[A-Za-z_][\w.]{2,}/g) ?? []
  ).sort((a, b) => b.length - a.length);
  const anchor = words[0] ?? null;
  let parsed = 0;
  for (const path of paths) {
    const language = languageOf.get(path);
    if (!language || (wanted && language !== wanted)) continue;
    const text = ctx.index.read(path);
    if (text === null) continue;
    result.files++;
    if (anchor && !text.includes(anchor)) continue;
    let root;
    try {
      root = parseSource(language, text);
    } catch {
      continue;
    }
    if (!root) continue;
    parsed++;
    let nodes;
    try {
      nodes = root.root().findAll(spec.pattern);
    } catch (error) {
      return {
        ...result,
        undecidable: `the ast-grep pattern \`${spec.pattern}\` is not valid ${language}: ${(error as Error).message.split("\n")[0]}`,
      };
    }
    if (nodes.length === 0) continue;
    result.count += nodes.length;
    result.fileCount++;
    for (const node of nodes) {
      const line = node.range().start.line + 1;
      result.hits.push({ path, line, text: (text.split(/\r?\n/)[line - 1] ?? "").trim().slice(0, 160) });
    }
  }
  if (parsed === 0 && result.count === 0 && result.files === 0)
    return {
      ...result,
      undecidable: `no file in scope has a grammar for the ast-grep pattern${wanted ? ` (${wanted})` : ""}`,
    };
  return result;
}

function countLiteral(line: string, needle: string): number {
  let n = 0;
  for (let at = line.indexOf(needle); at >= 0; at = line.indexOf(needle, at + needle.length)) n++;
  return n;
}

function countRegex(re: RegExp, line: string): number {
  re.lastIndex = 0;
  let n = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    n++;
    if (m[0] === "") re.lastIndex++;
  }
  return n;
}
