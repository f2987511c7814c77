// The server engine: a PostgreSQL server by connection URL (node-postgres pool).
import pg from "pg";
import type { SqlClient, SqlTransaction } from "./sql-client.js";

/** A pool on `url`; connects lazily, so a bad URL fails at the first query with the server's message. */
export function openPostgresClient(url: string, options: { maxConnections?: number } = {}): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 4 });
  // An idle client's connection dropped by the server must not crash the process: the next query reconnects.
  pool.on("error", () => undefined);
  return {
    engine: "postgres",
    async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      return (await pool.query<Row>(sql, [...params])).rows;
    },
    async exec(sql: string): Promise<void> {
      await pool.query(sql);
    },
    async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const tx: SqlTransaction = {
        engine: "postgres",
        async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
          return (await client.query<Row>(sql, [...params])).rows;
        },
        async exec(sql: string): Promise<void> {
          await client.query(sql);
        },
      };
      try {
        await client.query("BEGIN");
        const result = await work(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
