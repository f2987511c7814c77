// The store's schema as numbered migrations, applied in order once each and recorded in schema_migrations.
import type { SqlClient } from "./sql-client.js";
import { StoreError } from "./store-error.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Append only: a released migration is never edited, a change is a new one. The same text runs on the embedded
 * engine and on a PostgreSQL server.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "repositories and runs",
    sql: `
      CREATE TABLE repositories (
        id bigserial PRIMARY KEY,
        identity text NOT NULL UNIQUE,
        name text NOT NULL,
        first_seen timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE runs (
        id bigserial PRIMARY KEY,
        repository_id bigint NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('audit', 'delta', 'plan')),
        commit text,
        branch text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        tool_version text NOT NULL,
        config_hash text NOT NULL,
        grade text NOT NULL,
        score double precision NOT NULL,
        verdict_status text NOT NULL,
        counts jsonb NOT NULL,
        area_scores jsonb NOT NULL,
        report jsonb,
        run_key text NOT NULL UNIQUE
      );
      CREATE INDEX runs_by_repository ON runs (repository_id, recorded_at, id);
    `,
  },
  {
    version: 2,
    name: "findings of each run",
    sql: `
      CREATE TABLE findings (
        run_id bigint NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        finding_id text NOT NULL,
        rule_id text NOT NULL,
        severity text NOT NULL,
        area text NOT NULL,
        path text,
        line integer,
        title text NOT NULL,
        PRIMARY KEY (run_id, finding_id)
      );
      CREATE INDEX findings_by_rule ON findings (rule_id, severity);
    `,
  },
];

/** The schema version this build reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Lock key for the migration step, so workers starting together on one server migrate once. */
const MIGRATION_LOCK = 4_242_017;

/**
 * Brings the database to `upTo` (default: the latest) and returns the versions applied now. A database newer than
 * this build is an error rather than a silent downgrade.
 */
export async function migrate(client: SqlClient, upTo: number = SCHEMA_VERSION): Promise<number[]> {
  return client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await tx.query<{ version: number }>("SELECT version FROM schema_migrations")).map(
        (row) => row.version,
      ),
    );
    const newest = Math.max(0, ...done);
    if (newest > SCHEMA_VERSION)
      throw new StoreError(
        `the history store has schema version ${newest}, newer than this codeaudit reads (${SCHEMA_VERSION}); upgrade codeaudit`,
      );
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (migration.version > upTo || done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
