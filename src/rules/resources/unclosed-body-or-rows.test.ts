import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/unclosed-body-or-rows", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/unclosed-body-or-rows", {
      "internal/app/app.go": pkg(
        `"database/sql"\n"net/http"`,
        'func a(c *http.Client, req *http.Request) int {\n\tresp, err := c.Do(req)\n\tif err != nil {\n\t\treturn 0\n\t}\n\treturn resp.StatusCode\n}\n\nfunc b(db *sql.DB) {\n\trows, err := db.Query("SELECT 1")\n\tif err != nil {\n\t\treturn\n\t}\n\tfor rows.Next() {\n\t\tvar n int\n\t\tif err := rows.Scan(&n); err != nil {\n\t\t\treturn\n\t\t}\n\t}\n}',
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [9, "medium"],
      [17, "medium"],
    ]);
  });

  it("is high for a body leaked on every turn of a loop and for rows, medium for one body per call", async () => {
    const findings = await findingsOf("go/unclosed-body-or-rows", {
      "internal/app/poll.go": pkg(
        `"database/sql"\n"net/http"`,
        [
          "func poll(urls []string) int {",
          "\tok := 0",
          "\tfor _, u := range urls {",
          "\t\tresp, err := http.Get(u)",
          "\t\tif err == nil && resp.StatusCode == http.StatusOK {",
          "\t\t\tok++",
          "\t\t}",
          "\t}",
          "\treturn ok",
          "}",
          "",
          "func confirm(u string) bool {",
          "\tresp, err := http.Get(u)",
          "\treturn err == nil && resp.StatusCode == http.StatusOK",
          "}",
          "",
          "func count(db *sql.DB) bool {",
          '\trows, err := db.Query("SELECT 1")',
          "\treturn err == nil && rows != nil",
          "}",
        ].join("\n"),
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [11, "high"],
      [20, "medium"],
      [25, "high"],
    ]);
    expect(findings.find((f) => f.location?.startLine === 20)?.message).toContain("one connection per call");
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/unclosed-body-or-rows", {
        "internal/app/app.go": pkg(
          `"database/sql"\n"net/http"`,
          'func a(c *http.Client, req *http.Request) int {\n\tresp, err := c.Do(req)\n\tif err != nil {\n\t\treturn 0\n\t}\n\tdefer resp.Body.Close()\n\treturn resp.StatusCode\n}\n\nfunc b(db *sql.DB) (*sql.Rows, error) {\n\trows, err := db.Query("SELECT 1")\n\treturn rows, err\n}\n\nfunc c(cache *Cache) {\n\tv, ok := cache.Get("k")\n\t_, _ = v, ok\n}\n\nfunc d(db *sql.DB) {\n\trows, err := db.Query("SELECT 1")\n\tif err != nil {\n\t\treturn\n\t}\n\tconsume(rows)\n}',
        ),
      }),
    ).toEqual([]);
  });

  it("is low in a command-line command, where the process ends with the run", async () => {
    const body = [
      "func checkHandler(cmd *cobra.Command, args []string) {",
      "\tfor _, u := range args {",
      "\t\tresp, err := http.Get(u)",
      "\t\tif err != nil {",
      "\t\t\tcontinue",
      "\t\t}",
      "\t\t_ = resp.StatusCode",
      "\t}",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/unclosed-body-or-rows", {
      "internal/cmd/check.go": `package cmd\n\nimport (\n"net/http"\n\n"github.com/spf13/cobra"\n)\n\n${body}\n`,
    });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
  });
  it("stays silent when `for rows.Next()` always runs to the end, and is low in a migration", async () => {
    const body = (exit: string) =>
      [
        "func upAddPaths(ctx context.Context, tx *sql.Tx) error {",
        '\trows, err := tx.QueryContext(ctx, "select id, path from media_file")',
        "\tif err != nil {",
        "\t\treturn err",
        "\t}",
        "\tvar id, path string",
        "\tfor rows.Next() {",
        "\t\terr = rows.Scan(&id, &path)",
        `\t\tif err != nil {\n\t\t\t${exit}\n\t\t}`,
        "\t\tswitch path {",
        '\t\tcase "":',
        "\t\t\tbreak",
        "\t\t}",
        "\t}",
        "\treturn rows.Err()",
        "}",
      ].join("\n");
    const findings = await findingsOf("go/unclosed-body-or-rows", {
      "internal/library/paths.go": pkg(`"context"\n"database/sql"`, body("log.Print(err)")),
      "internal/library/fix.go": pkg(`"context"\n"database/sql"`, body("return err")),
      "db/migrations/20230112_add_paths.go": pkg(`"context"\n"database/sql"`, body("return err")),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["db/migrations/20230112_add_paths.go", "low"],
      ["internal/library/fix.go", "medium"],
    ]);
  });

  it("stays silent on xorm's Query, which returns the results already read, and fires beside database/sql", async () => {
    const body =
      'func truncate(table string) error {\n\tif _, err := x.Query("DELETE FROM " + table); err != nil {\n\t\treturn err\n\t}\n\t_, err := x.Query("SELECT 1")\n\treturn err\n}';
    const xorm = await findingsOf("go/unclosed-body-or-rows", {
      "pkg/db/dump.go": pkg(`"xorm.io/xorm/schemas"`, body),
    });
    expect(xorm).toEqual([]);
    // Near miss: the same calls in a file that also works with database/sql, whose rows hold a connection.
    const sqlRows = await findingsOf("go/unclosed-body-or-rows", {
      "pkg/db/dump.go": pkg(`"database/sql"\n"xorm.io/xorm/schemas"`, body),
    });
    expect(sqlRows.map((f) => f.severity)).toEqual(["high", "high"]);
  });

  it("stays silent on a typed API client's Get(ctx, name, opts), fires on an http client's Get(url)", async () => {
    const findings = await findingsOf("go/unclosed-body-or-rows", {
      "pkg/kube/pods.go": pkg(
        `"context"
"net/http"`,
        'func exists(ctx context.Context, e *engine, name string) bool {\n\t_, err := e.client.CoreV1().Pods("ns").Get(ctx, name, GetOptions{})\n\treturn err == nil\n}\n\nfunc ping(client *http.Client, url string) error {\n\t_, err := client.Get(url)\n\treturn err\n}',
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([14]);
  });

  it("stays silent on an ORM's Get(&record) behind a query naming a client column, fires on a client's Get(url)", async () => {
    const findings = await findingsOf("go/unclosed-body-or-rows", {
      "object/application.go": pkg(
        `"net/http"`,
        'func byClientId(engine *Engine, id string) (*Application, error) {\n\tapp := Application{}\n\texisted, err := engine.Where("client_id=?", id).Get(&app)\n\tif err != nil || !existed {\n\t\treturn nil, err\n\t}\n\treturn &app, nil\n}\n\nfunc ping(httpClient *http.Client, url string) error {\n\t_, err := httpClient.Get(url)\n\treturn err\n}',
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([17]);
  });
});

describe("go/unclosed-body-or-rows: one-shot programs", () => {
  const program = (extra: string) =>
    `package main\n\nimport (\n\t"fmt"\n\t"io"\n\t"net/http"\n\t"os"\n)\n\nfunc main() {\n\tres, err := http.Get(os.Args[1])\n\tif err != nil {\n\t\tos.Exit(1)\n\t}\n\tbody, _ := io.ReadAll(res.Body)\n\tfmt.Println(string(body))\n${extra}}\n`;

  it("is low in main of a program run on its arguments, medium when the program also listens", async () => {
    const findings = await findingsOf("go/unclosed-body-or-rows", {
      "cmd/fetch/main.go": program(""),
      "cmd/serve/main.go": program('\thttp.ListenAndServe(":8080", nil)\n'),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["cmd/fetch/main.go", "low"],
      ["cmd/serve/main.go", "medium"],
    ]);
  });

  it("stays silent on a query result indexed or ranged over (a slice, not rows), fires on rows read by Next", async () => {
    const findings = await findingsOf("go/unclosed-body-or-rows", {
      "internal/repo/search.go": pkg(
        `"context"`,
        [
          "func (r *repo) count(ctx context.Context, args []any) int64 {",
          "\ttr, err := r.data.DB.Context(ctx).Query(args...)",
          "\tif err != nil {",
          "\t\treturn 0",
          "\t}",
          '\treturn parse(tr[0]["total"])',
          "}",
          "",
          "func (r *repo) names(ctx context.Context, args []any) []string {",
          "\tres, err := r.data.DB.Context(ctx).Query(args...)",
          "\tif err != nil {",
          "\t\treturn nil",
          "\t}",
          "\tvar out []string",
          "\tfor _, row := range res {",
          '\t\tout = append(out, string(row["name"]))',
          "\t}",
          "\treturn out",
          "}",
          "",
          "func (r *repo) first(ctx context.Context, args []any) bool {",
          "\trows, err := r.db.QueryContext(ctx, args...)",
          "\tif err != nil {",
          "\t\treturn false",
          "\t}",
          "\treturn rows.Next()",
          "}",
        ].join("\n"),
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([28]);
  });

  it("stays silent on a scheduler's Do(func) and a typed client's Do(ctx), fires on Do(req)", async () => {
    const findings = await findingsOf("go/unclosed-body-or-rows", {
      "internal/cron/cron.go": pkg(
        `"context"\n"net/http"`,
        [
          "func start(ctx context.Context, s *Scheduler, es *Client, c *http.Client, req *http.Request) error {",
          '\t_, _ = s.Tag("activity").Every(interval).Do(func() {',
          "\t\trun(ctx)",
          "\t})",
          '\tres, err := es.Search().Index("pages").Do(ctx)',
          "\tif err != nil {",
          "\t\treturn err",
          "\t}",
          "\tuse(res.Hits)",
          "\tresp, err := c.Do(req)",
          "\tif err != nil {",
          "\t\treturn err",
          "\t}",
          "\treturn check(resp.StatusCode)",
          "}",
        ].join("\n"),
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([17]);
  });

  it("stays silent on results of other libraries (resty's read response, go-pg's filled model), fires on net/http and database/sql", async () => {
    const findings = await findingsOf("go/unclosed-body-or-rows", {
      "internal/app/clients.go": pkg(
        `"database/sql"\n"net/http"\n"github.com/go-resty/resty/v2"\n"github.com/go-pg/pg/v10"`,
        [
          "func a(client *resty.Client, url string) string {",
          '\tresp, err := client.R().SetHeader("Accept", "json").Get(url)',
          "\tif err != nil {",
          '\t\treturn ""',
          "\t}",
          "\treturn resp.String()",
          "}",
          "",
          "func b(client *resty.Client, url string) error {",
          "\t_, err := client.R().Get(url)",
          "\treturn err",
          "}",
          "",
          "func c(db *pg.DB) (int, error) {",
          "\tvar ids []int",
          '\tres, err := db.Query(&ids, "SELECT id FROM t")',
          "\tif err != nil {",
          "\t\treturn 0, err",
          "\t}",
          "\treturn res.RowsAffected(), nil",
          "}",
          "",
          "func d(client *http.Client, url string) []*http.Cookie {",
          "\tresp, err := client.Get(url)",
          "\tif err != nil {",
          "\t\treturn nil",
          "\t}",
          "\treturn resp.Cookies()",
          "}",
          "",
          "func e(db *sql.DB) bool {",
          '\trows, err := db.Query("SELECT id FROM t")',
          "\treturn err == nil && rows.Next()",
          "}",
        ].join("\n"),
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([33, 41]);
  });

  it("is low in a helper called only from a cobra command, medium when a server handler calls it too", async () => {
    const file = (extraCaller: string) =>
      [
        "package cmd",
        "",
        "import (",
        '\t"net/http"',
        '\t"strings"',
        '\t"github.com/spf13/cobra"',
        ")",
        "",
        "func diagnosticsRun(*cobra.Command, []string) {",
        '\tupload("https://paste.example", "report")',
        "}",
        "",
        "func upload(base, content string) int {",
        '\tres, err := http.Post(base, "text/plain", strings.NewReader(content))',
        "\tif err != nil {",
        "\t\treturn 0",
        "\t}",
        "\treturn res.StatusCode",
        "}",
        extraCaller,
      ].join("\n");
    const helper = await findingsOf("go/unclosed-body-or-rows", { "cmd/diagnostics.go": file("") });
    expect(helper.map((f) => [f.location?.startLine, f.severity])).toEqual([[14, "low"]]);
    expect(helper[0]?.message).toContain("diagnosticsRun (through upload)");
    const served = await findingsOf("go/unclosed-body-or-rows", {
      "cmd/diagnostics.go": file(
        '\nfunc handle(w http.ResponseWriter, r *http.Request) {\n\tupload("https://paste.example", "x")\n}',
      ),
    });
    expect(served.map((f) => [f.location?.startLine, f.severity])).toEqual([[14, "medium"]]);
    // Near miss: the command serves (a `serve` command's run), so its helpers run for the server's life.
    const serving = await findingsOf("go/unclosed-body-or-rows", {
      "cmd/diagnostics.go": file("").replace(
        '\tupload("https://paste.example", "report")',
        '\tupload("https://paste.example", "report")\n\thttp.ListenAndServe(":8080", nil)',
      ),
    });
    expect(serving.map((f) => f.severity)).toEqual(["medium"]);
  });
});
