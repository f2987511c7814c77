import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/http-client-without-timeout", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/http-client-without-timeout", {
      "internal/app/app.go": pkg(
        `"net/http"`,
        "var c = &http.Client{Transport: http.DefaultTransport}\n\nfunc f(u string) {\n\thttp.Get(u)\n\thttp.DefaultClient.Get(u)\n}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([7, 10, 11]);
  });

  it("is low for a health-check probe and for clients of a function dialing a unix socket; medium otherwise", async () => {
    const findings = await findingsOf("go/http-client-without-timeout", {
      "pkg/healthcheck/healthcheck.go": pkg(
        `"fmt"\n"net/http"`,
        'func healthcheck(host string, port int) error {\n\turl := fmt.Sprintf("http://%s:%d/healthcheck", host, port)\n\t_, err := http.Get(url)\n\treturn err\n}',
      ),
      "pkg/status/status.go": pkg(
        `"fmt"\n"net/http"`,
        'func report(host string) error {\n\turl := fmt.Sprintf("http://%s/api/status", host)\n\t_, err := http.Get(url)\n\treturn err\n}',
      ),
      "internal/ipc/ipc.go": pkg(
        `"context"\n"net"\n"net/http"`,
        "func client(host string) *http.Client {\n\tif host[0] == '/' {\n\t\treturn &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {\n\t\t\treturn (&net.Dialer{}).DialContext(ctx, \"unix\", host)\n\t\t}}}\n\t}\n\treturn &http.Client{}\n}\n\nfunc remote() *http.Client {\n\treturn &http.Client{Transport: &http.Transport{}}\n}",
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["internal/ipc/ipc.go", 11, "low"],
      ["internal/ipc/ipc.go", 15, "low"],
      ["internal/ipc/ipc.go", 19, "medium"],
      ["pkg/healthcheck/healthcheck.go", 10, "low"],
      ["pkg/status/status.go", 10, "medium"],
    ]);
    expect(findings[3]?.message).toContain("health-check probe");
    expect(findings[0]?.message).toContain("dials a unix socket");
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/http-client-without-timeout", {
        "internal/app/app.go": pkg(
          `"net/http"\n"time"`,
          "var c = &http.Client{Timeout: 10 * time.Second}\n\nfunc f(u string) {\n\tc.Get(u)\n}",
        ),
        "internal/app/b.go": pkg(
          `"net/http"\n"time"`,
          "func mk() *http.Client {\n\tc := &http.Client{}\n\tc.Timeout = time.Second\n\treturn c\n}",
        ),
      }),
    ).toEqual([]);
  });

  it("is silent when the transport dials through a function that sets a deadline on each connection", async () => {
    const dialer = (setDeadline: string): string =>
      [
        "func TimeoutDialer(c, rw time.Duration) func(ctx context.Context, netw, addr string) (net.Conn, error) {",
        "\treturn func(ctx context.Context, netw, addr string) (net.Conn, error) {",
        "\t\tconn, err := net.DialTimeout(netw, addr, c)",
        "\t\tif err != nil {",
        "\t\t\treturn nil, err",
        "\t\t}",
        `\t\treturn conn, ${setDeadline}`,
        "\t}",
        "}",
        "",
        "func (r *Request) Do() (*http.Response, error) {",
        "\ttrans := &http.Transport{DialContext: TimeoutDialer(r.connect, r.rw)}",
        "\tclient := &http.Client{Transport: trans}",
        "\treturn client.Do(r.req)",
        "}",
      ].join("\n");
    const imports = `"context"\n"net"\n"net/http"\n"time"`;
    expect(
      await findingsOf("go/http-client-without-timeout", {
        "internal/httplib/httplib.go": pkg(imports, dialer("conn.SetDeadline(time.Now().Add(rw))")),
      }),
    ).toEqual([]);
    // Near miss: the dialer only bounds the connect, not the reads and writes.
    const findings = await findingsOf("go/http-client-without-timeout", {
      "internal/httplib/httplib.go": pkg(imports, dialer("nil")),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([22]);
  });

  it("is silent when the client's transport sets ResponseHeaderTimeout, inline or in a local; fires on other transports", async () => {
    const imports = `"net"\n"net/http"\n"time"`;
    const inline = (key: string) =>
      [
        "func newCaller(timeout time.Duration) *http.Client {",
        "\tc := &http.Client{",
        "\t\tTransport: &http.Transport{",
        "\t\t\tDial: (&net.Dialer{Timeout: timeout}).Dial,",
        `\t\t\t${key}: timeout,`,
        "\t\t},",
        "\t}",
        "\treturn c",
        "}",
      ].join("\n");
    const local = (key: string) =>
      [
        "func call(u string, timeout time.Duration) {",
        `\ttr := &http.Transport{${key}: timeout}`,
        "\tc := &http.Client{Transport: tr}",
        "\tc.Get(u)",
        "}",
      ].join("\n");
    for (const body of [inline("ResponseHeaderTimeout"), local("ResponseHeaderTimeout")])
      expect(
        await findingsOf("go/http-client-without-timeout", { "pkg/rpc/call.go": pkg(imports, body) }),
      ).toEqual([]);
    // Near misses: an idle-connection timeout does not bound a request.
    const findings = await findingsOf("go/http-client-without-timeout", {
      "pkg/rpc/call.go": pkg(imports, inline("IdleConnTimeout")),
      "pkg/rpc/local.go": pkg(imports, local("IdleConnTimeout")),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`).sort()).toEqual([
      "pkg/rpc/call.go:10",
      "pkg/rpc/local.go:11",
    ]);
  });

  it("is silent when the requests carry a context deadline, and still fires without one", async () => {
    const body = [
      "func export(url string, timeout time.Duration) error {",
      "\tclient := http.Client{}",
      "\tctx, cancel := context.WithTimeout(context.Background(), timeout)",
      "\tdefer cancel()",
      '\treq, err := http.NewRequestWithContext(ctx, "GET", url, http.NoBody)',
      "\tif err != nil {",
      "\t\treturn err",
      "\t}",
      "\t_, err = client.Do(req)",
      "\treturn err",
      "}",
      "",
      "func remove(url string) error {",
      '\treq, _ := http.NewRequest("DELETE", url, http.NoBody)',
      "\t_, err := http.DefaultClient.Do(req)",
      "\treturn err",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/http-client-without-timeout", {
      "internal/app/app.go": pkg(`"context"\n"net/http"\n"time"`, body),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([23]);
  });

  it("is low when the request is the caller's or carries the caller's context", async () => {
    const body = [
      "func Fetch(ctx context.Context, url string) (*http.Response, error) {",
      '\treq, err := http.NewRequestWithContext(ctx, "GET", url, nil)',
      "\tif err != nil {",
      "\t\treturn nil, err",
      "\t}",
      "\treturn http.DefaultClient.Do(req)",
      "}",
      "",
      "func Send(req *http.Request) (*http.Response, error) {",
      "\treturn http.DefaultClient.Do(req)",
      "}",
      "",
      "func GetUserInfo(r *http.Request, token string) error {",
      '\treq, _ := http.NewRequest("POST", token, nil)',
      "\tclient := &http.Client{}",
      "\t_, err := client.Do(req)",
      "\treturn err",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/http-client-without-timeout", {
      "internal/app/app.go": pkg(`"context"\n"net/http"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "13:low",
      "17:low",
      "22:medium",
    ]);
  });

  it("is low for a configurable default client and in command-line commands other than the server", async () => {
    const body = [
      "type Client struct{ http *http.Client }",
      "",
      "func New() *Client { return &Client{http: http.DefaultClient} }",
      "",
      "type Updater struct{ HTTPClient *http.Client }",
      "",
      "func (u *Updater) init() {",
      "\tif u.HTTPClient == nil {",
      "\t\tu.HTTPClient = http.DefaultClient",
      "\t}",
      "}",
      "",
      "type CleanupCommand struct{ URL string }",
      "",
      "func (c *CleanupCommand) Execute(_ []string) error {",
      "\tclient := http.Client{}",
      "\t_, err := client.Get(c.URL)",
      "\treturn err",
      "}",
      "",
      "type ServerCommand struct{ URL string }",
      "",
      "func (s *ServerCommand) notifier() *http.Client {",
      "\treturn &http.Client{}",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/http-client-without-timeout", {
      "internal/app/app.go": pkg(`"net/http"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "9:low",
      "15:low",
      "22:low",
      "30:medium",
    ]);
  });
  it("is low for a zero client a wrapper falls back to when the caller passes none, medium otherwise", async () => {
    const body = [
      "func WrapClient(client *http.Client, name string) *http.Client {",
      "\tif client == nil {",
      "\t\tclient = &http.Client{}",
      "\t}",
      "\tclient.Transport = wrap(client.Transport, name)",
      "\treturn client",
      "}",
      "",
      "func NewClient(client *http.Client) *http.Client {",
      "\tif client != nil {",
      "\t\tclient = &http.Client{}",
      "\t}",
      "\treturn client",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/http-client-without-timeout", {
      "internal/app/app.go": pkg(`"net/http"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["9:low", "17:medium"]);
  });

  it("judges a client stored in a struct field by the requests its methods send", async () => {
    const service = (send: string[]) =>
      [
        "type service struct{ client *http.Client }",
        "",
        "func newService() *service {",
        "\tsvc := &service{}",
        "\tsvc.client = &http.Client{Transport: http.DefaultTransport}",
        "\treturn svc",
        "}",
        "",
        "func (s *service) send(ctx context.Context, url string, timeout time.Duration) error {",
        ...send,
        "\t_, err = s.client.Do(req)",
        "\treturn err",
        "}",
      ].join("\n");
    const findings = await findingsOf("go/http-client-without-timeout", {
      "internal/plugins/deadline.go": pkg(
        `"context"\n"net/http"\n"time"`,
        service([
          "\tctx, cancel := context.WithTimeout(ctx, timeout)",
          "\tdefer cancel()",
          '\treq, err := http.NewRequestWithContext(ctx, "GET", url, http.NoBody)',
        ]),
      ),
      "internal/plugins/forever.go": pkg(
        `"context"\n"net/http"\n"time"`,
        service(['\treq, err := http.NewRequest("GET", url, http.NoBody)']),
      ),
    });
    expect(findings.map((f) => f.location?.path)).toEqual(["internal/plugins/forever.go"]);
  });

  it("judges a client its function returns by the requests of its file, and reads `if c == nil { c = http.DefaultClient }` as a fallback", async () => {
    const notifier = (send: string[]) =>
      [
        "type notifier struct{ HTTPClient *http.Client }",
        "",
        "func (n *notifier) client() *http.Client {",
        "\tif n.HTTPClient != nil {",
        "\t\treturn n.HTTPClient",
        "\t}",
        "\treturn &http.Client{CheckRedirect: noRedirect}",
        "}",
        "",
        "func withRedirect(source *http.Client) *http.Client {",
        "\tif source == nil {",
        "\t\tsource = http.DefaultClient",
        "\t}",
        "\tclient := &http.Client{Transport: source.Transport}",
        "\treturn client",
        "}",
        "",
        "func (n *notifier) send(ctx context.Context, url string) error {",
        ...send,
        "\t_, err = n.client().Do(req)",
        "\treturn err",
        "}",
      ].join("\n");
    const findings = await findingsOf("go/http-client-without-timeout", {
      "internal/backchannel/deadline.go": pkg(
        `"context"\n"net/http"\n"time"`,
        notifier([
          "\tctx, cancel := context.WithTimeout(ctx, 5*time.Second)",
          "\tdefer cancel()",
          '\treq, err := http.NewRequestWithContext(ctx, "POST", url, http.NoBody)',
        ]),
      ),
      "internal/backchannel/forever.go": pkg(
        `"context"\n"net/http"\n"time"`,
        notifier(['\treq, err := http.NewRequest("POST", url, http.NoBody)']),
      ),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}:${f.severity}`)).toEqual([
      "internal/backchannel/deadline.go:20:low",
      "internal/backchannel/forever.go:15:medium",
      "internal/backchannel/forever.go:20:low",
      "internal/backchannel/forever.go:22:medium",
    ]);
  });
});

describe("go/http-client-without-timeout: one-shot programs and http.Get in commands", () => {
  const program = (extra: string) =>
    [
      "package main",
      "",
      'import (\n\t"fmt"\n\t"io"\n\t"net/http"\n\t"os"\n)',
      "",
      "func main() {",
      "\tres, err := http.Get(os.Args[1])",
      "\tif err != nil {",
      "\t\tos.Exit(1)",
      "\t}",
      "\tbody, _ := io.ReadAll(res.Body)",
      "\tfmt.Println(string(body))",
      extra,
      "}",
    ].join("\n");

  it("is low in main of a program run on its arguments, and in a cobra command calling http.Get", async () => {
    const findings = await findingsOf("go/http-client-without-timeout", {
      "cmd/fetch/main.go": program(""),
      "internal/cmd/check.go":
        'package cmd\n\nimport (\n"net/http"\n\n"github.com/spf13/cobra"\n)\n\nfunc check(cmd *cobra.Command, args []string) {\n\thttp.Get(args[0])\n}\n',
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["cmd/fetch/main.go", "low"],
      ["internal/cmd/check.go", "low"],
    ]);
  });

  it("stays medium in main of a program that also serves or runs on", async () => {
    const findings = await findingsOf("go/http-client-without-timeout", {
      "cmd/serve/main.go": program('\thttp.ListenAndServe(":8080", nil)'),
      "cmd/poll/main.go": program("\tfor {\n\t\tpoll()\n\t}"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["cmd/poll/main.go", "medium"],
      ["cmd/serve/main.go", "medium"],
    ]);
  });
});
