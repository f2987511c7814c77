import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/sql-string-interpolation";

describe(ID, () => {
  it("fires on f-string, %, + and .format SQL, directly and through a local variable", async () => {
    const source = [
      "from sqlalchemy import text",
      "def a(db, name):",
      "    q = f\"SELECT * FROM users WHERE name = '{name}'\"",
      "    return db.execute(text(q))",
      "def b(cur, uid):",
      '    cur.execute("DELETE FROM users WHERE id = %s" % uid)',
      "def c(cur, uid):",
      '    cur.execute("SELECT name FROM users WHERE id = " + uid)',
      "def d(cur, uid):",
      '    cur.executemany("UPDATE users SET a = 1 WHERE id = {}".format(uid), [])',
    ].join("\n");
    const findings = await findingsOf(ID, { "app/repo.py": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([4, 6, 8, 10]);
    expect(findings[0]?.message).toContain("f-string");
  });

  it("stays silent on bound parameters, constants, non-SQL strings and scripts' severity is lowered", async () => {
    const source = [
      "from sqlalchemy import text",
      "TABLE = 'users'",
      "def a(db, name):",
      '    db.execute(text("SELECT * FROM users WHERE name = :n"), {"n": name})',
      '    db.execute(f"SELECT * FROM {TABLE} WHERE id = 1")',
      '    cur.execute("SELECT * FROM users WHERE id = %s", (name,))',
      '    log.info(f"hello {name}")',
      '    runner.execute(f"echo {name}")',
      "    sql, params = qs.query.sql_with_params()",
      '    Model.objects.raw(f"SELECT * FROM ({sql}) t WHERE row_number = 1", params)',
    ].join("\n");
    expect(await findingsOf(ID, { "app/repo.py": source })).toEqual([]);
    const script = await findingsOf(ID, {
      "scripts/fix.py": 'def f(cur, x):\n    cur.execute(f"DELETE FROM t WHERE id = {x}")\n',
    });
    expect(script.map((f) => f.severity)).toEqual(["medium"]);
  });
});
