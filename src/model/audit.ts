// The Audit document: the whole truth of one run, rendered by every report format (SPEC §5.1).
import type { AreaId } from "./areas.js";
import type { Diagnostic } from "./diagnostic.js";
import type { Finding, Location } from "./finding.js";
import type { Severity } from "./severity.js";

export const SCHEMA_VERSION = "1.4.0";

export type AreaStatus = "PASS" | "GOOD" | "NEEDS ATTENTION" | "NEEDS REVIEW" | "FAIL" | "NOT APPLICABLE";

export type SeverityCounts = Record<Severity, number>;

/** A fact observed in an area: what the repository has, with evidence, not a judgement. */
export interface AreaFact {
  label: string;
  value: string;
  location?: Location | null;
}

/** A table of facts shown in an area (the CI job table): computed in score/, printed as is by the renderers. */
export interface AreaTable {
  title: string;
  columns: string[];
  rows: string[][];
  /** What was left out or how to read it (rows capped, abbreviations). */
  note?: string;
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
  /** Tables of facts (the CI area's job table); absent when the area has none. */
  tables?: AreaTable[];
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
  /**
   * A flood: more findings of one rule in one area than a report can list usefully. The report shows the worst
   * places (`shownIds`) and the count; every finding stays in `findingIds` (audit.json, HTML).
   */
  collapsed: boolean;
  /** Findings shown in the Markdown report, worst first (severity, confidence, size); all of them when not collapsed. */
  shownIds: string[];
  /** How `effortMinutes` was estimated when it is not the plain sum ("for the 5 worst of 497 places; …"), else null. */
  effortNote: string | null;
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

/** Whether the audited code can ship: ready, ready once N findings are fixed, or not ready because of blockers. */
export type VerdictStatus = "ready" | "ready-after-fixes" | "not-ready";

export type BlockerKind =
  | "critical-finding"
  | "failing-area"
  | "no-ci"
  | "no-tests"
  | "does-not-parse"
  | "live-secret"
  | "security-stub"
  | "unauthenticated-writes";

/** One reason the code is not ready, linked to the findings (or the area) that show it. */
export interface Blocker {
  kind: BlockerKind;
  /** One sentence naming what blocks, with the place: "Security is FAIL (35/100): …". */
  reason: string;
  area: AreaId | null;
  findingIds: string[];
}

/** The highest grade a blocker allows: the weighted mean never outranks its blockers. */
export interface GradeCap {
  kind: BlockerKind;
  grade: string;
  /** Highest score within that grade. */
  maxScore: number;
  reason: string;
}

/** A top risk with what ranked it (severity × confidence × where the code runs). */
export interface RankedRisk {
  findingId: string;
  ruleId: string;
  severity: Severity;
  /** The finding's title, or for a repository-level finding the message naming the exact gate, file or place. */
  title: string;
  /** `path:line` of the first place, or null for a repository-level finding. */
  where: string | null;
  /** Other findings of the same rule. */
  more: number;
  /** Where the code runs: request path, auth, data layer, payment, library, tooling (scripts, examples, tests), repository. */
  place: RiskPlace;
  rank: number;
}

export type RiskPlace =
  "request" | "auth" | "data" | "payment" | "library" | "browser" | "pipeline" | "tooling" | "repository";

/** A positive fact worth saying, with the evidence a reader can open. */
export interface Strength {
  area: AreaId;
  /** "Actions pinned to commit SHAs", "Non-root container image" … */
  title: string;
  /** The specific: "all 14 `uses:` of 3 workflows pinned by SHA". */
  detail: string;
  evidence: Array<{ path: string; line: number }>;
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

/**
 * A folder left out of the analysis, and why: the build never compiles it, or it is test data. (The report output
 * folder is left out too, silently, so that a rerun's report is the same as the first run's.)
 */
export interface ExcludedFolder {
  path: string;
  kind: "not-compiled" | "test-data";
  reason: string;
  files: number;
  /** Lines of code of its files. */
  lines: number;
  bytes: number;
}

/** A framework the repository uses that no check of this tool reads, and the areas it would feed. */
export interface UncoveredFramework {
  name: string;
  evidence: { path: string; line: number };
  areas: AreaId[];
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
  excludedFolders: ExcludedFolder[];
  uncoveredFrameworks: UncoveredFramework[];
}

/** Where the audited folder sits: a subfolder of a larger repository reads its CI and tool config from the root. */
export interface RepositoryScope {
  /** Absolute path of the enclosing git work tree, or null outside git. */
  gitRoot: string | null;
  /** The audited folder relative to the git root ("" when it is the root). */
  subfolder: string;
  /** Files read from the enclosing repository (CI, tool config, project documents), relative to the audited folder. */
  contextFiles: string[];
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

/** Copy-paste duplication (since schema 1.2.0). */
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

/** `audit --baseline`: which findings the baseline accepts and which of its entries are fixed. */
export interface BaselineReport {
  /** The baseline file, or the commit whose findings served as the baseline. */
  source: string;
  /** Findings the baseline accepts: reported, never gated. */
  baselinedIds: string[];
  /** Baseline entries whose finding is gone: to remove from the file. */
  fixed: Array<{ id: string; ruleId: string; path: string | null; title: string }>;
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
    scope: RepositoryScope;
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
    verdictStatus: VerdictStatus;
    /** Findings to fix before "ready" when the verdict is ready-after-fixes, else 0. */
    fixesBeforeReady: number;
    blockers: Blocker[];
    /** The weighted mean of the areas before any cap. */
    uncappedScore: number;
    uncappedGrade: string;
    /** The cap that bound the grade, or null when the weighted mean stands. */
    cap: GradeCap | null;
    /** The top risks in detail, in rank order (`topRisks` renders them). */
    risks: RankedRisk[];
  };
  areas: AreaReport[];
  findings: Finding[];
  actions: ActionItem[];
  readiness: ReadinessItem[];
  positives: PositiveFinding[];
  strengths: Strength[];
  gradeBreakdown: Array<{ area: AreaId; title: string; score: number; weight: number; weighted: number }>;
  /** Present with `audit --baseline` only. */
  baseline?: BaselineReport;
  nextSteps: string[];
  coverage: AnalysisCoverage;
  /** Copy-paste duplication, or null when no source file was searched. */
  duplication: DuplicationSummary | null;
  diagnostics: Diagnostic[];
}
