import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/sql-built-with-sprintf", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/sql-built-with-sprintf", {
      "internal/app/app.go": pkg(
        `"database/sql"\n"fmt"`,
        'func a(db *sql.DB, name string) {\n\tdb.Query("SELECT * FROM users WHERE name = \'" + name + "\'")\n}\n\nfunc b(db *sql.DB, col string) {\n\tq := fmt.Sprintf("SELECT %s FROM users", col)\n\tdb.Exec(q)\n}',
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([9, 14]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/sql-built-with-sprintf", {
        "internal/app/app.go": pkg(
          `"database/sql"\n"fmt"`,
          'const table = "users"\n\nfunc a(db *sql.DB, name string) {\n\tdb.Query("SELECT * FROM " + table + " WHERE name = $1", name)\n\tdb.Query("SELECT * FROM users WHERE name = $1", name)\n\tlog := fmt.Sprintf("hello %s", name)\n\tdb.Exec("INSERT INTO logs (line) VALUES ($1)", log)\n}',
        ),
      }),
    ).toEqual([]);
  });
});

describe("go/sql-built-with-sprintf: identifiers from code and query builders", () => {
  const file = (body: string) =>
    pkg(`"database/sql"\n"fmt"\n"strconv"\n"strings"\n\n"github.com/lib/pq"`, body);

  it("is silent on quoted identifiers, literal column lists, numbers and builder fragments beside bound values", async () => {
    const body = [
      "func a(db *sql.DB, field, value string) {",
      "\tdb.QueryRow(`SELECT true FROM users WHERE ` + pq.QuoteIdentifier(field) + `=$1`, value)",
      "}",
      "",
      "func b(db *sql.DB, withContent bool, limit int) {",
      "\tcolumns := []string{`id`, `url`}",
      "\tif withContent {",
      "\t\tcolumns = append(columns, `content`)",
      "\t}",
      '\tquery := `SELECT ` + strings.Join(columns, ",") + ` FROM bookmark`',
      '\tquery += " LIMIT " + strconv.Itoa(limit)',
      "\tdb.Query(query)",
      "}",
      "",
      "type builder struct {",
      "\tconditions []string",
      "\targs []any",
      "}",
      "",
      "func (b *builder) fetch(db *sql.DB) {",
      "\tquery := `SELECT id FROM feeds`",
      '\tquery += " WHERE " + strings.Join(b.conditions, " AND ")',
      "\tdb.Query(query, b.args...)",
      '\tdb.Exec(fmt.Sprintf("DELETE FROM feeds WHERE id = %d", len(b.args)))',
      "}",
      "",
      "func (b *builder) entries(db *sql.DB) {",
      '\tquery := "SELECT id, " + b.contentColumn() + " FROM entries WHERE " + b.where()',
      "\tdb.Query(query, b.args...)",
      "}",
    ].join("\n");
    expect(await findingsOf("go/sql-built-with-sprintf", { "internal/store/store.go": file(body) })).toEqual(
      [],
    );
  });

  it("reports values high, dynamic table names lower (low from a parameter named `table`), and migrations and DDL low", async () => {
    const body = [
      "func a(db *sql.DB, table, name string) {",
      '\tdb.Query("SELECT * FROM " + table + " WHERE name = $1", name)',
      '\tdb.Query("SELECT * FROM " + table)',
      "\tdb.Query(fmt.Sprintf(\"SELECT * FROM users WHERE name = '%s'\", name))",
      '\tdb.Exec("DROP TABLE IF EXISTS " + table)',
      "}",
    ].join("\n");
    const findings = await findingsOf("go/sql-built-with-sprintf", { "internal/store/store.go": file(body) });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "13:low",
      "14:low",
      "15:high",
      "16:low",
    ]);
    const migration = await findingsOf("go/sql-built-with-sprintf", {
      "internal/database/migrations/001.go": file(
        'func up(db *sql.DB, name string) {\n\tdb.Exec("UPDATE t SET a = \'" + name + "\'")\n}',
      ),
    });
    expect(migration.map((f) => f.severity)).toEqual(["low"]);
  });
});

describe("go/sql-built-with-sprintf: the column list of an INSERT into an interpolated table", () => {
  it("takes INSERT INTO {table} ({columns}) for identifiers (low beside bound values), and still reports the values", async () => {
    const body = [
      "func insert(db *sql.DB, table string, cols, placeholders []string, args []any) error {",
      '\tq := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, joinQuoted(cols), strings.Join(placeholders, ", "))',
      "\t_, err := db.Exec(q, args...)",
      "\treturn err",
      "}",
      "",
      "func insertName(db *sql.DB, table, cols, name string) error {",
      "\tq := fmt.Sprintf(\"INSERT INTO %s (%s) VALUES ('%s')\", table, cols, name)",
      "\t_, err := db.Exec(q)",
      "\treturn err",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/sql-built-with-sprintf", {
      "internal/store/copy.go": pkg(`"database/sql"\n"fmt"\n"strings"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["11:low", "17:high"]);
  });
});

describe("go/sql-built-with-sprintf: identifier helpers", () => {
  it("keeps a helper low whose identifier-named parameters land in identifier slots (COUNT(%s) FROM %s)", async () => {
    const body = [
      "func ColumnExists(db *sql.DB, tableName string, columnName string) bool {",
      "\tvar found string",
      "\terr := db.QueryRowContext(context.Background(), fmt.Sprintf(`SELECT COUNT(%s) FROM %s`, columnName, tableName)).Scan(&found)",
      "\treturn err == nil",
      "}",
      "",
      "func Count(db *sql.DB, what string, from string) {",
      "\tdb.QueryRowContext(context.Background(), fmt.Sprintf(`SELECT COUNT(%s) FROM %s`, what, from))",
      "}",
      "",
      "func Lookup(db *sql.DB, tableName string) {",
      "\tdb.QueryRowContext(context.Background(), fmt.Sprintf(`SELECT id FROM users WHERE name = %s`, tableName))",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/sql-built-with-sprintf", {
      "internal/store/helpers.go": pkg(`"context"\n"database/sql"\n"fmt"`, body),
    });
    // The helper is low; parameters not named as identifiers stay medium; an identifier-named one where a value
    // goes stays high.
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "11:low",
      "16:medium",
      "20:high",
    ]);
    expect(findings[0]?.message).toContain("a parameter of ColumnExists named as one");
  });
});

describe("go/sql-built-with-sprintf: query builders with many appends", () => {
  // A store method that appends to `where` once per filter and formats `IN (…)` lists and LIMIT/OFFSET: every piece
  // is traced back through the function's assignments, which must stay linear in their number.
  const builder = (extra: string) => {
    const lines = ["func List(db *sql.DB, f Filter) error {", '\twhere, args := []string{"1 = 1"}, []any{}'];
    for (let i = 0; i < 8; i++)
      lines.push(
        `\tif f.V${i} != nil {\n\t\twhere, args = append(where, "c${i} = ?"), append(args, *f.V${i})\n\t}`,
      );
    for (let i = 0; i < 6; i++)
      lines.push(
        `\tif len(f.IDs${i}) > 0 {\n\t\tplaceholders${i} := []string{}\n\t\tfor _, id := range f.IDs${i} {\n\t\t\tplaceholders${i} = append(placeholders${i}, "?")\n\t\t\targs = append(args, id)\n\t\t}\n\t\tin${i} := strings.Join(placeholders${i}, ", ")\n\t\twhere = append(where, fmt.Sprintf("(a${i} IN (%s) OR b${i} IN (%s))", in${i}, in${i}))\n\t}`,
      );
    lines.push(extra);
    lines.push('\tquery := `SELECT id FROM t WHERE ` + strings.Join(where, " AND ")');
    lines.push(
      '\tif f.Limit != nil {\n\t\tquery = fmt.Sprintf("%s LIMIT %d", query, *f.Limit)\n\t\tif f.Offset != nil {\n\t\t\tquery = fmt.Sprintf("%s OFFSET %d", query, *f.Offset)\n\t\t}\n\t}',
    );
    lines.push("\t_, err := db.Query(query, args...)\n\treturn err\n}");
    return { "store/list.go": pkg(`"database/sql"\n"fmt"\n"strings"`, lines.join("\n")) };
  };

  // How long the search takes is measured by the benchmarks, not asserted here (a loaded machine would fail a time
  // limit): a search that grows without bound with the appends runs out the test's timeout instead.
  it("reads a builder whose pieces are all placeholders, and still reports a value in it", async () => {
    expect(await findingsOf("go/sql-built-with-sprintf", builder(""))).toEqual([]);
    const unsafe = builder(`\tdb.Query("SELECT id FROM t WHERE name = '" + f.Name + "'")`);
    expect((await findingsOf("go/sql-built-with-sprintf", unsafe)).length).toBe(1);
  }, 60_000);
});

describe("go/sql-built-with-sprintf: commands run at a terminal", () => {
  it("is low in an install command that prompts at the terminal, high in the same query served over HTTP", async () => {
    const record =
      "func recordVersion(ver string, db *sql.DB) error {\n\t_, err := db.Exec(fmt.Sprintf(`INSERT INTO settings (key, value) VALUES('migrations', '[\"%s\"]')`, ver))\n\treturn err\n}";
    const findings = await findingsOf("go/sql-built-with-sprintf", {
      "cmd/install.go": pkg(
        `"database/sql"\n"fmt"`,
        `func install(db *sql.DB) {\n\tvar ok string\n\tfmt.Scanf("%s", &ok)\n\trecordVersion("v1", db)\n}\n\n${record}`,
      ),
      "internal/web/settings.go": pkg(
        `"database/sql"\n"fmt"\n"net/http"`,
        `func handle(w http.ResponseWriter, r *http.Request) {\n\tfmt.Sscanf(r.URL.Query().Get("v"), "%s", new(string))\n}\n\n${record}`,
      ),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`).sort()).toEqual([
      "cmd/install.go:low",
      "internal/web/settings.go:high",
    ]);
    expect(findings.find((f) => f.severity === "low")?.message).toContain("operator runs at a terminal");
  });

  it("is silent on a name the function validates before the query, and still fires without the check", async () => {
    const validated = [
      "var validTableName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)",
      "func validateTableName(table string) error {",
      "\tif !validTableName.MatchString(table) {",
      '\t\treturn fmt.Errorf("invalid table name: %q", table)',
      "\t}",
      "\treturn nil",
      "}",
      "func restore(db *sql.DB, table string) error {",
      "\tif err := validateTableName(table); err != nil {",
      "\t\treturn err",
      "\t}",
      '\tseq := table + "_id_seq"',
      "\tvar n int",
      '\treturn db.QueryRow(`SELECT setval(\'"` + seq + `"\', (SELECT MAX(id) FROM "` + table + `"))`).Scan(&n)',
      "}",
      "func truncate(db *sql.DB, name string) error {",
      "\tif validTableName.MatchString(name) {",
      '\t\t_, err := db.Exec(`DELETE FROM "` + name + `"`)',
      "\t\treturn err",
      "\t}",
      "\treturn nil",
      "}",
    ].join("\n");
    const quiet = await findingsOf("go/sql-built-with-sprintf", {
      "pkg/db/dump.go": pkg(`"database/sql"\n"fmt"\n"regexp"`, validated),
    });
    expect(quiet).toEqual([]);
    // Near miss: the same queries when nothing checks the names first.
    const unchecked = validated
      .replace("if err := validateTableName(table); err != nil {", 'if table == "" {')
      .replace("if validTableName.MatchString(name) {", 'if name != "" {');
    const loud = await findingsOf("go/sql-built-with-sprintf", {
      "pkg/db/dump.go": pkg(`"database/sql"\n"fmt"\n"regexp"`, unchecked),
    });
    expect(loud.map((f) => f.location?.startLine)).toHaveLength(2);
  });
});

describe("go/sql-built-with-sprintf: the store's own dialect helpers", () => {
  const store = [
    "type datastore struct {",
    "\t*sql.DB",
    "\tdriverName string",
    "}",
    "",
    "func (db *datastore) now() string {",
    '\tif db.driverName == "sqlite3" {',
    "\t\treturn \"strftime('%Y-%m-%d %H:%M:%S','now')\"",
    "\t}",
    '\treturn "NOW()"',
    "}",
    "",
    "func (db *datastore) upsert(cols ...string) string {",
    '\treturn "ON CONFLICT(" + strings.Join(cols, ", ") + ") DO UPDATE SET"',
    "}",
    "",
    "func (db *datastore) dateAdd(l int, unit string) string {",
    '\treturn fmt.Sprintf("DATE_ADD(NOW(), INTERVAL %d %s)", l, unit)',
    "}",
    "",
  ].join("\n");

  it("is silent on NOW()/UPSERT text from the handle's own methods, on its transaction too, and still reports data", async () => {
    const body = [
      store,
      "func (db *datastore) Token(userID int64, validSecs int) error {",
      '\texpires := "NULL"',
      "\tif validSecs > 0 {",
      '\t\texpires = db.dateAdd(validSecs, "SECOND")',
      "\t}",
      '\t_, err := db.Exec("INSERT INTO tokens (user_id, expires) VALUES (?, "+expires+")", userID)',
      '\tdb.Exec("INSERT INTO attrs (id, v) VALUES (?, ?) "+db.upsert("id")+" v = ?", userID, 1, 1)',
      '\tdb.Exec("DELETE FROM sessions WHERE expires < " + db.now())',
      "\treturn err",
      "}",
      "",
      "func (db *datastore) Follow(id int64) error {",
      "\tt, err := db.Begin()",
      "\tif err != nil {",
      "\t\treturn err",
      "\t}",
      '\t_, err = t.Exec("INSERT INTO follows (id, created) VALUES (?, "+db.now()+")", id)',
      "\treturn err",
      "}",
    ].join("\n");
    const file = pkg(`"database/sql"\n"fmt"\n"strings"`, body);
    expect(await findingsOf("go/sql-built-with-sprintf", { "store/database.go": file })).toEqual([]);
  });

  it("still reports a helper given data, and a method of another object", async () => {
    const body = [
      store,
      "type request struct{ name string }",
      "",
      "func (r *request) Name() string { return r.name }",
      "",
      "func (db *datastore) Find(r *request, unit string) error {",
      '\t_, err := db.Exec("DELETE FROM t WHERE created < "+db.dateAdd(3, unit)+" AND id = ?", 1)',
      '\tdb.Exec("DELETE FROM t WHERE name = \'"+r.Name()+"\' AND id = ?", 1)',
      "\treturn err",
      "}",
    ].join("\n");
    const file = pkg(`"database/sql"\n"fmt"\n"strings"`, body);
    const findings = await findingsOf("go/sql-built-with-sprintf", { "store/database.go": file });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["34:high", "35:high"]);
  });
});

describe("go/sql-built-with-sprintf: table names the ORM derives, sequence names, test builds", () => {
  const restore = [
    "func restore(ctx context.Context, db *gorm.DB, table interface{}) error {",
    "\ts, err := schema.Parse(table, &sync.Map{}, db.NamingStrategy)",
    "\tif err != nil {",
    "\t\treturn err",
    "\t}",
    "\trawTableName := s.Table",
    '\tseqName := rawTableName + "_id_seq"',
    "\treturn db.WithContext(ctx).Exec(fmt.Sprintf(`SELECT setval('%s', COALESCE((SELECT MAX(id)+1 FROM \"%s\"), 1), false)`, seqName, rawTableName)).Error",
    "}",
    "",
    "func legacy(x *xorm.Engine, tables []interface{}) {",
    "\tmapper := core.SnakeMapper{}",
    "\tfor _, table := range tables {",
    '\t\ttableName := strings.TrimPrefix(fmt.Sprintf("%T", table), "*database.")',
    "\t\trawTableName := mapper.Obj2Table(tableName)",
    '\t\tseqName := rawTableName + "_id_seq"',
    "\t\tx.Exec(fmt.Sprintf(`SELECT setval('%s', COALESCE((SELECT MAX(id)+1 FROM \"%s\"), 1), false);`, seqName, rawTableName))",
    "\t}",
    "}",
    "",
    "func reset(db *gorm.DB, r *http.Request) {",
    '\tname := r.URL.Query().Get("seq")',
    "\tdb.Exec(fmt.Sprintf(`SELECT setval('%s', COALESCE((SELECT MAX(id)+1 FROM logs), 1), false)`, name))",
    "}",
    "",
    "func who(db *gorm.DB, r *http.Request) {",
    '\tname := r.URL.Query().Get("who")',
    "\tdb.Exec(fmt.Sprintf(`SELECT * FROM logs WHERE who = '%s'`, name))",
    "}",
  ].join("\n");
  const imports = `"context"\n"fmt"\n"net/http"\n"strings"\n"sync"\n"gorm.io/gorm"\n"gorm.io/gorm/schema"\n"xorm.io/core"\n"xorm.io/xorm"`;

  it("is silent on a model's table name (gorm schema.Parse, %T through a names mapper) and reads setval's quoted name as an identifier", async () => {
    const findings = await findingsOf("go/sql-built-with-sprintf", {
      "internal/database/backup.go": pkg(imports, restore),
    });
    // The request's sequence name is an identifier in setval (medium), its value in WHERE is high.
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["37:medium", "42:high"]);
  });

  it("does not check a file built only with a test tag", async () => {
    const findings = await findingsOf("go/sql-built-with-sprintf", {
      "internal/service/reset.go": `//go:build e2etest\n\n${pkg(imports, restore)}`,
      "internal/service/reset_both.go": `//go:build linux || e2etest\n\n${pkg(imports, restore)}`,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`)).toEqual([
      "internal/service/reset_both.go:medium",
      "internal/service/reset_both.go:high",
    ]);
  });
});

describe("go/sql-built-with-sprintf: times in a layout and placeholder lists started with make", () => {
  const file = (body: string) => pkg(`"context"\n"database/sql"\n"fmt"\n"strings"\n"time"`, body);

  it("is silent on times printed in a layout and on a make-started list of literal placeholders", async () => {
    const body = [
      "type Req struct{ From, To time.Time; Key string }",
      "",
      "func count(ctx context.Context, db *sql.DB, req Req) {",
      "\tdb.QueryContext(ctx, fmt.Sprintf(`SELECT sum(v) FROM t WHERE k = ? AND ts >= toDateTime('%s') AND ts < toDateTime('%s')`,",
      '\t\treq.From.UTC().Format(time.DateTime), req.To.Format("2006-01-02 15:04:05")), req.Key)',
      "}",
      "",
      "func insert(ctx context.Context, db *sql.DB, rows []Req) {",
      "\tholders := make([]string, 0, len(rows))",
      "\targs := make([]any, 0, len(rows)*2)",
      "\tfor _, r := range rows {",
      '\t\tholders = append(holders, "(?, ?)")',
      "\t\targs = append(args, r.Key, r.From)",
      "\t}",
      '\tdb.ExecContext(ctx, fmt.Sprintf("INSERT INTO t VALUES %s", strings.Join(holders, ",")), args...)',
      "}",
    ].join("\n");
    expect(await findingsOf("go/sql-built-with-sprintf", { "internal/store/store.go": file(body) })).toEqual(
      [],
    );
  });

  it("still fires on a string value, a Format that is not a time layout, and a make-started list of values", async () => {
    const body = [
      "type Req struct{ From time.Time; Key string; Price money }",
      "type money struct{}",
      "",
      "func (money) Format(s string) string { return s }",
      "",
      "func count(ctx context.Context, db *sql.DB, req Req) {",
      "\tdb.QueryContext(ctx, fmt.Sprintf(`SELECT * FROM t WHERE k = '%s' AND ts >= '%s'`, req.Key, req.From.Format(time.DateTime)))",
      "\tdb.QueryContext(ctx, fmt.Sprintf(`SELECT * FROM t WHERE p = '%s'`, req.Price.Format(req.Key)))",
      "}",
      "",
      "func insert(ctx context.Context, db *sql.DB, rows []Req) {",
      "\tvalues := make([]string, 0, len(rows))",
      "\tfor _, r := range rows {",
      "\t\tvalues = append(values, r.Key)",
      "\t}",
      "\tdb.ExecContext(ctx, fmt.Sprintf(\"INSERT INTO t VALUES ('%s')\", strings.Join(values, \"'),('\")))",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/sql-built-with-sprintf", { "internal/store/store.go": file(body) });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [17, "high"],
      [18, "high"],
      [26, "high"],
    ]);
  });
});

describe("go/sql-built-with-sprintf: explicit argument indexes and fields of a struct the function built", () => {
  const file = (body: string) => pkg(`"context"\n"database/sql"\n"fmt"\n"time"`, body);
  const body = (unit: string) =>
    [
      "type Step struct{ value int; unit string }",
      "type Req struct{ From time.Time; Minutes int; Unit, Key string }",
      "",
      "func count(ctx context.Context, db *sql.DB, req Req) {",
      `\tstep := &Step{value: req.Minutes, unit: ${unit}}`,
      "\tdb.QueryContext(ctx, fmt.Sprintf(`SELECT sum(v) FROM %[1]s WHERE k = ? AND ts >= toStartOfInterval(toDateTime('%[2]s'), INTERVAL %[3]d %[4]s) GROUP BY toStartOfInterval(ts, INTERVAL %[3]d %[4]s)`,",
      '\t\t"counters", req.From.UTC().Format(time.DateTime), step.value, step.unit), req.Key)',
      "}",
    ].join("\n");

  it("is silent when %[n] verbs take a time in a layout, a number and a literal field of a struct built in the function", async () => {
    expect(
      await findingsOf("go/sql-built-with-sprintf", { "internal/store/store.go": file(body('"MINUTE"')) }),
    ).toEqual([]);
  });

  it("fires when the struct's field comes from the request", async () => {
    const findings = await findingsOf("go/sql-built-with-sprintf", {
      "internal/store/store.go": file(body("req.Unit")),
    });
    expect(findings.map((f) => [f.severity, f.message.includes("step.unit")])).toEqual([["high", true]]);
  });
});

describe("go/sql-built-with-sprintf: a local declared again in an inner block", () => {
  const file = (inner: string) =>
    pkg(
      `"database/sql"\n"fmt"\n"strings"`,
      [
        "func restore(db *sql.DB, tables []any, names map[any]string, postgres bool) {",
        "\tfor _, table := range tables {",
        '\t\ttableName := strings.TrimPrefix(fmt.Sprintf("%T", table), "*store.")',
        "\t\trawTableName := names[table]",
        '\t\tdb.Exec("UPDATE `"+rawTableName+"` SET created_unix=? WHERE id=?", 1, 2)',
        "\t\tif postgres {",
        inner,
        '\t\t\tseqName := rawTableName + "_id_seq"',
        "\t\t\tdb.Exec(fmt.Sprintf(`SELECT setval('%s', (SELECT MAX(id)+1 FROM \"%s\"))`, seqName, rawTableName))",
        "\t\t}",
        "\t}",
        "}",
      ].join("\n"),
    );

  it("reads the inner declaration, not the outer variable it shadows", async () => {
    const findings = await findingsOf("go/sql-built-with-sprintf", {
      "internal/store/backup.go": file("\t\t\trawTableName := tableName"),
    });
    // The outer UPDATE keeps its finding (a name from a map); the setval query only names the type's table.
    expect(findings.map((f) => f.location?.startLine)).toEqual([13]);
  });

  it("still follows the outer variable when the inner block does not declare its own", async () => {
    const findings = await findingsOf("go/sql-built-with-sprintf", {
      "internal/store/backup.go": file("\t\t\t_ = tableName"),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([13, 17]);
  });
});

describe("go/sql-built-with-sprintf: a builder returning its SQL text and bound values together", () => {
  const store = [
    "func wherePredicate(feed *int64, search string) (string, []any) {",
    "\tcond := []string{}",
    "\targs := []any{}",
    "\tif feed != nil {",
    '\t\tcond = append(cond, "feed_id = :feed_id")',
    '\t\targs = append(args, sql.Named("feed_id", *feed))',
    "\t}",
    '\treturn strings.Join(cond, " and "), args',
    "}",
    "",
    "func list(db *sql.DB, feed *int64, search string, order string) {",
    "\tpredicate, args := wherePredicate(feed, search)",
    '\tquery := fmt.Sprintf("select id from items where %s limit %d", predicate, 10)',
    "\tdb.Query(query, args...)",
    "}",
    "",
    "func listAll(db *sql.DB, feed *int64, search string) {",
    "\tpredicate, args := wherePredicate(feed, search)",
    "\t_ = args",
    // The values the builder bound are not passed: nothing says its text holds placeholders only.
    '\tdb.Query(fmt.Sprintf("select id from items where %s", predicate))',
    "}",
    "",
    "func byName(db *sql.DB, name string) {",
    '\tvalue, args := strings.Cut(name, "="), []any{}',
    "\tdb.Query(fmt.Sprintf(\"select id from items where name = '%s'\", name), args...)",
    "}",
  ].join("\n");

  it("is silent when the query passes the builder's values, and fires when it does not or the text is data", async () => {
    const findings = await findingsOf("go/sql-built-with-sprintf", {
      "internal/store/items.go": pkg(`"database/sql"\n"fmt"\n"strings"`, store),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [28, "high"],
      [33, "high"],
    ]);
  });
});

describe("go/sql-built-with-sprintf: SQL text returned with its arguments", () => {
  const file = (body: string) => pkg(`"database/sql"\n"fmt"\n"strings"`, body);
  const builder = [
    "func listPredicate(feed *int64, search *string) (string, []any) {",
    "\tcond := make([]string, 0)",
    "\targs := make([]any, 0)",
    "\tif feed != nil {",
    '\t\tcond = append(cond, "i.feed_id = :feed_id")',
    '\t\targs = append(args, sql.Named("feed_id", *feed))',
    "\t}",
    '\treturn strings.Join(cond, " and "), args',
    "}",
  ].join("\n");

  it("is silent when the builder's text and the arguments it returned go to the same query", async () => {
    const body = [
      builder,
      "",
      "func list(db *sql.DB, feed *int64, search *string, limit int) {",
      "\tpredicate, args := listPredicate(feed, search)",
      '\tquery := fmt.Sprintf("select * from items i where %s limit %d", predicate, limit)',
      "\tdb.Query(query, args...)",
      "}",
    ].join("\n");
    expect(await findingsOf("go/sql-built-with-sprintf", { "internal/store/items.go": file(body) })).toEqual(
      [],
    );
  });

  it("still fires when the query does not bind what the builder returned, or the text is a plain value", async () => {
    const body = [
      builder,
      "",
      "func list(db *sql.DB, feed *int64, search *string) {",
      "\tpredicate, args := listPredicate(feed, search)",
      '\tquery := fmt.Sprintf("select * from items i where %s", predicate)',
      "\tdb.Query(query)",
      "\t_ = args",
      "}",
      "",
      "func byName(db *sql.DB, r *http.Request) {",
      '\tname, ok := r.URL.Query()["name"]',
      "\tquery := fmt.Sprintf(\"select * from items where name = '%s'\", name)",
      "\tdb.Query(query, ok)",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/sql-built-with-sprintf", { "internal/store/items.go": file(body) });
    expect(findings.map((f) => f.message.split(" that ")[1]?.split(";")[0])).toEqual([
      "interpolates `predicate` where a value goes",
      "interpolates `name` where a value goes",
    ]);
  });
});

describe("go/sql-built-with-sprintf: placeholders a dialect helper supplies, and formatted times", () => {
  const file = (body: string) => pkg(`"context"\n"database/sql"\n"fmt"\n"time"`, body);

  it("is silent when the slots are the placeholders (as many as the bound values) and on a formatter given a time", async () => {
    const body = [
      "type backend interface{ GetPrepareSymbol() string }",
      "",
      "func find(ctx context.Context, db *sql.DB, b backend, name string, uid int) {",
      "\tdb.QueryRowContext(ctx, fmt.Sprintf(`SELECT u.uid FROM users u WHERE lower(u.name)=%s`, b.GetPrepareSymbol()), name)",
      "\tdb.QueryContext(ctx, fmt.Sprintf(`SELECT c.action FROM capabilities c WHERE userid=%s AND name=%s`, b.GetPrepareSymbol(), b.GetPrepareSymbol()), uid, name)",
      "}",
      "",
      "func formatTime(t time.Time) string { return t.UTC().Format(time.DateTime) }",
      "",
      "func purge(db *sql.DB, date time.Time) {",
      "\tdb.Exec(fmt.Sprintf(\"DELETE FROM hits WHERE created_at < '%s'\", formatTime(date)))",
      "}",
    ].join("\n");
    expect(await findingsOf("go/sql-built-with-sprintf", { "internal/app/app.go": file(body) })).toEqual([]);
  });

  it("still fires when a slot is quoted, the counts differ, the text has its own placeholder, or the formatter gets text", async () => {
    const body = [
      "func find(ctx context.Context, db *sql.DB, name, sym, day string) {",
      "\tdb.QueryRowContext(ctx, fmt.Sprintf(`SELECT id FROM users WHERE name='%s'`, name), name)",
      "\tdb.QueryRowContext(ctx, fmt.Sprintf(`SELECT id FROM users WHERE name=%s AND org=%s`, sym, name), name)",
      "\tdb.QueryRowContext(ctx, fmt.Sprintf(`SELECT id FROM users WHERE name=$1 AND org=%s`, name), name)",
      "\tdb.Exec(fmt.Sprintf(\"DELETE FROM hits WHERE created_at < '%s'\", formatDate(day)))",
      "}",
      "",
      "func formatDate(s string) string { return s }",
    ].join("\n");
    const findings = await findingsOf("go/sql-built-with-sprintf", { "internal/app/app.go": file(body) });
    expect(findings.map((f) => `${f.location?.startLine} ${f.severity}`)).toEqual([
      "11 high",
      "12 high",
      "13 high",
      "14 high",
    ]);
  });
});
