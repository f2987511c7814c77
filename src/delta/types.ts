// The delta audit model (SPEC §6): what changed between two commits and how the audit's picture changed with it.
import type { AreaId } from "../model/areas.js";
import type { Finding } from "../model/finding.js";
import type { ChangeMapView } from "./change-map-view.js";

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
  /** Lines removed from the base, by base path (a renamed file under its old path). */
  removedLines: AddedLines;
}

export type GateStatus = "PASS" | "FAIL" | "N/A";

export interface Gate {
  id: string;
  title: string;
  status: GateStatus;
  evidence: string;
  fix: string;
}

/**
 * A ready-to-apply diff for one file: the new findings' patches made against the head text, combined; or a
 * patch left on its own because it changes lines another one changes (`combined: false`).
 */
export interface DeltaPatch {
  path: string;
  patch: string;
  findingIds: string[];
  combined: boolean;
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

/** What kind of project fact a change touches (which facts pack said so). */
export type FactKind =
  | "env-var"
  | "config"
  | "module"
  | "table"
  | "pipeline"
  | "route"
  | "server"
  | "database"
  | "settings"
  | "migration"
  | "dependency"
  | "script"
  | "ci-job"
  | "container"
  | "coverage"
  | "document"
  | "area-fact";

/** A fact of the project that a changed file adds, removes or rewrites. */
export interface FactTouch {
  /** The changed file: its head path, or its base path when the range deleted it. */
  path: string;
  area: AreaId;
  /** The fact as the report names it: "DATABASE_URL", "Ecto Repo MyApp.Repo", "users table", "CI job test". */
  label: string;
  kind: FactKind;
  /** Added: present at head only; removed: at base only; changed: at both ends, on lines the range changed. */
  change: "added" | "removed" | "changed";
  /** 1-based line of the evidence (at head; at base for removed facts), null when the fact is the whole file. */
  line: number | null;
}

/** Changed files related through one shared fact (an env var, a table, a module's config, a package). */
export interface FactLink {
  area: AreaId;
  label: string;
  /** At least two changed files, sorted: those touching the fact and those that also contain it. */
  paths: string[];
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
  /** The new findings' patches, one diff per file (several findings' patches combined). */
  patches: DeltaPatch[];
  gates: Gate[];
  newDependencies: NewDependency[];
  removedDependencies: NewDependency[];
  coverage: { base: CoverageSummary | null; head: CoverageSummary | null };
  changeMap: {
    /** Import edges among the changed files. */
    edges: ChangeMapEdge[];
    /** Facts of the project the changed files touch, sorted by area, label and path. */
    touches: FactTouch[];
    /** Changed files related through a shared fact at least one of them touches. */
    links: FactLink[];
    /** What DELTA.md draws of all this, bounded and grouped (not part of delta.json). */
    view: ChangeMapView;
  };
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
