import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/request-without-context", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/request-without-context", {
      "internal/app/app.go": pkg(
        `"context"\n"net/http"`,
        'func fetch(ctx context.Context, url string) {\n\tgo func() {\n\t\treq, _ := http.NewRequest("GET", url, nil)\n\t\t_ = req\n\t}()\n}',
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([10]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/request-without-context", {
        "internal/app/app.go": pkg(
          `"context"\n"net/http"`,
          'func fetch(ctx context.Context, url string) {\n\treq, _ := http.NewRequestWithContext(ctx, "GET", url, nil)\n\t_ = req\n}\n\nfunc plain(url string) {\n\treq, _ := http.NewRequest("GET", url, nil)\n\t_ = req\n}',
        ),
      }),
    ).toEqual([]);
  });

  it("is silent when the request gets the context later, and fires when it never does", async () => {
    const body = [
      "func fetch(ctx context.Context, client *http.Client, url string) error {",
      '\treq, err := http.NewRequest("GET", url, http.NoBody)',
      "\tif err != nil {",
      "\t\treturn err",
      "\t}",
      "\t_, err = client.Do(req.WithContext(ctx))",
      "\treturn err",
      "}",
      "",
      "func drop(ctx context.Context, client *http.Client, url string) error {",
      '\treq, _ := http.NewRequest("GET", url, http.NoBody)',
      "\t_, err := client.Do(req)",
      "\treturn err",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/request-without-context", {
      "internal/app/app.go": pkg(`"context"\n"net/http"`, body),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([18]);
  });

  it("fires in HTTP handlers, whose request carries the context, on NewRequest and the http.Get/Post helpers", async () => {
    const body = [
      "func preview(w http.ResponseWriter, r *http.Request) {",
      '	resp, err := http.Get(r.URL.Query().Get("url"))',
      "	_, _ = resp, err",
      "}",
      "",
      "func ginProxy(c *gin.Context) {",
      '	req, _ := http.NewRequest("GET", c.Query("u"), nil)',
      "	_ = req",
      "}",
      "",
      "func withContext(w http.ResponseWriter, r *http.Request) {",
      '	req, _ := http.NewRequest("GET", "https://example.org", nil)',
      "	_, _ = http.DefaultClient.Do(req.WithContext(r.Context()))",
      "}",
      "",
      "func main() {",
      '	_, _ = http.Get("https://example.org/health")',
      "}",
    ].join("\n");
    const findings = await findingsOf("go/request-without-context", {
      "internal/app/app.go": pkg(`"net/http"\n"github.com/gin-gonic/gin"`, body),
    });
    expect(findings.map((f) => [f.location?.startLine, f.message])).toEqual([
      [9, expect.stringContaining("http.Get takes no context, so r.Context() never reaches this call")],
      [14, expect.stringContaining("use http.NewRequestWithContext(c.Request.Context(), ...)")],
    ]);
  });
  it("is low when a comment above says why the request takes a fresh context", async () => {
    const body = [
      "func (s *subsonic) call(ctx context.Context, client *http.Client, url string) error {",
      "\t// A fresh context on purpose: the internal call must not inherit the handler's routing state;",
      "\t// authentication is added explicitly next.",
      '\treq, err := http.NewRequest("GET", url, http.NoBody)',
      "\tif err != nil {",
      "\t\treturn err",
      "\t}",
      "\t_, err = client.Do(withAuth(req))",
      "\treturn err",
      "}",
      "",
      "func (s *subsonic) drop(ctx context.Context, client *http.Client, url string) error {",
      '\treq, _ := http.NewRequest("GET", url, http.NoBody)',
      "\t_, err := client.Do(req)",
      "\treturn err",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/request-without-context", {
      "internal/app/app.go": pkg(`"context"\n"net/http"`, body),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [11, "low"],
      [20, "medium"],
    ]);
  });
});
