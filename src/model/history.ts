// What `codeaudit history` shows: one repository's stored runs, two of them compared, each area's score over time.
import type { AreaId } from "./areas.js";
import type { Severity } from "./severity.js";
import type { AuditTrendPoint } from "./trend.js";

/** A finding as the store keeps it. */
export interface HistoryFinding {
  id: string;
  ruleId: string;
  severity: Severity;
  area: AreaId;
  path: string | null;
  line: number | null;
  title: string;
}

export interface HistoryComparison {
  from: AuditTrendPoint;
  to: AuditTrendPoint;
  /** Findings of `to` that `from` did not have, most severe first. */
  new: HistoryFinding[];
  /** Findings of `from` that `to` no longer has, most severe first. */
  fixed: HistoryFinding[];
}

export interface HistoryReport {
  repository: { identity: string; name: string };
  kind: "audit" | "delta" | "plan";
  /** Oldest first. */
  runs: AuditTrendPoint[];
  /** Null when the repository has fewer than two runs. */
  comparison: HistoryComparison | null;
  /** Each area that has a score in any run, with its score per run (null where the area was not applicable). */
  areas: Array<{ area: AreaId; title: string; scores: Array<number | null> }>;
}
