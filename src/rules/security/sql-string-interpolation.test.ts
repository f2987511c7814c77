import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/sql-string-interpolation";

describe(ID, () => {
  it("takes bind-parameter names, quoting helpers and arithmetic on numbers as assembled by code", async () => {
    const source = [
      "import sqlalchemy as sa",
      "def literal_string(s):",
      '    return "\'" + s.replace("\'", "\'\'") + "\'"',
      "def identifier(s):",
      "    return '\"' + s.replace('\"', '\"\"') + '\"'",
      "def insert(conn, res_id, names, rows):",
      "    sql = 'INSERT INTO {t} ({c}) VALUES ({v})'.format(",
      "        t=identifier(res_id),",
      "        c=', '.join([identifier(n) for n in names]),",
      "        v=', '.join([f':val_{idx}' for idx in range(len(names))]))",
      "    conn.execute(sa.text(sql), rows)",
      "def update(conn, res_id, placeholders, values):",
      "    marks = [':' + p for p in placeholders]",
      "    sql = 'UPDATE {t} SET (a, b) = ({v}) WHERE id = :id'.format(t=identifier(res_id), v=', '.join(marks))",
      "    conn.execute(sa.text(sql), values)",
      "def kind(conn, res_id):",
      "    conn.execute(sa.text(f'SELECT table_type FROM information_schema.tables WHERE table_name = {literal_string(res_id)}'))",
      "def upsert(conn, res_id, names, include, values):",
      "    cols = ', '.join(identifier(n) for n in names)",
      "    params = dict(t=identifier(res_id), c=cols, r='RETURNING {c}'.format(c='_id, ' + cols) if include else '')",
      "    conn.execute(sa.text('INSERT INTO {t} ({c}) VALUES (:a) {r}'.format(**params)), values)",
      "def limited(conn, rows_max):",
      "    conn.execute(sa.text('SELECT * FROM t WHERE a = 1 LIMIT {0}'.format(rows_max + 1)))",
      // near misses: a raw value, a value concatenated with text, names from the request
      "def raw(conn, name, cols):",
      "    conn.execute(sa.text(f\"SELECT * FROM t WHERE name = '{name}'\"))",
      "    conn.execute(sa.text('SELECT * FROM t WHERE name = {0}'.format(name + 'x')))",
      "    conn.execute(sa.text('SELECT * FROM t WHERE a IN ({0})'.format(', '.join([c for c in cols]))))",
      "    conn.execute(sa.text('SELECT * FROM t WHERE a = {0}'.format(':' + name)))",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/backend.py": source });
    expect(findings.map((f) => `${f.location?.startLine} ${f.severity}`)).toEqual([
      "25 high",
      "26 high",
      "27 high",
      // a bind name with no value bound beside it: SQL the code assembled, not proven safe
      "28 medium",
    ]);
  });

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
    expect(script.map((f) => f.severity)).toEqual(["low"]);
  });

  it("reports values high, dynamic identifiers lower, and stays silent on identifiers that come from code", async () => {
    const source = [
      "import sqlalchemy as sa",
      "SORT_COLUMNS = {'name': 'name', 'date': 'created_at'}",
      "def a(session, model, recipe):",
      '    session.execute(sa.text(f"UPDATE {model.__tablename__} SET slug=:slug WHERE id=:id").bindparams(slug=recipe.slug, id=recipe.id))',
      "def b(cur, sort, limit):",
      '    cur.execute(f"SELECT * FROM recipes ORDER BY {SORT_COLUMNS[sort]} LIMIT {int(limit)}")',
      "def c(cur, rows):",
      "    for table in ('recipes', 'foods'):",
      '        cur.execute(f"DELETE FROM {table} WHERE id = %s", (rows[0],))',
      "    marks = ', '.join(['?'] * len(rows))",
      '    cur.execute(f"SELECT * FROM recipes WHERE id IN ({marks})", rows)',
      "def d(cur, table, name):",
      '    cur.execute(f"SELECT * FROM {table} WHERE name = %s", (name,))',
      '    cur.execute(f"SELECT * FROM {table}")',
      "    cur.execute(f\"SELECT * FROM recipes WHERE name = '{name}'\")",
      "def e(db):",
      "    db.execute(",
      "        f\"DELETE FROM payments WHERE time < {db.timestamp_placeholder('now')} AND x = {db.flag}\"  # noqa: S608",
      "    )",
      '    db.execute(f"CREATE TABLE {db.schema}.events_{db.suffix} (id int)")',
    ].join("\n");
    const findings = await findingsOf(ID, { "app/repo.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "13:low",
      "14:medium",
      "15:high",
      "17:low",
      "20:low",
    ]);
    expect(findings[2]?.message).toContain("interpolates `name` where a value goes");
    const wrapped = [
      "class Db:",
      "    async def fetch_page(self, query, clause, values):",
      '        count_query = f"""SELECT COUNT(*) FROM ({query} {clause}) AS count"""',
      "        await self.execute(count_query, values)",
      "    async def purge(self, days):",
      '        sql = f"DELETE FROM audit WHERE created < {self.now_expr()} - {days}"  # noqa: S608',
      "        await self.execute(sql)",
    ].join("\n");
    expect(
      (await findingsOf(ID, { "app/db.py": wrapped })).map((f) => `${f.location?.startLine}:${f.severity}`),
    ).toEqual(["7:low"]);
    const migration = await findingsOf(ID, {
      "alembic/versions/0001_names.py":
        "def upgrade(cur, name):\n    cur.execute(f\"UPDATE t SET a = '{name}'\")\n",
    });
    expect(migration.map((f) => f.severity)).toEqual(["low"]);
  });
  it("is low in a typer command, medium for the same dynamic table name in application code (near miss)", async () => {
    const findings = await findingsOf(ID, {
      "app/store.py": [
        "class Store:",
        "    def truncate(self, tables):",
        "        for table in tables:",
        '            self.db.execute(f"DELETE FROM {table}")',
        "    def old(self, table):",
        '        self.db.execute(f"DELETE FROM {table} WHERE expire < 10")',
        "",
      ].join("\n"),
      "app/cli.py": [
        "import typer",
        "app = typer.Typer()",
        "@app.command()",
        "def purge(table: str):",
        '    db.execute(f"DELETE FROM {table} WHERE expire < 10")',
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["app/cli.py", 5, "low"],
      ["app/store.py", 4, "medium"],
      ["app/store.py", 6, "medium"],
    ]);
  });

  it("stays silent on table names from the program's own list of tables, fires on one from elsewhere", async () => {
    const source = [
      "class Cache:",
      "    @property",
      "    def table_names(self):",
      "        return [r[0] for r in self.DB.execute(\"SELECT name FROM sqlite_master WHERE type='table'\")]",
      "    def clear(self):",
      "        self.truncate_tables(self.table_names)",
      "    def truncate_tables(self, table_names):",
      "        for table in table_names:",
      '            self.DB.execute(f"DELETE FROM {table}")',
      "    def pairs(self, ctx):",
      "        table = ctx.name",
      "        if table in self.table_names:",
      '            return self.DB.execute(f"SELECT key, value FROM {table}")',
      "    def state(self):",
      "        for table in self.table_names:",
      '            self.DB.execute(f"SELECT key, value, expire FROM {table}")',
      "    def lookup(self, request, ctx):",
      "        table = ctx.name",
      "        if table not in self.table_names:",
      '            self.DB.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT)")',
      "        for column in request.args:",
      '            self.DB.execute(f"SELECT {column} FROM pairs")',
      '        return self.DB.execute(f"SELECT key FROM {table}")',
    ].join("\n");
    const findings = await findingsOf(ID, { "app/cache.py": source });
    // The DDL under `not in` is low as DDL; the column from the request and the unchecked table are reported.
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "20:low",
      "22:medium",
      "23:medium",
    ]);
  });
});
