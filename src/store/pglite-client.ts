// The embedded engine: PostgreSQL compiled to WebAssembly (PGlite), one data folder, one process at a time.
import { PGlite } from "@electric-sql/pglite";
import type { SqlClient, SqlTransaction } from "./sql-client.js";

/** Opens (creating on first use) the PGlite database in `dataDir`. The caller holds the folder's lock. */
export async function openPgliteClient(dataDir: string): Promise<SqlClient> {
  // relaxedDurability: a crash may lose the last run recorded, never corrupt earlier ones; it halves write time.
  const db = await PGlite.create(dataDir, { relaxedDurability: true });
  const asTransaction = (runner: Pick<PGlite, "query" | "exec">): SqlTransaction => ({
    engine: "embedded",
    async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      return (await runner.query<Row>(sql, [...params])).rows;
    },
    async exec(sql: string): Promise<void> {
      await runner.exec(sql);
    },
  });
  const base = asTransaction(db);
  return {
    ...base,
    transaction: (work) => db.transaction((tx) => work(asTransaction(tx))),
    close: () => db.close(),
  };
}
