// Turns what a rule reports into a Finding (without its final id): locations, snippets, keys and doc defaults.
import type { Finding, Location } from "../model/finding.js";
import type { ReportedFinding, Rule, ReportInput } from "../rules/define-rule.js";
import { languageFromPath } from "../repo/language-of.js";
import { chooseExample, ruleExamples } from "./fix-example.js";

/** A finding before the engine gives it its stable id. */
export type DraftFinding = ReportedFinding;

const MAX_SNIPPET_LINES = 12;

export function draftFinding(
  rule: Rule,
  input: ReportInput,
  defaultPath: string | null,
  readLines: (path: string) => readonly string[] | null,
  severityOverride?: Finding["severity"],
): DraftFinding {
  const location = resolveLocation(input, defaultPath);
  let snippet = input.snippet;
  if (snippet === undefined && input.node) snippet = input.node.text();
  if (snippet === undefined && location) {
    const lines = readLines(location.path);
    snippet = lines ? lines.slice(location.startLine - 1, location.endLine).join("\n") : "";
  }
  snippet = trimSnippet(snippet ?? "");
  const key = input.key ?? normaliseForKey(snippet || input.message);
  // A node that is a fragment of its line (`true` of `InsecureSkipVerify: true,`) says nothing on its own: the
  // evidence shows the whole line, while the key stays the node's so the finding keeps its id.
  if (input.snippet === undefined && input.node && location && location.startLine === location.endLine)
    snippet = wholeLine(snippet, readLines(location.path)?.[location.startLine - 1]);
  const example =
    input.fixCode !== undefined
      ? null
      : chooseExample(ruleExamples(rule.docs, rule.languages), {
          path: location?.path ?? null,
          relatedPaths: (input.related ?? []).map((related) => related.path),
          text: [input.message, snippet].join("\n"),
          ...(input.searched ? { searched: input.searched } : {}),
        });
  // A rule's own fix code is written for the place it reports; otherwise the example of the finding's language.
  const fix: Finding["fix"] =
    input.fixCode !== undefined
      ? {
          text: input.fix ?? rule.docs.fix,
          code: input.fixCode,
          language: fenceLabel(location?.path ?? null),
        }
      : { text: input.fix ?? rule.docs.fix, code: example?.code ?? "", language: example?.language ?? "" };
  const evidence: Finding["evidence"] = { snippet };
  if (input.searched) evidence.searched = input.searched;
  const draft: DraftFinding = {
    ruleId: rule.id,
    area: rule.area,
    severity: input.severity ?? severityOverride ?? rule.severity,
    title: input.title ?? rule.title,
    message: input.message,
    location,
    evidence,
    risk: input.risk ?? rule.docs.rationale,
    impact: input.impact ?? rule.docs.impact,
    fix,
    effortMinutes: input.effortMinutes ?? rule.effortMinutes,
    confidence: input.confidence ?? rule.confidence ?? "certain",
    patch: input.patch ?? null,
    key,
  };
  if (input.related && input.related.length > 0) draft.related = input.related;
  return draft;
}

/** The fence label for code written for a file: its language, or none. */
function fenceLabel(path: string | null): string {
  return path ? (languageFromPath(path) ?? "") : "";
}

function resolveLocation(input: ReportInput, defaultPath: string | null): Location | null {
  const path = input.path ?? defaultPath;
  if (!path) return null;
  if (input.node) {
    const range = input.node.range();
    return {
      path,
      startLine: range.start.line + 1,
      endLine: Math.max(range.start.line + 1, range.end.line + 1),
    };
  }
  if (input.line === undefined) return input.path ? { path, startLine: 1, endLine: 1 } : null;
  return { path, startLine: input.line, endLine: Math.max(input.line, input.endLine ?? input.line) };
}

/** Lines longer than this (minified code) keep the node's own text. */
const MAX_LINE_SNIPPET = 200;

function wholeLine(fragment: string, line: string | undefined): string {
  const whole = line?.trim();
  if (!whole || whole.length > MAX_LINE_SNIPPET || whole.length <= fragment.trim().length) return fragment;
  return whole.includes(fragment.trim()) ? whole : fragment;
}

function trimSnippet(snippet: string): string {
  const lines = snippet.split("\n");
  if (lines.length <= MAX_SNIPPET_LINES) return snippet;
  return [...lines.slice(0, MAX_SNIPPET_LINES), `… (${lines.length - MAX_SNIPPET_LINES} more lines)`].join(
    "\n",
  );
}

/** Whitespace-folded text, so re-indenting or reflowing code keeps a finding's id. */
export function normaliseForKey(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
