import { describe, expect, it } from "vitest";
import { parseSource } from "../../parse/grammar-registry.js";
import { importMap } from "../python/syntax.js";
import { orderRevisions, replayAlembic } from "./alembic-state.js";
import { alembicRevisionOf, ddlTablesOf, sqlalchemyModelsOf } from "./sqlalchemy-syntax.js";
import { flaskTableName } from "./sqlalchemy-tables.js";

const tree = (source: string) => parseSource("python", source)!.root();
const models = (source: string) => sqlalchemyModelsOf(tree(source), importMap(tree(source)));
const revision = (source: string, path = "migrations/versions/x.py") => ({
  ...alembicRevisionOf(tree(source))!,
  path,
});

describe("SQLAlchemy model files", () => {
  it("reads nullability the way each style defaults it", () => {
    const [cls] = models(
      [
        "from typing import Optional",
        "from sqlalchemy import Column, Integer, String",
        "from sqlalchemy.orm import Mapped, mapped_column",
        "class User(Base):",
        '    __tablename__ = "users"',
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        "    name: Mapped[str] = mapped_column(String)",
        "    nick: Mapped[Optional[str]] = mapped_column(String)",
        "    bio: Mapped[str | None]",
        '    kind = Column("type", String, nullable=False, index=True)',
        "    note = Column(String)",
      ].join("\n"),
    ).classes;
    expect(cls!.columns.map((column) => [column.name, column.attribute, column.null, column.index])).toEqual([
      ["id", "id", false, undefined],
      ["name", "name", false, false],
      ["nick", "nick", true, false],
      ["bio", "bio", true, false],
      ["type", "kind", false, true],
      ["note", "note", true, false],
    ]);
  });

  it("leaves a project's own `Column` wrapper's nullability unknown", () => {
    const file = models(
      [
        "import functools",
        "from flask_sqlalchemy import SQLAlchemy",
        "db = SQLAlchemy()",
        "Column = functools.partial(db.Column, nullable=False)",
        "class Query(db.Model):",
        "    name = Column(db.String(255))",
        "    note = db.Column(db.Text)",
      ].join("\n"),
    );
    expect(file.roots).toEqual(["db.Model"]);
    expect(file.classes[0]!.columns.map((column) => column.null)).toEqual(["dynamic", true]);
  });

  it("reads __table_args__ constraints, and none when computed", () => {
    const file = models(
      [
        "from sqlalchemy import Index, UniqueConstraint",
        "class A(Base):",
        '    __tablename__ = "a"',
        '    __table_args__ = (UniqueConstraint("x", "y", name="a_x_y"), Index("ix_a_z", "z", unique=True), {"schema": "s"})',
        "class B(Base):",
        '    __tablename__ = "b"',
        "    @declared_attr",
        "    def __table_args__(cls):",
        "        return ()",
      ].join("\n"),
    );
    expect(file.classes[0]!.tableArgs?.map((index) => [index.name, index.unique, index.columns])).toEqual([
      ["a_x_y", true, ["x", "y"]],
      ["ix_a_z", true, ["z"]],
    ]);
    expect(file.classes[1]!.tableArgs).toBeNull();
  });

  it("names Flask-SQLAlchemy tables as it does", () => {
    expect(["User", "UserRole", "HTTPResponse", "OAuth2Token"].map(flaskTableName)).toEqual([
      "user",
      "user_role",
      "http_response",
      "o_auth2_token",
    ]);
  });
});

describe("Alembic revisions", () => {
  it("reads the operations of upgrade() only, batch blocks with their table", () => {
    const read = revision(
      [
        "from alembic import op",
        'revision = "b2"',
        'down_revision = ("a1", "a2")',
        "def upgrade():",
        '    with op.batch_alter_table("orders") as batch_op:',
        '        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))',
        '        batch_op.create_index(batch_op.f("ix_orders_note"), ["note"], unique=False)',
        '    op.alter_column("orders", "total", type_=sa.Numeric())',
        "def downgrade():",
        '    op.drop_table("orders")',
      ].join("\n"),
    );
    expect(read.parents).toEqual(["a1", "a2"]);
    expect(
      read.operations.map((operation) => [operation.op, "table" in operation ? operation.table : null]),
    ).toEqual([
      ["add-column", "orders"],
      ["create-index", "orders"],
    ]);
  });

  it("tells schema-changing SQL from data changes", () => {
    expect(ddlTablesOf("UPDATE users SET a = 1")).toEqual([]);
    expect(ddlTablesOf("CREATE EXTENSION IF NOT EXISTS pg_trgm")).toEqual([]);
    expect(
      ddlTablesOf('ALTER TABLE "public"."users" ADD COLUMN x int; CREATE INDEX ix ON orders (a)'),
    ).toEqual(["users", "orders"]);
    expect(ddlTablesOf("DROP INDEX ix_name; ALTER TABLE t DROP CONSTRAINT c")).toBeNull();
  });

  it("replays a branch and its merge after both parents", () => {
    const rev = (id: string, down: string, body: string, path: string) =>
      revision(
        `from alembic import op\nrevision = "${id}"\ndown_revision = ${down}\ndef upgrade():\n    ${body}\n`,
        path,
      );
    const revisions = [
      rev("m", '("b", "c")', 'op.drop_column("t", "old")', "v/1_merge.py"),
      rev("c", '"a"', 'op.create_table("u", sa.Column("id", sa.Integer(), primary_key=True))', "v/2_c.py"),
      rev("b", '"a"', 'op.add_column("t", sa.Column("new", sa.Integer()))', "v/3_b.py"),
      rev(
        "a",
        "None",
        'op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("old", sa.Text()))',
        "v/4_a.py",
      ),
    ];
    expect(orderRevisions(revisions).map((r) => r.revision)).toEqual(["a", "c", "b", "m"]);
    const state = replayAlembic("v", revisions);
    expect([...state.tables.keys()]).toEqual(["t", "u"]);
    expect([...state.tables.get("t")!.columns.keys()]).toEqual(["id", "new"]);
  });
});
