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
