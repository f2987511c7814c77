// Per-backend implementations: the same file under sibling folders named for the storage or database it talks to
// (store/db/mysql/user.go, store/db/sqlite/user.go). They are written alike on purpose, one per dialect.

/** Folder names that say which database, store or storage backend the code under them is for. */
const BACKEND_FOLDER =
  /^(mysql|mariadb|postgres|postgresql|pg|pgsql|sqlite|sqlite3|mssql|sqlserver|oracle|mongo|mongodb|redis|dynamo|dynamodb|cassandra|clickhouse|memory|inmemory|in_memory|s3|gcs|azure|filesystem|fs)$/i;

/**
 * True when the paths differ only in one folder, and that folder names a different backend in each (the same
 * module written once per database dialect or storage driver).
 */
export function arePerBackendVariants(paths: readonly string[]): boolean {
  const split = [...new Set(paths)].map((path) => path.split("/"));
  if (split.length < 2) return false;
  const depth = split[0]?.length ?? 0;
  if (split.some((parts) => parts.length !== depth)) return false;
  let differing = -1;
  for (let at = 0; at < depth; at++) {
    const names = new Set(split.map((parts) => parts[at]));
    if (names.size === 1) continue;
    if (differing !== -1) return false;
    differing = at;
  }
  return (
    differing !== -1 &&
    differing < depth - 1 &&
    split.every((parts) => BACKEND_FOLDER.test(parts[differing] ?? ""))
  );
}
