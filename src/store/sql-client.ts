// The one SQL surface the store and the fleet speak: the embedded engine (PGlite) and a PostgreSQL server both sit behind it.

/** A connection to a PostgreSQL-dialect database: the same SQL text runs on either engine. */
export interface SqlClient {
  readonly engine: "embedded" | "postgres";
  /** One statement with `$1…` parameters; returns its rows. */
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The part of a client usable inside a transaction. */
export type SqlTransaction = Pick<SqlClient, "query" | "exec" | "engine">;
