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
});
