import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/server-without-timeouts", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/server-without-timeouts", {
      "internal/app/app.go": pkg(
        `"net/http"`,
        'func main() {\n\thttp.ListenAndServe(":8080", nil)\n\tsrv := &http.Server{Addr: ":8081"}\n\tsrv.ListenAndServe()\n}',
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([8, 9]);
  });

  it("is low in examples, scripts and tools", async () => {
    const findings = await findingsOf("go/server-without-timeouts", {
      "examples/hello/main.go": pkg('"net/http"', 'func main() {\n\thttp.ListenAndServe(":8080", nil)\n}'),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["examples/hello/main.go", "low"]]);
  });

  it("is low on a loopback listener (a pprof port), medium on every interface", async () => {
    const findings = await findingsOf("go/server-without-timeouts", {
      "internal/app/app.go": pkg(
        `"net/http"`,
        'func Run(pprof bool) {\n\tif pprof {\n\t\tgo func() { _ = http.ListenAndServe("127.0.0.1:6060", nil) }()\n\t}\n\tsrv := &http.Server{Addr: "localhost:9000"}\n\tsrv.ListenAndServe()\n\thttp.ListenAndServe("0.0.0.0:8080", nil)\n}',
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [9, "low"],
      [11, "low"],
      [13, "medium"],
    ]);
  });

  it("is low on a loopback host with a computed port, medium when the host is computed too", async () => {
    const findings = await findingsOf("go/server-without-timeouts", {
      "internal/app/app.go": pkg(
        `"fmt"\n"net"\n"net/http"`,
        'func Run(port int, host string) {\n\tsrv := &http.Server{Addr: fmt.Sprintf("127.0.0.1:%d", port)}\n\tsrv.ListenAndServe()\n\thttp.ListenAndServe(net.JoinHostPort("localhost", "9000"), nil)\n\tpub := &http.Server{Addr: fmt.Sprintf("%s:%d", host, port)}\n\tpub.ListenAndServe()\n}',
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [10, "low"],
      [12, "low"],
      [13, "medium"],
    ]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/server-without-timeouts", {
        "internal/app/app.go": pkg(
          `"net/http"\n"time"`,
          'func main() {\n\tsrv := &http.Server{Addr: ":8081", ReadHeaderTimeout: time.Second}\n\tsrv.ListenAndServe()\n}',
        ),
        "internal/app/b.go": pkg(
          `"net/http"\n"time"`,
          'func run() {\n\tsrv := &http.Server{Addr: ":8082"}\n\tsrv.ReadTimeout = 5 * time.Second\n\tsrv.ListenAndServe()\n}',
        ),
      }),
    ).toEqual([]);
  });

  it("is low when nothing in a program calls the function that builds the server", async () => {
    const server = pkg(
      '"net/http"',
      '// NewTunnelServer creates a tunnel server (see "NewTunnelServer" in the docs).\nfunc NewTunnelServer() *http.Server {\n\treturn &http.Server{}\n}\n\nfunc NewAPIServer() *http.Server {\n\treturn &http.Server{}\n}',
    ).replace("package app", "package cnet");
    const findings = await findingsOf("go/server-without-timeouts", {
      "go.mod": "module example.com/cli\n\ngo 1.22\n",
      "main.go":
        'package main\n\nimport "example.com/cli/cnet"\n\nfunc main() {\n\tcnet.NewAPIServer().ListenAndServe()\n}\n',
      "cnet/server.go": server,
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity, f.message])).toEqual([
      [
        9,
        "low",
        "http.Server without ReadTimeout, ReadHeaderTimeout, WriteTimeout, IdleTimeout; nothing in the repository calls NewTunnelServer, which builds it",
      ],
      [13, "medium", "http.Server without ReadTimeout, ReadHeaderTimeout, WriteTimeout, IdleTimeout"],
    ]);
  });

  it("is low in a demo package, a tool program and a test harness, medium in the service", async () => {
    const serve = 'func run() {\n\thttp.ListenAndServe(":8080", nil)\n}';
    const findings = await findingsOf("go/server-without-timeouts", {
      "demo_api/main.go": pkg('"net/http"', serve).replace("package app", "package main"),
      "svc/kitchensink/main.go": pkg('"net/http"', serve).replace("package app", "package main"),
      "tools/portals/portals.go": pkg('"net/http"', serve).replace("package app", "package main"),
      "internal/harness/harness.go": pkg(
        '"net/http"\n"testing"',
        'func Start(t *testing.T) {\n\thttp.ListenAndServe(":8080", nil)\n}',
      ),
      "internal/app/app.go": pkg('"net/http"', serve),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["demo_api/main.go", "low"],
      ["internal/app/app.go", "medium"],
      ["internal/harness/harness.go", "low"],
      ["svc/kitchensink/main.go", "low"],
      ["tools/portals/portals.go", "low"],
    ]);
  });
});
