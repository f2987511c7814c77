import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

// A load generator under tools/ and an example program: run by hand, not served.
const LOADGEN = [
  "package main",
  "",
  'import "net/http"',
  "",
  "func main() {",
  "\tgo func() {",
  "\t\tfor {",
  '\t\t\tresp, _ := http.Get("http://localhost/x")',
  "\t\t\t_ = resp",
  "\t\t}",
  "\t}()",
  "}",
  "",
].join("\n");

const severities = async (path: string, text: string): Promise<string[]> => {
  const out: string[] = [];
  for (const rule of [
    "go/goroutine-without-stop",
    "go/unclosed-body-or-rows",
    "go/http-client-without-timeout",
  ]) {
    const findings = await findingsOf(rule, { "go.mod": "module example.com/x\n\ngo 1.22\n", [path]: text });
    out.push(...findings.map((f) => `${rule} ${f.severity}`));
  }
  return out.sort();
};

describe("Go programs run by hand (examples/, tools/ package main)", () => {
  it("lowers the findings of a tool program and an example to low", async () => {
    for (const path of ["tools/loadgen/main.go", "examples/publish-go/main.go"])
      expect((await severities(path, LOADGEN)).every((s) => s.endsWith(" low"))).toBe(true);
  });

  it("keeps them in the service, and in a library package under tools/ (near-miss)", async () => {
    const service = await severities("server/poll.go", LOADGEN);
    expect(service.filter((s) => !s.endsWith(" low")).length).toBeGreaterThanOrEqual(2);
    const library = await severities("tools/poll/poll.go", LOADGEN.replace("package main", "package poll"));
    expect(library.filter((s) => !s.endsWith(" low")).length).toBeGreaterThanOrEqual(2);
  });
});

// A mock OIDC server and a client seeding a Git server, started by a CI pipeline for integration tests.
const FIXTURE = [
  "package main",
  "",
  'import (\n\t"net/http"\n\t"strings"\n)',
  "",
  "func main() {",
  '\tresp, _ := http.Post("http://gitea:3000/", "text/plain", strings.NewReader("x"))',
  "\t_ = resp.StatusCode",
  '\t_ = http.ListenAndServeTLS(":443", "/server.crt", "/server.key", nil)',
  "}",
  "",
].join("\n");

describe("Go code in the packaging and CI folders (build/, ci/ at the root)", () => {
  const audit = async (path: string): Promise<string[]> => {
    const out: string[] = [];
    for (const rule of [
      "go/unclosed-body-or-rows",
      "go/http-client-without-timeout",
      "go/server-without-timeouts",
    ]) {
      const findings = await findingsOf(rule, {
        "go.mod": "module example.com/x\n\ngo 1.22\n",
        [path]: FIXTURE,
      });
      out.push(...findings.map((f) => `${rule} ${f.severity}`));
    }
    return out.sort();
  };

  it("lowers the findings of a pipeline fixture to low", async () => {
    const found = await audit("build/internal/cmd/discover/main.go");
    expect(found.length).toBe(3);
    expect(found.every((s) => s.endsWith(" low"))).toBe(true);
  });

  it("keeps them in a service command, and in a build package nested in the service (near-miss)", async () => {
    for (const path of ["cmd/server/main.go", "internal/build/main.go"]) {
      const found = await audit(path);
      expect(found.filter((s) => !s.endsWith(" low")).length).toBe(3);
    }
  });
});
