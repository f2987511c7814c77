// Builds the HistoryReport of one repository from the store: its runs, two of them compared, the areas over time.
import { AREA_IDS, areaDefinition } from "../model/areas.js";
import type { HistoryFinding, HistoryReport } from "../model/history.js";
import { severityRank } from "../model/severity.js";
import { toTrendPoint, type AuditStore, type RunKind, type StoredRun } from "./audit-store.js";
import type { RepositoryIdentity } from "./repository-identity.js";
import { StoreError } from "./store-error.js";

export interface HistorySelection {
  kind?: RunKind;
  /** A run id, or a commit (or its prefix) whose latest run is meant; default: the run before `to`. */
  from?: string;
  /** Default: the latest run. */
  to?: string;
}

export async function buildHistory(
  store: AuditStore,
  repository: RepositoryIdentity,
  selection: HistorySelection = {},
): Promise<HistoryReport> {
  const kind = selection.kind ?? "audit";
  const runs = await store.runs(repository.identity, kind);
  if (runs.length === 0)
    throw new StoreError(
      `no ${kind} runs of ${repository.identity} in the history store ${store.location}; run \`codeaudit ${kind === "audit" ? "audit" : kind}\` on it first`,
    );
  const toIndex = selection.to === undefined ? runs.length - 1 : pickRun(runs, selection.to, "--to");
  const fromIndex = selection.from === undefined ? toIndex - 1 : pickRun(runs, selection.from, "--from");
  let comparison: HistoryReport["comparison"] = null;
  if (fromIndex >= 0 && fromIndex !== toIndex) {
    const from = runs[fromIndex]!;
    const to = runs[toIndex]!;
    const [before, after] = await Promise.all([store.findings(from.runId), store.findings(to.runId)]);
    const beforeIds = new Set(before.map((f) => f.id));
    const afterIds = new Set(after.map((f) => f.id));
    comparison = {
      from: toTrendPoint(from),
      to: toTrendPoint(to),
      new: sortFindings(after.filter((f) => !beforeIds.has(f.id))),
      fixed: sortFindings(before.filter((f) => !afterIds.has(f.id))),
    };
  }
  const points = runs.map(toTrendPoint);
  const areas = AREA_IDS.filter((area) => points.some((point) => point.areaScores[area] !== undefined)).map(
    (area) => ({
      area,
      title: areaDefinition(area).title,
      scores: points.map((point) => point.areaScores[area] ?? null),
    }),
  );
  return { repository, kind, runs: points, comparison, areas };
}

/** The index of the run named by id, else of the latest run whose commit starts with the value. */
function pickRun(runs: StoredRun[], value: string, option: string): number {
  const byId = runs.findIndex((run) => run.runId === value);
  if (byId >= 0) return byId;
  if (value.length >= 4)
    for (let i = runs.length - 1; i >= 0; i--) if (runs[i]!.commit?.startsWith(value)) return i;
  throw new StoreError(
    `${option} ${value}: no run with that id or commit; runs: ${runs
      .slice(-5)
      .map((run) => `${run.runId} (${run.commit?.slice(0, 12) ?? "no commit"})`)
      .join(", ")}`,
  );
}

function sortFindings(findings: HistoryFinding[]): HistoryFinding[] {
  const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      text(a.path ?? "", b.path ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      text(a.id, b.id),
  );
}
