import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

// A program whose server is built in newAPI: the server is started only when something names newAPI besides its
// declaration. Comments do not count as a use; a block comment in the middle of the name does not hide one.
const SERVER = [
  "package api",
  "",
  'import "net/http"',
  "",
  "func newAPI() *http.Server {",
  '\treturn &http.Server{Addr: ":8080"}',
  "}",
  "",
].join("\n");

const severityWith = async (main: string): Promise<string[]> => {
  const findings = await findingsOf("go/server-without-timeouts", {
    "go.mod": "module example.com/x\n\ngo 1.22\n",
    "api/api.go": SERVER,
    "cmd/app/main.go": main,
  });
  return findings.map((f) => f.severity);
};

describe("Go servers built by a function nothing calls", () => {
  it("lowers the server when newAPI is named only in a comment", async () => {
    const main = "package main\n\n// newAPI() used to start it.\nfunc main() {}\n";
    expect(await severityWith(main)).toEqual(["low"]);
  });

  it("keeps it when a file calls newAPI, also when a block comment splits the name (near-miss)", async () => {
    const call = 'package main\n\nimport "example.com/x/api"\n\nfunc main() { _ = api.newAPI() }\n';
    const called = await severityWith(call);
    expect(called).toHaveLength(1);
    expect(called.every((s) => s !== "low")).toBe(true);
    const split = 'package main\n\nimport "example.com/x/api"\n\nfunc main() { _ = api.new/* x */API() }\n';
    const joined = await severityWith(split);
    expect(joined).toHaveLength(1);
    expect(joined.every((s) => s !== "low")).toBe(true);
  });
});
