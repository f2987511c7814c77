import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("generic/long-function", () => {
  it("fires on a Go function over 100 lines, medium over 250", async () => {
    const long = `func Long() int {\n\tx := 0\n${"\tx++\n".repeat(120)}\treturn x\n}\n`;
    const huge = `func Huge() int {\n\tx := 0\n${"\tx++\n".repeat(260)}\treturn x\n}\n`;
    const findings = await findingsOf("generic/long-function", {
      "svc/long.go": `package svc\n\n${long}\n${huge}`,
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity, f.message])).toEqual([
      [3, "low", "Long is 124 lines long (limit 100)"],
      [128, "medium", "Huge is 264 lines long (limit 100)"],
    ]);
  });

  it("stays silent on short functions and on test files", async () => {
    const body = `func Short() int {\n${"\tx++\n".repeat(50)}\treturn 0\n}\n`;
    const testBody = `func TestLong(t *testing.T) {\n${"\tx++\n".repeat(150)}}\n`;
    const findings = await findingsOf("generic/long-function", {
      "svc/short.go": `package svc\n\n${body}`,
      "svc/short_test.go": `package svc\n\n${testBody}`,
    });
    expect(findings).toEqual([]);
  });
});
