// Builds the FleetReport from the store: each repository's latest audit, its trend, and the findings they share.
import { areaDefinition, type AreaId } from "../model/areas.js";
import type { VerdictStatus } from "../model/audit.js";
import type { FleetReport } from "../model/fleet.js";
import type { AuditStore } from "../store/audit-store.js";

export async function buildFleetReport(
  store: AuditStore,
  options: { commonLimit?: number } = {},
): Promise<FleetReport> {
  const latest = await store.latestRuns("audit");
  const repositories = [];
  for (const run of latest) {
    const history = await store.runs(run.repository, "audit");
    const first = history[0] ?? run;
    const worstAreas = (Object.entries(run.areaScores) as Array<[AreaId, number]>)
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 3)
      .map(([area, score]) => ({ area, title: areaDefinition(area).title, score }));
    repositories.push({
      identity: run.repository,
      name: run.repositoryName,
      commit: run.commit,
      recordedAt: run.recordedAt,
      grade: run.grade,
      score: run.score,
      verdictStatus: run.verdictStatus,
      counts: run.counts,
      worstAreas,
      trend: {
        runs: history.length,
        firstScore: first.score,
        scoreChange: Math.round((run.score - first.score) * 10) / 10,
      },
    });
  }
  const grades: Record<string, number> = {};
  const verdicts: Record<VerdictStatus, number> = { ready: 0, "ready-after-fixes": 0, "not-ready": 0 };
  for (const repository of repositories) {
    grades[repository.grade] = (grades[repository.grade] ?? 0) + 1;
    verdicts[repository.verdictStatus]++;
  }
  const commonFindings = (await store.commonFindings(latest.map((run) => run.runId))).slice(
    0,
    options.commonLimit ?? 25,
  );
  return { repositories, grades, verdicts, commonFindings };
}
