// The delta audit model (SPEC §6): what changed between two commits and how the audit's picture changed with it.
import type { Finding } from "../model/finding.js";

export type ChangeKind =
  "code" | "tests" | "ci" | "docs" | "config" | "migrations" | "dependencies" | "other";
export const CHANGE_KINDS: readonly ChangeKind[] = [
  "code",
  "tests",
  "ci",
  "docs",
  "config",
  "migrations",
  "dependencies",
  "other",
];

export interface RangeCommit {
  hash: string;
  author: string;
  date: string;
  subject: string;
}

export interface ChangedFile {
  path: string;
  /** The path at the base when the file was renamed or copied. */
  oldPath: string | null;
  status: "added" | "modified" | "deleted" | "renamed";
  kind: ChangeKind;
  /** Null for binary files. */
  insertions: number | null;
  deletions: number | null;
}

/** Lines added at head, by file: 1-based line ranges [start, end]. */
export type AddedLines = Map<string, Array<[number, number]>>;

export interface RangeFacts {
  base: string;
  head: string;
  baseRef: string;
  headRef: string;
  commits: RangeCommit[];
  files: ChangedFile[];
  insertions: number;
  deletions: number;
  addedLines: AddedLines;
}

export type GateStatus = "PASS" | "FAIL" | "N/A";

export interface Gate {
  id: string;
  title: string;
  status: GateStatus;
  evidence: string;
  fix: string;
}

export interface DeltaFinding extends Finding {
  /** True when the finding is new and lies on lines the range added or changed. */
  introduced: boolean;
  /** The finding's lines at head (at most 12), for introduced findings; empty otherwise. */
  headLines: string;
}

export interface CoverageSummary {
  source: string;
  linesFound: number;
  linesHit: number;
  /** Percent of lines hit, two decimals. */
  percent: number | null;
}

export interface NewDependency {
  ecosystem: string;
  name: string;
  requirement: string | null;
  dev: boolean;
  manifest: string;
  line: number;
  advisories: string[];
}

export interface ChangeMapEdge {
  from: string;
  to: string;
}

export interface FileObservation {
  path: string;
  kind: ChangeKind;
  insertions: number | null;
  deletions: number | null;
  introduced: DeltaFinding[];
  fixed: Finding[];
}

export interface DeltaReport {
  repository: { root: string; name: string };
  generatedAt: string | null;
  range: RangeFacts;
  findings: { new: DeltaFinding[]; fixed: Finding[]; unchanged: Finding[] };
  gates: Gate[];
  newDependencies: NewDependency[];
  removedDependencies: NewDependency[];
  coverage: { base: CoverageSummary | null; head: CoverageSummary | null };
  changeMap: { edges: ChangeMapEdge[] };
  observations: FileObservation[];
  scores: { base: { grade: string; score: number }; head: { grade: string; score: number } };
  timings: {
    seconds: number;
    filesAnalysedBase: number;
    filesAnalysedHead: number;
    cacheHits: number;
    cacheMisses: number;
  };
  notes: string[];
}
