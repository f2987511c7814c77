// What `codeaudit fleet report` shows: the latest audit of every repository in the store, and what they share.
import type { AreaId } from "./areas.js";
import type { SeverityCounts, VerdictStatus } from "./audit.js";
import type { Severity } from "./severity.js";

export interface FleetRepository {
  identity: string;
  name: string;
  commit: string | null;
  recordedAt: string;
  grade: string;
  score: number;
  verdictStatus: VerdictStatus;
  counts: SeverityCounts;
  /** The three lowest-scoring applicable areas, lowest first. */
  worstAreas: Array<{ area: AreaId; title: string; score: number }>;
  /** Audits stored for it, and the score change from its first to its latest. */
  trend: { runs: number; firstScore: number; scoreChange: number };
}

export interface FleetReport {
  repositories: FleetRepository[];
  grades: Record<string, number>;
  verdicts: Record<VerdictStatus, number>;
  /** Rules found in the most repositories' latest audits, most widespread first. */
  commonFindings: Array<{
    ruleId: string;
    title: string;
    severity: Severity;
    repositories: number;
    findings: number;
  }>;
}
