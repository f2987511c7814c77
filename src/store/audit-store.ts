// The history store: records runs (an Audit's summary and findings) and reads them back, on either engine.
import { createHash } from "node:crypto";
import type { AreaId } from "../model/areas.js";
import type { Audit, SeverityCounts, VerdictStatus } from "../model/audit.js";
import { SEVERITIES, type Severity } from "../model/severity.js";
import type { HistoryFinding } from "../model/history.js";
import type { AuditTrendPoint } from "../model/trend.js";
import type { RepositoryIdentity } from "./repository-identity.js";
import type { DrainResult } from "./run-spool.js";
import type { SqlClient } from "./sql-client.js";

export type RunKind = "audit" | "delta" | "plan";

export interface RecordRunInput {
  audit: Audit;
  kind: RunKind;
  repository: RepositoryIdentity;
  /** Hash of the effective configuration (and of the plan or range, for those kinds). */
  configHash: string;
  /** Defaults to now; tests and imports give their own. */
  recordedAt?: Date;
  /** Keep the whole audit.json document with the run (off by default: the summary and findings are enough for history). */
  keepReport?: boolean;
}

/** A run as stored: the trend point the history and the HTML chart draw, with where and how it was recorded. */
export interface StoredRun extends AuditTrendPoint {
  repository: string;
  repositoryName: string;
  kind: RunKind;
  configHash: string;
}

/** A finding as the store keeps it (the history's own type). */
export type StoredFinding = HistoryFinding;

export interface StoredRepository {
  identity: string;
  name: string;
  runs: number;
  lastRecordedAt: string;
}

/** What the store's queries return for a run row, before conversion. */
interface RunRow {
  run_id: string;
  identity: string;
  name: string;
  kind: RunKind;
  commit: string | null;
  branch: string | null;
  recorded_at: string;
  tool_version: string;
  config_hash: string;
  grade: string;
  score: number;
  verdict_status: VerdictStatus;
  counts: SeverityCounts;
  area_scores: Partial<Record<AreaId, number>>;
}

const RUN_COLUMNS = `r.id::text AS run_id, p.identity, p.name, r.kind, r.commit, r.branch,
  to_char(r.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
  r.tool_version, r.config_hash, r.grade, r.score, r.verdict_status, r.counts, r.area_scores`;

export class AuditStore {
  /** What opening the embedded store recorded of the runs left pending (run-spool.ts); absent for a server. */
  pendingDrain?: DrainResult;

  constructor(
    readonly client: SqlClient,
    /** Printable location (a URL's password masked). */
    readonly location: string,
  ) {}

  /**
   * Records one run with its findings. Idempotent: the same audit (repository, commit, kind, configuration, tool
   * version; for a tree with uncommitted changes, also the same findings) recorded twice is one run.
   */
  async recordRun(input: RecordRunInput): Promise<{ runId: string; created: boolean }> {
    const { audit } = input;
    const areaScores: Partial<Record<AreaId, number>> = {};
    for (const area of audit.areas) if (area.status !== "NOT APPLICABLE") areaScores[area.id] = area.score;
    const runKey = runKeyOf(input);
    return this.client.transaction(async (tx) => {
      const [repository] = await tx.query<{ id: string }>(
        `INSERT INTO repositories (identity, name) VALUES ($1, $2)
         ON CONFLICT (identity) DO UPDATE SET name = EXCLUDED.name RETURNING id::text AS id`,
        [input.repository.identity, input.repository.name],
      );
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO runs (repository_id, kind, commit, branch, recorded_at, tool_version, config_hash, grade, score,
           verdict_status, counts, area_scores, report, run_key)
         VALUES ($1::bigint, $2, $3, $4, $5::timestamptz, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13::jsonb, $14)
         ON CONFLICT (run_key) DO NOTHING RETURNING id::text AS id`,
        [
          repository!.id,
          input.kind,
          audit.repository.commit,
          audit.repository.branch,
          (input.recordedAt ?? new Date()).toISOString(),
          audit.tool.version,
          input.configHash,
          audit.summary.grade,
          audit.summary.score,
          audit.summary.verdictStatus,
          JSON.stringify(audit.summary.counts),
          JSON.stringify(areaScores),
          input.keepReport ? JSON.stringify(audit) : null,
          runKey,
        ],
      );
      if (inserted.length === 0) {
        const [existing] = await tx.query<{ id: string }>(
          "SELECT id::text AS id FROM runs WHERE run_key = $1",
          [runKey],
        );
        return { runId: existing!.id, created: false };
      }
      const runId = inserted[0]!.id;
      const findings = audit.findings;
      if (findings.length > 0)
        await tx.query(
          `INSERT INTO findings (run_id, finding_id, rule_id, severity, area, path, line, title)
           SELECT $1::bigint, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::text[])
           ON CONFLICT DO NOTHING`,
          [
            runId,
            findings.map((f) => f.id),
            findings.map((f) => f.ruleId),
            findings.map((f) => f.severity),
            findings.map((f) => f.area),
            findings.map((f) => f.location?.path ?? null),
            findings.map((f) => f.location?.startLine ?? null),
            findings.map((f) => f.title),
          ],
        );
      return { runId, created: true };
    });
  }

  async repositories(): Promise<StoredRepository[]> {
    const rows = await this.client.query<{ identity: string; name: string; runs: number; last: string }>(
      `SELECT p.identity, p.name, count(r.id)::int AS runs,
         to_char(max(r.recorded_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last
       FROM repositories p JOIN runs r ON r.repository_id = p.id GROUP BY p.identity, p.name`,
    );
    return rows
      .map((row) => ({ identity: row.identity, name: row.name, runs: row.runs, lastRecordedAt: row.last }))
      .sort((a, b) => compareText(a.identity, b.identity));
  }

  /** Runs of one repository, oldest first. */
  async runs(identity: string, kind: RunKind | null = "audit"): Promise<StoredRun[]> {
    const rows = await this.client.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM runs r JOIN repositories p ON p.id = r.repository_id
       WHERE p.identity = $1 AND ($2::text IS NULL OR r.kind = $2) ORDER BY r.recorded_at, r.id`,
      [identity, kind],
    );
    return rows.map(toStoredRun);
  }

  /** The id of a run of this repository at this commit, if any (the fleet audits a commit once). */
  async findRun(identity: string, commit: string, kind: RunKind = "audit"): Promise<string | null> {
    const [row] = await this.client.query<{ id: string }>(
      `SELECT r.id::text AS id FROM runs r JOIN repositories p ON p.id = r.repository_id
       WHERE p.identity = $1 AND r.commit = $2 AND r.kind = $3 ORDER BY r.id LIMIT 1`,
      [identity, commit, kind],
    );
    return row?.id ?? null;
  }

  /** The latest run of each repository (of one kind), for views across repositories. */
  async latestRuns(kind: RunKind = "audit"): Promise<StoredRun[]> {
    const rows = await this.client.query<RunRow>(
      `SELECT DISTINCT ON (p.identity) ${RUN_COLUMNS} FROM runs r JOIN repositories p ON p.id = r.repository_id
       WHERE r.kind = $1 ORDER BY p.identity, r.recorded_at DESC, r.id DESC`,
      [kind],
    );
    return rows.map(toStoredRun).sort((a, b) => compareText(a.repository, b.repository));
  }

  async findings(runId: string): Promise<StoredFinding[]> {
    const rows = await this.client.query<{
      finding_id: string;
      rule_id: string;
      severity: Severity;
      area: AreaId;
      path: string | null;
      line: number | null;
      title: string;
    }>(
      "SELECT finding_id, rule_id, severity, area, path, line, title FROM findings WHERE run_id = $1::bigint",
      [runId],
    );
    return rows
      .map((row) => ({
        id: row.finding_id,
        ruleId: row.rule_id,
        severity: row.severity,
        area: row.area,
        path: row.path,
        line: row.line,
        title: row.title,
      }))
      .sort((a, b) => compareText(a.id, b.id));
  }

  /**
   * Rules found in the latest runs of the most repositories: rule, title, severity, how many repositories and
   * findings — "37 repositories run containers as root".
   */
  async commonFindings(runIds: string[]): Promise<CommonFinding[]> {
    if (runIds.length === 0) return [];
    const rows = await this.client.query<{
      rule_id: string;
      title: string;
      severity: Severity;
      repositories: number;
      findings: number;
    }>(
      `SELECT f.rule_id, min(f.title) AS title, (array_agg(f.severity ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1
           WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END))[1] AS severity,
         count(DISTINCT f.run_id)::int AS repositories, count(*)::int AS findings
       FROM findings f WHERE f.run_id = ANY($1::bigint[]) GROUP BY f.rule_id`,
      [runIds],
    );
    return rows
      .map((row) => ({
        ruleId: row.rule_id,
        title: row.title,
        severity: row.severity,
        repositories: row.repositories,
        findings: row.findings,
      }))
      .sort(
        (a, b) =>
          b.repositories - a.repositories || b.findings - a.findings || compareText(a.ruleId, b.ruleId),
      );
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export interface CommonFinding {
  ruleId: string;
  title: string;
  severity: Severity;
  repositories: number;
  findings: number;
}

/** A stored run as the HTML trend chart and `history --format json` see it. */
export function toTrendPoint(run: StoredRun): AuditTrendPoint {
  return {
    runId: run.runId,
    recordedAt: run.recordedAt,
    commit: run.commit,
    branch: run.branch,
    toolVersion: run.toolVersion,
    grade: run.grade,
    score: run.score,
    verdictStatus: run.verdictStatus,
    counts: run.counts,
    areaScores: run.areaScores,
  };
}

function toStoredRun(row: RunRow): StoredRun {
  return {
    runId: row.run_id,
    repository: row.identity,
    repositoryName: row.name,
    kind: row.kind,
    commit: row.commit,
    branch: row.branch,
    recordedAt: row.recorded_at,
    toolVersion: row.tool_version,
    configHash: row.config_hash,
    grade: row.grade,
    score: Number(row.score),
    verdictStatus: row.verdict_status,
    // jsonb keeps keys in its own order: back to the model's (most severe first).
    counts: Object.fromEntries(
      SEVERITIES.map((severity) => [severity, row.counts[severity] ?? 0]),
    ) as SeverityCounts,
    areaScores: row.area_scores,
  };
}

function runKeyOf(input: RecordRunInput): string {
  const { audit } = input;
  const hash = createHash("sha256");
  for (const part of [
    input.repository.identity,
    input.kind,
    audit.repository.commit ?? "",
    input.configHash,
    audit.tool.version,
  ])
    hash.update(part).update("\0");
  // Uncommitted changes (or no git): the commit does not say what was audited, the findings and score do.
  if (audit.repository.dirty !== false || audit.repository.commit === null) {
    hash.update(String(audit.summary.score)).update("\0");
    for (const finding of audit.findings) hash.update(finding.id).update("\0");
  }
  return hash.digest("hex");
}

/** Locale-independent order (code units). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
