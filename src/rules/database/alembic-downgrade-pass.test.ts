import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/alembic-downgrade-pass";

const migration = (downgrade: string): string =>
  [
    '"""add column"""',
    "import sqlalchemy as sa",
    "from alembic import op",
    "",
    'revision = "a1"',
    'down_revision = "a0"',
    "",
    "def upgrade():",
    '    op.add_column("users", sa.Column("age", sa.Integer()))',
    "",
    "def downgrade():",
    downgrade,
  ].join("\n");

describe(ID, () => {
  it("fires on a downgrade that is only pass or a docstring", async () => {
    const findings = await findingsOf(ID, {
      "migrations/versions/a1_add.py": migration("    pass\n"),
      "alembic/versions/b2.py": migration('    """nothing"""\n').replace('"a1"', '"b2"'),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "alembic/versions/b2.py:11",
      "migrations/versions/a1_add.py:11",
    ]);
    expect(findings[0]?.message).toContain("b2");
  });

  it("stays silent on a real downgrade, an explicit NotImplementedError, and non-migration files", async () => {
    const files = {
      "migrations/versions/a1.py": migration('    op.drop_column("users", "age")\n'),
      "migrations/versions/a3.py": migration("    pass\n").replace(
        'op.add_column("users", sa.Column("age", sa.Integer()))',
        'op.execute("UPDATE users SET age = 0")',
      ),
      "migrations/versions/a2.py": migration('    raise NotImplementedError("irreversible")\n'),
      "app/hooks.py": "revision = 3\ndef upgrade():\n    do()\ndef downgrade():\n    pass\n",
    };
    expect(await findingsOf(ID, files)).toEqual([]);
  });

  it("is low when the revision documents that it cannot be undone, medium when its docstring says anything else", async () => {
    const findings = await findingsOf(ID, {
      "migrations/versions/a1.py": migration('    """No downgrade, see the original migration a0."""\n'),
      "migrations/versions/b2.py": migration("    pass\n")
        .replace('"""add column"""', '"""\nDrop old constraints.\n\nThis is the irreversible part.\n"""')
        .replace('"a1"', '"b2"'),
      "migrations/versions/c3.py": migration('    """Downgrade the users table."""\n').replace(
        '"a1"',
        '"c3"',
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["migrations/versions/a1.py", "low"],
      ["migrations/versions/b2.py", "low"],
      ["migrations/versions/c3.py", "medium"],
    ]);
    expect(findings[0]?.message).toContain("documents it as irreversible");
  });

  it("is low when the upgrade also moves data (irreversible by nature)", async () => {
    const encrypt = migration("    pass\n").replace(
      'op.add_column("users", sa.Column("age", sa.Integer()))',
      'op.add_column("users", sa.Column("secret", sa.LargeBinary()))\n    conn = op.get_bind()\n    conn.execute(encrypt_all)\n    op.drop_column("users", "plain")',
    );
    const findings = await findingsOf(ID, { "migrations/versions/a4.py": encrypt });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
    expect(findings[0]?.message).toContain("moves data");
  });
});
