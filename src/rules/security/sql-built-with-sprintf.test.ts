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
