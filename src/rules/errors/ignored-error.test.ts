import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/ignored-error", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/ignored-error", {
      "internal/app/app.go": pkg(
        `"encoding/json"\n"strconv"`,
        "func parse(s string) error { return nil }\n\nfunc f(s string, b []byte, v any) {\n\tn, _ := strconv.Atoi(s)\n\t_ = parse(s)\n\tjson.Unmarshal(b, v)\n\t_ = n\n}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([11, 12, 13]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/ignored-error", {
        "internal/app/app.go": pkg(
          `"encoding/json"\n"io"\n"strconv"`,
          "func f(s string, w io.Writer, c io.Closer, m map[string]int) {\n\tv, ok := m[s]\n\t_ = c.Close()\n\t_, _ = w.Write([]byte(s))\n\t_ = json.NewEncoder(w).Encode(v)\n\tn, err := strconv.Atoi(s)\n\t_, _, _ = ok, n, err\n\tx, _ := lookup(s)\n\t_ = x\n}\n\nfunc lookup(s string) (int, bool) { return 0, false }",
        ),
        "internal/app/app_test.go": pkg(`"strconv"`, 'func g() {\n\tn, _ := strconv.Atoi("1")\n\t_ = n\n}'),
      }),
    ).toEqual([]);
  });
});

describe("go/ignored-error severity: deliberate discards and probes are low", () => {
  it("keeps medium where the error had somewhere to go or its loss costs data", async () => {
    const body = [
      "type Config struct{}",
      "",
      "func (c *Config) Scan(value any) error {",
      "\tjson.Unmarshal(value.([]byte), c)",
      "\treturn nil",
      "}",
      "",
      "func create(w http.ResponseWriter, r *http.Request) {",
      "\tvar in Config",
      "\tjson.NewDecoder(r.Body).Decode(&in)",
      "}",
      "",
      "func save(path string, data []byte) {",
      "\t_ = os.WriteFile(path, data, 0o600)",
      "\tf, _ := os.Open(path)",
      "\t_ = f",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/ignored-error", {
      "internal/app/app.go": pkg(`"encoding/json"\n"net/http"\n"os"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "12:medium",
      "18:medium",
      "22:medium",
      "23:medium",
    ]);
    // The same code in a sample plugin that shows the API is low.
    const sample = await findingsOf("go/ignored-error", {
      "plugin/example/echo/echo.go": pkg(`"encoding/json"\n"net/http"\n"os"`, body),
    });
    expect(sample.map((f) => f.severity)).toEqual(["low", "low", "low", "low"]);
  });

  it("lowers explicit discards of parsers and cleanups, existence probes and explained discards", async () => {
    const body = [
      "func exists(db *sql.DB, name string) bool {",
      "\tvar found bool",
      '\tdb.QueryRow("SELECT true FROM users WHERE name = $1", name).Scan(&found)',
      "\treturn found",
      "}",
      "",
      "func size(s string) int64 {",
      "\tn, _ := strconv.ParseInt(s, 10, 64)",
      '\t_ = os.Remove(s + ".tmp")',
      '\traw, _ := json.Marshal(map[string]string{"s": s})',
      "\t// the directory may already be gone",
      '\t_ = os.Rename(s, s+".old")',
      "\treturn n + int64(len(raw))",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/ignored-error", {
      "internal/app/app.go": pkg(`"database/sql"\n"encoding/json"\n"os"\n"strconv"`, body),
    });
    expect(findings.map((f) => f.severity)).toEqual(["low", "low", "low", "low", "low"]);
  });
  it("lowers a discarded http.NewRequest error when the URL is a constant, and keeps it medium for a built URL", async () => {
    const body = [
      'const apiBase = "https://api.example.org/1/"',
      "",
      "func similar(ctx context.Context, method string) (*http.Request, error) {",
      '	req, _ := http.NewRequestWithContext(ctx, method, apiBase+"similar/json", nil)',
      "	return req, nil",
      "}",
      "",
      "func fetch(ctx context.Context, base string) (*http.Request, error) {",
      '	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"similar/json", nil)',
      "	return req, nil",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/ignored-error", {
      "internal/client/client.go": pkg(`"context"\n"net/http"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["11:low", "16:medium"]);
  });

  it("lowers a request to a url.URL the function holds and crypto/rand.Int on the system reader; keeps a built string URL and rand.Read medium", async () => {
    const body = [
      "func fromURL(ctx context.Context, imageUrl *url.URL) *http.Request {",
      "	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, imageUrl.String(), nil)",
      "	return req",
      "}",
      "",
      "func fromText(ctx context.Context, b *strings.Builder) *http.Request {",
      "	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.String(), nil)",
      "	return req",
      "}",
      "",
      "func pick(max int64) int64 {",
      "	n, _ := rand.Int(rand.Reader, big.NewInt(max))",
      "	return n.Int64()",
      "}",
      "",
      "func key() []byte {",
      "	b := make([]byte, 32)",
      "	n, _ := rand.Read(b)",
      "	return b[:n]",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/ignored-error", {
      "internal/client/fetch.go": pkg(
        `"context"\n"crypto/rand"\n"math/big"\n"net/http"\n"net/url"\n"strings"`,
        body,
      ),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "13:low",
      "18:medium",
      "23:low",
      "29:medium",
    ]);
  });
});

describe("go/ignored-error: requests whose URL cannot fail to parse", () => {
  it("lowers a URL that is a constant of another file of the package, and keeps a variable of that file medium", async () => {
    const findings = await findingsOf("go/ignored-error", {
      "internal/widgets/shared.go":
        'package widgets\n\nconst gqlEndpoint = "https://gql.example.tv/gql"\n\nvar configuredEndpoint = "https://gql.example.tv/gql"\n',
      "internal/widgets/channels.go": pkg(
        `"io"\n"net/http"`,
        [
          "func channels(body io.Reader) *http.Request {",
          '\trequest, _ := http.NewRequest("POST", gqlEndpoint, body)',
          "\treturn request",
          "}",
          "",
          "func configured(body io.Reader) *http.Request {",
          '\trequest, _ := http.NewRequest("POST", configuredEndpoint, body)',
          "\treturn request",
          "}",
        ].join("\n"),
      ).replace("package app", "package widgets"),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["9:low", "14:medium"]);
  });

  it("lowers a local set to a fixed URL up to the query in every branch, and a parameter every caller passes a literal", async () => {
    const body = [
      "func videos(id string, playlist bool) *http.Request {",
      "\tvar feedURL string",
      "\tif playlist {",
      '\t\tfeedURL = "https://www.example.com/feeds/videos.xml?playlist_id=" + id',
      "\t} else {",
      '\t\tfeedURL = fmt.Sprintf("https://www.example.com/feeds/videos.xml?channel_id=%s", id)',
      "\t}",
      '\trequest, _ := http.NewRequest("GET", feedURL, nil)',
      "\treturn request",
      "}",
      "",
      "func probe(method, url string) *http.Request {",
      "\trequest, _ := http.NewRequest(method, url, nil)",
      "\treturn request",
      "}",
      "",
      "func checks() {",
      '\tprobe("GET", "https://api.example.com")',
      '\tprobe("OPTIONS", "https://gql.example.tv/gql")',
      "}",
      "",
      "func instance(base string, byPath bool) *http.Request {",
      '\tfeedURL := "https://www.example.com/feeds?id=1"',
      "\tif byPath {",
      '\t\tfeedURL = base + "/feeds"',
      "\t}",
      '\trequest, _ := http.NewRequest("GET", feedURL, nil)',
      "\treturn request",
      "}",
      "",
      "func send(method, url string) *http.Request {",
      "\trequest, _ := http.NewRequest(method, url, nil)",
      "\treturn request",
      "}",
      "",
      "func calls(target string) {",
      '\tsend("GET", "https://api.example.com")',
      '\tsend("GET", target)',
      '\tpathURL := "https://www.example.com/feeds/" + target',
      '\tsend("GET", pathURL)',
      '\tpathRequest, _ := http.NewRequest("GET", pathURL, nil)',
      "\t_ = pathRequest",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/ignored-error", {
      "internal/client/feeds.go": pkg(`"fmt"\n"net/http"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "15:low",
      "20:low",
      "34:medium",
      "39:medium",
      "48:medium",
    ]);
  });
});

describe("go/ignored-error: numbers printed into a fixed URL", () => {
  it("lowers a URL whose scheme and host are written out and whose other verbs print integers, and keeps text or a host built from a number medium", async () => {
    const body = [
      "func item(id int) *http.Request {",
      '	request, _ := http.NewRequest("GET", fmt.Sprintf("https://news.example.com/v0/item/%d.json", id), nil)',
      "	return request",
      "}",
      "",
      "func page(kind string, n int) *http.Request {",
      '	request, _ := http.NewRequest("GET", fmt.Sprintf("https://news.example.com/v0/%s/%03d.json", kind, n), nil)',
      "	return request",
      "}",
      "",
      "func shard(n int) *http.Request {",
      '	request, _ := http.NewRequest("GET", fmt.Sprintf("https://shard%d.example.com/v0", n), nil)',
      "	return request",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/ignored-error", {
      "internal/client/news.go": pkg(`"fmt"\n"net/http"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "9:low",
      "14:medium",
      "19:medium",
    ]);
  });
});

describe("go/ignored-error: test harness outside _test.go", () => {
  const helper = (param: string) =>
    pkg(
      `"os"\n"path/filepath"\n"testing"`,
      [
        `func setupRepo(${param}, dir string, files map[string]string) {`,
        "\tfor name, content := range files {",
        "\t\t_ = os.WriteFile(filepath.Join(dir, name), []byte(content), 0644)",
        "\t}",
        "}",
        "",
        "var _ = testing.Testing",
      ].join("\n"),
    );

  it("is silent in a helper file that takes a *testing.T, and still fires in production code", async () => {
    expect(
      await findingsOf("go/ignored-error", { "internal/git/test_funcs.go": helper("t *testing.T") }),
    ).toEqual([]);
    // Near miss: importing "testing" alone does not make production code a test.
    const findings = await findingsOf("go/ignored-error", { "internal/git/setup.go": helper("name string") });
    expect(findings.map((f) => f.severity)).toEqual(["medium"]);
  });
});
