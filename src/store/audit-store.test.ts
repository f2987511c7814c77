// The history store on both engines (embedded PGlite and a PostgreSQL server): round trip, idempotence, migrations.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit as auditPath } from "../index.js";
import type { Audit } from "../model/audit.js";
import { freshPostgresDatabase, postgresAvailable } from "../../test/helpers/test-postgres.js";
import { toTrendPoint, type AuditStore } from "./audit-store.js";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";
import { openStore } from "./open-store.js";
import type { StoreLocation } from "./store-location.js";

interface Engine {
  name: string;
  /** A new, empty store location and its cleanup. */
  create(): Promise<{ location: StoreLocation; cleanup(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: "embedded",
    async create() {
      const dir = mkdtempSync(join(tmpdir(), "codeaudit-store-"));
      return {
        location: { kind: "embedded", dir },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];
if (postgresAvailable("audit-store.test.ts"))
  engines.push({
    name: "postgres",
    async create() {
      const db = await freshPostgresDatabase();
      return { location: { kind: "postgres", url: db.url }, cleanup: () => db.drop() };
    },
  });

let sample: Audit;
beforeAll(async () => {
  const run = await auditPath(join(import.meta.dirname, "../../test/fixtures/node-service"), {
    noTimestamp: true,
  });
  sample = run.audit;
});

const repository = { identity: "example.com/team/service", name: "service" };

describe.each(engines)("history store on the $name engine", (engine) => {
  let store: AuditStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const created = await engine.create();
    cleanup = created.cleanup;
    store = await openStore(created.location);
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  it("records a run with its findings and reads it back, once however often it is recorded", async () => {
    const audit = withCommit(sample, "a".repeat(40));
    const first = await store.recordRun({
      audit,
      kind: "audit",
      repository,
      configHash: "c1",
      recordedAt: new Date("2024-01-01T00:00:00Z"),
    });
    const again = await store.recordRun({ audit, kind: "audit", repository, configHash: "c1" });
    expect(first.created).toBe(true);
    expect(again).toEqual({ runId: first.runId, created: false });
    const runs = await store.runs(repository.identity);
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run).toMatchObject({
      commit: "a".repeat(40),
      grade: audit.summary.grade,
      score: audit.summary.score,
      verdictStatus: audit.summary.verdictStatus,
      counts: audit.summary.counts,
      recordedAt: "2024-01-01T00:00:00.000Z",
      toolVersion: audit.tool.version,
    });
    const stored = await store.findings(first.runId);
    expect(stored).toHaveLength(audit.findings.length);
    const finding = audit.findings.find((f) => f.location !== null)!;
    expect(stored.find((f) => f.id === finding.id)).toEqual({
      id: finding.id,
      ruleId: finding.ruleId,
      severity: finding.severity,
      area: finding.area,
      path: finding.location!.path,
      line: finding.location!.startLine,
      title: finding.title,
    });
    const point = toTrendPoint(run!);
    expect(Object.keys(point.areaScores).length).toBeGreaterThan(0);
    expect(point.runId).toBe(first.runId);
  });

  it("keeps runs of other commits, configurations and kinds apart, and lists the latest per repository", async () => {
    const second = withCommit(sample, "b".repeat(40), { findings: sample.findings.slice(1) });
    await store.recordRun({
      audit: second,
      kind: "audit",
      repository,
      configHash: "c1",
      recordedAt: new Date("2024-01-02T00:00:00Z"),
    });
    await store.recordRun({
      audit: second,
      kind: "audit",
      repository,
      configHash: "c2",
      recordedAt: new Date("2024-01-03T00:00:00Z"),
    });
    await store.recordRun({
      audit: second,
      kind: "delta",
      repository,
      configHash: "c2",
      recordedAt: new Date("2024-01-04T00:00:00Z"),
    });
    const other = { identity: "path:/srv/other", name: "other" };
    await store.recordRun({
      audit: second,
      kind: "audit",
      repository: other,
      configHash: "c1",
      recordedAt: new Date("2024-01-05T00:00:00Z"),
    });
    expect((await store.runs(repository.identity)).map((r) => r.recordedAt)).toEqual([
      "2024-01-01T00:00:00.000Z",
      "2024-01-02T00:00:00.000Z",
      "2024-01-03T00:00:00.000Z",
    ]);
    expect(await store.runs(repository.identity, "delta")).toHaveLength(1);
    const latest = await store.latestRuns();
    expect(latest.map((r) => [r.repository, r.recordedAt])).toEqual([
      ["example.com/team/service", "2024-01-03T00:00:00.000Z"],
      ["path:/srv/other", "2024-01-05T00:00:00.000Z"],
    ]);
    const common = await store.commonFindings(latest.map((r) => r.runId));
    expect(common[0]!.repositories).toBe(2);
    expect((await store.repositories()).map((r) => [r.identity, r.runs])).toEqual([
      ["example.com/team/service", 4],
      ["path:/srv/other", 1],
    ]);
  });

  it("records a tree with uncommitted changes again when what was found changed", async () => {
    const dirty = { identity: "path:/srv/dirty", name: "dirty" };
    const base = withCommit(sample, "c".repeat(40), { dirty: true });
    const a = await store.recordRun({ audit: base, kind: "audit", repository: dirty, configHash: "c1" });
    const b = await store.recordRun({
      audit: { ...base, findings: base.findings.slice(2) },
      kind: "audit",
      repository: dirty,
      configHash: "c1",
    });
    expect(b.created).toBe(true);
    expect(b.runId).not.toBe(a.runId);
  });
});

describe.each(engines)("store migrations on the $name engine", (engine) => {
  it("migrates an empty database to the latest schema, and a previous schema's data forward", async () => {
    const { location, cleanup } = await engine.create();
    try {
      // From the previous schema version, with a run in it.
      const previous = SCHEMA_VERSION - 1;
      let store = await openStore(location, { schemaVersion: previous });
      const versions = await store.client.query<{ version: number }>(
        "SELECT version FROM schema_migrations ORDER BY version",
      );
      expect(versions.map((v) => v.version)).toEqual(
        MIGRATIONS.filter((m) => m.version <= previous).map((m) => m.version),
      );
      const [repo] = await store.client.query<{ id: string }>(
        "INSERT INTO repositories (identity, name) VALUES ('path:/old', 'old') RETURNING id::text AS id",
      );
      await store.client.query(
        `INSERT INTO runs (repository_id, kind, commit, tool_version, config_hash, grade, score, verdict_status, counts, area_scores, run_key)
         VALUES ($1::bigint, 'audit', 'abc', '0.0.1', 'h', 'B', 80, 'ready', '{}'::jsonb, '{}'::jsonb, 'k')`,
        [repo!.id],
      );
      await store.close();
      store = await openStore(location);
      const after = await store.client.query<{ version: number }>(
        "SELECT version FROM schema_migrations ORDER BY version",
      );
      expect(after.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
      const runs = await store.runs("path:/old");
      expect(runs.map((r) => [r.commit, r.grade])).toEqual([["abc", "B"]]);
      expect(await store.findings(runs[0]!.runId)).toEqual([]);
      await store.close();
      // Opening again applies nothing twice.
      store = await openStore(location);
      expect(await store.client.query("SELECT * FROM schema_migrations")).toHaveLength(MIGRATIONS.length);
      await store.close();
    } finally {
      await cleanup();
    }
  });

  it("refuses a store written by a newer codeaudit", async () => {
    const { location, cleanup } = await engine.create();
    try {
      const store = await openStore(location);
      await store.client.query(
        "INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')",
        [SCHEMA_VERSION + 1],
      );
      await store.close();
      await expect(openStore(location)).rejects.toThrow(/newer than this codeaudit reads/);
    } finally {
      await cleanup();
    }
  });
});

function withCommit(
  audit: Audit,
  commit: string,
  change: { findings?: Audit["findings"]; dirty?: boolean } = {},
): Audit {
  return {
    ...audit,
    repository: { ...audit.repository, commit, dirty: change.dirty ?? false },
    findings: change.findings ?? audit.findings,
  };
}
