// Shapes shared by the TypeScript ORM readers (Drizzle, TypeORM, Kysely): one table model for all three, so the
// database rules judge tables, foreign keys and indexes without knowing which ORM declared them.

export type TsOrm = "drizzle" | "typeorm" | "kysely";

/** The SQL dialect a table lives in, as far as the code says it. */
export type OrmDialect = "postgresql" | "mysql" | "sqlite" | "singlestore";

export interface OrmColumn {
  /** The property name in code (`workspaceId`). */
  name: string;
  /** The column name in the database when written (`workspace_id`), else null. */
  column: string | null;
  line: number;
  primary: boolean;
  unique: boolean;
  /** The table (Drizzle variable, TypeORM entity class) a foreign key on this column points to, or null. */
  references: string | null;
  /** What deleting the referenced row does to this one, as written (`cascade`, `set null`), lower case; null when not written. */
  onDelete?: string | null;
  /** The referenced table's property listing these rows (`@ManyToOne(() => User, (user) => user.posts)` → `posts`). */
  inverse?: string | null;
}

export interface OrmIndex {
  kind: "index" | "unique" | "primary";
  /** Property names in order (`t.workspaceId` → `workspaceId`). */
  columns: string[];
  line: number;
}

export interface OrmTable {
  orm: TsOrm;
  /** The name code uses (Drizzle variable, TypeORM class, Kysely `Database` key). */
  name: string;
  /** The table name in the database when written, else null. */
  table: string | null;
  dialect: OrmDialect | null;
  path: string;
  line: number;
  columns: OrmColumn[];
  indexes: OrmIndex[];
}

/** Where an ORM is told its migrations live: drizzle.config `out`, a TypeORM DataSource's `migrations`, a Kysely `migrationFolder`. */
export interface OrmMigrationSetting {
  orm: TsOrm;
  path: string;
  line: number;
  /** The folder as written (`./drizzle`, `src/database/migrations/**` stripped of its glob). */
  folder: string;
  /** The dialect the same configuration names (`dialect: "postgresql"`, `type: "postgres"`), or null. */
  dialect: OrmDialect | null;
}

/**
 * Where code filters or joins on a column, or loads a relation: `eq(posts.authorId, id)` (Drizzle),
 * `where: { author: { id } }` / `relations: ["posts"]` / `.where("post.authorId = :id")` (TypeORM).
 */
export interface OrmColumnUse {
  orm: "drizzle" | "typeorm";
  /**
   * The table as code names it: the Drizzle table variable (`posts`), the `db.query.<name>` of a relational query,
   * or for TypeORM the entity a repository's name or generic suggests (`postRepository` → `post`, lower case), or
   * null when nothing says which.
   */
  table: string | null;
  /** The property filtered, joined or loaded (`authorId`, `author`, `posts`). */
  column: string;
  /** `filter` for a where or join condition on the column, `load` for a relation loaded by its name. */
  kind: "filter" | "load";
  /**
   * For a relation loaded by a nested `with` (`db.query.users.findMany({ with: { posts: { with: { tags: true } } } })`
   * → `tags` through `["posts"]`): the relation names leading from `table` to the table loading it. Resolved and
   * removed when the repository's relations are known.
   */
  through?: string[];
  /** Other columns of the same table the same condition filters on (`and(eq(t.id, x), eq(t.authorId, y))` → `id`). */
  siblings?: string[];
  path: string;
  line: number;
}

/**
 * A Drizzle relation of `relations(posts, ({ one, many }) => ({ author: one(users, { fields: [posts.authorId],
 * references: [users.id] }), comments: many(comments) }))`: what relational queries' `with` loads by name.
 */
export interface OrmRelation {
  /** The table variable the relations are declared for (`posts`). */
  from: string;
  /** The relation's name, the key a `with` names (`author`, `comments`). */
  name: string;
  kind: "one" | "many";
  /** The related table variable (`users`, `comments`). */
  target: string;
  /** For `one`: the columns of `from` holding the key (`fields: [posts.authorId]` → `authorId`). */
  fields: string[];
  /** `relationName`, pairing a `many` with its `one` when two tables are related twice. */
  relationName: string | null;
}

/** What one file declares. */
export interface OrmFileFacts {
  tables: OrmTable[];
  migrations: OrmMigrationSetting[];
  /** Drizzle `relations(...)` declarations. */
  relations?: OrmRelation[];
}

/** `postgres`, `pg`, `postgresql`, `turso`, `mysql`, `mariadb`, `better-sqlite` … as a dialect. */
export function dialectOf(name: string): OrmDialect | null {
  const lower = name.toLowerCase();
  if (/^(pg|postgres|postgresql|cockroachdb|neon|vercel-postgres|aurora-postgres)/.test(lower))
    return "postgresql";
  if (/^(mysql|mariadb|planetscale|aurora-mysql)/.test(lower)) return "mysql";
  if (/^(sqlite|better-sqlite|libsql|turso|d1|expo|capacitor|cordova|sqljs|react-native)/.test(lower))
    return "sqlite";
  if (/^singlestore/.test(lower)) return "singlestore";
  return null;
}

/**
 * The columns a table's indexes can serve as their leading column: primary keys, unique columns, and the first
 * column of each index, unique constraint and composite primary key (a multi-column index serves lookups on its
 * first column only).
 */
export function leadingIndexedColumns(table: OrmTable): Set<string> {
  const out = new Set<string>();
  for (const column of table.columns) if (column.primary || column.unique) out.add(column.name);
  for (const index of table.indexes) if (index.columns[0]) out.add(index.columns[0]);
  return out;
}
