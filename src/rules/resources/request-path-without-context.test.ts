import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const file = (pkg: string, imports: string[], body: string[]) =>
  [`package ${pkg}`, "", "import (", ...imports.map((path) => `\t"${path}"`), ")", "", ...body].join("\n") +
  "\n";

describe("go/request-path-without-context", () => {
  it("fires on a helper without a context that a handler calls, in its package and through another package", async () => {
    const findings = await findingsOf("go/request-path-without-context", {
      "internal/api/search.go": file(
        "api",
        ["encoding/json", "net/http", "example.com/app/internal/geo"],
        [
          "func lookupProduct(code string) (*http.Response, error) {",
          '\treq, err := http.NewRequest(http.MethodGet, "https://api.example.com/"+code, nil)',
          "\tif err != nil {",
          "\t\treturn nil, err",
          "\t}",
          "\treturn http.DefaultClient.Do(req)",
          "}",
          "",
          "func (h *Handler) search(w http.ResponseWriter, r *http.Request) {",
          '\tresp, err := lookupProduct(r.URL.Query().Get("code"))',
          "\t_, _ = resp, err",
          "\tcountry := geo.Country(r.RemoteAddr)",
          "\t_ = json.NewEncoder(w).Encode(country)",
          "}",
        ],
      ),
      "internal/geo/geo.go": file(
        "geo",
        ["net/http"],
        [
          "func Country(ip string) string {",
          "\treturn fetch(ip)",
          "}",
          "",
          "func fetch(ip string) string {",
          '\tresp, err := http.Get("https://geo.example.com/" + ip)',
          "\tif err != nil {",
          '\t\treturn ""',
          "\t}",
          "\tdefer resp.Body.Close()",
          '\treturn ""',
          "}",
        ],
      ),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "internal/api/search.go:10",
      "internal/geo/geo.go:12",
    ]);
    expect(findings[1]?.message).toContain(
      "the handler search (internal/api/search.go:20) reaches it through Country:",
    );
    expect(findings[0]?.message).toContain("r.Context()");
  });

  it("reads callers from the syntax tree, not from gofmt layout: a one-line handler, an indented closing brace", async () => {
    const findings = await findingsOf("go/request-path-without-context", {
      "web/feeds.go": file(
        "web",
        ["net/http"],
        [
          "func fetchFeed(url string) (*http.Response, error) { return http.Get(url) }",
          "",
          'func feed(w http.ResponseWriter, r *http.Request) { _, _ = fetchFeed(r.FormValue("url")) }',
          "",
          "func refresh(w http.ResponseWriter, r *http.Request) {",
          '\tgo func() { _, _ = fetchFeed("https://example.com/a.xml") }()',
          "  }",
          'func poll() { _, _ = fetchFeed("https://example.com/b.xml") }',
        ],
      ),
    });
    // The one-line handler reaches the request; the goroutine in refresh does not, nor does poll, which no handler
    // calls (a layout reading took the indented brace for a body running on into poll's line).
    expect(findings.map((f) => f.message.match(/the handler (\w+) \(([^)]+)\)/)?.slice(1))).toEqual([
      ["feed", "web/feeds.go:9"],
    ]);
  });

  it("fires in a handler literal a controller method returns, and through a helper that takes only the request", async () => {
    const findings = await findingsOf("go/request-path-without-context", {
      "internal/api/label.go": file(
        "api",
        ["net/http"],
        [
          "func fetchLabel(url string) error {",
          '\treq, err := http.NewRequest("GET", url, nil)',
          "\tif err != nil {",
          "\t\treturn err",
          "\t}",
          "\t_, err = http.DefaultClient.Do(req)",
          "\treturn err",
          "}",
          "",
          "func labelFor(r *http.Request) error {",
          '\treturn fetchLabel("https://labels.example.com/" + r.URL.Path)',
          "}",
          "",
          "func (c *Controller) HandleLabel() HandlerFunc {",
          "\treturn func(w http.ResponseWriter, req *http.Request) error {",
          "\t\treturn labelFor(req)",
          "\t}",
          "}",
        ],
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([8]);
    expect(findings[0]?.message).toContain(
      "the handler HandleLabel (internal/api/label.go:22) reaches it through labelFor: its req.Context()",
    );
  });

  it("does not take pkg.Name(…) for a method of that name (a package function delegating to a client's method)", async () => {
    const findings = await findingsOf("go/request-path-without-context", {
      "internal/geo/geo.go": file(
        "geo",
        ["net/http"],
        [
          "type client struct{}",
          "",
          "var shared client",
          "",
          "func Lookup(ip string) error {",
          "\treturn shared.Lookup(ip)",
          "}",
          "",
          "func (c client) Lookup(ip string) error {",
          '\t_, err := http.Get("https://geo.example.com/" + ip)',
          "\treturn err",
          "}",
        ],
      ),
      "internal/api/where.go": file(
        "api",
        ["net/http", "example.com/app/internal/geo"],
        ["func where(w http.ResponseWriter, r *http.Request) {", "\t_ = geo.Lookup(r.RemoteAddr)", "}"],
      ),
    });
    expect(findings).toEqual([]);
  });

  it("stays silent on a goroutine, a request given its context later, a function with a context, and code no handler reaches", async () => {
    const findings = await findingsOf("go/request-path-without-context", {
      "internal/api/hooks.go": file(
        "api",
        ["context", "net/http"],
        [
          "func notify(url string) {",
          "\treq, _ := http.NewRequest(http.MethodPost, url, nil)",
          "\t_, _ = http.DefaultClient.Do(req)",
          "}",
          "",
          "func attach(ctx context.Context, url string) {",
          "\treq, _ := http.NewRequest(http.MethodPost, url, nil)",
          "\t_, _ = http.DefaultClient.Do(req.WithContext(ctx))",
          "}",
          "",
          "func build(url string) (*http.Request, error) {",
          "\treturn http.NewRequest(http.MethodGet, url, nil)",
          "}",
          "",
          "func later(url string) {",
          "\treq, _ := http.NewRequest(http.MethodGet, url, nil)",
          "\t_, _ = http.DefaultClient.Do(req)",
          "}",
          "",
          "func create(w http.ResponseWriter, r *http.Request) {",
          '\tgo notify("https://hooks.example.com")',
          "\tgo func() {",
          '\t\tnotify("https://hooks.example.com/again")',
          "\t}()",
          '\tattach(r.Context(), "https://example.com")',
          '\treq, _ := build("https://example.com")',
          "\t_, _ = http.DefaultClient.Do(req.WithContext(r.Context()))",
          "}",
          "",
          "func cron() {",
          '\tlater("https://example.com")',
          "}",
          "",
          "func releases(w http.ResponseWriter, r *http.Request) {",
          "\tcached := cache.New(func() error {",
          '\t\tlater("https://api.example.com/releases")',
          "\t\treturn nil",
          "\t})",
          "\t_ = cached",
          "}",
          "",
          "func beacon(r *http.Request) {",
          '\tnotify("https://beacon.example.com/" + r.URL.Path)',
          "}",
          "",
          "func events(w http.ResponseWriter, r *http.Request) {",
          "\tgo beacon(r)",
          "}",
        ],
      ),
    });
    expect(findings).toEqual([]);
  });
});
