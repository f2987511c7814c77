// Facts pack `ts-orm`: the tables TypeScript ORMs other than Prisma declare (Drizzle `pgTable`/`mysqlTable`/
// `sqliteTable`, TypeORM `@Entity` classes, Kysely `Database` interfaces), where their migrations live
// (drizzle.config `out`, a DataSource's `migrations`, a Kysely `migrationFolder`), whether the migrations folder
// holds files, and whether CI or the application's start-up applies them — so the database area covers these
// projects as it covers Prisma and Ecto ones.
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer, defineCollector, definePack } from "../define.js";
import { lineOf } from "../node/ast.js";
import { NODE_LANGUAGES } from "../node/imports.js";
import type { AreaFactEntry, RepoFacts } from "../repo-facts.js";
import { columnUses } from "./column-uses.js";
import { drizzleKitConfig, drizzleRelations, drizzleTables } from "./drizzle.js";
import { kyselyMigrations, kyselyTables } from "./kysely.js";
import { typeormEntities, typeormMigrations } from "./typeorm.js";
import type {
  OrmColumnUse,
  OrmDialect,
  OrmFileFacts,
  OrmMigrationSetting,
  OrmRelation,
  OrmTable,
  TsOrm,
} from "./types.js";
import { dialectOf } from "./types.js";

export type {
  OrmColumn,
  OrmColumnUse,
  OrmDialect,
  OrmIndex,
  OrmMigrationSetting,
  OrmTable,
  TsOrm,
} from "./types.js";
export { leadingIndexedColumns } from "./types.js";

/** A place where code or CI applies migrations. */
export interface MigrationRun {
  path: string;
  line: number;
  /** The command or call as written (`drizzle-kit migrate`, `migrate(db, { migrationsFolder })`). */
  via: string;
}

export interface OrmMigrations extends OrmMigrationSetting {
  /** Files found in the folder (0 when it is missing or empty). */
  files: number;
}

export interface TsOrmFacts {
  /** ORMs with tables or a migrations setting in the repository, sorted. */
  orms: TsOrm[];
  tables: OrmTable[];
  migrations: OrmMigrations[];
  /** CI steps that apply migrations (directly or through a package.json script). */
  appliedInCi: MigrationRun[];
  /** Shell scripts (start-up, deploy, CI entrypoints) that run a migration command or script. */
  appliedByScript: MigrationRun[];
  /** Calls that apply migrations when the application starts (`migrate(db, ...)`, `runMigrations()`, `migrateToLatest()`, `migrationsRun: true`). */
  appliedAtStart: MigrationRun[];
  /** Where application code (tests and tooling left out) filters, joins or loads through a table's columns. */
  columnUses: OrmColumnUse[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    tsOrm: TsOrmFacts;
  }
}

interface OrmAnalyzerOutput extends OrmFileFacts {
  migrateCalls: Array<{ line: number; via: string }>;
  columnUses: OrmColumnUse[];
  /** Dialects a TypeORM DataSource / TypeOrmModule options object names (`type: "postgres"` beside `entities`). */
  dialects: OrmDialect[];
}

/** `{ type: "postgres", entities: [...] }` and other TypeORM connection options: the dialect they name. */
function typeormDialects(tree: SgNode): OrmDialect[] {
  const out: OrmDialect[] = [];
  for (const pair of tree.findAll({ rule: { kind: "pair" } })) {
    if (pair.field("key")?.text() !== "type") continue;
    const value = pair.field("value");
    const literal = value?.kind() === "string" ? value.text().slice(1, -1) : null;
    const siblings = pair.parent()?.text() ?? "";
    if (!literal || !/(entities|synchronize|migrations|autoLoadEntities)\s*:/.test(siblings)) continue;
    const dialect = dialectOf(literal);
    if (dialect) out.push(dialect);
  }
  return out;
}

/** Calls that apply migrations from code: Drizzle's `migrate(db, { migrationsFolder })`, TypeORM and Kysely runners. */
function migrateCalls(tree: SgNode): Array<{ line: number; via: string }> {
  const out: Array<{ line: number; via: string }> = [];
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    const callee = call.field("function");
    const name = callee?.kind() === "member_expression" ? callee.field("property")?.text() : callee?.text();
    const args = call.field("arguments")?.text() ?? "";
    if (
      (name === "migrate" && /migrationsFolder/.test(args)) ||
      name === "runMigrations" ||
      name === "migrateToLatest"
    )
      out.push({ line: lineOf(call), via: call.text().split("\n")[0]?.slice(0, 80) ?? "" });
  }
  for (const pair of tree.findAll({ rule: { kind: "pair" } }))
    if (/^migrationsRun\s*:\s*true$/.test(pair.text())) out.push({ line: lineOf(pair), via: pair.text() });
  return out;
}

export const tsOrmAnalyzer = defineAnalyzer<OrmAnalyzerOutput>({
  id: "ts-orm-schema",
  languages: NODE_LANGUAGES,
  needsTree: true,
  prefilter: (text) =>
    /\b(pg|mysql|sqlite|singlestore)Table\s*\(|\.table\s*\(|@Entity\s*\(|from\s+["']kysely["']|kysely-codegen|migrationFolder|migrationsFolder|migrations\s*:|runMigrations|migrateToLatest|drizzle-kit|TableCreator|drizzle-orm|\.query\.\w+\s*\.\s*find(?:Many|First)\b|[Rr]epository|createQueryBuilder|entities\s*:/.test(
      text,
    ),
  analyze({ tree, text, path }) {
    if (!tree) return undefined;
    const config = drizzleKitConfig(tree, path);
    const output: OrmAnalyzerOutput = {
      tables: [
        ...drizzleTables(tree, path),
        ...typeormEntities(tree, path),
        ...kyselyTables(tree, text, path),
      ],
      migrations: [
        ...(config ? [config] : []),
        ...typeormMigrations(tree, path),
        ...kyselyMigrations(tree, text, path),
      ],
      ...(/\brelations\s*\(/.test(text) ? { relations: drizzleRelations(tree) } : {}),
      migrateCalls: migrateCalls(tree),
      columnUses: columnUses(tree, text, path),
      dialects: /\btype\s*:/.test(text) ? typeormDialects(tree) : [],
    };
    return output.tables.length +
      output.migrations.length +
      (output.relations?.length ?? 0) +
      output.migrateCalls.length +
      output.columnUses.length +
      output.dialects.length >
      0
      ? output
      : undefined;
  },
});

/** Database driver packages TypeORM connects through, by dialect. */
const DRIVER_DIALECT: Readonly<Record<string, OrmDialect>> = {
  pg: "postgresql",
  "pg-native": "postgresql",
  postgres: "postgresql",
  mysql: "mysql",
  mysql2: "mysql",
  mariadb: "mysql",
  sqlite3: "sqlite",
  "better-sqlite3": "sqlite",
  "sql.js": "sqlite",
  "@libsql/client": "sqlite",
};

/** Commands that apply migrations of these ORMs (and Prisma's, which shares the CI question). */
const MIGRATE_COMMAND =
  /\bdrizzle-kit\s+(?:migrate|push)\b|\btypeorm(?:-ts-node-\w+)?\b[^\n]*\bmigration:run\b|\bkysely(?:-ctl)?\s+migrate\b|\bprisma\s+migrate\s+(?:deploy|dev|reset)\b|\bprisma\s+db\s+push\b/;
const SCRIPT_RUN =
  /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+|-w\s+\S+\s+|--filter[= ]\S+\s+(?:run\s+)?)?([\w:.-]+)|\bturbo\s+(?:run\s+)?([\w:.-]+)/g;

/** CI steps that run a migration command, directly or through a package.json script that does. */
function migrateScriptNames(facts: Readonly<Partial<RepoFacts>>): Set<string> {
  return new Set(
    (facts.node?.packages ?? [])
      .flatMap((pkg) => pkg.scripts)
      .filter((script) => MIGRATE_COMMAND.test(script.command))
      .map((script) => script.name),
  );
}

/** The migration command a line of shell runs, directly or through a package.json script, or null. */
function migrateCommandIn(run: string, scripts: ReadonlySet<string>): string | null {
  const direct = MIGRATE_COMMAND.exec(run);
  const viaScript = [...run.matchAll(SCRIPT_RUN)].find((m) => scripts.has(m[1] ?? m[2] ?? ""));
  return direct || viaScript ? (direct?.[0] ?? viaScript?.[0] ?? "").trim() : null;
}

function ciMigrationRuns(facts: Readonly<Partial<RepoFacts>>): MigrationRun[] {
  const scripts = migrateScriptNames(facts);
  const out: MigrationRun[] = [];
  for (const workflow of facts.ci?.workflows ?? [])
    for (const job of workflow.jobs)
      for (const step of job.steps) {
        const run = step.run ?? "";
        const direct = MIGRATE_COMMAND.exec(run);
        const viaScript = [...run.matchAll(SCRIPT_RUN)].find((m) => scripts.has(m[1] ?? m[2] ?? ""));
        if (direct || viaScript)
          out.push({
            path: workflow.path,
            line: step.line,
            via: (direct?.[0] ?? viaScript?.[0] ?? "").trim(),
          });
      }
  return out;
}

/**
 * What Drizzle relations tell the column uses: a `many` relation names the children's foreign key it loads through
 * (set as that column's `inverse`, as TypeORM's `@ManyToOne(() => User, (u) => u.posts)` does), and a nested `with`
 * loads from the table its relation path leads to.
 */
function applyRelations(facts: TsOrmFacts, relations: readonly OrmRelation[]): void {
  const tables = new Map(facts.tables.filter((t) => t.orm === "drizzle").map((t) => [t.name, t]));
  for (const many of relations) {
    if (many.kind !== "many") continue;
    const child = tables.get(many.target);
    if (!child) continue;
    // The `one` on the child side pairs with it: same tables, and the same relationName when either names one.
    const pair = relations.find(
      (r) =>
        r.kind === "one" &&
        r.from === many.target &&
        r.target === many.from &&
        r.fields.length > 0 &&
        r.relationName === many.relationName,
    );
    const keys = pair
      ? child.columns.filter((c) => c.name === pair.fields[0])
      : child.columns.filter((c) => c.references === many.from);
    const key = keys.length === 1 ? keys[0] : undefined;
    if (key && key.references === many.from) key.inverse ??= many.name;
  }
  const targetOf = (from: string, name: string): string | null =>
    relations.find((r) => r.from === from && r.name === name)?.target ?? null;
  facts.columnUses = facts.columnUses.flatMap((use) => {
    if (!use.through) return [use];
    let table: string | null = use.table;
    for (const name of use.through) table = table === null ? null : targetOf(table, name);
    const { through: _through, ...rest } = use;
    return table === null ? [] : [{ ...rest, table }];
  });
}

export const tsOrmCollector = defineCollector({
  id: "tsOrm",
  dependsOn: ["node", "ci"],
  collect(ctx) {
    const facts: TsOrmFacts = {
      orms: [],
      tables: [],
      migrations: [],
      appliedInCi: [],
      appliedByScript: [],
      appliedAtStart: [],
      columnUses: [],
    };
    const typeormDialectsSeen = new Set<OrmDialect>();
    const relations: OrmRelation[] = [];
    for (const { file, value } of ctx.fileFacts(tsOrmAnalyzer)) {
      if (file.isTest || /(^|\/)node_modules\//.test(file.path)) continue;
      facts.tables.push(...value.tables);
      relations.push(...(value.relations ?? []));
      facts.columnUses.push(...(value.columnUses ?? []));
      for (const dialect of value.dialects ?? []) typeormDialectsSeen.add(dialect);
      for (const setting of value.migrations) {
        const prefix = `${setting.folder.replace(/^\.\//, "")}/`;
        // drizzle.config paths are relative to the config's folder; DataSource globs already were resolved.
        const base =
          setting.orm === "drizzle" ? setting.path.slice(0, setting.path.lastIndexOf("/") + 1) : "";
        const folder = `${base}${prefix}`.replace(/\/\.\//g, "/");
        const files = ctx.index.files.filter((f) => f.path.startsWith(folder)).length;
        facts.migrations.push({ ...setting, folder: folder.replace(/\/$/, ""), files });
      }
      for (const call of value.migrateCalls) facts.appliedAtStart.push({ path: file.path, ...call });
    }
    if (relations.length > 0) applyRelations(facts, relations);
    // One dialect for the whole repository fills in the tables whose declaration does not say it (TypeORM, Kysely).
    const dialects = [...new Set(facts.migrations.map((m) => m.dialect).filter((d) => d !== null))];
    if (dialects.length === 1) for (const table of facts.tables) table.dialect ??= dialects[0] ?? null;
    // Else the connection options: one dialect named by every TypeORM DataSource fills in the entities'.
    // Else the database drivers the packages declare: `pg` alone (no mysql2, sqlite3 …) means PostgreSQL, as with
    // `type: process.env.DATABASE_TYPE` and `pg` the only driver installed.
    const drivers = new Set(
      (ctx.facts.node?.dependencies.declared ?? [])
        .filter((d) => !d.dev)
        .map((d) => DRIVER_DIALECT[d.name])
        .filter((d): d is OrmDialect => d !== undefined),
    );
    const only = typeormDialectsSeen.size === 1 ? typeormDialectsSeen : drivers.size === 1 ? drivers : null;
    if (only)
      for (const table of facts.tables) if (table.orm === "typeorm") table.dialect ??= [...only][0] ?? null;
    facts.orms = [
      ...new Set([...facts.tables.map((t) => t.orm), ...facts.migrations.map((m) => m.orm)]),
    ].sort();
    if (facts.orms.length > 0) {
      facts.appliedInCi = ciMigrationRuns(ctx.facts);
      const scripts = migrateScriptNames(ctx.facts);
      for (const file of ctx.index.files) {
        if (!file.path.endsWith(".sh") || /(^|\/)node_modules\//.test(file.path)) continue;
        const lines = (ctx.index.read(file.path) ?? "").split("\n");
        lines.forEach((line, index) => {
          const via = line.trim().startsWith("#") ? null : migrateCommandIn(line, scripts);
          if (via) facts.appliedByScript.push({ path: file.path, line: index + 1, via });
        });
      }
    }
    return facts;
  },
});

const ORM_LABEL: Record<TsOrm, string> = { drizzle: "Drizzle", typeorm: "TypeORM", kysely: "Kysely" };

function describeTsOrm(facts: TsOrmFacts): AreaFactEntry[] {
  const entries: AreaFactEntry[] = [];
  for (const orm of facts.orms) {
    const tables = facts.tables.filter((t) => t.orm === orm);
    const label = ORM_LABEL[orm];
    if (tables.length > 0) {
      const dialects = [...new Set(tables.map((t) => t.dialect ?? "dialect not written"))].sort();
      const references = tables.reduce((n, t) => n + t.columns.filter((c) => c.references).length, 0);
      const indexes = tables.reduce((n, t) => n + t.indexes.length, 0);
      const first = tables[0]!;
      entries.push({
        area: "database",
        label: `${label} tables`,
        value: `${tables.length} (${dialects.join(", ")}; ${references} foreign keys, ${indexes} indexes): ${tables
          .map((t) => t.table ?? t.name)
          .join(", ")}`,
        location: { path: first.path, startLine: first.line, endLine: first.line },
      });
    }
    const seenFolders = new Set<string>();
    for (const setting of facts.migrations.filter((m) => m.orm === orm)) {
      if (seenFolders.has(setting.folder)) continue;
      seenFolders.add(setting.folder);
      entries.push({
        area: "database",
        label: `${label} migrations`,
        value: `${setting.folder} (${setting.files} files)`,
        location: { path: setting.path, startLine: setting.line, endLine: setting.line },
      });
    }
  }
  if (facts.orms.length > 0) {
    const ci = facts.appliedInCi[0];
    const start = facts.appliedAtStart[0] ?? facts.appliedByScript[0];
    entries.push({
      area: "database",
      label: "Migrations applied",
      value: ci
        ? `in CI: ${ci.via}`
        : start
          ? `at start-up or deploy: ${start.via} (not in a CI step)`
          : "no CI step, shell script or start-up call applies them (searched CI run steps, package.json scripts, *.sh, migrate calls)",
      location: ci
        ? { path: ci.path, startLine: ci.line, endLine: ci.line }
        : start
          ? { path: start.path, startLine: start.line, endLine: start.line }
          : null,
    });
  }
  return entries;
}

export default definePack({
  name: "ts-orm",
  analyzers: [tsOrmAnalyzer],
  collectors: [tsOrmCollector],
  describe: (facts) => (facts.tsOrm ? describeTsOrm(facts.tsOrm) : []),
});
