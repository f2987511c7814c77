import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/tls-without-hsts";

const lines = (...l: string[]): string => l.join("\n") + "\n";

const GO_TLS = lines(
  "package main",
  'import "net/http"',
  "func main() {",
  "\tmux := http.NewServeMux()",
  '\thttp.ListenAndServeTLS(":443", "cert.pem", "key.pem", mux)',
  "}",
);

describe(ID, () => {
  it("fires medium on a Go server that only serves TLS and never sends HSTS", async () => {
    const findings = await findingsOf(ID, { "cmd/server/main.go": GO_TLS });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["cmd/server/main.go", 5, "medium"],
    ]);
  });

  it("does not count a mock server of the build and CI pipeline (top-level build/ or ci/)", async () => {
    const findings = await findingsOf(ID, {
      "build/internal/cmd/discover/main.go": GO_TLS,
      "cmd/server/main.go": GO_TLS,
    });
    // The product's own server is still reported, and the pipeline's is not its first (or any) location.
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["cmd/server/main.go", 5],
    ]);
    expect(findings[0]?.message).not.toContain("build/");
    expect(await findingsOf(ID, { "ci/mock-oidc/main.go": GO_TLS })).toEqual([]);
  });

  it("fires low when TLS is one mode beside a plain-HTTP listener", async () => {
    const findings = await findingsOf(ID, {
      "server.js": lines(
        "const app = require('./app');",
        "if (process.env.TLS_KEY) {",
        "  https.createServer({ key, cert }, app).listen(443);",
        "} else {",
        "  http.createServer(app).listen(80);",
        "}",
      ),
    });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
    const go = await findingsOf(ID, {
      "runner/runner.go": lines(
        "package runner",
        'import "net/http"',
        "func Run(s *http.Server, secure bool) error {",
        "\tif secure {",
        '\t\treturn s.ServeTLS(httpsListener, "cert.pem", "key.pem")',
        "\t}",
        "\treturn s.Serve(httpListener)",
        "}",
      ),
    });
    expect(go.map((f) => f.severity)).toEqual(["low"]);
    // The plain listener chosen as a method value rather than called where it is chosen.
    const chosen = (plain: string) =>
      findingsOf(ID, {
        "internal/cmd/http.go": lines(
          "package cmd",
          'import "net/http"',
          "func NewServer(s *http.Server, https bool) func() error {",
          "\tif !https {",
          `\t\treturn ${plain}`,
          "\t}",
          '\treturn func() error { return s.ListenAndServeTLS("cert.pem", "key.pem") }',
          "}",
        ),
      });
    expect((await chosen("s.ListenAndServe")).map((f) => f.severity)).toEqual(["low"]);
    expect((await chosen("nil")).map((f) => f.severity)).toEqual(["medium"]);
  });

  it("fires low when TLS (even autocert) is a mode chosen by a setting beside a plain server", async () => {
    const go = await findingsOf(ID, {
      "app/rest/rest.go": lines(
        "package rest",
        'import "net/http"',
        "func (s *Rest) Run(mode int) {",
        "\tswitch mode {",
        "\tcase 0:",
        "\t\ts.httpServer.ListenAndServe()",
        "\tcase 1:",
        '\t\ts.httpsServer.ListenAndServeTLS("cert.pem", "key.pem")',
        "\t}",
        "}",
      ),
      "app/rest/ssl.go": lines(
        "package rest",
        'import "golang.org/x/crypto/acme/autocert"',
        "func (s *Rest) manager() *autocert.Manager {",
        "\treturn &autocert.Manager{Prompt: autocert.AcceptTOS}",
        "}",
      ),
    });
    expect(go.map((f) => f.severity)).toEqual(["low"]);
    const python = await findingsOf(ID, {
      "app/server.py": lines(
        "import uvicorn",
        "def main(host, port, ssl_keyfile=None, ssl_certfile=None):",
        "    config = uvicorn.Config(",
        '        "app.main:app",',
        "        host=host,",
        "        port=port,",
        "        ssl_keyfile=ssl_keyfile,",
        "        ssl_certfile=ssl_certfile,",
        "    )",
        "    uvicorn.Server(config=config).run()",
      ),
    });
    expect(python.map((f) => f.severity)).toEqual(["low"]);
  });

  it("does not read a TLS socket of another protocol (POP3S, SMTPS, LDAPS) as an HTTPS server", async () => {
    // A mail server's POP3S listener in a file without net/http, and an LDAP library's argument-less
    // ListenAndServeTLS, in a file that imports net/http for something else.
    const otherProtocols = {
      "internal/pop3/server.go": lines(
        "package pop3",
        'import "crypto/tls"',
        "func Run(addr string, cfg *tls.Config) error {",
        '	listener, err := tls.Listen("tcp", addr, cfg)',
        "	return serve(listener, err)",
        "}",
      ),
      "cmd/ldap.go": lines(
        "package main",
        'import "net/http"',
        "func startLDAPS(s *ldap.Server) {",
        "	go func() { _ = s.ListenAndServeTLS() }()",
        '	_ = http.Get("http://localhost/health")',
        "}",
      ),
    };
    expect(await findingsOf(ID, otherProtocols)).toEqual([]);
    // tls.Listen serving net/http is HTTPS.
    const https = await findingsOf(ID, {
      ...otherProtocols,
      "server/server.go": lines(
        "package server",
        'import (\n\t"crypto/tls"\n\t"net/http"\n)',
        "func Run(addr string, cfg *tls.Config, h http.Handler) error {",
        '	ln, err := tls.Listen("tcp", addr, cfg)',
        "	if err != nil { return err }",
        "	return http.Serve(ln, h)",
        "}",
      ),
    });
    expect(
      https.map((f) => [f.location?.path, f.message.includes("pop3") || f.message.includes("ldap")]),
    ).toEqual([["server/server.go", false]]);
  });

  it("stays silent when HSTS is set anywhere, and on plain-HTTP servers behind a proxy", async () => {
    expect(
      await findingsOf(ID, {
        "cmd/server/main.go": GO_TLS,
        "internal/web/headers.go": lines(
          "package web",
          'import "net/http"',
          "func Secure(w http.ResponseWriter) {",
          '\tw.Header().Set("Strict-Transport-Security", "max-age=31536000")',
          "}",
        ),
      }),
    ).toEqual([]);
    expect(
      await findingsOf(ID, {
        "cmd/server/main.go": lines(
          "package main",
          'import "net/http"',
          "func main() {",
          '\thttp.ListenAndServe(":8080", nil)',
          "}",
        ),
      }),
    ).toEqual([]);
  });
});
