import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("go/time-sleep-in-test", () => {
  it("fires once per test file, listing every sleep", async () => {
    const source =
      'package app\n\nimport (\n\t"testing"\n\t"time"\n)\n\nfunc TestX(t *testing.T) {\n\ttime.Sleep(time.Millisecond)\n\ttime.Sleep(time.Millisecond)\n}\n';
    const findings = await findingsOf("go/time-sleep-in-test", { "internal/app/app_test.go": source });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toEqual({ path: "internal/app/app_test.go", startLine: 9, endLine: 10 });
    expect(findings[0]?.message).toContain("2 time.Sleep");
  });

  it("stays silent on production code and on other Sleep functions", async () => {
    const findings = await findingsOf("go/time-sleep-in-test", {
      "internal/app/app.go": 'package app\n\nimport "time"\n\nfunc wait() { time.Sleep(time.Second) }\n',
      "internal/app/app_test.go":
        'package app\n\nimport "testing"\n\nfunc TestX(t *testing.T) { clock.Sleep(1) }\n',
    });
    expect(findings).toEqual([]);
  });
});
