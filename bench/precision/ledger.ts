// The precision ledger: labelled verdicts on real repositories' findings, matched to a fresh audit's findings,
// and the precision each rule reaches. Pure functions; bench/precision/run.ts does the I/O.
import { compareCodeUnits } from "../../src/util/compare-code-units.js";

/** A verdict read against the code: acted on as reported, real but too strong, or not a problem. */
export type Verdict = "true" | "overstated" | "false";

export const VERDICTS: readonly Verdict[] = ["true", "overstated", "false"];

/** The severities the ledger labels: what a reader sees first. */
export const LABELLED_SEVERITIES = ["critical", "high", "medium"] as const;

/** A repository of the ledger, pinned at the commit its labels were read at. */
export interface LedgerRepo {
  name: string;
  url: string;
  commit: string;
  ecosystem: "elixir" | "go" | "python" | "typescript";
  description: string;
}

/** One label: data about a finding, never the repository's code. */
export interface Label {
  id: string;
  ruleId: string;
  /** The severity the finding had when it was labelled. */
  severity: string;
  path: string | null;
  line: number | null;
  verdict: Verdict;
  /** What in the code decides the verdict ("runtime.exs:182 overrides it"). */
  reason: string;
}

/** The part of a finding the ledger matches on. */
export interface LedgerFinding {
  id: string;
  ruleId: string;
  severity: string;
  path: string | null;
  line: number | null;
  message: string;
}

export interface MatchedFinding {
  finding: LedgerFinding;
  label: Label | null;
}

/**
 * Pairs each finding with its label: by stable id first, then (the commit being pinned, lines do not move)
 * by rule, path and line, so a rule whose key changed keeps its labels.
 */
export function matchLabels(findings: LedgerFinding[], labels: Label[]): MatchedFinding[] {
  const byId = new Map(labels.map((label) => [label.id, label]));
  const byPlace = new Map<string, Label>();
  // Repository-level findings have no place to tell two of one rule apart: they match by id only.
  for (const label of labels)
    if (label.path !== null) byPlace.set(placeKey(label.ruleId, label.path, label.line), label);
  const used = new Set<Label>();
  return findings.map((finding) => {
    let label = byId.get(finding.id);
    if ((!label || used.has(label)) && finding.path !== null)
      label = byPlace.get(placeKey(finding.ruleId, finding.path, finding.line));
    if (label && used.has(label)) label = undefined;
    if (label) used.add(label);
    return { finding, label: label ?? null };
  });
}

function placeKey(ruleId: string, path: string | null, line: number | null): string {
  return `${ruleId}\0${path ?? ""}\0${line ?? 0}`;
}

export interface PrecisionRow {
  key: string;
  findings: number;
  labelled: number;
  true: number;
  overstated: number;
  false: number;
  /** true / labelled, or null when nothing is labelled. */
  strict: number | null;
  /** (true + overstated) / labelled. */
  lenient: number | null;
}

/** Precision over the labelled findings of a group; unlabelled findings are counted but never guessed. */
export function precisionOf(key: string, matched: MatchedFinding[]): PrecisionRow {
  const counts = { true: 0, overstated: 0, false: 0 };
  for (const { label } of matched) if (label) counts[label.verdict]++;
  const labelled = counts.true + counts.overstated + counts.false;
  return {
    key,
    findings: matched.length,
    labelled,
    ...counts,
    strict: labelled ? counts.true / labelled : null,
    lenient: labelled ? (counts.true + counts.overstated) / labelled : null,
  };
}

/** Rows per rule, sorted by strict precision (worst first), then by rule id in code-unit order. */
export function precisionByRule(matched: MatchedFinding[]): PrecisionRow[] {
  const groups = new Map<string, MatchedFinding[]>();
  for (const entry of matched) {
    const list = groups.get(entry.finding.ruleId) ?? [];
    list.push(entry);
    groups.set(entry.finding.ruleId, list);
  }
  return [...groups.entries()]
    .map(([ruleId, entries]) => precisionOf(ruleId, entries))
    .sort((a, b) => (a.strict ?? 2) - (b.strict ?? 2) || compareCodeUnits(a.key, b.key));
}

/** Parses a labels file (one JSON object per line); names the line of any malformed entry. */
export function parseLabels(text: string, source: string): Label[] {
  const labels: Label[] = [];
  text.split("\n").forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${index + 1}: not a JSON object`);
    }
    labels.push(validLabel(value, `${source}:${index + 1}`));
  });
  return labels;
}

function validLabel(value: unknown, where: string): Label {
  if (typeof value !== "object" || value === null) throw new Error(`${where}: not a JSON object`);
  const record = value as Record<string, unknown>;
  for (const field of ["id", "ruleId", "severity", "verdict", "reason"])
    if (typeof record[field] !== "string" || !record[field])
      throw new Error(`${where}: "${field}" must be a non-empty string`);
  if (!VERDICTS.includes(record.verdict as Verdict))
    throw new Error(`${where}: verdict "${String(record.verdict)}" is not one of ${VERDICTS.join(", ")}`);
  return {
    id: record.id as string,
    ruleId: record.ruleId as string,
    severity: record.severity as string,
    path: typeof record.path === "string" ? record.path : null,
    line: typeof record.line === "number" ? record.line : null,
    verdict: record.verdict as Verdict,
    reason: record.reason as string,
  };
}

/** One label per line, in a fixed order, so re-labelling gives small diffs. */
export function formatLabels(labels: Label[]): string {
  const sorted = [...labels].sort(
    (a, b) =>
      compareCodeUnits(a.ruleId, b.ruleId) ||
      compareCodeUnits(a.path ?? "", b.path ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      compareCodeUnits(a.id, b.id),
  );
  return sorted
    .map((l) =>
      JSON.stringify({
        id: l.id,
        ruleId: l.ruleId,
        severity: l.severity,
        path: l.path,
        line: l.line,
        verdict: l.verdict,
        reason: l.reason,
      }),
    )
    .join("\n")
    .concat(sorted.length ? "\n" : "");
}

export function formatPercent(value: number | null): string {
  return value === null ? "—" : `${(value * 100).toFixed(1)}%`;
}
