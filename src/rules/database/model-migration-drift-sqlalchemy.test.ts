import { describe, expect, it } from "vitest";
import { findingsIn, findingsOf } from "../../../test/helpers/audit-harness.js";
import { auditFixture } from "../../../test/helpers/fixture-audit.js";

const RULE = "orm/model-migration-drift";

/** An Alembic revision file whose `upgrade()` runs the given lines. */
const revision = (id: string, down: string | null | string[], body: string[], prelude = ""): string =>
  [
    "import sqlalchemy as sa",
    "from alembic import op",
    prelude,
    `revision = "${id}"`,
    `down_revision = ${down === null ? "None" : Array.isArray(down) ? `(${down.map((d) => `"${d}"`).join(", ")})` : `"${down}"`}`,
    "",
    "",
    "def upgrade():",
    ...body.map((statement) => `    ${statement}`),
    "",
    "",
    "def downgrade():",
    "    pass",
    "",
  ].join("\n");

const INI = "[alembic]\nscript_location = migrations\n";

const declarative = (classes: string): string =>
  [
    "from typing import Optional",
    "from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, String, Table, UniqueConstraint",
    "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column",
    "",
    "",
    "class Base(DeclarativeBase):",
    "    pass",
    "",
    "",
    classes,
  ].join("\n");

const createItems = [
  'op.create_table("items", sa.Column("id", sa.Integer(), nullable=False), sa.Column("name", sa.String(), nullable=False), sa.PrimaryKeyConstraint("id"))',
];

describe(`${RULE} (SQLAlchemy and Alembic)`, () => {
  it("fires on the service's drifted model and its missing table, across a branch and its merge revision", async () => {
    const result = await auditFixture("orm-sqlalchemy");
    const findings = findingsIn(RULE, result);
    expect(
      findings.map((finding) => [
        finding.location?.path,
        finding.location?.startLine,
        finding.severity,
        finding.message,
      ]),
    ).toEqual([
      [
        "app/models.py",
        18,
        "medium",
        "Order (table `orders`) disagrees with the 4 revisions of migrations/versions: " +
          "`note` (app/models.py:26) has no column after the migrations; " +
          "`number` is unique on the model (app/models.py:23) but not unique in the migrations (migrations/versions/1a2b3c4d5e6f_initial.py:29); " +
          "`customer_id` is indexed on the model (app/models.py:24) but not indexed in the migrations (migrations/versions/1a2b3c4d5e6f_initial.py:30)",
      ],
      [
        "app/models.py",
        30,
        "medium",
        "Invoice maps table `invoices`, which none of the 4 revisions of migrations/versions creates: it does not exist after `alembic upgrade head`",
      ],
    ]);
    expect(findings[0]!.fix.text).toContain("alembic revision --autogenerate");
  });

  it("reads SQLModel tables and Flask-SQLAlchemy models (generated table names, db.Column, db.Table)", async () => {
    const findings = await findingsOf(RULE, {
      "alembic.ini": INI,
      "app/models.py": [
        "from sqlmodel import Field, SQLModel",
        "",
        "",
        "class HeroBase(SQLModel):",
        "    name: str = Field(index=True)",
        "    age: int | None = None",
        "",
        "",
        "class Hero(HeroBase, table=True):",
        "    id: int | None = Field(default=None, primary_key=True)",
        "    secret_name: str",
        "",
        "",
        "class HeroPublic(HeroBase):",
        "    id: int",
      ].join("\n"),
      "web/models.py": [
        "from flask_sqlalchemy import SQLAlchemy",
        "",
        "db = SQLAlchemy()",
        "",
        'members = db.Table("team_members", db.Column("team_id", db.Integer, db.ForeignKey("team_member.id")), db.Column("user_id", db.Integer))',
        "",
        "",
        "class TeamMember(db.Model):",
        "    id = db.Column(db.Integer, primary_key=True)",
        "    email = db.Column(db.String(80), unique=True, nullable=False)",
      ].join("\n"),
      "migrations/versions/a1_init.py": revision("a1", null, [
        'op.create_table("hero", sa.Column("id", sa.Integer(), nullable=False), sa.Column("name", sa.String(), nullable=False), sa.Column("age", sa.Integer(), nullable=True), sa.PrimaryKeyConstraint("id"))',
        'op.create_index(op.f("ix_hero_name"), "hero", ["name"], unique=False)',
        'op.create_table("team_member", sa.Column("id", sa.Integer(), nullable=False), sa.Column("email", sa.String(80), nullable=False), sa.PrimaryKeyConstraint("id"))',
        'op.create_table("team_members", sa.Column("team_id", sa.Integer()), sa.Column("user_id", sa.Integer()))',
      ]),
    });
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      [
        "medium",
        "Hero (table `hero`) disagrees with the 1 revisions of migrations/versions: `secret_name` (app/models.py:11) has no column after the migrations",
      ],
      [
        "medium",
        "TeamMember (table `team_member`) disagrees with the 1 revisions of migrations/versions: `email` is unique on the model (web/models.py:10) but not unique in the migrations (migrations/versions/a1_init.py:11)",
      ],
    ]);
  });

  it("follows batch blocks, renames, module-constant names and prefixed table names to the same state as the model", async () => {
    const findings = await findingsOf(RULE, {
      "alembic.ini": INI,
      "app/models.py": declarative(
        [
          "class Item(Base):",
          '    __tablename__ = "goods"',
          "    id: Mapped[int] = mapped_column(Integer, primary_key=True)",
          "    title: Mapped[str] = mapped_column(String, index=True)",
          "    code: Mapped[Optional[str]] = mapped_column(String)",
        ].join("\n"),
      ),
      "migrations/versions/a1_init.py": revision(
        "a1",
        null,
        [
          'prefix = op.get_context().opts["table_prefix"]',
          'op.create_table(f"{prefix}items", sa.Column("id", sa.Integer(), nullable=False), sa.Column("name", sa.String(), nullable=False), sa.Column("code", sa.String(), nullable=False), sa.PrimaryKeyConstraint("id"))',
          'op.create_index(INDEX, f"{prefix}items", ["name"])',
        ],
        'INDEX = "ix_items_name"',
      ),
      "migrations/versions/b2_rename.py": revision("b2", "a1", [
        'op.rename_table("items", "goods")',
        'with op.batch_alter_table("goods") as batch_op:',
        '    batch_op.alter_column("name", new_column_name="title")',
        '    batch_op.alter_column("code", nullable=True)',
      ]),
    });
    expect(findings).toEqual([]);
  });

  it("is silent on a table whose revisions run DDL it cannot follow, and not on data-only SQL", async () => {
    const files = (sql: string): Record<string, string> => ({
      "alembic.ini": INI,
      "app/models.py": declarative(
        'class Item(Base):\n    __tablename__ = "items"\n    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n    name: Mapped[str] = mapped_column(String)\n    owner: Mapped[str] = mapped_column(String)\n',
      ),
      "migrations/versions/a1_init.py": revision("a1", null, [...createItems, `op.execute("${sql}")`]),
    });
    expect(await findingsOf(RULE, files("ALTER TABLE items ADD COLUMN owner varchar"))).toEqual([]);
    const data = await findingsOf(RULE, files("UPDATE items SET name = 'x'"));
    expect(data.map((finding) => finding.severity)).toEqual(["medium"]);
  });

  // False-positive classes met on real services, each with the near-miss that still fires.
  it("does not compare `__table_args__` the model sets at run time (`self.__table_args__ = ...` in __init__)", async () => {
    const files = (init: string): Record<string, string> => ({
      "alembic.ini": INI,
      "app/models.py": declarative(
        [
          "class Item(Base):",
          '    __tablename__ = "items"',
          "    id: Mapped[int] = mapped_column(Integer, primary_key=True)",
          "    name: Mapped[str] = mapped_column(String)",
          "",
          "    def __init__(self, session):",
          `        ${init}`,
        ].join("\n"),
      ),
      "migrations/versions/a1_init.py": revision("a1", null, [
        ...createItems,
        'op.create_unique_constraint("items_name_id_key", "items", ["name", "id"])',
      ]),
    });
    expect(
      await findingsOf(
        RULE,
        files('self.__table_args__ = (UniqueConstraint("name", "id", name="items_name_id_key"),)'),
      ),
    ).toEqual([]);
    const near = await findingsOf(RULE, files("self.session = session"));
    expect(near.map((finding) => finding.severity)).toEqual(["medium"]);
  });

  it("ignores alter_column calls that change only a type, even on tables named at run time", async () => {
    const files = (options: string): Record<string, string> => ({
      "alembic.ini": INI,
      "app/models.py": declarative(
        'class Item(Base):\n    __tablename__ = "items"\n    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n    name: Mapped[str] = mapped_column(String)\n    owner: Mapped[str] = mapped_column(String)\n',
      ),
      "migrations/versions/a1_init.py": revision("a1", null, [
        ...createItems,
        "for table_name, column_name in op.get_bind().execute(QUERY).fetchall():",
        `    op.alter_column(table_name=table_name, column_name=column_name, ${options})`,
      ]),
    });
    const typeOnly = await findingsOf(RULE, files("type_=sa.DateTime(timezone=True)"));
    expect(typeOnly.map((finding) => finding.severity)).toEqual(["medium"]);
    // Near miss: a rename on a table named at run time may be any table's: not comparable.
    expect(await findingsOf(RULE, files('new_column_name="owner"'))).toEqual([]);
  });

  it("leaves out Table objects on a MetaData of their own (another database queried with Core)", async () => {
    const files = (metadata: string): Record<string, string> => ({
      "alembic.ini": INI,
      "app/warehouse.py": [
        "from sqlalchemy import Column, MetaData, String, Table",
        "from app.models import Base",
        "",
        "metadata = MetaData()",
        "",
        `events = Table("events_by_day", ${metadata}, Column("id", String), Column("name", String))`,
      ].join("\n"),
      "app/models.py": declarative(""),
      "migrations/versions/a1_init.py": revision("a1", null, createItems),
    });
    expect(await findingsOf(RULE, files("metadata"))).toEqual([]);
    const near = await findingsOf(RULE, files("Base.metadata"));
    expect(near.map((finding) => finding.severity)).toEqual(["medium"]);
  });

  it("takes a subclass with a __tablename__ but no columns of its own as sharing its parent's table", async () => {
    const files = (ownColumn: string): Record<string, string> => ({
      "alembic.ini": INI,
      "app/models.py": declarative(
        [
          "class Item(Base):",
          '    __tablename__ = "items"',
          "    id: Mapped[int] = mapped_column(Integer, primary_key=True)",
          "    name: Mapped[str] = mapped_column(String)",
          "",
          "",
          "class SpecialItem(Item):",
          '    __tablename__ = "special_items"',
          '    __mapper_args__ = {"polymorphic_identity": "special"}',
          ownColumn,
        ].join("\n"),
      ),
      "migrations/versions/a1_init.py": revision("a1", null, createItems),
    });
    expect(await findingsOf(RULE, files(""))).toEqual([]);
    const near = await findingsOf(
      RULE,
      files('    id: Mapped[int] = mapped_column(ForeignKey("items.id"), primary_key=True)'),
    );
    expect(near.map((finding) => finding.message)).toEqual([
      "SpecialItem maps table `special_items`, which none of the 1 revisions of migrations/versions creates: it does not exist after `alembic upgrade head`",
    ]);
  });

  it("lowers a missing table to low when the application also runs create_all()", async () => {
    const findings = await findingsOf(RULE, {
      "alembic.ini": INI,
      "app/models.py": declarative(
        'class Coupon(Base):\n    __tablename__ = "coupons"\n    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n',
      ),
      "app/bootstrap.py":
        "from app.models import Base\n\n\ndef init(engine):\n    Base.metadata.create_all(engine)\n",
      "migrations/versions/a1_init.py": revision("a1", null, createItems),
    });
    expect(findings.map((finding) => finding.severity)).toEqual(["low"]);
  });
  it("reads a column renamed with name= and a relationship wrapped in parentheses", async () => {
    const findings = await findingsOf(RULE, {
      "alembic.ini": INI,
      "app/models.py": declarative(
        [
          "class Account(Base):",
          '    __tablename__ = "accounts"',
          "    id: Mapped[int] = mapped_column(Integer, primary_key=True)",
          '    _fee: Mapped[Optional[int]] = mapped_column(Integer, name="fee", nullable=True)',
          '    items: Mapped[list["Item"]] = (',
          '        relationship("Item", back_populates="account")',
          "    )",
          '    owner: Mapped[Optional[str]] = mapped_column(String, name="owner_name")',
        ].join("\n"),
      ),
      "migrations/versions/a1_init.py": revision("a1", null, [
        'op.create_table("accounts", sa.Column("id", sa.Integer(), nullable=False), sa.Column("fee", sa.Integer(), nullable=True), sa.PrimaryKeyConstraint("id"))',
      ]),
    });
    // Near miss: `owner_name` has no column.
    expect(findings.map((finding) => finding.message)).toEqual([
      "Account (table `accounts`) disagrees with the 1 revisions of migrations/versions: `owner_name` (app/models.py:17) has no column after the migrations",
    ]);
  });

  it("counts a constraint created in both branches of a dialect switch once", async () => {
    const files = (other: string): Record<string, string> => ({
      "alembic.ini": INI,
      "app/models.py": declarative(
        'class Item(Base):\n    __tablename__ = "items"\n    __table_args__ = (UniqueConstraint("name", "id"),)\n    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n    name: Mapped[str] = mapped_column(String)\n',
      ),
      "migrations/versions/a1_init.py": revision("a1", null, [
        ...createItems,
        'if op.get_bind().dialect.name == "sqlite":',
        '    with op.batch_alter_table("items") as batch_op:',
        '        batch_op.create_unique_constraint(op.f("items_name_id_key"), ["name", "id"])',
        "else:",
        `    op.create_unique_constraint(op.f("${other}"), "items", ["name", "id"])`,
      ]),
    });
    expect(await findingsOf(RULE, files("items_name_id_key"))).toEqual([]);
    // Near miss: two differently named constraints are two constraints.
    const near = await findingsOf(RULE, files("items_name_id_key2"));
    expect(near.map((finding) => finding.severity)).toEqual(["medium"]);
  });
});
