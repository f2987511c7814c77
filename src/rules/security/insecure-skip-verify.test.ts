import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/insecure-skip-verify", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/insecure-skip-verify", {
      "internal/app/app.go": pkg(
        `"crypto/tls"`,
        "var c = &tls.Config{InsecureSkipVerify: true}\n\nfunc f(cfg *tls.Config) {\n\tcfg.InsecureSkipVerify = true\n}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([7, 10]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/insecure-skip-verify", {
        "internal/app/app.go": pkg(
          `"crypto/tls"`,
          "var c = &tls.Config{InsecureSkipVerify: insecure, MinVersion: tls.VersionTLS12}\nvar insecure = false",
        ),
        "internal/app/app_test.go": pkg(`"crypto/tls"`, "var c = &tls.Config{InsecureSkipVerify: true}"),
      }),
    ).toEqual([]);
  });

  it("is low when a setting switches verification off, high when it is off unconditionally", async () => {
    const body = [
      "func transport(ignoreTLSErrors bool, opts struct{ SkipVerify bool }) *tls.Config {",
      "\tif ignoreTLSErrors {",
      "\t\treturn &tls.Config{InsecureSkipVerify: true}",
      "\t}",
      "\ttc := &tls.Config{}",
      "\tif opts.SkipVerify {",
      "\t\ttc.InsecureSkipVerify = true",
      "\t} else {",
      "\t\ttc.InsecureSkipVerify = true",
      "\t}",
      "\treturn tc",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/insecure-skip-verify", {
      "internal/app/app.go": pkg(`"crypto/tls"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "9:low",
      "13:low",
      "15:high",
    ]);
    expect(findings[0]?.message).toContain("only when `ignoreTLSErrors` is set");
  });
  it("is low under a conjunction with a setting named for skipping verification, high under an unrelated one", async () => {
    const body = [
      "type Cfg struct{ Client *struct{ Insecure bool }; Ready bool }",
      "",
      "func clients(cfg *Cfg, ok bool) []*tls.Config {",
      "	out := []*tls.Config{}",
      "	if cfg.Client != nil && cfg.Client.Insecure {",
      "		out = append(out, &tls.Config{InsecureSkipVerify: true})",
      "	}",
      "	if cfg.Client != nil && ok {",
      "		out = append(out, &tls.Config{InsecureSkipVerify: true})",
      "	}",
      "	return out",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/insecure-skip-verify", {
      "internal/app/app.go": pkg(`"crypto/tls"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["12:low", "15:high"]);
    expect(findings[0]?.message).toContain("only when `cfg.Client.Insecure` is set");
  });

  it("is low under an environment variable or config key named for the opt-in, high under one that only configures TLS", async () => {
    const body = [
      "func dialers(d *tls.Config) []*tls.Config {",
      "	out := []*tls.Config{}",
      '	if len(os.Getenv("SKIP_SMTP_TLS_VERIFY")) > 0 {',
      "		out = append(out, &tls.Config{InsecureSkipVerify: true})",
      "	}",
      '	if viper.GetBool("tls.insecure") {',
      "		out = append(out, &tls.Config{InsecureSkipVerify: true})",
      "	}",
      '	if os.Getenv("TLS_CERT") == "" {',
      "		out = append(out, &tls.Config{InsecureSkipVerify: true})",
      "	}",
      "	return out",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/insecure-skip-verify", {
      "internal/app/app.go": pkg(`"crypto/tls"\n"os"\n"github.com/spf13/viper"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "12:low",
      "15:low",
      "18:high",
    ]);
    expect(findings[0]?.message).toContain('only when `os.Getenv("SKIP_SMTP_TLS_VERIFY")` is set');
  });

  it("is medium where the function GETs a page with its client and sends no credential, high where it sends a token or returns the client", async () => {
    const tr = "&http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}";
    const body = [
      "func importSite(url string) (*http.Response, error) {",
      `\tclient := &http.Client{Transport: ${tr}}`,
      "\treturn client.Get(url)",
      "}",
      "",
      "func callAPI(url, token string) (*http.Response, error) {",
      `\tclient := &http.Client{Transport: ${tr}}`,
      '\treq, _ := http.NewRequest("GET", url, nil)',
      '\treq.Header.Set("Authorization", "Bearer "+token)',
      "\treturn client.Do(req)",
      "}",
      "",
      "func newClient() *http.Client {",
      `\tclient := &http.Client{Transport: ${tr}}`,
      '\tclient.Get("https://example.com/warmup")',
      "\treturn client",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/insecure-skip-verify", {
      "internal/app/app.go": pkg(`"crypto/tls"\n"net/http"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "9:medium",
      "14:high",
      "21:high",
    ]);
  });

  it("is low in a closure made under the setting, high in a closure made unconditionally", async () => {
    const body = [
      "func client(cfg Config) []func(*http.Transport) {",
      "\topts := []func(*http.Transport){}",
      "\tif cfg.InsecureSkipTLSVerify {",
      "\t\topts = append(opts, func(tr *http.Transport) {",
      "\t\t\ttr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}",
      "\t\t})",
      "\t}",
      "\topts = append(opts, func(tr *http.Transport) {",
      "\t\ttr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}",
      "\t})",
      "\treturn opts",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/insecure-skip-verify", {
      "internal/app/app.go": pkg(`"crypto/tls"\n"net/http"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["12:low", "16:high"]);
  });

  it("is low after an early return when the setting is off, high after an unrelated early return", async () => {
    const body = [
      "func (c *client) newContext(ctx context.Context) context.Context {",
      "\tif !c.SkipVerify {",
      "\t\treturn ctx",
      "\t}",
      "\treturn context.WithValue(ctx, key, &tls.Config{InsecureSkipVerify: true})",
      "}",
      "",
      "func config(v any) *tls.Config {",
      "\tcfg, ok := v.(*tls.Config)",
      "\tif !ok {",
      "\t\treturn nil",
      "\t}",
      "\tcfg.InsecureSkipVerify = true",
      "\treturn cfg",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/insecure-skip-verify", {
      "internal/app/app.go": pkg(`"context"\n"crypto/tls"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["12:low", "20:high"]);
    expect(findings[0]?.message).toContain("only when `c.SkipVerify` is set");
  });

  it("does not check a file built only with a test tag, and is low where a gosec suppression marks the statement reviewed", async () => {
    const body = [
      "func probe(address string) *tls.Config {",
      "\t// The probe only checks that the listener answers.",
      "\t//nolint:gosec",
      "\ttlsConfig := &tls.Config{",
      "\t\tInsecureSkipVerify: true,",
      "\t}",
      "\treturn tlsConfig",
      "}",
      "",
      "func client() *tls.Config {",
      "\t//nolint:errcheck",
      "\treturn &tls.Config{",
      "\t\tInsecureSkipVerify: true,",
      "\t}",
      "}",
    ].join("\n");
    const findings = await findingsOf("go/insecure-skip-verify", {
      "internal/app/app.go": pkg(`"crypto/tls"`, body),
      "internal/testing/actors.go": `//go:build unit\n\n${pkg(`"crypto/tls"`, body)}`,
      "internal/app/either.go": `//go:build !unit\n\n${pkg(`"crypto/tls"`, body)}`,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}:${f.severity}`)).toEqual([
      "internal/app/app.go:11:low",
      "internal/app/app.go:19:high",
      "internal/app/either.go:13:low",
      "internal/app/either.go:21:high",
    ]);
    expect(findings[0]?.message).toContain("marked reviewed by a suppression comment");
  });

  it("is low where the function only calls its own local server, high where it calls another host", async () => {
    const body = [
      "func healthcheck() {",
      '\thost := os.Getenv("HOST")',
      '\tif host == "" {',
      '\t\thost = "127.0.0.1"',
      "\t}",
      "\thttp.DefaultTransport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}",
      '\thttp.Get("https://" + host + ":3001")',
      "}",
      "",
      "func trigger(conf *Config) {",
      "\tclient := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}",
      '\tclient.Get(conf.Server.LocalRootURL + "tasks/trigger")',
      "}",
      "",
      "func deliver(url string, body io.Reader) {",
      "\tclient := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}",
      '\tclient.Post(url, "application/json", body)',
      "}",
    ].join("\n");
    const findings = await findingsOf("go/insecure-skip-verify", {
      "internal/app/app.go": pkg(`"crypto/tls"\n"io"\n"net/http"\n"os"`, body),
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "15:low",
      "20:low",
      "25:high",
    ]);
    expect(findings[0]?.message).toContain("only calls the local server (`127.0.0.1`)");
  });

  it("is low with its own VerifyPeerCertificate, medium with a CA pool or client certificate, a named config option or a signature check, high otherwise", async () => {
    const findings = await findingsOf("go/insecure-skip-verify", {
      "internal/agent/client.go": pkg(
        `"crypto/tls"\n\t"crypto/x509"`,
        [
          "func pinned(pool *x509.CertPool, cert tls.Certificate) *tls.Config {",
          "\treturn &tls.Config{Certificates: []tls.Certificate{cert}, RootCAs: pool, InsecureSkipVerify: true}",
          "}",
          "",
          "func own(check func([][]byte, [][]*x509.Certificate) error) *tls.Config {",
          "\treturn &tls.Config{InsecureSkipVerify: true, VerifyPeerCertificate: check}",
          "}",
        ].join("\n"),
      ),
      "internal/cache/redis.go": pkg(
        `"crypto/tls"`,
        [
          "func parse(opts map[string]string, cfg *Options) {",
          "\tfor k := range opts {",
          "\t\tswitch k {",
          '\t\tcase "tls":',
          "\t\t\tcfg.TLSConfig = &tls.Config{InsecureSkipVerify: true}",
          '\t\tcase "insecure_tls":',
          "\t\t\tcfg.TLSConfig = &tls.Config{InsecureSkipVerify: true}",
          "\t\t}",
          "\t}",
          "}",
        ].join("\n"),
      ),
      "agent/ws.go": pkg(
        `"crypto/tls"\n\t"golang.org/x/crypto/ssh"`,
        [
          "func (c *Client) options() *Options {",
          "\treturn &Options{Addr: c.url, TLS: &tls.Config{InsecureSkipVerify: true}}",
          "}",
          "",
          "func (c *Client) verify(key ssh.PublicKey, blob []byte) error {",
          "\tsig := ssh.Signature{Format: key.Type(), Blob: blob}",
          "\treturn key.Verify([]byte(c.token), &sig)",
          "}",
        ].join("\n"),
      ),
      "internal/app/plain.go": pkg(
        `"crypto/tls"`,
        "func plain() *tls.Config {\n\treturn &tls.Config{InsecureSkipVerify: true}\n}",
      ),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}:${f.severity}`)).toEqual([
      "agent/ws.go:9:medium",
      "internal/agent/client.go:9:medium",
      "internal/agent/client.go:13:low",
      "internal/app/plain.go:8:high",
      "internal/cache/redis.go:11:medium",
      "internal/cache/redis.go:13:low",
    ]);
  });

  it("is low for a package-level client named for the insecure opt-in beside its verifying twin, high without the twin", async () => {
    const clients = (twin: string): string =>
      pkg(
        `"crypto/tls"\n\t"net/http"`,
        [
          twin,
          "var defaultInsecureHTTPClient = &http.Client{",
          "\tTransport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},",
          "}",
        ].join("\n"),
      );
    const withTwin = await findingsOf("go/insecure-skip-verify", {
      "internal/app/clients.go": clients("var defaultHTTPClient = &http.Client{}"),
    });
    expect(withTwin.map((f) => f.severity)).toEqual(["low"]);
    const alone = await findingsOf("go/insecure-skip-verify", {
      "internal/app/clients.go": clients("var timeout = 5"),
    });
    expect(alone.map((f) => f.severity)).toEqual(["high"]);
  });
});
