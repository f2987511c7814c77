// One stored run as the history and the HTML report's trend chart see it: the store fills these, renderers draw them.
import type { AreaId } from "./areas.js";
import type { SeverityCounts, VerdictStatus } from "./audit.js";

export interface AuditTrendPoint {
  /** The store's id of the run. */
  runId: string;
  /** When the audit ran (ISO 8601), from the store, never from the report. */
  recordedAt: string;
  commit: string | null;
  branch: string | null;
  toolVersion: string;
  grade: string;
  score: number;
  verdictStatus: VerdictStatus;
  counts: SeverityCounts;
  /** Area scores; areas that were not applicable are absent. */
  areaScores: Partial<Record<AreaId, number>>;
}
