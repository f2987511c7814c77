// Test helper: the PostgreSQL server of the run (CODEAUDIT_TEST_PG_URL, started by .ci/run) and a fresh database per use.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** In CI (or with CODEAUDIT_REQUIRE_PG=1) a test needing PostgreSQL fails without one; locally it is skipped, saying so. */
export const POSTGRES_REQUIRED =
  process.env.CODEAUDIT_REQUIRE_PG === "1" || process.env.CI === "true" || process.env.CI === "1";

export function testPostgresUrl(): string | null {
  const url = process.env.CODEAUDIT_TEST_PG_URL;
  if (url) return url;
  if (POSTGRES_REQUIRED)
    throw new Error(
      "CODEAUDIT_TEST_PG_URL is not set, and PostgreSQL tests are required here (CI or CODEAUDIT_REQUIRE_PG=1): run them through .ci/run, or source .ci/postgres.sh and call start_test_postgres",
    );
  return null;
}

/** Whether the PostgreSQL variants run; prints why not once per file when they are skipped locally. */
export function postgresAvailable(file: string): boolean {
  if (testPostgresUrl()) return true;
  process.stderr.write(
    `[${file}] PostgreSQL tests SKIPPED: CODEAUDIT_TEST_PG_URL is not set (source .ci/postgres.sh && start_test_postgres)\n`,
  );
  return false;
}

/** Creates an empty database on the test server; `drop` removes it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = testPostgresUrl();
  if (!serverUrl) throw new Error("no PostgreSQL server for the tests (CODEAUDIT_TEST_PG_URL)");
  const name = `codeaudit_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
