// The Audit document: the whole truth of one run, rendered by every report format (SPEC §5.1).
import type { AreaId } from "./areas.js";
import type { Diagnostic } from "./diagnostic.js";
import type { Finding, Location } from "./finding.js";
import type { Severity } from "./severity.js";

export const SCHEMA_VERSION = "1.1.0";

export type AreaStatus = "PASS" | "GOOD" | "NEEDS ATTENTION" | "NEEDS REVIEW" | "FAIL" | "NOT APPLICABLE";

export type SeverityCounts = Record<Severity, number>;

/** A fact observed in an area: what the repository has, with evidence, not a judgement. */
export interface AreaFact {
  label: string;
  value: string;
  location?: Location | null;
}

/** What happened to one rule in this run. */
export type CheckStatus = "passed" | "failed" | "not-applicable" | "unknown";

export interface CheckResult {
  ruleId: string;
  title: string;
  status: CheckStatus;
  /** Why the rule did not apply, or what data was missing. */
  reason?: string;
  findings: number;
}

export interface AreaReport {
  id: AreaId;
  title: string;
  status: AreaStatus;
  score: number;
  weight: number;
  facts: AreaFact[];
  findingIds: string[];
  checks: CheckResult[];
  recommendations: string[];
}

export type ActionPriority = "P0" | "P1" | "P2" | "P3" | "P4";

export interface ActionItem {
  priority: ActionPriority;
  ruleId: string;
  title: string;
  area: AreaId;
  severity: Severity;
  count: number;
  effortMinutes: number;
  findingIds: string[];
  /** Up to five locations, `path:line`, for the report. */
  examples: string[];
  /** The findings' patches combined per file, or null when none has a patch. */
  patches: ActionPatches | null;
}

/** Patches of one action: made against the same text, they apply in one go only as their per-file combination. */
export interface ActionPatches {
  /** Findings that carry a patch. */
  count: number;
  files: Array<{ path: string; patch: string; findingIds: string[] }>;
  /** Findings whose patch changes lines another patch already changes: apply after re-auditing. */
  leftOutIds: string[];
}

export type ReadinessStatus = "ready" | "needs attention" | "not ready";

export interface ReadinessItem {
  item: string;
  area: AreaId;
  status: ReadinessStatus;
  evidence: string;
}

export interface PositiveFinding {
  area: AreaId;
  title: string;
  checked: string[];
}

export interface AppInfo {
  name: string;
  ecosystem: string;
  path: string;
  manifest: string;
}

export interface AnalysisCoverage {
  filesTotal: number;
  filesAnalysed: number;
  filesSkipped: number;
  bytesAnalysed: number;
  languages: Array<{ language: string; files: number; code: number; comment: number; blank: number }>;
  grammarsMissing: string[];
  suppressed: number;
  baselined: number;
}

/** Duplicated lines of one slice of the code (a language, a top-level folder, or all of it). */
export interface DuplicationRow {
  codeLines: number;
  duplicatedLines: number;
  /** duplicatedLines / codeLines in percent, one decimal. */
  percent: number;
  /** Lines in identical copies only (type-1 clones). */
  identicalLines: number;
  identicalPercent: number;
}

/** One clone class: a fragment and every place holding it. */
export interface DuplicationClass {
  tokens: number;
  lines: number;
  kind: "identical" | "renamed";
  places: Array<{ path: string; startLine: number; endLine: number }>;
}

/** Copy-paste duplication (since schema 1.1.0). */
export interface DuplicationSummary {
  minTokens: number;
  minLines: number;
  filesSearched: number;
  classes: number;
  identicalClasses: number;
  total: DuplicationRow;
  byLanguage: Array<DuplicationRow & { language: string }>;
  byFolder: Array<DuplicationRow & { folder: string }>;
  /** The largest clone classes (at most ten). */
  largestClasses: DuplicationClass[];
}

export interface Audit {
  schemaVersion: string;
  tool: { name: string; version: string };
  repository: {
    root: string;
    name: string;
    commit: string | null;
    branch: string | null;
    dirty: boolean | null;
    ref: string | null;
    apps: AppInfo[];
  };
  generatedAt: string | null;
  method: string;
  summary: {
    grade: string;
    score: number;
    counts: SeverityCounts;
    topRisks: string[];
    strengths: string[];
    verdict: string;
  };
  areas: AreaReport[];
  findings: Finding[];
  actions: ActionItem[];
  readiness: ReadinessItem[];
  positives: PositiveFinding[];
  gradeBreakdown: Array<{ area: AreaId; title: string; score: number; weight: number; weighted: number }>;
  nextSteps: string[];
  coverage: AnalysisCoverage;
  /** Copy-paste duplication, or null when no source file was searched. */
  duplication: DuplicationSummary | null;
  diagnostics: Diagnostic[];
}
