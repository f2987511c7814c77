import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";

describe("ts-orm facts", () => {
  it("reads Drizzle tables with columns, foreign keys and indexes, the drizzle-kit out folder and CI's migrate step", async () => {
    const { facts, areaFacts } = await analyseFiles({
      "packages/db/src/schema.ts": [
        'import { index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";',
        'export const users = pgTable("users", { id: integer("id").primaryKey(), email: text("email").unique() });',
        "export const posts = pgTable(",
        '  "posts",',
        "  {",
        '    id: integer("id").primaryKey(),',
        '    authorId: integer("author_id").notNull().references(() => users.id),',
        '    slug: text("slug"),',
        "  },",
        '  (t) => [index("posts_slug_idx").on(t.slug, t.id), uniqueIndex("u").on(t.id).where(sql`true`)],',
        ");",
        'export const tags = pgTable("tags", { postId: integer("post_id"), tag: text("tag") }, (t) => ({ pk: primaryKey({ columns: [t.postId, t.tag] }) }));',
        "",
      ].join("\n"),
      "packages/db/drizzle.config.ts":
        'import { defineConfig } from "drizzle-kit";\nexport default defineConfig({ schema: "./src/schema.ts", out: "./migrations", dialect: "postgresql" });\n',
      "packages/db/migrations/0000_init.sql": "CREATE TABLE users (id integer primary key);\n",
      "packages/db/package.json": '{ "name": "db", "scripts": { "db:migrate": "drizzle-kit migrate" } }\n',
      ".github/workflows/deploy.yml":
        "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pnpm --filter db db:migrate\n",
    });
    expect(facts.tsOrm.orms).toEqual(["drizzle"]);
    expect(
      facts.tsOrm.tables.map((t) => [
        t.name,
        t.table,
        t.dialect,
        t.columns
          .map(
            (c) =>
              `${c.name}${c.primary ? "!" : ""}${c.unique ? "u" : ""}${c.references ? `->${c.references}` : ""}`,
          )
          .join(" "),
        t.indexes.map((i) => `${i.kind}(${i.columns.join(",")})`).join(" "),
      ]),
    ).toEqual([
      ["users", "users", "postgresql", "id! emailu", ""],
      ["posts", "posts", "postgresql", "id! authorId->users slug", "index(slug,id) unique(id)"],
      ["tags", "tags", "postgresql", "postId tag", "primary(postId,tag)"],
    ]);
    expect(facts.tsOrm.migrations.map((m) => [m.folder, m.files, m.dialect])).toEqual([
      ["packages/db/migrations", 1, "postgresql"],
    ]);
    expect(facts.tsOrm.appliedInCi.map((run) => [run.path, run.via])).toEqual([
      [".github/workflows/deploy.yml", "pnpm --filter db db:migrate"],
    ]);
    const labels = areaFacts
      .filter((entry) => entry.area === "database")
      .map((entry) => `${entry.label}: ${entry.value}`);
    expect(labels).toContain("Drizzle tables: 3 (postgresql; 1 foreign keys, 3 indexes): users, posts, tags");
    expect(labels).toContain("Migrations applied: in CI: pnpm --filter db db:migrate");
  });

  it("reads TypeORM entities (owning relations, property and class indexes), DataSource migrations, and Kysely tables", async () => {
    const { facts } = await analyseFiles({
      "src/users/user.entity.ts": [
        'import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, OneToMany, PrimaryGeneratedColumn } from "typeorm";',
        '@Entity({ name: "user" })',
        '@Index(["teamId", "email"])',
        "export class UserEntity {",
        "  @PrimaryGeneratedColumn() id: number;",
        "  @Column({ unique: true }) email: string;",
        "  @ManyToOne(() => TeamEntity) team: TeamEntity;",
        "  @ManyToOne(() => RoleEntity) role: RoleEntity;",
        "  @OneToOne(() => FileEntity) @JoinColumn() photo: FileEntity;",
        "  @OneToMany(() => PostEntity, (p) => p.author) posts: PostEntity[];",
        "  @Index() @ManyToOne(() => StatusEntity) status: StatusEntity;",
        "}",
        "",
      ].join("\n"),
      "src/database/data-source.ts":
        "export const AppDataSource = new DataSource({ type: 'postgres', entities: [], migrations: [__dirname + '/migrations/**/*{.ts,.js}'] });\n",
      "src/database/migrations/1700000000000-Init.ts": "export class Init1700000000000 {}\n",
      "src/db/types.ts":
        'import type { ColumnType } from "kysely";\nexport interface DB {\n  person: PersonTable;\n  "audit.log": LogTable;\n}\n',
      "src/db/migrate.ts":
        'const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder: path.join(__dirname, "migrations") }) });\nawait migrator.migrateToLatest();\n',
    });
    const user = facts.tsOrm.tables.find((t) => t.orm === "typeorm");
    expect(user?.table).toBe("user");
    expect(user?.dialect).toBe("postgresql");
    expect(user?.columns.map((c) => `${c.name}${c.references ? `->${c.references}` : ""}`)).toEqual([
      "id",
      "email",
      "team->TeamEntity",
      "role->RoleEntity",
      "photo->FileEntity",
      "status->StatusEntity",
    ]);
    expect(user?.indexes.map((i) => `${i.kind}(${i.columns.join(",")})`)).toEqual([
      "index(status)",
      "index(team,email)",
    ]);
    expect(facts.tsOrm.tables.filter((t) => t.orm === "kysely").map((t) => t.name)).toEqual([
      "person",
      "audit.log",
    ]);
    expect(facts.tsOrm.migrations.map((m) => [m.orm, m.folder, m.files])).toEqual([
      ["typeorm", "src/database/migrations", 1],
      ["kysely", "src/db/migrations", 0],
    ]);
    expect(facts.tsOrm.appliedAtStart.map((run) => `${run.path}:${run.line}`)).toEqual([
      "src/db/migrate.ts:2",
    ]);
  });
});
